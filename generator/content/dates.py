"""Dates a network knows only to the month or the year (a TWG set up in 2018-02, a practice running since 2019).

Such a date is kept at the precision it was written in and shown so; where a full moment is needed
(sorting, feeds, the archive) it stands for its first day, which is never shown to readers as its date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PartialDate:
    """A date known only to its month (`2018-02`) or its year (`2019`)."""

    year: int
    month: int | None = None

    @property
    def precision(self) -> str:
        """'month' or 'year': how much of the date the network gave."""
        return "month" if self.month is not None else "year"

    @property
    def first(self) -> dt.date:
        """The first day it may be: where it stands among full dates (sorting, feeds), never shown as its date."""
        return dt.date(self.year, self.month or 1, 1)

    @property
    def last(self) -> dt.date:
        """The last day it may be: a span that ends then has not ended before it."""
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        """ISO 8601 at its precision: '2018-02' or '2019' (what HTML's <time datetime> and open data take)."""
        return f"{self.year:04d}-{self.month:02d}" if self.month is not None else f"{self.year:04d}"

    def __str__(self) -> str:
        return self.isoformat()


def partial_date(value: object) -> PartialDate | None:
    """A month (`2018-02`) or a year (`2019`, which YAML reads as a number) as written; None for anything else."""
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if re.fullmatch(r"\d{4}", text):
        return PartialDate(int(text))
    if re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12:
        return PartialDate(int(text[:4]), int(text[5:]))
    return None


# A day written in full, a month or a year.
KnownDate = dt.date | PartialDate


def first_day(value: KnownDate) -> dt.date:
    """The first day a date as known may be (a full date is its own)."""
    return value.first if isinstance(value, PartialDate) else value


def last_day(value: KnownDate) -> dt.date:
    """The last day a date as known may be (a full date is its own)."""
    return value.last if isinstance(value, PartialDate) else value
