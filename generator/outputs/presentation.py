"""What templates need to present the content and nothing else: layouts, colours, date blocks, the footer.

Computed here, from the graph and mkdocs.yml, so that templates only render (STYLE.md): a template
never picks a colour, groups items or decides which organizations the footer names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from babel.dates import format_date
from markupsafe import Markup

from generator.content.colours import contrast
from generator.content.registry import Registry
from generator.content.signup import SignupForm, signup_form
from generator.content.taxonomies import SDG_STATEMENTS
from generator.graph import formatting, languages
from generator.graph.alternates import Alternate
from generator.graph.site import Item, Page, Site, Topic
from generator.graph.strings import NO_WORDS, NetworkWords, Strings, strings
from generator.outputs import images
from generator.outputs.pages import FeedLink, site_feeds

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
# The colour of plain pages, and of a type that declares none (a type's own is its declaration's `colour`).
PAGE_COLOUR = "#37474F"
DARK_TEXT = "#111111"
LIGHT_TEXT = "#FFFFFF"


@dataclass(frozen=True)
class Swatch:
    """A background colour and the text colour that reads on it (AA contrast)."""

    background: str
    text: str

    @property
    def style(self) -> str:
        """The custom properties a template puts on the element the colour belongs to."""
        return f"--nw-swatch:{self.background};--nw-swatch-text:{self.text}"


@lru_cache(maxsize=64)  # a handful of colours, asked for by every card and pill
def swatch(background: str) -> Swatch:
    """The background with white or near-black text, whichever reads better."""
    text = max((LIGHT_TEXT, DARK_TEXT), key=lambda candidate: contrast(background, candidate))
    return Swatch(background, text)


def topic_swatch(topic: Topic) -> Swatch:
    """An SDG in its official colour; a GCM objective in the GCM's blue."""
    return swatch(SDG_COLOURS[topic.number] if topic.scheme == "sdgs" else GCM_COLOUR)


def kind_swatch(kind: str, types: Registry | None = None) -> Swatch:
    """The colour a type of item declares (news, events …); plain pages' for pages and a type that declares none."""
    declared = types.get(kind) if types is not None else None
    return swatch(declared.colour if declared is not None and declared.colour else PAGE_COLOUR)


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
    """What a goal's or objective's page says it is: its scheme, and the goal's own words (and their language)."""

    scheme: str
    scheme_url: str
    statement: str
    noun: str
    statement_language: str


def topic_heading(topic: Topic, words: Strings) -> TopicHeading:
    """An SDG's page says the goal in the General Assembly's words; a GCM objective's title already does.

    The goal's words are the language's own where its table has them (`sdg_statements.<n>`), else the official
    English, which the page marks as English.
    """
    number = languages.number(topic.number, topic.locale)
    if topic.scheme == "sdgs":
        key = f"sdg_statements.{topic.number}"
        own = words.has(key)
        goal = words(key) if own else SDG_STATEMENTS[topic.number]
        statement = words("topics.sdg_statement", number=number, statement=goal)
        return TopicHeading(words("pages.sdgs_title"), f"{topic.prefix}sdgs/", statement, words("topics.sdg_noun"),
                            words.language if own else languages.ENGLISH)
    statement = words("topics.gcm_statement", number=number)
    return TopicHeading(words("pages.gcm_title"), f"{topic.prefix}gcm/", statement, words("topics.gcm_noun"),
                        words.language)


@dataclass(frozen=True)
class DateBlock:
    """An event's first day as a calendar leaf: '19' over 'Oct', with the year for the fold of a listing."""

    day: str
    month: str
    year: int
    iso: str


def date_block(item: Item | Page, locale: str) -> DateBlock | None:
    """The calendar leaf of the first day of what happens over days (an event), in the page's words and digits;
    None for anything else."""
    if item.span is None:
        return None
    first = item.span.first
    month = format_date(first, "MMM", locale=languages.locale_of(locale))
    return DateBlock(languages.number(first.day, locale), month, first.year, first.isoformat())


