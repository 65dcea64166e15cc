"""Files a build writes, kept in the build cache's folder by their bytes and linked into the site.

A warm build of 10,000 items writes some 24,000 files with the very bytes the build before wrote: its pages, the
search index's parts, feeds, calendars and the editor. Writing one again is a new file on the disk and its bytes
copied; a hard link to a kept copy is neither. (On this machine's disk, ext4 without a journal, a new file made soon
after thousands were deleted, as a build's staging folder is after the last site, cost the kernel up to half a
millisecond: 10 of a warm 10,000-item build's 23 seconds.) A kept copy is named by the digest of its bytes, so the
same bytes are the same copy whatever made them, and a kept page's output need not be known to be kept.

The site's file and its kept copy are then one file on the disk: a tool that writes over a published file in place
(a minifier run on the site after the build) changes the kept copy too. So the size and modification time of each
copy are noted when it is made, and one that no longer has them is made anew rather than linked; each copy is linked
at one place in a build at most, so that such a tool never changes two pages at once. Where links cannot be made (the
site on another disk than the cache, a file system without them), files are written as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.pipeline.staging import Unread, replace_whole

log = logging.getLogger("mkdocs.plugins.network")

# What each kept copy was when it was made: its name → (size, modification time in ns).
NOTES = "copies.pickle"


def copy_name(data: bytes) -> str:
    """The name of the kept copy of a file whose bytes are `data`: their digest."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@dataclass(frozen=True)
class KeptCopy:
    """A file an earlier build made, by the name of its kept copy: linked into the site by `KeptFiles.write`, its
    bytes read (`read`) only where the copy cannot be linked."""

    name: str
    size: int
    read: Callable[[], bytes]

    def __len__(self) -> int:
        return self.size


class KeptFiles:
    """`write` a build's files through kept copies; `save` once the build is done, which drops the copies it did not
    use. Safe to call from several threads at once (the page writer's and the build's)."""

    def __init__(self, folder: Path | None) -> None:
        self._folder = folder
        self._linking = folder is not None
        self._known: dict[str, tuple[int, int]] = {}
        self._used: dict[str, tuple[int, int]] = {}
        self._folders: set[str] = set()
        self._lock = threading.Lock()
        self.linked = self.made = 0
        if folder is not None:
            with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
                known = pickle.loads((folder / NOTES).read_bytes())
                if isinstance(known, dict):
                    self._known = known

    def __getstate__(self) -> dict[str, object]:
        # Handed to the process making the feeds beside the build (generator/fast/zygote.py): all but the lock.
        return {name: value for name, value in vars(self).items() if name != "_lock"}

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        self._lock = threading.Lock()

    def write(self, target: str, data: bytes | Unread) -> str | None:
        """Put `data` at `target`, whose folder exists: linked to a kept copy where one can be (its name, returned),
        else written (None)."""
        if isinstance(data, KeptCopy) and self.link(target, data.name):
            return data.name
        if not isinstance(data, bytes):
            data = data.read()
        if self._linking:
            try:
                name = self._link(target, data)
                if name is not None:
                    return name
            except OSError as error:
                # Another disk, no links on this one, or no room for a copy: written as before, for the whole build.
                log.debug("Files are written, not linked from the build cache: %s", error)
                self._linking = False
        if self._folder is not None:
            # Never through a link: writing into it would change the kept copy.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        with open(target, "wb") as file:
            file.write(data)
        return None

    def usable(self, name: str) -> bool:
        """Whether the copy `name` is kept as it was made, to be linked (`link`) without its bytes being known."""
        noted = self._known.get(name)
        if not self._linking or noted is None:
            return False
        try:
            status = os.stat(self._copy(name))
        except OSError:
            return False
        return noted == (status.st_size, status.st_mtime_ns)

    def link(self, target: str, name: str) -> bool:
        """Link `target` (its folder exists) to the copy `name` found `usable`; False where it cannot be (gone since,
        or linked at another place of this build already): its bytes are to be written."""
        noted = self._known.get(name)
        if noted is None or not self._claim(name):
            return False
        try:
            self._link_to(self._copy(name), target)
        except OSError:
            return False
        self._used[name] = noted
        self.linked += 1
        return True

    def _claim(self, name: str) -> bool:
        """Take the copy `name` for one place of this build; False if another place has it already."""
        with self._lock:
            if name in self._used:
                return False
            self._used[name] = (-1, -1)  # not yet linked: not kept unless the link is made
            return True

    def _copy(self, name: str) -> Path:
        assert self._folder is not None
        return self._folder / name[:2] / name

    @staticmethod
    def _link_to(kept: Path, target: str) -> None:
        try:
            os.link(kept, target)
        except FileExistsError:  # written once already at this place: the last bytes given are the file
            os.unlink(target)
            os.link(kept, target)

    def _link(self, target: str, data: bytes) -> str | None:
        """Link `target` to the kept copy of `data`, made first if need be, and name it; None where it is linked
        elsewhere."""
        assert self._folder is not None
        name = copy_name(data)
        if not self._claim(name):
            return None  # the same bytes at another place of this build: a file of its own
        kept = self._copy(name)
        noted = self._known.get(name)
        same = noted is not None and noted[0] == len(data) and self.usable(name)
        if not same:
            noted = self._make(kept, data)
        assert noted is not None
        self._link_to(kept, target)
        self._used[name] = noted
        if same:
            self.linked += 1
        else:
            self.made += 1
        return name

    def _make(self, kept: Path, data: bytes) -> tuple[int, int]:
        """A new kept copy of `data`; its size and modification time. No build links a copy being written: each
        links only copies whose size and time it noted, and one made now has neither."""
        folder = str(kept.parent)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            descriptor = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # a copy no longer as it was made (or being made elsewhere): replaced whole
            return self._replace(kept, data)
        try:
            with open(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                status = os.fstat(descriptor)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(kept)
            raise
        return status.st_size, status.st_mtime_ns

    @staticmethod
    def _replace(kept: Path, data: bytes) -> tuple[int, int]:
        # Written under a name of this process and thread: another thread, or the process making the feeds beside
        # the build, may make the same copy.
        replace_whole(str(kept), data)
        status = os.stat(kept)
        return status.st_size, status.st_mtime_ns

    def taken(self) -> dict[str, tuple[int, int]]:
        """The copies this build linked so far, as noted: a forked process's, for its build (`add`)."""
        return {name: noted for name, noted in self._used.items() if noted[0] >= 0}

    def add(self, copies: dict[str, tuple[int, int]]) -> None:
        """Count the copies a forked process linked (`taken`) as this build's."""
        with self._lock:
            self._used.update(copies)

    def save(self) -> None:
        """Note the copies this build used and drop the others (and what a failed write left)."""
        if self._folder is None:
            return
        used = self.taken()
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            for folder in os.scandir(self._folder):
                if not folder.is_dir(follow_symlinks=False):
                    continue
                for entry in os.scandir(folder.path):
                    if entry.name not in used:
                        os.unlink(entry.path)
            replace_whole(str(self._folder / NOTES), pickle.dumps(used, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as error:  # only costs time: the next build writes these files again
            log.info("The build cache's copies of the site's files could not be noted (%s).", error)
        log.debug("Files linked from the build cache's copies: %d, copies made: %d", self.linked, self.made)
        self._known, self._used = used, {}
