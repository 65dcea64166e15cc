"""The registry of content types: each type declared once, and read by everything else.

Loading, the graph, `check`, the build's pages, listings, feeds, calendars and search filters,
`new`, the guide's field reference and the browser editor's configuration all read a
`ContentType`; none of them lists the types by hand. A network adds a type by declaring one
(schema, item class, template) in a module named in mkdocs.yml; a declaration that points at a
type that does not exist fails when the registry is made, before anything is read.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.content.front_matter import FieldPath
from generator.content.schemas import ID_PATTERN, Choice, Common, Image, Kind, Ref, Translatable, Unique, spelling

if TYPE_CHECKING:
    import datetime as dt
    from zoneinfo import ZoneInfo


# Top-level folders the generator fills itself: a content type may not claim them.
RESERVED_FOLDERS = frozenset(
    {"sdgs", "gcm", "archive", "search", "guide", "tags", "admin", "assets", "images", "pagefind", "bn", "en"}
)


class DeclarationError(Exception):
    """A content type is declared wrongly: raised when the registry is made, before any content is read."""


@dataclass(frozen=True)
class Problem:
    """A rule that spans fields, broken: which field, what was expected, what was found."""

    path: FieldPath
    expected: str
    found: str


@dataclass(frozen=True)
class Body:
    """What an item's Markdown body must hold, and what `new` writes into it."""

    placeholder: str = "TODO: the text, in Markdown."
    required_sections: tuple[str, ...] = ()
    optional_sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scaffolding:
    """What `network-site new` knows when it writes a file: the title, today, and the site's ids."""

    title: str
    today: dt.date
    ids: Mapping[str, tuple[str, ...]]
    numbers: Mapping[str, int] = field(default_factory=dict)
    written: dt.date | None = None  # the day the file is written, when `today` is the item's own (--date)

    @property
    def written_on(self) -> dt.date:
        """The day staff write the file: an event's announcement, whatever day it happens."""
        return self.written or self.today


def _no_rules(data: Any, zone: ZoneInfo) -> Iterable[Problem]:
    return ()


def _no_defaults(scaffolding: Scaffolding) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class ContentType:
    """One kind of content: where its files sit, what they hold, and what the site makes of them."""

    folder: str  # content/<folder>/, its URLs (/<folder>/<id>/) and its name in code
    singular: str  # what staff type after `network-site new`
    label: str  # one item, as readers see it: "Event"
    plural: str  # the section: "Events"
    schema: type[Common]
    # The item class (a subclass of generator.graph.site.Item), and the hooks' graph (generator.graph.site.Site):
    # written as Any, because the graph is built from this declaration and the registry imports nothing above it.
    item: type[Any]
    description: str = ""  # what the type is for, in the guide and the editor
    template: str = ""  # the item page's template; items/<folder>.html unless said
    dated: bool = True  # placed in time: in the site's feed, the archive and search dates
    feeds: bool = True  # RSS, Atom and JSON Feed beside its listing
    calendar: bool = False  # its items happen over days (Item.span, place): in iCalendar files, each with its own
    followed: bool = False  # each item's page lists what refers to it, with its own feeds (a TWG)
    groups: bool = False  # its items group the work that names them (a TWG): each its calendar, a feed category
    search_filter: str = ""  # readers narrow search results to what names one of its items (a TWG: 'twg')
    credited: bool = False  # what names one of its items credits it in feeds (organizations, as contributors)
    email_edition: bool = False  # each item also goes out as an e-mail, with its `heading` and what it `carries`
    home: Callable[[Any, ContentType], Mapping[str, Any]] | None = None  # what the home page shows of it
    # Files it publishes beside its pages, in the default language, given a way to make addresses absolute.
    files: Callable[[Any, Callable[[str], str]], dict[str, bytes]] | None = None  # (the Repository's open data)
    listing: Callable[[Any, ContentType], list[Any]] | None = None  # its generated pages; else a paged listing
    order: Callable[[Any], Any] | None = None  # the listing's order; else newest first
    rules: Callable[[Any, ZoneInfo], Iterable[Problem]] = _no_rules  # checks that span fields (in the site's zone)
    defaults: Callable[[Scaffolding], dict[str, Any]] = _no_defaults  # what `new` fills in
    body: Body = field(default_factory=Body)
    file_name: Callable[[Scaffolding], str] | None = None  # how `new` names a file; else after its title
    noun: str = ""  # how messages name one item ("the first TWG"); else the label in lower case
    colour: str = ""  # '#RRGGBB': the band of its cards without a picture, and its label; else the plain pages'

    @property
    def item_template(self) -> str:
        return self.template or f"items/{self.folder}.html"

    @property
    def one(self) -> str:
        """One item, as a message names it: 'TWG', 'organization'."""
        return self.noun or self.label.lower()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name staff may call the type by."""
        return (self.folder, self.singular, self.label, self.plural)


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field as every reader of the registry sees it."""

    name: str
    label: str
    description: str
    required: bool
    kind: str  # text, prose, date, datetime, month, day, number, flag, url, id, choice, sdg, gcm, object, image, file
    many: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    target: str | None = None  # for a reference: the folder of the type it names
    acyclic: bool = False
    unique: bool = False
    translatable: bool = False
    fields: tuple[FieldSpec, ...] = ()

    def at(self, path: FieldPath) -> FieldSpec | None:
        """The spec of a field below this one (list positions are skipped)."""
        names = [part for part in path if isinstance(part, str)]
        spec: FieldSpec | None = self
        for name in names:
            spec = next((f for f in spec.fields if f.name == name), None) if spec is not None else None
        return spec


