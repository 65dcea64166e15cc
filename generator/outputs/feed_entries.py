"""An entry as every feed format carries it (RSS, Atom, JSON Feed): what the feeds make and each writer reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """A TWG, an SDG or a tag, as feed readers file an entry."""

    term: str
    label: str | None = None
    scheme: str | None = None


@dataclass(frozen=True)
class Enclosure:
    """A picture attached to an entry."""

    url: str
    media_type: str
    length: int


@dataclass(frozen=True)
class Person:
    """The network as author, or an organisation as contributor."""

    name: str
    url: str
    email: str | None = None


@dataclass(frozen=True)
class Entry:
    """An item as every feed format carries it: absolute, escaped where needed, dated."""

    id: str
    url: str
    title: str
    summary: str
    content_html: str
    published: dt.datetime
    updated: dt.datetime
    categories: tuple[Category, ...]
    contributors: tuple[Person, ...]
    image: Enclosure | None
    # The entry's language where it is not its feed's (an item a language's feed carries untranslated), else None.
    language: str | None = None
