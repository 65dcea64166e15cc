"""The MkDocs plugin: a thin adapter that wires the generator's stages to MkDocs events.

Pipeline (DESIGN.md): load and validate content → graph → generated pages → render with
mkdocs-material → feeds and calendars. Each stage lives in its own module and knows
nothing of MkDocs; this file only hands data between MkDocs and those stages.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin

import rcssmin
from jinja2 import Environment, TemplateNotFound, pass_context
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext

from generator import (
    body_html,
    calendar,
    editor,
    icons,
    images,
    languages,
    mistake_pages,
    page_bodies,
    page_cache,
    presentation,
    preview,
    publish,
    search,
    structured_data,
    watching,
)
from generator.alternates import Alternates
from generator.beside import Beside, BesideError
from generator.build_cache import FOLDER as CACHE_FOLDER
from generator.build_cache import BuildCache, Memo, code_fingerprint, no_memo
from generator.build_output import OutputError, StagedOutput, failure, write_files
from generator.config import PluginOptions, content_types, missing_templates, to_settings
from generator.content import load_preview, load_sites
from generator.editor_files import is_editor_leftover
from generator.errors import ContentError, ContentErrors
from generator.feeds import absolute
from generator.formatting import DEFAULT_LOCALE, FILTERS, LOCALE_KEY
from generator.graph import Item, Page, Site
from generator.inside import below, links_out
from generator.loader import IGNORED_PARTS, ReadCache, SourceFile
from generator.pages import GeneratedPage, feeds_of, generated_pages, home_context, last_modified, own_feeds
from generator.scrolling import ScrollingBlocks
from generator.search_service import StreamingIndex
from generator.settings import placeholder_host
from generator.shared_parts import SharedParts
from generator.tags import tag_url
from generator.timings import TIMINGS
from generator.translations import split_language
from generator.types.bulletins import Bulletin
from generator.types.events import Event

log = logging.getLogger("mkdocs.plugins.network")
# What the build says but does not fail on, even with --strict: outside MkDocs' loggers, whose warnings it counts.
notices = logging.getLogger("network_site.notices")
EMAIL_TEMPLATES = "email"
# mkdocs-material's scripts, copied by the theme into every site.
THEME_SCRIPTS = "assets/javascripts"
THEME_STYLES = "assets/stylesheets"
# Where our own stylesheets sit, in the theme folder and in the site.
OUR_STYLES = "assets"
# The element main.html puts at the start of every article (its id must match).
CONTENT_ANCHOR = "nw-content"
# Where material's base.html puts the skip link, and its words in the site's language.
SKIP_SLOT = ("div", ("data-md-component", "skip"))
# What MkDocs is given in place of a page's front matter, which loading has already parsed.
EMPTY_FRONT_MATTER = "---\n{}\n---\n"
# mkdocs-material templates that build HTML in string literals (a <style>) and print it: not autoescaped.
THEME_MARKUP_IN_STRINGS = frozenset({"partials/icons.html"})
SKIP_LABEL = '{% import "partials/language.html" as lang with context %}{{ lang.t("action.skip") }}'


class _WarningCounter(logging.Handler):
    """Counts warnings so the output is only published when `--strict` would not abort."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class NetworkPlugin(BasePlugin[PluginOptions]):
    """Builds a network's site from typed content files."""

    def __init__(self) -> None:
        self.command = "build"
        self.site: Site | None = None
        # The graph in each of the site's languages (the default's is `site`), and which graph each page is from.
        self.sites: dict[str, Site] = {}
        self.site_of: dict[str, Site] = {}
        self.sources: dict[str, SourceFile] = {}
        self.navs: dict[str, Navigation] = {}
        self.alternates: Alternates | None = None
        self.notices: tuple[str, ...] = ()
        self.generated: dict[str, GeneratedPage] = {}
        self.items_by_src: dict[str, Item] = {}
        self.bodies: dict[str, dict[str, str]] = {}  # language → item key → rendered body
        self.output: StagedOutput | None = None
        self.warnings = _WarningCounter()
        self.content_errors: tuple[ContentError, ...] = ()
        self._set_epoch = False
        self.handover: search.Handover | None = None
        self.search_key: bytes | None = None  # the search index's key in the build cache
        self.kept_search_index: dict[str, bytes] | None = None  # the last build's, when every page is the same
        self.images: images.ResponsiveImages | None = None
        self.env: Environment | None = None
        self.shared_parts: SharedParts | None = None  # of this build's pages (on_env)
        self._described: tuple[Site, Markup] | None = None
        # `mkdocs serve --dirty`: pages are rendered again only when the graph says they changed.
        self.dirty = False
        self.snapshot: preview.Snapshot | None = None
        self.unchanged = False  # nothing the pages are made from changed (an editor wrote its swap file, say)
        # While previewing: each page's searchable part (None, and the whole page, for a page without one).
        self.search_documents: dict[str, tuple[str | None, str]] = {}
        self.built_pages: dict[str, str] = {}  # src_uri → dest_uri of the last preview build's pages
        self.afterwards = preview.Afterwards()
        self.kept_outputs = preview.KeptOutputs()
        self.site_digest: str | None = None  # what every page is made from, but items' own bodies
        self.editor_files: tuple[Any, dict[str, bytes]] | None = None  # the editor's files, and what they are from
        self.read_cache = ReadCache()
        self.fingerprints = preview.Fingerprints()
        # While previewing, items left out for their mistakes keep their address: src_uri → what their page shows.
        self.mistake_pages: dict[str, mistake_pages.MistakePage] = {}
        # Compiled templates, kept from one preview build to the next (MkDocs makes a new environment each time).
        self.compiled_templates = preview.CompiledTemplates()
        self._footers: dict[str, tuple[Site, presentation.Footer]] = {}
        self._told_placeholder = False
        self.cache = BuildCache.disabled()
        self.fingerprint: str | None = None  # of the code, worked out once per command
        self.rendering = page_bodies.Bodies(self.cache, None)
        self.page_outputs = page_cache.PageOutputs(self.cache, None)
        self.observer: Any = None  # the file events `mkdocs serve` hears saves by
        self.outputs_beside: Beside[tuple[dict[bytes, bytes], set[bytes]]] | None = None

    # Runs once per `mkdocs` command: serve previews drafts and scheduled items, build does not.
    # The plugin lives as long as the command, so a preview's rebuilds can compare with the last one.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = command == "serve" and dirty
        if self.dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_dirty_warning)
        elif command == "serve":
            log.info("Every save renders the whole site again; `mkdocs serve --dirty` renders only what it changed.")

    # `mkdocs serve` polls its files twice a second: the system's file events start the rebuild at once.
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
        watched = [*getattr(server, "_watched_paths", {}), *config.watch]
        self.observer = watching.hear_saves_at_once(server, watched)
        if self.observer is not None:
            server.builder = watching.UnlessUnchanged(server.builder, watched)
        return server

    def on_shutdown(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer = None

    # Runs first on every build, before anything is read: the output goes to a staging folder.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.afterwards.cancel()  # the last preview's feeds and index would be out of date: they are made again
        TIMINGS.reset()
        try:
            self.settings = to_settings(
                self.config, config.site_url, str(config.theme.get("language") or "en"), self.command == "serve"
            )
            self.types = content_types(self.config.content_types, Path(config.config_file_path or ".").parent.resolve())
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: plugins.network.{error}") from None
        # A type without its template would be published as a plain page: stop before anything is read.
        missing = missing_templates(self.types, config.theme.dirs)
        if missing:
            raise PluginError("\n".join(missing))
        self._use_logo(config)
        self._say_if_site_url_is_a_placeholder()
        config.markdown_extensions.append(ScrollingBlocks())  # type: ignore[arg-type]
        # A dirty preview builds in place: the pages it does not render again are the last build's.
        self.output = None
        if not self.dirty:
            try:
                self.output = StagedOutput(Path(config.site_dir))
            except OSError as error:  # a read-only or full disk: one line, not a traceback
                raise PluginError(failure(Path(config.site_dir), error) or str(error)) from None
            config.site_dir = str(self.output.staging_dir)
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self._open_cache(config)
        return config

    def _open_cache(self, config: MkDocsConfig) -> None:
        """The build cache beside mkdocs.yml, unless the network turned it off (`cache: false`)."""
        self.cache.close()
        folder = Path(config.config_file_path or ".").parent.resolve() / CACHE_FOLDER
        if not self.config.cache:
            self.cache = BuildCache.disabled()
        else:
            if self.fingerprint is None:
                self.fingerprint = code_fingerprint(_type_modules(self.config.content_types))
            self.cache = BuildCache(folder, self.fingerprint)
        self.read_cache.kept = self.cache if self.cache.enabled else None
        self.rendering = page_bodies.Bodies(self.cache, page_bodies.settings_key(config))

    # Validation runs before MkDocs touches any output: a content error stops the build here.
    # While previewing, the server keeps running: mistakes go to the terminal and every page.
    @TIMINGS.stage("load, validate and link the content")
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        docs = Path(config.docs_dir)
        self.content_errors = ()
        if self.command == "serve":
            self.sites, self.content_errors, self.notices = load_preview(docs, self.settings, self.types,
                                                                         self.read_cache)
            if self.content_errors:
                log.error("Content mistakes found:\n%s", ContentErrors(self.content_errors).report())
        else:
            try:
                self.sites = load_sites(docs, self.settings, self.types, self.read_cache)
            except ContentErrors as errors:
                raise PluginError(
                    f"Content mistakes found:\n{errors.report()}\n"
                    "Nothing was published: the last good site is unchanged."
                ) from None
        self.site = self.sites[self.settings.default_language]
        for notice in self.notices:
            log.info("Translation notice: %s", notice)
        self._date_build_from_content()

    # Runs once MkDocs has listed content/: items get their stable URLs, generated pages join.
    @TIMINGS.stage("item addresses and generated pages")
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.items_by_src, self.site_of, self.sources = {}, {}, {}
        translated = self.settings.translated_languages
        self.mistake_pages = {}
        _leave_out_editor_leftovers(files)
        _without_links_out(files, config)
        for file in list(files):
            # The e-mail edition's templates sit in the theme folder but are build inputs, not pages.
            if file.src_uri.startswith(f"{EMAIL_TEMPLATES}/") and not file.is_documentation_page():
                files.remove(file)
                continue
            if not file.is_documentation_page():
                continue
            original, language = split_language(file.src_uri, translated)
            site = self.sites[language or self.settings.default_language]
            if not self._place(file, original, site, language is not None, config):
                files.remove(file)  # a draft, a scheduled item, or a translation with a mistake the preview shows
        # A page staff wrote (subscribe.md, say) wins over the generated one at its address, in each language.
        taken = {file.url for file in files.documentation_pages()}
        made = {code: generated_pages(site) for code, site in self.sites.items()}
        self.generated = {page.src_uri: page for pages in made.values() for page in pages if page.url not in taken}
        for code, pages in made.items():
            for page in pages:
                if page.src_uri in self.generated:
                    self.site_of[page.src_uri] = self.sites[code]
        self.alternates = Alternates(self.sites, made)
        for page in self.generated.values():
            # Another language's pages are in its own menu (on_nav), never in the default one.
            own = not self.site_of[page.src_uri].settings.prefix
            menu = _in_menu(page.src_uri, config.nav is not None) if own else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=_stub(page), inclusion=menu))
        if self.dirty:
            self._render_only_what_changed(files, config)
        # Every item's picture is read now, so a file that is no picture stops the build before rendering.
        self.images = images.ResponsiveImages(Path(config.docs_dir))
        self._image_mistakes(self.images.check_items(self.items_by_src.values()))
        return files

    def _place(self, file: File, original: str, site: Site, translation: bool, config: MkDocsConfig) -> bool:
        """Give a content file its page's address in its language and note what it is; False if it has no page."""
        kind = original.split("/", 1)[0]
        if "/" in original and kind in site.types:
            item = site.get(kind, Path(original).stem)
            if item is None and not translation:
                # A draft or scheduled item, left out of this build; or one with mistakes, which a preview shows.
                return self._keep_with_its_mistakes(file, config)
            if item is None or (translation and item.translation is None):
                return False  # a translation of something left out, or one the preview lists as a mistake
            self.items_by_src[file.src_uri] = item
            self.sources[file.src_uri] = item.translation.source if translation and item.translation else item.source
            _move(file, item.url)
            # Items are reached through listings, never the menu: MkDocs need not list them as left out of it.
            file.inclusion = InclusionLevel.NOT_IN_NAV
        else:
            page = site.page(original.removesuffix(".md"))
            if page is None or (translation and page.translation is None):
                return False
            self.sources[file.src_uri] = page.translation.source if translation and page.translation else page.source
            if translation:
                _move(file, page.url)
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self.site_of[file.src_uri] = site
        return True

    # The default language's menu is MkDocs' own; each other language gets the same menu, its pages in its tree.
    # The site's files are final now: workers start on the bodies, then Pagefind, to index pages as they render.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navs = {self.settings.default_language: nav}
        for code, site in self.sites.items():
            if site.settings.prefix:
                own = copy.copy(config)
                own["nav"] = menu_in(site, nav, self._url_in(code, files), config.site_url or "")
                self.navs[code] = get_navigation(files, own)
                _titled_as_in_menu(self.navs[code].items, own["nav"])
        self._render_bodies_ahead(config, files)
        self.site_digest = self._site_digest(config, files)
        self.page_outputs = page_cache.PageOutputs(self.cache, self.site_digest if self.cache.enabled else None)
        if not self.dirty:
            self._close_search_index()
            self.handover = search.Handover(
                StreamingIndex, max(1, self.config.search_part_pages), pages_expected=len(files.documentation_pages()),
                store=_SearchParts(self.cache) if self.cache.enabled else None)
        return nav

    def _site_digest(self, config: MkDocsConfig, files: Files) -> str:
        """What every page is made from besides its own body, for the pages and outputs kept from the last build."""
        sources = [*self.sources.values(), *(mistake.source for mistake in self.mistake_pages.values())]
        watched = [Path(config.docs_dir), *map(Path, config.watch), *map(Path, config.theme.dirs[:1])]
        if config.config_file_path:
            watched.append(Path(config.config_file_path))
        return page_cache.site_digest(
            config=config,
            sources=sources,
            own_bodies=(self.sources[uri].src_uri for uri in self.items_by_src),
            errors=self.content_errors,
            surroundings=self.fingerprints.of(watched),
            sites=self.sites,
            files=files,
        )

    def _render_bodies_ahead(self, config: MkDocsConfig, files: Files) -> None:
        """Workers render the later pages' bodies while MkDocs' loop renders the first ones (builds only)."""
        # Forking is safe while this is the only thread: a preview's server has others.
        self.cache.settle()
        if self.command != "build" or threading.active_count() > 1:
            return
        pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))

        def prepare(file: File) -> MkDocsPage:
            # As MkDocs' loop prepares a page before rendering it (mkdocs/commands/build.py, _populate_page).
            page = file.page if file.page is not None else MkDocsPage(None, file, config)
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            return page

        def expected(file: File) -> str | None:
            # What Page.read_source would read, as far as it is known without running other plugins.
            source = self._markdown_of(file.src_uri)
            try:
                return get_data(source if source is not None else file.content_string)[0]
            except (OSError, ValueError):
                return None

        work = page_bodies.Work(pages, prepare, expected, config, files, self.rendering)
        self.rendering.start_ahead(work, page_bodies.worker_count(self.config.workers))

    # Each page's body comes from the cache or a worker when one fits; MkDocs renders the others as usual.
    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        setattr(page, "render", functools.partial(self.rendering.render, page))  # noqa: B010 - this page's own
        return page

    def _url_in(self, code: str, files: Files) -> Callable[[str], str | None]:
        """The source path of the page that is `path`'s in the language `code`, or None where there is none."""
        alternates = self.alternates
        sources = {_page_url(file): file.src_uri for file in files.documentation_pages()}

        def find(path: str) -> str | None:
            file = files.get_file_from_path(path)
            if file is None or alternates is None:
                return None
            found = next((a for a in alternates.of(_page_url(file)) if a.language.code == code and a.same), None)
            return sources.get(found.url) if found is not None else None

        return find

    def _keep_with_its_mistakes(self, file: File, config: MkDocsConfig) -> bool:
        """While previewing, keep an item left out for its mistakes at its address, on a page that shows them."""
        if self.command != "serve":
            return False
        page = mistake_pages.mistake_page(Path(config.docs_dir), file.src_uri, self.content_errors, self.types)
        if page is None:
            return False
        self.mistake_pages[file.src_uri] = page
        # Its address, unless a valid item has it (two bulletins of one number): that one is the page.
        if page.url is not None and all(item.url != page.url for item in self._site().items):
            _move(file, page.url)
        file.inclusion = InclusionLevel.NOT_IN_NAV
        return True

    # Date filters for the templates, and what every page's frame shows (the 404 page too, which has no page
    # context). Every page is rendered by now (the workers stop): what the theme gets is made safe here.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.rendering.stop()
        log.debug("Markdown bodies: %d rendered in the loop, %d from workers or the cache",
                  self.rendering.rendered, self.rendering.reused)
        # Every value a template prints is escaped unless it is marked as HTML (Markup), whoever wrote the template.
        env.autoescape = _autoescaped
        # Templates do not change within a build (a preview makes a new environment for each): Jinja need not look
        # at each template file's time again every time a page includes or imports it.
        env.auto_reload = False
        _mark_html(files, config)
        # Every page's body and fields are final: pages kept from the last build are not rendered again.
        self.page_outputs.choose(file.page for file in files.documentation_pages() if file.page is not None)
        if self.command == "build":
            # Every body is rendered: no page needs its Markdown again, and MkDocs would keep it to the end.
            for file in files.documentation_pages():
                if file.page is not None:
                    file.page.markdown = None
        page_cache.with_kept_template(env)
        self._keep_search_index()
        self._outputs_beside(config)
        env.filters.update(FILTERS)
        env.filters["picture"] = self._picture
        env.filters["swatch"] = presentation.topic_swatch
        env.filters["kind_swatch"] = presentation.kind_swatch
        env.filters["date_block"] = _date_block
        env.filters["tag_url"] = _tag_url
        env.filters["related_cards"] = presentation.related_cards
        env.filters["topic_heading"] = presentation.topic_heading
        env.filters["lang_attr"] = _lang_attr
        env.filters["lang_attr_within"] = presentation.back_in_language
        env.filters["language_name"] = _language_name
        env.filters["here"] = _here
        env.globals["organizations_by_kind"] = presentation.organizations_by_kind
        env.globals["theme_translations"] = functools.partial(presentation.theme_translations,
                                                              functools.partial(_has_template, env))
        site = self._site()
        # What a page without a page context (the 404 page) says its words with.
        env.globals["t"] = site.strings
        env.globals["site_languages"] = presentation.not_found_links(self.sites)
        env.globals["network"] = site.settings.network
        env.globals["footer"] = presentation.footer(site, config.copyright)
        env.globals["theme_stylesheet"] = _theme_stylesheet(config)
        if self.command == "serve":
            env.bytecode_cache = self.compiled_templates
        # Last, over the address filters above: menu, header, footer and cards are made once per way they come out.
        self.shared_parts = SharedParts(env) if self.config.shared_parts else SharedParts(env, keep=0)
        self.env = env
        return env

    # The "not found" page is a theme template without a page, so material gives it no skip link: ours is added.
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "404.html" or self.env is None:
            return output_content
        label = Markup(self.env.from_string(SKIP_LABEL).render(config=config).strip())  # escaped by the environment
        link = Markup('<a href="#{}" class="md-skip">{}</a>').format(CONTENT_ANCHOR, label)
        return body_html.after_start_tag(output_content, *SKIP_SLOT, str(link))

    # `item.image | picture`: the page's <picture> attributes, or None for a web address, SVG or GIF;
    # `item.image | picture("card")` for the picture of a card in a grid.
    @pass_context
    def _picture(self, context: Any, image: Any, slot: str = "article") -> images.Picture | None:
        assert self.images is not None
        try:
            responsive = self.images.get(image.src, lambda: images.Use("", 0, "image.src"))
        except ContentErrors:  # reported by on_files; the preview shows the plain <img>
            return None
        if responsive is None:
            return None
        return responsive.for_page(context["page"].url, presentation.PICTURE_SIZES.get(slot, images.SIZES))

    # MkDocs would read each content file again and parse its front matter a second time, with
    # PyYAML's pure-Python loader; loading already did both. MkDocs gets the body read then (behind
    # an empty front matter block, or it would look for MultiMarkdown-style fields in the text) and
    # the page's meta is the fields loading parsed.
    def on_page_read_source(self, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        return self._markdown_of(page.file.src_uri)

    def _markdown_of(self, src_uri: str) -> str | None:
        """What MkDocs reads for a content file: its body as loading read it (None: MkDocs reads the file)."""
        source = self._source_of(src_uri)
        if source is None or not source.front.has_front_matter:
            return None
        return EMPTY_FRONT_MATTER + source.front.body

    def _source_of(self, src_uri: str) -> SourceFile | None:
        """The content file behind a page (the translation, for a translated page), as loading read it."""
        found = self.sources.get(src_uri)
        if found is not None:
            return found
        mistake = self.mistake_pages.get(src_uri)
        return mistake.source if mistake is not None else None

    # Meta is read by now: item pages get their type's template and the summary as description.
    @TIMINGS.stage("per-page work")
    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        source = self._source_of(page.file.src_uri)
        if source is not None and source.front.has_front_matter:
            page.meta = dict(source.front.data or {})  # a copy: the plugin adds to it below
        item = self.items_by_src.get(page.file.src_uri)
        translated = self._written(page, self._site_of(page))
        if translated is not None and translated.translation is not None:
            # A translation restates only what it translates: the rest (a page's template) is the original's.
            page.meta = {**dict(translated.source.front.data or {}), **page.meta}
        # The sitemap's lastmod comes from the content, never from the day of the build.
        page.update_date = last_modified(self._site_of(page), item).isoformat()
        if item is not None:
            page.meta.setdefault("template", item.type.item_template)
            page.meta.setdefault("description", item.summary)
            if isinstance(item, Bulletin):
                page.meta.setdefault("title", f"{item.heading}: {item.title}")
        elif "summary" in page.meta:  # plain pages: the summary is the meta description too
            page.meta.setdefault("description", str(page.meta["summary"]))
        mistake = self.mistake_pages.get(page.file.src_uri)
        if mistake is not None:
            page.meta = mistake.meta
        return markdown

    # The rendered body of each item is kept once, for feeds and the e-mail bulletin.
    @TIMINGS.stage("per-page work")
    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        html = body_html.without_script_links(html)  # check names each as a mistake; none is ever published clickable
        item = self.items_by_src.get(page.file.src_uri)
        if item is not None:
            # Feeds and e-mail keep the plain <img>: no relative srcset there.
            self.bodies.setdefault(item.site.settings.language, {})[item.key] = html
        assert self.images is not None
        html, mistakes = self.images.rewrite(html, page.url, self._source_of(page.file.src_uri))
        self._image_mistakes(mistakes)
        return html

    # Templates render what the graph already decided: the item, the listing, the feeds.
    @TIMINGS.stage("per-page work")
    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        lost = None
        if self.page_outputs.kept(page):
            lost = self.page_outputs.context(page, cast("dict[str, Any]", context))
            if lost is None:
                return context
        site = self._site_of(page)
        page.toc = _starting_at_content(page.toc, page.title or "")
        values = cast("dict[str, Any]", context)  # MkDocs types the context; ours adds keys
        language = site.settings.language
        values["nav"] = self.navs.get(language, nav)
        values["graph"] = site
        values[LOCALE_KEY] = site.settings.locale
        values["page_language"] = language
        values["fonts_ahead"] = languages.fonts_ahead(language)
        values["t"] = site.strings
        values["alternates"] = self.alternates.of(page.url) if self.alternates and len(self.sites) > 1 else ()
        values["language_links"] = presentation.language_links(values["alternates"], language)
        values["hreflangs"] = presentation.hreflangs(values["alternates"], functools.partial(absolute, site.settings))
        values["og_locale"] = presentation.og_locale(site.settings.locale)
        values["network"] = site.settings.network
        # The site's name: mkdocs.yml's site_name, and in another language the network's name in that language.
        values["site_title"] = site.settings.network.name if site.settings.prefix else config.site_name
        values["feeds"] = feeds_of(site, page.url)
        values["own_feeds"] = own_feeds(site, page.url)
        values["footer"] = self._footer(site, config)
        values["content_errors"] = self.content_errors
        values["layout"] = presentation.layout_for(page.meta.get("template"), page.file.src_uri in self.items_by_src)
        if site.settings.network.logo:
            values["touch_icon"] = icons.icon_path(icons.TOUCH)
            # Share previews need an absolute address; without site_url the build stops later anyway.
            if site.settings.site_url:
                values["share_image"] = absolute(site.settings, icons.icon_path(icons.LARGE))
        item = self.items_by_src.get(page.file.src_uri)
        values["structured_data"] = [self._network_description(site)]
        if item is not None:
            values["search_entry"] = search.entry_for_item(item, site)
        elif page.file.src_uri not in self.generated and not page.is_homepage:
            values["search_entry"] = search.entry_for_content_page(site)
        values["unreviewed"] = presentation.unreviewed(self._written(page, site), values["alternates"])
        if item is not None:
            values["item"] = item
            # An event that is over is not offered to a calendar app (its page says when it was).
            if isinstance(item, Event) and item.upcoming:
                values["event_calendar"] = calendar.event_calendar_path(item)
            described = structured_data.for_item(item, site)
            if described is not None:
                values["structured_data"].append(structured_data.script_json(described))
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            values.update(generated.context)
        template = lost or page.meta.get("template")
        if template == "home.html":
            values.update(home_context(site))
        if template == "subscribe.html":
            values["subscriptions"] = publish.subscriptions(site)
        mistake = self.mistake_pages.get(page.file.src_uri)
        if mistake is not None:
            self._show_mistakes(mistake, values)
        if lost is not None and self.env is not None:  # its kept output went: it is rendered after all
            page_cache.PageOutputs.rendered_after_all(values, self.env.get_template(lost).render(context))
        return context

    def _written(self, page: MkDocsPage, site: Site) -> Item | Page | None:
        """The item or plain page staff wrote that a page shows (its translation's, on another language's tree)."""
        item = self.items_by_src.get(page.file.src_uri)
        if item is not None:
            return item
        original, _ = split_language(page.file.src_uri, self.settings.translated_languages)
        return site.page(original.removesuffix(".md")) if page.file.src_uri in self.sources else None

    def _show_mistakes(self, mistake: mistake_pages.MistakePage, values: dict[str, Any]) -> None:
        """The page of an item with mistakes: they come first, other files' after; it is no search result."""
        values["mistake"] = mistake
        values["content_errors"] = mistake_pages.others(self.content_errors, mistake)
        values.pop("search_entry", None)

    def _footer(self, site: Site, config: MkDocsConfig) -> presentation.Footer:
        """The footer of the pages in the graph's language: made once per graph."""
        if self._footers.get(site.settings.language, (None,))[0] is not site:
            self._footers[site.settings.language] = (site, presentation.footer(site, config.copyright))
        return self._footers[site.settings.language][1]

    def _network_description(self, site: Site) -> Markup:
        """The network's JSON-LD, the same on every page: made once per graph (0.2 ms a page, 2 s at 10,000 items)."""
        if self._described is None or self._described[0] is not site:
            self._described = (site, structured_data.script_json(structured_data.network(site)))
        return self._described[1]

    # A page as its template made it is kept for the next build, before other plugins change it.
    @event_priority(100)
    def _keep_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        self.page_outputs.keep(page, output)
        return output

    # Each finished page (after every other plugin has changed it) goes to the search index.
    @event_priority(-100)
    @TIMINGS.stage("search index: pages handed to Pagefind")
    def _index_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        document, url = search.searchable(output), search.index_url(page.url)
        if self.handover is not None:
            self.handover.add(document, output, url)
        elif self.dirty:
            self.search_documents[url] = (document, output if document is None else "")
        return output

    def _keep_search_index(self) -> None:
        """When every page is as the last build made it, so is the search index: Pagefind need not run."""
        self.search_key, self.kept_search_index = None, None
        if self.handover is None:
            return
        self.search_key = self.page_outputs.every_page_key("search index")
        found = self.cache.get(self.search_key) if self.search_key is not None else None
        if isinstance(found, dict) and self.search_key is not None:
            self.kept_search_index = found
            self.cache.keep(self.search_key)
            self._close_search_index()

    # A written page's body is needed no more (the feeds' process has its own copy of the items' bodies);
    # MkDocs would keep every page's body to the end of the build, when its memory peaks.
    @event_priority(-100)
    def _let_go_of_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.command == "build":
            page.content = None
        return output

    on_post_page = CombinedEvent(_keep_page, _index_page, _let_go_of_page)

    def _render_only_what_changed(self, files: Files, config: MkDocsConfig) -> None:
        """Mark each page MkDocs would render in a dirty preview: all of them, or the items whose body alone changed."""
        sources = [*self.sources.values(), *(mistake.source for mistake in self.mistake_pages.values())]
        watched = [Path(config.docs_dir), *map(Path, config.watch)]
        if config.config_file_path:
            watched.append(Path(config.config_file_path))
        now = preview.snapshot(sources, self.content_errors, watched, self.fingerprints)
        # An item's page, or the page of an item with mistakes, is made from its own file alone.
        changes = preview.what_changed(self.snapshot, now, {*self.items_by_src, *self.mistake_pages})
        self.snapshot = now
        self.unchanged = changes.pages == frozenset()
        pages = files.documentation_pages()
        for file in pages:
            again = changes.pages is None or file.src_uri in changes.pages
            # MkDocs asks each file; the answer is the graph's, not the files' dates.
            setattr(file, "is_modified", _answer(again))  # noqa: B010 - an instance's own answer
        # A page whose file is gone (deleted, renamed) or whose address changed (a bulletin's number, an item
        # with mistakes kept at its file's own address) would otherwise stay in the preview until a restart.
        built = {file.src_uri: file.dest_uri for file in pages}
        for dest_uri in set(self.built_pages.values()) - set(built.values()):
            (Path(config.site_dir) / dest_uri).unlink(missing_ok=True)
        self.built_pages = built
        urls = {search.index_url(file.url) for file in pages}
        self.search_documents = {url: doc for url, doc in self.search_documents.items() if url in urls}
        rendered = len(pages) if changes.pages is None else len(changes.pages)
        log.info("Preview: %d of %d pages rendered again: %s", rendered, len(pages), changes.reason)

    # Runs after every other plugin has written its files: feeds last, then the swap.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        # main.html loads none of mkdocs-material's scripts, so its bundle and search workers are not published.
        shutil.rmtree(site_dir / THEME_SCRIPTS, ignore_errors=True)
        _minify_our_stylesheets(config, site_dir)
        started = time.perf_counter()
        try:
            if self.images is not None:
                self.images.write(site_dir, previous=site_dir if self.output is None else self.output.final_dir)
        except ContentErrors as errors:
            self._image_mistakes(list(errors.errors))
        TIMINGS.add("responsive images", time.perf_counter() - started)
        # Staff's browser editor, configured from the content types; not a page, so in no menu, sitemap or index.
        write_files(site_dir, self._editor_files(config))
        if not self.dirty:
            self._write_feeds_and_search(config, site_dir)
        # When nothing changed, what the last build's work wrote is still right, if it finished.
        elif not (self.unchanged and self.afterwards.done):
            # The edited page is served now; feeds, calendars and the search index follow.
            sites, bodies, templates = dict(self.sites), dict(self.bodies), _email_templates(config)
            documents = dict(self.search_documents)
            site, kept = self.site_digest or "", self.kept_outputs
            self.afterwards.start(_steps_later(sites, bodies, templates, documents, config, site_dir,
                                               lambda code: kept.memo(site, code), kept.forget_unused))
        log.debug("Pages kept from the last build: %d", self.page_outputs.reused)
        if self.shared_parts is not None:
            log.debug("Shared parts of pages: %d rendered, %d reused (%d kinds)", self.shared_parts.rendered,
                      self.shared_parts.reused, len(self.shared_parts.parts))
        self.cache.save(full_build=not self.dirty)
        self.cache.close()
        TIMINGS.write_if_asked()
        self._restore_build_date()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.output is None:
            return
        config.site_dir = str(self.output.final_dir)
        if config.strict and self.warnings.count:
            self.output.discard()  # MkDocs aborts right after this event; keep the last good site
        else:
            self.output.publish()

    def _outputs_beside(self, config: MkDocsConfig) -> None:
        """A build's feeds, calendars and e-mail edition are made in a forked process while MkDocs renders the pages:
        every body they carry is rendered by now."""
        self._stop_outputs_beside()
        if self.command != "build" or self.dirty:
            return
        self.cache.settle()  # its thread would not cross the fork
        templates, site_dir, bodies = _email_templates(config), Path(config.site_dir), self.bodies

        def work() -> tuple[dict[bytes, bytes], set[bytes]]:
            self.cache.reopen()
            _write_outputs(self.sites, bodies, templates, config, site_dir, self._output_memo)
            return self.cache.taken()

        self.outputs_beside = Beside(work)
        self.bodies = {}  # the process has its own copy: the build needs them no more

    def _stop_outputs_beside(self) -> None:
        if self.outputs_beside is not None:
            self.outputs_beside.stop()
            self.outputs_beside = None

    def _write_feeds_and_search(self, config: MkDocsConfig, site_dir: Path) -> None:
        started = time.perf_counter()
        beside, self.outputs_beside = self.outputs_beside, None
        if beside is not None:
            try:
                self.cache.add(*beside.result())
            except BesideError as error:
                raise PluginError(str(error)) from None
        else:
            _write_outputs(self.sites, self.bodies, _email_templates(config), config, site_dir, self._output_memo)
        TIMINGS.add("feeds, calendars, open data, e-mail, icons", time.perf_counter() - started)
        started = time.perf_counter()
        handover, self.handover = self.handover, None
        try:
            if self.kept_search_index is not None:
                search.write_bundle(self.kept_search_index, site_dir)
            elif handover is not None:
                bundle = handover.bundle()
                log.debug("Search index parts kept from the last build: %d of %d", handover.parts_kept, handover.parts)
                if self.search_key is not None:
                    self.cache.put(self.search_key, bundle)
                search.write_bundle(bundle, site_dir)
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        finally:
            if handover is not None:
                handover.close()
        TIMINGS.add("search index: written", time.perf_counter() - started)

    def _output_memo(self, language: str) -> Memo:
        """Feeds, calendars and the rest kept by the last build, for a site whose graph is the same (in `language`)."""
        site = self.page_outputs.site
        if site is None:
            return no_memo if self.command != "serve" or self.site_digest is None else self.kept_outputs.memo(
                self.site_digest, language)

        def memo(name: str, parts: Sequence[str], make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
            key = self.cache.key("output", site, language, name, *parts)
            found = self.cache.get(key)
            if isinstance(found, dict):
                self.cache.keep(key)
                return found
            made = make()
            self.cache.put(key, made)
            return made

        return memo

    def _editor_files(self, config: MkDocsConfig) -> dict[str, bytes]:
        """The browser editor's files, made again only when what they are made from changed (a preview's rebuild)."""
        pages, backend = editor.plain_pages(self._site()), self._editor_backend(config)
        made_from = (pages, backend, config.site_name, tuple(self.config.content_types))
        if self.editor_files is None or self.editor_files[0] != made_from:
            self.editor_files = (made_from, editor.admin_files(self.types, pages, backend, config.site_name))
        return self.editor_files[1]

    def _editor_backend(self, config: MkDocsConfig) -> editor.Backend:
        options = self.config.editor
        return editor.Backend(editor.github_repo(config.repo_url), options.branch, options.base_url,
                              options.auth_endpoint, options.local_backend)
    def _say_if_site_url_is_a_placeholder(self) -> None:
        # Once per command (a preview builds again on every save): the site works, its absolute addresses do not.
        host = placeholder_host(self.settings.site_url)
        if host is None or self._told_placeholder:
            return
        self._told_placeholder = True
        _notice(
            f"mkdocs.yml: site_url is {self.settings.site_url!r}, a placeholder ({host}): feeds, calendars, share "
            "previews and the e-mail edition point at a site that does not exist, and the e-mail edition leaves out "
            "the network's logo. Set site_url to the address the site is published at."
        )

    def _use_logo(self, config: MkDocsConfig) -> None:
        # One picture in content/ gives the header logo, the favicon and the feeds' images.
        logo = self.settings.network.logo
        if logo is None:
            return
        if below(Path(config.docs_dir), logo) is None:
            raise PluginError(
                f"mkdocs.yml: plugins.network.network.logo: expected a picture in content/, found '{logo}', outside it"
            )
        try:
            icons.read_logo(Path(config.docs_dir) / logo)
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: plugins.network.{error}") from None
        config.theme["favicon"] = icons.icon_path(icons.FAVICON)
        config.theme["logo"] = icons.icon_path(icons.SMALL)

    def _image_mistakes(self, mistakes: list[ContentError]) -> None:
        # A picture that cannot be read is a content mistake: the build stops, the preview shows it.
        if not mistakes:
            return
        if self.command != "serve":
            raise PluginError(
                f"Content mistakes found:\n{ContentErrors(mistakes).report()}\n"
                "Nothing was published: the last good site is unchanged."
            )
        log.error("Content mistakes found:\n%s", ContentErrors(mistakes).report())
        self.content_errors = (*self.content_errors, *mistakes)

    # A failed build throws its staging away; a failed write (a full or read-only disk) becomes one line.
    def on_build_error(self, *, error: Exception) -> None:
        self.rendering.stop()
        self._stop_outputs_beside()
        self.cache.close()
        self._close_search_index()
        self._restore_build_date()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        output, self.output = self.output, None
        if output is not None:
            output.discard()
        if isinstance(error, OutputError):
            raise PluginError(str(error)) from None
        said = output.failure(error) if output is not None and isinstance(error, OSError) else None
        if said is not None:
            raise PluginError(said) from None

    def _close_search_index(self) -> None:
        if self.handover is not None:
            self.handover.close()
            self.handover = None

    def _date_build_from_content(self) -> None:
        # MkDocs stamps the build (sitemap.xml.gz, build_date_utc) with SOURCE_DATE_EPOCH or the
        # clock; unless the caller fixed it, the build's date is the newest date in the content.
        newest = self._site().last_updated
        if "SOURCE_DATE_EPOCH" not in os.environ and newest is not None:
            self._set_epoch = True
            os.environ["SOURCE_DATE_EPOCH"] = str(int(newest.timestamp()))

    def _restore_build_date(self) -> None:
        if self._set_epoch:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._set_epoch = False

    def _site_of(self, page: MkDocsPage) -> Site:
        """The graph of the page's language."""
        return self.site_of.get(page.file.src_uri) or self._site()

    def _site(self) -> Site:
        if self.site is None:  # pragma: no cover - MkDocs always runs on_pre_build first
            raise PluginError("the network plugin ran out of order: no content was loaded")
        return self.site


def _write_outputs(
    sites: dict[str, Site], bodies: dict[str, dict[str, str]], templates: Path | None, config: MkDocsConfig,
    site_dir: Path, memo_in: Callable[[str], Memo] = lambda language: no_memo,
) -> None:
    """Write every feed, calendar, open-data file, e-mail bulletin and icon of every language into `site_dir`.

    `memo_in` gives, for a language, what keeps the files an earlier build made from the same inputs.
    """
    try:
        # Each few files are written as they are made: all of them (90 MB at 1,000 items) are never held at once.
        for code, site in sites.items():
            for files in publish.outputs_each(site, bodies.get(code, {}), templates, memo_in(code)):
                write_files(site_dir, files)
        logo = next(iter(sites.values())).settings.network.logo if sites else None
        if logo:
            render = functools.partial(icons.render_icons, Path(config.docs_dir) / logo)
            write_files(site_dir, memo_in("")("icons", (), render))
    except ValueError as error:  # e.g. no site_url: feeds need absolute addresses
        raise PluginError(f"mkdocs.yml: {error}") from None


class _SearchParts:
    """The search index's parts in the build cache, each under a digest of the pages it indexes."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache

    def find(self, pages: bytes) -> dict[str, bytes] | None:
        found = self.cache.get(self.cache.key("search part", pages))
        return found if isinstance(found, dict) else None

    def keep(self, pages: bytes, bundle: dict[str, bytes]) -> None:
        self.cache.put(self.cache.key("search part", pages), bundle)

    def seen(self, first: bytes) -> bool:
        key = self.cache.key("search part start", first)
        if self.cache.has(key):
            self.cache.keep(key)
            return True
        self.cache.put(key, True)
        return False


def _steps_later(
    sites: dict[str, Site], bodies: dict[str, dict[str, str]], templates: Path | None,
    documents: dict[str, tuple[str | None, str]], config: MkDocsConfig, site_dir: Path,
    memo_in: Callable[[str], Memo], last: Callable[[], None],
) -> Generator[Callable[[], None], None, None]:
    """A dirty preview's work after its pages, step by step: the search index of every page, new or kept; the outputs.

    Pagefind indexes in its own process while the pages are handed over in small steps.
    """
    handover = search.Handover(pages_expected=len(documents))
    try:
        for url, (document, output) in documents.items():
            yield functools.partial(handover.add, document, output, url)
        yield lambda: search.write_bundle(handover.bundle(), site_dir)
    finally:
        handover.close()
    yield functools.partial(_write_outputs, sites, bodies, templates, config, site_dir, memo_in)
    yield last


def _type_modules(names: list[str]) -> list[Path]:
    """The files of a network's own content types (modules beside mkdocs.yml), which make output as our code does."""
    found = (getattr(sys.modules.get(name), "__file__", None) for name in names)
    return [Path(path) for path in found if path]


def _leave_out_editor_leftovers(files: Files) -> None:
    """Files an editor makes while saving (x.md~, #x.md#, sedAbC123) are no part of the site: never published."""
    for file in list(files):
        if is_editor_leftover(Path(file.src_uri).name):
            files.remove(file)


def _autoescaped(template_name: str | None) -> bool:
    """Whether a theme template escapes what it prints: all do, but material's icon styles, built in strings."""
    return template_name not in THEME_MARKUP_IN_STRINGS


def _mark_html(files: Files, config: MkDocsConfig) -> None:
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


def _without_links_out(files: Files, config: MkDocsConfig) -> None:
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
@pass_context
def _lang_attr(context: Any, thing: Any) -> Markup:
    """`item | lang_attr`: ` lang="en"` where the item's words are in another language than the page's."""
    return presentation.in_language(thing, context.get("page_language"))


@pass_context
def _language_name(context: Any, code: str) -> str:
    """`'en' | language_name`: the language's name in the page's words ('ইংরেজি' on a Bangla page)."""
    return presentation.language_name(code, context.get(LOCALE_KEY) or DEFAULT_LOCALE)


@pass_context
def _here(context: Any, path: str) -> str:
    """`'news/' | here`: a section's address in the page's language tree ('bn/news/' on a Bangla page)."""
    graph = context.get("graph")
    return f"{graph.settings.prefix}{path}" if graph is not None else path


@pass_context
def _date_block(context: Any, item: Item) -> presentation.DateBlock | None:
    """`item | date_block`: an event's calendar leaf in the page's words and digits."""
    return presentation.date_block(item, context.get(LOCALE_KEY) or DEFAULT_LOCALE)


def _has_template(env: Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except TemplateNotFound:
        return False
    return True


@pass_context
def _tag_url(context: Any, label: str) -> str:
    """`tag | tag_url`: the tag's page in the language of the page it is on."""
    return tag_url(label, context["graph"].settings.prefix)


def _minify_our_stylesheets(config: MkDocsConfig, site_dir: Path) -> None:
    """Our stylesheets as readers download them: the theme folder's CSS without comments and spaces.

    They are written commented, for people; published, the comments are a tenth of a phone's first visit.
    """
    custom = config.theme.custom_dir
    if not custom:
        return
    for source in sorted(Path(custom).glob(f"{OUR_STYLES}/*.css")):
        published = site_dir / source.relative_to(custom)
        if published.is_file():
            published.write_text(rcssmin.cssmin(published.read_text(encoding="utf-8")), encoding="utf-8")


def _notice(message: str) -> None:
    """A warning line in MkDocs' style that a strict build does not count (the site is still right to publish)."""
    if not notices.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
        notices.addHandler(handler)
        notices.propagate = False
    notices.warning(message)


def _theme_stylesheet(config: MkDocsConfig) -> str:
    """mkdocs-material's stylesheet, whose name carries a hash that changes with each release."""
    for folder in map(Path, config.theme.dirs):
        found = sorted((folder / THEME_STYLES).glob("main.*.min.css"))
        if found:
            return f"{THEME_STYLES}/{found[0].name}"
    raise PluginError("the theme has no assets/stylesheets/main.*.min.css: is mkdocs-material installed?")


def _answer(again: bool) -> Any:
    return lambda: again


def _dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a dirty build leaves pages stale: in a network's preview, the graph decides."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _email_templates(config: MkDocsConfig) -> Path | None:
    """The e-mail templates: the first theme folder (ours first, then the theme's) that has them."""
    for folder in config.theme.dirs:
        if (Path(folder) / EMAIL_TEMPLATES / "bulletin.html").is_file():
            return Path(folder) / EMAIL_TEMPLATES
    return None


def _in_menu(src_uri: str, menu_given: bool) -> InclusionLevel:
    """Whether MkDocs may put a generated page in the menu, and report it when the menu leaves it out.

    A network's own `nav` chooses which generated pages it shows (its choice is not worth a notice);
    without one, MkDocs makes the menu from every page that may be in it: a section's own page
    (news/index.md), never its further pages (news/page/2/, sdgs/5/).
    """
    if menu_given or src_uri.count("/") > 1:
        return InclusionLevel.NOT_IN_NAV
    return InclusionLevel.UNDEFINED


def _page_url(file: File) -> str:
    """A file's address as its page gives it (the home page's is '', where MkDocs' file says './')."""
    return "" if file.url in (".", "./") else file.url


def _move(file: File, url: str) -> None:
    """Give an item the URL its id promises, wherever it sits below its folder."""
    file.dest_uri = f"{url}index.html"
    for cached in ("url", "abs_dest_path", "dest_path"):
        file.__dict__.pop(cached, None)


def _starting_at_content(toc: TableOfContents, title: str) -> TableOfContents:
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


def _stub(page: GeneratedPage) -> str:
    """The Markdown MkDocs reads for a generated page: only meta; the template renders the rest."""
    # JSON strings are valid YAML, and escape whatever a title holds.
    title, description = json.dumps(page.title), json.dumps(page.description)
    return f"---\ntitle: {title}\ndescription: {description}\ntemplate: {page.template}\n---\n"


def _titled_as_in_menu(items: list[Any], entries: list[Any]) -> None:
    """Give another language's pages the titles its menu gives them ('সংবাদ'), as MkDocs does for the default's.

    MkDocs made every page before this menu was read, and keeps a made page's own title: the menu's is set here.
    """
    for item, entry in zip(items, entries, strict=False):
        (title, value), = entry.items()
        if isinstance(value, list):
            _titled_as_in_menu(item.children or [], value)
        elif isinstance(item, MkDocsPage):
            item.title = title


def menu_in(site: Site, menu: Navigation, page_in: Callable[[str], str | None], site_url: str) -> list[Any]:
    """The default language's menu for another language, as MkDocs' `nav` option: its pages where translated,
    titles from the strings table (`nav.<title>`), and links to the default language's pages where not.
    """

    def entry(node: Any) -> Any:
        title = site.strings.get(f"nav.{node.title}", node.title) if node.title else node.title
        if node.is_section:
            return {title: [entry(child) for child in node.children]}
        if node.is_page:
            own = page_in(node.file.src_uri)
            return {title: own} if own is not None else {title: urljoin(site_url, node.file.url)}
        return {title: node.url}

    return [entry(node) for node in menu.items]
