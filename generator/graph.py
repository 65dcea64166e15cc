"""The immutable, cross-linked content graph: items that know their neighbours.

Built once from validated records; every index is made here, in one pass, so that pages,
feeds and templates only read (a TWG knows its news; nobody searches for it).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from generator.errors import ContentError
from generator.loader import Loaded, SourceFile
from generator.schemas import (
    BulletinSchema,
    Chair,
    Common,
    EventSchema,
    Image,
    Location,
    NewsSchema,
    OrganizationSchema,
    PracticeSchema,
    Quote,
    TwgSchema,
)
from generator.settings import Settings
from generator.taxonomies import GCM_OBJECTIVES, SDGS

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

KIND_LABELS = MappingProxyType(
    {
        "news": ("News", "News"),
        "events": ("Event", "Events"),
        "practices": ("Practice", "Practices"),
        "twgs": ("Technical Working Group", "Technical Working Groups"),
        "organizations": ("Organization", "Organizations"),
        "bulletins": ("E-Bulletin", "E-Bulletins"),
    }
)


def aware(value: dt.date | dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A date or time as an aware time: days start at midnight, naive times are local."""
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

    @property
    def url(self) -> str:
        return f"{self.scheme}/{self.number}/"

    @property
    def label(self) -> str:
        return f"SDG {self.number}" if self.scheme == "sdgs" else f"GCM objective {self.number}"


@dataclass(frozen=True)
class Year:
    """A year of the archive and everything dated in it, newest first."""

    year: int
    items: tuple[Item, ...]

    @property
    def url(self) -> str:
        return f"archive/{self.year}/"


