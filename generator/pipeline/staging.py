"""Publishing a finished build: staged beside the site, put in place whole, whatever the output folder is.

A failed build (a content error, a strict-mode warning, a crash in a template, a full disk) leaves
the last good site exactly as it was, because nothing is written there until the very end. Then:

- `site/` is a folder: the staged build and the site are exchanged in one atomic rename (Linux's
  renameat2 RENAME_EXCHANGE), so a reader never finds the folder missing or half-built. Where the
  file system cannot exchange, two renames; a crash between them is repaired by the next build.
- `site/` is a link to a folder elsewhere (a web root): the build is staged beside the link's target
  and exchanged with the target the same way; the link stays as it is.
- `site/` is a mount point (or the target's folder cannot be written): no rename can replace it, so
  the staged build is copied in, each file written under a temporary name and renamed over the old
  one, new pictures, styles and feeds before the pages that use them, files the build no longer has
  removed last. While that runs (seconds), readers may get pages of both builds side by side, never
  a half-written file. If it fails half-way, the message says the site is partly updated.

Each build holds a lock on its staging folder while it runs; the next build removes the staging
folders whose lock is free (builds that were killed), never one of a build still running. Swaps of
two builds at once take turns under a lock on the folder they share.

The site a build replaces is removed by a process of its own, after the build has ended: removing
24,000 files of a 10,000-item site takes three seconds of the disk's time, which the build would
only wait for. That process holds the folder's lock until the folder is gone; a removal that was
killed is finished by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

from generator.content.paths import output_path

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
# Renames that cannot replace the folder (a mount point, another file system, a parent staff cannot
# write): the build is copied in instead.
_CANNOT_RENAME = {errno.EBUSY, errno.EXDEV, errno.EACCES, errno.EPERM}
# What staff can do about the usual reasons a write fails.
_ADVICE = {
    errno.ENOSPC: ("the disk is full", "free some space on it and build again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and build again"),
    errno.EACCES: ("permission denied", "make the folder writable, or build elsewhere with mkdocs build -d"),
    errno.EPERM: ("not permitted", "make the folder writable, or build elsewhere with mkdocs build -d"),
    errno.EROFS: ("the disk is read-only", "build onto a writable disk with mkdocs build -d"),
}


class OutputError(Exception):
    """The site could not be written or put in place, said in one line: what failed, where, what to do."""


class StagedOutput:
    """A staging folder beside the site's real folder, and the swap (or copy) that publishes it."""

    def __init__(self, final_dir: Path) -> None:
        self.final_dir = final_dir
        # Where the site's files really live: the link's target when site/ is a link to the web root.
        self.place = final_dir.resolve() if final_dir.is_symlink() else final_dir
        self.place.parent.mkdir(parents=True, exist_ok=True)
        parent = self.place.parent if os.access(self.place.parent, os.W_OK) else final_dir.parent
        self._prefix = f".{self.place.name}."
        with _taking_turns(parent):
            _recover(self.place, parent, self._prefix)
            _remove_abandoned(parent, self._prefix)
            # Same parent as the site, so that publishing is a rename on one file system, never a copy.
            self.staging_dir = Path(tempfile.mkdtemp(prefix=f"{self._prefix}building-", dir=parent))
        self._lock = _locked(self.staging_dir)
        # mkdtemp makes a private folder; a published site must be readable by the web server.
        self.staging_dir.chmod(0o755)

    def publish(self) -> None:
        """Put the staged build in place of the site: exchanged whole, or copied in file by file."""
        with _taking_turns(self.staging_dir.parent):
            try:
                if not self._swap():
                    self._copy_in()
            finally:
                self._unlock()
            self._remove_after()  # the old site, or what is left of the staging

    def discard(self) -> None:
        """Throw the staged build away; the output folder is untouched."""
        self._unlock()
        with _taking_turns(self.staging_dir.parent):
            self._remove_after()

    def _remove_after(self) -> None:
        """Set the staging folder aside under a name no build publishes or repairs from, and remove it beside."""
        if not self.staging_dir.exists():
            return
        aside = self.staging_dir.with_name(f"{self._prefix}removing-{self.staging_dir.name.rsplit('-', 1)[-1]}")
        try:
            self.staging_dir.rename(aside)
        except OSError:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
            return
        _remove_beside(aside)

    def failure(self, error: OSError) -> str | None:
        """A failed write into the output as staff read it, in one line; None if the error is not about the output."""
        return failure(self.final_dir, error, self.staging_dir)

    def _swap(self) -> bool:
        """Exchange the staged build with the site in one step (or two renames); False if renaming cannot."""
        if not self.place.exists():
            self.staging_dir.rename(self.place)
            return True
        try:
            if _exchange(self.staging_dir, self.place):
                return True  # the old site is now in the staging folder, removed after
            old = self.place.with_name(f"{self._prefix}old-{self.staging_dir.name.rsplit('-', 1)[-1]}")
            self.place.rename(old)
        except OSError as error:
            if error.errno in _CANNOT_RENAME:
                return False
            raise
        try:
            self.staging_dir.rename(self.place)
        except OSError:
            old.rename(self.place)
            raise
        self.staging_dir = old  # removed after, like the exchanged old site
        return True

    def _copy_in(self) -> None:
        try:
            _copy_into(self.staging_dir, self.place, self.staging_dir.name.rsplit("-", 1)[-1])
        except OSError as error:
            reason, advice = _ADVICE.get(error.errno or 0, (error.strerror or str(error), "build again"))
            raise OutputError(
                f"Could not copy the site into {self.final_dir}: {reason}. The site there may be partly updated; "
                f"{advice}."
            ) from None

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def failure(final_dir: Path, error: OSError, staging: Path | None = None) -> str | None:
    """What a failed write into the output means, in one line naming the file as it would be published.

    None when the error is about another file (reading content/, say): that is not the output's problem.
    """
    named = [Path(os.fsdecode(name)) for name in (error.filename, error.filename2) if isinstance(name, (str, bytes))]
    where = None
    for filename in named:  # a copy names its source first, then what it was writing
        if staging is not None and filename.is_relative_to(staging):
            where = str(final_dir / filename.relative_to(staging))
        elif ".building-" in filename.name or final_dir.is_relative_to(filename):
            # The staging folder a build makes first, beside the site, or a folder the site is in.
            where = f"the folder {filename.parent if '.building-' in filename.name else filename}"
        elif filename.is_relative_to(final_dir):
            where = str(filename)
    if where is None and (named or error.errno not in _ADVICE):
        return None
    reason, advice = _ADVICE.get(error.errno or 0, (error.strerror or str(error), "fix that and build again"))
    kept = f"the last good site in {final_dir} is unchanged" if final_dir.exists() else f"{final_dir} was not made"
    return f"Could not write {where or final_dir}: {reason}. Nothing was published: {kept}; {advice}."


