"""Links and pictures in Markdown bodies, checked without building: targets that exist, alt text that says something.

MkDocs finds broken links between pages only while building (and fails under --strict); staff
running `check` or the pre-commit hook get the same answer first, with a line number and the
nearest existing file.
"""

from __future__ import annotations

import difflib
import functools
import html
import os
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote

from generator.content.addresses import folder_link_target, is_folder_link
from generator.content.body_html import may_hold_script_address, script_address, script_addresses_in, url_scheme
from generator.content.errors import ContentError, found_text
from generator.content.front_matter import SourceFile
from generator.content.reading import Loaded
from generator.fast.build_cache import BuildCache, digest, stable_text
from generator.fast.per_file import PerFile
from generator.graph.site import Site, page_url

_FENCE = re.compile(r"^\s*(```|~~~)")
_BACKTICKS = re.compile(r"`+")
_BRACKET = re.compile(r"[\[\]]")
# Where a link's address may begin (after spaces), where it ends, and where a title's quotes are.
_SOLID = re.compile(r"\S")
_ADDRESS_END = re.compile(r"[)\s>]")
_QUOTE = re.compile(r"[\"']")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
# A reference-style link's definition: [label]: target "title".
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*<?(?P<target>[^\s>]+)>?")
# What staff read when a body links to a script address.
SCRIPT_LINK_EXPECTED = "a link to a web page, an e-mail address or a file in content/"


def body_errors(
    sources: Iterable[SourceFile],
    content_dir: Path,
    generated: Collection[str],
    left_out: Mapping[str, str] | None = None,
    addresses: Mapping[str, str] | None = None,
    broken: Mapping[str, str] | None = None,
    kept: tuple[PerFile, BuildCache | None] | None = None,
) -> list[ContentError]:
    """Every link to a missing or unpublished file and every picture without alt text, in every body.

    `generated` holds the pages the generator adds (news/index.md …): links to them are fine.
    `left_out` maps the files a build leaves out (drafts, scheduled items) to why: a published
    page linking to one would break the build, so it is a mistake; a draft may link to a draft.
    `kept` holds the last build's answers (and the build cache): a body is read again only where
    it, or what its links may point at, changed.
    """
    existing = every_file(content_dir) | set(generated)
    left_out = left_out or {}
    addresses = addresses or {}
    broken = broken or {}
    check = _BodyCheck(existing, left_out, addresses, broken)
    if kept is None:
        return [error for source in sources for error in check.errors(source)]
    memo, cache = kept
    # What every body's links are checked against: the files of content/ and the pages, and why some are not.
    results = memo.start(cache, digest(*(stable_text(known) for known in (existing, left_out, addresses, broken))))
    errors = []
    for source in sources:
        key = _digest_of(source.src_uri, source.display, source.front.body, str(source.front.body_line),
                         b"front" if source.front.has_front_matter else b"")
        errors += results.result(key, functools.partial(check.errors, source))
    memo.keep(cache, results)
    return errors


def every_file(folder: Path) -> set[str]:
    """Every file below `folder` (posix, relative), as `rglob('*')` and `is_file()` find them: hidden ones too, and
    links to files, never what a link to a folder holds; read from the folders' listings, not a look at each file."""
    found: set[str] = set()
    pending = [(str(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            listing = os.scandir(path)
        except PermissionError:  # a folder no one may read is passed over, as rglob passes it over
            continue
        with listing as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                # A link is followed as is_file() follows it: one that leads nowhere, or to itself, is no file.
                elif entry.is_file(follow_symlinks=False) or (entry.is_symlink() and os.path.isfile(entry.path)):
                    found.add(prefix + entry.name)
    return found


class _BodyCheck:
    """What is wrong with the links of a body, given every file, address and file left out of the build."""

    def __init__(self, existing: set[str], left_out: Mapping[str, str], addresses: Mapping[str, str],
                 broken: Mapping[str, str]) -> None:
        self.existing, self.left_out, self.addresses, self.broken = existing, left_out, addresses, broken
        self.own = {uri: url for url, uri in addresses.items()}

    def errors(self, source: SourceFile) -> list[ContentError]:
        errors = []
        unpublished = {} if source.src_uri in self.left_out else self.left_out
        address = self.own.get(source.src_uri, page_url(source.src_uri))
        for line, image, text, target in _links(source):
            if image and not text.strip():
                errors.append(ContentError(source.display, line, "image", "alt text saying what the picture shows",
                                           f"![]({target})"))
            problem = _problem(source.src_uri, target, self.existing, unpublished) or _folder_problem(
                source.src_uri, address, target, self.addresses, image, self.broken)
            if problem is not None:
                errors.append(ContentError(source.display, line, "link", *problem))
        errors += [
            ContentError(source.display, line, "body", SCRIPT_LINK_EXPECTED, f"{found_text(address)}, which "
                         + ("opens a page made up by the address" if url_scheme(html.unescape(address)) == "data"
                            else "runs a script") + " (it is not published as a link)")
            for line, address in _script_addresses(source)
        ]
        return errors


def pictures_in(source: SourceFile) -> Iterator[tuple[int, str]]:
    """The line and content/ path of each local picture a body shows with ![alt](path)."""
    for line, image, _, target in _links(source):
        if image and not _SCHEME.match(target) and not target.startswith(("#", "/")):
            path = unquote(target.split("#", 1)[0].split("?", 1)[0])
            yield line, posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), path))


