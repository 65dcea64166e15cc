"""The search index made in a process of its own, beside the build: each finished page is sent to it as it is written.

Taking a page's searchable part is a parse of the whole page, and handing it to Pagefind is encoding and messages
on the build's own interpreter: a third of a cold 1,000-item build's time (4 of 12 s), on the thread that renders
the pages. In a process of its own it runs on the machine's other core while the next pages render; the build
only writes each page to a spool file the process reads, and takes the finished index at the end.

The process is started anew, not forked: it needs none of the build's memory, and a fork would hold a copy of
every page the build's collector touches until the index is written.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from generator.fast import collector
from generator.fast.build_cache import BuildCache
from generator.fast.forked import LOGGERS, BesideError, outcome_of, run_and_keep
from generator.fast.search_service import StreamingIndex
from generator.outputs import search

# What the pipe says: a page is in the spool (the start, first); the spool goes on in a file whose name is in it;
# every page is sent.
PAGE, NEXT, DONE = b"p", b"n", b"d"
# Pages in one spool file: the process drops each file once read, so pages it has indexed are not kept on disk
# (or in memory, where the temporary folder is) to the end of the build.
SPOOL_PAGES = 256
# Pages the process is woken for at once: each wake-up is a switch between processes (0.45 s of a cold 1,000-item
# build's own thread, told page by page).
WAKE_EVERY = 16
SPOOL_BUFFER = 4 << 20


@dataclass(frozen=True)
class Start:
    """What the process is told before the pages: where the build cache is, and how the index is split."""

    cache_folder: Path | None
    cache_salt: str
    cache_generation: int  # the build's: what the process makes and uses is marked as the build's
    part_pages: int
    pages_expected: int


@dataclass(frozen=True)
class Index:
    """What the process made: the index's files, and how many of its parts and pages' searchable parts were kept."""

    bundle: dict[str, bytes]
    parts_kept: int
    parts: int
    documents_kept: int  # pages whose searchable part was kept (KeptDocuments)
    made_of: frozenset[bytes] = frozenset()  # the build cache's entries it was made from, and made


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


class KeptDocuments:
    """Each page's searchable part (search.searchable) in the build cache, under a key made from its output's.

    Taking it is a parse of the whole page: 6 s of the process's time at 10,000 items, for every page of a build
    after one edit, although all but one are the outputs the last build indexed. A page whose output the build took
    from the cache is sent by that output's key alone: the process finds its searchable part, or its output, there.
    """

    NAMESPACE = "search document"

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        self.found = 0  # pages whose searchable part was kept

    def of(self, output: str | None, output_key: bytes | None) -> tuple[str | None, str]:
        """A page's searchable part and, if it has none, its whole output (as search.Handover takes them): `output`,
        or the output kept under `output_key` if that is None."""
        key = self.cache.key(self.NAMESPACE, output_key) if output_key is not None else None
        found = self.cache.get(key) if key is not None else None
        if isinstance(found, tuple) and len(found) == 2:
            self.found += 1
            return found[0], found[1]
        if output is None:
            output = self.cache.get(output_key) if output_key is not None else None
            if not isinstance(output, str):
                raise SearchIndexError("a page's output left the build cache during the build (another build "
                                       "sharing it dropped it): build again")
        document = search.searchable(output)
        if key is not None:
            self.cache.put(key, (document, output if document is None else ""))
        return document, output


class KeptJoining:
    """What joining the parts made (search_merge.Kept) in the build cache, by what each was made from."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache

    def find(self, kind: str, made_from: bytes) -> Any | None:
        return self.cache.get(self.cache.key("search join", kind, made_from))

    def keep(self, kind: str, made_from: bytes, value: Any) -> None:
        self.cache.put(self.cache.key("search join", kind, made_from), value)


