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


def _timestamp_or_text(loader: _DateKeepingLoader, node: yaml.ScalarNode) -> Any:
    # YAML reads 2023-13-45 as a date and fails; keep it as text so the schema names the field.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_DateKeepingLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


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
    boundaries = _SPLITTER.FM_BOUNDARY.finditer(text)  # the same split python-frontmatter makes
    opening, closing = next(boundaries), next(boundaries, None)
    if closing is None:
        raise FrontMatterError(1, "a front matter block that opens with --- but never closes")
    fm_text, body = text[opening.end() : closing.start()], text[closing.end() :]
    # YAML counts lines from the end of the opening '---', which may have swallowed blank lines after it.
    offset = text.count("\n", 0, opening.end()) + 1
    body_line = text.count("\n", 0, closing.end()) + 2
    loader = _DateKeepingLoader(fm_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, offset) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(1, str(error)) from None
    finally:
        loader.dispose()
    lines: dict[FieldPath, int] = {}
    if node is not None:
        _record_lines(node, (), offset, lines)
    return FrontMatter(data, body, body_line, lines, has_front_matter=True)


def _yaml_problem(error: yaml.MarkedYAMLError, offset: int) -> FrontMatterError:
    # An unclosed quote or bracket is noticed lines later; where it opens is where staff must look.
    context = error.context or ""
    opened = error.context_mark is not None and ("quoted" in context or "flow" in context)
    mark = error.context_mark if opened else (error.problem_mark or error.context_mark)
    line = (mark.line + offset) if mark is not None else 1
    problem = (error.problem or "").removeprefix("found ") or context or "something YAML cannot read"
    text = f"{problem} {context}" if opened else problem
    for known, hint in _HINTS:
        if known in text:
            text += f" ({hint})"
            break
    return FrontMatterError(line, text)


# What staff usually did when YAML says these things.
_HINTS = (
    ("mapping values are not allowed", "a value that contains ': ' must be put in quotes"),
    ("could not find expected ':'", "each field is written as 'name: value'"),
    ("found character '\\t'", "indent with spaces, not tabs"),
)


def _record_lines(node: yaml.Node, path: FieldPath, offset: int, lines: dict[FieldPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
            if (*path, key) in lines:  # PyYAML would silently keep only the last value
                raise FrontMatterError(line, f"the field '{key}' twice (first on line {lines[(*path, key)]})")
            lines[(*path, key)] = line
            _record_lines(value_node, (*path, key), offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + offset
            _record_lines(item, (*path, index), offset, lines)
