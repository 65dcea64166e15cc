"""The search index made in a process of its own, beside the build: each finished page is sent to it as it is written.

Taking a page's searchable part is a parse of the whole page, and handing it to Pagefind is encoding and messages
on the build's own interpreter: a third of a cold 1,000-item build's time (4 of 12 s), on the thread that renders
the pages. In a process of its own it runs on the machine's other core while the next pages render; the build
only sends each page (a copy into a pipe) and takes the finished index at the end.

The process is started anew, not forked: it needs none of the build's memory, and a fork would hold a copy of
every page the build's collector touches until the index is written.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from generator.fast.build_cache import BuildCache
from generator.fast.forked import Records, say_again

# The pipe's room for pages on their way (the kernel's default is 64 KiB, under two pages): a build that renders a
# page while the process parses a slow one need not wait for it.
PIPE_BYTES = 1 << 20
_LOGGERS = ("mkdocs", "")


@dataclass(frozen=True)
class Start:
    """What the process is told before the pages: where the build cache is, and how the index is split."""

    cache_folder: Path | None
    cache_salt: str
    part_pages: int
    pages_expected: int


@dataclass(frozen=True)
class Index:
    """What the process made: the index's files, how many of its parts the cache kept, and the cache's new entries."""

    bundle: dict[str, bytes]
    parts_kept: int
    parts: int
    cache_taken: tuple[dict[bytes, bytes], set[bytes]]


class SearchIndexError(RuntimeError):
    """The search index could not be made: the message says how."""


class SearchParts:
    """The search index's parts in the build cache, each under a digest of the pages it indexes."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache

    def find(self, pages: bytes) -> dict[str, bytes] | None:
        found = self.cache.get(self.cache.key("search part", pages))
        return found if isinstance(found, dict) else None

    def keep(self, pages: bytes, bundle: dict[str, bytes]) -> None:
        self.cache.put(self.cache.key("search part", pages), bundle)

    def seen(self, first: bytes) -> bool:
        key = self.cache.key("search part start", first)
        if self.cache.has(key):
            self.cache.keep(key)
            return True
        self.cache.put(key, True)
        return False


class SearchBeside:
    """The process making the search index: `add` each finished page in order, then take the `index`."""

    def __init__(self, start: Start) -> None:
        self._result = tempfile.TemporaryFile()  # noqa: SIM115 - closed by index() or close(), after the process
        # The package as this build imports it, wherever that is (an installed copy, a checkout on the path).
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(self._result.fileno())], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, env=environment, pass_fds=(self._result.fileno(),),
            start_new_session=True)  # Ctrl-C stops the build, which stops this process: it is not told twice
        assert self._process.stdin is not None
        self._pages: IO[bytes] = self._process.stdin
        resize = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux's; elsewhere the pipe keeps its size
        with contextlib.suppress(OSError):  # a kernel that refuses leaves the default
            if resize is not None:
                fcntl.fcntl(self._pages.fileno(), resize, PIPE_BYTES)
        self._gone = False  # the process ended early: its own words say why, at the end
        self._send(start)

    def _send(self, message: Any) -> None:
        if self._gone:
            return
        try:
            pickle.dump(message, self._pages, protocol=pickle.HIGHEST_PROTOCOL)
        except (BrokenPipeError, OSError):
            self._gone = True

    @property
    def pid(self) -> int:
        return self._process.pid

    def add(self, output: str, url: str) -> None:
        """Send one finished page and its address in the index ("/news/x/")."""
        self._send((output, url))

    def index(self) -> Index:
        """Once every page is sent: the index, when the process has written it; its warnings are logged here."""
        self._send(None)
        with contextlib.suppress(OSError):
            self._pages.close()
        self._process.wait()
        try:
            self._result.seek(0)
            outcome, value, records = pickle.load(self._result)
        except (EOFError, pickle.UnpicklingError):
            outcome, value, records = "error", "the process making it ended without a result", []
        finally:
            self._result.close()
        say_again(records)
        if outcome == "error":
            raise SearchIndexError(f"the search index could not be built: {value}")
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the process without writing anything (a failed build needs no index)."""
        with contextlib.suppress(OSError):
            self._pages.close()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._result.close()


def _pages(stream: IO[bytes]) -> Iterator[tuple[str, str]]:
    """The pages as the build sends them, read on a thread of their own so that the pipe is emptied as they come."""
    waiting: queue.SimpleQueue[tuple[str, str] | BaseException | None] = queue.SimpleQueue()

    def read() -> None:
        try:
            while (page := pickle.load(stream)) is not None:
                waiting.put(page)
            waiting.put(None)
        except (EOFError, pickle.UnpicklingError, OSError) as error:  # the build ended without saying it was done
            waiting.put(error)

    threading.Thread(target=read, name="search-pages", daemon=True).start()
    while (page := waiting.get()) is not None:
        if isinstance(page, BaseException):
            raise SearchIndexError("the build stopped sending pages") from page
        yield page


def _index(start: Start, pages: Iterator[tuple[str, str]]) -> Index:
    # Imported here, in the process: the build itself needs neither the parser nor Pagefind's client for this.
    from generator.fast.search_service import StreamingIndex
    from generator.outputs import search

    cache = BuildCache.reading(start.cache_folder, start.cache_salt)
    handover = search.Handover(StreamingIndex, start.part_pages, pages_expected=start.pages_expected,
                               store=SearchParts(cache) if cache.enabled else None)
    try:
        for output, url in pages:
            handover.add(_searchable(cache, output, search.searchable), output, url)
        bundle = handover.bundle()
    finally:
        handover.close()
    return Index(bundle, handover.parts_kept, handover.parts, cache.taken())


def _searchable(cache: BuildCache, output: str, searchable: Callable[[str], str | None]) -> str | None:
    """A page's searchable part, kept under the page as written: after an edit, the pages as they were are not
    parsed again."""
    if not cache.enabled:
        return searchable(output)
    key = cache.key("search document", output)
    found = cache.get(key)
    if isinstance(found, tuple):
        return found[0]  # type: ignore[no-any-return]
    document = searchable(output)
    cache.put(key, (document,))  # in a tuple: a page with no searchable part is kept as such
    return document


def main(result_fd: int) -> None:
    """The process: read the start and the pages from standard input, write the outcome to `result_fd`."""
    records = Records()
    for name in _LOGGERS:  # said by the build when it takes the index
        logging.getLogger(name).handlers = [records]
        logging.getLogger(name).setLevel(logging.DEBUG)
    stream = sys.stdin.buffer
    try:
        start = pickle.load(stream)
        outcome: tuple[str, Any, list[tuple[str, int, str]]] = ("done", _index(start, _pages(stream)), [])
    except Exception as error:  # sent to the build, which stops with it
        outcome = ("error", str(error) if error.args else traceback.format_exc(limit=3), [])
    with os.fdopen(result_fd, "wb") as result:
        pickle.dump((outcome[0], outcome[1], records.records), result, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    # Run as the package's module, not as __main__: what it sends back names its classes where the build finds them.
    from generator.fast import search_beside

    search_beside.main(int(sys.argv[1]))