def describe(schema: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Every field of a schema, in order, with what it holds, whether it is required and what it refers to."""
    return tuple(_spec(name, info.annotation, info.metadata, info.description or "", info.is_required())
                 for name, info in schema.model_fields.items())


def _spec(name: str, annotation: Any, metadata: list[Any], description: str, required: bool) -> FieldSpec:
    markers, inner, many = list(metadata), annotation, False
    while True:  # peel Annotated, Optional and tuple[…, ...] down to the value type, keeping their markers
        origin = typing.get_origin(inner)
        if origin is typing.Annotated:
            inner, *more = typing.get_args(inner)
            markers += more
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(inner) if arg is not type(None)]
            inner = options[0] if len(options) == 1 else inner
            if len(options) != 1:
                break
        elif origin in (tuple, list):
            many, inner = True, typing.get_args(inner)[0]
        else:
            break
    kind = next((m for m in markers if isinstance(m, Kind)), None)
    choice = next((m for m in markers if isinstance(m, Choice)), None)
    if choice is not None:
        kind = Kind("choice", tuple((option, option) for option in choice.options))
    reference = next((m for m in markers if isinstance(m, Ref)), None)
    nested: tuple[FieldSpec, ...] = ()
    kind_name = kind.name if kind is not None else "text"
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        nested = describe(inner)
        kind_name = "image" if issubclass(inner, Image) else "object"
    return FieldSpec(
        name=name,
        label=name.replace("_", " ").capitalize().replace("Gcm", "GCM").replace("Sdgs", "SDGs").replace("Twgs", "TWGs"),
        description=description,
        required=required,
        kind=kind_name,
        many=many,
        choices=kind.choices if kind is not None else (),
        target=reference.target if reference is not None else None,
        acyclic=reference.acyclic if reference is not None else False,
        unique=any(isinstance(m, Unique) for m in markers),
        translatable=any(isinstance(m, Translatable) for m in markers),
        fields=nested,
    )


def walk(specs: Iterable[FieldSpec], path: FieldPath = ()) -> Iterator[tuple[FieldPath, FieldSpec]]:
    """Every field and nested field with its path from the top of the front matter."""
    for spec in specs:
        here = (*path, spec.name)
        yield here, spec
        yield from walk(spec.fields, here)


class Registry:
    """The content types of a site, in the order readers meet them; checked when made."""

    def __init__(self, content_types: Iterable[ContentType]) -> None:
        self._types: dict[str, ContentType] = {}
        for declared in content_types:
            self._add(declared)
        self._fields = {folder: describe(declared.schema) for folder, declared in self._types.items()}
        self._targets = {
            folder: frozenset(spec.target for _, spec in walk(fields) if spec.target is not None)
            for folder, fields in self._fields.items()
        }
        for declared in self._types.values():
            for path, spec in walk(self._fields[declared.folder]):
                if spec.target is not None and spec.target not in self._types:
                    raise DeclarationError(
                        f"content type '{declared.folder}': its field '{'.'.join(map(str, path))}' refers to "
                        f"'{spec.target}', which is not a content type (known: {', '.join(self._types)})"
                    )

    def _add(self, declared: ContentType) -> None:
        folder = declared.folder
        if not ID_PATTERN.match(folder) or folder in RESERVED_FOLDERS:
            raise DeclarationError(
                f"content type '{folder}': expected a folder name in lower case letters, digits and hyphens, "
                f"other than the generator's own ({', '.join(sorted(RESERVED_FOLDERS))})"
            )
        if declared.colour and not re.fullmatch(r"#[0-9A-Fa-f]{6}", declared.colour):
            raise DeclarationError(
                f"content type '{folder}': expected a colour like '#0B4A7A', found '{declared.colour}'"
            )
        filters = {other.search_filter: other.folder for other in self._types.values() if other.search_filter}
        if declared.search_filter and (
            not ID_PATTERN.match(declared.search_filter) or declared.search_filter in {"type", "q", "page", *filters}
        ):
            raise DeclarationError(
                f"content type '{folder}': expected a search filter name in lower case letters, digits and hyphens, "
                f"other than type, q, page and the other types' ({', '.join(filters) or 'none'}), "
                f"found '{declared.search_filter}'"
            )
        if not issubclass(declared.schema, Common):
            raise DeclarationError(f"content type '{folder}': its schema must extend generator.content.schemas.Common")
        taken = {spelling(name): other.folder for other in self._types.values() for name in other.names}
        for name in declared.names:
            if spelling(name) in taken and taken[spelling(name)] != folder:
                other = taken[spelling(name)]
                raise DeclarationError(f"content type '{folder}': the name '{name}' is taken by '{other}'")
        if folder in self._types:
            raise DeclarationError(f"content type '{folder}' is declared twice")
        self._types[folder] = declared

    def __iter__(self) -> Iterator[ContentType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)

    def __contains__(self, folder: object) -> bool:
        return folder in self._types

    def __getitem__(self, folder: str) -> ContentType:
        return self._types[folder]

    def get(self, folder: str) -> ContentType | None:
        return self._types.get(folder)

    def named(self, name: str) -> ContentType | None:
        """The type staff mean by a name: its folder, singular or label, in any case."""
        wanted = spelling(name)
        return next((t for t in self if wanted in {spelling(n) for n in t.names}), None)

    def fields(self, folder: str) -> tuple[FieldSpec, ...]:
        """The fields of a type's front matter, described."""
        return self._fields[folder]

    def field_at(self, folder: str, path: FieldPath) -> FieldSpec | None:
        """The spec of the field at a path in a type's front matter."""
        top = next((f for f in self._fields[folder] if path and f.name == path[0]), None)
        return top.at(path[1:]) if top is not None else None

    def references(self, folder: str) -> tuple[tuple[FieldPath, FieldSpec], ...]:
        """Every field of a type that names items of a type, with its path."""
        return tuple((path, spec) for path, spec in walk(self._fields[folder]) if spec.target is not None)

    def targets(self, folder: str) -> frozenset[str]:
        """The types a type's fields name items of."""
        return self._targets[folder]

    def referring_to(self, target: str) -> tuple[tuple[ContentType, FieldPath, FieldSpec], ...]:
        """Every field of every type that names items of `target`."""
        return tuple((t, path, spec) for t in self for path, spec in self.references(t.folder) if spec.target == target)

    def with_types(self, more: Iterable[ContentType]) -> Registry:
        """This registry and a network's own types after it."""
        return Registry([*self, *more])

    @property
    def dated(self) -> tuple[ContentType, ...]:
        return tuple(t for t in self if t.dated)

    @property
    def followed(self) -> tuple[ContentType, ...]:
        return tuple(t for t in self if t.followed)

    @property
    def calendars(self) -> tuple[ContentType, ...]:
        return tuple(t for t in self if t.calendar)

    @property
    def grouping(self) -> tuple[ContentType, ...]:
        return tuple(t for t in self if t.groups)

    @property
    def search_filters(self) -> tuple[ContentType, ...]:
        return tuple(t for t in self if t.search_filter)
