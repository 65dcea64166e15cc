"""The pages the generator adds to the site, computed from the graph alone.

Each page is a source path, a template and the context that template renders; sorting,
grouping and paging happen here so that templates only render.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from generator.content.registry import ContentType
from generator.graph import languages
from generator.graph.site import Item, Site, Topic, page_url
from generator.graph.tags import FOLDER, site_tags
from generator.outputs import search
from generator.outputs.feeds import feed_titles
from generator.outputs.guide import guide_context, translation_examples
from generator.outputs.statements import statement

FEED_FORMATS = (
    ("feed.xml", "application/rss+xml", "RSS"),
    ("atom.xml", "application/atom+xml", "Atom"),
    ("feed.json", "application/feed+json", "JSON Feed"),
)


@dataclass(frozen=True)
class FeedLink:
    """A feed a page advertises for autodiscovery."""

    title: str
    url: str
    media_type: str
    format: str


@dataclass(frozen=True)
class Pagination:
    """Where a listing page sits among its pages."""

    number: int
    total: int
    base: str

    def url_of(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def previous(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.total else None

    @property
    def pages(self) -> tuple[tuple[int, str], ...]:
        return tuple((n, self.url_of(n)) for n in range(1, self.total + 1))


@dataclass(frozen=True)
class GeneratedPage:
    """A page with no file of its own: a listing, a topic, an archive year."""

    src_uri: str
    title: str
    template: str
    description: str
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


def feed_links(base: str, title: str) -> tuple[FeedLink, ...]:
    """The three feeds that sit beside a listing at `base` ('' for the whole site)."""
    return tuple(FeedLink(f"{title} ({name})", f"{base}{file}", media, name) for file, media, name in FEED_FORMATS)


def site_feeds(site: Site) -> tuple[FeedLink, ...]:
    return feed_links(site.settings.prefix, site.settings.network.short_name)


_FEEDS_BY_PAGE: weakref.WeakKeyDictionary[Site, dict[str, str]] = weakref.WeakKeyDictionary()


def own_feeds(site: Site, url: str) -> tuple[FeedLink, ...]:
    """The feeds that follow what the page at `url` lists; none for a page that lists nothing.

    Every feed sits beside the page it follows (feeds.feed_titles), so a page finds its own by address:
    a type's listing and its further pages, a TWG, an SDG, a GCM objective, an organization, a tag.
    """
    titles = _FEEDS_BY_PAGE.get(site)
    if titles is None:
        titles = _FEEDS_BY_PAGE[site] = {
            base: title for base, title in feed_titles(site).items() if base != site.settings.prefix
        }
    base = _listing_of(url)
    return feed_links(base, titles[base]) if base in titles else ()


def feeds_of(site: Site, url: str) -> tuple[FeedLink, ...]:
    """The feeds a page at `url` advertises for autodiscovery: its own, then the whole site's."""
    return (*own_feeds(site, url), *site_feeds(site))


def _listing_of(url: str) -> str:
    """The first page of a paginated listing ('news/page/2/' -> 'news/'); any other page is its own."""
    head, _, number = url.rstrip("/").rpartition("/page/")
    return f"{head}/" if head and number.isdigit() else url


def paginate(items: Sequence[Any], per_page: int) -> list[Sequence[Any]]:
    """Items in pages of `per_page`; an empty listing still has one (empty) page."""
    if not items:
        return [()]
    return [items[i : i + per_page] for i in range(0, len(items), per_page)]


def listing_pages(site: Site, content_type: ContentType, intro: str = "") -> list[GeneratedPage]:
    """A paginated listing of one type: /news/, /news/page/2/ …"""
    kind, title, words = content_type.folder, site.label(content_type.folder, True), site.strings
    chunks = paginate(site.of_kind(kind), site.settings.per_page)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pagination = Pagination(number, len(chunks), f"{site.settings.prefix}{kind}/")
        src = f"{kind}/index.md" if number == 1 else f"{kind}/page/{number}/index.md"
        heading = title if number == 1 else words("pages.page_of", title=title, number=_n(site, number),
                                                  total=_n(site, len(chunks)))
        pages.append(
            GeneratedPage(
                src, heading, "pages/listing.html",
                words("pages.listing_description", label=title, network=site.settings.network.name),
                {"items": tuple(chunk), "pagination": pagination, "intro": intro, "kind": kind},
            )
        )
    return pages


def section_page(
    site: Site, content_type: ContentType, template: str, description: str, context: Mapping[str, Any],
    title: str | None = None,
) -> list[GeneratedPage]:
    """A type's listing on one page (/events/, /twgs/): its title, and its description from the strings table."""
    label = site.label(content_type.folder, True)
    return [
        GeneratedPage(
            f"{content_type.folder}/index.md", site.strings(title) if title else label, template,
            site.strings(description, label=label, network=site.settings.network.name), context,
        )
    ]


def _n(site: Site, value: int) -> str:
    return languages.number(value, site.settings.locale)