# Asked twice of each link, and sites link to the same pages again and again.
@functools.lru_cache(maxsize=16384)
def _has_scheme(target: str) -> bool:
    """Whether an address names a scheme as a browser reads it (`jav&#x61;script:` too): not a file of content/;
    a script's is named by the script-link rule, once."""
    return bool(_SCHEME.match(target)) or url_scheme(html.unescape(target)) is not None


def _folder_problem(
    src_uri: str, address: str, target: str, addresses: Mapping[str, str], image: bool,
    broken: Mapping[str, str] | None = None,
) -> tuple[str, str] | None:
    """A folder-style link (../events/x/) that no page's address answers; `broken` maps the addresses of files
    with a mistake (not published while it lasts) to those files."""
    if _has_scheme(target) or target.startswith(("#", "/")):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not is_folder_link(path) or folder_link_target(src_uri, address, path, addresses) is not None:
        return None
    what = "a picture file in content/" if image else "the address of a page of the site (or its .md file)"
    cause = folder_link_target(src_uri, address, path, broken or {})
    if cause is not None:
        return what, f"'{target}', which is linked but {cause} has a mistake"
    return what, f"'{target}', which no page has{_file_link_hint(src_uri, path, addresses)}"


def _file_link_hint(src_uri: str, path: str, addresses: Mapping[str, str]) -> str:
    """' (did you mean '../events/x.md'?)': the link to the file of the page nearest the address written."""
    wanted = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path)).strip("/")
    pages = {url.strip("/"): uri for url, uri in addresses.items() if uri.endswith(".md")}
    close = difflib.get_close_matches(wanted, sorted(pages), n=1)
    if not close:
        return ""
    return f" (did you mean '{posixpath.relpath(pages[close[0]], posixpath.dirname(src_uri) or '.')}'?)"


def unpublished_files(loaded: Loaded, published: Site) -> dict[str, str]:
    """The content files a build with `published`'s settings leaves out, and why."""
    reasons = {}
    for record in loaded.records:
        if published.get(record.kind, record.id) is None:
            why = "a draft" if record.data.draft else "dated after this build's 'now'"
            reasons[record.source.src_uri] = f"{why}, so not published"
    return reasons


Links = tuple[tuple[int, bool, str, str], ...]  # each link's line, whether a picture, its text, its target


def _links(source: SourceFile) -> Links:
    return _links_in(source.front.body, _first_line(source))


def _first_line(source: SourceFile) -> int:
    # The body string starts right after the closing '---' (with the rest of that line), so its
    # first line is the file's line body_line - 1; without front matter the body is the whole file.
    return source.front.body_line - 1 if source.front.has_front_matter else 1


def kept_links(kept: tuple[PerFile, BuildCache | None] | None) -> tuple[Callable[[SourceFile], Links],
                                                                        Callable[[], None]]:
    """Each body's links, found by the body and its first line from one build to the next (`kept`: reading 10,000
    bodies for their links took 0.8 s of every build); and what keeps them for the next, once all are asked."""
    if kept is None:
        return _links, lambda: None
    memo, cache = kept
    results = memo.start(cache, b"each body's links")  # a body's links depend on nothing else

    def links(source: SourceFile) -> Links:
        key = _digest_of(source.front.body, str(_first_line(source)))
        return results.result(key, functools.partial(_links, source))  # type: ignore[no-any-return]

    return links, functools.partial(memo.keep, cache, results)


# A live preview checks every body again on each save, and all but one are unchanged.
@functools.lru_cache(maxsize=16384)
def _digest_of(*parts: str | bytes) -> bytes:
    """The digest of a body and what goes with it, worked out once: a body is asked for its links three times a
    build (its pictures, its anchors, its links' mistakes), and again on each save of a preview."""
    return digest(*parts)


@functools.lru_cache(maxsize=16384)
def _links_in(body: str, first: int) -> Links:
    return tuple(_scan(body, first))


def _scan(body: str, first: int) -> Iterator[tuple[int, bool, str, str]]:
    for offset, text in _prose_of(body):
        # Only a line holding ']:' can define a link, only one holding '](' can hold one: the rest is not searched.
        if "]:" in text and (definition := _DEFINITION.match(text)) is not None:
            yield first + offset, False, definition["label"], definition["target"]
            continue
        if "](" in text:
            for image, label, target in links_in_line(text):
                yield first + offset, image, label, target


# Links and script addresses are both read from a body's prose: it is split once for the two.
@functools.lru_cache(maxsize=4)
def _prose_of(body: str) -> tuple[tuple[int, str], ...]:
    return tuple(_prose(body))


