"""Markdown bodies rendered once: kept in the build cache by their text, and rendered ahead in worker processes.

MkDocs renders each page's Markdown itself, one page after another on one core, every build.
A body's HTML depends only on its text, the page's own address, the Markdown extensions and
the answers the link resolver got when it looked other files up; a rendered body keeps those
answers and counts only while every one is still the same. What MkDocs logged while rendering
it (a link to a missing page) is kept too and said again whenever the body is used, so a warm
build warns, and fails under --strict, exactly as a cold one.

Worker processes, forked once the site's files are known, render the bodies ahead of MkDocs'
own loop; MkDocs then takes each body from them (or from the cache) instead of rendering it.
Nothing is taken that does not fit: a body is only used under the key of the Markdown MkDocs
actually has for the page at that moment, so a plugin that changes it only costs the worker's work.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from generator.fast.build_cache import BuildCache, ReadAhead, stable_text
from generator.fast.forked import Records, say_again

log = logging.getLogger("mkdocs.plugins.network")
NAMESPACE = "markdown body"
# Extensions whose output depends on the text alone (Python-Markdown's own, and this package's): a body
# rendered with any other (one that includes files, say) is never kept, as its inputs are not known.
KNOWN_EXTENSION_MODULES = ("markdown.extensions.", "generator.")
# Pages handed to a worker at a time: small enough that MkDocs' loop soon finds its first bodies.
CHUNK = 32


@dataclass(frozen=True)
class RenderedBody:
    """A page's rendered Markdown, and everything rendering it read from and said about the rest of the site."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # the linked page's source path → its anchors
    lookups: tuple[tuple[str, tuple[str, int] | None], ...]  # each path looked up, and the file's url and inclusion
    records: tuple[tuple[str, int, str], ...]  # what was logged: logger, level, message

    def fits(self, answers: Answers) -> bool:
        """Whether every file it looked up would be found at the same address, with the same inclusion."""
        return all(answers.of(path) == answer for path, answer in self.lookups)

    def apply(self, page: Page, files: Files) -> None:
        """Give the page this body, as Page.render would have, and say again what rendering it said."""
        page.content = self.content
        page.toc = self.toc
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors)
        if self.links_to_anchors is not None:
            page.links_to_anchors = {
                found: dict(anchors)
                for uri, anchors in self.links_to_anchors.items()
                if (found := files.get_file_from_path(uri)) is not None
            }
        say_again(self.records)


def _answer(file: File | None) -> tuple[str, int] | None:
    return None if file is None else (file.url, int(file.inclusion.value))


class Answers:
    """What looking each path up among a build's files finds, asked once a build: the bodies of 10,000 pages look
    up the same few thousand paths (their links) 40,000 times."""

    def __init__(self, files: Files) -> None:
        self.files = files
        self._found: dict[str, tuple[str, int] | None] = {}

    def of(self, path: str) -> tuple[str, int] | None:
        try:
            return self._found[path]
        except KeyError:
            found = self._found[path] = _answer(self.files.get_file_from_path(path))
            return found