@dataclass(frozen=True)
class CardView:
    """What a card says of an item on every page in one language, its link aside: texts and attribute values."""

    kind_label: str
    style: str  # its type's colour (`Swatch.style`)
    other: Markup  # ` lang="en"` on the item's own words where they are not in the page's language
    here: Markup  # ` lang="bn"` on the page's own words inside such a card
    written_in: str  # 'In English', in the page's words, where the item's words are another language's; else ''
    place: str
    leaf: DateBlock | None
    datetime: str  # when it is dated: its days (an event) or its publication, as <time datetime> writes it; else ''
    date: str  # the same in the page's words and digits


def card_view(item: Item | Page, page_language: str | None, locale: str, words: Any,
              types: Registry | None = None) -> CardView:
    """What `item`'s card says on a page in `page_language` (its words `words`, its digits `locale`)."""
    other = in_language(item, page_language)
    span = item.span
    if span is not None:
        datetime, date = formatting.iso(span.start), formatting.day_range(span.first, span.last, locale)
    elif item.published:
        shown = item.date_shown
        datetime, date = formatting.iso(shown), formatting.day(shown, locale)
    else:
        datetime = date = ""
    return CardView(
        kind_label=item.kind_label,
        style=kind_swatch(item.kind, types).style,
        other=other,
        here=back_in_language(page_language, item),
        written_in=words("languages.written_in", language=language_name(item.language, locale)) if other else "",
        place=item.place,
        leaf=date_block(item, locale),
        datetime=datetime,
        date=date,
    )


def related_cards(item: Item) -> tuple[Item, ...]:
    """The 'Related' cards under an item: what its page does not already show as cards (an event's news)."""
    shown = set(item.cards_on_page)
    return tuple(other for other in item.related if other not in shown)


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
    coordinators: tuple[Item, ...]
    secretariats: tuple[Item, ...]
    email: str | None
    members_url: str
    subscribe_url: str
    signup: SignupForm | None  # the e-mail sign-up: to the mailing tool, else a message to the network
    feeds: tuple[FeedLink, ...]
    copyright: str
    copyright_language: str  # mkdocs.yml's words, in the default language


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
        signup=signup_form(site.settings.mailing, network.email),
        feeds=site_feeds(site),
        copyright=copyright or "",
        copyright_language=site.settings.default_language,
    )


# Where the switcher leads when a page has no translation: the section, at the note that says so (network.css
# shows it only when it is the address's target, so it needs no script).
UNTRANSLATED_ANCHOR = "nw-untranslated"


@dataclass(frozen=True)
class LanguageLink:
    """A link of the language switcher: the page in another language, or its section there with a note why."""

    code: str
    name: str  # the language's name for itself: বাংলা, English
    url: str
    fragment: str
    note: str  # in the language linked to: why the link leads to a section ('' where the page is translated)


def language_links(alternates: Iterable[Alternate], current: str, words: NetworkWords = NO_WORDS,
                   ) -> tuple[LanguageLink, ...]:
    """The switcher's links from a page in `current`: every other language's same page, or its nearest section."""
    links = []
    for alternate in alternates:
        code = alternate.language.code
        if code == current:
            continue
        note = "" if alternate.same else strings(code, words)("languages.not_translated")
        fragment = "" if alternate.same else f"#{UNTRANSLATED_ANCHOR}"
        links.append(LanguageLink(code, alternate.language.name, alternate.url, fragment, note))
    return tuple(links)


@dataclass(frozen=True)
class Hreflang:
    """A `<link rel="alternate" hreflang>` of a page: the same page in a language, or x-default."""

    hreflang: str
    href: str


