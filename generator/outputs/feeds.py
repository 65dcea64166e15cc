"""Feeds for subscribers: RSS 2.0 and Atom (through feedgen) and JSON Feed, from the graph alone.

Every feed sits beside the listing it follows (`news/feed.xml` beside `news/`). Entries carry
absolute URLs, ids that never change (tag URIs built from the file name, not the title or date),
full HTML content, and times with offsets. Nothing here reads the clock: a feed's updated time
is its newest entry's, so the same content gives byte-identical feeds.
"""

from __future__ import annotations

import collections
import copy
import datetime as dt
import functools
import hashlib
import heapq
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urljoin, urlsplit

import markdown
from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from generator.content.body_html import url_scheme
from generator.content.dates import first_day
from generator.content.settings import Settings
from generator.fast.build_cache import Memo, OutputFiles
from generator.graph.site import Item, Site, Target, Topic
from generator.graph.tags import site_tags
from generator.outputs import icons, syndication
from generator.outputs.feed_entries import Category, Enclosure, Entry, Person
from generator.outputs.jsonfeed import json_feed

RSS_FILE, ATOM_FILE, JSON_FILE = "feed.xml", "atom.xml", "feed.json"
RSS_TYPE, ATOM_TYPE = "application/rss+xml", "application/atom+xml"
GENERATOR = "network-site"

# The year in tag URIs when mkdocs.yml gives no founding date: 2018, when the UN Network on
# Migration was set up. It must never change, or every id would.
TAG_YEAR_FALLBACK = 2018

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LINKS = "network_site_links"  # the name feedgen keeps our entry extension under
_IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
}
# Characters XML 1.0 forbids; a stray one pasted into a file must not break every feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Feed:
    """A feed of the site: what it follows (its listing), its name, and its items newest first."""

    base: str
    title: str
    description: str
    items: tuple[Item, ...]

    @property
    def link(self) -> str:
        """The listing page the feed follows, relative to the site root ('' is the home page)."""
        return self.base

    @property
    def rss_path(self) -> str:
        return f"{self.base}{RSS_FILE}"

    @property
    def atom_path(self) -> str:
        return f"{self.base}{ATOM_FILE}"

    @property
    def json_path(self) -> str:
        return f"{self.base}{JSON_FILE}"

    @property
    def paths(self) -> tuple[str, str, str]:
        return (self.rss_path, self.atom_path, self.json_path)


def feeds_for(site: Site) -> list[Feed]:
    """Every feed of the site in its graph's language: the whole site, each type, each followed item, each SDG.

    A language other than the default has its feeds in its own tree (bn/feed.xml); a followed item
    (a TWG) has feeds there only where it is translated, beside its page.
    """
    return [Feed(base, title, description, chosen()) for base, title, description, chosen in _feeds(site)]


def feed_titles(site: Site) -> dict[str, str]:
    """Each feed's title by the listing it follows, without choosing its items (which asks the build's 'now')."""
    return {base: title for base, title, _, _ in _feeds(site)}


# A feed as its listing's address, title and description, and how its items are chosen.
_Heading = tuple[str, str, str, Callable[[], tuple[Item, ...]]]


def _feeds(site: Site) -> Iterator[_Heading]:
    settings, words = site.settings, site.strings
    name, limit, prefix, now = settings.network.short_name, settings.feed_limit, settings.prefix, settings.now
    network = settings.network
    yield (prefix, network.name, network.description or words("feeds.site_description", network=network.name),
           functools.partial(_latest, site.items, limit, now))
    for content_type in site.types:
        if content_type.feeds:
            label, items = site.label(content_type.folder, True), site.of_kind(content_type.folder)
            yield (f"{prefix}{content_type.folder}/", words("feeds.title", network=name, subject=label),
                   words("pages.listing_description", label=label, network=network.name),
                   functools.partial(_latest, items, limit, now))
    dated = {t.folder for t in site.types.dated}
    for content_type in site.types.followed:
        for followed in site.of_kind(content_type.folder):
            if not followed.localized:
                continue
            activity = tuple(item for item in followed.referring() if item.kind in dated)
            title = getattr(followed, "short_name", None) or followed.title
            yield (followed.url, words("feeds.title", network=name, subject=title), followed.summary,
                   functools.partial(_latest, activity, limit, now))
    for topic in site.sdgs:
        if topic.items:
            yield (topic.url, words("feeds.title", network=name, subject=topic.label),
                   words("feeds.sdg_description", network=network.name, label=topic.label, title=topic.title),
                   functools.partial(_latest, topic.items, limit, now))
    yield from _term_feeds(site)


