"""Read every file of content/ and check it against its schema, collecting every mistake."""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from generator.content import limits
from generator.content.errors import ContentError, found_text
from generator.content.front_matter import FieldPath, FrontMatter, FrontMatterError, SourceFile, parse
from generator.content.leftovers import is_editor_leftover
from generator.content.paths import links_out, stem
from generator.content.schemas import ID_PATTERN, PLACEHOLDER, Common
from generator.content.translations import (
    REVIEWED,
    TRANSLATION_OF,
    Translated,
    mismatches,
    split_language,
    stray_language,
    translation_schema,
    version,
)
from generator.fast.build_cache import digest
from generator.fast.checked_files import CheckedFiles, KeptChecks, Where
from generator.fast.file_stamps import Stamp, stamp
from generator.fast.per_file import PerFile

if TYPE_CHECKING:
    from generator.content.registry import ContentType, FieldSpec, Registry
    from generator.fast.build_cache import BuildCache

# Summaries show in cards, feeds and search results: longer ones get cut off there.
SUMMARY_LIMIT = 300
# File names a type's folder cannot use: its listing is index.html there, its further pages page/2/.
RESERVED_IDS = ("index", "page")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")

# Files read ahead at a time, their front matter found in the build cache together: their bytes are held until
# their turn (a few megabytes, not a 10,000-item site's 30).
READ_AHEAD = 500

