"""One schema per content type: the front matter staff write, checked field by field."""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from generator.taxonomies import GCM_OBJECTIVES, SDGS

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _expected(what: str) -> PydanticCustomError:
    # Our own error type carries the human phrase, so the report never shows pydantic's wording.
    return PydanticCustomError("expected", "expected {expected}", {"expected": what})


def _as_list(value: Any) -> Any:
    # Staff often write `twgs: ctip` for a single value; read it as a list of one.
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [value]
    if value is None:
        return []
    return value


def _when(value: Any) -> dt.date | dt.datetime:
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    raise _expected("a date like 2023-08-02 or a date and time like 2023-08-02 10:00")


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _expected("a date like 2023-08-02")


def _month(value: Any) -> dt.date:
    # A bulletin covers a month: `2023-08` or any date within it.
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
        year, month = value.strip().split("-")
        if 1 <= int(month) <= 12:
            return dt.date(int(year), int(month), 1)
    try:
        day = _day(value)
    except PydanticCustomError:
        raise _expected("a month like 2023-08") from None
    return day.replace(day=1)


def _text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, str):
        raise _expected("some text")
    raise _expected("text")


def _id(value: Any) -> str:
    if isinstance(value, str) and ID_PATTERN.match(value.strip()):
        return value.strip()
    raise _expected("an id in lower case letters, digits and hyphens (a file name without .md)")


def _url(value: Any) -> str:
    if isinstance(value, str) and re.match(r"^(https?://|mailto:)\S+$", value.strip()):
        return value.strip()
    raise _expected("a web address starting with https://")