def _term_feeds(site: Site) -> Iterator[_Heading]:
    """A feed beside every other page that lists items: each GCM objective and each tag with any.

    (Organizations, like TWGs, are followed items: their feeds come with their type.)
    """
    settings, words = site.settings, site.strings
    network, limit, now = settings.network, settings.feed_limit, settings.now
    name = network.short_name
    for topic in site.gcm_objectives:
        if topic.items:
            yield (topic.url, words("feeds.title", network=name, subject=topic.label),
                   words("feeds.gcm_description", network=network.name, label=topic.label, title=topic.title),
                   functools.partial(_newest_told, topic.items, limit, now))
    for tag in site_tags(site):
        yield (tag.url, words("feeds.tag_title", network=name, tag=tag.label),
               words("feeds.tag_description", network=network.name, tag=tag.label),
               functools.partial(_newest_told, tag.items, limit, now))


def _newest_told(items: Iterable[Item], limit: int, now: dt.datetime) -> tuple[Item, ...]:
    """The first `limit` items subscribers have been told of, in the listing's own order."""
    return told(items, now)[:limit]


def _latest(items: Iterable[Item], limit: int, now: dt.datetime) -> tuple[Item, ...]:
    """The `limit` newest items by when readers were told of them (a listing may have its own order)."""
    # An upcoming event is news the day it is announced, not the day it happens.
    return tuple(heapq.nlargest(limit, told(items, now), key=lambda item: (item.announced or _EPOCH, item.id)))


def told(items: Iterable[Item], now: dt.datetime) -> tuple[Item, ...]:
    """The items subscribers have been told of by `now`: an event whose default announcement is still ahead waits."""
    return tuple(item for item in items if item.announced is None or item.announced <= now)


def render(feed: Feed, site: Site, bodies: Mapping[str, str]) -> dict[str, bytes]:
    """The feed as RSS 2.0, Atom and JSON Feed, by path below the site folder."""
    return FeedWriter(site, bodies).render(feed)


def render_all(site: Site, bodies: Mapping[str, str], memo: Memo | None = None) -> dict[str, bytes]:
    """Every feed of the site in all three formats, by path below the site folder.

    With a `memo`, a feed whose items' bodies are as an earlier build had them is not written again.
    """
    files: dict[str, bytes] = {}
    for made in render_each(site, bodies, memo):
        files.update((path, data if isinstance(data, bytes) else data.read()) for path, data in made.items())
    return files


def render_each(site: Site, bodies: Mapping[str, str], memo: Memo | None = None) -> Iterator[OutputFiles]:
    """Every feed of the site, one feed's three files at a time (so they can be written, and let go, one by one)."""
    feeds = feeds_for(site)
    writer = FeedWriter(site, bodies, feeds, memo)
    for feed in feeds:
        if memo is None:
            yield writer.render(feed)
        else:
            carried = [feed.base, *(writer.body_digest(item) for item in feed.items)]
            yield memo("feed", carried, functools.partial(writer.render, feed))
        writer.done_with(feed)  # rendered, or kept from an earlier build: its entries are wanted no more for it


def body_digest(item: Item, bodies: Mapping[str, str]) -> str:
    """What an item's entry is written from besides the graph, as a short digest after its key: the body MkDocs
    rendered, or its Markdown where there is none (an item the language shows untranslated)."""
    body = bodies.get(item.key)
    text = body if body is not None else "\0markdown\0" + item.body
    return item.key + ":" + hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def site_root(settings: Settings) -> str:
    """The site's absolute address, ending in '/'; feeds are useless without one."""
    root = settings.site_url.strip()
    if not urlsplit(root).netloc:
        raise ValueError("feeds need the site's full address: set site_url in mkdocs.yml (https://…/)")
    return root if root.endswith("/") else root + "/"