@dataclass(frozen=True, eq=False)
class Item:
    """A typed content item; `site` is the graph it belongs to."""

    kind: ClassVar[str] = ""
    id: str
    source: SourceFile
    data: Common
    site: Site = field(repr=False)

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.id}"

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.id}/"

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
        return self.data.tags

    @property
    def body(self) -> str:
        return self.source.front.body

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind][0]

    @property
    def draft(self) -> bool:
        return self.data.draft

    @property
    def when(self) -> dt.date | dt.datetime | None:
        """The date that places the item in time (publication, start, submission)."""
        return None

    @cached_property
    def published(self) -> dt.datetime | None:
        when = self.when
        return aware(when, self.site.settings.timezone) if when is not None else None

    @cached_property
    def updated(self) -> dt.datetime | None:
        if self.data.updated is not None:
            return aware(self.data.updated, self.site.settings.timezone)
        return self.published

    @property
    def scheduled(self) -> bool:
        """Dated after the build's 'now' (events are never scheduled: they announce)."""
        return self.published is not None and self.published > self.site.settings.now

    @property
    def twgs(self) -> tuple[Twg, ...]:
        return self.site.resolve_all("twgs", getattr(self.data, "twgs", ()))

    @property
    def sdgs(self) -> tuple[Topic, ...]:
        return tuple(self.site.topic("sdgs", n) for n in getattr(self.data, "sdgs", ()))

    @property
    def gcm_objectives(self) -> tuple[Topic, ...]:
        return tuple(self.site.topic("gcm", n) for n in getattr(self.data, "gcm_objectives", ()))

    @property
    def organizations(self) -> tuple[Organization, ...]:
        """Every organization involved, in any role, without repeats."""
        return ()

    @cached_property
    def related(self) -> tuple[Item, ...]:
        """Explicitly linked items first, then the latest of the same TWG."""
        return self.site.related_to(self)

    def sort_key(self) -> tuple[dt.datetime, str]:
        return (self.published or _EPOCH, self.id)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class _Involving(Item):
    """Items with organisers, partners and funders."""

    @property
    def organizers(self) -> tuple[Organization, ...]:
        return self.site.resolve_all("organizations", self._roles()[0])

    @property
    def partners(self) -> tuple[Organization, ...]:
        return self.site.resolve_all("organizations", self._roles()[1])

    @property
    def funders(self) -> tuple[Organization, ...]:
        return self.site.resolve_all("organizations", self._roles()[2])

    @property
    def organizations(self) -> tuple[Organization, ...]:
        return _unique((*self.organizers, *self.partners, *self.funders))

    def _roles(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class News(_Involving):
    """A news article."""

    kind: ClassVar[str] = "news"
    data: NewsSchema

    @property
    def when(self) -> dt.date | dt.datetime:
        return self.data.date

    @property
    def events(self) -> tuple[Event, ...]:
        return self.site.resolve_all("events", self.data.events)

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self.data.quotes

    def _roles(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        org = self.data.organizations
        return org.organizers, org.partners, org.funders


@dataclass(frozen=True, eq=False)
class Event(_Involving):
    """A meeting, workshop, dialogue or observance."""

    kind: ClassVar[str] = "events"
    data: EventSchema

    @property
    def when(self) -> dt.date | dt.datetime:
        return self.data.start

    @property
    def scheduled(self) -> bool:
        return False

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
    def location(self) -> Location:
        return self.data.location

    @property
    def place(self) -> str:
        """Where, in one line: venue, city, country, or 'Online'."""
        loc = self.data.location
        parts = [part for part in (loc.venue, loc.city, loc.country) if part]
        if loc.online:
            parts.append("Online")
        return ", ".join(parts)

    @property
    def news(self) -> tuple[News, ...]:
        return self.site.index("events_news", self.id)

    def _roles(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return self.data.organizers, self.data.partners, self.data.funders


@dataclass(frozen=True, eq=False)
class Practice(Item):
    """A record of the Repository of Practices."""

    kind: ClassVar[str] = "practices"
    data: PracticeSchema

    @property
    def when(self) -> dt.date:
        return self.data.date_submitted

    @property
    def main_implementing_organizations(self) -> tuple[Organization, ...]:
        return self.site.resolve_all("organizations", self.data.main_implementing_organizations)

    @property
    def partner_donor_organizations(self) -> tuple[Organization, ...]:
        return self.site.resolve_all("organizations", self.data.partner_donor_organizations)

    @property
    def organizations(self) -> tuple[Organization, ...]:
        return _unique((*self.main_implementing_organizations, *self.partner_donor_organizations))


@dataclass(frozen=True, eq=False)
class Twg(Item):
    """A Technical Working Group: it knows its chair, members and activity."""

    kind: ClassVar[str] = "twgs"
    data: TwgSchema

    @property
    def when(self) -> dt.date | None:
        return self.data.established

    @property
    def scheduled(self) -> bool:
        return False

    @property
    def short_name(self) -> str:
        return self.data.short_name

    @property
    def status(self) -> str:
        return self.data.status

    @property
    def chair(self) -> Chair | None:
        return self.data.chair

    @property
    def chair_organization(self) -> Organization | None:
        chair = self.data.chair
        return self.site.resolve("organizations", chair.organization) if chair else None

    @property
    def members(self) -> tuple[Organization, ...]:
        return self.site.resolve_all("organizations", self.data.members)

    @property
    def priorities(self) -> tuple[str, ...]:
        return self.data.priorities

    @property
    def news(self) -> tuple[News, ...]:
        return self.site.index("twg_news", self.id)

    @property
    def events(self) -> tuple[Event, ...]:
        return self.site.index("twg_events", self.id)

    @property
    def upcoming_events(self) -> tuple[Event, ...]:
        return tuple(sorted((e for e in self.events if e.upcoming), key=Event.sort_key))

    @property
    def past_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if not e.upcoming)

    @property
    def practices(self) -> tuple[Practice, ...]:
        return self.site.index("twg_practices", self.id)

    @property
    def activity(self) -> tuple[Item, ...]:
        return self.site.index("twg_items", self.id)


@dataclass(frozen=True, eq=False)
class Organization(Item):
    """An organization: its roles in the network and its activity, all derived."""

    kind: ClassVar[str] = "organizations"
    data: OrganizationSchema

    @property
    def scheduled(self) -> bool:
        return False

    @property
    def short_name(self) -> str:
        return self.data.short_name or self.data.title

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
    def units(self) -> tuple[Organization, ...]:
        return self.site.index("org_units", self.id)

    @property
    def chaired_twgs(self) -> tuple[Twg, ...]:
        return self.site.index("org_chairs", self.id)

    @property
    def member_of_twgs(self) -> tuple[Twg, ...]:
        return self.site.index("org_member_of", self.id)

    @property
    def activity(self) -> tuple[Item, ...]:
        """News, events, practices and bulletins it took part in, newest first."""
        return self.site.index("org_items", self.id)

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(item for item in self.activity if isinstance(item, Event))

    def sort_key(self) -> tuple[dt.datetime, str]:
        return (_EPOCH, self.data.title.lower())


@dataclass(frozen=True, eq=False)
class Bulletin(Item):
    """An issue of the E-Bulletin: an introduction and the items it carries, in order."""

    kind: ClassVar[str] = "bulletins"
    data: BulletinSchema

    @property
    def url(self) -> str:
        return f"bulletins/{self.data.number}/"

    @property
    def number(self) -> int:
        return self.data.number

    @property
    def when(self) -> dt.date:
        return self.data.date

    @property
    def entries(self) -> tuple[Item | Page, ...]:
        return tuple(entry for ref in self.data.items if (entry := self.site.entry(ref)) is not None)


@dataclass(frozen=True, eq=False)
class Page:
    """A plain page (home, about, contact); bulletins may carry one."""

    source: SourceFile
    meta: Mapping[str, Any]

    kind: ClassVar[str] = "pages"

    @property
    def url(self) -> str:
        uri = self.source.src_uri.removesuffix(".md")
        if uri == "index" or uri.endswith("/index"):
            return uri.removesuffix("index")
        return uri + "/"

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or _first_heading(self.source.front.body) or self.url)

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
    def kind_label(self) -> str:
        return "Page"


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))


