"""How dates and times read on the site: in the site's time zone, in the words and digits of the page's language.

Each function takes the CLDR locale to write in (generator/graph/languages.py does the writing with
babel); the template filters read the locale of the page being rendered from its context, so a
Bangla page shows Bangla month names and digits with no change to the templates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jinja2 import pass_context

from generator.content.dates import PartialDate
from generator.graph import languages

# What the filters write in when a template is rendered outside a page (the 404 page, an e-mail).
DEFAULT_LOCALE = "en_001"
# The context key the plugin sets to the locale of the page being rendered.
LOCALE_KEY = "page_locale"


def day(value: dt.date | dt.datetime | PartialDate | None, locale: str = DEFAULT_LOCALE) -> str:
    """'2 August 2023'; 'August 2023' or '2023' for a date known only to its month or year."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return languages.month(value.first, locale) if value.month is not None else languages.year(value.year, locale)
    return languages.day(value.date() if isinstance(value, dt.datetime) else value, locale)


def iso(value: dt.date | dt.datetime | PartialDate | None) -> str:
    """Machine-readable form for <time datetime>: a date, a month or a year, or a time with its offset."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def clock(value: dt.datetime, locale: str = DEFAULT_LOCALE) -> str:
    """'10:00' in the site's time zone (the value already carries it)."""
    return languages.clock(value, locale)


def day_range(first: dt.date, last: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """'19–23 January 2020', '30 June – 2 July 2023', or one day."""
    return languages.day_range(first, last, locale)


def month(value: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """'August 2023'."""
    return languages.month(value, locale)


def number(value: int, locale: str = DEFAULT_LOCALE) -> str:
    """A count in the page's digits."""
    return languages.number(value, locale)


def _in_page_locale(function: Any) -> Any:
    @pass_context
    def filter_(context: Any, *args: Any) -> str:
        return str(function(*args, context.get(LOCALE_KEY) or DEFAULT_LOCALE))

    filter_.__doc__ = function.__doc__
    return filter_


FILTERS = {
    "day": _in_page_locale(day),
    "iso": iso,
    "clock": _in_page_locale(clock),
    "day_range": _in_page_locale(day_range),
    "month": _in_page_locale(month),
    "number": _in_page_locale(number),
}
