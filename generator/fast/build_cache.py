"""What earlier builds worked out, kept beside mkdocs.yml (.cache/network-site/) and used again on the same inputs.

Every entry is found by a digest of everything it was made from: its own input (a file's text,
a page's Markdown) and the code that made it (this package's files, every installed
distribution's version, Python's). An entry either fits exactly or is not found, so the cache
never makes output stale; deleting the folder only makes the next build slower. A CI build
starts without it (cold); a staff member's build and `mkdocs serve` find the last build's (warm).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import inspect
import logging
import pickle
import queue
import sqlite3
import sys
import threading
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from enum import Enum
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import zstandard

if TYPE_CHECKING:
    from generator.pipeline.staging import Unread

log = logging.getLogger("mkdocs.plugins.network")
T = TypeVar("T")

FOLDER = Path(".cache") / "network-site"
# Named anew whenever the tables change: a cache in the old form is left for the new one (and removed).
DATABASE = "cache-3.sqlite"
OLD_DATABASES = ("cache.sqlite", "cache-2.sqlite")
# Entries no build has used for this many builds are dropped, so the cache does not grow for ever;
# more than one, so that a build and a preview (which shows drafts) do not throw out each other's.
KEPT_BUILDS = 3
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole package: every stage's code makes output
# New entries compressed together on the compressing thread, and written to the database together: BATCH of them, or
# fewer where they come to BATCH_BYTES first. A feed carries its items' whole bodies (a megabyte at 1,000 items): 64
# of them waiting uncompressed, with the batches before them, held 84 MB of the feeds' process of a 1,000-item build.
BATCH = 64
BATCH_BYTES = 4 << 20
PENDING_BATCHES = 2
FLUSH = 512
# Keys asked for in one question (SQLite takes up to 32,766 values in one).
_KEYS_AT_ONCE = 500
# The build that last used each entry is kept apart from the entries: marking the 85,000 entries of a
# 10,000-item build used rewrote every page of the big table (1.5 s), and takes 0.15 s in a small one.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS uses (key BLOB PRIMARY KEY, used INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS builds (generation INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS parts (key BLOB NOT NULL, part BLOB NOT NULL, PRIMARY KEY (key, part)) WITHOUT ROWID;
"""
# An entry made from others (the whole search index, from its parts and each page's searchable part) keeps them as
# long as it is used: a warm build takes the whole index and none of its parts, and three such builds dropped them
# all, so that the next edit indexed every page again (34 s instead of 17 at 10,000 items). Marked through every
# level: a part's own parts too.
_MARK_PARTS = """
UPDATE uses SET used = :generation WHERE used < :generation AND key IN (
    WITH RECURSIVE reached(key) AS (
        SELECT part FROM parts WHERE key IN (SELECT key FROM uses WHERE used = :generation)
        UNION SELECT parts.part FROM parts JOIN reached ON parts.key = reached.key
    )
    SELECT key FROM reached
)
"""
# The same, from the entries just marked alone (in the temporary table `marking`).
_MARK_PARTS_OF_MARKING = """
UPDATE uses SET used = :generation WHERE used < :generation AND key IN (
    WITH RECURSIVE reached(key) AS (
        SELECT part FROM parts WHERE key IN (SELECT key FROM temp.marking)
        UNION SELECT parts.part FROM parts JOIN reached ON parts.key = reached.key
    )
    SELECT key FROM reached
)
"""
# What this process marked used, in the cache of a folder, in one generation. A preview's saves are builds of one
# generation (a full build alone starts the next): each save marked every entry used again, and found every part of
# them again through the whole table, a sixtieth of a second of each save at 1,000 items; it marks those it had not.
_MARKED: dict[tuple[str, int], set[bytes]] = {}


# A file kept may be unread: its kept copy, by name (generator/fast/kept_files.py), to be linked rather than read.
OutputFiles = Mapping[str, "bytes | Unread"]


class Memo(Protocol):
    """Files made by `make`, or the same files kept by an earlier build that had the same inputs: the memo's own
    (the site's graph), the output's name, and the parts given (the digests of the bodies it carries); `value`, the
    same for a value the outputs are made of (a feed's entry for an item, in every feed the item is in)."""

    def __call__(self, name: str, parts: Sequence[str], make: Callable[[], dict[str, bytes]]) -> OutputFiles: ...

    def value(self, name: str, parts: Sequence[str], make: Callable[[], T]) -> T: ...


