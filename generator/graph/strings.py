"""The site's own words in every language it is published in, from one translation table.

Templates and the pages the generator makes say nothing in a language of their own: they name a
string (`t("read_more")`), and the table (generator/strings/<code>.yml, one file a language,
the same keys in each) gives its words. mkdocs-material's own words come from the theme's
translations. A string missing in a language falls back to English, and the tests list what
is missing.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Formatter
from typing import Any

import yaml
from markupsafe import Markup, escape

FALLBACK = "en"


class Strings:
    """The words of one language, with English where a string is not translated yet."""

    # Read-only for the whole build: a shared part that reads it is keyed by which table it is (fast/reads.py).
    READ_ONLY = True

    def __init__(self, language: str) -> None:
        self.language = language
        self._own = table(language)
        self._fallback = table(FALLBACK)

    def __call__(self, key: str, **values: Any) -> str:
        """The words for `key`, with `{name}` places filled from `values`."""
        text = self._own.get(key) or self._fallback.get(key)
        if text is None:
            raise KeyError(f"no string '{key}' in generator/strings/{FALLBACK}.yml")
        return Formatter().vformat(text, (), values) if values else text

    def markup(self, key: str, **values: Any) -> Markup:
        """The words for `key` as HTML, its places filled with `values`: escaped, unless already HTML (Markup).

        For a sentence that holds a link or a part in another language (`<span lang="en">`).
        """
        text = self._own.get(key) or self._fallback.get(key)
        if text is None:
            raise KeyError(f"no string '{key}' in generator/strings/{FALLBACK}.yml")
        return Markup(escape(text)).format(**values)

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
    return _flat(yaml.safe_load(source.read_text(encoding="utf-8")) or {})


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


@cache
def strings(language: str) -> Strings:
    """The words of a language."""
    return Strings(language)
