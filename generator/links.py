"""Links and pictures in Markdown bodies, checked without building: targets that exist, alt text that says something.

MkDocs finds broken links between pages only while building (and fails under --strict); staff
running `check` or the pre-commit hook get the same answer first, with a line number and the
nearest existing file.
"""

from __future__ import annotations

import difflib
import functools
import html
import posixpath
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote

from generator.body_html import script_address, script_addresses_in, url_scheme
from generator.errors import ContentError, found_text
from generator.graph import Site
from generator.loader import Loaded, SourceFile

# [text](target "title") and ![alt](target); <target> may be written in angle brackets. The text may
# hold one level of brackets, so that a linked picture [![alt](a.png)](page.md) is one link.
_LINK = re.compile(
    r"""(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)"""
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
# A link reference definition: [label]: target "title".
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)")
# What staff read when a body links to a script address.
SCRIPT_LINK_EXPECTED = "a link to a web page, an e-mail address or a file in content/"


def body_errors(
    sources: Iterable[SourceFile],
    content_dir: Path,
    generated: Collection[str],
    left_out: Mapping[str, str] | None = None,
) -> list[ContentError]:
    """Every link to a missing or unpublished file and every picture without alt text, in every body.

    `generated` holds the pages the generator adds (news/index.md …): links to them are fine.
    `left_out` maps the files a build leaves out (drafts, scheduled items) to why: a published
    page linking to one would break the build, so it is a mistake; a draft may link to a draft.
    """
    existing = {path.relative_to(content_dir).as_posix() for path in content_dir.rglob("*") if path.is_file()}
    existing |= set(generated)
    left_out = left_out or {}
    errors = []
    for source in sources:
        unpublished = {} if source.src_uri in left_out else left_out
        for line, image, text, target in _links(source):
            if image and not text.strip():
                errors.append(ContentError(source.display, line, "image", "alt text saying what the picture shows",
                                           f"![]({target})"))
            problem = _problem(source.src_uri, target, existing, unpublished)
            if problem is not None:
                errors.append(ContentError(source.display, line, "link", *problem))
        errors += [
            ContentError(source.display, line, "body", SCRIPT_LINK_EXPECTED, f"{found_text(address)}, which "
                         + ("opens a page made up by the address" if url_scheme(html.unescape(address)) == "data"
                            else "runs a script") + " (it is not published as a link)")
            for line, address in _script_addresses(source)
        ]
    return errors


def unpublished_files(loaded: Loaded, published: Site) -> dict[str, str]:
    """The content files a build with `published`'s settings leaves out, and why."""
    reasons = {}
    for record in loaded.records:
        if published.get(record.kind, record.id) is None:
            why = "a draft" if record.data.draft else "dated after this build's 'now'"
            reasons[record.source.src_uri] = f"{why}, so not published"
    return reasons


def _links(source: SourceFile) -> tuple[tuple[int, bool, str, str], ...]:
    # The body string starts right after the closing '---' (with the rest of that line), so its
    # first line is the file's line body_line - 1; without front matter the body is the whole file.
    first = source.front.body_line - 1 if source.front.has_front_matter else 1
    return _links_in(source.front.body, first)


# A live preview checks every body again on each save, and all but one are unchanged.
@functools.lru_cache(maxsize=16384)
def _links_in(body: str, first: int) -> tuple[tuple[int, bool, str, str], ...]:
    return tuple(_scan(body, first))


def _scan(body: str, first: int) -> Iterator[tuple[int, bool, str, str]]:
    for offset, text in _prose(body):
        if "](" in text:
            for image, label, target in _in(text):
                yield first + offset, image, label, target


def _prose(body: str) -> Iterator[tuple[int, str]]:
    """The lines of a body that are not code, each with its code spans blanked, by offset from its first line."""
    in_fence = in_list = False
    after_break = True
    for offset, text in enumerate(body.splitlines()):
        if _FENCE.match(text):
            in_fence = not in_fence
            continue
        indented = text.startswith(("    ", "\t"))
        if not indented and text.strip():
            in_list = bool(_LIST_ITEM.match(text))
        # An indented line is code only after a blank line and outside a list (where it is a nested item).
        code = indented and not in_list and after_break
        after_break = code or not text.strip()
        if in_fence or code:
            continue
        yield offset, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text) if "`" in text else text


def _script_addresses(source: SourceFile) -> tuple[tuple[int, str], ...]:
    first = source.front.body_line - 1 if source.front.has_front_matter else 1
    return _script_addresses_in(source.front.body, first)


@functools.lru_cache(maxsize=16384)
def _script_addresses_in(body: str, first: int) -> tuple[tuple[int, str], ...]:
    """Every script address a body links to: in Markdown links, link definitions and raw HTML, with its line."""
    found = [
        (line, target) for line, image, _, target in _links_in(body, first)
        if script_address("img" if image else "a", "src" if image else "href", html.unescape(target))
    ]
    prose = dict(_prose(body))
    for offset, text in prose.items():
        definition = _DEFINITION.match(text)
        if definition and script_address("a", "href", html.unescape(definition["target"])):
            found.append((first + offset, definition["target"]))
    # Raw HTML is read by an HTML tokenizer, over the body with its code left out (lines kept in place).
    markup = "\n".join(prose.get(offset, "") for offset in range(max(prose, default=-1) + 1))
    found += script_addresses_in(markup, first)
    return tuple(sorted(set(found)))


def _in(text: str) -> Iterator[tuple[bool, str, str]]:
    """The links and pictures of a line, including a picture inside a link's text."""
    for match in _LINK.finditer(text):
        yield bool(match["image"]), match["text"], match["target"]
        yield from _in(match["text"])


def _problem(src_uri: str, target: str, existing: set[str], left_out: Mapping[str, str]) -> tuple[str, str] | None:
    """What a link should point at and what it points at instead; None if it is fine or not ours."""
    if _SCHEME.match(target) or target.startswith(("#", "/")):
        return None  # another site, an anchor on this page, or an address MkDocs itself reports
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path or path.endswith("/") or "." not in posixpath.basename(path):
        return None  # a folder-style address of a generated page (../news/) is not a file of content/
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if resolved == ".." or resolved.startswith("../"):
        return "a file in content/", f"'{target}', which is outside content/"
    if resolved in left_out:
        return "a published file in content/", f"'{target}', which is {left_out[resolved]}"
    if resolved in existing:
        return None
    close = difflib.get_close_matches(resolved, sorted(existing - set(left_out)), n=1, cutoff=0.6)
    hint = f" (did you mean '{posixpath.relpath(close[0], posixpath.dirname(src_uri) or '.')}'?)" if close else ""
    return "a file in content/", f"'{target}', which does not exist{hint}"
