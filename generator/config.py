"""The plugin's options in mkdocs.yml, typed as MkDocs config (as mkdocs-material's plugins do)."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.languages import Language, language
from generator.registry import ContentType, DeclarationError, Registry
from generator.settings import Mailing, Network, Settings, build_now
from generator.types import BUILT_IN


class NetworkOptions(base.Config):
    """Who the site speaks for: every fact about the network lives here or in content/."""

    name = c.Type(str)
    short_name = c.Type(str)
    founded = c.Optional(c.Type((str, dt.date)))
    email = c.Optional(c.Type(str))
    country = c.Optional(c.Type(str))
    description = c.Type(str, default="")
    logo = c.Optional(c.Type(str))
    # The network's name, short name, country and description in the site's other languages: {bn: {name: …}}.
    translations = c.Type(dict, default={})


class EditorOptions(base.Config):
    """Where the browser editor (/admin/) commits; the repository itself is MkDocs' `repo_url`."""

    branch = c.Type(str, default="main")
    # The OAuth proxy that signs staff in to GitHub (see the guide); none for the local backend alone.
    base_url = c.Optional(c.Type(str))
    auth_endpoint = c.Optional(c.Type(str))
    # decap-server's address when it does not run at its default, http://localhost:8081/api/v1.
    local_backend = c.Optional(c.Type(str))


# The merge tags of the mailing tools networks use, which the tool replaces with each subscriber's own
# address: listmonk's template functions, Mailchimp's merge tags, Buttondown's template variables.
MAILING_TOOLS = {
    "listmonk": ("{{ UnsubscribeURL }}", "{{ UnsubscribeURL }}?manage=true"),
    "mailchimp": ("*|UNSUB|*", "*|UPDATE_PROFILE|*"),
    "buttondown": ("{{ unsubscribe_url }}", None),
}


class EmailOptions(base.Config):
    """The e-mail edition's footer: which mailing tool sends it, or its merge tags written out."""

    tool = c.Optional(c.Choice(tuple(MAILING_TOOLS)))
    unsubscribe = c.Optional(c.Type(str))
    preferences = c.Optional(c.Type(str))


class PluginOptions(base.Config):
    """Options of the `network` plugin."""

    network = c.SubConfig(NetworkOptions)
    timezone = c.Type(str, default="Asia/Dhaka")
    # Fixes the build's notion of now (ISO date-time); else SOURCE_DATE_EPOCH, else the clock.
    now = c.Optional(c.Type((str, dt.date)))
    per_page = c.Type(int, default=10)
    feed_limit = c.Type(int, default=50)
    home_count = c.Type(int, default=5)
    # The languages the site is published in, the default first: a code (bn), or a code and the locale its
    # dates are written in ({code: en, locale: en_GB}). Unset: the theme's language alone.
    languages = c.ListOfItems(c.Type((str, dict)), default=[])
    # A network's own content types: Python modules beside mkdocs.yml, each declaring TYPE (generator.registry).
    content_types = c.ListOfItems(c.Type(str), default=[])
    editor = c.SubConfig(EditorOptions)
    email = c.SubConfig(EmailOptions)
    # Keep what a build works out (parsed files, rendered bodies) in .cache/network-site/ beside mkdocs.yml.
    cache = c.Type(bool, default=True)
    # Processes rendering Markdown bodies beside MkDocs' own loop: unset, one per core besides the first.
    workers = c.Optional(c.Type(int))
    # The most pages one Pagefind process indexes (the parts are joined into one index; a site of more pages has
    # parts of about half this): fewer pages, less memory (about 300 MB at 1,500), and less indexed again after an edit.
    search_part_pages = c.Type(int, default=1500)
    # Parts many pages show alike (menu, header, footer, cards) rendered once and reused; off, every page renders
    # its own (what a test compares the shared pages with).
    shared_parts = c.Type(bool, default=True)


def to_settings(options: PluginOptions, site_url: str | None, language: str, preview: bool) -> Settings:
    """Plain Settings for the core, from the plugin's options."""
    network = options.network
    try:
        timezone = ZoneInfo(options.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone: expected a time zone like Asia/Dhaka, found '{options.timezone}'") from None
    founded = _as_date(network.founded, "network.founded")
    _one_line(network, ("name", "short_name", "email", "country", "logo"))
    fixed_now = None
    if options.now is not None:
        fixed_now = _as_datetime(options.now)
        if fixed_now.tzinfo is None:
            fixed_now = fixed_now.replace(tzinfo=timezone)
    return Settings(
        languages=_languages(options.languages, language),
        network=Network(
            name=network.name,
            short_name=network.short_name,
            founded=founded,
            email=network.email,
            country=network.country,
            description=network.description,
            logo=network.logo,
            translations=_network_translations(network.translations),
        ),
        site_url=site_url or "",
        timezone=timezone,
        language=language,
        now=build_now(fixed_now),
        preview=preview,
        per_page=options.per_page,
        feed_limit=options.feed_limit,
        home_count=options.home_count,
        mailing=_mailing(options.email),
    )


def _one_line(network: NetworkOptions, names: tuple[str, ...]) -> None:
    """Values printed in a heading, a feed or a calendar must be one line: a line break breaks them."""
    for name in names:
        value = network[name]
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


def _mailing(email: EmailOptions) -> Mailing:
    """The merge tags of the e-mail edition's footer: those written out, else the chosen tool's."""
    unsubscribe, preferences = MAILING_TOOLS.get(email.tool or "", (None, None))
    return Mailing(unsubscribe=email.unsubscribe or unsubscribe, preferences=email.preferences or preferences)


def _as_date(value: object, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name}: expected a date like 2019-07-01, found '{value}'") from None


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