ITEM_CLASSES: Mapping[str, type[Item]] = MappingProxyType(
    {cls.kind: cls for cls in (News, Event, Practice, Twg, Organization, Bulletin)}
)

# Which field of which type refers to which type, for resolving and for error messages.
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("news", ("twgs",), "twgs"),
    ("news", ("organizations", "organizers"), "organizations"),
    ("news", ("organizations", "partners"), "organizations"),
    ("news", ("organizations", "funders"), "organizations"),
    ("news", ("events",), "events"),
    ("events", ("twgs",), "twgs"),
    ("events", ("organizers",), "organizations"),
    ("events", ("partners",), "organizations"),
    ("events", ("funders",), "organizations"),
    ("practices", ("twgs",), "twgs"),
    ("practices", ("main_implementing_organizations",), "organizations"),
    ("practices", ("partner_donor_organizations",), "organizations"),
    ("twgs", ("members",), "organizations"),
    ("twgs", ("chair", "organization"), "organizations"),
    ("organizations", ("parent",), "organizations"),
)
_TARGET_NAMES = {"twgs": "a TWG", "organizations": "an organization", "events": "an event"}


class Site:
    """The whole content graph. Built once; read-only afterwards."""

    def __init__(self, settings: Settings, items: Sequence[Item], pages: Sequence[Page]) -> None:
        self.settings = settings
        self.pages: tuple[Page, ...] = tuple(pages)
        by_kind: dict[str, list[Item]] = defaultdict(list)
        for item in sorted(items, key=lambda i: i.sort_key(), reverse=True):
            by_kind[item.kind].append(item)
        self._by_kind = {kind: tuple(by_kind.get(kind, ())) for kind in ITEM_CLASSES}
        self._by_key: dict[str, Item] = {item.key: item for item in items}
        self._pages_by_uri = {page.source.src_uri.removesuffix(".md"): page for page in pages}
        self._indexes = self._build_indexes()
        self._topics = self._build_topics()

    # --- lookups -------------------------------------------------------------------------
    def of_kind(self, kind: str) -> tuple[Item, ...]:
        return self._by_kind.get(kind, ())

    @property
    def news(self) -> tuple[News, ...]:
        return self._by_kind["news"]  # type: ignore[return-value]

    @property
    def events(self) -> tuple[Event, ...]:
        return self._by_kind["events"]  # type: ignore[return-value]

    @property
    def practices(self) -> tuple[Practice, ...]:
        return self._by_kind["practices"]  # type: ignore[return-value]

    @property
    def twgs(self) -> tuple[Twg, ...]:
        order = {"active": 0, "proposed": 1, "closed": 2}
        twgs: tuple[Twg, ...] = self._by_kind["twgs"]  # type: ignore[assignment]
        return tuple(sorted(twgs, key=lambda t: (order[t.status], t.title.lower())))

    @property
    def organizations(self) -> tuple[Organization, ...]:
        orgs: tuple[Organization, ...] = self._by_kind["organizations"]  # type: ignore[assignment]
        return tuple(sorted(orgs, key=lambda o: o.name.lower()))

    @property
    def bulletins(self) -> tuple[Bulletin, ...]:
        bulletins: tuple[Bulletin, ...] = self._by_kind["bulletins"]  # type: ignore[assignment]
        return tuple(sorted(bulletins, key=lambda b: b.number, reverse=True))

    @property
    def items(self) -> tuple[Item, ...]:
        """Every dated item that a reader follows (not TWGs or organizations), newest first."""
        return self._indexes["dated"][""]

    def get(self, kind: str, item_id: str) -> Item | None:
        return self._by_key.get(f"{kind}/{item_id}")

    def resolve(self, kind: str, item_id: str) -> Any:
        return self._by_key.get(f"{kind}/{item_id}")

    def resolve_all(self, kind: str, ids: Iterable[str]) -> tuple[Any, ...]:
        # References to items left out of this build (drafts, scheduled) are dropped.
        return tuple(item for i in ids if (item := self._by_key.get(f"{kind}/{i}")) is not None)

    def entry(self, ref: str) -> Item | Page | None:
        """A bulletin entry: 'news/<id>', 'events/<id>', 'practices/<id>' or a page's path."""
        ref = ref.strip().strip("/").removesuffix(".md")
        return self._by_key.get(ref) or self._pages_by_uri.get(ref)

    def page(self, uri: str) -> Page | None:
        return self._pages_by_uri.get(uri)

    def index(self, name: str, key: str) -> tuple[Any, ...]:
        # An index nobody contributed to (no news reports on any event yet) is simply empty.
        return self._indexes.get(name, {}).get(key, ())

    def topic(self, scheme: str, number: int) -> Topic:
        return self._topics[scheme][number]

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
        return tuple(Year(year, tuple(by_year[year])) for year in sorted(by_year, reverse=True))

    @property
    def upcoming_events(self) -> tuple[Event, ...]:
        return tuple(sorted((e for e in self.events if e.upcoming), key=Event.sort_key))

    @property
    def past_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if not e.upcoming)

    @property
    def past_events_by_year(self) -> tuple[tuple[int, tuple[Event, ...]], ...]:
        years: dict[int, list[Event]] = defaultdict(list)
        for event in self.past_events:
            years[event.start.year].append(event)
        return tuple((year, tuple(events)) for year, events in years.items())

    @property
    def latest_bulletin(self) -> Bulletin | None:
        return self.bulletins[0] if self.bulletins else None

    def with_role(self, role: str) -> tuple[Organization, ...]:
        """Organizations holding a role in the network (member, coordinator, secretariat)."""
        return tuple(org for org in self.organizations if role in org.roles)

    @property
    def last_updated(self) -> dt.datetime | None:
        """The newest date in the content: the site's 'build date', never the clock."""
        times = [t for item in self._by_key.values() if (t := item.updated) is not None]
        return max(times) if times else None

    def related_to(self, item: Item, limit: int = 4) -> tuple[Item, ...]:
        linked: list[Item] = []
        if isinstance(item, News):
            linked.extend(item.events)
        if isinstance(item, Event):
            linked.extend(item.news)
        for twg in item.twgs:
            for other in twg.activity[: limit + len(linked) + 1]:
                linked.append(other)
        related = [other for other in _unique(linked) if other is not item]
        return tuple(related[:limit])

    # --- building ------------------------------------------------------------------------
    def _build_indexes(self) -> dict[str, dict[str, tuple[Any, ...]]]:
        lists: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        dated = [i for kind in ("news", "events", "practices", "bulletins") for i in self.of_kind(kind)]
        lists["dated"][""] = sorted(dated, key=lambda i: i.sort_key(), reverse=True)
        for item in lists["dated"][""]:
            for twg_id in getattr(item.data, "twgs", ()):
                lists[f"twg_{item.kind}"][twg_id].append(item)
                lists["twg_items"][twg_id].append(item)
            for org in item.organizations:
                lists["org_items"][org.id].append(item)
            if isinstance(item, News):
                for event_id in item.data.events:
                    lists["events_news"][event_id].append(item)
        for twg in self.of_kind("twgs"):
            assert isinstance(twg, Twg)
            if twg.data.chair is not None:
                lists["org_chairs"][twg.data.chair.organization].append(twg)
            for member in twg.data.members:
                lists["org_member_of"][member].append(twg)
        for org in self.of_kind("organizations"):
            assert isinstance(org, Organization)
            if org.data.parent:
                lists["org_units"][org.data.parent].append(org)
        return {name: {key: tuple(values) for key, values in table.items()} for name, table in lists.items()}

    def _build_topics(self) -> dict[str, dict[int, Topic]]:
        tagged: dict[str, dict[int, list[Item]]] = {"sdgs": defaultdict(list), "gcm": defaultdict(list)}
        for item in self.items:
            for number in getattr(item.data, "sdgs", ()):
                tagged["sdgs"][number].append(item)
            for number in getattr(item.data, "gcm_objectives", ()):
                tagged["gcm"][number].append(item)
        return {
            "sdgs": {n: Topic("sdgs", n, t, tuple(tagged["sdgs"][n])) for n, t in SDGS.items()},
            "gcm": {n: Topic("gcm", n, t, tuple(tagged["gcm"][n])) for n, t in GCM_OBJECTIVES.items()},
        }


