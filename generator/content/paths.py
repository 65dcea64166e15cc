"""Nothing outside content/ is read, nothing outside the output is written: paths are checked with links followed.

A link in content/ to /etc/passwd, or an `image.src` of `../../photo.jpg`, would otherwise publish
a file from elsewhere on the machine, or write resized copies beside it.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.content.errors import ContentError


@dataclass(frozen=True)
class LinkOut:
    """A link (to a file or a folder) below a folder that leads out of it."""

    path: Path
    relative: str
    target: str

    def mistake(self, display: str) -> ContentError:
        """The link as a content mistake; `display` is the path as staff know it."""
        return ContentError(
            display, 1, "file", "a file or folder inside content/ (a copy, not a link to elsewhere)", self.target
        )


def stem(src_uri: str) -> str:
    """A file's name without its last suffix ('news/x.bn.md' → 'x.bn'), as `PurePosixPath.stem` says ('.hidden' has
    none); as text, for what a preview asks of every file on every save."""
    name = src_uri.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def below(root: Path, relative: str | Path) -> Path | None:
    """`root / relative` with every link followed, if it stays inside `root`; None if it leads out."""
    base = root.resolve()
    try:
        target = (root / relative).resolve()
    except (OSError, RuntimeError):  # a link that loops
        return None
    return target if target.is_relative_to(base) else None


def output_path(root: Path, relative: str) -> Path:
    """Where a built file goes below the output folder `root`; ValueError if its path would leave it.

    The output is a folder the build made, with no links in it: the path itself says where it leads.
    """
    clean = posixpath.normpath(relative)
    if clean == ".." or clean.startswith("../") or posixpath.isabs(clean):
        raise ValueError(f"'{relative}' would be written outside the output folder {root}")
    return root / clean


def links_out(root: Path, ignored: frozenset[str] = frozenset()) -> Iterator[LinkOut]:
    """Every link below `root` that leads outside it (or in circles), in order; folders named in `ignored` are skipped.

    Only links are resolved: reading the folder's entries says which ones they are.
    """
    base = root.resolve()
    folders = [root]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as scanned:
            entries = sorted(scanned, key=lambda entry: entry.name)
        for entry in entries:
            if entry.name in ignored:
                continue
            if entry.is_symlink():
                found = _leads_out(Path(entry.path), base)
                if found is not None:
                    yield LinkOut(Path(entry.path), Path(entry.path).relative_to(root).as_posix(), found)
            elif entry.is_dir():
                folders.append(Path(entry.path))


def _leads_out(link: Path, base: Path) -> str | None:
    """Where a link leads, as a message's 'found', when that is outside `base`; None when it stays inside."""
    try:
        target = link.resolve(strict=False)
    except (OSError, RuntimeError):
        return "a link that leads back to itself"
    if not target.is_relative_to(base):
        return f"a link to '{target}', outside content/"
    if link.parent.resolve().is_relative_to(target):  # every program that follows it walks in circles
        return f"a link to '{target}', a folder that holds the link itself"
    return None
