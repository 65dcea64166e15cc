"""The network plugin's options read and checked without an engine, and the core's Settings made from them."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.content.colours import read_colours
from generator.content.dates import KnownDate, partial_date
from generator.content.registry import ContentType, DeclarationError, Registry
from generator.content.schemas import FIRST_YEAR, LAST_YEAR
from generator.content.settings import Mailing, Network, ScriptFont, Settings, build_now
from generator.content.signup import signup_mistake
from generator.content.types import BUILT_IN
from generator.content.words import read_network_words
from generator.fast.search_merge import SEARCH_PART_PAGES
from generator.fast.search_packs import HOST_FILE_LIMIT
from generator.graph.languages import Language, language
from generator.graph.strings import NO_WORDS

# The merge tags of the mailing tools networks use, which the tool replaces with each subscriber's own
# address: listmonk's template functions, Mailchimp's merge tags, Buttondown's template variables.
MAILING_TOOLS = {
    "listmonk": ("{{ UnsubscribeURL }}", "{{ UnsubscribeURL }}?manage=true"),
    "mailchimp": ("*|UNSUB|*", "*|UPDATE_PROFILE|*"),
    "buttondown": ("{{ unsubscribe_url }}", None),
}



@dataclass(frozen=True)
class Option:
    """One option: the Python types its value may have, or the words it may be, its default, and its own options."""

    kinds: tuple[type, ...] = ()
    default: Any = None
    optional: bool = False  # may be left out, or null, with no default
    choices: tuple[str, ...] = ()
    each: bool = False  # a list, each of whose entries is of `kinds`
    options: Mapping[str, Option] = field(default_factory=dict)


# `network-site check` and `new` run with no engine installed, so they read the options by this schema: what
# MkDocs' typed options in generator/engine/mkdocs_options.py say, option for option (tests/test_engines.py holds
# the two together).
NETWORK = {
    "name": Option((str,)),
    "short_name": Option((str,)),
    "founded": Option((str, int, dt.date), optional=True),
    "email": Option((str,), optional=True),
    "country": Option((str,), optional=True),
    "description": Option((str,), default=""),
    "logo": Option((str,), optional=True),
    "colours": Option((dict,), default={}),
    "translations": Option((dict,), default={}),
}
EDITOR = {
    "branch": Option((str,), default="main"),
    "base_url": Option((str,), optional=True),
    "auth_endpoint": Option((str,), optional=True),
    "local_backend": Option((str,), optional=True),
}
EMAIL = {
    "tool": Option(choices=tuple(MAILING_TOOLS), optional=True),
    "unsubscribe": Option((str,), optional=True),
    "preferences": Option((str,), optional=True),
    "signup": Option((str,), optional=True),
    "lists": Option((str,), default=[], each=True),
}
FONT = {
    "family": Option((str,)),
    "regular": Option((str,)),
    "bold": Option((str,), optional=True),
    "names": Option((str,), optional=True),
}
PLUGIN = {
    "network": Option(options=NETWORK),
    "timezone": Option((str,), default="Asia/Dhaka"),
    "now": Option((str, dt.date), optional=True),
    "per_page": Option((int,), default=10),
    "feed_limit": Option((int,), default=50),
    "home_count": Option((int,), default=5),
    "languages": Option((str, dict), default=[], each=True),
    "content_types": Option((str,), default=[], each=True),
    "editor": Option(options=EDITOR),
    "email": Option(options=EMAIL),
    "cache": Option((bool,), default=True),
    "workers": Option((int,), optional=True),
    "search_part_pages": Option((int,), default=SEARCH_PART_PAGES),
    "shared_parts": Option((bool,), default=True),
    "host_file_limit": Option((int,), default=HOST_FILE_LIMIT),
    "fonts": Option((dict,), default={}),
}

# How a mistake names what a value should have been.
KINDS = {str: "text", int: "a whole number", bool: "true or false", dict: "a mapping (name: value)",
         dt.date: "a date like 2019-07-01"}


def read_options(given: object, schema: Mapping[str, Option] = PLUGIN, where: str = "") -> dict[str, Any]:
    """The options with their defaults, as MkDocs validates them; a mistake raises ValueError naming the option."""
    if not isinstance(given, dict):
        raise ValueError(f"{where.rstrip('.') or 'options'}: expected options (name: value), found {given!r}")
    unknown = sorted(str(name) for name in given if name not in schema)
    if unknown:
        raise ValueError(f"{where}{unknown[0]}: expected one of {', '.join(schema)}, found an option not known")
    return {name: _read_option(option, given.get(name, _LEFT_OUT), f"{where}{name}") for name, option in schema.items()}


# An option not written at all: MkDocs gives lists and sub-options their defaults then, but not when written empty.
_LEFT_OUT = object()


def _read_option(option: Option, value: object, where: str) -> Any:
    if option.options:
        return read_options({} if value is _LEFT_OUT else value, option.options, f"{where}.")
    if option.each and value is None:
        raise ValueError(f"{where}: expected a list of {_wanted(option)}, found nothing")
    if value is None or value is _LEFT_OUT:
        if option.default is not None:
            return option.default
        if option.optional:
            return None
        raise ValueError(f"{where}: expected {_wanted(option)}, found nothing")
    if option.choices:
        if value not in option.choices:
            raise ValueError(f"{where}: expected one of {', '.join(option.choices)}, found {value!r}")
        return value
    if option.each:
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list of {_wanted(option)}, found {value!r}")
        for entry in value:
            if not isinstance(entry, option.kinds):
                raise ValueError(f"{where}: expected a list of {_wanted(option)}, found {entry!r} in it")
        return value
    if not isinstance(value, option.kinds):
        raise ValueError(f"{where}: expected {_wanted(option)}, found {value!r}")
    return value


def _wanted(option: Option) -> str:
    return " or ".join(KINDS.get(kind, kind.__name__) for kind in option.kinds) or "one of " + ", ".join(option.choices)


def to_settings(options: Mapping[str, Any], site_url: str | None, language: str, preview: bool,
                config_dir: Path | None = None) -> Settings:
    """Plain Settings for the core, from the plugin's options (read_options's, or MkDocs' typed PluginOptions),
    with the network's own words from beside mkdocs.yml in `config_dir`."""
    network = options["network"]
    try:
        timezone = ZoneInfo(options["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone: expected a time zone like Asia/Dhaka, found '{options['timezone']}'") from None
    founded = _as_date(network["founded"], "network.founded")
    _one_line(network, ("name", "short_name", "email", "country", "logo"))
    fixed_now = None
    if options["now"] is not None:
        fixed_now = _as_datetime(options["now"])
        if fixed_now.tzinfo is None:
            fixed_now = fixed_now.replace(tzinfo=timezone)
    published = _languages(options["languages"], language)
    return Settings(
        languages=published,
        words=read_network_words(config_dir, tuple(lang.code for lang in published)) if config_dir else NO_WORDS,
        network=Network(
            name=network["name"],
            short_name=network["short_name"],
            founded=founded,
            email=network["email"],
            country=network["country"],
            description=network["description"],
            logo=network["logo"],
            colours=read_colours(network["colours"]),
            translations=_network_translations(network["translations"]),
        ),
        site_url=site_url or "",
        timezone=timezone,
        language=language,
        now=build_now(fixed_now),
        preview=preview,
        per_page=options["per_page"],
        feed_limit=options["feed_limit"],
        home_count=options["home_count"],
        mailing=_mailing(options["email"]),
        fonts=_fonts(options["fonts"]),
    )


def _one_line(network: Mapping[str, Any], names: tuple[str, ...]) -> None:
    """Values printed in a heading, a feed or a calendar must be one line: a line break breaks them."""
    for name in names:
        value = network.get(name)
        if isinstance(value, str) and _breaks_line(value):
            raise ValueError(f"network.{name}: expected one line of text, found {value!r}")


def _breaks_line(value: str) -> bool:
    # Line breaks of any script, and control characters, which calendars and e-mail headers refuse.
    return any(ord(c) < 32 or ord(c) == 127 or c in "\x85\u2028\u2029" for c in value)


def _network_translations(given: dict[str, object]) -> dict[str, dict[str, str]]:
    """The network's identity in other languages, checked: only the words that translate."""
    allowed = ("name", "short_name", "country", "description")
    found: dict[str, dict[str, str]] = {}
    for code, words in given.items():
        if not isinstance(words, dict) or not set(words) <= set(allowed):
            raise ValueError(f"network.translations.{code}: expected some of {', '.join(allowed)}, found {words!r}")
        found[str(code)] = {key: str(value) for key, value in words.items()}
        for key, value in found[str(code)].items():
            if key != "description" and _breaks_line(value):
                raise ValueError(f"network.translations.{code}.{key}: expected one line of text, found {value!r}")
    return found


# What a font's family name and file paths may hold: they are written into the pages' stylesheet as they are.
FAMILY = re.compile(r"[^\W_][\w .-]*", re.UNICODE)
FONT_FILE = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\.woff2")
SCRIPT = re.compile(r"[A-Z][a-z]{3}")


def _fonts(given: Mapping[str, object]) -> tuple[ScriptFont, ...]:
    """The network's fonts by script (`Arab: {family: …, regular: fonts/….woff2}`), their names and paths checked."""
    found = []
    for script, choice in given.items():
        where = f"fonts.{script}"
        if not isinstance(script, str) or not SCRIPT.fullmatch(script):
            raise ValueError(f"{where}: expected a script's ISO 15924 code like Beng or Arab, found {script!r}")
        chosen = read_options(choice, FONT, f"{where}.")
        if not FAMILY.fullmatch(chosen["family"]):
            raise ValueError(f"{where}.family: expected a font's name in letters, digits, spaces and hyphens, "
                             f"found {chosen['family']!r}")
        for name in ("regular", "bold", "names"):
            path = chosen[name]
            if path is not None and (not FONT_FILE.fullmatch(path) or ".." in path.split("/")):
                raise ValueError(f"{where}.{name}: expected a .woff2 file inside content/ like fonts/x-400.woff2, "
                                 f"found {path!r}")
        found.append(ScriptFont(script, chosen["family"], chosen["regular"], chosen["bold"], chosen["names"]))
    return tuple(found)


def _languages(entries: list[Any], theme_language: str) -> tuple[Language, ...]:
    """The site's languages from the plugin's option; the first must be the theme's language."""
    found: list[Language] = []
    for entry in entries or [theme_language]:
        code = entry if isinstance(entry, str) else str(entry.get("code", ""))
        locale = None if isinstance(entry, str) else entry.get("locale")
        try:
            found.append(language(code, str(locale) if locale else None))
        except ValueError as error:
            raise ValueError(f"languages: {error}") from None
    if found[0].code != theme_language:
        raise ValueError(
            f"languages: expected the theme's language ({theme_language}) first, as the site's default, "
            f"found '{found[0].code}'"
        )
    codes = [lang.code for lang in found]
    if len(set(codes)) != len(codes):
        raise ValueError(f"languages: expected each language once, found {', '.join(codes)}")
    return tuple(found)


def _mailing(email: Mapping[str, Any]) -> Mailing:
    """The e-mail edition's merge tags (those written out, else the chosen tool's) and the sign-up form."""
    unsubscribe, preferences = MAILING_TOOLS.get(email["tool"] or "", (None, None))
    lists = tuple(email.get("lists") or ())
    mistake = signup_mistake(email["tool"], email.get("signup"), lists)
    if mistake is not None:
        raise ValueError(mistake)
    return Mailing(unsubscribe=email["unsubscribe"] or unsubscribe, preferences=email["preferences"] or preferences,
                   tool=email["tool"], signup=email.get("signup"), lists=lists)


def _as_date(value: object, name: str) -> KnownDate | None:
    # A network may know only the month or the year it was founded: `2019-07` or `2019`.
    if value is None or isinstance(value, dt.date):
        return value
    known = partial_date(value)
    if known is not None and FIRST_YEAR <= known.year <= LAST_YEAR:
        return known
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name}: expected a date like 2019-07-01, 2019-07 or 2019, found '{value}'") from None