def topic_pages(site: Site, scheme: str, topics: Sequence[Topic]) -> list[GeneratedPage]:
    """An index of a taxonomy and a page per topic (SDG or GCM objective)."""
    words = site.strings
    index_title = words("pages.sdgs_title" if scheme == "sdgs" else "pages.gcm_title")
    pages = [
        GeneratedPage(
            f"{scheme}/index.md", index_title, "pages/topics.html",
            words("pages.topics_description", title=index_title), {"topics": tuple(topics), "scheme": scheme},
        )
    ]
    for topic in topics:
        pages.append(
            GeneratedPage(
                f"{scheme}/{topic.number}/index.md", f"{topic.label}: {topic.title}", "pages/topic.html",
                words("pages.topic_description", network=site.settings.network.short_name, label=topic.label,
                      title=topic.title),
                {"topic": topic, "items": topic.items,
                 "targets": site.targets_of(topic) if scheme == "sdgs" else ()},
            )
        )
    return pages


# A graph's pages, made once: checking asks for them, then (a preview showing no draft) the build of the same graph.
_MADE: weakref.WeakKeyDictionary[Site, tuple[frozenset[tuple[str, str]], tuple[GeneratedPage, ...]]] = \
    weakref.WeakKeyDictionary()


def generated_pages(site: Site, translated: Collection[tuple[str, str]] = ()) -> list[GeneratedPage]:
    """Every page the generator adds, in the graph's language: listings, topics, search, subscribe, archive, guide.

    A language other than the default has them all in its own tree (bn/news/ …); the staff guide
    is in the default language only, its examples of translations from `translated` (each one's original and language).
    """
    asked = frozenset(translated)
    made = _MADE.get(site)
    if made is None or made[0] != asked:
        made = _MADE[site] = (asked, tuple(_made(site, asked)))
    return list(made[1])


def _made(site: Site, translated: Collection[tuple[str, str]]) -> list[GeneratedPage]:
    name, words, prefix = site.settings.network.name, site.strings, site.settings.prefix
    pages: list[GeneratedPage] = []
    for content_type in site.types:
        listing = content_type.listing or listing_pages
        pages += listing(site, content_type)
    pages += topic_pages(site, "sdgs", site.sdgs)
    pages += topic_pages(site, "gcm", site.gcm_objectives)
    pages.append(
        GeneratedPage(
            "search/index.md", words("pages.search_title"), "pages/search.html",
            words("pages.search_description", network=name),
            {"kinds": (*search.kind_filters(site), search.page_filter(site)), "filters": search.filters(site)},
        )
    )
    # A network whose content/ has no subscribe.md still gets the page every listing links to.
    pages.append(
        GeneratedPage(
            "subscribe.md", words("pages.subscribe_title"), "subscribe.html",
            words("pages.subscribe_description", network=name),
            {"intro": words("pages.subscribe_intro", network=name)},
        )
    )
    if not prefix:
        pages.append(
            GeneratedPage(
                "guide/index.md", "How to publish", "pages/guide.html",
                "How staff publish news, events, practices and the E-Bulletin, with the reference of every field.",
                # Examples are dated by the content, never the clock, so the build stays reproducible.
                guide_context(site.types, site.last_updated.date() if site.last_updated else dt.date(2019, 7, 1),
                              site.settings.languages, translation_examples(site, translated)),
            )
        )
    pages.append(
        GeneratedPage(
            "archive/index.md", words("pages.archive_title"), "pages/archive.html",
            words("pages.archive_description", network=name), {"years": site.years},
        )
    )
    pages += statement_pages(site)
    pages += tag_pages(site)
    for year in site.years:
        shown = _n(site, year.year)
        pages.append(
            GeneratedPage(
                f"archive/{year.year}/index.md", words("pages.archive_year_title", year=shown),
                "pages/archive-year.html", words("pages.archive_year_description", year=shown),
                {"year": year, "items": year.items},
            )
        )
    if prefix and not any(page.translation is not None and page.source.src_uri == "index.md" for page in site.pages):
        # A language whose home page is not translated yet still has a home, made from the same template.
        pages.append(GeneratedPage("index.md", name, "home.html", site.settings.network.description or name))
    return [replace(page, src_uri=prefix + page.src_uri) for page in pages] if prefix else pages


def statement_pages(site: Site) -> list[GeneratedPage]:
    """The accessibility statement and the privacy notice, which UN sites publish, said from what the site is."""
    words, name, said = site.strings, site.settings.network.name, statement(site)
    return [
        GeneratedPage(f"{page}/index.md", words(f"{page}.title"), f"pages/{page}.html",
                      words(f"{page}.description", network=name), {"statement": said})
        for page in ("accessibility", "privacy")
    ]


def tag_pages(site: Site) -> list[GeneratedPage]:
    """A page per tag, listing the items that carry it (its feeds sit beside it)."""
    words, name = site.strings, site.settings.network.name
    return [
        GeneratedPage(
            f"{FOLDER}/{tag.slug}/index.md", words("pages.tag_title", tag=tag.label), "pages/tag.html",
            words("pages.tag_description", network=name, tag=tag.label), {"tag": tag, "items": tag.items},
        )
        for tag in site_tags(site)
    ]


def home_context(site: Site) -> dict[str, Any]:
    """The sections of the home page: what each type shows there (`home`), and the site's feeds."""
    sections: dict[str, Any] = {}
    for content_type in site.types:
        if content_type.home is not None:
            sections.update(content_type.home(site, content_type))
    return {**sections, "feeds": site_feeds(site)}


def last_modified(site: Site, item: Item | None) -> dt.date:
    """When a page last changed in substance, from the content alone (for the sitemap)."""
    if item is not None and item.updated is not None:
        return item.updated.date()
    newest = site.last_updated
    return newest.date() if newest is not None else _NEVER


_NEVER = dt.date(1970, 1, 1)