# Folders that hold site furniture, not content (our build output, editor leftovers).
IGNORED_PARTS = {".git", "__pycache__", ".obsidian"}


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

    types: Registry
    records: tuple[Record, ...]
    pages: tuple[PlainPage, ...]
    errors: tuple[ContentError, ...]
    # Typed files whose front matter is a mapping but failed its schema: their ids still
    # exist, and their references are still checked, so one run reports every mistake.
    rejected: tuple[Rejected, ...] = ()
    # Translations that passed their derived schema (about.bn.md), and notices about them for staff.
    translations: tuple[Translated, ...] = ()
    notices: tuple[str, ...] = ()
    # Files whose fields cannot be read at all (broken YAML, not UTF-8): what names them is told which file to fix.
    unreadable: tuple[Unreadable, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """A content file that exists but whose fields cannot be read (its own mistake is told)."""

    src_uri: str
    display: str


@dataclass(frozen=True)
class Rejected:
    """A typed file that failed its schema, kept as raw front matter."""

    kind: str
    id: str
    source: SourceFile
    raw: dict[str, Any]
    # Its body was refused unread (too long, control characters): no link or anchor in it is known.
    body_refused: bool = False


def display_path(path: Path) -> str:
    """The path as staff know it: relative to where they run the command, when it is below."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def markdown_names(content_dir: Path) -> list[str]:
    """Every Markdown file below content/, as its path there ('news/x.md'), in the order of their paths' parts.

    A preview lists content/ on every save: names, not paths, as a path costs more to make and
    compare than reading the folder. Folders that are links are not entered (they lead elsewhere
    in content/, or out of it, which loading reports); a link to a file is a file.
    """
    found: list[tuple[str, ...]] = []
    folders: list[tuple[str, tuple[str, ...]]] = [(os.fspath(content_dir), ())]
    while folders:
        folder, parts = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name in IGNORED_PARTS:
                    continue
                # An editor's lock (.#x.md) is no file to read: it points nowhere while x.md is open.
                if entry.name.endswith(".md") and not is_editor_leftover(entry.name):
                    found.append((*parts, entry.name))
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, (*parts, entry.name)))
    return ["/".join(parts) for parts in sorted(found)]


class ReadCache:
    """Files as last read, reused while their status proves them unchanged (the same file, size and times).

    A live preview reads content/ again on every save; parsing the front matter of every file
    is most of that, and only the saved file has changed. With a build cache (`kept`), a file's
    parsed front matter is also found by its text from one build to the next.
    """

    def __init__(self, kept: BuildCache | None = None) -> None:
        # Each file's status when read, what was read, its mistakes and a digest of its text; by its path's text.
        self._files: dict[str, tuple[Stamp, SourceFile | None, list[ContentError], bytes]] = {}
        self.kept = kept
        self.checks = KeptChecks()  # each typed file's check against its type (generator/fast/checked_files.py)
        self.bodies = PerFile("links in bodies")  # the mistakes in each body's links (generator/content/links.py)
        self.links = PerFile("links of bodies")  # each body's links, for its anchors and pictures (the same)
        # Files looked at by `find_ahead` and not yet read by `read`: each one's status then, and its bytes if it had
        # changed; the front matter found for their texts' keys, and the keys asked for (those not found are not in
        # the build cache).
        self._ahead: dict[str, tuple[Stamp, bytes | None]] = {}
        self._found: dict[bytes, Any] = {}
        self._asked: set[bytes] = set()

    def find_ahead(self, paths: Iterable[str | Path]) -> None:
        """Read those of `paths` changed since this cache last read them, and find the front matter of all of them
        in the build cache at once, for `read` to take: asked for one file at a time, that was a second of loading
        a warm 10,000-item build's content."""
        self._ahead, self._found, self._asked = {}, {}, set()
        if self.kept is None:
            return
        keys: list[bytes] = []
        for named in paths:
            path = os.fspath(named)
            try:
                now = stamp(path)
            except FileNotFoundError:
                continue
            kept = self._files.get(path)
            if kept is not None and kept[0].same_file(now):
                self._ahead[path] = (now, None)  # `read` takes it as it was, without asking the disk again
                continue
            try:
                with open(path, "rb") as file:
                    raw = file.read()
            except OSError:
                continue  # `read` reads it again, and says what is wrong
            self._ahead[path] = (now, raw)
            try:
                text = raw.decode("utf-8").removeprefix("\ufeff")
            except UnicodeDecodeError:
                continue
            keys.append(self.kept.key("front matter", digest(text)))
        self._found = self.kept.get_many(keys)
        self._asked = set(keys)

    def read(self, named: str | Path, display: str, src_uri: str) -> tuple[SourceFile | None, list[ContentError]]:
        path = os.fspath(named)
        ahead = self._ahead.pop(path, None)
        if ahead is not None:
            now, raw = ahead
        else:
            raw = None
            try:
                now = stamp(path)
            except FileNotFoundError:  # renamed away mid-save: the save's own event brings another rebuild
                return None, []
        kept = self._files.get(path)
        if kept is not None and kept[0].same_file(now):
            return kept[1], list(kept[2])
        text_digest = b""

        def parse_text(text: str) -> Measured:
            nonlocal text_digest
            text_digest = digest(text)
            return self._parse(text, text_digest)

        source, problems = _read(Path(path), display, src_uri, parse_text, raw)
        self._files[path] = (now, source, problems, text_digest)
        return source, list(problems)

    def text_digest(self, path: str | Path) -> bytes:
        """The digest of a file's text as last read."""
        return self._files[os.fspath(path)][3]

    def _parse(self, text: str, text_digest: bytes) -> Measured:
        """The file's front matter and its body's problem, found by an earlier build if one read the same text."""
        if self.kept is None:
            return measured(text)
        key = self.kept.key("front matter", text_digest)
        found = self._found.get(key) if key in self._asked else self.kept.get(key)
        if found is None:
            try:
                found = measured(text)
            except FrontMatterError as error:
                found = _Refused(error.line, error.problem, error.expected)  # an exception does not pickle them
            self.kept.put(key, found)
        if isinstance(found, _Refused):
            raise FrontMatterError(found.line, found.problem, found.expected)
        return found  # type: ignore[no-any-return]

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone (`paths`: those that are not, as `os.fspath` gives them)."""
        if len(self._files) > len(paths) or not paths.issuperset(self._files):
            self._files = {path: kept for path, kept in self._files.items() if path in paths}


def load(
    content_dir: Path,
    types: Registry,
    zone: ZoneInfo | None = None,
    cache: ReadCache | None = None,
    languages: Collection[str] = (),
) -> Loaded:
    """Read and validate every file against its type; return the valid items and all errors found.

    `types` are the site's content types (the built-in ones and the network's own); `zone` is the site's time
    zone, in which times without an offset are read (UTC unless said). With a `cache`, files unchanged since it
    last read them are not parsed again. A file whose name ends in one of `languages` (about.bn.md) is a
    translation of its original.
    """
    zone = zone or ZoneInfo("UTC")
    records: list[Record] = []
    pages: list[PlainPage] = []
    errors: list[ContentError] = []
    rejected: list[Rejected] = []
    translation_sources: list[tuple[str, str, SourceFile]] = []
    unreadable: list[Unreadable] = []
    # Where content/ is, as staff know it, worked out once rather than for each of thousands of files.
    shown_dir = display_path(content_dir)
    # A link to a file or folder elsewhere on the machine is never read, only reported.
    links = list(links_out(content_dir, frozenset(IGNORED_PARTS)))
    errors.extend(link.mistake(str(Path(shown_dir, link.relative))) for link in links)
    leading_out = {link.relative for link in links}
    src_uris = [src_uri for src_uri in markdown_names(content_dir) if src_uri not in leading_out]
    # Paths as text (a Path costs more to make and hash than the file's status costs to ask for).
    paths = [os.path.join(content_dir, *src_uri.split("/")) for src_uri in src_uris]
    if cache is not None:
        cache.keep_only(set(paths))
    checked = cache.checks.start(cache.kept, types, zone, functools.partial(local_file_problem, content_dir)) \
        if cache is not None else None
    for number, (path, src_uri) in enumerate(zip(paths, src_uris, strict=True)):
        if cache is not None and number % READ_AHEAD == 0:
            cache.find_ahead(paths[number:number + READ_AHEAD])
        folder = src_uri.split("/", 1)[0] if "/" in src_uri else None
        content_type = types.get(folder) if folder is not None else None
        display = os.path.normpath(os.path.join(shown_dir, src_uri))
        source, problems = cache.read(path, display, src_uri) if cache is not None else \
            _read(Path(path), display, src_uri)
        errors.extend(problems)
        if source is None:
            if problems:
                unreadable.append(Unreadable(src_uri, display))
            continue
        # A body refused before Markdown reads it: an item's fields are still checked, nothing else of the file.
        body_refused = bool(problems)
        if body_refused and (content_type is None or split_language(src_uri, languages)[1] is not None):
            unreadable.append(Unreadable(src_uri, display))
            continue
        original, language = split_language(src_uri, languages)
        if language is not None:
            translation_sources.append((language, original, source))
            continue
        stray = stray_language(src_uri, languages)
        if stray is not None:
            named = ", ".join(languages) if languages else "none besides the default"
            errors.append(ContentError(display, 1, "file", f"a translation into one of the site's languages "
                                       f"({named}; the languages option in mkdocs.yml)", f"'{stray}'"))
            continue
        if content_type is not None:
            record, problems = _check(types, content_type, source, content_dir, zone, body_refused, checked,
                                      cache.text_digest(path) if cache is not None else b"")
            errors.extend(problems)
            if record is not None and not body_refused:
                records.append(record)
            elif isinstance(source.front.data, dict):
                rejected.append(Rejected(content_type.folder, stem(src_uri), source, source.front.data,
                                         body_refused))
            else:
                unreadable.append(Unreadable(src_uri, display))
        elif source.front.data is None or isinstance(source.front.data, dict):
            pages.append(PlainPage(source, dict(source.front.data or {})))
        else:
            errors.append(_not_a_mapping(source))
            unreadable.append(Unreadable(src_uri, display))
    if cache is not None and checked is not None:
        cache.checks.keep(cache.kept, checked)
    # A file refused for another mistake still holds its id and numbers: a clash is told now, not once it is fixed.
    files: list[Record | Rejected] = [*records, *rejected]
    every = sorted(files, key=lambda file: file.source.path)
    errors.extend(_duplicate_ids(every))
    errors.extend(_repeated_values(types, every))
    translations, problems, notices = _translations(types, translation_sources, records, pages, rejected,
                                                    {file.src_uri: file.display for file in unreadable})
    errors.extend(problems)
    return Loaded(types, tuple(records), tuple(pages), tuple(errors), tuple(rejected), translations, notices,
                  tuple(unreadable))


def _translations(
    types: Registry,
    found: list[tuple[str, str, SourceFile]],
    records: list[Record],
    pages: list[PlainPage],
    rejected: list[Rejected],
    unreadable: Mapping[str, str],
) -> tuple[tuple[Translated, ...], list[ContentError], tuple[str, ...]]:
    """Every translation checked against its original: it exists, restates only what is translated, fits it."""
    originals: dict[str, Record | PlainPage] = {r.source.src_uri: r for r in records}
    originals.update({p.source.src_uri: p for p in pages})
    broken = {r.source.src_uri for r in rejected}
    done: list[Translated] = []
    errors: list[ContentError] = []
    notices: list[str] = []
    for language, uri, source in found:
        original = originals.get(uri)
        shown = str(Path(source.display).parent / Path(uri).name)
        if original is None:
            if uri in unreadable:
                errors.append(ContentError(source.display, 1, "file", f"a translation beside its original {shown}",
                                           f"'{Path(uri).name}', which is there but {unreadable[uri]} has a mistake"))
            elif uri not in broken:
                errors.append(ContentError(source.display, 1, "file",
                                           f"a translation beside its original {shown}", "no such file"))
            continue
        checked, problems = _translation(types, language, uri, source, original, shown)
        errors.extend(problems)
        unfinished = placeholder_in_body(source)
        if unfinished is not None:
            errors.append(unfinished)
            continue
        if checked is None:
            continue
        done.append(checked)
        if REVIEWED not in source.front.data:
            notices.append(
                f"{source.display}: does not say whether staff have reviewed it, so it is published with the note "
                f"readers see on a translation not yet reviewed (set {REVIEWED}: true once staff have read it "
                f"against {shown})"
            )
        original_data = original.data if isinstance(original, Record) else original.meta
        now = version(original_data, original.source.front.body)
        if checked.translation_of is None:
            notices.append(
                f"{source.display}: does not say which version of {shown} it translates "
                f"(set {TRANSLATION_OF}: {now} in it, and check will tell when the original changes)"
            )
        elif checked.translation_of != now:
            notices.append(
                f"{source.display}: may be out of date: {shown} has changed since it was translated "
                f"(once the translation is brought up to date, set {TRANSLATION_OF}: {now} in it)"
            )
    return tuple(done), errors, tuple(notices)


def _translation(
    types: Registry, language: str, uri: str, source: SourceFile, original: Record | PlainPage, shown: str
) -> tuple[Translated | None, list[ContentError]]:
    front = source.front
    if not front.has_front_matter or not isinstance(front.data, dict):
        expected = f"a block of fields between --- lines, with at least {REVIEWED}: true or false"
        return None, [ContentError(source.display, 1, "front matter", expected, found_text(front.data))]
    if isinstance(original, PlainPage):
        meta = dict(front.data)
        reviewed = meta.pop(REVIEWED, None)
        translation_of = meta.pop(TRANSLATION_OF, None)
        if reviewed is not None and not isinstance(reviewed, bool):
            return None, [ContentError(source.display, source.line_of((REVIEWED,)), REVIEWED,
                                       "true or false: whether staff have read it against the original",
                                       found_text(reviewed))]
        return Translated(language, uri, source, meta, reviewed is True, str(translation_of or "") or None), []
    schema = translation_schema(types[original.kind].schema)
    assert schema is not None  # every translation has at least `reviewed`
    try:
        data = schema.model_validate(front.data)
    except ValidationError as invalid:
        return None, [_translation_error(types, original.kind, source, detail, shown) for detail in invalid.errors()]
    errors = [
        ContentError(source.display, source.line_of(path), field_name(types, original.kind, path), expected, found)
        for path, expected, found in mismatches(original.data, data)
    ]
    if errors:
        return None, errors
    return Translated(language, uri, source, data, getattr(data, REVIEWED) is True, getattr(data, TRANSLATION_OF)), []


def _translation_error(types: Registry, kind: str, source: SourceFile, detail: Any, shown: str) -> ContentError:
    path: FieldPath = tuple(detail["loc"])
    line, name = source.line_of(path), field_name(types, kind, path)
    if detail["type"] in ("extra_forbidden", "invalid_key"):
        return ContentError(source.display, line, name,
                            f"only what is translated: {name} comes from the original {shown}", f"'{path[-1]}'")
    if detail["type"] == "missing":
        return ContentError(source.display, line, name, "true or false: whether staff have read it against the "
                            "original", "nothing")
    expected = detail["ctx"]["expected"] if detail["type"] == "expected" else detail["msg"]
    return ContentError(source.display, line, name, expected, found_text(detail.get("input")))


@dataclass(frozen=True)
class _Refused:
    """Front matter that could not be read (FrontMatterError's values), as the build cache keeps it."""

    line: int
    problem: str
    expected: str


# A file's front matter, and what is wrong with its body before Markdown may read it (limits.body_problem): both
# made from its text alone, and kept together for the next build (a warm 10,000-item build measured every body again,
# 0.2 s).
Measured = tuple[FrontMatter, limits.BodyProblem | None]


def measured(text: str) -> Measured:
    """The text's front matter and its body's problem, if any."""
    front = parse(text)
    return front, limits.body_problem(front.body)


def _read(
    path: Path, display: str, src_uri: str, parse_text: Callable[[str], Measured] = measured, raw: bytes | None = None
) -> tuple[SourceFile | None, list[ContentError]]:
    raw = path.read_bytes() if raw is None else raw
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
        front, problem = parse_text(text)
    except FrontMatterError as error:
        return None, [ContentError(display, error.line, "front matter", error.expected, error.problem)]
    if problem is not None:
        # The body's first line is the rest of the closing '---' line (blank); without front matter, the file's first.
        line = front.body_line - 1 + problem.line if front.has_front_matter else 1 + problem.line
        refused = ContentError(display, max(line, front.body_line), "body", limits.BODY_RULE, problem.found)
        # Its fields are still read and checked, its body never: the loader lets no one else read it.
        return SourceFile(path, display, src_uri, replace(front, body="")), [refused]
    return SourceFile(path, display, src_uri, front), []


def _not_a_mapping(source: SourceFile) -> ContentError:
    return ContentError(
        source.display, 2, "front matter", "fields written as 'name: value'", found_text(source.front.data)
    )


def _check(
    types: Registry, content_type: ContentType, source: SourceFile, content_dir: Path, zone: ZoneInfo,
    body_refused: bool, checked: CheckedFiles | None, text_digest: bytes,
) -> tuple[Record | None, list[ContentError]]:
    """A typed file checked against its type: its record if it passed, and its mistakes (the last build's check
    when `checked` holds one for the same text and the files it names answer as they did)."""
    if checked is None:
        return _Checker(types, content_type, source, functools.partial(local_file_problem, content_dir), zone,
                        body_refused).validate()
    key = CheckedFiles.file_key(text_digest, source.src_uri, source.display, body_refused)
    data, problems = checked.check(key, lambda where: _validated(
        _Checker(types, content_type, source, where, zone, body_refused).validate()))
    record = Record(content_type.folder, stem(source.src_uri), source, data) if data is not None else None
    return record, problems


def _validated(checked: tuple[Record | None, list[ContentError]]) -> tuple[Common | None, list[ContentError]]:
    """A check's answer as it is kept: the fields, without the file they were read from."""
    record, problems = checked
    return (record.data if record is not None else None), problems


class _Checker:
    """Checks one typed file against its type's declaration, collecting every mistake."""

    def __init__(self, types: Registry, content_type: ContentType, source: SourceFile, where: Where,
                 zone: ZoneInfo, body_refused: bool = False) -> None:
        self.body_refused = body_refused
        self.types = types
        self.type = content_type
        self.source = source
        self.where = where  # what is wrong with a file a field names (None if nothing)
        self.zone = zone

    def error(self, path: FieldPath, expected: str, found: str) -> ContentError:
        return ContentError(self.source.display, self.source.line_of(path), field_name(self.types, self.type.folder,
                                                                                        path), expected, found)

    def validate(self) -> tuple[Record | None, list[ContentError]]:
        source, front = self.source, self.source.front
        item_id = Path(source.src_uri).stem
        errors = list(self._name_problems(item_id))
        if not front.has_front_matter:
            found = "an empty file" if not front.body.strip() else "no front matter"
            errors.append(ContentError(source.display, 1, "front matter", "a block of fields between --- lines", found))
            return None, errors
        if not isinstance(front.data, dict):
            errors.append(_not_a_mapping(source))
            return None, errors
        try:
            data = self.type.schema.model_validate(front.data)
        except ValidationError as invalid:
            errors.extend(self._translate(invalid))
            # The rest of the file is still checked, so that fixing these mistakes reveals no others.
            errors.extend(self._rules_of_the_rest(front.data, invalid))
            errors.extend(self._body_problems())
            return None, errors
        errors.extend(self._rules(data))
        errors.extend(self._body_problems())
        if errors:
            return None, errors
        return Record(self.type.folder, item_id, source, data), []

    def _name_problems(self, item_id: str) -> Iterator[ContentError]:
        name = Path(self.source.src_uri).name
        if item_id in RESERVED_IDS:
            yield ContentError(
                self.source.display, 1, "id",
                f"a file name other than {name}: the site makes /{self.type.folder}/ and its pages itself "
                f"(to write about the {self.type.plural}, use a plain page outside content/{self.type.folder}/)",
                f"'{name}'",
            )
        elif not ID_PATTERN.match(item_id):
            yield ContentError(
                self.source.display, 1, "id", "a file name in lower case letters, digits and hyphens, ending in .md",
                f"'{name}'",
            )

    def _rules(self, data: Common) -> Iterator[ContentError]:
        """Checks that span fields, or look beyond the front matter."""
        for problem in self.type.rules(data, self.zone):
            yield self.error(problem.path, problem.expected, problem.found)
        yield from self._lengths_and_files(data)

    def _rules_of_the_rest(self, raw: dict[Any, Any], invalid: ValidationError) -> Iterator[ContentError]:
        """The checks beyond the schema, run on the fields that passed it: lengths, files, and the type's rules."""
        failed = {tuple(detail["loc"]) for detail in invalid.errors() if detail["loc"]}
        yield from self._lengths_and_files(raw, failed)
        rest = {name: value for name, value in raw.items() if not any(path[0] == name for path in failed)}
        try:  # without the failed fields the item may still be whole (they were optional): its rules can run
            data = self.type.schema.model_validate(rest)
        except ValidationError:
            return
        for problem in self.type.rules(data, self.zone):
            yield self.error(problem.path, problem.expected, problem.found)

    def _lengths_and_files(self, data: Any, failed: Collection[FieldPath] = ()) -> Iterator[ContentError]:
        """The summary's length and the files named, read from checked fields or raw front matter alike
        (`failed`: the fields the schema refused, already told)."""
        summary = _field(data, "summary")
        if isinstance(summary, str) and ("summary",) not in failed and len(" ".join(summary.split())) > SUMMARY_LIMIT:
            yield self.error(("summary",), f"at most {SUMMARY_LIMIT} characters for cards and feeds",
                             f"{len(' '.join(summary.split()))}")
        for path, value in _files_in(self.types.fields(self.type.folder), data):
            if "://" in value or any(path[: len(refused)] == refused for refused in failed):
                continue
            where = self.where(value)
            if where is not None:
                yield self.error(path, "a file inside content/, like images/photo.jpg", f"'{value}', {where}")

    def _body_problems(self) -> Iterator[ContentError]:
        if self.body_refused:
            return  # its one mistake is told; its sections are read once it can be
        front, body = self.source.front, self.type.body
        unfinished = placeholder_in_body(self.source)
        if unfinished is not None:
            yield unfinished
        present = set(section_headings(front.body))
        for section in body.required_sections:
            if section.lower() not in present:
                yield ContentError(
                    self.source.display, front.body_start(), f"section '{section}'",
                    f"a '## {section}' section, which every {self.type.one} needs", "none",
                )

    def _translate(self, invalid: ValidationError) -> list[ContentError]:
        errors = []
        folder = self.type.folder
        for detail in invalid.errors():
            path: FieldPath = tuple(detail["loc"])
            kind = detail["type"]
            value = detail.get("input")
            if kind == "invalid_key":  # a field named by a number, true or null: an unknown field too
                path, kind = (*path[:-1], str(path[-1])), "extra_forbidden"
            if kind == "missing":
                spec = self.types.field_at(folder, path)
                description = spec.description if spec is not None and spec.description else "a value"
                expected, found = f"a value ({description}); this field is required", "nothing"
            elif kind == "extra_forbidden":
                known = _names_below(self.types, folder, path[:-1])
                close = difflib.get_close_matches(str(path[-1]), known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                expected, found = f"one of the known fields{hint}", f"'{path[-1]}'"
            elif kind == "expected":
                expected, found = detail["ctx"]["expected"], found_text(value)
            elif kind in {"model_type", "model_attributes_type", "dataclass_type"}:
                fields = ", ".join(_names_below(self.types, folder, path))
                expected, found = f"a set of fields ({fields})", found_text(value)
            elif kind in {"tuple_type", "list_type"}:
                expected, found = "a list", found_text(value)
            else:  # pragma: no cover - every field type of the vocabulary raises one of the handled kinds
                expected, found = detail["msg"], found_text(value)
            errors.append(self.error(path, expected, found))
        return errors


def placeholder_in_body(source: SourceFile) -> ContentError | None:
    """The first line of a body still holding a placeholder `new` wrote, as a mistake; None if finished."""
    front = source.front
    for number, line in enumerate(front.body.splitlines(), start=front.first_body_line):
        if line.strip().startswith(PLACEHOLDER):
            return ContentError(source.display, number, "body",
                                f"your own text in place of the placeholder '{PLACEHOLDER}' left for you to fill in",
                                f"'{line.strip()[:60]}'")
    return None


def section_headings(body: str) -> list[str]:
    """Level-two headings of a Markdown body, lower-cased, in order."""
    # The closing hashes are stripped in Python: a lazy pattern before '\s*#*\s*$' backtracks without end on spaces.
    return [match.group(1).rstrip().rstrip("#").strip().lower() for match in re.finditer(r"^##\s+(.+)$", body, re.M)]


def local_file_problem(content_dir: Path, value: str) -> str | None:
    """Why a path named in content cannot be published: missing, or resolving outside content/; None if fine."""
    root = content_dir.resolve()
    target = (content_dir / value.lstrip("/")).resolve()
    if not target.is_relative_to(root):
        return "which is outside content/"
    if not target.is_file():
        return "which does not exist"
    return None


def _files_in(specs: Iterable[FieldSpec], data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every value of a field that names a file, with its path."""
    for spec in specs:
        value = _field(data, spec.name)
        values = list(enumerate(value)) if spec.many and isinstance(value, tuple | list) else [(None, value)]
        for index, one in values:
            here = (*path, spec.name) if index is None else (*path, spec.name, index)
            if one is None:
                continue
            if spec.kind == "file" and isinstance(one, str):
                yield here, one.strip()
            elif spec.fields:
                yield from _files_in(spec.fields, one, here)


def _field(data: Any, name: str) -> Any:
    """A field of checked data or of raw front matter (None where raw front matter holds no mapping)."""
    if isinstance(data, dict):
        return data.get(name)
    if isinstance(data, str | int | float | list | tuple) or data is None:
        return None
    return getattr(data, name, None)


def field_name(types: Registry, folder: str, path: FieldPath) -> str:
    """A field as messages name it: dotted, with list positions in words ('twgs (the first TWG)')."""
    name = ""
    for position, part in enumerate(path):
        if isinstance(part, int):
            spec = types.field_at(folder, path[:position])
            target = types.get(spec.target) if spec is not None and spec.target else None
            noun = f" {target.one}" if target is not None else ""
            ordinal = ORDINALS[part] if part < len(ORDINALS) else f"number {part + 1}"
            name += f" (the {ordinal}{noun})"
        else:
            name += f".{part}" if name else str(part)
    return name or "front matter"


def _names_below(types: Registry, folder: str, path: FieldPath) -> list[str]:
    if not [part for part in path if isinstance(part, str)]:
        return [spec.name for spec in types.fields(folder)]
    spec = types.field_at(folder, path)
    return [inner.name for inner in spec.fields] if spec is not None else []


def _duplicate_ids(records: Iterable[Record | Rejected]) -> Iterator[ContentError]:
    first: dict[tuple[str, str], Record | Rejected] = {}
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


def _repeated_values(types: Registry, records: Iterable[Record | Rejected]) -> Iterator[ContentError]:
    """Values a type declares unique (a bulletin's number) that two of its files hold."""
    first: dict[tuple[str, str, Any], Record | Rejected] = {}
    by_kind: dict[str, list[Record | Rejected]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    for folder, found in by_kind.items():
        for spec in types.fields(folder):
            if not spec.unique:
                continue
            for record in sorted(found, key=lambda r: r.source.src_uri):
                value = _unique_value(record, spec.name)
                key = (folder, spec.name, value)
                if value is None:
                    continue
                if key in first:
                    other = first[key].source.display
                    yield ContentError(
                        record.source.display, record.source.line_of((spec.name,)), spec.name,
                        f"a {spec.name} no other {types[folder].one} has ({other} has it too)", found_text(value),
                    )
                else:
                    first[key] = record


def _unique_value(file: Record | Rejected, name: str) -> Any:
    """A field's value as checked; in a refused file, only a whole number written as one (a bulletin's number)."""
    if isinstance(file, Record):
        return getattr(file.data, name, None)
    value = file.raw.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