def _as_datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"now: expected a date and time like 2024-01-31T12:00, found '{value}'") from None


def content_types(modules: Iterable[str], config_dir: Path) -> Registry:
    """The built-in content types and the network's own, from modules found beside mkdocs.yml."""
    declared: list[ContentType] = []
    sys.path.insert(0, str(config_dir))
    try:
        for name in modules:
            try:
                module = importlib.import_module(name)
            except ImportError as error:
                raise ValueError(
                    f"content_types: expected a Python module beside mkdocs.yml, found '{name}' ({error})"
                ) from None
            found = getattr(module, "TYPE", None)
            if not isinstance(found, ContentType):
                raise ValueError(f"content_types: expected '{name}' to declare TYPE = ContentType(…), found none")
            declared.append(found)
    finally:
        sys.path.remove(str(config_dir))
    try:
        return BUILT_IN.with_types(declared)
    except DeclarationError as error:
        raise ValueError(f"content_types: {error}") from None


def missing_templates(types: Registry, theme_dirs: Iterable[str]) -> list[str]:
    """Each type whose item template is in none of the theme's folders, as a line for staff."""
    folders = [Path(folder) for folder in theme_dirs]
    return [
        f"content type '{t.folder}': expected its template {t.item_template} in the theme folder "
        f"({folders[0] if folders else 'templates/'}), found none"
        for t in types
        if not any((folder / t.item_template).is_file() for folder in folders)
    ]
