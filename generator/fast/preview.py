"""Live preview with `mkdocs serve --dirty`: which pages a rebuild renders again, and what follows later.

MkDocs' `--dirty` renders a page again only when its own Markdown file is newer than its built
page. That is wrong for a site made from a graph (a new news item changes its TWG's page, every
listing and the home page; a template change changes every page) and too much for ours (each
generated page has a fresh stub file, so all of them count as changed). The graph knows better:
when an edit changed only the body of some items, only their pages are rendered again; any other
change (a field, a file added or removed, a mistake found or fixed, a template, a picture, the
configuration) renders every page, as a clean build would.

After a field is edited or a file added, staff look at that file's page: it is rendered first and
served, and the other pages follow (listings, the TWG's page, related items), rendered by a build
that runs while the preview serves and stops when the next save comes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.content.errors import ContentError
from generator.content.front_matter import SourceFile
from generator.content.leftovers import is_editor_leftover
from generator.content.reading import display_path
from generator.fast.build_cache import Memo, digest
from generator.fast.file_stamps import Stamp, stamp

log = logging.getLogger("mkdocs.plugins.network")
T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot:
    """What one build's pages were made from."""

    fronts: Mapping[str, Any]  # src_uri → the parsed front matter
    bodies: Mapping[str, str]  # src_uri → the Markdown body
    errors: tuple[ContentError, ...]
    surroundings: frozenset[tuple[str, str]]  # every other input file: (path, digest of its content)


def snapshot(
    sources: Iterable[SourceFile],
    errors: Iterable[ContentError],
    watched: Iterable[Path],
    fingerprints: Fingerprints | None = None,
) -> Snapshot:
    """The inputs of a build: each content file's fields and body, the mistakes, and every other file in `watched`.

    `watched` are the folders and files outside the content's Markdown that pages are made from:
    content/'s pictures and attachments, the theme's templates, mkdocs.yml. `fingerprints` keeps
    the digests of the last snapshot, so that only files whose status changed are read again.
    """
    sources = list(sources)
    return Snapshot(
        fronts={source.src_uri: source.front.data for source in sources},
        bodies={source.src_uri: source.front.body for source in sources},
        errors=tuple(errors),
        surroundings=(fingerprints or Fingerprints()).of(watched),
    )


class Fingerprints:
    """The content of the files around content/'s Markdown, read again only when a file's status changed.

    Editors save in two ways: writing over the file, or writing a new file and renaming it over the
    old one (vim, `sed -i`, VS Code and gedit in some modes). A rename gives the file a new identity
    and its folder a new modification time, though the content may be the same; only content counts.
    """

    def __init__(self) -> None:
        self._known: dict[Path, tuple[Stamp, str]] = {}
        self._folders: dict[Path, Path] = {}  # each folder asked of `known` since the last `of`, resolved

    def of(self, watched: Iterable[Path]) -> frozenset[tuple[str, str]]:
        """Each input file below `watched` and the digest of its content."""
        seen: dict[Path, tuple[Stamp, str]] = {}
        for path in _inputs(watched):
            try:
                now = stamp(path)
                kept = self._known.get(path)
                if kept is None or not kept[0].same_file(now):
                    kept = (now, _file_digest(path))
            except OSError:  # deleted while being looked at: the next rebuild sees it gone
                continue
            seen[path] = kept
        self._known, self._folders = seen, {}
        return frozenset((str(path), digest) for path, (_, digest) in seen.items())


    def known(self, path: Path) -> str | None:
        """The digest of a file the last `of` looked at, read again if its status changed since; None if not one."""
        # Named as `of` names it: below its folder resolved (once for all its files: each resolve looks at every
        # folder of the path, 0.02 s of a text edit's preview), the file itself as it is listed.
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve()
        path = folder / path.name
        kept = self._known.get(path)
        if kept is None:
            return None
        try:
            now = stamp(path)
            if not kept[0].same_file(now):
                kept = self._known[path] = (now, _file_digest(path))
        except OSError:
            return None
        return kept[1]


