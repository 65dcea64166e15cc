"""Links and pictures in Markdown bodies, checked without building: targets that exist, alt text that says something.

MkDocs finds broken links between pages only while building (and fails under --strict); staff
running `check` or the pre-commit hook get the same answer first, with a line number and the
nearest existing file.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from generator.errors import ContentError
from generator.loader import SourceFile

# [text](target "title") and ![alt](target); <target> may be written in angle brackets.
_LINK = re.compile(r"""(?P<image>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)""")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def body_errors(sources: Iterable[SourceFile], content_dir: Path, generated: Collection[str]) -> list[ContentError]:
    """Every link to a missing file and every picture without alt text, in every body.

    `generated` holds the pages the generator adds (news/index.md …): links to them are fine.
    """
    existing = {path.relative_to(content_dir).as_posix() for path in content_dir.rglob("*") if path.is_file()}
    existing |= set(generated)
    errors = []
    for source in sources:
        for line, image, text, target in _links(source):
            if image and not text.strip():
                errors.append(ContentError(source.display, line, "image", "alt text saying what the picture shows",
                                           f"![]({target})"))
            missing = _missing(source.src_uri, target, existing)
            if missing is not None:
                errors.append(ContentError(source.display, line, "link", "a file in content/", missing))
    return errors


def _links(source: SourceFile) -> Iterator[tuple[int, bool, str, str]]:
    in_fence = False
    # The body string starts right after the closing '---' (with the rest of that line), so its
    # first line is the file's line body_line - 1.
    first = source.front.body_line - 1
    for offset, text in enumerate(source.front.body.splitlines()):
        if _FENCE.match(text):
            in_fence = not in_fence
            continue
        if in_fence or text.startswith(("    ", "\t")):
            continue
        for match in _LINK.finditer(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)):
            yield first + offset, bool(match["image"]), match["text"], match["target"]


def _missing(src_uri: str, target: str, existing: set[str]) -> str | None:
    """What a broken link points at, with the nearest existing file; None if it is fine or not ours."""
    if _SCHEME.match(target) or target.startswith(("#", "/")):
        return None  # another site, an anchor on this page, or an address MkDocs itself reports
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path or path.endswith("/") or "." not in posixpath.basename(path):
        return None  # a folder-style address of a generated page (../news/) is not a file of content/
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if resolved in existing:
        return None
    close = difflib.get_close_matches(resolved, sorted(existing), n=1, cutoff=0.6)
    hint = f" (did you mean '{posixpath.relpath(close[0], posixpath.dirname(src_uri) or '.')}'?)" if close else ""
    return f"'{target}', which does not exist{hint}"
