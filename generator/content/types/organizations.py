"""Organizations: agencies, ministries, civil society, donors and programmes the network works with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from generator.content.registry import ContentType, Scaffolding
from generator.content.schemas import AS_LIST, Choice, Common, Id, Prose, Ref, Text, Translatable, Url
from generator.graph.site import _EPOCH, Item
from generator.outputs.pages import section_page

if TYPE_CHECKING:
    from generator.graph.site import Site
    from generator.outputs.pages import GeneratedPage

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
NETWORK_ROLES = ("member", "coordinator", "secretariat")
OrganizationKind = Annotated[str, Choice(ORGANIZATION_KINDS)]
Roles = Annotated[tuple[Annotated[str, Choice(NETWORK_ROLES)], ...], *AS_LIST]


class OrganizationSchema(Common):
    """An organization that takes part in the network's work."""

    summary: Annotated[Prose, Translatable()] = Field(description="one or two plain sentences about the organization")
    short_name: Text | None = Field(None, description="abbreviation of its name, as readers know it")
    kind: OrganizationKind = Field(description=", ".join(ORGANIZATION_KINDS))
    roles: Roles = Field((), description="roles in the network: member, coordinator, secretariat")
    parent: Annotated[Id | None, Ref("organizations", acyclic=True)] = Field(
        None, description="id of the organization this one belongs to"
    )
    website: Url | None = Field(None, description="the organization's own site")


@dataclass(frozen=True, eq=False)
class Organization(Item):
    """An organization: its roles in the network and its activity, all derived."""

    data: OrganizationSchema

    @property
    def scheduled(self) -> bool:
        return False

    @property
    def short_name(self) -> str:
        return self.site.strings.short_name(self.data.short_name) if self.data.short_name else self.data.title

    @property
    def name(self) -> str:
        return self.data.title

    @property
    def org_kind(self) -> str:
        return self.data.kind

    @property
    def roles(self) -> tuple[str, ...]:
        return self.data.roles

    @property
    def website(self) -> str | None:
        return self.data.website

    @property
    def parent(self) -> Organization | None:
        return self.site.resolve("organizations", self.data.parent) if self.data.parent else None

    @property
    def units(self) -> tuple[Any, ...]:
        return self.referring("organizations", ("parent",))

    @property
    def chaired_twgs(self) -> tuple[Any, ...]:
        return self.referring("twgs", ("chair", "organization"))

    @property
    def member_of_twgs(self) -> tuple[Any, ...]:
        return self.referring("twgs", ("members",))

    @property
    def activity(self) -> tuple[Item, ...]:
        """Everything placed in time it took part in, newest first."""
        dated = {t.folder for t in self.site.types.dated}
        return tuple(item for item in self.referring() if item.kind in dated)

    @property
    def events(self) -> tuple[Any, ...]:
        calendars = {t.folder for t in self.site.types if t.calendar}
        return tuple(item for item in self.activity if item.kind in calendars)

    def sort_key(self) -> tuple[dt.datetime, str]:
        return (_EPOCH, self.data.title.lower())

    def schema_org(self, absolute: Callable[[str], str]) -> dict[str, Any]:
        """The organization as schema.org describes one, where a network's or an event's description names it."""
        data: dict[str, Any] = {"@type": "Organization", "name": self.name, "url": absolute(self.url)}
        if self.data.short_name:
            data["alternateName"] = self.data.short_name
        if self.website:
            data["sameAs"] = self.website
        return data


@dataclass(frozen=True)
class OrganizationGroup:
    """Organizations of one kind, as the organizations page lists them."""

    heading: str
    organizations: tuple[Organization, ...]


def organizations_by_kind(site: Site, organizations: tuple[Organization, ...]) -> tuple[OrganizationGroup, ...]:
    """The organizations grouped by kind, in the schema's order of kinds, each group by name.

    Each group's heading is the strings table's (`organization_kinds.<kind>.heading`), in the graph's language.
    """
    groups = []
    for kind in ORGANIZATION_KINDS:
        members = tuple(org for org in organizations if org.org_kind == kind)
        if members:
            groups.append(OrganizationGroup(site.strings(f"organization_kinds.{kind}.heading"), members))
    return tuple(groups)


def _listing(site: Site, content_type: ContentType) -> list[GeneratedPage]:
    organizations = site.of_kind(content_type.folder)
    return section_page(
        site, content_type, "pages/organizations.html", "pages.organizations_description",
        {"organizations": organizations, "coordinators": site.with_role("coordinator"),
         "members": site.with_role("member"), "groups": organizations_by_kind(site, organizations)},
    )


def _defaults(scaffolding: Scaffolding) -> dict[str, Any]:
    return {"kind": "other"}


TYPE = ContentType(
    folder="organizations",
    singular="organization",
    label="Organization",
    plural="Organizations",
    schema=OrganizationSchema,
    item=Organization,
    description="agencies, ministries, civil society, donors and programmes",
    dated=False,
    feeds=False,
    followed=True,
    credited=True,
    listing=_listing,
    order=lambda org: org.title.lower(),
    defaults=_defaults,
    colour="#455A64",
)
