"""The immutable, cross-linked content graph: items that know their neighbours.

Built once from validated records; every index is made here, in one pass, from the references
the registry declares on the schemas, so that pages, feeds and templates only read (a TWG knows
its news; nobody searches for it).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from generator.content.dates import KnownDate, PartialDate
from generator.content.front_matter import FieldPath, FrontMatter, SourceFile
from generator.content.reading import Loaded
from generator.content.schemas import Common, Image
from generator.content.settings import Settings
from generator.content.taxonomies import (
    GCM_OBJECTIVES,
    SDG_TARGETS,
    SDGS,
    SdgTarget,
    sdg_target_titles,
    targets_of,
)
from generator.content.translations import Translated, merged
from generator.graph import languages
from generator.graph.strings import strings

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from generator.content.registry import ContentType, Registry


def aware(value: dt.date | dt.datetime | PartialDate, tz: ZoneInfo) -> dt.datetime:
    """A date or time as an aware time: days start at midnight, naive times are local.

    A month or a year alone starts with its first day: the earliest it may be, so that an item dated this month is
    out, not held back as scheduled, and is sorted among full dates the same way everywhere.
    """
    if isinstance(value, PartialDate):
        value = value.first
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return dt.datetime(value.year, value.month, value.day, tzinfo=tz)


@dataclass(frozen=True)
class Topic:
    """An SDG or a GCM objective, with the items tagged with it."""

    scheme: str
    number: int
    title: str
    items: tuple[Item, ...] = ()
    prefix: str = ""  # the language's tree ('bn/'), '' for the default
    label: str = ""  # 'SDG 5', in the graph's language
    language: str = "en"  # the language its title is in: the graph's, or English where the table has none
    locale: str = "en_001"  # the graph's locale, for numbers

    @property
    def url(self) -> str:
        return f"{self.prefix}{self.scheme}/{self.number}/"


@dataclass(frozen=True)
class Target:
    """An SDG target an item names: shown with its goal's colour and name, and listed on the goal's page."""

    goal: Topic
    code: str  # '10.7', '10.c'
    label: str  # 'SDG 10.7', in the graph's language and digits
    text: str  # its official title, in the graph's language where the UN's texts give one, else in English
    text_language: str
    items: tuple[Item, ...] = ()

    scheme = "sdgs"

    @property
    def number(self) -> int:
        return self.goal.number

    @property
    def title(self) -> str:
        """The goal's name: a target is shown as part of its goal."""
        return self.goal.title

    @property
    def language(self) -> str:
        return self.goal.language

    @property
    def url(self) -> str:
        return self.goal.url


@dataclass(frozen=True)
class Year:
    """A year of the archive and everything dated in it, newest first."""

    year: int
    items: tuple[Item, ...]
    prefix: str = ""

    @property
    def url(self) -> str:
        return f"{self.prefix}archive/{self.year}/"


@dataclass(frozen=True)
class Span:
    """When something that happens over days happens: the moment it starts, its first and its last day."""

    start: dt.datetime
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Fact:
    """A fact a feed entry states before the body ('When', '20 February 2024'), linked when it is an address."""

    label: str
    text: str
    link: str | None = None


class _ReadInALanguage:
    """What an item or a page says in its graph's language: its translation's text, where it has one."""

    source: SourceFile
    translation: Translated | None

    @property
    def front(self) -> FrontMatter:
        """The front matter and body read in this language: its translation's, where it has one."""
        return (self.translation.source if self.translation else self.source).front

    @property
    def body(self) -> str:
        return self.front.body

    @property
    def reviewed(self) -> bool:
        """False only for a translation staff have not yet read against the original."""
        return self.translation.reviewed if self.translation is not None else True