def absolute(settings: Settings, url: str) -> str:
    """A site-relative URL made absolute."""
    return urljoin(site_root(settings), url)


def tag_uri(settings: Settings, name: str) -> str:
    """A permanent id (RFC 4151) for a thing of this site: host, a fixed year, and its name."""
    root = urlsplit(site_root(settings))
    founded = settings.network.founded
    year = founded.year if founded is not None else TAG_YEAR_FALLBACK
    # A site that lives below a path keeps it, so two networks on one host never share ids.
    return f"tag:{root.hostname},{year}:{root.path.lstrip('/')}{name}"


def entry_title(item: Item) -> str:
    """The title an item has in a feed: its headline, as on its page (a bulletin's carries its number)."""
    return item.headline


class FeedWriter:
    """Renders feeds of one site, preparing each item's entry once for all the feeds it is in."""

    def __init__(self, site: Site, bodies: Mapping[str, str], feeds: Iterable[Feed] = (), memo: Memo | None = None
                 ) -> None:
        """`feeds`: those this writer is to render (each once), whose entries' elements it can then make once;
        `memo`: where the entries an earlier build made for the same items are kept."""
        self.site = site
        self._memo = memo
        self._digests: dict[str, str] = {}  # each item's, once: an item is in a dozen feeds (its type's, TWGs' …)
        self.settings = site.settings
        self.bodies = bodies
        self.root = site_root(site.settings)
        self._entries: dict[str, Entry] = {}
        # feedgen's entry of each, made once and added to every RSS and Atom feed the item is in (a fifth of the
        # feeds' time went on making the same entries again, a dozen times over for an item in many feeds).
        self._feed_entries: dict[str, _MadeOnce] = {}  # by the item's key
        # How many of `feeds` each item is in, less those rendered (or done with) since.
        self._feeds_left: collections.Counter[str] = collections.Counter(
            item.key for feed in feeds for item in feed.items)
        self._source_urls: dict[str, str] | None = None
        # One converter, reset between items: building it is most of the cost of a small body.
        self._markdown = markdown.Markdown(extensions=["extra", "sane_lists"])

    def render(self, feed: Feed) -> dict[str, bytes]:
        """One feed in its three formats."""
        entries = [self.entry(item) for item in feed.items]
        updated = max(e.updated for e in entries) if entries else self._empty_feed_updated()
        author = self.author
        made = [self._feed_entry(item.key, entry, author) for item, entry in zip(feed.items, entries, strict=True)]
        rss = self._feedgen(feed, made, updated, feed.rss_path, RSS_TYPE)
        atom = self._feedgen(feed, made, updated, feed.atom_path, ATOM_TYPE)
        return {
            feed.rss_path: rss.rss_str(pretty=True),
            feed.atom_path: atom.atom_str(pretty=True),
            feed.json_path: json_feed(
                title=feed.title,
                description=feed.description,
                home_page_url=self.root + feed.link,
                feed_url=self.root + feed.json_path,
                language=self.settings.language,
                author=self.author,
                entries=entries,
                icon=self.root + icons.icon_path(icons.LARGE) if self.settings.network.logo else None,
                favicon=self.root + icons.icon_path(icons.SMALL) if self.settings.network.logo else None,
            ),
        }

    def done_with(self, feed: Feed) -> None:
        """`feed` (one of those given) is rendered, or will not be: an entry in no feed left lets go of its
        elements."""
        for item in feed.items:
            self._feeds_left[item.key] -= 1
            made = self._feed_entries.get(item.key)
            if made is not None and self._feeds_left[item.key] <= 0:
                made.let_go()

    def _empty_feed_updated(self) -> dt.datetime:
        # Not the clock and not the rest of the site: a feed with nothing in it has not changed,
        # so an edit elsewhere must not make readers fetch it as new. The network's founding will do.
        founded = self.settings.network.founded
        if founded is None:
            return _EPOCH
        return dt.datetime.combine(first_day(founded), dt.time(), self.settings.timezone)

    @property
    def author(self) -> Person:
        network = self.settings.network
        return Person(network.name, self.root, network.email)

    def entry(self, item: Item) -> Entry:
        """The feed entry of an item, made once."""
        cached = self._entries.get(item.key)
        if cached is None:
            make = functools.partial(self._make_entry, item)
            # Kept from the last build's feeds: after one edit, the dozen feeds the item is in are written again,
            # with the entries of their other items (half of the feeds' process's work after one edit).
            cached = self._entries[item.key] = make() if self._memo is None else \
                self._memo.value("feed entry", [self.body_digest(item)], make)
        return cached

    def body_digest(self, item: Item) -> str:
        """`body_digest` of the item, worked out once."""
        found = self._digests.get(item.key)
        if found is None:
            found = self._digests[item.key] = body_digest(item, self.bodies)
        return found

    # --- entries ---------------------------------------------------------------------------
    def _make_entry(self, item: Item) -> Entry:
        # An event's entry is dated the day it was announced: its start may be months ahead. A date known only to its
        # month or year (a practice submitted 2020-09) is dated from the first moment of that month or year in the
        # site's zone: RSS, Atom and JSON Feed require a full timestamp, and the earliest it may be never dates the
        # entry after the fact nor holds it back as ahead of 'now'; the entry's page says the month as written.
        published = item.announced or item.updated or _EPOCH
        updated = item.updated or published
        return Entry(
            id=tag_uri(self.settings, self.settings.prefix + item.key),
            url=self.root + item.url,
            title=_clean(entry_title(item)),
            summary=_clean(item.summary),
            content_html=_clean(self._content(item)),
            published=published,
            # A feed must not say an entry changed before it appeared.
            updated=max(updated, published),
            categories=self._categories(item),
            contributors=tuple(Person(credited.title, self.root + credited.url) for credited in self._credited(item)),
            image=self._image(item),
            language=item.language if item.language != self.settings.language else None,
        )

    def absolute_body(self, item: Item) -> str:
        """The item's body as feeds and the e-mail bulletin carry it: addresses absolute, cleaned to the allow-list."""
        return syndication.clean(self._absolute_body(item))

    def _absolute_body(self, item: Item) -> str:
        body = self.bodies.get(item.key)
        if body is None:
            # Not rendered by MkDocs (tests, other engines): links are relative to the source file.
            body = self._markdown.reset().convert(item.body)
            return self._absolute_html(body, self.root + item.source.src_uri)
        return self._absolute_html(body, self.root + item.url)

    def _content(self, item: Item) -> str:
        body = self._absolute_body(item)
        parts = [self._figure(item), self._facts(item), body, self._carried(item)]
        # What the build writes around the body is cleaned with it: a picture's address is a front-matter value.
        return syndication.clean("\n".join(part for part in parts if part))

    def _figure(self, item: Item) -> str:
        image = item.image
        if image is None:
            return ""
        caption = f"<figcaption>{html.escape(image.caption)}</figcaption>" if image.caption else ""
        src = html.escape(self._image_url(image.src))
        return f'<figure><img src="{src}" alt="{html.escape(image.alt)}">{caption}</figure>'

    def _facts(self, item: Item) -> str:
        # The item page shows its facts (an event's when and where) around the body; a feed reader shows only this.
        colon = html.escape(self.site.strings("item.label_end").rstrip())  # 'Date :' in French
        facts = [
            f"<strong>{html.escape(fact.label)}{colon}</strong> " + (
                f'<a href="{html.escape(fact.link)}">{html.escape(fact.text)}</a>' if fact.link
                else html.escape(fact.text)
            )
            for fact in item.feed_facts()
        ]
        return "<p>" + "<br>\n".join(facts) + "</p>" if facts else ""

    def _carried(self, item: Item) -> str:
        # A bulletin's body is its introduction; its page lists what it carries, so does the feed.
        if not item.carries:
            return ""
        rows = []
        for entry in item.carries:
            link = f'<a href="{html.escape(self.root + entry.url)}">{html.escape(entry.title)}</a>'
            rows.append(f"<li>{link}" + (f" — {html.escape(entry.summary)}" if entry.summary else "") + "</li>")
        return "<ul>\n" + "\n".join(rows) + "\n</ul>"

    def _credited(self, item: Item) -> tuple[Item, ...]:
        return tuple(credited for t in self.site.types if t.credited for credited in item.named(t.folder))

    def _categories(self, item: Item) -> tuple[Category, ...]:
        groups = (
            Category(group.short_name, scheme=f"{self.root}{t.folder}/")
            for t in self.site.types.grouping for group in item.named(t.folder)
        )
        # A target's goal too, for readers who follow the goal.
        marks: tuple[Topic | Target, ...] = (*item.sdgs, *item.sdg_targets)
        label_end = self.site.strings("item.label_end")
        sdgs = (Category(mark.label, label=f"{mark.label}{label_end}{mark.title}", scheme=self.root + "sdgs/")
                for mark in marks)
        tags = (Category(tag) for tag in item.tags)
        return tuple(dict.fromkeys((*groups, *sdgs, *tags)))

    def _image(self, item: Item) -> Enclosure | None:
        image = item.image
        if image is None:
            return None
        suffix = PurePosixPath(urlsplit(image.src).path).suffix.lower()
        media_type = _IMAGE_TYPES.get(suffix, "application/octet-stream")
        length = 0
        if not _SCHEME.match(image.src):
            file = _content_dir(item) / image.src.lstrip("/")
            length = file.stat().st_size if file.is_file() else 0
        return Enclosure(self._image_url(image.src), media_type, length)

    def _image_url(self, src: str) -> str:
        # Image paths are relative to content/, which MkDocs copies to the site's root.
        return src if _SCHEME.match(src) else self.root + quote(src.lstrip("/"), safe="/%")

    # --- links -----------------------------------------------------------------------------
    def _absolute_html(self, fragment: str, base: str) -> str:
        """HTML with every link and picture address (srcset's too) made absolute against `base`."""
        return syndication.absolute_html(fragment, functools.partial(self._absolute_url, base=base))

    def _absolute_url(self, url: str, base: str) -> str:
        if url_scheme(url) is not None:
            return url
        resolved = urljoin(base, url)
        address, hash_mark, fragment = resolved.partition("#")
        if address.endswith(".md"):
            # A link to a content file, as authors write them: point it at that file's page.
            page = self.source_urls.get(address)
            if page is not None:
                return page + hash_mark + fragment
        return resolved

    @property
    def source_urls(self) -> dict[str, str]:
        """Absolute address of each content file -> absolute address of its page."""
        if self._source_urls is None:
            urls = {
                self.root + item.source.src_uri: self.root + item.url
                for content_type in self.site.types
                for item in self.site.of_kind(content_type.folder)
            }
            urls.update({self.root + page.source.src_uri: self.root + page.url for page in self.site.pages})
            self._source_urls = urls
        return self._source_urls

    # --- RSS and Atom ----------------------------------------------------------------------
    def _feedgen(
        self, feed: Feed, entries: Iterable[FeedEntry], updated: dt.datetime, self_path: str, media_type: str
    ) -> FeedGenerator:
        author = self.author
        gen = FeedGenerator()
        gen.id(tag_uri(self.settings, f"{feed.base}feed"))
        gen.title(_clean(feed.title))
        description = _clean(feed.description or feed.title)
        # RSS readers read a channel's description as HTML, as they do an item's: a summary goes in escaped there
        # (Atom's subtitle, like its titles, is text).
        gen.description(html.escape(description, quote=False) if media_type == RSS_TYPE else description)
        # feedgen makes the last link the RSS channel's <link>: the listing page, not the feed.
        gen.link(href=self.root + self_path, rel="self", type=media_type)
        gen.link(href=self.root + feed.link, rel="alternate", type="text/html")
        gen.language(self.settings.language)
        gen.author(_person(author))
        # feedgen stamps the clock and its own version by default; both would break reproducibility.
        gen.updated(updated)
        gen.generator(GENERATOR)
        if self.settings.network.logo:
            size = str(icons.FEED_IMAGE)
            image = self.root + icons.icon_path(icons.FEED_IMAGE)
            gen.image(url=image, title=_clean(feed.title), link=self.root + feed.link, width=size, height=size)
            gen.icon(self.root + icons.icon_path(icons.SMALL))
        for entry in entries:
            gen.add_entry(entry, order="append")
        return gen

    def _feed_entry(self, key: str, entry: Entry, author: Person) -> FeedEntry:
        """feedgen's entry for `entry` (the item `key`'s), the same in every feed (feedgen reads an entry, never
        changes it)."""
        made = self._feed_entries.get(key)
        if made is not None:
            return made
        made = self._feed_entries[key] = _MadeOnce(self._feeds_left[key] > 1)
        made.register_extension(_LINKS, _EntryLinks, atom=True, rss=False)
        getattr(made, _LINKS).entry = entry
        made.id(entry.id)
        made.guid(entry.id, permalink=False)
        made.title(entry.title)
        made.link(href=entry.url, rel="alternate", type="text/html")
        made.author(_person(author))
        made.published(entry.published)
        made.updated(entry.updated)
        # RSS readers read a description as HTML: the plain-text summary goes in escaped (in Atom, typed html).
        made.summary(html.escape(entry.summary, quote=False), type="html")
        made.content(entry.content_html, type="html")
        for category in entry.categories:
            made.category({k: v for k, v in vars(category).items() if v is not None})
        for person in entry.contributors:
            made.contributor(_person(person))
        if entry.image is not None:
            made.enclosure(entry.image.url, str(entry.image.length), entry.image.media_type)
        return made