class StaticCopies:
    """Which static files of content/ and the theme folder a dirty preview copies again: those whose bytes changed.

    MkDocs copies a static file again only when it is newer than its copy, so a picture or attachment
    replaced by an older file (restored from a backup, checked out from git) kept its old bytes.
    """

    def __init__(self, fingerprints: Fingerprints) -> None:
        self.fingerprints = fingerprints
        self._copied: dict[Path, str] = {}  # each copy, by the digest of what was copied into it

    def changed(self, source: Path, copy: Path) -> bool | None:
        """Whether `copy` must be written again from `source`; None for a file no watched folder holds."""
        now = self.fingerprints.known(source)
        if now is None:
            return None
        before = self._copied.get(copy)
        if before is None:  # the preview's first build: the copy holds what an earlier one left
            try:
                before = _file_digest(copy)
            except OSError:
                before = None
        self._copied[copy] = now
        return before != now


def _file_digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "blake2b").hexdigest()


def _inputs(watched: Iterable[Path]) -> Iterable[Path]:
    """The files below `watched` a build reads: not folders, hidden files or what editors leave while saving."""
    for top in {path.resolve() for path in watched}:  # one file named two ways is one input
        if top.is_file():
            yield top
            continue
        for folder, folders, names in os.walk(top, followlinks=True):  # as MkDocs lists docs_dir
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in names:
                # MkDocs publishes no hidden file (.DS_Store, vim's .x.md.swp); Markdown is compared by content.
                if not name.startswith(".") and not name.endswith(".md") and not is_editor_leftover(name):
                    yield Path(folder, name)


@dataclass(frozen=True)
class Changes:
    """What a rebuild renders again: the files in `pages`, or every page when it is None, and why; with every page,
    `first` are the files staff changed, whose pages may be served before the others are rendered (None: none may)."""

    pages: frozenset[str] | None
    reason: str
    first: frozenset[str] | None = None


def what_changed(before: Snapshot | None, now: Snapshot, items: Iterable[str]) -> Changes:
    """The files among `items` whose body alone changed since `before`, or every page and the reason.

    Only an item's body is its own: its fields appear in listings, feeds of others and related
    pages, and a plain page's body may give it the title others show.
    """
    if before is None:
        return Changes(None, "the first build")
    if before.errors != now.errors:
        return Changes(None, "the content mistakes changed")
    if before.surroundings != now.surroundings:
        changed = sorted(path for path, _ in before.surroundings ^ now.surroundings)
        return Changes(None, f"{display_path(Path(changed[0]))} changed")
    # Every file whose fields or text changed, or that is new: its page is the one staff look at.
    edited = frozenset(src_uri for src_uri, front in now.fronts.items()
                       if src_uri not in before.fronts or before.fronts[src_uri] != front
                       or before.bodies[src_uri] != now.bodies[src_uri])
    if before.fronts.keys() != now.fronts.keys():
        return Changes(None, "a content file was added or removed", edited)
    fields = [src_uri for src_uri, front in now.fronts.items() if src_uri in edited and before.fronts[src_uri] != front]
    if fields:
        return Changes(None, f"the fields of {fields[0]} changed", edited)
    pages = edited - set(items)
    if pages:
        return Changes(None, f"the page {min(pages)} changed", edited)
    return Changes(edited, "only the text of these items changed" if edited else "nothing pages are made from changed")


@dataclass(frozen=True)
class Rendering:
    """Which pages a dirty preview's build renders (`now`), and which it leaves to the build that follows at once
    (`later`). A build `catching_up` renders pages left by the last while the preview serves, until a save comes."""

    now: frozenset[str]
    later: frozenset[str]
    catching_up: bool = False


def plan(changes: Changes, pages: Iterable[str], owed: Iterable[str], may_follow: bool) -> Rendering:
    """What a build renders now and later: `pages` are the site's, `owed` those the last builds left to render, and
    `may_follow` whether the preview can serve pages while a build renders others (MkDocs' own server can)."""
    pages = frozenset(pages)
    owed = frozenset(owed) & pages  # a page gone since (a file deleted, an address changed) is owed no more
    if changes.pages is None:
        if changes.first is None or not may_follow:
            return Rendering(pages, frozenset())
        first = changes.first & pages
        return Rendering(first, pages - first)
    if changes.pages:  # a text edited while pages are still owed: its page first, as any other edit
        return Rendering(changes.pages & pages, owed - changes.pages)
    return Rendering(owed, frozenset(), catching_up=bool(owed))