def reference_errors(loaded: Loaded) -> list[ContentError]:
    """Every reference to an unknown id, with the nearest known id as a suggestion."""
    sources: list[tuple[str, str, SourceFile, Any]] = [(r.kind, r.id, r.source, r.data) for r in loaded.records]
    sources += [(r.kind, r.id, r.source, r.raw) for r in loaded.rejected]
    known: dict[str, set[str]] = defaultdict(set)
    for kind, item_id, _, _ in sources:
        known[kind].add(item_id)
    page_uris = {page.source.src_uri.removesuffix(".md") for page in loaded.pages}
    errors: list[ContentError] = []
    for kind, _, source, data in sources:
        for ref_kind, path, target in REFERENCES:
            if ref_kind != kind:
                continue
            for index, ref in _ids_at(data, path):
                if isinstance(ref, str) and ref not in known[target]:
                    line_path: tuple[str | int, ...] = (*path, index) if index is not None else path
                    errors.append(_unknown(source, line_path, target, ref, known[target]))
        if kind == "bulletins":
            every = {f"{k}/{i}" for k, ids in known.items() for i in ids} | page_uris
            for index, ref in _ids_at(data, ("items",)):
                if not isinstance(ref, str):
                    continue
                clean = ref.strip().strip("/").removesuffix(".md")
                if clean not in every:
                    close = difflib.get_close_matches(clean, sorted(every), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    errors.append(
                        ContentError(
                            source.display, source.line_of(("items", index or 0)), f"items[{index or 0}]",
                            f"news/<id>, events/<id>, practices/<id> or a page's path{hint}", f"'{ref}'",
                        )
                    )
    return errors


def _ids_at(data: Any, path: tuple[str, ...]) -> list[tuple[int | None, Any]]:
    """The ids at a field path of a schema object or of raw front matter."""
    value = data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        if value is None:
            return []
    if isinstance(value, (str, int)):
        return [(None, value)]
    if isinstance(value, (list, tuple)):
        return list(enumerate(value))
    return []


def _unknown(source: SourceFile, path: tuple[str | int, ...], target: str, ref: str, known: set[str]) -> ContentError:
    name = ".".join(str(p) for p in path if isinstance(p, str))
    if isinstance(path[-1], int):
        name += f"[{path[-1]}]"
    close = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.5)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return ContentError(
        source.display, source.line_of(path), name,
        f"the id of {_TARGET_NAMES[target]} in content/{target}/{hint}", f"'{ref}', which does not exist",
    )


def build_site(loaded: Loaded, settings: Settings) -> Site:
    """The graph of what this build publishes: drafts and scheduled items only in preview."""
    # The Site exists before its items so that each item can point back at it.
    site = Site.__new__(Site)
    site.settings = settings
    items = [ITEM_CLASSES[record.kind](record.id, record.source, record.data, site) for record in loaded.records]
    pages = [Page(page.source, MappingProxyType(page.meta)) for page in loaded.pages]
    if not settings.preview:
        items = [item for item in items if not item.draft and not item.scheduled]
    site.__init__(settings, items, pages)  # type: ignore[misc]
    return site
