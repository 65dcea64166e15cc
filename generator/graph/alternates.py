"""Each page in the site's other languages: the same page where it is translated, else the nearest that is.

The language switcher and the `hreflang` links read this. A page is known by what it is, not by
its address: an item by its type and id, a page staff wrote by its original file, a page the
generator makes by its path in the default language's tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.graph.languages import Language
from generator.graph.site import Site
from generator.outputs.pages import GeneratedPage


@dataclass(frozen=True)
class Alternate:
    """The page in one language: its address, and whether it is the same page or only the nearest one."""

    language: Language
    url: str
    same: bool


class Alternates:
    """Every page's counterpart in each language of the site."""

    def __init__(self, sites: Mapping[str, Site], generated: Mapping[str, Iterable[GeneratedPage]]) -> None:
        self.languages = next(iter(sites.values())).settings.languages if sites else ()
        self._urls: dict[str, dict[str, str]] = {}
        self._keys: dict[str, str] = {}
        # A page the generator makes in a language where staff's page is not translated (the home) is that page.
        written = {page.source.src_uri for site in sites.values() for page in site.pages}
        for code, site in sites.items():
            prefix = site.settings.prefix
            for content_type in site.types:
                for item in site.of_kind(content_type.folder):
                    if item.localized:
                        self._add(f"item:{item.key}", code, item.url)
            for page in site.pages:
                if page.translation is not None or not prefix:
                    self._add(f"page:{page.source.src_uri}", code, page.url)
            for made in generated.get(code, ()):
                uri = made.src_uri.removeprefix(prefix)
                self._add(f"page:{uri}" if uri in written else f"made:{uri}", code, made.url)

    def _add(self, key: str, code: str, url: str) -> None:
        self._urls.setdefault(key, {})[code] = url
        self._keys[url] = key

    def of(self, url: str) -> tuple[Alternate, ...]:
        """The page at `url` in every language, its own first among them as the site lists its languages."""
        key = self._keys.get(url)
        found = self._urls.get(key, {}) if key is not None else {}
        alternates = []
        for language in self.languages:
            same = found.get(language.code)
            alternates.append(Alternate(language, same if same is not None else self._nearest(url, language.code),
                                        same is not None))
        return tuple(alternates)

    def _nearest(self, url: str, code: str) -> str:
        # Where a page is not translated: its section in that language (news/), or that language's home.
        prefixes = {lang.code: ("" if index == 0 else f"{lang.code.lower()}/") for index, lang in
                    enumerate(self.languages)}
        path = url
        for prefix in prefixes.values():
            if prefix and path.startswith(prefix):
                path = path.removeprefix(prefix)
        section = path.split("/", 1)[0]
        candidate = self._urls.get(f"made:{section}/index.md", {}).get(code)
        return candidate if candidate is not None else prefixes.get(code, "")