def _prose(body: str) -> Iterator[tuple[int, str]]:
    """The lines of a body that are not code, each with its code spans blanked, by offset from its first line."""
    in_fence = in_list = False
    after_break = True
    for offset, text in enumerate(body.splitlines()):
        if ("```" in text or "~~~" in text) and _FENCE.match(text):
            in_fence = not in_fence
            continue
        indented = text.startswith(("    ", "\t"))
        blank = not text.strip()
        if not indented and not blank:
            in_list = bool(_LIST_ITEM.match(text))
        # An indented line is code only after a blank line and outside a list (where it is a nested item).
        code = indented and not in_list and after_break
        after_break = code or blank
        if in_fence or code:
            continue
        yield offset, _without_code(text) if "`" in text else text


def _script_addresses(source: SourceFile) -> tuple[tuple[int, str], ...]:
    first = source.front.body_line - 1 if source.front.has_front_matter else 1
    return _script_addresses_in(source.front.body, first)


@functools.lru_cache(maxsize=16384)
def _script_addresses_in(body: str, first: int) -> tuple[tuple[int, str], ...]:
    """Every script address a body links to: in Markdown links, link definitions and raw HTML, with its line."""
    if not may_hold_script_address(body):  # certain, and most bodies are never read further
        return ()
    found = [
        (line, target) for line, image, _, target in _links_in(body, first)
        if script_address("img" if image else "a", "src" if image else "href", html.unescape(target))
    ]
    prose = dict(_prose_of(body))
    for offset, text in prose.items():
        definition = _DEFINITION.match(text)
        if definition and script_address("a", "href", html.unescape(definition["target"])):
            found.append((first + offset, definition["target"]))
    # Raw HTML is read by an HTML tokenizer, over the body with its code left out (lines kept in place).
    markup = "\n".join(prose.get(offset, "") for offset in range(max(prose, default=-1) + 1))
    found += script_addresses_in(markup, first)
    return tuple(sorted(set(found)))


def links_in_line(line: str) -> list[tuple[bool, str, str]]:
    """The links and pictures of a line, [text](target "title") and ![alt](target), a picture inside a link too.

    One pass: each ']' closes the nearest open '[', and the address after it is read with the positions of
    the next space, ')' and quote found once for the whole line, so the work grows with the line's length.
    """
    if "](" not in line:
        return []
    solid, stop, quote = _Next(line, _SOLID), _Next(line, _ADDRESS_END), _Next(line, _QUOTE)
    found: list[tuple[int, bool, str, str]] = []
    opened: list[int] = []
    for bracket in _BRACKET.finditer(line):
        at = bracket.start()
        if bracket[0] == "[":
            opened.append(at)
            continue
        if not opened:
            continue
        start = opened.pop()
        target = _address(line, at + 1, solid, stop, quote)
        if target is not None:
            image = line[start - 1 : start] == "!"
            found.append((start - image, image, line[start + 1 : at], target))
    return [(image, text, target) for _, image, text, target in sorted(found)]


def _address(line: str, at: int, solid: _Next, stop: _Next, quote: _Next) -> str | None:
    """The target of `(target "title")` starting at `at`, or None if there is none."""
    end = len(line)
    if at >= end or line[at] != "(":
        return None
    begin = solid[at + 1]
    begin += line[begin : begin + 1] == "<"
    finish = stop[begin]
    if finish == begin:
        return None
    gap = finish + (line[finish : finish + 1] == ">")
    after = solid[gap]
    if after > gap and after < end and line[after] in "\"'":  # a title, after at least one space
        closing = quote[after + 1]
        after = solid[closing + 1] if closing < end else end
    return line[begin:finish] if after < end and line[after] == ")" else None


class _Next:
    """For a position of a line, the first position at or after it holding one of `chars` (the length if none).

    Each answer is found by the regular expression engine from the position asked, and the last answer is kept:
    a line's links are read left to right, so a later question inside the stretch already searched is answered
    from it, and a line costs about its length whatever it holds (never a search per bracket to the line's end).
    """

    def __init__(self, line: str, chars: re.Pattern[str]) -> None:
        self._line = line
        self._chars = chars
        self._searched = (0, -1)  # no position in [from, to) holds one of the chars; `to` does (or is the end)

    def __getitem__(self, at: int) -> int:
        start, found = self._searched
        if start <= at <= found:
            return found
        match = self._chars.search(self._line, at)
        found = match.start() if match is not None else len(self._line)
        self._searched = (at, found)
        return found


def _without_code(line: str) -> str:
    """The line with each code span (`code`, ``co`de``) blanked: a run of backticks closes at the next as long."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    # Right to left: the next run of the same length after each run.
    following: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = seen.get(length)
        seen[length] = index
    parts, kept, index = [], 0, 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closing][1]
        parts += [line[kept:start], " " * (end - start)]
        kept, index = end, closing + 1
    return "".join([*parts, line[kept:]])


def _problem(src_uri: str, target: str, existing: set[str], left_out: Mapping[str, str]) -> tuple[str, str] | None:
    """What a link should point at and what it points at instead; None if it is fine or not ours."""
    if target.startswith("/") and not target.startswith("//"):
        return "a path relative to this file", f"'{target}', which works only where the site is at its host's root"
    if _has_scheme(target) or target.startswith(("#", "//")):
        return None  # another site, or an anchor on this page
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
