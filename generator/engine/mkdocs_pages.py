"""What the MkDocs adapter does to MkDocs' own objects: files moved to their addresses, menus, contents, HTML marks.

Only generator/engine/plugin.py imports this; the build (generator/pipeline/stages.py) never sees an MkDocs object.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator.content.paths import links_out
from generator.content.reading import IGNORED_PARTS
from generator.fast.build_cache import stable_text
from generator.graph.site import Site
from generator.graph.strings import strings
from generator.outputs.pages import GeneratedPage

# Settings that do not change what a page says: where it is written, the plugins and hooks (MkDocs puts the hooks among
# the plugins, whose options and code count, below).
_NOT_OUTPUT = frozenset({"site_dir", "plugins", "hooks", "config_file_path", "dev_addr", "strict", "watch"})
# The element main.html puts at the start of every article (its id must match).
CONTENT_ANCHOR = "nw-content"
# mkdocs-material templates that build HTML in string literals (a <style>) and print it: not autoescaped.
THEME_MARKUP_IN_STRINGS = frozenset({"partials/icons.html"})


def autoescaped(template_name: str | None) -> bool:
    """Whether a theme template escapes what it prints: all do, but material's icon styles, built in strings."""
    return template_name not in THEME_MARKUP_IN_STRINGS


def mark_html(files: Files, config: MkDocsConfig) -> None:
    """Mark what MkDocs hands the theme already as HTML (bodies, contents, titles from headings) as Markup.

    Anything else, a front-matter field, a nav entry, mkdocs.yml's network block, is text and is escaped where
    it is printed. Marking twice changes nothing: the preview may hand the same page again.
    """
    if config.copyright:
        config.copyright = Markup(config.copyright)  # mkdocs-material's copyright notice is HTML (`&copy;`)
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:
            continue  # not rendered in this (dirty) preview build
        page.content = Markup(page.content)
        _mark_contents(page.toc)
        title = page.title
        # MkDocs takes a title from the first heading as HTML; from nav, front matter or file name it is text.
        from_heading = "title" not in vars(page) and "title" not in page.meta and title == page._title_from_render
        if title is not None:
            page.title = _heading_text(title) if from_heading else escape(str(title))


def _mark_contents(links: Iterable[AnchorLink]) -> None:
    for link in links:
        link.title = _heading_text(link.title)
        _mark_contents(link.children)


def _heading_text(words: str) -> Markup:
    """A heading's words as MkDocs gives them (tags stripped, quotes left raw) escaped to be safe in attributes too."""
    return escape(Markup(words).unescape())


def without_links_out(files: Files, config: MkDocsConfig) -> None:
    """Drop every file MkDocs found through a link leading out of content/: it would copy /etc/passwd as it is.

    Loading reported each such link as a content mistake, so a build has stopped; a preview goes on without them.
    """
    links = [link.relative for link in links_out(Path(config.docs_dir), frozenset(IGNORED_PARTS))]
    if not links:
        return
    for file in list(files):
        if file.src_dir == config.docs_dir and any(
            file.src_uri == link or file.src_uri.startswith(f"{link}/") for link in links
        ):
            files.remove(file)
def answer(again: bool) -> Any:
    return lambda: again


def answer_until(stop: Callable[[], bool]) -> Any:
    """A page's answer to whether it is rendered again: yes, until `stop` says otherwise."""
    return lambda: not stop()


def dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a dirty build leaves pages stale: in a network's preview, the graph decides."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def pages_changed_by_us_alone(plugins: Any, ours: Any) -> bool:
    """Whether every handler of finished pages (on_post_page) is one of `ours`: no other plugin, hook or theme
    changes or reads a page's output (a kept page's file can then be linked to its copy, its output never read)."""
    return all(getattr(handler, "__self__", None) is ours for handler in plugins.events.get("post_page", ()))


