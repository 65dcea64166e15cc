"""The files that follow the pages: feeds, calendars and robots.txt, and the list readers subscribe to."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.fast.build_cache import Memo, OutputFiles, no_memo
from generator.graph.site import Site
from generator.outputs import calendar, editor, email_edition, feeds


@dataclass(frozen=True)
class CalendarSubscription:
    """A calendar readers can add to their calendar app, as listed on the Subscribe page."""

    title: str
    description: str
    url: str
    webcal: str


@dataclass(frozen=True)
class FeedSubscription:
    """One listing's feed in its three formats, as a row of the Subscribe page's table."""

    title: str
    description: str
    page: str
    rss: str
    atom: str
    json: str


@dataclass(frozen=True)
class FeedGroup:
    """The feeds of one kind of listing (types, TWGs, SDGs …), as one table of the Subscribe page."""

    heading: str
    feeds: tuple[FeedSubscription, ...]


@dataclass(frozen=True)
class Subscriptions:
    """Everything a reader can follow: the whole site's feed first, calendars, the events still to come one by one,
    then every feed by group."""

    calendars: tuple[CalendarSubscription, ...]
    upcoming_events: tuple[CalendarSubscription, ...]
    feed_groups: tuple[FeedGroup, ...]
    whole_site: FeedSubscription | None = None  # the one feed offered first: everything the site publishes
    whole_site_address: str = ""  # its absolute address, to copy into a feed reader

    @property
    def feed_count(self) -> int:
        """How many listings have feeds, the rows of the folded tables."""
        return sum(len(group.feeds) for group in self.feed_groups)


# The Subscribe page's feed tables, by the folder a feed sits in ("" is the whole site and each type's); each
# table's heading is the strings table's `subscribe.groups.<folder>` ('site' for "").
FEED_GROUPS = ("", "twgs", "sdgs", "gcm", "organizations", "tags")


def outputs_each(
    site: Site, bodies: Mapping[str, str], templates: Path | None = None, memo: Memo = no_memo
) -> Iterator[OutputFiles]:
    """Every feed, calendar, open-data file, e-mail bulletin and robots.txt, by path below the output folder, a few
    at a time (a feed's files, the calendars, the e-mail edition, the open data), to be written and let go of.

    `templates` is the folder of the e-mail templates; without it no e-mail edition is made.
    """
    yield from feeds.render_each(site, bodies, memo)
    yield memo("calendars", (), lambda: calendar.render_calendars(site))
    if templates is not None:
        every_body = [feeds.body_digest(item, bodies) for item in site.items]
        yield memo("e-mail", every_body, lambda: email_edition.email_files(site, bodies, templates))
    if not site.settings.prefix:  # the open data and robots.txt are the site's, in its default language
        for content_type in site.types:
            if content_type.files is not None:
                yield memo(f"files of {content_type.folder}", (), functools.partial(
                    content_type.files, site, functools.partial(feeds.absolute, site.settings)))
        yield {"robots.txt": robots(site).encode("utf-8")}


def robots(site: Site) -> str:
    """Everything may be indexed but the staff's editor; the sitemap says where the pages are."""
    keep_out = editor.robots_rule(site.settings.site_url)
    return f"User-agent: *\n{keep_out}\nAllow: /\n\nSitemap: {feeds.absolute(site.settings, 'sitemap.xml')}\n"


def subscriptions(site: Site) -> Subscriptions:
    """Everything a reader can follow, for the Subscribe page.

    The calendars that follow (the site's, each TWG's) are offered to subscribe to; an event on its own
    only while it is still to come (what is over has nothing to add to a calendar).
    """
    single = {
        calendar.event_calendar_path(event): event for t in site.types.calendars for event in site.of_kind(t.folder)
    }
    calendars, upcoming = [], []
    for cal in calendar.calendars_for(site):
        address = feeds.absolute(site.settings, cal.path)
        offer = CalendarSubscription(cal.name, cal.description, cal.path, "webcal://" + address.split("://", 1)[1])
        event = single.get(cal.path)
        if event is None:
            calendars.append(offer)
        elif event.upcoming:
            upcoming.append(offer)
    by_group: dict[str, list[FeedSubscription]] = {folder: [] for folder in FEED_GROUPS}
    whole_site = None
    for feed in feeds.feeds_for(site):
        # A feed's place below its language's tree: bn/twgs/ctip/ is in the TWGs' group, as twgs/ctip/ is.
        base = feed.base.removeprefix(site.settings.prefix)
        folder = base.split("/", 1)[0] if base.count("/") > 1 else ""
        row = FeedSubscription(feed.title, feed.description, feed.link, feed.rss_path, feed.atom_path, feed.json_path)
        by_group.setdefault(folder, []).append(row)
        if feed.base == site.settings.prefix:
            whole_site = row
    words, types = site.strings, {t.folder for t in site.types}
    # A network's own followed type (its campaigns) is headed by its label in the page's language, told if missing.
    groups = tuple(
        FeedGroup(words.get(f"subscribe.groups.{folder or 'site'}",
                            site.label(folder, True) if folder in types else folder.capitalize()), tuple(rows))
        for folder, rows in by_group.items() if rows
    )
    address = feeds.absolute(site.settings, whole_site.rss) if whole_site is not None else ""
    return Subscriptions(tuple(calendars), tuple(upcoming), groups, whole_site, address)
