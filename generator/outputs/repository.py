"""The Repository of Practices as a programme officer searches it: facets, counts, open data.

Facets are computed once from the graph; the index page renders them with counts, a static
page per facet value lets readers browse without JavaScript, and the same records become
the downloadable CSV and JSON.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from anyascii import anyascii

from generator.graph import languages
from generator.graph.site import Site, Target, Topic
from generator.outputs.pages import GeneratedPage


class Practice(Protocol):
    """What the Repository reads of a practice: the practices type (generator/content/types/practices.py) gives it."""

    @property
    def id(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def site(self) -> Site: ...
    @property
    def data(self) -> Any: ...  # its PracticeSchema
    @property
    def twgs(self) -> tuple[Any, ...]: ...
    @property
    def organizations(self) -> tuple[Any, ...]: ...
    @property
    def main_implementing_organizations(self) -> tuple[Any, ...]: ...
    @property
    def partner_donor_organizations(self) -> tuple[Any, ...]: ...
    @property
    def gcm_objectives(self) -> tuple[Topic, ...]: ...
    @property
    def sdgs(self) -> tuple[Topic, ...]: ...
    @property
    def sdg_targets(self) -> tuple[Target, ...]: ...


# How to read a practice's values of a facet as (key in URLs and query strings, label, the label's language).
FacetReader = Callable[[Practice], Sequence[tuple[str, str, str]]]


def slug(text: str) -> str:
    """A stable, readable URL part for a free-text value ('Capacity-building' -> 'capacity-building').

    Other scripts are written in Latin letters ('অংশীদারিত্ব' -> 'amsidaritb'), so a translated value has an
    address of its own rather than all of them sharing 'other'.
    """
    ascii_text = anyascii(unicodedata.normalize("NFKC", text))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "other"


# Each facet's name (its label is the strings table's `practices.facets.<name>`) and the values a practice has,
# as (key in addresses, label in the graph's language and digits where it has them, the label's language).
FACETS: tuple[tuple[str, FacetReader], ...] = (
    ("type", lambda p: [(slug(t), t, p.language) for t in p.data.type_of_practice]),
    ("twg", lambda p: [(t.id, t.short_name, t.language) for t in p.twgs]),
    ("organization", lambda p: [(o.id, o.short_name, o.language) for o in p.organizations]),
    ("gcm", lambda p: [(str(t.number), f"{_number(p, t.number)}. {t.title}", t.language) for t in p.gcm_objectives]),
    ("sdg", lambda p: _sdg_values(p)),
    ("country", lambda p: [(slug(c), c, p.language) for c in p.data.countries]),
    ("year", lambda p: [(str(y), _number(p, y), p.site.settings.language) for y in practice_years(p)]),
)


def _sdg_values(practice: Practice) -> list[tuple[str, str, str]]:
    # A practice naming a target is found under its goal and under the target.
    marks: tuple[Topic | Target, ...] = (*practice.sdgs, *practice.sdg_targets)
    return [(str(m.number) if isinstance(m, Topic) else m.code, f"{m.label}: {m.title}", m.language) for m in marks]


def _number(practice: Practice, value: int) -> str:
    return languages.number(value, practice.site.settings.locale)


def practice_years(practice: Practice) -> tuple[int, ...]:
    """The years a practice ran in (an ongoing one up to the year it was submitted)."""
    start = practice.data.period.start.year
    end = (practice.data.period.end or practice.data.date_submitted).year
    return tuple(range(start, max(start, end) + 1))


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet, the practices that have it, and its own static page."""

    facet: str
    key: str
    label: str
    practices: tuple[Practice, ...]

    @property
    def count(self) -> int:
        return len(self.practices)

    prefix: str = ""  # the language's tree ('bn/')
    language: str = "en"  # the language of its label (a type of practice of a practice not translated is English)

    @property
    def url(self) -> str:
        return f"{self.prefix}practices/{self.facet}/{self.key}/"


@dataclass(frozen=True)
class Facet:
    """A way to narrow the repository, with its values ordered for reading."""

    name: str
    label: str
    values: tuple[FacetValue, ...]


def facets(site: Site) -> tuple[Facet, ...]:
    """Every facet with the values that occur, each with its practices (newest first); a facet no practice has a
    value of is no way to narrow them, and left out."""
    result = []
    for name, read in FACETS:
        found: dict[str, list[Practice]] = defaultdict(list)
        labels: dict[str, tuple[str, str]] = {}
        for practice in site.of_kind("practices"):
            for key, value_label, language in read(practice):
                if practice not in found[key]:
                    found[key].append(practice)
                labels[key] = (value_label, language)
        order = sorted(found, key=lambda k: (-int(k) if name == "year" else 0, _natural(labels[k][0])))
        prefix = site.settings.prefix
        values = tuple(FacetValue(name, key, labels[key][0], tuple(found[key]), prefix, labels[key][1])
                       for key in order)
        if values:
            result.append(Facet(name, site.strings(f"practices.facets.{name}"), values))
    return tuple(result)


