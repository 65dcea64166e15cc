"""References between items, checked as the registry declares them: every id exists, none is the item
itself, chains declared acyclic never loop, and a bulletin's entries name something that exists.

Messages suggest what staff most likely meant, by id and by title, and list the choices when
there are few, so that a mistake can be fixed without opening another file.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.content.errors import ContentError
from generator.content.front_matter import FieldPath, SourceFile
from generator.content.reading import Loaded, field_name
from generator.content.registry import FieldSpec, Registry, walk
from generator.content.schemas import one_of
from generator.content.slugs import slugify
from generator.graph.site import ids_at, page_url

# Up to this many choices, a message lists them all.
FEW = 8


@dataclass(frozen=True)
class Known:
    """An item that exists (valid or not): its type, id and title, to suggest it by either."""

    kind: str
    id: str
    title: str
    short_name: str = ""


@dataclass(frozen=True)
class _File:
    kind: str
    id: str
    source: SourceFile
    data: Any


def reference_errors(loaded: Loaded) -> list[ContentError]:
    """Every reference to an unknown id, to the item itself, or around a loop; every entry that names nothing."""
    types = loaded.types
    files = [_File(r.kind, r.id, r.source, r.data) for r in loaded.records]
    files += [_File(r.kind, r.id, r.source, r.raw) for r in loaded.rejected]
    known: dict[str, dict[str, Known]] = defaultdict(dict)
    for file in files:
        known[file.kind][file.id] = Known(file.kind, file.id, _title(file.data), _title(file.data, "short_name"))
    pages = {page.source.src_uri.removesuffix(".md") for page in loaded.pages}
    # Files that exist but cannot be read: what names them says which file to fix, not that it is missing.
    broken = {file.src_uri.removesuffix(".md"): file.display for file in loaded.unreadable}
    errors: list[ContentError] = []
    # Where a type's files may name others: worked out once a type, not once a file.
    named: dict[str, list[tuple[FieldPath, FieldSpec]]] = {}
    for file in files:
        if file.kind not in named:
            named[file.kind] = [(path, spec) for path, spec in walk(types.fields(file.kind))
                                if spec.target is not None or spec.kind == "entry"]
        for path, spec in named[file.kind]:
            if spec.target is not None:
                errors.extend(_references(types, file, path, spec, known[spec.target], broken))
            elif spec.kind == "entry":
                errors.extend(_entries(types, file, path, known, pages, broken))
    errors.extend(_loops(types, files))
    return errors


def _title(data: Any, field: str = "title") -> str:
    title = data.get(field) if isinstance(data, dict) else getattr(data, field, "")
    return title if isinstance(title, str) else ""


def _references(
    types: Registry, file: _File, path: FieldPath, spec: FieldSpec, known: dict[str, Known], broken: dict[str, str]
) -> Iterator[ContentError]:
    target = types[spec.target or ""]
    for index, ref in ids_at(file.data, path):
        if not isinstance(ref, str):
            continue  # the schema has said what is wrong with it
        ref = ref.strip()  # as the schema reads it
        itself = ref == file.id and spec.target == file.kind
        cause = broken.get(f"{target.folder}/{ref}")
        if not itself and cause is None and ref in known:
            continue  # nearly every reference, in every build: the field is named only where there is a mistake
        where = (*path, index) if index is not None else path
        name = field_name(types, file.kind, where)
        line = file.source.line_of(where)
        if itself:
            yield ContentError(file.source.display, line, name, f"another {target.one} than this one itself",
                               f"'{ref}'")
        elif cause is not None:
            yield _knock_on(file, line, name, f"{_a(target.one)} whose file can be read", ref, "named", cause)
        elif ref not in known:
            hint = _suggestion(ref, known.values(), target.plural)
            yield ContentError(
                file.source.display, line, name, f"the id of {_a(target.one)} in content/{target.folder}/{hint}",
                f"'{ref}', which does not exist",
            )


def _knock_on(file: _File, line: int, name: str, expected: str, ref: str, how: str, cause: str) -> ContentError:
    """A mistake caused by another file: it names that file, which is the one to fix."""
    return ContentError(file.source.display, line, name, expected, f"'{ref}', which is {how} but {cause} has a mistake")


def _suggestion(ref: str, known: Iterable[Known], plural: str) -> str:
    """' (did you mean …?)' by id or by title, and the choices when there are few."""
    choices = sorted(known, key=lambda k: k.id)
    hint = ""
    best = _closest(ref, choices)
    if best is not None:
        hint = f" (did you mean '{best.id}', {best.title}?)" if best.title else f" (did you mean '{best.id}'?)"
    if 0 < len(choices) <= FEW:
        hint += f"; the {plural} are {one_of(k.id for k in choices)}"
    return hint


def _closest(ref: str, choices: list[Known]) -> Known | None:
    # An id is close to what staff wrote when its letters are, or when its title's are ('labour-migration' → lm),
    # or when staff wrote its short name, its title, its initials or its id in capitals (IOM, LM-TWG, EU → eu).
    wrote = slugify(ref) if ref.strip() else ref
    scored = []
    for choice in choices:
        title = slugify(choice.title) if choice.title else ""
        names = {choice.id, title, _initials(choice.title), slugify(choice.short_name) if choice.short_name else ""}
        names.discard("")
        score = max(
            difflib.SequenceMatcher(None, ref, choice.id).ratio(),
            difflib.SequenceMatcher(None, ref, title).ratio() if title else 0.0,
            0.9 if title and ref in title else 0.0,
            1.0 if wrote in names or wrote.replace("-", "") in names else 0.0,
            # An office or programme of the organization ('iom-ghana' for iom) starts with its id.
            0.8 if wrote.startswith(f"{choice.id}-") else 0.0,
        )
        scored.append((score, choice.id, choice))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored[0][2] if scored and scored[0][0] >= 0.6 else None


# Words left out of initials, as organizations leave them out (International Organization for Migration: IOM).
_SMALL_WORDS = frozenset({"a", "an", "and", "de", "des", "du", "for", "in", "la", "le", "of", "on", "the", "to"})


def _initials(title: str) -> str:
    """A title's initials as an id: 'International Organization for Migration' → 'iom'."""
    words = [word for word in slugify(title).split("-") if word not in _SMALL_WORDS] if title else []
    return "".join(word[0] for word in words) if len(words) > 1 else ""


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _entries(
    types: Registry, file: _File, path: FieldPath, known: dict[str, dict[str, Known]], pages: set[str],
    broken: dict[str, str],
) -> Iterator[ContentError]:
    every = {f"{kind}/{item_id}" for kind, ids in known.items() for item_id in ids}
    page_paths = pages | {page_url(uri + ".md").rstrip("/") for uri in pages}
    by_address = {page_url(uri + ".md").rstrip("/"): uri for uri in pages}
    carried: dict[str, str] = {}  # each entry once, however it is written: news/x, news/x/, x
    for index, ref in ids_at(file.data, path):
        if not isinstance(ref, str):
            continue
        clean = ref.strip().strip("/").removesuffix(".md")
        where = (*path, index) if index is not None else path
        name, line = field_name(types, file.kind, where), file.source.line_of(where)
        owners = [kind for kind, ids in known.items() if clean in ids] if "/" not in clean else []
        same = by_address.get(clean, f"{owners[0]}/{clean}" if len(owners) == 1 else clean)
        if same in carried:
            yield ContentError(file.source.display, line, name, "each item once",
                               f"'{ref}', which is '{carried[same]}' again")
            continue
        carried[same] = ref
        forms = ", ".join(f"{t.folder}/<id>" for t in types if t.dated)
        if clean == f"{file.kind}/{file.id}":
            yield ContentError(file.source.display, line, name, f"another item than this {types[file.kind].one} itself",
                               f"'{ref}'")
        elif clean in every or clean in page_paths:
            continue
        elif (cause := broken.get(clean) or _only(broken, clean)) is not None:
            yield _knock_on(file, line, name, "an item whose file can be read", ref, "listed", cause)
        elif "/" not in clean and (owners := [kind for kind, ids in known.items() if clean in ids]):
            if len(owners) > 1:
                choices = " or ".join(f"'{kind}/{clean}'" for kind in sorted(owners))
                yield ContentError(file.source.display, line, name,
                                   f"the full form, since several types have this id: {choices}", f"'{ref}'")
        else:
            close = difflib.get_close_matches(clean, sorted(every | pages), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield ContentError(file.source.display, line, name, f"{forms} or a page's path{hint}", f"'{ref}'")


def _only(broken: dict[str, str], clean: str) -> str | None:
    """The one unreadable file an entry written without its folder (`x` for news/x) can mean."""
    found = [display for uri, display in broken.items() if "/" not in clean and uri.rsplit("/", 1)[-1] == clean]
    return found[0] if len(found) == 1 else None


def _loops(types: Registry, files: list[_File]) -> Iterator[ContentError]:
    """Fields declared acyclic (an organization's parent) that lead back to where they started."""
    for content_type in types:
        for path, spec in types.references(content_type.folder):
            if not spec.acyclic or spec.target != content_type.folder:
                continue
            step: dict[str, str] = {}
            sources = {f.id: f for f in files if f.kind == content_type.folder}
            for file in sources.values():
                found = [ref for _, ref in ids_at(file.data, path) if isinstance(ref, str) and ref != file.id]
                if found:
                    step[file.id] = found[0]
            for start, file in sorted(sources.items()):
                chain, current = [start], step.get(start)
                while current is not None and current not in chain and current in step:
                    chain.append(current)
                    current = step.get(current)
                if current == start and len(chain) > 1:
                    loop = " → ".join([*chain, start])
                    yield ContentError(
                        file.source.display, file.source.line_of(path), field_name(types, file.kind, path),
                        f"{_a(content_type.one)} that does not lead back to this one", f"the loop {loop}",
                    )
