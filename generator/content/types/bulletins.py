"""The E-Bulletin: numbered monthly issues carrying news, events, practices and pages in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field

from generator.content.registry import Body, ContentType, Scaffolding
from generator.content.schemas import AS_LIST, Common, Count, Kind, Month, Unique, one_line
from generator.graph import languages
from generator.graph.site import Item, Page
from generator.graph.strings import strings
from generator.outputs.pages import section_page

if TYPE_CHECKING:
    from generator.graph.site import Site
    from generator.outputs.pages import GeneratedPage

# What a bulletin carries: '<type>/<id>', a page's path, or an id only one type has (checked against the graph).
Entry = Annotated[str, BeforeValidator(one_line), Kind("entry")]
Entries = Annotated[tuple[Entry, ...], *AS_LIST]


class BulletinSchema(Common):
    """An issue of the network's E-Bulletin."""

    number: Annotated[Count, Unique()] = Field(description="issue number, one per issue")
    date: Month = Field(description="the month it covers, like 2023-08")
    items: Entries = Field(
        description="what it carries, in order: news/<id>, events/<id>, practices/<id> or a page"
    )


@dataclass(frozen=True, eq=False)
class Bulletin(Item):
    """An issue of the E-Bulletin: an introduction and the items it carries, in order."""

    data: BulletinSchema

    @property
    def address(self) -> str:
        return f"{self.kind}/{self.data.number}/"

    @property
    def number(self) -> int:
        return self.data.number

    @property
    def when(self) -> dt.date:
        return self.data.date

    @property
    def heading(self) -> str:
        """'E-Bulletin #3' in the words and digits of the language it is read in."""
        locale = self.site.settings.locale_for(self.language)
        words = strings(self.language, self.site.settings.words)
        return words("bulletins.issue", number=languages.number(self.number, locale))

    @property
    def entries(self) -> tuple[Item | Page, ...]:
        return tuple(entry for ref in self.data.items if (entry := self.site.entry(ref)) is not None)

    @property
    def headline(self) -> str:
        return f"{self.heading}: {self.title}"

    @property
    def carries(self) -> tuple[Item | Page, ...]:
        return self.entries

    def page_context(self) -> Mapping[str, Any]:
        """The issue's 'about the network' box: who coordinates, who the members are, and the TWGs."""
        site = self.site
        return {"coordinators": site.with_role("coordinator"), "members": site.with_role("member"),
                "twgs": site.of_kind("twgs")}


def _listing(site: Site, content_type: ContentType) -> list[GeneratedPage]:
    return section_page(
        site, content_type, "pages/bulletins.html", "pages.bulletins_description",
        {"bulletins": site.of_kind(content_type.folder)},
        title="pages.bulletins_title",
    )


def _home(site: Site, content_type: ContentType) -> Mapping[str, Any]:
    bulletins = site.of_kind(content_type.folder)
    return {"latest_bulletin": bulletins[0] if bulletins else None}


def _defaults(scaffolding: Scaffolding) -> dict[str, Any]:
    number = scaffolding.numbers.get("bulletins", 0) + 1
    return {"number": number, "date": scaffolding.today.strftime("%Y-%m"), "items": []}


TYPE = ContentType(
    folder="bulletins",
    singular="bulletin",
    label="E-Bulletin",
    plural="E-Bulletins",
    schema=BulletinSchema,
    item=Bulletin,
    description="the numbered issues of the E-Bulletin",
    email_edition=True,
    listing=_listing,
    home=_home,
    order=lambda bulletin: -getattr(bulletin.data, "number", 0),
    defaults=_defaults,
    body=Body(placeholder="TODO: a short introduction to this issue."),
    file_name=lambda scaffolding: scaffolding.today.strftime("%Y-%m"),
    noun="bulletin",
    colour="#9A4A00",
)