class _RecordingFiles:
    """The site's files as the link resolver sees them, noting each lookup and its answer."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.lookups: list[tuple[str, tuple[str, int] | None]] = []
        self.untracked = False

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.lookups.append((path, _answer(found)))
        return found

    def __getattr__(self, name: str) -> Any:
        # Some other use of the files (an extension of another kind): what it read is not known.
        self.untracked = True
        return getattr(self._files, name)


def render(page: Page, config: MkDocsConfig, files: Files, quiet: bool = False) -> RenderedBody | None:
    """Render the page's Markdown as MkDocs does, noting what was looked up and logged; None if not keepable.

    `quiet`: what is logged is only noted (a worker's output would come before the page's turn).
    """
    recording, records = _RecordingFiles(files), Records()
    loggers = [logging.getLogger("mkdocs"), logging.getLogger()]
    kept: list[list[logging.Handler]] = []
    for logger in loggers:
        kept.append(list(logger.handlers))
        if quiet:
            logger.handlers = []
        logger.addHandler(records)
    try:
        Page.render(page, config, recording)  # type: ignore[arg-type]
    finally:
        for logger, handlers in zip(loggers, kept, strict=True):
            logger.handlers = handlers
    if recording.untracked or page.content is None:
        return None
    links = page.links_to_anchors
    return RenderedBody(
        content=page.content,
        toc=page.toc,
        title=page._title_from_render,
        anchors=frozenset(page.present_anchor_ids or ()),
        links_to_anchors=None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
        lookups=tuple(recording.lookups),
        records=tuple(records.records),
    )


def settings_key(config: MkDocsConfig) -> str | None:
    """What, besides its text and address, a body's HTML depends on; None when an extension's inputs are unknown."""
    parts = []
    for extension in config.markdown_extensions:
        name = extension if isinstance(extension, str) else f"{type(extension).__module__}.{type(extension).__name__}"
        module = name if "." in name else f"markdown.extensions.{name}"
        if not module.startswith(KNOWN_EXTENSION_MODULES):
            return None
        parts.append(name)
        if not isinstance(extension, str) and hasattr(extension, "getConfigs"):
            parts.append(stable_text(extension.getConfigs()))
    parts.append(stable_text(config.mdx_configs))
    parts.append(stable_text({name: str(value) for name, value in dict(config.validation.links).items()}))
    parts.append(str(config.use_directory_urls))
    # What is logged depends on how much is listened to: -q and -v builds keep bodies apart.
    parts += [str(logging.getLogger(name).getEffectiveLevel()) for name in ("mkdocs.structure.pages", "")]
    return "\n".join(parts)


class Bodies:
    """The bodies of one build: found in the cache, taken from the workers, or rendered by MkDocs' own loop."""

    def __init__(self, cache: BuildCache, settings: str | None) -> None:
        self.cache = cache
        self.settings = settings
        self.ahead: Ahead | None = None  # workers rendering the bodies the cache lacks
        self.kept_ahead: ReadAhead | None = None  # the bodies the cache has, read in the loop's order
        self._kept_keys: set[bytes] = set()
        self.rendered = self.reused = 0
        self._answers: Answers | None = None

    def key(self, page: Page) -> bytes | None:
        return self.key_of(page.file, page.markdown)

    def key_of(self, file: File, markdown: str | None) -> bytes | None:
        """The key of a body: the file's path, address and inclusion, its Markdown, the build's settings."""
        if self.settings is None or markdown is None:
            return None
        return self.cache.key(NAMESPACE, self.settings, file.src_uri, file.url, str(file.inclusion.value), markdown)

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """What MkDocs calls in place of page.render: a kept body that fits, else MkDocs' own rendering (then kept)."""
        key = self.key(page)
        if key is not None:
            if self._answers is None or self._answers.files is not files:  # a new build's files
                self._answers = Answers(files)
            packed = self.ahead.take(page.file.src_uri, key) if self.ahead is not None else None
            ahead = BuildCache.unpacked(packed) if packed is not None else None
            if ahead is None and self.kept_ahead is not None and key in self._kept_keys:
                ahead = self.kept_ahead.take(key)
                packed = None
            found = ahead if ahead is not None and ahead.fits(self._answers) else self.cache.get(key)
            if found is not None and found.fits(self._answers):
                found.apply(page, files)
                if found is ahead and packed is not None:
                    self.cache.put_packed(key, packed)
                else:
                    self.cache.keep(key)
                self.reused += 1
                return
        rendered = render(page, config, files)
        self.rendered += 1
        if key is not None and rendered is not None:
            self.cache.put(key, rendered)

    def start_ahead(self, work: Work, workers: int) -> None:
        """Render the later part of the bodies the cache lacks in `workers` processes, while MkDocs' loop renders
        the first part."""
        if self.settings is None:
            return
        keys = [self.key_of(file, work.expected(file)) for file in work.files]
        kept = self.cache.has_many(key for key in keys if key is not None)
        # The kept ones read and unpacked on a thread of their own, in the order the loop asks for them: one at a
        # time on the loop's own thread, they were 1.1 s of a warm 10,000-item build.
        self.kept_ahead = self.cache.read_ahead([key for key in keys if key in kept])
        self._kept_keys = kept  # asked of it alone: an ask for another key would make it stop reading
        if workers < 1:
            return
        todo = [file for file, key in zip(work.files, keys, strict=True) if key not in kept]
        if len(todo) >= 2 * CHUNK:
            self.cache.settle()
            self.ahead = Ahead(dataclasses.replace(work, files=todo), workers)

    def stop(self) -> None:
        if self.ahead is not None:
            self.ahead.stop()
            self.ahead = None
        if self.kept_ahead is not None:
            self.kept_ahead.stop()
            self.kept_ahead = None


