"""Read every file of content/ and check it against its schema, collecting every mistake."""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import ContentError, found_text
from generator.frontmatter_yaml import FieldPath, FrontMatter, FrontMatterError, parse
from generator.schemas import (
    ID_PATTERN,
    PRACTICE_SECTIONS_REQUIRED,
    SCHEMAS,
    Common,
    EventSchema,
    PracticeSchema,
    event_problems,
)

# Summaries show in cards, feeds and search results: longer ones get cut off there.
SUMMARY_LIMIT = 300

# Folders that hold site furniture, not content (our build output, editor leftovers).
IGNORED_PARTS = {".git", "__pycache__", ".obsidian"}


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


@dataclass(frozen=True)
class Record:
    """A typed item that passed its schema: what the graph is built from."""

    kind: str
    id: str
    source: SourceFile
    data: Common


@dataclass(frozen=True)
class PlainPage:
    """A Markdown page outside the typed folders (home, about, contact…)."""

    source: SourceFile
    meta: dict[str, Any]


@dataclass(frozen=True)
class Loaded:
    """Everything read from content/, and every mistake found while reading it."""

    records: tuple[Record, ...]
    pages: tuple[PlainPage, ...]
    errors: tuple[ContentError, ...]
    # Typed files whose front matter is a mapping but failed its schema: their ids still
    # exist, and their references are still checked, so one run reports every mistake.
    rejected: tuple[Rejected, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A typed file that failed its schema, kept as raw front matter."""

    kind: str
    id: str
    source: SourceFile
    raw: dict[str, Any]


def display_path(path: Path) -> str:
    """The path as staff know it: relative to where they run the command, when it is below."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def markdown_files(content_dir: Path) -> Iterator[Path]:
    """Every Markdown file below content/, in a stable order."""
    for path in sorted(content_dir.rglob("*.md")):
        if not IGNORED_PARTS.intersection(path.relative_to(content_dir).parts):
            yield path


class ReadCache:
    """Files as last read, reused while their size and modification time are unchanged.

    A live preview reads content/ again on every save; parsing the front matter of every file
    is most of that, and only the saved file has changed.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple[int, int], SourceFile | None, list[ContentError]]] = {}

    def read(self, path: Path, display: str, src_uri: str) -> tuple[SourceFile | None, list[ContentError]]:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        kept = self._files.get(path)
        if kept is not None and kept[0] == stamp:
            return kept[1], list(kept[2])
        source, problems = _read(path, display, src_uri)
        self._files[path] = (stamp, source, problems)
        return source, list(problems)

    def keep_only(self, paths: set[Path]) -> None:
        """Forget files that are gone."""
        self._files = {path: kept for path, kept in self._files.items() if path in paths}


def load(content_dir: Path, cache: ReadCache | None = None) -> Loaded:
    """Read and validate every file; return the valid items and all errors found.

    With a `cache`, files unchanged since it last read them are not parsed again.
    """
    records: list[Record] = []
    pages: list[PlainPage] = []
    errors: list[ContentError] = []
    rejected: list[Rejected] = []
    # Where content/ is, as staff know it, worked out once rather than for each of thousands of files.
    shown_dir = display_path(content_dir)
    paths = list(markdown_files(content_dir))
    if cache is not None:
        cache.keep_only(set(paths))
    for path in paths:
        src_uri = path.relative_to(content_dir).as_posix()
        kind = src_uri.split("/", 1)[0] if "/" in src_uri else None
        display = str(Path(shown_dir, src_uri))
        source, problems = cache.read(path, display, src_uri) if cache is not None else _read(path, display, src_uri)
        errors.extend(problems)
        if source is None:
            continue
        if kind in SCHEMAS:
            record, problems = _validate(kind, source, content_dir)
            errors.extend(problems)
            if record is not None:
                records.append(record)
            elif isinstance(source.front.data, dict):
                rejected.append(Rejected(kind, Path(src_uri).stem, source, source.front.data))
        elif source.front.data is None or isinstance(source.front.data, dict):
            pages.append(PlainPage(source, dict(source.front.data or {})))
        else:
            errors.append(_not_a_mapping(source))
    errors.extend(_duplicate_ids(records))
    return Loaded(tuple(records), tuple(pages), tuple(errors), tuple(rejected))


def _read(path: Path, display: str, src_uri: str) -> tuple[SourceFile | None, list[ContentError]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        return None, [
            ContentError(display, line, "file", "UTF-8 text (save the file as UTF-8)", f"the byte 0x{byte:02x}")
        ]
    text = text.removeprefix("\ufeff")
    try:
        front = parse(text)
    except FrontMatterError as error:
        return None, [ContentError(display, error.line, "front matter", "valid YAML", error.problem)]
    return SourceFile(path, display, src_uri, front), []


def _not_a_mapping(source: SourceFile) -> ContentError:
    return ContentError(
        source.display, 2, "front matter", "fields written as 'name: value'", found_text(source.front.data)
    )


def _validate(kind: str, source: SourceFile, content_dir: Path) -> tuple[Record | None, list[ContentError]]:
    front = source.front
    item_id = Path(source.src_uri).stem
    errors: list[ContentError] = []
    if not ID_PATTERN.match(item_id):
        errors.append(
            ContentError(
                source.display, 1, "id",
                "a file name in lower case letters, digits and hyphens, ending in .md",
                f"'{Path(source.src_uri).name}'",
            )
        )
    if not front.has_front_matter:
        found = "an empty file" if not front.body.strip() else "no front matter"
        errors.append(ContentError(source.display, 1, "front matter", "a block of fields between --- lines", found))
        return None, errors
    if not isinstance(front.data, dict):
        errors.append(_not_a_mapping(source))
        return None, errors
    schema = SCHEMAS[kind]
    try:
        data = schema.model_validate(front.data)
    except ValidationError as invalid:
        errors.extend(_translate(invalid, schema, source))
        return None, errors
    errors.extend(_rules(data, source, content_dir))
    if errors:
        return None, errors
    return Record(kind, item_id, source, data), []


def _rules(data: Common, source: SourceFile, content_dir: Path) -> Iterable[ContentError]:
    """Checks that span fields, or look beyond the front matter."""
    def error(path: FieldPath, expected: str, found: str) -> ContentError:
        return ContentError(source.display, source.line_of(path), _field_name(path), expected, found)

    if len(data.summary) > SUMMARY_LIMIT:
        yield error(("summary",), f"at most {SUMMARY_LIMIT} characters for cards and feeds", f"{len(data.summary)}")
    if isinstance(data, EventSchema):
        for path, expected, found in event_problems(data):
            yield error(path, expected, found)
    if isinstance(data, PracticeSchema):
        present = set(section_headings(source.front.body))
        for section in PRACTICE_SECTIONS_REQUIRED:
            if section.lower() not in present:
                yield ContentError(
                    source.display, source.front.body_line, f"section '{section}'",
                    f"a '## {section}' section, as the Repository of Practices requires", "none",
                )
    image = data.image
    local = image is not None and not re.match(r"^https?://", image.src)
    if image is not None and local and not (content_dir / image.src.lstrip("/")).is_file():
        yield error(("image", "src"), "an image file inside content/", f"'{image.src}', which does not exist")


def section_headings(body: str) -> list[str]:
    """Level-two headings of a Markdown body, lower-cased, in order."""
    return [match.group(1).strip().lower() for match in re.finditer(r"^##\s+(.+?)\s*#*\s*$", body, re.M)]


def _field_name(path: FieldPath) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "front matter"


def _translate(invalid: ValidationError, schema: type[BaseModel], source: SourceFile) -> list[ContentError]:
    errors = []
    for detail in invalid.errors():
        path: FieldPath = tuple(detail["loc"])
        kind = detail["type"]
        value = detail.get("input")
        if kind == "invalid_key":  # a field named by a number, true or null: an unknown field too
            path, kind = (*path[:-1], str(path[-1])), "extra_forbidden"
        if kind == "missing":
            field = _field_info(schema, path)
            description = field.description if field is not None and field.description else "a value"
            expected, found = f"a value ({description}); this field is required", "nothing"
        elif kind == "extra_forbidden":
            known = _field_names(schema, path[:-1])
            close = difflib.get_close_matches(str(path[-1]), known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            expected = f"one of the known fields{hint}"
            found = f"'{path[-1]}'"
        elif kind == "expected":
            expected, found = detail["ctx"]["expected"], found_text(value)
        elif kind == "literal_error":
            expected, found = f"one of {detail['ctx']['expected']}", found_text(value)
        elif kind in {"model_type", "model_attributes_type", "dataclass_type"}:
            fields = ", ".join(_field_names(schema, path))
            expected, found = f"a set of fields ({fields})", found_text(value)
        elif kind in {"tuple_type", "list_type"}:
            expected, found = "a list", found_text(value)
        else:  # pragma: no cover - every schema type above raises one of the handled kinds
            expected, found = detail["msg"], found_text(value)
        errors.append(ContentError(source.display, source.line_of(path), _field_name(path), expected, found))
    return errors


def _model_at(schema: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    model: type[BaseModel] | None = schema
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _inner_model(field.annotation) if field is not None else None
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _field_names(schema: type[BaseModel], path: FieldPath) -> list[str]:
    model = _model_at(schema, path)
    return list(model.model_fields) if model is not None else []


def _field_info(schema: type[BaseModel], path: FieldPath) -> Any:
    model = _model_at(schema, path[:-1])
    if model is None or not path or not isinstance(path[-1], str):
        return None
    return model.model_fields.get(path[-1])


def _duplicate_ids(records: Iterable[Record]) -> Iterator[ContentError]:
    first: dict[tuple[str, str], Record] = {}
    for record in records:
        key = (record.kind, record.id)
        if key in first:
            yield ContentError(
                record.source.display, 1, "id",
                f"an id used once among {record.kind} (it is also {first[key].source.display})",
                f"'{record.id}' again",
            )
        else:
            first[key] = record
