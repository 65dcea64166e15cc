"""Technical Working Groups: who chairs them, who takes part, and everything they do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, model_validator

from generator.content.dates import KnownDate
from generator.content.registry import ContentType, Scaffolding
from generator.content.schemas import Choice, Common, Id, Ids, KnownDay, Ref, Schema, Text, Texts, Translatable
from generator.content.types.events import past, upcoming
from generator.graph.site import Item
from generator.outputs.pages import section_page

if TYPE_CHECKING:
    from generator.graph.site import Site
    from generator.outputs.pages import GeneratedPage

STATUSES = ("active", "proposed", "closed")
Status = Annotated[str, Choice(STATUSES)]


class Chair(Schema):
    """Who chairs a TWG, and for how long."""

    organization: Annotated[Id, Ref("organizations")] = Field(description="organization id of the chair")
    person: Text | None = Field(None, description="name of the person who chairs")
    term: Text | None = Field(None, description="the term, e.g. 2024")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # `chair: iom` names the chairing organization: the structure holds one id.
        return {"organization": value} if isinstance(value, str) else value


class TwgSchema(Common):
    """A Technical Working Group of the network."""

    short_name: Text = Field(description="abbreviation of its name, shown on cards and in calendars")
    status: Status = Field(description="active, proposed or closed")
    established: KnownDay | None = Field(
        None, description="when it was set up (or agreed): a day, or only the month (2018-02) or year"
    )
    chair: Chair | None = Field(None, description="organization, person and term of the chair")
    members: Annotated[Ids, Ref("organizations")] = Field((), description="organization ids of members")
    priorities: Annotated[Texts, Translatable()] = Field((), description="the group's priorities")


@dataclass(frozen=True, eq=False)
class Twg(Item):
    """A Technical Working Group: it knows its chair, members and activity."""

    data: TwgSchema

    @property
    def when(self) -> KnownDate | None:
        return self.data.established

    @property
    def scheduled(self) -> bool:
        return False

    @property
    def short_name(self) -> str:
        return self.site.strings.short_name(self.data.short_name)

    @property
    def status(self) -> str:
        return self.data.status

    @property
    def chair(self) -> Chair | None:
        return self.data.chair

    @property
    def chair_organization(self) -> Any:
        chair = self.data.chair
        return self.site.resolve("organizations", chair.organization) if chair else None

    @property
    def members(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.members)

    @property
    def priorities(self) -> tuple[str, ...]:
        return self.data.priorities

    @property
    def news(self) -> tuple[Any, ...]:
        return self.referring("news")

    @property
    def events(self) -> tuple[Any, ...]:
        return self.referring("events")

    @property
    def upcoming_events(self) -> tuple[Any, ...]:
        return upcoming(self.events)

    @property
    def past_events(self) -> tuple[Any, ...]:
        return past(self.events)

    @property
    def practices(self) -> tuple[Any, ...]:
        return self.referring("practices")

    @property
    def other_work(self) -> tuple[tuple[ContentType, tuple[Item, ...]], ...]:
        """Items of the other types placed in time that name this group (a network's own types), by type."""
        shown = ("news", "events", "practices")
        found = ((t, self.referring(t.folder)) for t in self.site.types.dated if t.folder not in shown)
        return tuple((content_type, items) for content_type, items in found if items)

    @property
    def activity(self) -> tuple[Item, ...]:
        """Everything placed in time that names this group, newest first."""
        dated = {t.folder for t in self.site.types.dated}
        return tuple(item for item in self.referring() if item.kind in dated)


def _order(twg: Item) -> tuple[int, str]:
    status = twg.data.status if isinstance(twg, Twg) else ""
    return (STATUSES.index(status) if status in STATUSES else len(STATUSES), twg.title.lower())


def _listing(site: Site, content_type: ContentType) -> list[GeneratedPage]:
    return section_page(
        site, content_type, "pages/twgs.html", "pages.twgs_description",
        {"twgs": site.of_kind(content_type.folder)},
    )


def _home(site: Site, content_type: ContentType) -> Mapping[str, Any]:
    return {"twgs": site.of_kind(content_type.folder)}


def _defaults(scaffolding: Scaffolding) -> dict[str, Any]:
    return {"short_name": "TODO-TWG", "status": "proposed"}


TYPE = ContentType(
    folder="twgs",
    singular="twg",
    label="Technical Working Group",
    plural="Technical Working Groups",
    schema=TwgSchema,
    item=Twg,
    description="the network's Technical Working Groups",
    noun="TWG",
    dated=False,
    feeds=False,
    followed=True,
    groups=True,
    search_filter="twg",
    listing=_listing,
    order=_order,
    home=_home,
    defaults=_defaults,
    colour="#2E6B30",
)
