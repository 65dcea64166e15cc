"""YAML front matter read with the line of every field, so errors can point at it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from generator.content import limits

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


# Longer than any number a field holds; Python refuses to read or print one of over 4,300 digits.
_INTEGER_CHARACTERS = 100


def _integer_or_text(loader: _DateKeepingLoader, node: yaml.ScalarNode) -> Any:
    # A longer integer (in any base YAML knows) stays text, so the schema names the field instead of a traceback.
    if len(node.value) > _INTEGER_CHARACTERS:
        return loader.construct_scalar(node)
    return loader.construct_yaml_int(node)


_DateKeepingLoader.add_constructor("tag:yaml.org,2002:int", _integer_or_text)


class WrittenNumber(float):
    """A number with a decimal point, and how staff wrote it: SDG target 17.10 is not 17.1."""

    written: str

    # Said back as written, in messages and where text is expected (a title of 2.50 is not 2.5).
    def __str__(self) -> str:
        return self.written

    __repr__ = __str__


def _number_as_written(loader: _DateKeepingLoader, node: yaml.ScalarNode) -> Any:
    number = WrittenNumber(loader.construct_yaml_float(node))
    number.written = str(node.value)
    return number


_DateKeepingLoader.add_constructor("tag:yaml.org,2002:float", _number_as_written)


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter, the Markdown body, and where each field sits in the file."""

    data: Any
    body: str
    body_line: int
    lines: Mapping[FieldPath, int]
    has_front_matter: bool
    # The line of the closing '---' (0 without front matter): where a mistake about an empty body points.
    closing_line: int = 0

    def line_of(self, path: FieldPath) -> int:
        """The line of a field, or of the nearest enclosing field that has one."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1

    @property
    def first_body_line(self) -> int:
        """The file's line of the body's first line (the body starts with the rest of the closing '---' line)."""
        return self.body_line - 1 if self.has_front_matter else 1

    def body_start(self) -> int:
        """The line where the body's text begins; the closing '---' when the body is empty."""
        for number, line in enumerate(self.body.splitlines(), start=self.first_body_line):
            if line.strip():
                return number
        return self.closing_line or self.first_body_line


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file of content/ as read from disk."""

    path: Path
    display: str
    src_uri: str
    front: FrontMatter

    def line_of(self, path: FieldPath) -> int:
        """Line of a field in this file (1 for the file itself)."""
        return self.front.line_of(path)


class FrontMatterError(Exception):
    """The front matter cannot be read at all (malformed YAML, or beyond the limits of generator/content/limits.py)."""

    def __init__(self, line: int, problem: str, expected: str = "valid YAML") -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.expected = expected


# libyaml composes nested collections by recursion, and overflows the C stack between 20,000 and
# 40,000 levels; below this many places where a collection can start, composing is safe.
_COMPOSE_SAFELY = 1_000
# The characters that can open a nested list or mapping: flow brackets, block entries, keys.
_OPENERS = "[{-:?"


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
    if len(fm_text) > limits.FRONT_MATTER_CHARACTERS:
        raise FrontMatterError(
            1, f"{len(fm_text):,}", f"front matter of at most {limits.FRONT_MATTER_CHARACTERS:,} characters"
        )
    loader = _DateKeepingLoader(fm_text)
    try:
        if sum(fm_text.count(opener) for opener in _OPENERS) > _COMPOSE_SAFELY:
            _check_nesting(fm_text, offset)
        node = loader.get_single_node()
        if node is not None:
            _check_size(node, offset)
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
    return FrontMatter(data, body, body_line, lines, has_front_matter=True,
                       closing_line=text.count("\n", 0, closing.start()) + 1)


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
            field = _one_of_its_kind((*path, key))
            if field in lines:  # PyYAML would silently keep only the last value
                raise FrontMatterError(line, f"the field '{key}' twice (first on line {lines[field]})")
            lines[field] = line
            _record_lines(value_node, field, offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            field = _one_of_its_kind((*path, index))
            lines[field] = item.start_mark.line + offset
            _record_lines(item, field, offset, lines)


def _one_of_its_kind(field: FieldPath) -> FieldPath:
    """The one tuple for a field's path that every file's lines share: the same 20 or 30 paths ('title', ('twgs', 0))
    recur in every file of a type, and a tuple of each in each file held 30 MB at 10,000 items (in the build, and
    again in the process making the feeds)."""
    if len(_FIELD_PATHS) >= _FIELD_PATHS_KEPT:
        return _FIELD_PATHS.get(field, field)
    return _FIELD_PATHS.setdefault(field, field)


# Every field path read so far, each its one tuple; bounded, should a network's files hold paths without end.
_FIELD_PATHS: dict[FieldPath, FieldPath] = {}
_FIELD_PATHS_KEPT = 100_000


def _too_deep(line: int) -> FrontMatterError:
    return FrontMatterError(
        line, f"more than {limits.NESTING_LEVELS} levels",
        f"lists and fields nested at most {limits.NESTING_LEVELS} deep",
    )


def _check_nesting(fm_text: str, offset: int) -> None:
    """Count nesting from the parser's events, which need no recursion, before anything is composed."""
    depth = 0
    for event in yaml.parse(fm_text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.NESTING_LEVELS:
                raise _too_deep((event.start_mark.line if event.start_mark else 0) + offset)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_size(root: yaml.Node, offset: int) -> None:
    """Measure the composed tree before it becomes Python values: nesting, and values with aliases expanded.

    An alias is one node shared by every place that names it, so the tree stays small while what it
    stands for may grow to billions of values ('billion laughs'); each node is measured once.
    """
    depth: dict[int, int] = {}
    values: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        children = _children(node)
        if children_done:
            open_nodes.discard(key)
            collection = not isinstance(node, yaml.ScalarNode)
            depth[key] = collection + max((depth[id(child)] for child in children), default=0)
            values[key] = 1 + sum(values[id(child)] for child in children)
            line = node.start_mark.line + offset
            if depth[key] > limits.NESTING_LEVELS:
                raise _too_deep(line)
            if values[key] > limits.VALUES:
                raise FrontMatterError(
                    line, f"more than {limits.VALUES:,}",
                    f"at most {limits.VALUES:,} values, each alias (*name) counted as the values it stands for",
                )
            continue
        if key in depth:
            continue
        if key in open_nodes:  # reached again from inside itself: `a: &a [*a]` never ends
            raise FrontMatterError(
                node.start_mark.line + offset, "an alias inside the value it names",
                "an alias (*name) used outside the value it names",
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