class _MadeOnce(FeedEntry):  # type: ignore[misc]
    """feedgen's entry, its RSS and Atom elements made once for all the feeds it is in.

    An item is in several feeds (the site's, its type's, each TWG's, SDG's and tag's it has: seven on average in the
    1,000-item bench corpus), and feedgen made its elements again for each: rendering that corpus's feeds took 1.02 s,
    0.75 s with each made once. A feed's tree takes an element as its own (lxml moves an element appended to
    another), so while another feed is to take it, the one handed out is a copy. `let_go` once no feed is left.
    """

    def __init__(self, shared: bool) -> None:
        super().__init__()
        self._shared = shared
        self._made: dict[tuple[str, bool], etree._Element] = {}

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        return self._handed(("atom", extensions), super().atom_entry)

    def rss_entry(self, extensions: bool = True) -> etree._Element:
        return self._handed(("rss", extensions), super().rss_entry)

    def _handed(self, kind: tuple[str, bool], make: Callable[[bool], etree._Element]) -> etree._Element:
        if not self._shared:
            return make(kind[1])
        made = self._made.get(kind)
        if made is None:
            made = self._made[kind] = make(kind[1])
        return copy.deepcopy(made)

    def let_go(self) -> None:
        self._shared = False
        self._made.clear()


class _EntryLinks(BaseEntryExtension):  # type: ignore[misc]
    """An Atom entry's links written in full, and the language of an item not in the feed's, as feedgen writes the
    entry (its own way to change what it writes: an entry extension).

    feedgen 1.0 drops the rel, type and length of entry links, which turns an image into a
    second 'alternate' link (invalid Atom); the links are written again here.
    """

    entry: Entry | None = None

    def extend_atom(self, element: etree._Element) -> etree._Element:
        entry = self.entry
        assert entry is not None  # set as the entry is made
        # feedgen's elements carry no namespace: its feed element declares Atom's as a plain attribute.
        for link in element.findall("link"):
            element.remove(link)
        etree.SubElement(element, "link", href=entry.url, rel="alternate", type="text/html")
        if entry.language is not None:  # an item carried untranslated says its own language (xml:lang)
            element.set(_XML_LANG, entry.language)
        if entry.image is not None:
            etree.SubElement(element, "link", href=entry.image.url, rel="enclosure", type=entry.image.media_type,
                             length=str(entry.image.length))
        return element


def _person(person: Person) -> dict[str, str]:
    fields = {"name": person.name, "uri": person.url}
    if person.email:
        fields["email"] = person.email
    return fields


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _content_dir(item: Item) -> Path:
    """The content/ folder an item was read from."""
    depth = len(PurePosixPath(item.source.src_uri).parts)
    return Path(item.source.path).parents[depth - 1]
