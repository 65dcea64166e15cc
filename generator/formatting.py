"""How dates and times read on the site: in the site's time zone, in plain words."""

from __future__ import annotations

import datetime as dt


def day(value: dt.date | dt.datetime | None) -> str:
    """'2 August 2023'."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def iso(value: dt.date | dt.datetime | None) -> str:
    """Machine-readable form for <time datetime>: a date, or a time with its offset."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def clock(value: dt.datetime) -> str:
    """'10:00' in the site's time zone (the value already carries it)."""
    return f"{value:%H:%M}"


def day_range(first: dt.date, last: dt.date) -> str:
    """'19–23 January 2020', '30 June – 2 July 2023', or one day."""
    if first == last:
        return day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{day(first)} – {day(last)}"


def month(value: dt.date) -> str:
    """'August 2023'."""
    return f"{value:%B %Y}"


FILTERS = {"day": day, "iso": iso, "clock": clock, "day_range": day_range, "month": month}
