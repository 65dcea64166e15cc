"""Practices: the records of the Repository of Practices, with the sections the Repository requires."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, model_validator

from generator.content.dates import KnownDate, first_day, last_day
from generator.content.registry import Body, ContentType, Problem, Scaffolding
from generator.content.schemas import (
    SDGS_DESCRIPTION,
    Common,
    GcmObjectives,
    Ids,
    KnownDay,
    Ref,
    Schema,
    Sdgs,
    Texts,
    Translatable,
)
from generator.graph.site import Item, unique
from generator.outputs.repository import open_data, repository_pages

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from generator.graph.site import Site
    from generator.outputs.pages import GeneratedPage

# Sections the Repository of Practices requires in a practice's body, in the Repository's order.
SECTIONS_REQUIRED = ("Benefit and impact", "Key lessons", "Recommendations", "Innovation")
SECTIONS_OPTIONAL = ("Additional resources", "Media")


class Period(Schema):
    """A span of days, months or years, as far as they are known; no end means ongoing."""

    start: KnownDay = Field(description="first day, or only the month (2020-09) or year (2019) it started")
    end: KnownDay | None = Field(None, description="last day, month or year; leave out while ongoing")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # `period: 2021-01-01` (or `2020-09`, `2019`) is a practice that started then and goes on.
        return {"start": value} if isinstance(value, str | int | dt.date) and not isinstance(value, bool) else value


class PracticeSchema(Common):
    """A record of the Repository of Practices."""

    period: Period = Field(description="when the practice ran: start, and end unless ongoing")
    type_of_practice: Annotated[Texts, Translatable()] = Field(description="kinds of practice, e.g. Partnership")
    countries: Annotated[Texts, Translatable()] = Field(description="geographic scope")
    main_implementing_organizations: Annotated[Ids, Ref("organizations")] = Field(description="organization ids")
    partner_donor_organizations: Annotated[Ids, Ref("organizations")] = Field((), description="organization ids")
    gcm_objectives: GcmObjectives = Field((), description="GCM objective numbers (1–23)")
    sdgs: Sdgs = Field((), description=SDGS_DESCRIPTION)
    twgs: Annotated[Ids, Ref("twgs")] = Field((), description="ids of the Technical Working Groups involved")
    date_submitted: KnownDay = Field(description="when the record was submitted (a month or year if that is all "
                                                 "that is known)")


def period_problems(practice: PracticeSchema, zone: ZoneInfo) -> Iterable[Problem]:
    """A practice cannot end before it starts."""
    period = practice.period
    # A month or a year ends on its last day: a practice from 2020-09-15 to 2020-09 is not refused.
    if period.end is not None and last_day(period.end) < first_day(period.start):
        yield Problem(("period", "end"), f"a date on or after the start ({period.start})", str(period.end))


def section_headings(body: str) -> list[str]:
    """Level-two headings of a Markdown body, lower-cased, in order."""
    return [match.group(1).strip().lower() for match in re.finditer(r"^##\s+(.+?)\s*#*\s*$", body, re.M)]


@dataclass(frozen=True, eq=False)
class Practice(Item):
    """A record of the Repository of Practices."""

    data: PracticeSchema

    @property
    def when(self) -> KnownDate:
        return self.data.date_submitted

    @property
    def twgs(self) -> tuple[Any, ...]:
        return self.site.resolve_all("twgs", self.data.twgs)

    @property
    def main_implementing_organizations(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.main_implementing_organizations)

    @property
    def partner_donor_organizations(self) -> tuple[Any, ...]:
        return self.site.resolve_all("organizations", self.data.partner_donor_organizations)

    @property
    def organizations(self) -> tuple[Any, ...]:
        return unique((*self.main_implementing_organizations, *self.partner_donor_organizations))


def _listing(site: Site, content_type: ContentType) -> list[GeneratedPage]:
    return repository_pages(site)


def _defaults(scaffolding: Scaffolding) -> dict[str, Any]:
    organizations = scaffolding.ids.get("organizations", ())
    return {
        "period": {"start": scaffolding.today.isoformat()},
        "type_of_practice": ["TODO: type of practice"],
        "countries": ["TODO: country"],
        "main_implementing_organizations": [organizations[0] if organizations else "todo-organization-id"],
        "date_submitted": scaffolding.today.isoformat(),
    }


TYPE = ContentType(
    folder="practices",
    singular="practice",
    label="Practice",
    plural="Practices",
    schema=PracticeSchema,
    item=Practice,
    description="records of the Repository of Practices",
    listing=_listing,
    files=open_data,
    rules=period_problems,
    defaults=_defaults,
    body=Body(
        placeholder="TODO",
        required_sections=SECTIONS_REQUIRED,
        optional_sections=SECTIONS_OPTIONAL,
    ),
    colour="#6A1B9A",
)
