"""News: articles on the network's work, dated, with who took part and what they report on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, model_validator

from generator.content.registry import ContentType, Scaffolding
from generator.content.schemas import (
    SDGS_DESCRIPTION,
    Common,
    GcmObjectives,
    Ids,
    Ref,
    Schema,
    Sdgs,
    Text,
    Translatable,
    Url,
    When,
    needs_full_form,
)
from generator.graph.site import Item

if TYPE_CHECKING:
    from generator.graph.site import Site


class Quote(Schema):
    """A pull quote with who said it."""

    text: Annotated[Text, Translatable()] = Field(description="the words as said")
    speaker: Text = Field(description="who said them")
    role: Annotated[Text | None, Translatable()] = Field(None, description="the speaker's position")


class Source(Schema):
    """Where an item was first published."""

    publisher: Text = Field(description="who published the original")
    url: Url | None = Field(None, description="address of the original")


class Involvement(Schema):
    """Who organised, partnered and funded, as organization ids."""

    organizers: Annotated[Ids, Ref("organizations")] = Field((), description="organization ids of organisers")
    partners: Annotated[Ids, Ref("organizations")] = Field((), description="organization ids of partners")
    funders: Annotated[Ids, Ref("organizations")] = Field((), description="organization ids of funders")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # A bare list of organizations does not say who organised and who funded.
        if isinstance(value, str | list | tuple):
            raise needs_full_form("organizations: {organizers: [iom], partners: [ilo], funders: [eu]}")
        return value


class NewsSchema(Common):
    """A news article."""

    date: When = Field(description="publication date (time optional)")
    twgs: Annotated[Ids, Ref("twgs")] = Field((), description="ids of the Technical Working Groups involved")
    organizations: Involvement = Field(
        default_factory=Involvement, description="organisers, partners and funders (organization ids)"
    )
    events: Annotated[Ids, Ref("events")] = Field((), description="ids of events this article reports on")
    sdgs: Sdgs = Field((), description=SDGS_DESCRIPTION)
    gcm_objectives: GcmObjectives = Field((), description="GCM objective numbers (1–23)")
    quotes: tuple[Quote, ...] = Field((), description="pull quotes: text, speaker, role")
    source: Source | None = Field(None, description="original publisher and address")


@dataclass(frozen=True, eq=False)
class News(Item):
    """A news article."""

    data: NewsSchema

    @property
    def when(self) -> dt.date | dt.datetime:
        return self.data.date

    @property
    def twgs(self) -> tuple[Any, ...]:
        return self.site.resolve_all("twgs", self.data.twgs)

    @property
    def organizations(self) -> tuple[Any, ...]:
        """Every organization it names, in any role, without repeats."""
        return self.named("organizations")

    @property
    def opengraph_type(self) -> str:
        return "article"

    def linked_data(self, url: str, publisher: dict[str, Any], absolute: Callable[[str], str]) -> dict[str, Any]:
        return {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.summary,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": self.published.isoformat() if self.published else None,
            "dateModified": self.updated.isoformat() if self.updated else None,
            "author": publisher,
            "publisher": publisher,
        }

    @property
    def events(self) -> tuple[Any, ...]:
        return self.site.resolve_all("events", self.data.events)

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self.data.quotes

    @property
    def organizers(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.organizations.organizers)

    @property
    def partners(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.organizations.partners)

    @property
    def funders(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.organizations.funders)


def _home(site: Site, content_type: ContentType) -> Mapping[str, Any]:
    return {"latest_news": site.of_kind(content_type.folder)[: site.settings.home_count]}


def _defaults(scaffolding: Scaffolding) -> dict[str, Any]:
    return {"date": scaffolding.today.isoformat()}


TYPE = ContentType(
    folder="news",
    singular="news",
    label="News",
    plural="News",
    schema=NewsSchema,
    item=News,
    description="articles on the network's work",
    noun="news item",
    home=_home,
    defaults=_defaults,
    colour="#0B4A7A",
)
