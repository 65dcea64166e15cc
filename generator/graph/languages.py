"""The languages a site is published in: their names, and how dates and numbers read in each.

Languages are configuration (mkdocs.yml): the first is the default, published at the site's
root; each other one gets its own tree (/bn/). Month names, date patterns and ranges come from
babel (CLDR); babel does not put a language's own digits into a date, so that last step maps
ASCII digits to the digits of the language's default numbering system.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_skeleton, get_timezone, get_timezone_location, parse_pattern

# The zero of each CLDR numbering system whose digits are consecutive code points (CLDR numberingSystems.xml).
DIGIT_ZEROS = {
    "arab": "\u0660",
    "arabext": "\u06f0",
    "beng": "\u09e6",
    "deva": "\u0966",
    "gujr": "\u0ae6",
    "guru": "\u0a66",
    "khmr": "\u17e0",
    "knda": "\u0ce6",
    "laoo": "\u0ed0",
    "mlym": "\u0d66",
    "mymr": "\u1040",
    "orya": "\u0b66",
    "tamldec": "\u0be6",
    "telu": "\u0c66",
    "thai": "\u0e50",
    "tibt": "\u0f20",
}


# The language of the fixed taxonomies' official words (SDG statements, GCM titles) and mkdocs-material's fallback.
ENGLISH = "en"
# A bare "en" writes dates as international English does (2 August 2023), as the UN's editorial style does.
DEFAULT_LOCALES = {"en": "en_001"}


@dataclass(frozen=True)
class Language:
    """A language the site is published in: its code (html lang, URLs), its name for itself, its date locale."""

    code: str
    name: str
    locale_code: str  # the CLDR locale dates are written in: en_GB writes 2 August 2023

    @property
    def locale(self) -> Locale:
        return _locale(self.locale_code)


@lru_cache(maxsize=32)
def _locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def locale_of(code: str) -> Locale:
    """The babel locale of a CLDR code ('bn', 'en_GB', 'pt-BR')."""
    return _locale(code)


def name_in(code: str, locale: str) -> str:
    """A language's name in the words of `locale`: 'ইংরেজি' for English in Bangla, itself where CLDR has none."""
    return _locale(locale).languages.get(code.replace("-", "_")) or _locale(code).get_display_name(_locale(code)) \
        or code


def language(code: str, locale: str | None = None) -> Language:
    """A language by its code ('bn'), named as its readers name it ('বাংলা'); ValueError if unknown."""
    try:
        own = _locale(code)
        _locale(locale or code)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"expected a language code like en or bn, found '{locale or code}'") from None
    return Language(code, own.get_display_name(own) or code, locale or DEFAULT_LOCALES.get(code, code))


def native_digits(text: str, locale: str) -> str:
    """Text with its ASCII digits written in the locale's own digits (২০২৩ in Bangla)."""
    zero = DIGIT_ZEROS.get(_locale(locale).default_numbering_system or "latn")
    if zero is None:
        return text
    return text.translate({ord("0") + n: chr(ord(zero) + n) for n in range(10)})


def day(value: dt.date, locale: str) -> str:
    """A day in words: '2 August 2023', '২ আগস্ট, ২০২৩'."""
    return (_written_day if type(value) is dt.date else _write_day)(value, locale)


def _write_day(value: dt.date, locale: str) -> str:
    return native_digits(format_date(value, "long", locale=_locale(locale)), locale)


# Cards and listings write the same days on many pages; a plain date (never a datetime, whose zone counts) is a key.
_written_day = lru_cache(maxsize=8192)(_write_day)


def month(value: dt.date, locale: str) -> str:
    """A month in words: 'August 2023'."""
    return native_digits(format_skeleton("yMMMM", value, locale=_locale(locale)), locale)


def year(value: int, locale: str) -> str:
    """A year as the locale writes one alone: '2019', '২০১৯'."""
    return native_digits(format_skeleton("y", dt.date(value, 1, 1), locale=_locale(locale)), locale)


def day_range(first: dt.date, last: dt.date, locale: str) -> str:
    """A span of days as the locale writes it, months in full: '19–23 January 2020'."""
    plain = type(first) is dt.date and type(last) is dt.date
    return (_written_range if plain else _write_range)(first, last, locale)


def _write_range(first: dt.date, last: dt.date, locale: str) -> str:
    if first == last:
        return day(first, locale)
    formats = _locale(locale).interval_formats.get("yMMMd", {})
    widest = "y" if first.year != last.year else ("M" if first.month != last.month else "d")
    halves = formats.get(widest)
    if not halves or len(halves) != 2:
        return f"{day(first, locale)} – {day(last, locale)}"
    # CLDR gives ranges with abbreviated months only; the site writes months in full, as on single days.
    text = "".join(
        parse_pattern(_full_months(half)).apply(when, _locale(locale))
        for half, when in zip(halves, (first, last), strict=True)
    )
    return native_digits(text, locale)


# As `_written_day`: an event's days show on its cards on many pages.
_written_range = lru_cache(maxsize=8192)(_write_range)


def _full_months(pattern: str) -> str:
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)


def clock(value: dt.datetime | dt.time, locale: str) -> str:
    """A time of day on the 24-hour clock: '10:00'."""
    return native_digits(format_skeleton("Hm", value, locale=_locale(locale)), locale)


def zone_city(zone: str, locale: str) -> str:
    """A time zone as readers of `locale` name it, by its city: 'Dhaka' for Asia/Dhaka, 'ঢাকা' in Bangla (CLDR)."""
    try:
        return _zone_city(zone, locale)
    except LookupError:  # a zone CLDR has no city for (UTC): its own name
        return zone


@lru_cache(maxsize=64)
def _zone_city(zone: str, locale: str) -> str:
    return get_timezone_location(get_timezone(zone), _locale(locale), return_city=True)


def number(value: int, locale: str) -> str:
    """A whole number in the locale's digits."""
    return native_digits(str(value), locale)


# Scripts with capital letters, where small labels may be spaced out and set in capitals.
CASED_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn"})


def script_of(code: str) -> str:
    """The script a language is written in, as CLDR's likely subtags say ('Beng' for bn, 'Arab' for ar)."""
    likely = get_global("likely_subtags").get(code.replace("-", "_").split("_")[0], "")
    parts = [part for part in likely.split("_") if len(part) == 4 and part.istitle()]
    return parts[0] if parts else "Latn"


def script_classes(code: str) -> str:
    """The classes a page in this language carries for its script's typography (network.css)."""
    script = script_of(code)
    cased = "cased" if script in CASED_SCRIPTS else "uncased"
    return f"nw-script-{script.lower()} nw-script--{cased}"


@lru_cache(maxsize=64)  # asked by every card and link in another language than its page
def direction(code: str) -> str:
    """The direction a language is written in, as CLDR says: 'rtl' for Arabic, Persian, Hebrew, Urdu …, else 'ltr'."""
    return "rtl" if _locale(code).character_order == "right-to-left" else "ltr"