def hreflangs(alternates: Iterable[Alternate], absolute: Any) -> tuple[Hreflang, ...]:
    """The page's translations for search engines: only the same page in each language, itself included, and the
    default language's as x-default; none for a page that has no translation."""
    same = [alternate for alternate in alternates if alternate.same]
    if len(same) < 2:
        return ()
    links = [Hreflang(alternate.language.code, absolute(alternate.url)) for alternate in same]
    return (*links, Hreflang("x-default", links[0].href))


def in_language(thing: Any, page_language: str | None) -> Markup:
    """` lang="en"` for a thing (item, topic, language code) in another language than the page; else nothing.

    Screen readers switch voice and browsers their fonts on it (WCAG 2.1, 3.1.2 Language of Parts); where the two
    are written in opposite directions (English on an Arabic page), ` dir` too, so its text runs its own way.
    """
    language = thing if isinstance(thing, str) else getattr(thing, "language", None)
    if not language or not page_language or language == page_language:
        return Markup("")
    return Markup(' lang="{}"').format(language) + _direction_if_other(language, page_language)


def back_in_language(page_language: str | None, thing: Any) -> Markup:
    """` lang="bn"` for the page's own words inside a thing marked as in another language (a card); else nothing."""
    language = getattr(thing, "language", None)
    if not page_language or not language or language == page_language:
        return Markup("")
    return Markup(' lang="{}"').format(page_language) + _direction_if_other(page_language, language)


def direction_within(page_language: str | None, thing: Any) -> Markup:
    """` dir="rtl"` for the page's own words inside a thing written the other way (an Arabic label in an English
    card); else nothing."""
    language = getattr(thing, "language", None)
    if not page_language or not language or language == page_language:
        return Markup("")
    return _direction_if_other(page_language, language)


def _direction_if_other(language: str, around: str) -> Markup:
    """` dir="ltr"` for words in `language` inside words in `around` written the other way; else nothing."""
    direction = languages.direction(language)
    return Markup(' dir="{}"').format(direction) if direction != languages.direction(around) else Markup("")


def language_name(code: str, locale: str) -> str:
    """A language's name in the words of `locale`: 'ইংরেজি' for English on a Bangla page."""
    return languages.name_in(code, locale)


def theme_translations(has_template: Any, code: str) -> str:
    """mkdocs-material's translations of its own words for a language: its own, its primary subtag's, or English."""
    for candidate in (code, code.split("-")[0].split("_")[0], languages.ENGLISH):
        name = f"partials/languages/{candidate}.html"
        if has_template(name):
            return name
    return f"partials/languages/{languages.ENGLISH}.html"


def og_locale(locale: str) -> str:
    """The page's locale as Open Graph writes it: language_TERRITORY ('en_GB'), or the language alone ('bn')."""
    parsed = languages.locale_of(locale)
    territory = parsed.territory if parsed.territory and parsed.territory.isalpha() else None
    return f"{parsed.language}_{territory}" if territory else parsed.language


@dataclass(frozen=True)
class Unreviewed:
    """A translation staff have not yet read against its original: the note on its page links the original."""

    original_url: str
    original_language: str


def unreviewed(written: Any, alternates: Iterable[Alternate]) -> Unreviewed | None:
    """The note a page owes its readers when it shows a translation not yet reviewed; None otherwise."""
    if written is None or written.reviewed:
        return None
    original = next(iter(alternates), None)  # the default language, first: where originals are
    if original is None:
        return None
    return Unreviewed(original.url, original.language.code)


@dataclass(frozen=True)
class LanguageHome:
    """A language's words and its home page, for the page that has no language of its own (404)."""

    code: str
    words: Strings
    home: str
    direction: str = "ltr"  # 'rtl' for a language written right to left


def not_found_links(sites: Any) -> tuple[LanguageHome, ...]:
    """Each language of the site, the default first, with its words and home page."""
    return tuple(LanguageHome(code, site.strings, site.settings.prefix, languages.direction(code))
                 for code, site in sites.items())