class NoMemo:
    """Make everything, keep nothing."""

    def __call__(self, name: str, parts: Sequence[str], make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        return make()

    def value(self, name: str, parts: Sequence[str], make: Callable[[], T]) -> T:
        return make()


no_memo = NoMemo()


def digest(*parts: str | bytes) -> bytes:
    """A digest of the parts, each kept apart from the next (so 'ab','c' and 'a','bc' differ)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.digest()


def stable_text(value: Any, depth: int = 0) -> str:
    """A text that is the same for equal values from one build to the next (no object addresses, sets in order)."""
    if depth > 8:
        return "…"
    # The usual values first, by their exact type (the same texts as below, without the abstract types' checks).
    kind = type(value)
    if kind in _PLAIN:
        return repr(value)
    if kind is dict:
        entries = sorted([(stable_text(k, depth + 1), stable_text(v, depth + 1)) for k, v in value.items()])
        return "dict{" + ",".join([f"{k}:{v}" for k, v in entries]) + "}"
    if kind is list or kind is tuple:
        return f"{kind.__name__}[" + ",".join([stable_text(v, depth + 1) for v in value]) + "]"
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return repr(value)
    if isinstance(value, Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, (dt.date, dt.time, dt.timedelta, PurePath)):
        return f"{type(value).__name__}({value})"
    # A class or function is its name, before the mappings: a mapping class (a hook's `import Counter`) has an
    # `items` too, which is not called without an instance.
    if isinstance(value, type) or inspect.isroutine(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', repr(value))}"
    # A module (mkdocs.yml's `hooks:` are the network's own) is its code; its globals are whatever it imported.
    if isinstance(value, types.ModuleType):
        return f"module {value.__name__}:{_code_digest(getattr(value, '__file__', None))}"
    pairs = _entries(value)
    if pairs is not None:
        entries = sorted(((stable_text(k, depth + 1), stable_text(v, depth + 1)) for k, v in pairs))
        return f"{type(value).__name__}{{" + ",".join(f"{k}:{v}" for k, v in entries) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable_text(v, depth + 1) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__}[" + ",".join(stable_text(v, depth + 1) for v in value) + "]"
    if isinstance(value, functools.partial):
        return "partial" + stable_text((value.func, value.args, value.keywords), depth + 1)
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    if hasattr(value, "__dict__"):
        fields = {k: v for k, v in vars(value).items() if not k.startswith("__")}
        return name + stable_text(fields, depth + 1)
    if hasattr(type(value), "__slots__"):
        return name + stable_text({k: getattr(value, k, None) for k in type(value).__slots__}, depth + 1)
    shown = repr(value)
    return name if " at 0x" in shown else f"{name}:{shown}"


def _entries(value: Any) -> list[tuple[Any, Any]] | None:
    """A mapping's entries, or those of what reads like one (a configuration object of a plugin); None for anything
    else, such as an object whose `items` is a list, or a method that wants arguments."""
    if not isinstance(value, Mapping) and not (callable(getattr(value, "items", None))
                                               and callable(getattr(value, "keys", None))):
        return None
    try:
        return list(value.items())
    except TypeError:
        return None


def _code_digest(source: Any) -> str:
    """A digest of a module's file, or nothing for a module without one (built in, or not read)."""
    if not isinstance(source, str):
        return ""
    try:
        return digest(Path(source).read_bytes()).hex()
    except OSError:
        return ""


# Types whose text is their repr, when a value is of exactly that type.
_PLAIN = frozenset({str, int, float, bool, bytes, type(None)})


def kept_text(cache: BuildCache, namespace: str, value: Any, write: Callable[[Any], str]) -> str:
    """`write(value)`, or what it wrote in an earlier build for the same value (found by its pickle, order and all)."""
    key = cache.key(namespace, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    found = cache.get(key)
    if isinstance(found, str):
        return found
    written = write(value)
    cache.put(key, written)
    return written


def code_fingerprint(extra_files: Iterable[Path] = ()) -> str:
    """A digest of the code that makes the output: this package, `extra_files` (a network's own types), Python
    and the version of every installed distribution (MkDocs, the theme, Markdown, Jinja, Pagefind …)."""
    parts: list[str | bytes] = [sys.version]
    files = sorted(path for path in _PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    for path in [*files, *sorted(extra_files)]:
        parts += [str(path.relative_to(_PACKAGE)) if path.is_relative_to(_PACKAGE) else str(path), path.read_bytes()]
    parts += sorted(_name_and_version(dist) for dist in importlib.metadata.distributions())
    return digest(*parts).hex()


def _name_and_version(dist: importlib.metadata.Distribution) -> str:
    """'Name==version' as the distribution's metadata says, read from its first lines alone: importlib.metadata
    parses the long description too (most of a second of a build's start under a profiler), and the e-mail parser
    every header (0.13 s of each build for 112 distributions)."""
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break  # the headers end; the description follows
        name, colon, value = line.partition(":")
        if colon and name in ("Name", "Version"):
            fields.setdefault(name, value.strip())
            if len(fields) == 2:
                break
    return f"{fields.get('Name')}=={fields.get('Version')}"


class ReadAhead:
    """Entries read from the database, unpacked, on a thread of their own, a few ahead of the build asking for them.

    The pages a warm build keeps are read in the order MkDocs writes them: the database's reading and Zstandard's
    unpacking let go of the interpreter, so they run beside MkDocs' loop (10,000 pages, 370 MB, read one by one
    on the loop's own thread took a second of a 10,000-item build). An entry asked for out of order is not found
    here (the caller reads it itself); after a few, the thread stops.
    """

    AHEAD = 32  # entries read and not yet asked for, at most
    MISSES = 64  # entries asked for out of order before reading ahead stops

    def __init__(self, database: Path, keys: Sequence[bytes]) -> None:
        self._read: queue.Queue[tuple[bytes, Any] | None] = queue.Queue(maxsize=self.AHEAD)
        self._waiting: dict[bytes, Any] = {}  # read, and passed over by an ask for a later key
        self._stop = threading.Event()
        self._ended = False
        # Started at the first ask, not before: the build forks its feeds' process after choosing the kept pages,
        # and a fork while this thread holds SQLite's locks leaves the child waiting for them for ever.
        self._thread = threading.Thread(target=self._reading, args=(database, list(keys)), daemon=True,
                                        name="build-cache-read-ahead")

    def _reading(self, database: Path, keys: list[bytes]) -> None:
        try:
            db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
        except sqlite3.Error:
            self._hand(None)
            return
        try:
            for key in keys:
                try:
                    row = db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
                    value = _unpack(row[0]) if row is not None else None
                except (sqlite3.Error, *_UNREADABLE):
                    value = None  # asked for again by the caller, who says what is wrong
                if not self._hand((key, value)):
                    return
            self._hand(None)
        finally:
            db.close()

    def _hand(self, item: tuple[bytes, Any] | None) -> bool:
        """Hand an entry over (None: no more); False once the build has stopped asking."""
        while not self._stop.is_set():
            try:
                self._read.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def take(self, key: bytes) -> Any | None:
        """The value under `key` if it was read ahead, or None (then the caller reads it)."""
        if key in self._waiting:
            return self._waiting.pop(key)
        if self._thread.ident is None and not self._ended:
            self._thread.start()
        while not self._ended and len(self._waiting) < self.MISSES:
            item = self._next()
            if item is None:
                self._ended = True
                break
            if item[0] == key:
                return item[1]
            self._waiting[item[0]] = item[1]
        if not self._ended:
            self.stop()
        return None

    @property
    def reading(self) -> bool:
        """Whether its thread has started and not been stopped."""
        return self._thread.ident is not None and not self._stop.is_set()

    def _next(self) -> tuple[bytes, Any] | None:
        while True:
            try:
                return self._read.get(timeout=0.5)
            except queue.Empty:
                if not self._thread.is_alive():  # it ended without saying so: nothing more comes
                    return None

    def stop(self) -> None:
        """Stop reading (the build is over, or asks in another order), and wait for the thread to end: no thread of
        it is left when the build (or a preview's next build) forks."""
        self._stop.set()
        self._ended = True
        self._waiting.clear()
        if self._thread.ident is not None:
            self._thread.join()


def _compressed(batch: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(key, _pack(pickled)) for key, pickled in batch]


# Zstandard, not zlib: a cold 1,000-item build compresses 130 MB of pages and feeds, which zlib's fastest level took
# 1.2 s of CPU to do and zstd does in a third of that, smaller, and unpacks three times faster in a warm build.
# Its (de)compressors are not to be shared between threads: each thread has its own.
_ZSTD_LEVEL = 3
_zstd = threading.local()


def _compressor() -> zstandard.ZstdCompressor:
    made = getattr(_zstd, "compressor", None)
    if made is None:
        made = _zstd.compressor = zstandard.ZstdCompressor(level=_ZSTD_LEVEL)
    return made


def _decompressor() -> zstandard.ZstdDecompressor:
    made = getattr(_zstd, "decompressor", None)
    if made is None:
        made = _zstd.decompressor = zstandard.ZstdDecompressor()
    return made


# What unpacking an entry raises when it is damaged, or holds a class of code since changed or gone: made again.
_UNREADABLE = (zstandard.ZstdError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError)


def _pack(pickled: bytes) -> bytes:
    """An entry as stored: compressed, unless what it holds is compressed already (a search index)."""
    packed = _compressor().compress(pickled)
    return b"s" + packed if len(packed) < len(pickled) * 0.9 else b"p" + pickled


def _unpack(stored: bytes) -> Any:
    kind, data = stored[:1], stored[1:]
    if kind == b"s":
        return pickle.loads(_decompressor().decompress(data))
    if kind == b"p":
        return pickle.loads(data)
    raise ValueError("not an entry of this cache")


def done(value: T) -> Future[T]:
    """A future already holding `value`, beside those still being made on a thread."""
    future: Future[T] = Future()
    future.set_result(value)
    return future


class BuildCache:
    """Entries by namespace and key, read from and written to one SQLite file in one transaction per build."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.salt = salt
        self.hits = self.misses = 0
        self._new: dict[bytes, bytes] = {}  # new entries, compressed
        # New entries not compressed yet: they are compressed BATCH at a time on a thread of their own (zstd
        # lets go of the interpreter while it works; one wake-up per batch keeps the build from waiting for it).
        self._pickled: dict[bytes, bytes] = {}
        self._batch: list[bytes] = []
        self._batch_bytes = 0
        self._batches: list[Future[list[tuple[bytes, bytes]]]] = []
        self._compressing: ThreadPoolExecutor | None = None
        self._reading_only = False  # a forked body worker's: its build keeps the bodies it renders
        self._used: set[bytes] = set()
        self._parts: dict[bytes, frozenset[bytes]] = {}  # entries made from others (`made_of`): what from
        self._made: set[bytes] | None = None  # what this process made, while `noting` (what it used: `_used`)
        self._db: sqlite3.Connection | None = None
        self._readers: list[ReadAhead] = []  # each stopped before a fork (settle) and when the cache closes
        self._generation = 0
        self.folder = folder
        if folder is not None:
            self._open(folder)

    @classmethod
    def disabled(cls) -> BuildCache:
        """A cache that finds nothing and keeps nothing."""
        return cls(None, "")

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def _open(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # What this folder is, for anyone who finds it: git and backups can leave it out.
            (folder / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# The network site's build cache: safe to delete, made again by the next build.\n",
                encoding="utf-8",
            )
            try:
                self._connect(folder)
            except sqlite3.DatabaseError:  # not a database (damaged, or something else wrote it): made anew
                self._close_quietly()
                (folder / DATABASE).unlink()
                self._connect(folder)
        except (OSError, sqlite3.Error) as error:
            # A cache that cannot be read only costs time: the build goes on without it.
            log.info("The build cache in %s cannot be used (%s): building without it.", folder, error)
            self._close_quietly()

    def _connect(self, folder: Path) -> None:
        for old in OLD_DATABASES:
            (folder / old).unlink(missing_ok=True)
        self._db = sqlite3.connect(folder / DATABASE, timeout=30, isolation_level=None)
        self._db.executescript(_SCHEMA)
        row = self._db.execute("SELECT max(generation) FROM builds").fetchone()
        self._generation = (row[0] or 0) + 1

    @classmethod
    def beside(cls, folder: Path | None, salt: str, generation: int) -> BuildCache:
        """A process beside the build's share of its cache (the search index's): it writes what it makes as it
        goes, as the build does, and marks what it used as the build's (`generation`) when it is done (`save` of a
        build that is not full)."""
        cache = cls(None, salt)
        if folder is not None:
            cache.folder = folder
            cache._connect_beside(folder, generation)
        return cache

    @property
    def generation(self) -> int:
        """The build's number, which marks the entries it made or used (those of no recent build are dropped)."""
        return self._generation

    @property
    def place(self) -> tuple[Path | None, str, int]:
        """Where a process beside the build finds this cache, to make its own (`beside`): its folder (None if it is
        off), its salt and the build's number."""
        return (self.folder if self.enabled else None, self.salt, self._generation)

    def reopen(self) -> None:
        """In a forked body worker: a connection of its own (a connection cannot cross a fork), for reading (its
        build keeps the bodies it renders)."""
        if self._db is None or self.folder is None:
            return
        self._db = None  # the parent's: neither used nor closed here
        self._connect_reading(self.folder)

    def _connect_reading(self, folder: Path) -> None:
        try:
            self._db = sqlite3.connect(f"file:{folder / DATABASE}?mode=ro", uri=True, timeout=30)
        except sqlite3.Error:
            self._db = None
        self._start_anew(reading_only=True)

    def _connect_beside(self, folder: Path, generation: int) -> None:
        # What a process beside the build makes is written by that process, not handed to the build: the search
        # index's process held 105 MB of entries to the end of a 10,000-item build, and the build took them from it.
        try:
            self._db = sqlite3.connect(folder / DATABASE, timeout=30, isolation_level=None)
        except sqlite3.Error:
            self._db = None
        self._start_anew(reading_only=False)
        self._generation = generation

    def _start_anew(self, reading_only: bool) -> None:
        # A forked process has the parent's new entries but not its compressing thread: they are the parent's to write.
        self._new, self._used, self._compressing, self._reading_only = {}, set(), None, reading_only
        self._pickled, self._batch, self._batch_bytes, self._batches = {}, [], 0, []

    def key(self, namespace: str, *parts: str | bytes) -> bytes:
        """The key of an entry: the namespace, the code's fingerprint and every part the entry was made from."""
        return digest(self.salt, namespace, *parts)

    def get(self, key: bytes) -> Any | None:
        """The value kept under `key`, or None."""
        if key in self._pickled:
            self.hits += 1
            return pickle.loads(self._pickled[key])
        if key in self._new:
            self.hits += 1
            return _unpack(self._new[key])
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            value = _unpack(row[0]) if row is not None else None
        except (sqlite3.Error, *_UNREADABLE) as error:
            log.debug("Build cache entry unreadable (%s): made again.", error)
            value = None
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.add(key)
        return value

    def get_many(self, keys: Iterable[bytes]) -> dict[bytes, Any]:
        """The values kept under those of `keys` the cache has (as `get` finds each)."""
        found: dict[bytes, Any] = {}
        stored: list[bytes] = []
        for key in keys:
            if key in self._pickled or key in self._new:
                found[key] = self.get(key)
            elif key not in found:
                stored.append(key)
        read = 0
        for key, packed in self._rows("value", stored):
            try:
                found[key] = _unpack(packed)
            except _UNREADABLE as error:
                log.debug("Build cache entry unreadable (%s): made again.", error)
                continue
            self._used.add(key)
            read += 1
        self.hits += read
        self.misses += len(set(stored)) - read
        return found

    def has_many(self, keys: Iterable[bytes]) -> set[bytes]:
        """Those of `keys` an entry is kept under (without reading them)."""
        keys = set(keys)
        present = {key for key in keys if key in self._new or key in self._pickled}
        return present | {key for key, _ in self._rows("1", sorted(keys - present))}

    def _rows(self, column: str, keys: Iterable[bytes]) -> Iterator[tuple[bytes, Any]]:
        """(key, `column`) of the entries under `keys`, asked for many at a time in the keys' order: one question per
        key, 10,000 of them for the pages of a warm build, each let go of the interpreter and waited to have it back
        (a second of such a build's own thread)."""
        if self._db is None:
            return
        ordered = sorted(set(keys))
        for start in range(0, len(ordered), _KEYS_AT_ONCE):
            chunk = ordered[start:start + _KEYS_AT_ONCE]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(f"SELECT key, {column} FROM entries WHERE key IN ({marks})", chunk).fetchall()
            except sqlite3.Error as error:
                log.debug("Build cache unreadable (%s): its entries are made again.", error)
                return
            yield from rows

    def read_ahead(self, keys: Sequence[bytes]) -> ReadAhead | None:
        """Entries of earlier builds, read on a thread of their own in the order of `keys`, the order in which they
        will be asked for (`ReadAhead.take`); None without a database."""
        if self._db is None or self.folder is None or self._reading_only or not keys:
            return None
        reader = ReadAhead(self.folder / DATABASE, keys)
        self._readers.append(reader)
        return reader

    def has(self, key: bytes | None) -> bool:
        """Whether an entry is kept under `key` (without reading it)."""
        if key is None:
            return False
        if key in self._new or key in self._pickled:
            return True
        if self._db is None:
            return False
        try:
            return self._db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None
        except sqlite3.Error:
            return False

    def put(self, key: bytes, value: Any) -> None:
        """Keep `value` under `key` (written when the build is finished)."""
        if self._db is not None:
            self._put(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def _put(self, key: bytes, pickled: bytes) -> None:
        if self._made is not None:
            self._made.add(key)
        self._pickled[key] = pickled
        self._batch.append(key)
        self._batch_bytes += len(pickled)
        if len(self._batch) >= BATCH or self._batch_bytes >= BATCH_BYTES:
            if self._compressing is None:
                self._compressing = ThreadPoolExecutor(1, thread_name_prefix="build-cache")
            batch = [(key, self._pickled[key]) for key in self._batch]
            self._batches.append(self._compressing.submit(_compressed, batch))
            self._batch, self._batch_bytes = [], 0
            # A build makes pages faster than the thread, which waits for the interpreter, compresses them: it waits
            # for the oldest batch beyond a few, so that 10,000 pages are not held uncompressed (300 MB).
            while len(self._batches) > PENDING_BATCHES:
                self._batches[0].result()
                self._collect(wait=False)
            self._collect(wait=False)

    def _collect(self, wait: bool) -> None:
        """Move compressed batches (the finished ones, or all) to the new entries."""
        if wait and self._batch:
            self._batches.append(done(_compressed([(key, self._pickled[key]) for key in self._batch])))
            self._batch, self._batch_bytes = [], 0
        while self._batches and (wait or self._batches[0].done()):
            for key, packed in self._batches.pop(0).result():
                self._new[key] = packed
                self._pickled.pop(key, None)
        if len(self._new) >= FLUSH:
            self._flush()

    def _flush(self) -> None:
        """Write the new entries now, so that a build of 10,000 pages does not hold them all until it ends."""
        if self._db is None or self._reading_only:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._write_new(self._generation)
        except sqlite3.Error as error:
            log.info("The build cache could not be written (%s): the next build makes it again.", error)
        self._new.clear()

    @staticmethod
    def packed(value: Any) -> bytes:
        """A value as an entry holds it (made where it is made, a worker process, say); see put_packed."""
        return _pack(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def unpacked(packed: bytes) -> Any:
        return _unpack(packed)

    def put_packed(self, key: bytes, packed: bytes) -> None:
        """Keep a value already packed (`packed`) under `key`."""
        if self._db is not None:
            if self._made is not None:
                self._made.add(key)
            self._new[key] = packed
            if len(self._new) >= FLUSH:
                self._flush()

    def keep(self, key: bytes) -> None:
        """Count an entry as used by this build without reading it (so it is not dropped)."""
        self._used.add(key)

    def noting(self) -> None:
        """From now on, note the entries this process makes, so that an entry made from them can name them
        (`noted`, then `made_of`)."""
        self._made = set()

    def noted(self) -> frozenset[bytes]:
        """The entries used since the last save and made since `noting`."""
        return frozenset(self._used | (self._made or set()))

    def made_of(self, key: bytes, parts: Iterable[bytes]) -> None:
        """Note that the entry under `key` was made from the entries under `parts`: a build that uses it keeps them
        (written when the build is finished)."""
        if self._db is not None:
            self._parts[key] = frozenset(parts) - {key}

    def save(self, full_build: bool = True) -> None:
        """Write this build's new entries and mark those it used; after a full build, drop entries unused for
        KEPT_BUILDS builds (a process beside the build saves as a build that is not full: the build drops them)."""
        if self._db is None:
            return
        self.settle()
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                generation = self._generation
                self._write_new(generation)
                self._write_parts()
                self._mark_used(generation, self._new.keys())
                if full_build:
                    self._db.execute("DELETE FROM builds")
                    self._db.execute("INSERT INTO builds (generation) VALUES (?)", (generation,))
                    unused = generation - KEPT_BUILDS
                    self._db.execute("DELETE FROM entries WHERE key IN (SELECT key FROM uses WHERE used <= ?)",
                                     (unused,))
                    self._db.execute("DELETE FROM parts WHERE key IN (SELECT key FROM uses WHERE used <= ?)",
                                     (unused,))
                    self._db.execute("DELETE FROM uses WHERE used <= ?", (unused,))
        except sqlite3.Error as error:
            log.info("The build cache could not be written (%s): the next build makes it again.", error)
        self._new.clear()
        self._used.clear()
        self._pickled.clear()
        self._parts.clear()

    def _write_new(self, generation: int) -> None:
        """The new entries into the database (in a transaction of the caller's), marked used by `generation`."""
        assert self._db is not None
        new = sorted(self._new)  # in the tables' order, as `save` marks entries used
        self._db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)",
                             ((key, self._new[key]) for key in new))
        self._db.executemany("INSERT OR REPLACE INTO uses (key, used) VALUES (?, ?)",
                             ((key, generation) for key in new))

    def _mark_used(self, generation: int, new: Iterable[bytes]) -> None:
        """The entries used (in a transaction of the caller's) marked as used by `generation`, with their parts; `new`:
        the entries written, marked already."""
        assert self._db is not None
        where = (str(self.folder), generation)
        marked = _MARKED.get(where)
        if marked is None:
            _MARKED.clear()  # another generation's (or cache's): the next mark of those starts anew
            marked = _MARKED[where] = set()
        # In the keys' order, the order of the table's pages: in the order they were used (by their digests, at
        # random), each update went to another page than the one before, more pages than SQLite holds at once,
        # written out and read back again (saving a 10,000-item build: 0.36 s; in order, 0.31 s).
        fresh = sorted(self._used - marked)
        self._db.executemany("UPDATE uses SET used = ? WHERE key = ?", ((generation, key) for key in fresh))
        if not marked:  # this generation's first save here: all it used, and what others marked in it
            self._db.execute(_MARK_PARTS, {"generation": generation})
        else:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS marking (key BLOB PRIMARY KEY) WITHOUT ROWID")
            self._db.execute("DELETE FROM temp.marking")
            self._db.executemany("INSERT OR IGNORE INTO temp.marking (key) VALUES (?)",
                                 ((key,) for key in (*fresh, *new)))
            self._db.execute(_MARK_PARTS_OF_MARKING, {"generation": generation})
        marked.update(fresh, new)

    def _write_parts(self) -> None:
        """What each entry made from others this build was made from (in a transaction of the caller's)."""
        assert self._db is not None
        for key, parts in sorted(self._parts.items()):
            self._db.execute("DELETE FROM parts WHERE key = ?", (key,))
            self._db.executemany("INSERT INTO parts (key, part) VALUES (?, ?)", ((key, part) for part in sorted(parts)))

    def settle(self) -> None:
        """Finish compressing and stop the thread that does it, and any reading ahead (before a fork: a thread does
        not cross it, and the locks it held would stay held in the child)."""
        self._collect(wait=True)
        if self._compressing is not None:
            self._compressing.shutdown(wait=True)
            self._compressing = None
        for reader in self._readers:
            if reader.reading:  # one not started yet holds no thread, and starts at its first ask
                reader.stop()

    def close(self) -> None:
        self._close_quietly()

    def _close_quietly(self) -> None:
        self.settle()
        for reader in self._readers:
            reader.stop()
        self._readers = []
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