class Afterwards:
    """Work a preview does after its pages are served: the search index, feeds and calendars.

    The edited page is what staff wait for; the rest follows a few seconds later on a thread.
    The next rebuild asks it to stop at its next step and does not wait for it: the next work
    waits for it instead (on its own thread, so the two never write the same files at once), and
    saving twice in quick succession is not slowed by the first save.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._done = threading.Event()

    @property
    def done(self) -> bool:
        """Whether the last work started ran every step: what it wrote is up to date if nothing changed since."""
        return self._done.is_set()

    def start(self, steps: Generator[Callable[[], None], None, None]) -> None:
        """Run `steps` in order on a thread, once the work before has stopped, unless stopped between two of them."""
        self.cancel()
        before = self._thread
        self._stop, self._done = threading.Event(), threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(before, steps, self._stop, self._done), name="preview-afterwards", daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work under way to stop at its next step, without waiting for it."""
        self._stop.set()

    def stop(self) -> None:
        """Stop the work at its next step and wait for the step under way to finish."""
        self.cancel()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    @staticmethod
    def _run(
        before: threading.Thread | None,
        steps: Generator[Callable[[], None], None, None],
        stop: threading.Event,
        done: threading.Event,
    ) -> None:
        try:
            if before is not None:
                before.join()  # its step under way writes the same files: it finishes first
            for step in steps:
                if stop.is_set():
                    return
                step()
            done.set()
        except Exception as error:  # a preview keeps serving; the terminal says what is missing
            log.error("The preview's feeds or search index could not be updated: %s", error)
        finally:
            steps.close()  # what the steps opened (Pagefind) is closed, here and now


class _KeptWhileServing:
    """Values kept in memory from one preview build to the next, by their inputs: those the last work did not use are
    forgotten after it (an edited item's old feeds, an edited part of the search index).

    Kept in memory: they are made on the preview's own thread, which cannot use the build cache's database.
    """

    def __init__(self) -> None:
        self._kept: dict[Any, Any] = {}
        self._used: set[Any] = set()

    def get(self, key: Any) -> Any | None:
        self._used.add(key)
        return self._kept.get(key)

    def put(self, key: Any, value: Any) -> None:
        self._used.add(key)
        self._kept[key] = value

    def forget_unused(self) -> None:
        """Forget what the last work did not use."""
        self._kept = {key: value for key, value in self._kept.items() if key in self._used}
        self._used = set()


class KeptOutputs(_KeptWhileServing):
    """Feeds, calendars and the like of the last preview build, found by their inputs, for the next."""

    def memo(self, site: str, language: str) -> Memo:
        """A memo for the outputs of a site whose graph's digest is `site`, in `language`."""
        return _PreviewMemo(self, site, language)


@dataclass(frozen=True)
class _PreviewMemo:
    """What `KeptOutputs.memo` says."""

    kept: KeptOutputs
    site: str
    language: str

    def __call__(self, name: str, parts: Sequence[str], make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        return self.value(name, parts, make)

    def value(self, name: str, parts: Sequence[str], make: Callable[[], T]) -> T:
        key = digest(self.site, self.language, name, *parts)
        found = self.kept.get(key)
        if found is None:
            found = make()
            self.kept.put(key, found)
        return found  # type: ignore[no-any-return]


class KeptSearch(_KeptWhileServing):
    """The search index's parts of the last preview build (search.PartStore), and what joining them made
    (search_merge.Kept): a save indexes again only the part of the page it changed, as a warm build does."""

    def find(self, pages: bytes) -> dict[str, bytes] | None:
        return self.get(("part", pages))

    def keep(self, pages: bytes, bundle: dict[str, bytes]) -> None:
        self.put(("part", pages), bundle)

    def seen(self, first: bytes) -> bool:
        known = self.get(("first", first)) is not None
        self.put(("first", first), True)
        return known

    @property
    def joining(self) -> KeptJoining:
        return KeptJoining(self)


class KeptJoining:
    """What joining the parts made, kept with them while the preview runs (search_merge.Kept)."""

    def __init__(self, kept: KeptSearch) -> None:
        self._kept = kept

    def find(self, kind: str, made_from: bytes) -> Any | None:
        return self._kept.get((kind, made_from))

    def keep(self, kind: str, made_from: bytes, value: Any) -> None:
        self._kept.put((kind, made_from), value)
