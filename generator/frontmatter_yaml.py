"""YAML front matter read with the line of every field, so errors can point at it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml

try:  # The C loader is several times faster on large sites; pure Python is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FieldPath = tuple[str | int, ...]
_SPLITTER = frontmatter.YAMLHandler()


class _DateKeepingLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader; timestamps stay as YAML gives them, dates are validated by the schemas."""


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter, the Markdown body, and where each field sits in the file."""

    data: Any
    body: str
    body_line: int
    lines: Mapping[FieldPath, int]
    has_front_matter: bool

    def line_of(self, path: FieldPath) -> int:
        """The line of a field, or of the nearest enclosing field that has one."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


class FrontMatterError(Exception):
    """The front matter cannot be read at all (malformed YAML)."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def parse(text: str) -> FrontMatter:
    """Split a content file into front matter and body, keeping each field's line number."""
    if not _SPLITTER.detect(text):
        return FrontMatter(None, text, 1, {}, has_front_matter=False)
    try:
        fm_text, body = _SPLITTER.split(text)
    except ValueError:
        raise FrontMatterError(1, "a front matter block that opens with --- but never closes") from None
    # The block's text starts right after the opening '---', so YAML line n is file line n + 1.
    offset = 1
    body_line = fm_text.count("\n") + offset
    loader = _DateKeepingLoader(fm_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + offset) if mark is not None else 1
        raise FrontMatterError(line, str(error.problem or error.context or "valid YAML")) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(1, str(error)) from None
    finally:
        loader.dispose()
    lines: dict[FieldPath, int] = {}
    if node is not None:
        _record_lines(node, (), offset, lines)
    return FrontMatter(data, body, body_line, lines, has_front_matter=True)


def _record_lines(node: yaml.Node, path: FieldPath, offset: int, lines: dict[FieldPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + offset
            _record_lines(value_node, (*path, key), offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + offset
            _record_lines(item, (*path, index), offset, lines)
