"""Events: meetings, workshops, dialogues and observances, with their place, people and calendars."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, model_validator

from generator.content.registry import ContentType, Problem, Scaffolding
from generator.content.schemas import (
    SDGS_DESCRIPTION,
    Common,
    Count,
    Flag,
    GcmObjectives,
    Ids,
    Prose,
    Ref,
    Schema,
    Sdgs,
    Text,
    Texts,
    Translatable,
    Url,
    When,
)
from generator.graph import formatting
from generator.graph.site import Fact, Item, Span, aware
from generator.outputs.pages import section_page

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from generator.content.settings import Settings
    from generator.graph.site import Site
    from generator.outputs.pages import GeneratedPage


class Location(Schema):
    """Where an event happens: a place, or online."""

    venue: Annotated[Text | None, Translatable()] = Field(None, description="building or hall")
    city: Annotated[Text | None, Translatable()] = Field(None, description="city or district")
    country: Annotated[Text | None, Translatable()] = Field(None, description="country")
    online: Flag = Field(False, description="true when the event happens online")
    url: Url | None = Field(None, description="address to join online")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # `location: online` is what staff write for a webinar.
        if isinstance(value, str) and value.strip().casefold() == "online":
            return {"online": True}
        if isinstance(value, str):
            return {"city": value}
        return value


class Registration(Schema):
    """How to take part."""

    url: Url | None = Field(None, description="registration page")
    deadline: When | None = Field(None, description="last day to register")
    note: Annotated[Prose | None, Translatable()] = Field(None, description="anything else readers need to know")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # `registration: https://…` can only be the registration page.
        return {"url": value} if isinstance(value, str) else value


class EventSchema(Common):
    """A meeting, workshop, dialogue or observance."""

    start: When = Field(description="first day (and time, if known)")
    end: When | None = Field(None, description="last day (and time); leave out for one-day events")
    announced: When | None = Field(
        None,
        description="when it was made public, its date in feeds (`new event` writes today for an event still to "
        "come); left out, 30 days before the start; a later date keeps it off the site until then",
    )
    location: Location = Field(description="venue, city, country; or online: true")
    organizers: Annotated[Ids, Ref("organizations")] = Field((), description="organization ids of organisers")
    partners: Annotated[Ids, Ref("organizations")] = Field((), description="organization ids of partners")
    funders: Annotated[Ids, Ref("organizations")] = Field((), description="organization ids of funders")
    twgs: Annotated[Ids, Ref("twgs")] = Field((), description="ids of the Technical Working Groups involved")
    participants: Count | None = Field(None, description="number of participants")
    theme: Annotated[Text | None, Translatable()] = Field(None, description="the event's theme or motto")
    sdgs: Sdgs = Field((), description=SDGS_DESCRIPTION)
    gcm_objectives: GcmObjectives = Field((), description="GCM objective numbers (1–23)")
    outcomes: Annotated[Texts, Translatable()] = Field((), description="what the event agreed or produced")
    registration: Registration | None = Field(None, description="how to register")


def event_problems(event: EventSchema, zone: ZoneInfo) -> Iterable[Problem]:
    """Rules that span fields of an event; times without an offset are in the site's zone."""
    start, end = event.start, event.end
    first = _day_in(start, zone)
    if end is not None:
        if _day_in(end, zone) < first:
            yield Problem(("end",), f"a day on or after the start ({first})", str(end))
        elif isinstance(end, dt.datetime) and isinstance(start, dt.datetime) and aware(end, zone) < aware(start, zone):
            # Compared as instants: 10:00+06:00 ends after 03:30Z, whatever the two were written in.
            local = aware(start, zone).astimezone(zone)  # said in the site's zone, whatever offset the start has
            yield Problem(("end",), f"a time after the start ({local:%Y-%m-%d %H:%M} in {zone.key})", str(end))
    place = event.location
    if not place.online and not (place.venue or place.city or place.country):
        yield Problem(("location",), "a venue, city or country, or online: true", "none of them")


def _day_in(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.date:
    return aware(value, zone).astimezone(zone).date() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True, eq=False)