@dataclass(frozen=True, eq=False)
class Item(_ReadInALanguage):
    """A typed content item; `kind` is its type's folder and `site` the graph it belongs to."""

    kind: str
    id: str
    source: SourceFile
    data: Common
    site: Site = field(repr=False)
    # The translation this item is read in, in a language other than the default (news/x.bn.md).
    translation: Translated | None = None

    @property
    def type(self) -> ContentType:
        return self.site.types[self.kind]

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.id}"

    @property
    def address(self) -> str:
        """Where the item's page sits in a language's tree."""
        return f"{self.kind}/{self.id}/"

    @property
    def localized(self) -> bool:
        """Whether the item has a page of its own in this graph's language (it is translated, or the default)."""
        return self.translation is not None or not self.site.settings.prefix

    @property
    def language(self) -> str:
        """The language the item's words are in: this graph's, or the default where it is not translated."""
        settings = self.site.settings
        return settings.language if self.localized else settings.default_language

    @property
    def url(self) -> str:
        """Where readers of this language read the item: its own page, or the original's where it is not translated."""
        return f"{self.site.settings.prefix if self.localized else ''}{self.address}"

    @property
    def title(self) -> str:
        return self.data.title

    @property
    def summary(self) -> str:
        return self.data.summary

    @property
    def image(self) -> Image | None:
        return self.data.image

    @property
    def tags(self) -> tuple[str, ...]:
        """The item's tags in this graph's language: the network's word for each (words/<code>.yml), else as written."""
        return tuple(self.site.strings.tag(tag) for tag in self.data.tags)

    @property
    def kind_label(self) -> str:
        return self.site.label(self.kind)

    @property
    def draft(self) -> bool:
        return self.data.draft

    @property
    def when(self) -> KnownDate | None:
        """The date that places the item in time: the first date field its schema declares."""
        for name in self.site.date_fields(self.kind):
            value = getattr(self.data, name, None)
            if value is not None:
                return value  # type: ignore[no-any-return]
        return None

    @cached_property
    def published(self) -> dt.datetime | None:
        when = self.when
        return aware(when, self.site.settings.timezone) if when is not None else None

    @property
    def date_shown(self) -> dt.datetime | PartialDate | None:
        """Its date as readers see it: its publication, or the month or year alone where that is all that is known."""
        when = self.when
        return when if isinstance(when, PartialDate) else self.published

    @property
    def announced(self) -> dt.datetime | None:
        """When readers were first told of the item: its date in feeds (for most items, its date)."""
        return self.published

    @cached_property
    def updated(self) -> dt.datetime | None:
        if self.data.updated is not None:
            return aware(self.data.updated, self.site.settings.timezone)
        return self.announced

    @property
    def scheduled(self) -> bool:
        """Dated after the build's 'now' (only types placed in time are ever scheduled)."""
        return self.type.dated and self.published is not None and self.published > self.site.settings.now

    @property
    def sdgs(self) -> tuple[Topic, ...]:
        """The goals it names, itself or through one of their targets, each once."""
        goals = dict.fromkeys(goal_of(n) for n in getattr(self.data, "sdgs", ()))  # by number: a topic holds its items
        return tuple(self.site.topic("sdgs", goal) for goal in goals)

    @property
    def sdg_marks(self) -> tuple[Topic | Target, ...]:
        """The goals and targets it names, as written: what its pills show."""
        return tuple(self.site.topic("sdgs", n) if isinstance(n, int) else self.site.target(n.code)
                     for n in getattr(self.data, "sdgs", ()))

    @property
    def sdg_targets(self) -> tuple[Target, ...]:
        """The targets it names."""
        return tuple(mark for mark in self.sdg_marks if isinstance(mark, Target))

    @property
    def gcm_objectives(self) -> tuple[Topic, ...]:
        return tuple(self.site.topic("gcm", n) for n in getattr(self.data, "gcm_objectives", ()))

    @cached_property
    def related(self) -> tuple[Item, ...]:
        """Explicitly linked items first, then the latest of the same TWG."""
        return self.site.related_to(self)

    def referring(self, kind: str | None = None, via: FieldPath | None = None) -> tuple[Any, ...]:
        """The items that name this one (of a type, through a field), newest first."""
        if kind is None and via is None:
            return self._all_referring
        return self.site.referring(self, kind, via)

    # Sorted once: every page of an item of a TWG asks for the TWG's latest items (its related cards).
    @cached_property
    def _all_referring(self) -> tuple[Any, ...]:
        return self.site.referring(self)

    def sort_key(self) -> tuple[dt.datetime, str]:
        return (self.published or _EPOCH, self.id)

    def named(self, kind: str) -> tuple[Any, ...]:
        """The items of a type this one names, through any of its fields, in the order they are named."""
        return self.site.named_by(self, kind)

    def __getitem__(self, folder: str) -> tuple[Any, ...]:
        """What it names of a type its schema refers to, by the type's folder, as templates write it: `item.twgs`."""
        if folder not in self.site.types.targets(self.kind):
            raise KeyError(folder)  # Jinja then tries the attribute, and says it is undefined
        return self.named(folder)

    @property
    def short_name(self) -> str:
        """How lists and filters name the item: its `short_name` where its type has one, else its title."""
        short = getattr(self.data, "short_name", None)
        return self.site.strings.short_name(short) if short else self.title

    # What a type does differently, on its item class: the defaults here are what most types do.
    @property
    def headline(self) -> str:
        """The title its page and feeds give it (a bulletin's says its number)."""
        return self.title

    @property
    def span(self) -> Span | None:
        """When it happens, for what happens over days (an event); None for the rest."""
        return None

    @property
    def place(self) -> str:
        """Where it happens, in one line; '' for what happens nowhere in particular."""
        return ""

    @property
    def search_date(self) -> dt.datetime | None:
        """The date readers know it by in search results (an event's start)."""
        return self.published

    def feed_facts(self) -> tuple[Fact, ...]:
        """What its feed entry states before the body: a feed reader shows no page around it."""
        return ()

    @property
    def carries(self) -> tuple[Item | Page, ...]:
        """What it carries, listed after its body in feeds and e-mail (a bulletin's items)."""
        return ()

    @property
    def cards_on_page(self) -> tuple[Item, ...]:
        """What its page already shows as cards, so that its related cards leave them out (an event's news)."""
        return ()

    def page_context(self) -> Mapping[str, Any]:
        """What its page's template shows beyond the item itself, prepared here so the template does not look."""
        return {}

    @property
    def opengraph_type(self) -> str:
        """What share previews call it (Open Graph's og:type)."""
        return "website"

    def linked_data(self, url: str, publisher: dict[str, Any], absolute: Callable[[str], str]) -> dict[str, Any] | None:
        """Its schema.org description for search engines (JSON-LD), without its image; None when it has none."""
        return None


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, eq=False)
class Page(_ReadInALanguage):
    """A plain page (home, about, contact); bulletins may carry one."""

    source: SourceFile
    meta: Mapping[str, Any]
    translation: Translated | None = None
    prefix: str = ""  # the language's tree the page is in ('bn/'), '' for the default
    language: str = "en"  # the language its words are in: its translation's, else the default's
    kind_label: str = "Page"  # 'Page' in the graph's language

    kind = "pages"

    @property
    def url(self) -> str:
        return self.prefix + page_url(self.source.src_uri)

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or _first_heading(self.body) or self.url)

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary") or self.meta.get("description") or "")

    @property
    def image(self) -> None:
        return None

    @property
    def published(self) -> None:
        return None

    @property
    def date_shown(self) -> None:
        return None

    # A card may show a page among items: it happens nowhere, at no time.
    span = None
    place = ""


