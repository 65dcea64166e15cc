"""iCalendar files of events, for the whole site and each TWG, that calendar apps subscribe to.

UIDs come from the file name, so an event keeps its place in a subscriber's calendar when it
is retitled or moved; DTSTAMP, LAST-MODIFIED and SEQUENCE come from the event's `announced` and
`updated` dates, never the clock, so the same content gives byte-identical files and each change
staff date with `updated` reaches calendar apps as a newer version.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vCalAddress, vDuration, vText
from icalendar import Event as VEvent

from generator.graph.site import Item, Site
from generator.graph.strings import Strings
from generator.outputs.feeds import absolute, site_root

CALENDAR_FILE = "events.ics"
# One event on its own, beside its page: what "add to calendar" downloads.
EVENT_FILE = "event.ics"
# How often subscribed calendar apps should look for changes.
REFRESH = dt.timedelta(hours=12)
_END = b"END:VCALENDAR\r\n"
_UNIX = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class Happening(Protocol):
    """What a type that gives calendars (`calendar=True`) gives of each item, beside what every item has."""

    kind: str
    id: str
    title: str
    summary: str
    url: str
    localized: bool
    data: Any

    @property
    def start(self) -> dt.datetime: ...
    @property
    def end(self) -> dt.datetime: ...
    @property
    def all_day(self) -> bool: ...
    @property
    def first_day(self) -> dt.date: ...
    @property
    def last_day(self) -> dt.date: ...
    @property
    def place(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def upcoming(self) -> bool: ...
    @property
    def announced(self) -> dt.datetime: ...
    @property
    def updated(self) -> dt.datetime | None: ...
    def named(self, kind: str) -> tuple[Any, ...]: ...
    def calendar_notes(self, words: Strings) -> tuple[str, ...]:
        """What its calendar entry says between its summary and its address (who organised it, how to join)."""
        ...



@dataclass(frozen=True)
class CalendarFile:
    """A calendar of the site: where it is written, its name, and its events."""

    path: str
    name: str
    description: str
    events: tuple[Happening, ...]


def calendars_for(site: Site) -> list[CalendarFile]:
    """Every calendar of the site in its graph's language: all events, each TWG's, and each event's own.

    A language other than the default has them in its own tree (bn/events.ics); a TWG's and an
    event's own calendars only where they are translated, beside their pages.
    """
    network, words, prefix = site.settings.network, site.strings, site.settings.prefix
    calendars = {t.folder for t in site.types.calendars}
    events = tuple(event for kind in calendars for event in site.of_kind(kind))
    files = [CalendarFile(f"{prefix}{CALENDAR_FILE}", words("calendars.site_name", network=network.short_name),
                          words("calendars.site_description", network=network.name), events)]
    for group in (group for t in site.types.grouping for group in site.of_kind(t.folder)):
        if not group.localized:
            continue
        files.append(
            CalendarFile(
                f"{group.url}{CALENDAR_FILE}",
                words("calendars.twg_name", network=network.short_name, twg=group.short_name),
                words("calendars.twg_description", twg=group.title, network=network.name),
                _happening_in(group, calendars),
            )
        )
    for event in events:
        if event.localized:
            files.append(CalendarFile(event_calendar_path(event), event.title, event.summary, (event,)))
    return files


def _happening_in(group: Item, calendars: set[str]) -> tuple[Happening, ...]:
    """What names a group (a TWG) and happens over days, newest first."""
    return tuple(item for item in group.referring() if item.kind in calendars)


def offered_calendar(item: Item) -> str | None:
    """Where the calendar of an item on its own is, while it is still to come; None when over or never happening."""
    if not item.type.calendar:
        return None
    happening = cast("Happening", item)
    return event_calendar_path(happening) if happening.upcoming else None


def event_calendar_path(event: Happening) -> str:
    """Where the calendar file of this one event is published, below the site root."""
    return f"{event.url}{EVENT_FILE}"


def render_calendars(site: Site) -> dict[str, bytes]:
    """Every calendar of the site, by path below the site folder."""
    # An event sits in the site's calendar, its TWGs' and its own: serialise it once for all of them.
    serialised: dict[str, bytes] = {}

    def vevent(event: Happening) -> bytes:
        if event.id not in serialised:
            serialised[event.id] = _vevent(event, site).to_ical()
        return serialised[event.id]

    return {
        file.path: calendar_for(file.events, site, file.name, file.description, vevent)
        for file in calendars_for(site)
    }


def uid(event: Happening, site: Site) -> str:
    """The event's permanent id: its kind and file name at the site's host."""
    return f"{event.kind}-{event.id}@{urlsplit(site_root(site.settings)).hostname}"


def calendar_for(
    events: Iterable[Happening], site: Site, name: str, description: str = "",
    vevent: Callable[[Happening], bytes] | None = None,
) -> bytes:
    """An iCalendar (RFC 5545) file of `events`, in date order; `vevent` gives an event's VEVENT lines."""
    settings = site.settings
    network = settings.network
    ordered = sorted(events, key=lambda e: (e.start, e.id))
    cal = Calendar()
    cal.add("prodid", f"-//{network.short_name}//network-site//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # Text escaped as RFC 5545 TEXT (RFC 7986 NAME and DESCRIPTION, and the X-WR- names clients read):
    # unescaped, a comma ends the value for vobject and a line break breaks the file.
    # Each text says its language (RFC 5545 LANGUAGE): calendar apps pick their voice, fonts and direction by it.
    language = {"LANGUAGE": settings.language}
    cal.add("name", vText(name), parameters=language)
    cal.add("x-wr-calname", vText(name), parameters=language)
    if description:
        cal.add("description", vText(description), parameters=language)
        cal.add("x-wr-caldesc", vText(description), parameters=language)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    timed = [event for event in ordered if not event.all_day]
    if timed:
        # Only the years the events span, so the file stays small and changes only with them.
        first = min(e.start for e in timed).astimezone(settings.timezone).year
        last = max(e.end for e in timed).astimezone(settings.timezone).year
        cal.add_component(_timezone(settings.timezone, first, last))
    # A component's lines are its properties, then each subcomponent's lines, then its END line.
    head = cal.to_ical().removesuffix(_END)
    serialise = vevent or (lambda event: _vevent(event, site).to_ical())
    return b"".join((head, *map(serialise, ordered), _END))


@functools.lru_cache(maxsize=64)
def _timezone(zone: ZoneInfo, first: int, last: int) -> Timezone:
    # Working out a zone's transitions costs tens of milliseconds; with a calendar beside every
    # event, the same few year spans come back thousands of times.
    return Timezone.from_tzinfo(
        zone, tzid=zone.key, first_date=dt.date(first, 1, 1), last_date=dt.date(last + 1, 12, 31)
    )


def _vevent(event: Happening, site: Site) -> VEvent:
    settings = site.settings
    tz = settings.timezone
    url = absolute(settings, event.url)
    vevent = VEvent()
    vevent.add("uid", uid(event, site))
    # From the content, never the clock, and never after the build's 'now' (`check` sees to that): the
    # event was created when announced and last changed when `updated`, so its stamp never goes backwards.
    changed = event.updated or event.announced
    vevent.add("dtstamp", changed.astimezone(dt.UTC))
    vevent.add("created", event.announced.astimezone(dt.UTC))
    vevent.add("last-modified", changed.astimezone(dt.UTC))
    vevent.add("sequence", sequence(event))
    if event.all_day:
        vevent.add("dtstart", event.first_day)
        # DTEND of a day-long event is exclusive: the day after the last day.
        vevent.add("dtend", event.last_day + dt.timedelta(days=1))
    else:
        # Times are given in the site's zone (with its VTIMEZONE), whatever offset the author wrote.
        vevent.add("dtstart", event.start.astimezone(tz))
        if event.end != event.start:
            vevent.add("dtend", event.end.astimezone(tz))
    # An event the tree shows untranslated is in its original's language.
    language = {"LANGUAGE": event.language}
    vevent.add("summary", event.title, parameters=language)
    vevent.add("description", _description(event, url, site.strings), parameters=language)
    if event.place:
        vevent.add("location", event.place, parameters=language)
    vevent.add("url", url)
    if settings.network.email:
        # The network publishes the calendar and answers its address; the organisations are in the description.
        organizer = vCalAddress(f"mailto:{settings.network.email}")
        organizer.params["cn"] = vText(settings.network.name)
        vevent.add("organizer", organizer)
    categories = [group.short_name for t in site.types.grouping for group in event.named(t.folder)]
    if categories:
        vevent.add("categories", categories)
    return vevent


def sequence(event: Happening) -> int:
    """The event's revision for calendar apps: whole minutes from 1970 to its `updated` date, 0 until it has one.

    It grows whenever staff move `updated` forward, as they do when they reschedule or change an event, and
    depends on nothing else, so moving the event itself (even earlier) never lowers it.
    """
    if event.data.updated is None:
        return 0
    return max(0, int((event.updated or _UNIX).timestamp()) // 60)


def _description(event: Happening, url: str, words: Strings) -> str:
    return "\n\n".join((event.summary, *event.calendar_notes(words), url))