@dataclass(frozen=True)
class Work:
    """What workers render from: the pages in MkDocs' order, how MkDocs prepares each, the build's settings."""

    files: list[File]
    prepare: Callable[[File], Page]  # the page with the Markdown MkDocs will render (read, plugins run)
    expected: Callable[[File], str | None]  # the Markdown MkDocs should get, told without running plugins
    config: MkDocsConfig
    site_files: Files
    bodies: Bodies


# The work of forked workers: set in the parent before forking, inherited by each worker.
_WORK: Work | None = None
# A worker's own answers to the look-ups of kept bodies, made when it starts.
_ANSWERS: Answers | None = None


class Ahead:
    """Worker processes rendering the later pages' bodies while MkDocs' loop renders the first ones, each in order.

    With n pages and w workers, MkDocs' loop keeps about n / (w + 1) for itself, so neither waits for the other.
    """

    def __init__(self, work: Work, workers: int) -> None:
        global _WORK
        _WORK = work
        start = len(work.files) // (workers + 1)
        gc.freeze()  # the workers share the parent's objects: their collector need not touch (and copy) them
        try:
            self._pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
        finally:
            gc.unfreeze()
        self._covered = {file.src_uri for file in work.files[start:]}
        self._results: Iterator[tuple[str, bytes | None, bytes | None]] = self._pool.imap(
            _render_ahead, range(start, len(work.files)), chunksize=CHUNK
        )
        self._arrived: dict[str, tuple[bytes | None, bytes | None]] = {}

    def take(self, src_uri: str, key: bytes) -> bytes | None:
        """The body a worker rendered for the page under `key` (packed as the cache keeps it), waiting for it if
        needed; None if it has none.

        The loop's own pages (the first part) are never waited for; a worker's page is taken when its turn comes.
        """
        if src_uri not in self._covered:
            return None
        self._covered.discard(src_uri)
        while src_uri not in self._arrived:
            try:
                uri, found_key, body = next(self._results)
            except Exception as error:  # a failed worker only costs time: MkDocs renders the rest itself
                log.debug("Bodies rendered ahead stopped: %s", error)
                self._covered.clear()
                return None
            self._arrived[uri] = (found_key, body)
        found_key, body = self._arrived.pop(src_uri)
        return body if found_key == key else None

    def stop(self) -> None:
        global _WORK
        self._pool.terminate()
        self._pool.join()
        _WORK = None


def _start_worker() -> None:
    global _ANSWERS
    # A worker's records are kept with its bodies and said by the build when each body is used.
    for logger in (logging.getLogger("mkdocs"), logging.getLogger()):
        logger.handlers = []
    if _WORK is not None:
        _WORK.bodies.cache.reopen()  # a connection is not shared across a fork: the worker opens its own
        _ANSWERS = Answers(_WORK.site_files)


def _render_ahead(index: int) -> tuple[str, bytes | None, bytes | None]:
    """In a worker: the page's key and its body, packed as the cache keeps it (None where the cache has it already,
    or it cannot be kept)."""
    assert _WORK is not None and _ANSWERS is not None
    file = _WORK.files[index]
    page = _WORK.prepare(file)
    key = _WORK.bodies.key(page)
    if key is None:
        return file.src_uri, None, None
    kept = _WORK.bodies.cache.get(key)
    if isinstance(kept, RenderedBody) and kept.fits(_ANSWERS):
        return file.src_uri, key, None
    body = render(page, _WORK.config, _WORK.site_files, quiet=True)
    return file.src_uri, key, BuildCache.packed(body) if body is not None else None


def worker_count(option: int | None) -> int:
    """Worker processes for a build: as set, else one per core besides the one MkDocs' loop runs on."""
    if option is not None:
        return max(0, option)
    return max(0, (os.cpu_count() or 1) - 1)