def skipped_page(record: logging.LogRecord) -> str | None:
    """The page MkDocs says it skipped for an empty output (mkdocs/commands/build.py, _build_page), or None."""
    message = record.getMessage()
    start = "Page skipped: '"
    if not message.startswith(start) or not message.endswith("'. Generated empty output."):
        return None
    return message[len(start):-len("'. Generated empty output.")]


def page_url(file: File) -> str:
    """A file's address as its page gives it (the home page's is '', where MkDocs' file says './')."""
    return "" if file.url in (".", "./") else file.url


def move(file: File, url: str) -> None:
    """Give an item the URL its id promises, wherever it sits below its folder."""
    file.dest_uri = f"{url}index.html"
    for cached in ("url", "abs_dest_path", "dest_path"):
        file.__dict__.pop(cached, None)


def starting_at_content(toc: TableOfContents, title: str) -> TableOfContents:
    """The page's contents under one first entry, the start of the article, where "Skip to content" leads.

    mkdocs-material links its skip link to the first entry of the contents, and makes none on a page
    without headings (every generated page), or skips past an item's title and facts to its first
    subheading. A level-1 entry is what material treats as the title, so the sidebar lists the same.
    """
    entries = list(toc)
    start = AnchorLink(title, CONTENT_ANCHOR, 1)
    if entries and entries[0].level == 1:
        start.children = [*entries[0].children, *entries[1:]]
    else:
        start.children = entries
    return TableOfContents([start])


def stub(page: GeneratedPage) -> str:
    """The Markdown MkDocs reads for a generated page: only meta; the template renders the rest."""
    # JSON strings are valid YAML, and escape whatever a title holds.
    title, description = json.dumps(page.title), json.dumps(page.description)
    return f"---\ntitle: {title}\ndescription: {description}\ntemplate: {page.template}\n---\n"


def titled_as_in_menu(items: list[Any], entries: list[Any]) -> None:
    """Give another language's pages the titles its menu gives them ('সংবাদ'), as MkDocs does for the default's.

    MkDocs made every page before this menu was read, and keeps a made page's own title: the menu's is set here.
    """
    for item, entry in zip(items, entries, strict=False):
        (title, value), = entry.items()
        if isinstance(value, list):
            titled_as_in_menu(item.children or [], value)
        elif isinstance(item, MkDocsPage):
            item.title = title


def menu_in(site: Site, menu: Navigation, page_in: Callable[[str], str | None], site_url: str) -> list[Any]:
    """The default language's menu for another language, as MkDocs' `nav` option: its pages where translated,
    titles from the words tables (`nav.<title>`), and links to the default language's pages where not.
    """
    default = strings(site.settings.default_language, site.settings.words)

    def entry(node: Any) -> Any:
        # A title no table gives was told at check and build; a preview shows it as the default language has it.
        title = (site.strings.menu_title(node.title, default) or node.title) if node.title else node.title
        if node.is_section:
            return {title: [entry(child) for child in node.children]}
        if node.is_page:
            own = page_in(node.file.src_uri)
            return {title: own} if own is not None else {title: urljoin(site_url, node.file.url)}
        return {title: node.url}

    return [entry(node) for node in menu.items]


def config_text(config: MkDocsConfig) -> str:
    """The configuration as far as pages depend on it: every setting, and each plugin's options."""
    settings = {key: value for key, value in config.items() if key not in _NOT_OUTPUT}
    plugins = {name: _plugin_text(plugin) for name, plugin in config.plugins.items()}
    return stable_text(settings) + stable_text(plugins)


def _plugin_text(plugin: Any) -> tuple[str, Any]:
    """A plugin's class and options; a hook's code (mkdocs.yml's `hooks:` is a list of the network's own modules,
    which MkDocs runs as plugins without options: what they change in a page is in their code)."""
    options = getattr(plugin, "config", None)
    if options is not None:
        return type(plugin).__qualname__, dict(options)
    return "hook", plugin  # a module: stable_text names it by its file's digest
