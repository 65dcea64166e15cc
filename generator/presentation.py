"""What templates need to present the content and nothing else: layouts, colours, date blocks, the footer.

Computed here, from the graph and mkdocs.yml, so that templates only render (STYLE.md): a template
never picks a colour, groups items or decides which organizations the footer names.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from generator import images
from generator.graph import Item, Site, Topic
from generator.pages import FeedLink, site_feeds
from generator.taxonomies import SDG_STATEMENTS
from generator.types.events import Event
from generator.types.organizations import ORGANIZATION_KINDS, Organization

# The colours of the 17 goals, from the UN Department of Global Communications' "Guidelines for the use
# of the SDG logo, including the colour wheel, and 17 icons" (May 2020), colour definitions (RGB, as hex).
SDG_COLOURS = MappingProxyType(
    {
        1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2",
        7: "#FCC30B", 8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E",
        13: "#3F7E44", 14: "#0A97D9", 15: "#56C02B", 16: "#00689D", 17: "#19486A",
    }
)
# The GCM has no colour per objective; its pills share the deep blue of the UN Network on Migration's pages.
GCM_COLOUR = "#00467F"
# Each type's colour, for the band of a card that has no picture and for its label.
KIND_COLOURS = MappingProxyType(
    {
        "news": "#0B4A7A",
        "events": "#00695C",
        "practices": "#6A1B9A",
        "bulletins": "#9A4A00",
        "twgs": "#2E6B30",
        "organizations": "#455A64",
        "pages": "#37474F",
    }
)
DARK_TEXT = "#111111"
LIGHT_TEXT = "#FFFFFF"
# WCAG 2.1 AA for normal text.
AA_CONTRAST = 4.5


@dataclass(frozen=True)
class Swatch:
    """A background colour and the text colour that reads on it (AA contrast)."""

    background: str
    text: str

    @property
    def style(self) -> str:
        """The custom properties a template puts on the element the colour belongs to."""
        return f"--nw-swatch:{self.background};--nw-swatch-text:{self.text}"


def luminance(colour: str) -> float:
    """The relative luminance of a '#RRGGBB' colour (WCAG 2.1)."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def swatch(background: str) -> Swatch:
    """The background with white or near-black text, whichever reads better."""
    text = max((LIGHT_TEXT, DARK_TEXT), key=lambda candidate: contrast(background, candidate))
    return Swatch(background, text)


def topic_swatch(topic: Topic) -> Swatch:
    """An SDG in its official colour; a GCM objective in the GCM's blue."""
    return swatch(SDG_COLOURS[topic.number] if topic.scheme == "sdgs" else GCM_COLOUR)


def kind_swatch(kind: str) -> Swatch:
    """The colour of a type of item (news, events …)."""
    return swatch(KIND_COLOURS.get(kind, KIND_COLOURS["pages"]))


# How wide a picture is shown, by where it sits (network.css): an article's column, or a card in a grid of
# three (wide screens), two (tablets) or one (phones).
PICTURE_SIZES = MappingProxyType(
    {
        "article": images.SIZES,
        "card": "(min-width: 76.25em) 380px, (min-width: 45em) calc(50vw - 40px), calc(100vw - 32px)",
    }
)


@dataclass(frozen=True)
class TopicHeading:
    """What a goal's or objective's page says it is: its scheme, and the goal's own words."""

    scheme: str
    scheme_url: str
    statement: str
    noun: str


def topic_heading(topic: Topic) -> TopicHeading:
    """An SDG's page says the goal in the General Assembly's words; a GCM objective's title already does."""
    if topic.scheme == "sdgs":
        statement = f"Goal {topic.number}: {SDG_STATEMENTS[topic.number]}."
        return TopicHeading("Sustainable Development Goals", "sdgs/", statement, "goal")
    statement = f"Objective {topic.number} of the Global Compact for Safe, Orderly and Regular Migration."
    return TopicHeading("Global Compact for Migration", "gcm/", statement, "objective")


