"""What the generator needs to know about the site, independent of MkDocs."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.content.build_now import Now
from generator.content.colours import Colours
from generator.content.dates import KnownDate
from generator.content.schemas import LAST_YEAR
from generator.graph.languages import Language, language
from generator.graph.strings import NO_WORDS, NetworkWords

# Names reserved for examples and tests (RFC 2606, RFC 6761): a site_url there is not where the site is.
PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")
PLACEHOLDER_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
_LAST_EPOCH = int(dt.datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=dt.UTC).timestamp())


@dataclass(frozen=True)
class Network:
    """The network the site speaks for: its identity lives in mkdocs.yml, not in code."""

    name: str
    short_name: str
    founded: KnownDate | None = None
    email: str | None = None
    country: str | None = None
    description: str = ""
    # The network's square logo, as a path inside content/; icons for browsers and feeds come from it.
    logo: str | None = None
    # Its colours (mkdocs.yml's `colours:`), checked for contrast; the stylesheet's own where it names none.
    colours: Colours = field(default_factory=Colours)
    # Its name, short name, country and description in the site's other languages.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def in_language(self, code: str) -> Network:
        """The network as readers of `code` know it: its own words for itself where it gave them."""
        words = self.translations.get(code)
        return replace(self, **dict(words)) if words else self  # type: ignore[arg-type]


@dataclass(frozen=True)
class Mailing:
    """How the e-mail edition lets a subscriber leave or change their subscription: the mailing tool's merge tags.

    Without them, its footer offers to unsubscribe by writing to the network (a mailto: link).
    """

    unsubscribe: str | None = None
    preferences: str | None = None
    tool: str | None = None  # the mailing tool that sends it (listmonk, mailchimp, buttondown), where one is named
    signup: str | None = None  # the address the tool's sign-up form posts to (generator/content/signup.py)
    lists: tuple[str, ...] = ()  # the lists a reader joins, where the tool's form names them (listmonk)


@dataclass(frozen=True)
class ScriptFont:
    """The font a network serves for one script, from files inside content/ (mkdocs.yml's `fonts:`)."""

    script: str  # ISO 15924, as CLDR writes it: Beng, Arab
    family: str
    regular: str
    bold: str | None = None  # without it, browsers draw bold text from the regular
    names: str | None = None  # a cut of the language names the switcher shows, so other pages need not fetch the font


@dataclass(frozen=True)
class Settings:
    """Site-wide choices: address, time zone, the build's 'now', and listing sizes."""

    network: Network
    site_url: str = ""
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Dhaka"))
    language: str = "en"  # the language of this graph and the pages made from it
    # Every language the site is published in, the default first (at the site's root).
    languages: tuple[Language, ...] = field(default_factory=lambda: (language("en"),))
    now: dt.datetime = field(default_factory=lambda: build_now(None))
    preview: bool = False
    per_page: int = 10
    feed_limit: int = 50
    home_count: int = 5
    mailing: Mailing = field(default_factory=Mailing)
    # The network's own words beside mkdocs.yml (words/<code>.yml), over the package's tables.
    words: NetworkWords = NO_WORDS
    # The network's own fonts, by script; the package's cuts serve the scripts it names none for.
    fonts: tuple[ScriptFont, ...] = ()


    @property
    def default_language(self) -> str:
        return self.languages[0].code if self.languages else self.language

    @property
    def prefix(self) -> str:
        """Where this language's pages sit below the site root: '' for the default, 'bn/' for Bangla."""
        return "" if self.language == self.default_language else f"{self.language.lower()}/"

    @property
    def locale(self) -> str:
        """The CLDR locale this language's dates are written in."""
        return self.locale_for(self.language)

    def locale_for(self, code: str) -> str:
        """The CLDR locale the site writes the language `code` in (en_GB for en, here)."""
        found = next((lang for lang in self.languages if lang.code == code), None)
        return found.locale_code if found is not None else code

    @property
    def translated_languages(self) -> tuple[str, ...]:
        """The languages other than the default: the suffixes of translation files (about.bn.md)."""
        return tuple(lang.code for lang in self.languages[1:])


def build_now(fixed: dt.datetime | None) -> dt.datetime:
    """The build's notion of now: a fixed value, else SOURCE_DATE_EPOCH, else the clock.

    'Now' only decides what is upcoming or scheduled; it is never printed into the site. Every question asked of
    it is noted (generator/content/build_now.py), so that caches know what it decided.
    """
    if fixed is not None:
        return Now.of(fixed if fixed.tzinfo else fixed.replace(tzinfo=dt.UTC))
    epoch = source_date_epoch()
    return Now.of(epoch if epoch is not None else dt.datetime.now(tz=dt.UTC))


def source_date_epoch() -> dt.datetime | None:
    """The moment SOURCE_DATE_EPOCH fixes for the build, None where it is unset.

    The engine dates the sitemap and every page's build date from it too, and stops with a traceback on a value it
    cannot read: so a value neither can read is refused here, in one line, by the build and `check` alike
    (reproducible-builds.org's specification: whole seconds since 1970 as `date +%s` prints them, and a malformed
    value stops the build).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return None
    written = epoch.strip()
    # Content's dates end with LAST_YEAR, as the build's may: later, near the calendar's end, the moment shown in
    # the network's time zone would fall past its last day. (Its length first: int() refuses 4,300 digits and more.)
    readable = written.isascii() and written.isdigit() and len(written) <= len(str(_LAST_EPOCH))
    if readable and int(written) <= _LAST_EPOCH:
        return dt.datetime.fromtimestamp(int(written), tz=dt.UTC)
    found = f"{epoch!r}" if epoch else "it set but empty"
    raise ValueError(
        f"SOURCE_DATE_EPOCH: expected the build's date as whole seconds since 1970-01-01 UTC, as 'date +%s' prints "
        f"them (e.g. 1763800000), up to the end of {LAST_YEAR}, or the variable unset, found {found}"
    )


def placeholder_host(site_url: str) -> str | None:
    """The host of `site_url` when it is a placeholder (example.org, *.test …) rather than the published site."""
    host = (urlsplit(site_url.strip()).hostname or "").lower().rstrip(".")
    if not host:
        return None
    if host == "localhost" or host.endswith(PLACEHOLDER_SUFFIXES):
        return host
    if any(host == domain or host.endswith("." + domain) for domain in PLACEHOLDER_DOMAINS):
        return host
    return None