def _natural(label: str) -> tuple[int, str]:
    # At most 18 digits are read: Python refuses to read a number of over 4,300, and no label needs more.
    number = re.match(r"\D*(\d{1,18})", label)
    return (int(number.group(1)) if number else 0, label.lower())


def facet_keys(practice: Practice) -> dict[str, str]:
    """A practice's facet values as space-separated keys, for the filter script's data attributes."""
    return {name: " ".join(dict.fromkeys(key for key, _, _ in read(practice))) for name, read in FACETS}


class FacetKeys(Mapping[str, dict[str, str]]):
    """Each practice's `facet_keys`, by the practice's key, worked out when a page shows the practice.

    The repository's pages are made on every save of a preview, which renders them only when they
    changed: working out every practice's keys with them was a third of making the generated pages.
    """

    def __init__(self, practices: Sequence[Practice]) -> None:
        self._practices = {practice.key: practice for practice in practices}
        self._keys: dict[str, dict[str, str]] = {}

    def __getitem__(self, key: str) -> dict[str, str]:
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = facet_keys(self._practices[key])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._practices)

    def __len__(self) -> int:
        return len(self._practices)


# The open-data columns, documented on the repository page and in the JSON's "columns" (what each holds is the
# strings table's `open_data.<column>`, in the language of the page or file that documents it).
COLUMNS: tuple[str, ...] = (
    "id", "title", "url", "summary", "period_start", "period_end", "type_of_practice", "countries",
    "main_implementing_organizations", "partner_donor_organizations", "twgs", "gcm_objectives", "sdgs",
    "date_submitted",
)


# Where the open data's columns are documented, below the repository (a facet's pages sit two folders down).
OPEN_DATA_PAGE = "practices/open-data/"


def columns(site: Site) -> tuple[tuple[str, str], ...]:
    """Each open-data column and what it holds, in the graph's language."""
    return tuple((name, site.strings(f"open_data.{name}")) for name in COLUMNS)


def records(site: Site, absolute: Callable[[str], str]) -> list[dict[str, str]]:
    """One flat record per practice, newest first, with the documented columns."""
    rows = []
    for p in site.of_kind("practices"):
        d = p.data
        rows.append(
            {
                "id": p.id,
                "title": d.title,
                "url": absolute(p.url),
                "summary": d.summary,
                "period_start": d.period.start.isoformat(),
                "period_end": d.period.end.isoformat() if d.period.end else "",
                "type_of_practice": "; ".join(d.type_of_practice),
                "countries": "; ".join(d.countries),
                "main_implementing_organizations": "; ".join(o.name for o in p.main_implementing_organizations),
                "partner_donor_organizations": "; ".join(o.name for o in p.partner_donor_organizations),
                "twgs": "; ".join(t.title for t in p.twgs),
                "gcm_objectives": "; ".join(str(n) for n in d.gcm_objectives),
                "sdgs": "; ".join(str(n) for n in d.sdgs),
                "date_submitted": d.date_submitted.isoformat(),
            }
        )
    return rows


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(cell: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading apostrophe when it would start a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def open_data(site: Site, absolute: Callable[[str], str]) -> dict[str, bytes]:
    """The whole repository as practices/practices.csv and practices/practices.json."""
    rows = records(site, absolute)
    text = io.StringIO(newline="")
    # Every cell holding a separator, quote or line break is quoted, so none can start a cell of its own.
    writer = csv.DictWriter(text, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({name: spreadsheet_text(value) for name, value in row.items()} for row in rows)
    document = {
        "title": site.strings("open_data.document_title", network=site.settings.network.name),
        "columns": [{"name": name, "description": description} for name, description in columns(site)],
        "practices": rows,
    }
    return {
        "practices/practices.csv": text.getvalue().encode("utf-8"),
        "practices/practices.json": (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }


def repository_pages(site: Site) -> list[GeneratedPage]:
    """The Repository of Practices: a faceted index, a static page per facet value, and the page that documents its
    open data's columns (for those who download it, out of readers' way)."""
    all_facets = facets(site)
    common = {"facets": all_facets, "facet_keys": FacetKeys(site.of_kind("practices"))}
    name, words, prefix = site.settings.network.name, site.strings, site.settings.prefix
    pages = [
        GeneratedPage(
            "practices/index.md", words("pages.repository_title"), "pages/practices.html",
            words("pages.repository_description", network=name),
            {**common, "items": site.of_kind("practices"), "selected": None},
        ),
        GeneratedPage(
            f"{OPEN_DATA_PAGE}index.md", words("pages.open_data_title"), "pages/open-data.html",
            words("pages.open_data_description", network=name), {"columns": columns(site)},
        ),
    ]
    for facet in all_facets:
        for value in facet.values:
            pages.append(
                GeneratedPage(
                    value.url.removeprefix(prefix) + "index.md",
                    words("pages.facet_title", facet=facet.label, value=value.label), "pages/practices.html",
                    words("pages.facet_description", network=name, facet=facet.label.lower(), value=value.label),
                    {**common, "items": value.practices, "selected": value, "selected_facet": facet},
                )
            )
    return pages