@dataclass(frozen=True)
class DateBlock:
    """An event's first day as a calendar leaf: '19' over 'Oct', with the year for the fold of a listing."""

    day: str
    month: str
    year: int
    iso: str


def date_block(item: Item) -> DateBlock | None:
    """The calendar leaf of an event's first day; None for anything that is not an event."""
    if not isinstance(item, Event):
        return None
    first = item.first_day
    return DateBlock(str(first.day), f"{first:%b}", first.year, first.isoformat())


def related_cards(item: Item) -> tuple[Item, ...]:
    """The 'Related' cards under an item: what its page does not already show as cards (an event's news)."""
    shown = set(item.news) if isinstance(item, Event) else set()
    return tuple(other for other in item.related if other not in shown)


@dataclass(frozen=True)
class OrganizationGroup:
    """Organizations of one kind, as the organizations page lists them."""

    heading: str
    organizations: tuple[Organization, ...]


# Headings of the kinds of organization, in the order the page lists them (schemas.ORGANIZATION_KINDS).
KIND_HEADINGS = MappingProxyType(
    {
        "UN agency": "UN agencies", "government": "Government", "civil society": "Civil society",
        "donor": "Donors", "private sector": "Private sector", "academia": "Academia",
        "programme": "Programmes", "media": "Media", "other": "Other organizations",
    }
)


def organizations_by_kind(site: Site) -> tuple[OrganizationGroup, ...]:
    """The site's organizations grouped by kind, in the schema's order of kinds, each group by name."""
    groups = []
    for kind in ORGANIZATION_KINDS:
        members = tuple(org for org in site.organizations if org.org_kind == kind)
        if members:
            groups.append(OrganizationGroup(KIND_HEADINGS.get(kind, kind.capitalize()), members))
    return tuple(groups)


@dataclass(frozen=True)
class Layout:
    """How a page uses the width: its name (a class on <body>) and whether the contents list sits beside it."""

    name: str
    contents: bool


LISTING = Layout("listing", contents=False)
ARTICLE = Layout("article", contents=False)
DOCUMENT = Layout("document", contents=True)
REFERENCE = Layout("reference", contents=False)
# Pages that lay out cards, tables or facets across the whole width: a contents list would only narrow them.
LISTING_TEMPLATES = frozenset(
    {
        "home.html", "subscribe.html", "pages/listing.html", "pages/events.html", "pages/practices.html",
        "pages/twgs.html", "pages/organizations.html", "pages/topics.html", "pages/topic.html",
        "pages/archive.html", "pages/archive-year.html", "pages/bulletins.html", "pages/search.html",
        "pages/tag.html",
    }
)


def layout_for(template: str | None, is_item: bool) -> Layout:
    """Items read as articles with their facts beside them; listings use the width; the staff guide, a reference
    of tables and examples, a wide column; the rest reads as a document at a reading measure."""
    if is_item:
        return ARTICLE
    if template in LISTING_TEMPLATES:
        return LISTING
    if template == "pages/guide.html":  # tables and examples: a wide column; its contents are its first list
        return REFERENCE
    return DOCUMENT


@dataclass(frozen=True)
class Footer:
    """What every page says about the network at its foot: who it is, who runs it, how to reach and follow it."""

    name: str
    short_name: str
    description: str
    coordinators: tuple[Organization, ...]
    secretariats: tuple[Organization, ...]
    email: str | None
    members_url: str
    subscribe_url: str
    guide_url: str
    feeds: tuple[FeedLink, ...]
    copyright: str


def footer(site: Site, copyright: str | None) -> Footer:
    """The footer's facts, from mkdocs.yml and the organizations' roles in the graph."""
    network = site.settings.network
    return Footer(
        name=network.name,
        short_name=network.short_name,
        description=network.description,
        coordinators=site.with_role("coordinator"),
        secretariats=site.with_role("secretariat"),
        email=network.email,
        members_url=f"{site.settings.prefix}organizations/",
        subscribe_url=f"{site.settings.prefix}subscribe/",
        guide_url="guide/",  # staff write in the default language: the guide is in its tree only
        feeds=site_feeds(site),
        copyright=copyright or "",
    )