def _number_in(taxonomy: dict[int, str] | Any, name: str) -> Any:
    def check(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value in taxonomy:
            return value
        if isinstance(value, str) and value.strip().isdigit() and int(value) in taxonomy:
            return int(value)
        raise _expected(f"{name} number from 1 to {len(taxonomy)}")

    return check


def _count(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise _expected("a whole number of people, like 40")


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _expected("true or false")


Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_id)]
Url = Annotated[str, BeforeValidator(_url)]
When = Annotated[dt.date | dt.datetime, BeforeValidator(_when)]
Day = Annotated[dt.date, BeforeValidator(_day)]
Month = Annotated[dt.date, BeforeValidator(_month)]
Count = Annotated[int, BeforeValidator(_count)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Sdg = Annotated[int, BeforeValidator(_number_in(SDGS, "an SDG"))]
GcmObjective = Annotated[int, BeforeValidator(_number_in(GCM_OBJECTIVES, "a GCM objective"))]


def _unique(values: tuple[Any, ...]) -> tuple[Any, ...]:
    seen: list[Any] = []
    for value in values:
        if value in seen:
            raise _expected(f"each value once, but {value!s} is listed twice")
        seen.append(value)
    return values


# List fields also take a single value, and reject repeats.
_List = (BeforeValidator(_as_list), AfterValidator(_unique))
Ids = Annotated[tuple[Id, ...], *_List]
Texts = Annotated[tuple[Text, ...], *_List]
Sdgs = Annotated[tuple[Sdg, ...], *_List]
GcmObjectives = Annotated[tuple[GcmObjective, ...], *_List]
NetworkRole = Literal["member", "coordinator", "secretariat"]
Roles = Annotated[tuple[NetworkRole, ...], *_List]


class Schema(BaseModel):
    """Front matter is read strictly: unknown fields are mistakes (a typo would be lost)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Image(Schema):
    """A picture with the text a screen reader says for it."""

    src: Text = Field(description="path of the image file, relative to content/ (or a web address)")
    alt: Text = Field(description="what the picture shows, for readers who cannot see it")
    caption: Text | None = Field(None, description="credit or caption shown under the picture")


class Common(Schema):
    """Fields every content type has."""

    title: Text = Field(description="the headline or name, as readers see it")
    summary: Text = Field(
        description="one or two plain sentences, used in cards, feeds and search results"
    )
    image: Image | None = Field(None, description="a picture for the item (src and alt)")
    draft: Flag = Field(False, description="true keeps the item off the published site")
    updated: When | None = Field(None, description="when the item was last changed in substance")
    tags: Texts = Field((), description="free keywords")


class Quote(Schema):
    """A pull quote with who said it."""

    text: Text = Field(description="the words as said")
    speaker: Text = Field(description="who said them")
    role: Text | None = Field(None, description="the speaker's position")


class Source(Schema):
    """Where an item was first published."""

    publisher: Text = Field(description="who published the original")
    url: Url | None = Field(None, description="address of the original")


class Involvement(Schema):
    """Who organised, partnered and funded, as organization ids."""

    organizers: Ids = Field((), description="organization ids of organisers")
    partners: Ids = Field((), description="organization ids of partners")
    funders: Ids = Field((), description="organization ids of funders")


class NewsSchema(Common):
    """A news article."""

    date: When = Field(description="publication date (time optional)")
    twgs: Ids = Field((), description="ids of the Technical Working Groups involved")
    organizations: Involvement = Field(
        default_factory=Involvement, description="organisers, partners and funders (organization ids)"
    )
    events: Ids = Field((), description="ids of events this article reports on")
    sdgs: Sdgs = Field((), description="SDG numbers (1–17)")
    gcm_objectives: GcmObjectives = Field((), description="GCM objective numbers (1–23)")
    quotes: tuple[Quote, ...] = Field((), description="pull quotes: text, speaker, role")
    source: Source | None = Field(None, description="original publisher and address")


class Location(Schema):
    """Where an event happens: a place, or online."""

    venue: Text | None = Field(None, description="building or hall")
    city: Text | None = Field(None, description="city or district")
    country: Text | None = Field(None, description="country")
    online: Flag = Field(False, description="true when the event happens online")
    url: Url | None = Field(None, description="address to join online")


class Registration(Schema):
    """How to take part."""

    url: Url | None = Field(None, description="registration page")
    deadline: When | None = Field(None, description="last day to register")
    note: Text | None = Field(None, description="anything else readers need to know")


class EventSchema(Common):
    """A meeting, workshop, dialogue or observance."""

    start: When = Field(description="first day (and time, if known)")
    end: When | None = Field(None, description="last day (and time); leave out for one-day events")
    location: Location = Field(description="venue, city, country; or online: true")
    organizers: Ids = Field((), description="organization ids of organisers")
    partners: Ids = Field((), description="organization ids of partners")
    funders: Ids = Field((), description="organization ids of funders")
    twgs: Ids = Field((), description="ids of the Technical Working Groups involved")
    participants: Count | None = Field(None, description="number of participants")
    theme: Text | None = Field(None, description="the event's theme or motto")
    sdgs: Sdgs = Field((), description="SDG numbers (1–17)")
    gcm_objectives: GcmObjectives = Field((), description="GCM objective numbers (1–23)")
    outcomes: Texts = Field((), description="what the event agreed or produced")
    registration: Registration | None = Field(None, description="how to register")


class Period(Schema):
    """A span of days; no end means ongoing."""

    start: Day = Field(description="first day")
    end: Day | None = Field(None, description="last day; leave out while ongoing")


class PracticeSchema(Common):
    """A record of the Repository of Practices."""

    period: Period = Field(description="when the practice ran: start, and end unless ongoing")
    type_of_practice: Texts = Field(description="kinds of practice, e.g. Partnership")
    countries: Texts = Field(description="geographic scope")
    main_implementing_organizations: Ids = Field(description="organization ids")
    partner_donor_organizations: Ids = Field((), description="organization ids")
    gcm_objectives: GcmObjectives = Field((), description="GCM objective numbers (1–23)")
    sdgs: Sdgs = Field((), description="SDG numbers (1–17)")
    twgs: Ids = Field((), description="ids of the Technical Working Groups involved")
    date_submitted: Day = Field(description="when the record was submitted")


class Chair(Schema):
    """Who chairs a TWG, and for how long."""

    organization: Id = Field(description="organization id of the chair")
    person: Text | None = Field(None, description="name of the person who chairs")
    term: Text | None = Field(None, description="the term, e.g. 2024")


class TwgSchema(Common):
    """A Technical Working Group of the network."""

    short_name: Text = Field(description="abbreviation, e.g. CTIP-TWG")
    status: Literal["active", "proposed", "closed"] = Field(
        description="active, proposed or closed"
    )
    established: Day | None = Field(None, description="when it was set up (or agreed)")
    chair: Chair | None = Field(None, description="organization, person and term of the chair")
    members: Ids = Field((), description="organization ids of members")
    priorities: Texts = Field((), description="the group's priorities")


ORGANIZATION_KINDS = (
    "UN agency",
    "government",
    "civil society",
    "donor",
    "private sector",
    "academia",
    "programme",
    "media",
    "other",
)
NETWORK_ROLES = typing.get_args(NetworkRole)


class OrganizationSchema(Common):
    """An organization that takes part in the network's work."""

    summary: Text = Field(description="one or two plain sentences about the organization")
    short_name: Text | None = Field(None, description="abbreviation, e.g. UNODC")
    kind: Literal[ORGANIZATION_KINDS] = Field(description=", ".join(ORGANIZATION_KINDS))  # type: ignore[valid-type]
    roles: Roles = Field(
        (), description="roles in the network: member, coordinator, secretariat"
    )
    parent: Id | None = Field(None, description="id of the organization this one belongs to")
    website: Url | None = Field(None, description="the organization's own site")


class BulletinSchema(Common):
    """An issue of the network's E-Bulletin."""

    number: Count = Field(description="issue number")
    date: Month = Field(description="the month it covers, like 2023-08")
    items: Texts = Field(
        description="what it carries, in order: news/<id>, events/<id>, practices/<id> or a page"
    )


# The folder an item sits in is its type, as in Hugo: one schema per folder.
SCHEMAS: dict[str, type[Common]] = {
    "news": NewsSchema,
    "events": EventSchema,
    "practices": PracticeSchema,
    "twgs": TwgSchema,
    "organizations": OrganizationSchema,
    "bulletins": BulletinSchema,
}


# Sections the Repository of Practices requires in a practice's body, in the Repository's order.
PRACTICE_SECTIONS_REQUIRED = ("Benefit and impact", "Key lessons", "Recommendations", "Innovation")
PRACTICE_SECTIONS_OPTIONAL = ("Additional resources", "Media")


def event_problems(event: EventSchema) -> list[tuple[tuple[str | int, ...], str, str]]:
    """Rules that span fields of an event: (field path, expected, found)."""
    problems: list[tuple[tuple[str | int, ...], str, str]] = []
    if event.end is not None and _as_day(event.end) < _as_day(event.start):
        problems.append(
            (("end",), f"a day on or after the start ({_as_day(event.start)})", str(event.end))
        )
    elif (
        isinstance(event.end, dt.datetime)
        and isinstance(event.start, dt.datetime)
        and _same_zone(event.end, event.start) < _same_zone(event.start, event.end)
    ):
        problems.append((("end",), f"a time after the start ({event.start})", str(event.end)))
    place = event.location
    if not place.online and not (place.venue or place.city or place.country):
        problems.append((("location",), "a venue, city or country, or online: true", "none of them"))
    return problems


def _as_day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _same_zone(value: dt.datetime, other: dt.datetime) -> dt.datetime:
    # A time without an offset beside one with an offset is read in that offset, so the two compare.
    return value.replace(tzinfo=other.tzinfo) if value.tzinfo is None else value