class Unread(Protocol):
    """A file whose bytes are read only where they are written: a build links the copy an earlier build kept instead
    (generator/fast/kept_files.py, KeptCopy). Its size is known without reading it."""

    def read(self) -> bytes: ...

    def __len__(self) -> int: ...


def write_files(folder: Path, files: Mapping[str, bytes | Unread],
                write: Callable[[str, bytes | Unread], object] | None = None) -> None:
    """Write each file (its path below `folder`, and its bytes), making the folders it needs; with `write` (a
    build's KeptFiles.write), each file is put in place by it."""
    made: set[Path] = set()
    for path, data in files.items():
        target = output_path(folder, path)
        if target.parent not in made:  # (a search index's 1,500 files are in a few folders)
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if write is None:
            target.write_bytes(data if isinstance(data, bytes) else data.read())
        else:
            write(str(target), data)


def replace_whole(path: str, data: bytes | Unread) -> None:
    """Write a file whole: under a name of this process and thread, then renamed over the old one, so whoever reads
    it meanwhile (a browser, from a preview's folder being served; a build, from the cache's copies) gets the old
    file or the new, never part of one, and two writers never write into one file."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.writing-{os.getpid()}-{threading.get_ident()}")
    try:
        partial.write_bytes(data if isinstance(data, bytes) else data.read())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _exchange(one: Path, other: Path) -> bool:
    """Swap two paths in one atomic step; False where the system or the file system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28 and later
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(number, os.strerror(number), str(other))