def page_url(src_uri: str) -> str:
    """The address MkDocs gives a Markdown file with directory URLs (about.md → about/)."""
    uri = src_uri.removesuffix(".md")
    if uri == "index" or uri.endswith("/index"):
        return uri.removesuffix("index")
    return uri + "/"


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def unique(items: Iterable[Any]) -> tuple[Any, ...]:
    """The items in order, each once."""
    return tuple(dict.fromkeys(items))


def ids_at(data: Any, path: FieldPath) -> list[tuple[int | None, Any]]:
    """The values at a field path of a schema object or of raw front matter, with their list positions."""
    values: list[tuple[int | None, Any]] = [(None, data)]
    for part in path:
        found: list[tuple[int | None, Any]] = []
        for index, value in values:
            inner = value.get(part) if isinstance(value, dict) else getattr(value, str(part), None)
            if isinstance(inner, list | tuple):
                found += list(enumerate(inner))
            elif inner is not None:
                found.append((index, inner))
        values = found
    return values


class Site:
    """The whole content graph. Built once; read-only afterwards."""

    # Read-only for the whole build: a shared part that reads it is keyed by which graph it is (fast/reads.py).
    READ_ONLY = True

    def __init__(self, settings: Settings, types: Registry, items: Sequence[Item], pages: Sequence[Page]) -> None:
        self.settings = settings
        self.types = types
        self.strings = strings(settings.language, settings.words)
        self.pages: tuple[Page, ...] = tuple(pages)
        self._date_fields = {t.folder: _date_fields(types, t.folder) for t in types}
        by_kind: dict[str, list[Item]] = defaultdict(list)
        for item in sorted(items, key=lambda i: i.sort_key(), reverse=True):
            by_kind[item.kind].append(item)
        self._by_kind = {t.folder: _ordered(by_kind.get(t.folder, []), t.order) for t in types}
        self._by_key: dict[str, Item] = {item.key: item for item in items}
        self._pages_by_uri = {page.source.src_uri.removesuffix(".md"): page for page in pages}
        self._items = tuple(sorted((i for t in types.dated for i in self._by_kind[t.folder]),
                                   key=lambda i: i.sort_key(), reverse=True))
        self._referring, self._named = self._build_references()
        self._topics = self._build_topics()
        self._targets = self._build_targets()

    # --- lookups -------------------------------------------------------------------------
    def __getattr__(self, name: str) -> tuple[Any, ...]:
        """A type's items by its folder, as templates and tests read them: `site.news`, `site.twgs`."""
        by_kind = self.__dict__.get("_by_kind", {})
        if name in by_kind:
            return by_kind[name]  # type: ignore[no-any-return]
        raise AttributeError(f"the site has no '{name}': not a content type's folder nor a view of the graph")

    def of_kind(self, kind: str) -> tuple[Any, ...]:
        """The items of a type, in its listing's order."""
        return self._by_kind.get(kind, ())

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of a type placed in time (not TWGs or organizations), newest first."""
        return self._items

    def label(self, kind: str, plural: bool = False) -> str:
        """A type's label in this graph's language: 'Event', 'Events', 'অনুষ্ঠান'."""
        declared = self.types[kind]
        return self.strings.type_label(kind, declared.plural if plural else declared.label, plural)

    def date_fields(self, kind: str) -> tuple[str, ...]:
        return self._date_fields.get(kind, ())

    def get(self, kind: str, item_id: str) -> Item | None:
        return self._by_key.get(f"{kind}/{item_id}")

    def resolve(self, kind: str, item_id: str) -> Any:
        return self._by_key.get(f"{kind}/{item_id}")

    def resolve_all(self, kind: str, ids: Iterable[str]) -> tuple[Any, ...]:
        # References to items left out of this build (drafts, scheduled) are dropped.
        return tuple(item for i in ids if (item := self._by_key.get(f"{kind}/{i}")) is not None)

    def entry(self, ref: str) -> Item | Page | None:
        """A bulletin entry: '<type>/<id>', a page's path, or an id that only one type has."""
        ref = ref.strip().strip("/").removesuffix(".md")
        found = self._by_key.get(ref) or self._pages_by_uri.get(ref)
        if found is None and "/" not in ref:
            matches = [item for t in self.types if (item := self.get(t.folder, ref)) is not None]
            found = matches[0] if len(matches) == 1 else None
        return found

    def page(self, uri: str) -> Page | None:
        return self._pages_by_uri.get(uri)

    def referring(self, item: Item, kind: str | None = None, via: FieldPath | None = None) -> tuple[Any, ...]:
        """Items that name `item`: all of them, those of one type, or those naming it through one field."""
        table = self._referring.get(item.key, {})
        if kind is not None and via is not None:
            return table.get((kind, via), ())
        found = [i for (k, _), items in table.items() if kind is None or k == kind for i in items]
        return tuple(sorted(unique(found), key=lambda i: i.sort_key(), reverse=True))

    def named_by(self, item: Item, kind: str) -> tuple[Any, ...]:
        """The items of a type that `item` names, in the order its fields name them."""
        return self._named.get((item.key, kind), ())

    def topic(self, scheme: str, number: int) -> Topic:
        return self._topics[scheme][number]

    def target(self, code: str) -> Target:
        """An SDG target by its number, with the items that name it."""
        return self._targets[code]

    def targets_of(self, goal: Topic) -> tuple[Target, ...]:
        """The targets of a goal that items name, in the official order."""
        return tuple(target for code in targets_of(goal.number) if (target := self._targets[code]).items)

    # --- derived views -------------------------------------------------------------------
    @property
    def sdgs(self) -> tuple[Topic, ...]:
        return tuple(self._topics["sdgs"].values())

    @property
    def gcm_objectives(self) -> tuple[Topic, ...]:
        return tuple(self._topics["gcm"].values())

    @cached_property
    def years(self) -> tuple[Year, ...]:
        by_year: dict[int, list[Item]] = defaultdict(list)
        for item in self.items:
            if item.published is not None:
                by_year[item.published.year].append(item)
        prefix = self.settings.prefix
        return tuple(Year(year, tuple(by_year[year]), prefix) for year in sorted(by_year, reverse=True))

    def with_role(self, role: str) -> tuple[Any, ...]:
        """Items holding a role in the network (organizations: member, coordinator, secretariat)."""
        return tuple(item for item in self._with_roles if role in getattr(item.data, "roles", ()))

    # The items of the types whose schema gives them `roles` in the network (the organizations).
    @cached_property
    def _with_roles(self) -> tuple[Item, ...]:
        holding = [t.folder for t in self.types if any(spec.name == "roles" for spec in self.types.fields(t.folder))]
        return tuple(item for folder in holding for item in self.of_kind(folder))

    @property
    def last_updated(self) -> dt.datetime | None:
        """The newest date in the content: the site's 'build date', never the clock."""
        # An event's default announcement may still be ahead (its feed entry waits for it): it dates nothing yet.
        # Found by bisection in the dates sorted once: every page asks, and each comparison with 'now' is noted.
        times = self._update_times
        index = bisect.bisect_right(times, self.settings.now)
        return times[index - 1] if index else None

    @cached_property
    def _update_times(self) -> list[dt.datetime]:
        return sorted(t for item in self._by_key.values() if (t := item.updated) is not None)

    def related_to(self, item: Item, limit: int = 4) -> tuple[Item, ...]:
        """Items this one names or is named by (placed in time), then the latest of its groups (`groups`: its TWGs)."""
        linked: list[Item] = []
        dated = {t.folder for t in self.types.dated}
        for target in self.types:
            if target.dated:
                linked.extend(self.named_by(item, target.folder))
        linked.extend(i for i in self.referring(item) if i.kind in dated)
        for group in (group for t in self.types.grouping for group in item.named(t.folder)):
            linked.extend(group.referring()[: limit + len(linked) + 1])
        related = [other for other in unique(linked) if other is not item and other.kind in dated]
        return tuple(related[:limit])

    # --- building ------------------------------------------------------------------------
    def _build_references(
        self,
    ) -> tuple[dict[str, dict[tuple[str, FieldPath], tuple[Item, ...]]], dict[tuple[str, str], tuple[Item, ...]]]:
        referring: dict[str, dict[tuple[str, FieldPath], list[Item]]] = defaultdict(lambda: defaultdict(list))
        named: dict[tuple[str, str], list[Item]] = defaultdict(list)
        for content_type in self.types:
            paths = self.types.references(content_type.folder)
            for item in self._by_kind[content_type.folder]:
                for path, spec in paths:
                    assert spec.target is not None
                    for _, ref in ids_at(item.data, path):
                        target = self._by_key.get(f"{spec.target}/{ref}")
                        if target is None or target is item:
                            continue
                        referring[target.key][(item.kind, path)].append(item)
                        named[(item.key, spec.target)].append(target)
        return (
            {key: {via: tuple(items) for via, items in table.items()} for key, table in referring.items()},
            {key: unique(items) for key, items in named.items()},
        )

    def _build_topics(self) -> dict[str, dict[int, Topic]]:
        tagged: dict[str, dict[int, list[Item]]] = {"sdgs": defaultdict(list), "gcm": defaultdict(list)}
        for item in self.items:
            # A target names its goal: the item is on the goal's page and in its feeds, once.
            for number in unique(goal_of(n) for n in getattr(item.data, "sdgs", ())):
                tagged["sdgs"][number].append(item)
            for number in getattr(item.data, "gcm_objectives", ()):
                tagged["gcm"][number].append(item)
        prefix, words, locale = self.settings.prefix, self.strings, self.settings.locale
        return {
            scheme: {
                n: Topic(scheme, n, words.title_of(scheme, n, title), tuple(tagged[scheme][n]), prefix,
                         words(f"pages.{scheme.rstrip('s')}_label", number=languages.number(n, locale)),
                         self.settings.language if words.has(f"{scheme}.{n}") else languages.ENGLISH, locale)
                for n, title in taxonomy.items()
            }
            for scheme, taxonomy in (("sdgs", SDGS), ("gcm", GCM_OBJECTIVES))
        }


    def _build_targets(self) -> dict[str, Target]:
        tagged: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            for value in getattr(item.data, "sdgs", ()):
                if isinstance(value, SdgTarget):
                    tagged[value.code].append(item)
        words, locale = self.strings, self.settings.locale
        own = sdg_target_titles(self.settings.language)
        english = sdg_target_titles(languages.ENGLISH)
        return {
            code: Target(self.topic("sdgs", goal_of(SdgTarget(code))), code,
                         words("pages.sdg_label", number=languages.native_digits(code, locale)),
                         own.get(code, english[code]), self.settings.language if code in own else languages.ENGLISH,
                         tuple(tagged[code]))
            for code in SDG_TARGETS
        }