class SearchBeside:
    """The process making the search index: `add` each finished page in order, then take the `index`.

    Pages go to a spool file the process reads as they come, and only a byte per page through the pipe that wakes
    it: the build never waits for a process that is behind (a pipe would make it, once a few pages filled it).
    """

    def __init__(self) -> None:
        """Start the process: it loads what it needs while the build reads the content, then waits for `begin`."""
        self._result = tempfile.TemporaryFile()  # noqa: SIM115 - closed by index() or close(), after the process
        self._spool_paths: list[str] = []
        self._spool = self._new_spool()
        self._in_spool = 0
        # The package as this build imports it, wherever that is (an installed copy, a checkout on the path).
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(self._result.fileno()), self._spool_paths[0]],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=environment, pass_fds=(self._result.fileno(),),
            start_new_session=True)  # Ctrl-C stops the build, which stops this process: it is not told twice
        assert self._process.stdin is not None
        self._wake: IO[bytes] = self._process.stdin
        self._gone = False  # the process ended early: its own words say why, at the end
        self._told = b""  # what the process is yet to be told: a byte for each page written since
        self.pages = 0  # pages sent

    def begin(self, start: Start) -> None:
        """Tell the process where the build cache is and how the index is split; the pages follow (`add`)."""
        # The process logs as much as the build listens to: Pagefind's client writes each page into its debug lines.
        levels = {name: logging.getLogger(name).getEffectiveLevel() for name in LOGGERS}
        self._send((start, levels), PAGE)

    @property
    def pid(self) -> int:
        return self._process.pid

    def _send(self, message: Any, token: bytes) -> None:
        """Write `message` to the spool; the process is told of pages WAKE_EVERY at a time, of the rest at once."""
        if self._gone:
            return
        try:
            pickle.dump(message, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
            self._told += token
            if token != PAGE or len(self._told) >= WAKE_EVERY:
                self._spool.flush()  # in the file before the process is told it is there
                self._wake.write(self._told)
                self._wake.flush()
                self._told = b""
        except OSError:  # the process is gone (a broken pipe), or the disk is full: said when the index is taken
            self._gone = True

    def _new_spool(self) -> IO[bytes]:
        spool, path = tempfile.mkstemp(prefix="network-site-search-", suffix=".pages")
        self._spool_paths.append(path)
        # Written WAKE_EVERY pages at a time: each write lets go of the interpreter, and a thread of the build's
        # (the cache's compressing) may then hold it for its whole switch interval.
        return os.fdopen(spool, "wb", buffering=SPOOL_BUFFER)

    def add(self, output: str | None, url: str, output_key: bytes | None = None) -> None:
        """Send one finished page and its address in the index ("/news/x/"); with the key its output is kept under
        in the build cache, if it is that output (KeptDocuments); `output` None if the build read it from there."""
        if self._in_spool >= SPOOL_PAGES:
            spool = self._new_spool()
            self._send(self._spool_paths[-1], NEXT)
            with contextlib.suppress(OSError):
                self._spool.close()
            self._spool, self._in_spool = spool, 0
        self._send((output, url, output_key), PAGE)
        self._in_spool += 1
        self.pages += 1

    def index(self) -> Index:
        """Once every page is sent: the index, when the process has written it; its warnings are logged here."""
        self._send(None, DONE)
        self._end_sending()
        self._process.wait()
        self._ended()
        try:
            return outcome_of(self._result, "the process making it ended without a result")  # type: ignore[no-any-return]
        except BesideError as error:
            raise SearchIndexError(f"the search index could not be built: {error}") from None
        finally:
            self._result.close()

    def close(self) -> None:
        """Stop the process without writing anything (a failed build needs no index)."""
        self._end_sending()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._ended()
        self._result.close()

    def _end_sending(self) -> None:
        for stream in (self._wake, self._spool):
            with contextlib.suppress(OSError):
                stream.close()

    def _ended(self) -> None:
        """The process has ended: the spool files go (it unlinks each once open; not those it never opened)."""
        for path in self._spool_paths:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _pages(wake: IO[bytes], spool: IO[bytes]) -> Iterator[tuple[str | None, str, bytes | None]]:
    """The pages as the build sends them: each read from the spool once the build says it is there."""
    try:
        while (token := wake.read(1)) != DONE:
            if token == PAGE:
                yield pickle.load(spool)
            elif token == NEXT:
                following = _opened(pickle.load(spool))
                spool.close()
                spool = following
            else:
                raise SearchIndexError("the build stopped sending pages")
    finally:
        spool.close()


def _opened(path: str) -> IO[bytes]:
    """A spool file, open for reading, and its name gone (it goes with the last process that has it open)."""
    spool = open(path, "rb")  # noqa: SIM115 - closed by _pages
    os.unlink(path)
    return spool


def _index(start: Start, pages: Iterator[tuple[str | None, str, bytes | None]]) -> Index:
    cache = BuildCache.beside(start.cache_folder, start.cache_salt, start.cache_generation)
    cache.noting()  # the whole index, kept by the build, keeps them (BuildCache.made_of)
    documents = KeptDocuments(cache)
    handover = search.Handover(StreamingIndex, start.part_pages, pages_expected=start.pages_expected,
                               store=SearchParts(cache) if cache.enabled else None,
                               kept=KeptJoining(cache) if cache.enabled else None)
    try:
        for output, url, key in pages:
            document, whole = documents.of(output, key)
            handover.add(document, whole, url)
        bundle = handover.bundle()
    finally:
        handover.close()
    made_of = cache.noted()
    cache.save(full_build=False)  # what it made and used; the build drops what is unused
    return Index(bundle, handover.parts_kept, handover.parts, documents.found, made_of)


def _told(wake: IO[bytes], spool_path: str) -> Index:
    """The start and the pages from the spool, as `wake` says they come; the index made from them."""
    spool = _opened(spool_path)
    if wake.read(1) != PAGE:
        spool.close()
        raise SearchIndexError("the build sent no pages")
    start, levels = pickle.load(spool)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    return _index(start, _pages(wake, spool))


def main(result_fd: int, spool_path: str) -> None:
    """The process: told through standard input, its outcome kept in `result_fd` for the build."""
    with os.fdopen(result_fd, "wb") as result:
        run_and_keep(functools.partial(_told, sys.stdin.buffer, spool_path), result)
    collector.let_go_at_exit()  # the build waits for this process to end before it takes the index


if __name__ == "__main__":
    # Run as the package's module, not as __main__: what it sends back names its classes where the build finds them.
    from generator.fast import search_beside

    search_beside.main(int(sys.argv[1]), sys.argv[2])
