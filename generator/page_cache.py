"""Whole pages kept from one build to the next: a page whose every input is the same is not rendered again.

A page is made from the site (every content file's fields, the bodies of plain pages, which
may give a page the title menus show, the pictures and other files, the templates, the
configuration, what the build's 'now' decides, the code) and from its own body. The preview
(generator/preview.py) already relies on this: an edit to an item's text changes that item's
page alone. So the site's part is one digest (`site_digest`), and each page's output is kept
under it and the page's own address, body, title, contents and fields. Change anything but an
item's text and every page is rendered again; change one item's text and only its page is.

A kept page goes through MkDocs' loop as usual (the context, the plugins' events, the file
written) but through a template that only writes the kept output, so what other plugins do to
finished pages, and the search index, see the same page as in a build that rendered it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, DictLoader, Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from generator.build_cache import BuildCache, digest, stable_text
from generator.errors import ContentError
from generator.frontmatter_yaml import SourceFile
from generator.graph import Site
from generator.types.events import Event

NAMESPACE = "page"
# The template a kept page is "rendered" with: its kept output, as it is.
KEPT_TEMPLATE = "network-site/kept-page.html"
KEPT_OUTPUT = "network_kept_page"
# Settings that do not change what a page says: where it is written, the plugins (their options count, below).
_NOT_OUTPUT = frozenset({"site_dir", "plugins", "config_file_path", "dev_addr", "strict", "watch"})


def config_text(config: MkDocsConfig) -> str:
    """The configuration as far as pages depend on it: every setting, and each plugin's options."""
    settings = {key: value for key, value in config.items() if key not in _NOT_OUTPUT}
    plugins = {name: (type(plugin).__qualname__, dict(plugin.config)) for name, plugin in config.plugins.items()}
    return stable_text(settings) + stable_text(plugins)


def site_digest(
    *,
    config_text: str,
    sources: Iterable[SourceFile],
    own_bodies: Iterable[str],
    errors: Iterable[ContentError],
    surroundings: Iterable[tuple[str, str]],
    sites: Mapping[str, Site],
    addresses: Iterable[str],
) -> str:
    """What every page is made from, but the bodies in `own_bodies` (items', each shown on its own page alone).

    `config_text` is the engine's configuration as pages depend on it (`config_text`), `addresses` each file's
    source, address and place in the menu.
    """
    own = set(own_bodies)
    parts: list[str | bytes] = [config_text, os.environ.get("SOURCE_DATE_EPOCH", "")]
    for source in sorted(sources, key=lambda source: source.src_uri):
        body = "" if source.src_uri in own else source.front.body
        parts += [source.src_uri, stable_text(source.front.data), body]
    parts.append(stable_text(tuple(errors)))
    parts += sorted(f"{path}\0{hashed}" for path, hashed in surroundings)
    # What the build's 'now' decides: which items are out yet, which events are still to come.
    for code, site in sorted(sites.items()):
        parts.append(code + "\0".join(item.key for item in site.items))
        parts.append("\0".join(event.key for event in site.of_kind("events") if isinstance(event, Event) and
                               event.upcoming))
    parts += addresses
    return digest(*parts).hex()


class PageOutputs:
    """The pages of one build that are kept, and the outputs of those rendered, to keep."""

    def __init__(self, cache: BuildCache, site: str | None) -> None:
        self.cache = cache
        self.site = site
        self._kept: dict[str, tuple[bytes, str]] = {}  # src_uri → the key of a page's kept output, its own template
        self._keys: dict[str, bytes] = {}  # src_uri → the key of a page to be rendered and kept
        self._every: list[bytes] | None = []  # every page's key, in MkDocs' order (None: some page has none)
        self.reused = 0

    def key(self, page: Page) -> bytes | None:
        if self.site is None or page.content is None:
            return None
        return self.cache.key(
            NAMESPACE, self.site, page.file.src_uri, page.file.url, page.content, str(page.title),
            stable_text(page.toc), stable_text(page.meta),
        )

    def choose(self, pages: Iterable[Page]) -> None:
        """Once every body is rendered: each page with a kept output gets the template that writes it."""
        self._kept, self._keys, self._every = {}, {}, []
        for page in pages:
            key = self.key(page)
            if key is None:
                self._every = None
                continue
            if self._every is not None:
                self._every.append(key)
            if self.cache.has(key):  # read when its turn comes: 10,000 pages are 300 MB
                self._kept[page.file.src_uri] = (key, str(page.meta.get("template", "main.html")))
                self.cache.keep(key)
                page.meta = {**page.meta, "template": KEPT_TEMPLATE}
            else:
                self._keys[page.file.src_uri] = key

    def every_page_key(self, namespace: str) -> bytes | None:
        """A key for what is made from every page's output in order (the search index); None if a page has none."""
        if self.site is None or self._every is None:
            return None
        return self.cache.key(namespace, self.site, *self._every)

    def kept(self, page: Page) -> bool:
        """Whether the page's output is kept, so that it is not rendered in this build."""
        return page.file.src_uri in self._kept

    def context(self, page: Page, context: dict[str, Any]) -> str | None:
        """Hand the kept output to the template that writes it; if it is gone since (another build, sharing the
        cache, dropped it), the page's own template, for the page to be rendered after all."""
        key, template = self._kept[page.file.src_uri]
        output = self.cache.get(key)
        if not isinstance(output, str):
            return template
        context[KEPT_OUTPUT] = Markup(output)  # our own output, written as it was
        self.reused += 1
        return None

    @staticmethod
    def rendered_after_all(context: dict[str, Any], output: str) -> None:
        """The output of a page whose kept output was gone, rendered by its own template, for the kept template."""
        context[KEPT_OUTPUT] = Markup(output)  # rendered just now by the page's own template

    def keep(self, page: Page, output: str) -> None:
        """Keep a rendered page's output (as its template made it, before plugins change finished pages)."""
        key = self._keys.pop(page.file.src_uri, None)
        if key is not None:
            self.cache.put(key, output)


def with_kept_template(env: Environment) -> Environment:
    """The theme's environment, which also knows the template of kept pages."""
    kept = DictLoader({KEPT_TEMPLATE: "{{ " + KEPT_OUTPUT + " }}"})
    loaders: list[BaseLoader] = [kept]
    if env.loader is not None:
        loaders.append(env.loader)
    env.loader = ChoiceLoader(loaders)
    return env