def goal_of(value: int | SdgTarget) -> int:
    """The goal a value of `sdgs` names: itself, or a target's goal."""
    return value.goal if isinstance(value, SdgTarget) else value


def _date_fields(types: Registry, kind: str) -> tuple[str, ...]:
    # An item is placed in time by its type's first required date; else its first date of any kind.
    dated = ("datetime", "date", "known date", "month")
    dates = [spec for spec in types.fields(kind) if spec.kind in dated and not spec.many]
    dates = [spec for spec in dates if spec.name != "updated"]
    return tuple(spec.name for spec in sorted(dates, key=lambda spec: not spec.required))


def _ordered(items: list[Item], order: Any) -> tuple[Item, ...]:
    return tuple(sorted(items, key=order)) if order is not None else tuple(items)


def build_site(loaded: Loaded, settings: Settings) -> Site:
    """The graph of what this build publishes in `settings.language`: drafts and scheduled items only in preview.

    In a language other than the default, each item is read in its translation where it has one
    (what it restates put over the original), and in the original where it has none.
    """
    # The Site exists before its items so that each item can point back at it.
    site = Site.__new__(Site)
    site.settings = settings
    site.types = loaded.types
    site._date_fields = {t.folder: _date_fields(loaded.types, t.folder) for t in loaded.types}
    prefix, words = settings.prefix, strings(settings.language, settings.words)
    here = {t.original: t for t in loaded.translations if prefix and t.language == settings.language}
    items = []
    for record in loaded.records:
        translation = here.get(record.source.src_uri)
        data = merged(record.data, translation.data) if translation is not None else record.data
        items.append(loaded.types[record.kind].item(record.kind, record.id, record.source, data, site, translation))
    pages = []
    for plain in loaded.pages:
        # A page not translated stays in the default language's tree, where this language's pages link to it.
        translation = here.get(plain.source.src_uri)
        meta = {**plain.meta, **translation.data} if translation is not None else plain.meta
        pages.append(Page(plain.source, MappingProxyType(meta), translation, prefix if translation else "",
                          settings.language if translation or not prefix else settings.default_language,
                          words.type_label("pages", "Page")))
    if not settings.preview:
        items = [item for item in items if not item.draft and not item.scheduled]
    site.__init__(settings, loaded.types, items, pages)  # type: ignore[misc]
    return site