class Event(Item):
    """A meeting, workshop, dialogue or observance."""

    data: EventSchema

    @property
    def when(self) -> dt.date | dt.datetime:
        return self.data.start

    @property
    def scheduled(self) -> bool:
        """Announced after the build's 'now' (an event is published on its announcement, not its start)."""
        written = self.data.announced
        return written is not None and aware(written, self.site.settings.timezone) > self.site.settings.now

    @cached_property
    def announced(self) -> dt.datetime:
        """When subscribers were told of the event, its date in feeds: its `announced`, never after its start."""
        if self.data.announced is not None:
            # Written up after it began, it was not news ahead of it: a past event never tops a feed as new.
            return min(aware(self.data.announced, self.site.settings.timezone), self.start)
        return default_announcement(self.start)

    @cached_property
    def start(self) -> dt.datetime:
        return aware(self.data.start, self.site.settings.timezone)

    @cached_property
    def end(self) -> dt.datetime:
        """The moment the event ends: the end of its last day when no time is given."""
        tz = self.site.settings.timezone
        last = self.data.end if self.data.end is not None else self.data.start
        if isinstance(last, dt.datetime):
            return aware(last, tz)
        return aware(last + dt.timedelta(days=1), tz)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.data.start, dt.datetime)

    @property
    def first_day(self) -> dt.date:
        return self.start.date()

    @property
    def last_day(self) -> dt.date:
        end = self.data.end if self.data.end is not None else self.data.start
        return end.date() if isinstance(end, dt.datetime) else end

    @property
    def multi_day(self) -> bool:
        return self.last_day != self.first_day

    @property
    def upcoming(self) -> bool:
        return self.end > self.site.settings.now

    @property
    def people_heading(self) -> str:
        """The words that head who organises and takes part, in the event's tense and its graph's language."""
        return self.site.strings("item.who_takes_part" if self.upcoming else "item.who_took_part")

    @property
    def location(self) -> Location:
        return self.data.location

    @property
    def place(self) -> str:
        """Where, in one line: venue, city, country, or 'Online'."""
        loc = self.data.location
        parts = [part for part in (loc.venue, loc.city, loc.country) if part]
        words = self.site.strings
        if loc.online:
            parts.append(words("events.online"))
        return words("item.list_separator").join(parts)

    @property
    def twgs(self) -> tuple[Any, ...]:
        return self.site.resolve_all("twgs", self.data.twgs)

    @property
    def organizations(self) -> tuple[Any, ...]:
        """Every organization it names, in any role, without repeats."""
        return self.named("organizations")

    @property
    def span(self) -> Span:
        return Span(self.start, self.first_day, self.last_day)

    @property
    def search_date(self) -> dt.datetime:
        return self.start

    def feed_facts(self) -> tuple[Fact, ...]:
        words = self.site.strings
        facts = [Fact(words("events.when"), when_said(self, self.site.settings))]
        if self.place:
            facts.append(Fact(words("events.where"), self.place))
        if self.location.url:
            facts.append(Fact(words("events.online"), self.location.url, self.location.url))
        return tuple(facts)

    def calendar_notes(self, words: Any) -> tuple[str, ...]:
        """What its calendar entry says between its summary and its address: who organised it, how to join."""
        notes = []
        if self.organizers:
            names = words("item.list_separator").join(organization.name for organization in self.organizers)
            notes.append(words("calendars.organised_by", organizations=names))
        if self.location.url:
            notes.append(words("calendars.join_online", url=self.location.url))
        return tuple(notes)

    @property
    def cards_on_page(self) -> tuple[Any, ...]:
        return self.news

    def linked_data(self, url: str, publisher: dict[str, Any], absolute: Callable[[str], str]) -> dict[str, Any]:
        location: dict[str, Any]
        if self.location.online and not (self.location.city or self.location.venue):
            location = {"@type": "VirtualLocation", "url": self.location.url or url}
            mode = "https://schema.org/OnlineEventAttendanceMode"
        else:
            address = {
                "@type": "PostalAddress",
                "addressLocality": self.location.city,
                "addressCountry": self.location.country,
            }
            location = {"@type": "Place", "name": self.location.venue or self.place, "address": address}
            mode = "https://schema.org/OfflineEventAttendanceMode"
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "url": url,
            "startDate": self.first_day.isoformat() if self.all_day else self.start.isoformat(),
            "endDate": self.last_day.isoformat() if self.all_day else self.end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": mode,
            "location": location,
            "organizer": [org.schema_org(absolute) for org in self.organizers] or publisher,
        }
        if self.funders:
            data["funder"] = [org.schema_org(absolute) for org in self.funders]
        return data

    @property
    def news(self) -> tuple[Any, ...]:
        return self.referring("news")

    @property
    def organizers(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.organizers)

    @property
    def partners(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.partners)

    @property
    def funders(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.funders)


