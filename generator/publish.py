"""The files that follow the pages: feeds, calendars and robots.txt, and the list readers subscribe to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import calendar, email_edition, feeds, repository
from generator.graph import Site


@dataclass(frozen=True)
class Subscription:
    """A feed or calendar a reader can subscribe to, as listed on the Subscribe page."""

    title: str
    description: str
    url: str
    format: str
    webcal: str | None = None


def outputs(site: Site, bodies: Mapping[str, str], templates: Path | None = None) -> dict[str, bytes]:
    """Every feed, calendar, open-data file, e-mail bulletin and robots.txt, by path below the output folder.

    `templates` is the folder of the e-mail templates; without it no e-mail edition is made.
    """
    files = {**feeds.render_all(site, bodies), **calendar.render_calendars(site)}
    if templates is not None:
        files.update(email_edition.email_files(site, bodies, templates))
    files.update(repository.open_data(site, lambda url: feeds.absolute(site.settings, url)))
    files["robots.txt"] = robots(site).encode("utf-8")
    return files


def robots(site: Site) -> str:
    """Everything may be indexed; the sitemap says where the pages are."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {feeds.absolute(site.settings, 'sitemap.xml')}\n"


def subscriptions(site: Site) -> list[Subscription]:
    """Everything a reader can follow, for the Subscribe page: calendars first, then feeds."""
    found: list[Subscription] = []
    for cal in calendar.calendars_for(site):
        address = feeds.absolute(site.settings, cal.path)
        webcal = "webcal://" + address.split("://", 1)[1]
        found.append(Subscription(cal.name, cal.description, cal.path, "iCalendar", webcal))
    for feed in feeds.feeds_for(site):
        found.append(Subscription(feed.title, feed.description, feed.rss_path, "RSS"))
        found.append(Subscription(feed.title, feed.description, feed.atom_path, "Atom"))
        found.append(Subscription(feed.title, feed.description, feed.json_path, "JSON Feed"))
    return found