def _copy_into(staged: Path, place: Path, token: str) -> None:
    """Make `place` hold what `staged` holds, replacing each file by a rename (see the module's docstring)."""
    new = {path.relative_to(staged): path for path in staged.rglob("*") if path.is_file()}
    # Pictures, styles and feeds before pages: a new page never refers to a file that is not there yet.
    for relative in sorted(new, key=lambda path: (path.suffix == ".html", path.parts)):
        source, target = new[relative], place / relative
        if target.is_file() and not target.is_symlink() and _same_bytes(source, target):
            continue
        for folder in reversed(relative.parents[:-1]):  # a file where a folder must be goes
            if (place / folder).is_file() or (place / folder).is_symlink():
                (place / folder).unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        temporary = target.with_name(f".{target.name}.publishing-{token}")
        try:
            shutil.copy2(source, temporary)
            os.replace(temporary, target)
        except OSError:
            temporary.unlink(missing_ok=True)
            raise
    folders = {folder for relative in new for folder in relative.parents}
    for path in sorted(place.rglob("*"), key=lambda path: len(path.parts), reverse=True):
        relative = path.relative_to(place)
        if relative in new or relative in folders or relative.parts[0] == "lost+found":
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _same_bytes(one: Path, other: Path) -> bool:
    if one.stat().st_size != other.stat().st_size:
        return False
    with one.open("rb") as first, other.open("rb") as second:
        while True:
            block = first.read(1 << 20)
            if block != second.read(1 << 20):
                return False
            if not block:
                return True


@contextlib.contextmanager
def _taking_turns(folder: Path) -> Iterator[None]:
    """Hold a lock on `folder` so that two builds never swap, clean up or repair at the same moment."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with contextlib.suppress(OSError):  # a file system without locks: take the chance
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _locked(folder: Path) -> int | None:
    """Lock a staging folder for as long as this build runs (the lock dies with the process)."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return None
    return handle


def _leftovers(parent: Path, prefix: str, kind: str) -> list[Path]:
    return sorted(path for path in parent.glob(f"{prefix}{kind}-*") if path.is_dir() and not path.is_symlink())


def _remove_beside(folder: Path) -> None:
    """Remove `folder` in a process of its own that holds its lock until it is gone (here, if none can start)."""
    if not sys.executable:  # an embedded interpreter, with no program to start
        shutil.rmtree(folder, ignore_errors=True)
        return
    lock = _locked(folder)
    try:
        # Isolated and without site-packages: the interpreter starts in milliseconds, on the second core.
        subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVE, str(folder)], pass_fds=() if lock is None else (lock,),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # not stopped by a Ctrl-C meant for the next command
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        if lock is not None:
            os.close(lock)  # the process holds it now


# The removing process: the lowest priority, so that a build started right after has the cores.
_REMOVE = "import os, shutil, sys; os.nice(19); shutil.rmtree(sys.argv[1], ignore_errors=True)"


def _remove_abandoned(parent: Path, prefix: str) -> None:
    """Remove staging, old and set-aside folders no process holds: a running build (or removal) holds its lock."""
    for folder in [*_leftovers(parent, prefix, "building"), *_leftovers(parent, prefix, "old"),
                   *_leftovers(parent, prefix, "removing")]:
        lock = _locked(folder)
        if lock is None:
            continue  # a build still running
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(lock)


def _recover(place: Path, parent: Path, prefix: str) -> None:
    """A build that died between its two renames left no site, only the old one aside: put it back."""
    if place.exists() or place.is_symlink():
        return
    old = _leftovers(parent, prefix, "old")
    if old:
        max(old, key=lambda path: path.stat().st_mtime_ns).rename(place)