# The default announcement, from the event alone so that every build, clone and preview dates it alike (why: below).
ANNOUNCED_AHEAD = dt.timedelta(days=30)


def default_announcement(start: dt.datetime) -> dt.datetime:
    """When an event without `announced` is taken to have been made public: 30 days before it starts.

    Derived from the event alone, not from git (a file's first commit is another date in a shallow clone, and none
    before it is committed), and the same before and after the event, so its feed entry never moves; a month ahead
    sits it before the event without claiming it was known long before. A default still after the build's 'now'
    only holds back the feed entry until that day: the event's page and calendar entry are published at once.
    """
    return start - ANNOUNCED_AHEAD


def upcoming(events: Iterable[Event]) -> tuple[Event, ...]:
    """Events not over yet, soonest first."""
    return tuple(sorted((e for e in events if e.upcoming), key=Event.sort_key))


def past(events: Iterable[Event]) -> tuple[Event, ...]:
    """Events that are over, latest first."""
    return tuple(e for e in events if not e.upcoming)


def past_by_year(events: Iterable[Event]) -> tuple[tuple[int, tuple[Event, ...]], ...]:
    """Past events grouped by the year they started, latest first."""
    years: dict[int, list[Event]] = defaultdict(list)
    for event in past(events):
        years[event.start.year].append(event)
    return tuple((year, tuple(found)) for year, found in years.items())


def when_said(event: Event, settings: Settings) -> str:
    """'20–21 February 2024', or '20 February 2024, 09:30–17:00', in the site's time zone and language."""
    locale = settings.locale
    if event.all_day:
        return formatting.day_range(event.first_day, event.last_day, locale)
    start, end = event.start.astimezone(settings.timezone), event.end.astimezone(settings.timezone)
    day, clock = formatting.day(start, locale), formatting.clock(start, locale)
    comma = event.site.strings("item.list_separator")  # the Arabic comma in Arabic
    if end == start:
        return f"{day}{comma}{clock}"
    if end.date() == start.date():
        return f"{day}{comma}{clock}–{formatting.clock(end, locale)}"
    return f"{day}{comma}{clock} – {formatting.day(end, locale)}{comma}{formatting.clock(end, locale)}"


def _listing(site: Site, content_type: ContentType) -> list[GeneratedPage]:
    events = site.of_kind(content_type.folder)
    return section_page(
        site, content_type, "pages/events.html", "pages.events_description",
        {"upcoming": upcoming(events), "past_by_year": past_by_year(events)},
    )


def _home(site: Site, content_type: ContentType) -> Mapping[str, Any]:
    events, count = site.of_kind(content_type.folder), site.settings.home_count
    return {"upcoming_events": upcoming(events)[:count], "recent_events": past(events)[:count]}


def _defaults(scaffolding: Scaffolding) -> dict[str, Any]:
    # An event still to come (or today's) is news the day it is made public: that day is its date in feeds. One
    # that is over was never announced on the site, and must not top every feed as new: it has no announcement date.
    ahead = scaffolding.today >= scaffolding.written_on
    announced = {"announced": scaffolding.written_on.isoformat()} if ahead else {}
    return {
        "start": scaffolding.today.isoformat(),
        **announced,
        "location": {"city": "TODO: city", "country": "TODO: country"},
    }


TYPE = ContentType(
    folder="events",
    singular="event",
    label="Event",
    plural="Events",
    schema=EventSchema,
    item=Event,
    description="meetings, workshops, dialogues and observances",
    calendar=True,
    listing=_listing,
    home=_home,
    rules=event_problems,
    defaults=_defaults,
    colour="#00695C",
)
