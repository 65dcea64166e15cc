"""Bodies' HTML read through a parser: start tags found and rewritten in place, script addresses recognised.

The site's pages keep the authors' HTML byte for byte apart from the tags a rewrite replaces: an HTML
tokenizer says where each start tag begins and ends and what its attributes hold (entities decoded,
quotes of either kind), and only those tags are written anew, every value escaped.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from lxml import etree
from lxml import html as lxml_html

# A URL's scheme, once a browser has removed what it ignores (WHATWG URL parsing).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# What a browser strips from both ends of an address, and what it removes anywhere in it.
_ENDS = "".join(chr(code) for code in range(0x21))
_IGNORED = {ord("\t"): None, ord("\n"): None, ord("\r"): None}
# Schemes that run a script wherever a browser meets them.
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})
# Attributes a browser follows or opens as a document: a data: address there is a page made up by the address.
_FOLLOWED = frozenset({"href", "action", "formaction", "xlink:href"})
_FRAMES = frozenset({"iframe", "frame", "embed", "object"})
_ADDRESSES = frozenset({*_FOLLOWED, "src", "data", "poster", "background", "cite"})
# Named character references that could stand inside a scheme: the colon, a tab, a line break.
_HIDING_NAMES = ("&colon", "&tab", "&newline")
_HIDING = ("#", *(name[1:] for name in _HIDING_NAMES))  # what may follow '&' in such an address
_LONGEST_HIDING = max(map(len, _HIDING))
# Attributes whose value, lower-cased and without tabs and line breaks, could be a script address (XPath runs in C).
_FOLDED = "translate(., 'ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r', 'abcdefghijklmnopqrstuvwxyz')"
_SCRIPT_LIKE = etree.XPath(f"boolean(//@*[contains({_FOLDED}, 'script:') or contains({_FOLDED}, 'data:')])")


def url_as_read(url: str) -> str:
    """An address as a browser reads it: no spaces or control characters at its ends, no tabs or line breaks,
    other control characters percent-encoded."""
    cleaned = url.strip(_ENDS).translate(_IGNORED)
    if cleaned.isprintable():  # nearly every address: nothing to encode
        return cleaned
    return "".join(f"%{ord(char):02X}" if ord(char) < 0x20 or ord(char) == 0x7F else char for char in cleaned)


def url_scheme(url: str) -> str | None:
    """The scheme of an address as a browser reads it ('javascript' for ' Java\\tScript:…'), None if relative."""
    scheme, colon, _ = url_as_read(url).partition(":")
    return scheme.lower() if colon and _SCHEME.fullmatch(scheme) else None


def script_address(tag: str, attribute: str, value: str) -> bool:
    """Whether `value` in this attribute of this element runs a script or opens a made-up page when used."""
    attribute = attribute.lower()
    if attribute not in _ADDRESSES:
        return False
    scheme = url_scheme(value)
    if scheme in SCRIPT_SCHEMES:
        return True
    return scheme == "data" and (attribute in _FOLLOWED or tag.lower() in _FRAMES)


@dataclass(frozen=True)
class Tag:
    """A start or end tag of a fragment: its name, attributes (entities decoded), and where it stands."""

    name: str
    attrs: tuple[tuple[str, str], ...]
    start: int
    end: int  # of a start tag; an end tag's is its start (only its place counts)
    line: int
    closing: bool = False

    def attributes(self) -> dict[str, str]:
        """The attributes in order; the first of a repeated name wins, as in a browser."""
        found: dict[str, str] = {}
        for key, value in self.attrs:
            found.setdefault(key, value)
        return found


class _Tokenizer(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        starts = itertools.accumulate((len(line) + 1 for line in text.split("\n")), initial=0)
        self._line_starts = list(starts)
        self.tags: list[Tag] = []

    def _place(self) -> tuple[int, int]:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column, line

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start, line = self._place()
        raw = self.get_starttag_text() or ""
        values = tuple((name, value or "") for name, value in attrs)
        self.tags.append(Tag(tag, values, start, start + len(raw), line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        start, line = self._place()
        self.tags.append(Tag(tag, (), start, start, line, closing=True))


def tags(text: str) -> list[Tag]:
    """Every start and end tag of an HTML fragment, in order (none inside comments, scripts or values)."""
    tokenizer = _Tokenizer(text)
    tokenizer.feed(text)
    tokenizer.close()
    return tokenizer.tags


def start_tag(name: str, attrs: Iterable[tuple[str, str]]) -> str:
    """A start tag written anew, every value quoted and escaped."""
    fields = "".join(f' {key}="{html.escape(value, quote=True)}"' for key, value in attrs)
    return f"<{name}{fields}>"


def replaced(text: str, replacements: Iterable[tuple[Tag, str]]) -> str:
    """The fragment with each start tag replaced by its new text, everything else as it was."""
    parts, at = [], 0
    for tag, new in sorted(replacements, key=lambda pair: pair[0].start):
        parts += [text[at:tag.start], new]
        at = tag.end
    parts.append(text[at:])
    return "".join(parts)


def rewrite_start_tags(text: str, rewrite: Callable[[Tag], str | None], names: Iterable[str] | None = None) -> str:
    """The fragment with each start tag (of `names`, if given) that `rewrite` returns new text for replaced."""
    wanted = None if names is None else frozenset(names)
    replacements = []
    for tag in tags(text):
        if tag.closing or (wanted is not None and tag.name not in wanted):
            continue
        new = rewrite(tag)
        if new is not None:
            replacements.append((tag, new))
    return replaced(text, replacements) if replacements else text


def after_start_tag(text: str, name: str, attribute: tuple[str, str], addition: str) -> str:
    """The page with `addition` written right after the first `name` start tag that has `attribute` (name, value)."""
    for tag in tags(text):
        if not tag.closing and tag.name == name and tag.attributes().get(attribute[0]) == attribute[1]:
            return replaced(text, [(tag, text[tag.start:tag.end] + addition)])
    return text


def script_links(tag: Tag) -> list[tuple[str, str]]:
    """The attributes of a tag that hold a script address, as (name, value)."""
    return [(key, value) for key, value in tag.attrs if script_address(tag.name, key, value)]


def without_script_links(body: str) -> str:
    """The body with every script address (javascript:, vbscript:, a data: link) taken out; the text stays.

    lxml finds out first whether there is any, so the usual body is not tokenized twice.
    """
    if not _has_script_address(body):
        return body

    def rewrite(tag: Tag) -> str | None:
        if not script_links(tag):
            return None
        return start_tag(tag.name, [(k, v) for k, v in tag.attrs if not script_address(tag.name, k, v)])

    return rewrite_start_tags(body, rewrite)


def _has_script_address(body: str) -> bool:
    if not may_hold_script_address(body):
        return False
    try:
        root = lxml_html.fragment_fromstring(body, create_parent="div")
    except (etree.ParserError, ValueError):  # a fragment lxml cannot read is tokenized instead
        return True
    return bool(_SCRIPT_LIKE(root))


def may_hold_script_address(body: str) -> bool:
    """Whether the text could hold a script address at all; False is certain, so most bodies are never parsed.

    Decoded, such an address holds 'script:' or 'data:' once tabs and line breaks are gone; written, it does
    too, unless a character reference stands for a letter, the colon or the break.
    """
    # Read where it matters, not lower-cased and copied whole: at each '&' (a character reference, or the names that
    # hide a colon or a break), and at each colon with the letters before it once white space is gone.
    amp = body.find("&")
    while amp != -1:
        if body[amp + 1:amp + 1 + _LONGEST_HIDING].lower().startswith(_HIDING):
            return True
        amp = body.find("&", amp + 1)
    colon = body.find(":")
    while colon != -1:
        before = _letters_before(body, colon, len("script")).lower()
        if before == "script" or before.endswith("data"):
            return True
        colon = body.find(":", colon + 1)
    return False


def _letters_before(text: str, end: int, count: int) -> str:
    """The last `count` characters before `end` that are not white space (fewer at the start of the text)."""
    found: list[str] = []
    at = end - 1
    while at >= 0 and len(found) < count:
        if not text[at].isspace():
            found.append(text[at])
        at -= 1
    return "".join(reversed(found))


def script_addresses_in(markdown_text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """The script addresses in raw HTML written in a Markdown body, with their lines (code already blanked)."""
    if "<" not in markdown_text:
        return
    for tag in tags(markdown_text):
        if not tag.closing:
            for _, value in script_links(tag):
                yield first_line + tag.line - 1, value
