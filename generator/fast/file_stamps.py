"""Whether a file can have changed since it was last read, told from its status alone, as git tells it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

# File times tick coarsely (a few milliseconds on Linux, 2 s on FAT): a file modified this close
# to being read may be written again within the same tick, leaving its status unchanged.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Stamp:
    """What the file system said about a file when it was read: which file, its size, its times."""

    identity: tuple[int, int]  # device and inode: an editor that saves by renaming makes a new file
    size: int
    modified_ns: int
    changed_ns: int  # the inode's change time: a rename or a restored modification time moves it
    read_ns: int  # when the status was taken

    def same_file(self, now: Stamp) -> bool:
        """Whether `now` proves the file is as it was: same file, size and times, not modified just before reading."""
        unchanged = (self.identity, self.size, self.modified_ns, self.changed_ns) == (
            now.identity, now.size, now.modified_ns, now.changed_ns
        )
        return unchanged and self.read_ns - self.modified_ns > RACY_NS


def stamp(path: str | Path, read_ns: int | None = None) -> Stamp:
    """The file's status now; OSError when it is gone. `read_ns`: when a look at many files began (earlier than
    each file's own look, so a file counts as just written sooner, never later)."""
    status = os.stat(path)
    return Stamp(
        (status.st_dev, status.st_ino), status.st_size, status.st_mtime_ns, status.st_ctime_ns,
        time.time_ns() if read_ns is None else read_ns,
    )
