"""The W3C Feed Validation Service's rules that apply to our feeds, as checks our tests can run offline.

Each check returns the problems it found, one line each, so a failing test says what the
validator would have said. The rules are those of https://validator.w3.org/feed/docs/ for
RSS 2.0 and Atom 1.0 (RFC 4287) that a static file can break.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
# RFC 822 as the validator reads it: a four-digit year and a numeric or named zone.
RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|[ECMP][SD]T)$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
# "user@host (Name)" or a bare address: RSS 2.0 wants the author's e-mail address.
RSS_AUTHOR = re.compile(r"^[^@\s()]+@[^@\s()]+\.[^@\s()]+(?: \([^()]+\))?$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
ATOM_TEXT_TYPES = {"text", "html", "xhtml"}
# Elements and attributes the validator flags as unsafe inside feed content.
UNSAFE_ELEMENTS = {
    "script", "iframe", "object", "embed", "applet", "frame", "frameset", "meta", "link", "style", "form",
}


def is_absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def check_rss(data: bytes, location: str) -> list[str]:
    """Problems the validator would report in an RSS 2.0 document served at `location`."""
    root = etree.fromstring(data)
    problems: list[str] = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root: expected <rss version='2.0'>, found <{root.tag} version={root.get('version')!r}>"]
    channel = root.find("channel")
    if channel is None:
        return ["channel: missing"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel: missing required <{name}>")
    if not is_absolute(channel.findtext("link")):
        problems.append(f"channel/link: not an absolute URL: {channel.findtext('link')!r}")
    problems += _self_link(channel, location, "application/rss+xml")
    language = channel.findtext("language")
    if language is not None and not LANGUAGE.match(language):
        problems.append(f"channel/language: not a language code: {language!r}")
    for name in ("pubDate", "lastBuildDate"):
        value = channel.findtext(name)
        if value is not None and not RFC822.match(value):
            problems.append(f"channel/{name}: not an RFC 822 date: {value!r}")
    problems += _rss_image(channel)
    guids: set[str] = set()
    for number, item in enumerate(channel.iterfind("item"), 1):
        where = f"item {number}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where}: needs a <title> or a <description>")
        link = item.findtext("link")
        if link is not None and not is_absolute(link):
            problems.append(f"{where}/link: not an absolute URL: {link!r}")
        guid = item.find("guid")
        if guid is None or not (guid.text or "").strip():
            problems.append(f"{where}: no <guid>")
        else:
            if guid.text in guids:
                problems.append(f"{where}/guid: repeats an earlier item's: {guid.text!r}")
            guids.add(guid.text or "")
            if guid.get("isPermaLink", "true") == "true" and not is_absolute(guid.text):
                problems.append(f"{where}/guid: a permalink guid must be a URL: {guid.text!r}")
        date = item.findtext("pubDate")
        if date is None or not RFC822.match(date):
            problems.append(f"{where}/pubDate: not an RFC 822 date: {date!r}")
        elif email.utils.parsedate_to_datetime(date).tzinfo is None:
            problems.append(f"{where}/pubDate: no time zone: {date!r}")
        for author in item.iterfind("author"):
            if not RSS_AUTHOR.match(author.text or ""):
                problems.append(f"{where}/author: not an e-mail address: {author.text!r}")
        for enclosure in item.iterfind("enclosure"):
            problems += _enclosure(where, enclosure.get("url"), enclosure.get("length"), enclosure.get("type"))
        encoded = item.findtext(f"{CONTENT}encoded")
        if encoded:
            problems += [f"{where}/content:encoded: {p}" for p in html_problems(encoded)]
        description = item.findtext("description")
        if description:
            problems += [f"{where}/description: {p}" for p in html_problems(description)]
    return problems


def check_atom(data: bytes, location: str) -> list[str]:
    """Problems the validator would report in an Atom 1.0 document served at `location`."""
    root = etree.fromstring(data)
    if root.tag != f"{ATOM}feed":
        return [f"root: expected an Atom <feed>, found <{root.tag}>"]
    problems: list[str] = []
    for name in ("id", "title", "updated"):
        if not (root.findtext(f"{ATOM}{name}") or "").strip():
            problems.append(f"feed: missing required <{name}>")
    problems += _atom_dates("feed", root)
    problems += _self_link(root, location, "application/atom+xml", atom=True)
    if not any(link.get("rel") == "alternate" for link in root.iterfind(f"{ATOM}link")):
        problems.append("feed: no rel='alternate' link to the page it follows")
    lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang is not None and not LANGUAGE.match(lang):
        problems.append(f"feed/xml:lang: not a language code: {lang!r}")
    for name in ("icon", "logo"):
        value = root.findtext(f"{ATOM}{name}")
        if value is not None and not is_absolute(value):
            problems.append(f"feed/{name}: not an absolute URL: {value!r}")
    feed_has_author = root.find(f"{ATOM}author") is not None
    ids: set[tuple[str, str]] = set()
    for number, entry in enumerate(root.iterfind(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        for name in ("id", "title", "updated"):
            if not (entry.findtext(f"{ATOM}{name}") or "").strip():
                problems.append(f"{where}: missing required <{name}>")
        key = (entry.findtext(f"{ATOM}id") or "", entry.findtext(f"{ATOM}updated") or "")
        if key in ids:
            problems.append(f"{where}: same id and updated as an earlier entry: {key[0]!r}")
        ids.add(key)
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", key[0]):
            problems.append(f"{where}/id: not an IRI: {key[0]!r}")
        problems += _atom_dates(where, entry)
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no author, and the feed has none")
        for person in (*entry.iterfind(f"{ATOM}author"), *entry.iterfind(f"{ATOM}contributor")):
            if not (person.findtext(f"{ATOM}name") or "").strip():
                problems.append(f"{where}: an author or contributor without a <name>")
            uri = person.findtext(f"{ATOM}uri")
            if uri is not None and not is_absolute(uri):
                problems.append(f"{where}: a person's <uri> is not absolute: {uri!r}")
        content = entry.find(f"{ATOM}content")
        links = list(entry.iterfind(f"{ATOM}link"))
        if content is None and not any(link.get("rel", "alternate") == "alternate" for link in links):
            problems.append(f"{where}: neither <content> nor an alternate link")
        for element in (content, entry.find(f"{ATOM}summary"), entry.find(f"{ATOM}title")):
            if element is None:
                continue
            kind = element.get("type", "text")
            name = etree.QName(element).localname
            if kind not in ATOM_TEXT_TYPES and (name != "content" or "/" not in kind):
                problems.append(f"{where}/{name}: type {kind!r} is not text, html, xhtml or a media type")
            if kind == "html" and element.text:
                problems += [f"{where}/{name}: {p}" for p in html_problems(element.text)]
        for link in links:
            href = link.get("href")
            if not is_absolute(href):
                problems.append(f"{where}/link: not an absolute URL: {href!r}")
            if link.get("rel") == "enclosure":
                problems += _enclosure(where, href, link.get("length"), link.get("type"))
        for category in entry.iterfind(f"{ATOM}category"):
            if not category.get("term"):
                problems.append(f"{where}/category: no term")
    return problems


def html_problems(fragment: str) -> list[str]:
    """What the validator says of HTML inside an entry: relative addresses and unsafe markup."""
    problems: list[str] = []
    document = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in UNSAFE_ELEMENTS:
            problems.append(f"unsafe <{element.tag}> in content")
        for name, value in element.attrib.items():
            if name.startswith("on"):
                problems.append(f"unsafe {name}= attribute on <{element.tag}>")
            if name in {"href", "src"}:
                if value.strip().lower().startswith("javascript:"):
                    problems.append(f"javascript: address on <{element.tag}>")
                elif not (is_absolute(value) or value.startswith(("mailto:", "tel:"))):
                    problems.append(f"relative address in content: {name}={value!r} on <{element.tag}>")
    return problems


def _self_link(parent: etree._Element, location: str, media_type: str, *, atom: bool = False) -> list[str]:
    selves = [link for link in parent.iterfind(f"{ATOM}link") if link.get("rel") == "self"]
    if len(selves) != 1:
        return [f"feed: expected one rel='self' link, found {len(selves)}"]
    problems = []
    if selves[0].get("href") != location:
        problems.append(f"self link {selves[0].get('href')!r} does not match the feed's location {location!r}")
    if selves[0].get("type") != media_type:
        problems.append(f"self link type {selves[0].get('type')!r}, expected {media_type!r}")
    return problems


def _atom_dates(where: str, element: etree._Element) -> list[str]:
    return [
        f"{where}/{name}: not an RFC 3339 date-time: {value!r}"
        for name in ("updated", "published")
        if (value := element.findtext(f"{ATOM}{name}")) is not None and not RFC3339.match(value)
    ]


def _enclosure(where: str, url: str | None, length: str | None, media_type: str | None) -> list[str]:
    problems = []
    if not is_absolute(url):
        problems.append(f"{where}/enclosure: not an absolute URL: {url!r}")
    if not (length or "").isdigit() or int(length or 0) <= 0:
        problems.append(f"{where}/enclosure: length should be the size in bytes, found {length!r}")
    if not re.match(r"^[a-z]+/[a-z0-9.+-]+$", media_type or ""):
        problems.append(f"{where}/enclosure: not a media type: {media_type!r}")
    return problems


def _rss_image(channel: etree._Element) -> list[str]:
    image = channel.find("image")
    if image is None:
        return []
    problems = [f"channel/image: missing <{name}>" for name in ("url", "title", "link") if image.find(name) is None]
    if image.findtext("link") != channel.findtext("link"):
        problems.append("channel/image: its link should be the channel's link")
    if not is_absolute(image.findtext("url")):
        problems.append(f"channel/image/url: not an absolute URL: {image.findtext('url')!r}")
    for name, most in (("width", 144), ("height", 400)):
        value = image.findtext(name)
        if value is not None and (not value.isdigit() or int(value) > most):
            problems.append(f"channel/image/{name}: at most {most}, found {value!r}")
    return problems


def feeds_in(site: Path) -> Iterator[tuple[str, Path]]:
    """Every RSS and Atom feed of a built site, by its path below the site."""
    for path in sorted([*site.rglob("feed.xml"), *site.rglob("atom.xml")]):
        yield path.relative_to(site).as_posix(), path
