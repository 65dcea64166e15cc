"""The files that follow the pages: feeds, calendars and robots.txt, and the list readers subscribe to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import calendar, editor, email_edition, feeds, repository
from generator.graph import Site


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
    rss: str
    atom: str
    json: str


@dataclass(frozen=True)
class Subscriptions:
    """Everything a reader can follow: calendars, then feeds."""

    calendars: tuple[CalendarSubscription, ...]
    feeds: tuple[FeedSubscription, ...]


def outputs(site: Site, bodies: Mapping[str, str], templates: Path | None = None) -> dict[str, bytes]:
    """Every feed, calendar, open-data file, e-mail bulletin and robots.txt, by path below the output folder.

    `templates` is the folder of the e-mail templates; without it no e-mail edition is made.
    """
    files = {**feeds.render_all(site, bodies), **calendar.render_calendars(site)}
    if templates is not None:
        files.update(email_edition.email_files(site, bodies, templates))
    if not site.settings.prefix:  # the open data and robots.txt are the site's, in its default language
        files.update(repository.open_data(site, lambda url: feeds.absolute(site.settings, url)))
        files["robots.txt"] = robots(site).encode("utf-8")
    return files


def robots(site: Site) -> str:
    """Everything may be indexed but the staff's editor; the sitemap says where the pages are."""
    keep_out = editor.robots_rule(site.settings.site_url)
    return f"User-agent: *\n{keep_out}\nAllow: /\n\nSitemap: {feeds.absolute(site.settings, 'sitemap.xml')}\n"


def subscriptions(site: Site) -> Subscriptions:
    """Everything a reader can follow, for the Subscribe page."""
    calendars = []
    for cal in calendar.calendars_for(site):
        address = feeds.absolute(site.settings, cal.path)
        webcal = "webcal://" + address.split("://", 1)[1]
        calendars.append(CalendarSubscription(cal.name, cal.description, cal.path, webcal))
    rows = tuple(
        FeedSubscription(feed.title, feed.description, feed.rss_path, feed.atom_path, feed.json_path)
        for feed in feeds.feeds_for(site)
    )
    return Subscriptions(tuple(calendars), rows)
