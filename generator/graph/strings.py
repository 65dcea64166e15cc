"""The site's own words in every language it is published in, from one translation table.

Templates and the pages the generator makes say nothing in a language of their own: they name a
string (`t("read_more")`), and the table (generator/strings/<code>.yml, one file a language,
the same keys in each) gives its words, and the network's own tables beside mkdocs.yml
(words/<code>.yml) give or override any of them, key by key. mkdocs-material's own words come from
the theme's translations. A published language missing words is told at check and build
(generator/content/words.py); a preview shows the English words meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from string import Formatter
from typing import Any

import yaml
from markupsafe import Markup, escape

from generator.content.errors import ContentError

FALLBACK = "en"
# Keys English needs in no table: the SDGs' and GCM objectives' titles are the official English, the menu's
# titles are mkdocs.yml's own, a tag or short name is written as it is.
TRANSLATED_ONLY = ("sdgs.", "sdg_statements.", "gcm.", "nav.", "tags.", "short_names.")
log = logging.getLogger("mkdocs.plugins.network")


@dataclass(frozen=True)
class NetworkWords:
    """The network's own words, from its folder beside mkdocs.yml (words/fr.yml): flat tables by language."""

    folder: str = ""  # as staff name it, e.g. 'words'
    digest: str = ""  # what the files say, so that two readings of the same files compare equal
    tables: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)
    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict, compare=False)  # each key's line
    mistakes: tuple[ContentError, ...] = field(default=(), compare=False)  # found reading the files

    def of(self, language: str) -> Mapping[str, str]:
        return self.tables.get(language, {})


NO_WORDS = NetworkWords()


class Strings:
    """The words of one language, with English where a string is not translated yet."""

    # Read-only for the whole build: a shared part that reads it is keyed by which table it is (fast/reads.py).
    READ_ONLY = True

    def __init__(self, language: str, network: NetworkWords = NO_WORDS) -> None:
        self.language = language
        self.network = network
        self._own = {**table(language), **network.of(language)}
        self._fallback = {**table(FALLBACK), **network.of(FALLBACK)}
        self._tag_words = frozenset(words for key, words in self._own.items() if key.startswith("tags."))

    def _words(self, key: str) -> str:
        text = self._own.get(key)
        if text is None:
            # check and the build stop on missing words (content/words.py): only a preview, or a key a template
            # builds where check cannot read it, gets here; said once, as a line, never a traceback.
            _tell_missing(self.language, key, self.network.folder)
            text = self._fallback.get(key, key)
        return text

    def __call__(self, key: str, **values: Any) -> str:
        """The words for `key`, with `{name}` places filled from `values`."""
        text = self._words(key)
        return Formatter().vformat(text, (), values) if values else text

    def markup(self, key: str, **values: Any) -> Markup:
        """The words for `key` as HTML, its places filled with `values`: escaped, unless already HTML (Markup).

        For a sentence that holds a link or a part in another language (`<span lang="en">`).
        """
        return Markup(escape(self._words(key))).format(**values)

    def type_label(self, folder: str, default: str, plural: bool = False) -> str:
        """A content type's label in this language: its declared label where the table has none."""
        key = f"types.{folder}.{'plural' if plural else 'label'}"
        return self._own.get(key) or (default if self.language != FALLBACK else self._fallback.get(key, default))

    def get(self, key: str, default: str) -> str:
        """The words for `key` in this language only, or `default`."""
        return self._own.get(key, default)

    def title_of(self, scheme: str, number: int, official: str) -> str:
        """An SDG's or GCM objective's short title in this language: the official English where none is given."""
        return self._own.get(f"{scheme}.{number}", official)

    def has(self, key: str) -> bool:
        return key in self._own

    def menu_title(self, title: str, default: Strings) -> str | None:
        """A title of the default language's menu in this language, or None where no table gives it.

        The network's table names it (`nav.<title>`); else, where the title is a word the default language's
        table gives a menu entry (Accueil is `nav.Home` in French), this language's word for that entry.
        """
        own = self._own.get(f"nav.{title}")
        if own is not None:
            return own
        if default.language == self.language or (_english(self.language) and f"nav.{title}" in _menu_entries()):
            return title  # the tables key the menu's entries by their English titles
        entry = next((key for key, value in default._own.items() if key.startswith("nav.") and value == title), None)
        if entry is None:
            return None
        return self._own.get(entry) or (entry.removeprefix("nav.") if _english(self.language) else None)

    def tag(self, label: str) -> str:
        """A tag in this language: the network's word for it (`tags.<tag>`), else as written."""
        return self._own.get(f"tags.{label}", label)

    def is_tag(self, label: str) -> bool:
        """Whether `label` is the network's word for a tag in this language (so it reads in this language)."""
        return label in self._tag_words

    def short_name(self, name: str) -> str:
        """A short name (IOM) in this language: the network's (`short_names.IOM: OIM`), else as written."""
        return self._own.get(f"short_names.{name}", name)

    def group(self, section: str) -> dict[str, str]:
        """A section's strings by their keys within it (`search_script.none` → `none`), for a page's script."""
        start = f"{section}."
        keys = [key for key in (*self._fallback, *self._own) if key.startswith(start)]
        return {key.removeprefix(start): self(key) for key in dict.fromkeys(keys)}


@cache
def table(language: str) -> dict[str, str]:
    """The flat table of a language's strings ('section.key': words), empty when the language has none."""
    source = resources.files("generator") / "strings" / f"{language.split('-')[0].lower()}.yml"
    if not source.is_file():
        return {}
    # libyaml's loader where PyYAML has it: every build reads its languages' tables, 10 times faster.
    return _flat(yaml.load(source.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                 or {})


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


@cache
def strings(language: str, network: NetworkWords = NO_WORDS) -> Strings:
    """The words of a language, the network's own over the package's."""
    return Strings(language, network)


@cache
def _menu_entries() -> frozenset[str]:
    """The menu entries the package's tables translate (`nav.Home`), keyed by their English titles."""
    shipped = (resources.files("generator") / "strings").iterdir()
    return frozenset(key for source in shipped if source.name.endswith(".yml")
                     for key in table(source.name.removesuffix(".yml")) if key.startswith("nav."))


def _english(language: str) -> bool:
    return language.split("-")[0].split("_")[0].lower() == FALLBACK


@cache
def _tell_missing(language: str, key: str, folder: str) -> None:
    where = f"{folder or 'words'}/{language}.yml"
    log.warning(f"{where}: {key}: expected the words a page asks for in {language}, found none (shown in English)")
