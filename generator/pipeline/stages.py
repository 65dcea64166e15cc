"""One build of a network's site: the graphs, the pages it adds, each page's context, the outputs and the caches.

It knows nothing of the engine that runs it. An engine adapter (generator/engine/plugin.py, for MkDocs and ProperDocs)
converts the engine's objects into the plain values these stages take and calls them in the pipeline's order
(DESIGN.md): `configure` → `load` → `place` each file and `add_pages` → `check_pictures` → bodies (`page_fields`,
`body_rendered`) → `page_context` → `write_outputs` → `finish`. A stage that must stop the build raises
`BuildError`, whose text is the one thing the engine shows.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import rcssmin
from jinja2 import Environment, pass_context
from markupsafe import Markup

from generator.content import body_html, build_now, colours
from generator.content.addresses import page_addresses
from generator.content.errors import ContentError, ContentErrors
from generator.content.front_matter import FrontMatter, SourceFile
from generator.content.leftovers import is_editor_leftover
from generator.content.loading import load_preview, load_sites_told
from generator.content.paths import below, stem
from generator.content.reading import ReadCache
from generator.content.registry import Registry
from generator.content.settings import Settings, placeholder_host
from generator.content.translations import split_language
from generator.fast import collector, heap, page_cache, preview, search_packs
from generator.fast.build_cache import FOLDER as CACHE_FOLDER
from generator.fast.build_cache import BuildCache, Memo, OutputFiles, code_fingerprint, kept_text, no_memo
from generator.fast.compiled_templates import CompiledTemplates
from generator.fast.forked import Beside, BesideError
from generator.fast.kept_files import KeptFiles
from generator.fast.page_writer import PageWriter
from generator.fast.search_beside import SearchBeside
from generator.fast.search_beside import Start as SearchStart
from generator.fast.shared_parts import SharedParts
from generator.fast.timings import TIMINGS
from generator.fast.zygote import Zygote
from generator.graph import languages
from generator.graph.alternates import Alternates
from generator.graph.formatting import LOCALE_KEY
from generator.graph.site import Item, Page, Site
from generator.outputs import calendar, editor, icons, images, mistake_pages, presentation, search, structured_data
from generator.outputs import site_files as publish
from generator.outputs.feeds import absolute
from generator.outputs.folder_links import FolderLinks
from generator.outputs.fonts import PageFonts, font_problem, site_fonts, unused_package_fonts
from generator.outputs.pages import GeneratedPage, feeds_of, generated_pages, home_context, last_modified, own_feeds
from generator.outputs.template_filters import PAGE_FILTERS, card_views, has_template
from generator.pipeline.outputs import WrittenWhenChanged, markdown_unread, steps_later, write_outputs
from generator.pipeline.project import BuildError, Options, Placement, Project, notice
from generator.pipeline.staging import StagedOutput, failure, replace_whole, write_files

log = logging.getLogger("mkdocs.plugins.network")
T = TypeVar("T")

# Below the build cache's folder: copies of the files a build wrote, linked into the next build's site.
KEPT_FILES_FOLDER = "files"
# The page loop's freed memory is handed back to the system this often (a tenth of 10,000 items' pages; 12 ms each).
PAGES_BETWEEN_GIVING_BACK = 1000
EMAIL_TEMPLATES = "email"
THEME_STYLES = "assets/stylesheets"
# Where our own stylesheets sit, in the theme folder and in the site.
OUR_STYLES = "assets"
STOPPED = "Nothing was published: the last good site is unchanged."


class Build:
    """One command's builds of a network's site (a preview builds again on every save, keeping what it can)."""

    def __init__(self, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty  # `serve --dirty`: pages are rendered again only when the graph says they changed
        self.settings: Settings | None = None
        self.types: Registry | None = None
        self.options = Options()
        self.project: Project | None = None
        self.site: Site | None = None
        # The graph in each of the site's languages (the default's is `site`), and which graph each page is from.
        self.sites: dict[str, Site] = {}
        self.site_of: dict[str, Site] = {}
        self.sources: dict[str, SourceFile] = {}
        self.alternates: Alternates | None = None
        self.notices: tuple[str, ...] = ()
        self.generated: dict[str, GeneratedPage] = {}
        self.items_by_src: dict[str, Item] = {}
        self.bodies: dict[str, dict[str, str]] = {}  # language → item key → rendered body
        self.content_errors: tuple[ContentError, ...] = ()
        # While previewing, items left out for their mistakes keep their address: src_uri → what their page shows.
        self.mistake_pages: dict[str, mistake_pages.MistakePage] = {}
        self.images: images.ResponsiveImages | None = None
        self.output: StagedOutput | None = None
        self._set_epoch = False
        # Caches: what a build keeps for the next (on disk) and what one command keeps between its builds.
        self.cache = BuildCache.disabled()
        self.fingerprint: str | None = None  # of the code, worked out once per command
        self.read_cache = ReadCache()
        self.page_outputs = page_cache.PageOutputs(self.cache, None)
        self.shared_parts: SharedParts | None = None
        self.fingerprints = preview.Fingerprints()
        self.static_copies = preview.StaticCopies(self.fingerprints)  # a dirty preview's pictures and attachments
        self.site_digest: str | None = None  # what every page is made from, but items' own bodies
        self.dates_asked: list[build_now.Asked] = []  # what loading and the generated pages asked of 'now'
        self._footers: dict[str, tuple[Site, presentation.Footer]] = {}
        self._described: tuple[Site, Markup] | None = None
        self.editor_files: tuple[Any, dict[str, bytes]] | None = None  # the editor's files, and what they are from
        self.editor_written: dict[str, bytes] | None = None  # the editor's files a dirty preview last wrote in place
        self._told_placeholder = False
        # The search index: handed pages as they are written, or the last build's when every page is the same.
        self.search_index: SearchBeside | None = None
        # The process making the search index, started while the content loads (the machine's other core has
        # nothing else to do then), and told how to make it once the pages are known.
        self._search_process: SearchBeside | None = None
        self._search_start: SearchStart | None = None  # how the index is made, until it is known to be needed
        self.kept_search_index: dict[str, bytes] | None = None
        self.outputs_beside: Beside[dict[str, tuple[int, int]]] | None = None
        self._zygote: Zygote | None = None  # forked small, to make the feeds and the rest beside the pages
        self.kept_files = KeptFiles(None)  # copies of the files a build writes, linked into the next build's site
        self.page_writer = PageWriter(self.kept_files)  # a build's finished pages, written on a thread of their own
        self._pages_giving_back = heap.Regularly(PAGES_BETWEEN_GIVING_BACK)
        # While previewing: what the last build was made from, and the work that follows a dirty build's pages.
        self.snapshot: preview.Snapshot | None = None
        self.unchanged = False  # nothing the pages are made from changed (an editor wrote its swap file, say)
        self.rendering = preview.Rendering(frozenset(), frozenset())  # what this dirty preview's build renders
        self.owed: frozenset[str] = frozenset()  # the pages the last builds left to the next (src_uri)
        self.built: set[str] = set()  # the pages this build rendered and wrote (src_uri)
        self.save_waiting: Callable[[], bool] = lambda: False  # whether a save came since this preview build began
        self.search_documents: dict[str, tuple[str | None, str]] = {}  # each page's searchable part, or the page
        self.built_pages: dict[str, str] = {}  # src_uri → dest_uri of the last preview build's pages
        self.afterwards = preview.Afterwards()
        self.kept_outputs = preview.KeptOutputs()
        self.kept_search = preview.KeptSearch()
        self.written_later = WrittenWhenChanged()  # what a dirty preview's work after its pages last wrote
        self.compiled_templates = CompiledTemplates()  # each build's, kept for the next
        # Links written to a page's folder (../events/x/), turned into links to its file once addresses are known.
        self.folder_links = FolderLinks()
        self.page_fonts: dict[str, PageFonts] = {}  # each language's fonts, from the network's and the package's

    # --- configure: before anything is read ---

    def save_heard(self) -> None:
        """A preview heard a save (on the thread that hears them): the work after the last save's pages stops at its
        next step, rather than share the processor with the next build while it starts."""
        self.afterwards.cancel()

    def configure(self, settings: Settings, types: Registry, options: Options, project: Project) -> None:
        """Take the network's settings for this build; stop if its logo is not a picture in content/, or its colours
        read below WCAG AA."""
        self.afterwards.cancel()  # the last preview's feeds and index would be out of date: they are made again
        TIMINGS.reset()
        collector.paced_for_builds()
        self.settings, self.types, self.options, self.project = settings, types, options, project
        self._check_logo()
        self.page_fonts = self._fonts()
        self._check_colours()
        self._say_if_site_url_is_a_placeholder()

    def stage_output(self, site_dir: Path) -> Path:
        """Where pages are written: a staging folder published whole at the end (the site folder itself, dirty)."""
        self.output = None
        if self.dirty:
            return site_dir  # a dirty preview builds in place: the pages it does not render again are the last one's
        try:
            self.output = StagedOutput(site_dir)
        except OSError as error:  # a read-only or full disk: one line, not a traceback
            raise BuildError(failure(site_dir, error) or str(error)) from None
        return self.output.staging_dir

    def open_cache(self) -> None:
        """The build cache beside mkdocs.yml, unless the network turned it off (`cache: false`)."""
        project = self._project()
        self.cache.close()
        folder = (project.config_file.parent if project.config_file else Path(".")).resolve() / CACHE_FOLDER
        if not self.options.cache:
            self.cache = BuildCache.disabled()
        else:
            if self.fingerprint is None:
                self.fingerprint = code_fingerprint(_type_modules(self.options.content_types))
            self.cache = BuildCache(folder, self.fingerprint)
        self.read_cache.kept = self.cache if self.cache.enabled else None
        # A preview writes few files, and in place when dirty: only a build links them from the cache.
        linked = self.cache.enabled and self.command == "build" and not self.dirty
        self.kept_files = KeptFiles(folder / KEPT_FILES_FOLDER if linked else None)
        self.page_writer = PageWriter(self.kept_files)
        self._stop_zygote()
        if self.command == "build" and not self.dirty:
            # Now, while the build holds its configuration alone: the feeds' process later holds only what it needs.
            types = self._types()
            self._zygote = Zygote({"types": types, **{f"type {declared.folder}": declared for declared in types}})

    def theme_icons(self) -> dict[str, str]:
        """The theme's favicon and header logo: the icons made from the network's logo, where it has one."""
        if not self._settings().network.logo:
            return {}
        return {"favicon": icons.icon_path(icons.FAVICON), "logo": icons.icon_path(icons.SMALL)}

    @property
    def default_language(self) -> str:
        return self._settings().default_language

    # --- load: validation runs before any output is touched; a content error stops a build here ---

    @TIMINGS.stage("load, validate and link the content")
    def load(self) -> None:
        """Read, validate and link content/; a build stops on a mistake, a preview shows them and goes on."""
        settings, types = self._settings(), self._types()
        docs = self._project().docs_dir
        self.content_errors = ()
        self.dates_asked = build_now.start()  # what loading and the generated pages ask of 'now', for the digest
        self._close_search_index()
        if not self.dirty:
            self._search_process = SearchBeside()
        if self.command == "serve":
            self.sites, self.content_errors, self.notices = load_preview(docs, settings, types, self.read_cache,
                                                                         self._project().layout)
            if self.content_errors:
                log.error("Content mistakes found:\n%s", ContentErrors(self.content_errors).report())
        else:
            try:
                self.sites, self.notices = load_sites_told(docs, settings, types, self.read_cache,
                                                           self._project().layout)
            except ContentErrors as errors:
                raise BuildError(f"Content mistakes found:\n{errors.report()}\n{STOPPED}") from None
            # A build reads content/ once: what reading keeps for the next read (each file's checks and links, 33 MB
            # at 10,000 items, all in the build cache now) is let go of, as the pages are made.
            self.read_cache = ReadCache(self.read_cache.kept)
        self.site = self.sites[settings.default_language]
        for said in self.notices:
            log.info("Notice: %s", said)
        self._date_build_from_content()

    # --- pages: every content file's address, then the pages the graph adds ---

    def start_placing(self) -> None:
        self.items_by_src, self.site_of, self.sources, self.mistake_pages = {}, {}, {}, {}

    def publishes(self, src_uri: str, page: bool, in_content: bool) -> bool:
        """Whether a file the engine found is part of the site (a page, a picture, an attachment)."""
        if is_editor_leftover(src_uri.rpartition("/")[2]):
            return False  # files an editor makes while saving (x.md~, #x.md#, sedAbC123) are never published
        # The e-mail edition's templates sit in the theme folder but are build inputs, not pages; content/email/'s
        # own files are staff's, and published.
        return page or in_content or not src_uri.startswith(f"{EMAIL_TEMPLATES}/")

    def place(self, src_uri: str) -> Placement | None:
        """Where a content file's page goes in its language, noting what it is; None if it has no page."""
        original, language = split_language(src_uri, self._settings().translated_languages)
        site = self.sites[language or self._settings().default_language]
        translation = language is not None
        kind = original.split("/", 1)[0]
        if "/" in original and kind in site.types:
            item = site.get(kind, stem(original))
            if item is None and not translation:
                # A draft or scheduled item, left out of this build; or one with mistakes, which a preview shows.
                return self._keep_with_its_mistakes(src_uri)
            if item is None or (translation and item.translation is None):
                return None  # a translation of something left out, or one the preview lists as a mistake
            self.items_by_src[src_uri] = item
            self.sources[src_uri] = item.translation.source if translation and item.translation else item.source
            # Items are reached through listings, never the menu.
            placement = Placement(item.url, in_menu=False)
        else:
            page = site.page(original.removesuffix(".md"))
            if page is None or (translation and page.translation is None):
                return None
            self.sources[src_uri] = page.translation.source if translation and page.translation else page.source
            placement = Placement(page.url, in_menu=False) if translation else Placement(None, in_menu=True)
        self.site_of[src_uri] = site
        return placement

    def _keep_with_its_mistakes(self, src_uri: str) -> Placement | None:
        """While previewing, keep an item left out for its mistakes at its address, on a page that shows them."""
        if self.command != "serve":
            return None
        page = mistake_pages.mistake_page(self._project().docs_dir, src_uri, self.content_errors, self._types())
        if page is None:
            return None
        self.mistake_pages[src_uri] = page
        # Its address, unless a valid item has it (two bulletins of one number): that one is the page.
        free = page.url is not None and all(item.url != page.url for item in self._site().items)
        return Placement(page.url if free else None, in_menu=False)

    def add_pages(self, taken: Iterable[str]) -> list[tuple[GeneratedPage, bool]]:
        """The pages the graph adds in every language, but where staff wrote a page; each with whether the
        engine's menu may list it."""
        taken = set(taken)
        # The staff guide shows the network's own translations as examples: each one's original and language.
        translated = {(written.translation.original, code) for code, site in self.sites.items()
                      for written in (*site.items, *site.pages) if written.translation is not None}
        made = {code: generated_pages(site, translated) for code, site in self.sites.items()}
        default = self._settings().default_language
        self.folder_links.addresses = page_addresses(self.sites[default], (page.src_uri for page in made[default]))
        self.generated = {page.src_uri: page for pages in made.values() for page in pages if page.url not in taken}
        for code, pages in made.items():
            for page in pages:
                if page.src_uri in self.generated:
                    self.site_of[page.src_uri] = self.sites[code]
        self.alternates = Alternates(self.sites, made)
        return [(page, self._may_be_in_menu(page)) for page in self.generated.values()]

    def _may_be_in_menu(self, page: GeneratedPage) -> bool:
        """Whether the menu may list a generated page (and the engine say so when its menu leaves it out).

        Another language's pages are in its own menu, never the default one's. A network's own menu chooses
        which generated pages it shows (its choice is not worth a notice); without one, the menu is made from
        every page that may be in it: a section's own page (news/index.md), never its further pages
        (news/page/2/, sdgs/5/).
        """
        own = not self.site_of[page.src_uri].settings.prefix
        return own and not self._project().menu_given and page.src_uri.count("/") <= 1

    def check_pictures(self) -> None:
        """Every item's picture is read now, so a file that is no picture stops the build before rendering."""
        self.images = images.ResponsiveImages(self._project().docs_dir)
        self._image_mistakes(self.images.check_items(self.items_by_src.values()))

    def what_changed(self, pages: Sequence[str], may_follow: bool) -> tuple[preview.Changes, preview.Rendering]:
        """Which of a dirty preview's pages are rendered again (all of them, or the items whose body alone changed),
        and which of them first (`may_follow`: the preview can serve pages while a build renders the others)."""
        sources = [*self.sources.values(), *(mistake.source for mistake in self.mistake_pages.values())]
        now = preview.snapshot(sources, self.content_errors, self._watched(theme=False), self.fingerprints)
        # An item's page, or the page of an item with mistakes, is made from its own file alone.
        changes = preview.what_changed(self.snapshot, now, {*self.items_by_src, *self.mistake_pages})
        self.snapshot = now
        self.rendering = preview.plan(changes, pages, self.owed, may_follow)
        self.unchanged = changes.pages == frozenset() and not self.rendering.now
        self.built = set()
        return changes, self.rendering

    def page_built(self, src_uri: str) -> None:
        """A preview's page is rendered and written (one the build before left is owed no more)."""
        if self.dirty:
            self.built.add(src_uri)

    def forget_pages_gone(self, built: dict[str, str], urls: Iterable[str], site_dir: Path) -> None:
        """A dirty preview's pages whose file is gone or whose address changed leave the preview (and its index)."""
        for dest_uri in set(self.built_pages.values()) - set(built.values()):
            (site_dir / dest_uri).unlink(missing_ok=True)
        self.built_pages = built
        indexed = {search.index_url(url) for url in urls}
        self.search_documents = {url: doc for url, doc in self.search_documents.items() if url in indexed}

    # --- before rendering: the caches learn what the site is made from; the search index starts ---

    def start_rendering(self, config_text: str, addresses: Iterable[str], pages_expected: int) -> None:
        """Every file's address is final: the pages kept from the last build are known, and Pagefind starts."""
        self.site_digest = page_cache.site_digest(
            config_text=config_text,
            sources=[*self.sources.values(), *(mistake.source for mistake in self.mistake_pages.values())],
            own_bodies=(self.sources[uri].src_uri for uri in self.items_by_src),
            errors=self.content_errors,
            surroundings=self.fingerprints.of(self._watched(theme=True)),
            sites=self.sites,
            addresses=addresses,
            dates=build_now.stop(self.dates_asked),
        )
        self.page_outputs = page_cache.PageOutputs(self.cache, self.site_digest if self.cache.enabled else None,
                                                   self._site().settings.now)
        if not self.dirty:  # (loading closed any earlier build's index)
            self._search_start = SearchStart(*self.cache.place, max(1, self.options.search_part_pages),
                                             pages_expected)

    def _watched(self, theme: bool) -> list[Path]:
        """What pages are made from besides content files: content/'s other files, watched folders, mkdocs.yml."""
        project = self._project()
        watched = [project.docs_dir, *project.watch, *(project.theme_dirs[:1] if theme else ())]
        if project.config_file:
            watched.append(project.config_file)
        return watched

    # --- bodies ---

    @TIMINGS.stage("per-page work")
    def page_fields(self, src_uri: str, read: Mapping[str, Any]) -> dict[str, Any]:
        """A page's fields as its template reads them: its file's, its type's template, its description."""
        source = self._source_of(src_uri)
        # A copy: more is added below. The engine read a file that loading did not (a generated page's stub).
        fields = dict(source.front.data or {}) if source is not None and source.front.has_front_matter else dict(read)
        item = self.items_by_src.get(src_uri)
        translated = self._written(src_uri)
        if translated is not None and translated.translation is not None:
            # A translation restates only what it translates: the rest (a page's template) is the original's.
            fields = {**dict(translated.source.front.data or {}), **fields}
        if item is not None:
            fields.setdefault("template", item.type.item_template)
            fields.setdefault("description", item.summary)
            fields.setdefault("title", item.headline)
        elif "summary" in fields:  # plain pages: the summary is the meta description too
            fields.setdefault("description", str(fields["summary"]))
        mistake = self.mistake_pages.get(src_uri)
        if mistake is not None:
            fields = mistake.meta
        return fields

    def last_modified(self, src_uri: str) -> str:
        """The page's date for the sitemap: from the content, never from the day of the build."""
        return last_modified(self.site_of_page(src_uri), self.items_by_src.get(src_uri)).isoformat()

    def markdown_of(self, src_uri: str) -> str | None:
        """A content file's body as loading read it, behind an empty front matter (None: the engine reads it)."""
        source = self._source_of(src_uri)
        if source is None or not source.front.has_front_matter:
            return None
        return "---\n{}\n---\n" + source.front.body

    @TIMINGS.stage("per-page work")
    def body_rendered(self, src_uri: str, html: str, url: str) -> str:
        """An item's rendered body is kept once, for feeds and e-mail; the page gets its responsive pictures."""
        html = body_html.without_script_links(html)  # check names each as a mistake; none is ever published clickable
        item = self.items_by_src.get(src_uri)
        if item is not None:
            # Feeds and e-mail keep the plain <img>: no relative srcset there.
            self.bodies.setdefault(item.site.settings.language, {})[item.key] = html
        pictures = self._images()
        html, mistakes = pictures.rewrite(html, url, self._source_of(src_uri))
        self._image_mistakes(mistakes)
        return html

    # --- page context: templates render what the graph already decided ---

    def template_helpers(self, env: Environment, stop: type[Exception] = BuildError) -> None:
        """Give the templates their filters and the values every page's frame shows (the 404 page's too)."""
        env.filters.update(PAGE_FILTERS)
        env.filters["picture"] = self._picture
        env.filters["kind_swatch"] = functools.partial(presentation.kind_swatch, types=self._types())
        env.filters["card_view"] = card_views(self._types())
        env.globals["theme_translations"] = functools.partial(presentation.theme_translations,
                                                              functools.partial(has_template, env))
        site = self._site()
        # What a page without a page context (the 404 page) says its words with.
        env.globals["t"] = site.strings
        env.globals["script_classes"] = languages.script_classes(site.settings.language)
        env.globals["page_fonts"] = self.page_fonts.get(site.settings.language)
        env.globals["direction"] = languages.direction(site.settings.language)
        env.globals["site_languages"] = presentation.not_found_links(self.sites)
        env.globals["network"] = site.settings.network
        env.globals["footer"] = presentation.footer(site, self._project().copyright)
        env.globals["theme_stylesheet"] = self._theme_stylesheet()
        self.compiled_templates.use(env, self.cache)
        # Last, over the address filters above: menu, header, footer and cards are made once per way they come out.
        # A part that reads what no key can hold stops the build with `stop`, which the engine shows as one line.
        self.shared_parts = SharedParts(env, share=self.options.shared_parts, stop=stop)

    @TIMINGS.stage("per-page work")
    def page_context(self, src_uri: str, url: str, template: str | None, is_homepage: bool,
                     site_name: str) -> dict[str, Any]:
        """What a page's template is given besides the engine's own values (the menu, the page)."""
        site = self.site_of_page(src_uri)
        values: dict[str, Any] = {}
        language = site.settings.language
        values["graph"] = site
        values[LOCALE_KEY] = site.settings.locale
        values["page_language"] = language
        values["page_fonts"] = self.page_fonts.get(language)
        values["script_classes"] = languages.script_classes(language)
        values["direction"] = languages.direction(language)
        values["t"] = site.strings
        values["alternates"] = self.alternates.of(url) if self.alternates and len(self.sites) > 1 else ()
        values["language_links"] = presentation.language_links(values["alternates"], language, self._settings().words)
        values["hreflangs"] = presentation.hreflangs(values["alternates"], functools.partial(absolute, site.settings))
        values["og_locale"] = presentation.og_locale(site.settings.locale)
        values["network"] = site.settings.network
        # The site's name: mkdocs.yml's site_name, and in another language the network's name in that language.
        own_name = "name" in site.settings.network.translations.get(language, {})
        values["site_title"] = site.settings.network.name if site.settings.prefix or own_name else site_name
        values["feeds"] = feeds_of(site, url)
        values["own_feeds"] = own_feeds(site, url)
        values["footer"] = self._footer(site)
        values["content_errors"] = self.content_errors
        values["layout"] = presentation.layout_for(template, src_uri in self.items_by_src)
        if site.settings.network.logo:
            values["touch_icon"] = icons.icon_path(icons.TOUCH)
            # Share previews need an absolute address; without site_url the build stops later anyway.
            if site.settings.site_url:
                values["share_image"] = absolute(site.settings, icons.icon_path(icons.LARGE))
        item = self.items_by_src.get(src_uri)
        values["structured_data"] = [self._network_description(site)]
        if item is not None:
            values["search_entry"] = search.entry_for_item(item, site)
        elif src_uri not in self.generated and not is_homepage:
            values["search_entry"] = search.entry_for_content_page(site)
        values["unreviewed"] = presentation.unreviewed(self._written(src_uri), values["alternates"])
        if item is not None:
            values["item"] = item
            values.update(item.page_context())
            # An event that is over is not offered to a calendar app (its page says when it was).
            if (offered := calendar.offered_calendar(item)) is not None:
                values["event_calendar"] = offered
            described = structured_data.for_item(item, site)
            if described is not None:
                values["structured_data"].append(structured_data.script_json(described))
        generated = self.generated.get(src_uri)
        if generated is not None:
            values.update(generated.context)
        if template == "home.html":
            values.update(home_context(site))
        if template == "subscribe.html":
            values["subscriptions"] = publish.subscriptions(site)
        mistake = self.mistake_pages.get(src_uri)
        if mistake is not None:
            # The page of an item with mistakes: they come first, other files' after; it is no search result.
            values["mistake"] = mistake
            values["content_errors"] = mistake_pages.others(self.content_errors, mistake)
            values.pop("search_entry", None)
        return values

    def _footer(self, site: Site) -> presentation.Footer:
        """The footer of the pages in the graph's language: made once per graph."""
        if self._footers.get(site.settings.language, (None,))[0] is not site:
            self._footers[site.settings.language] = (site, presentation.footer(site, self._project().copyright))
        return self._footers[site.settings.language][1]

    def _network_description(self, site: Site) -> Markup:
        """The network's JSON-LD, the same on every page: made once per graph (0.2 ms a page, 2 s at 10,000 items)."""
        if self._described is None or self._described[0] is not site:
            self._described = (site, structured_data.script_json(structured_data.network(site)))
        return self._described[1]

    # `item.image | picture`: the page's <picture> attributes, or None for a web address, SVG or GIF;
    # `item.image | picture("card")` for the picture of a card in a grid.
    @pass_context
    def _picture(self, context: Any, image: Any, slot: str = "article") -> images.Picture | None:
        try:
            responsive = self._images().get(image.src, lambda: images.Use("", 0, "image.src"))
        except ContentErrors:  # reported when the files were placed; the preview shows the plain <img>
            return None
        if responsive is None:
            return None
        return responsive.for_page(context["page"].url, presentation.PICTURE_SIZES.get(slot, images.SIZES))

    # --- the search index: each finished page, as readers get it ---

    def keep_search_index(self) -> None:
        """When every page is as the last build made it, so is the search index: Pagefind need not run. Otherwise
        the process making it starts, to be sent each page as it is finished."""
        self.kept_search_index = None
        start = self._search_start
        if start is None:
            self._close_search_index()  # the process started while loading is not needed
            return
        key = self.page_outputs.every_page_key("search index")
        found = self.cache.get(key) if key is not None else None
        if isinstance(found, dict) and key is not None:
            self.kept_search_index = found
            self.cache.keep(key)
            self._close_search_index()
            return
        self.search_index = self._search_process or SearchBeside()
        self._search_process = self._search_start = None
        self.search_index.begin(start)

    @TIMINGS.stage("search index: pages handed to Pagefind")
    def index_page(self, page: page_cache.Page, output: str, url: str) -> None:
        as_kept = self.page_outputs.as_kept(page, output)
        if self.search_index is not None:
            # A page whose output was read from the build cache goes to the search index's process as its key: the
            # process finds the page's searchable part there (or its output, once), not the build on every page.
            output_key, read = as_kept if as_kept is not None else (None, False)
            self.search_index.add(None if read else output, search.index_url(url), output_key)
        elif self.dirty:  # a preview's pages: their searchable parts are kept for the index made after them
            document = search.searchable(output)
            self.search_documents[search.index_url(url)] = (document, output if document is None else "")
        # A kept index needs no page's searchable part: taking it is a parse of the whole page.

    def _close_search_index(self) -> None:
        self._search_start = None
        for process in (self.search_index, self._search_process):
            if process is not None:
                process.close()
        self.search_index = self._search_process = None

    # --- outputs: feeds, calendars, e-mail, open data, pictures, the editor; then the site is published ---

    def write_page(self, page: page_cache.Page, path: str, output: str) -> bool:
        """Hand a build's finished page to its writer; False for a clean preview's, which the engine writes itself
        (it serves each page as soon as it is written)."""
        linked, kept_as = self.page_outputs.to_write(page, output)
        if self.dirty:
            # Served from the folder it is written in, by a build that follows another too: whoever fetches the page
            # meanwhile gets the old one or the new, never part of one (as the engine encodes it).
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            replace_whole(path, output.encode("utf-8", errors="xmlcharrefreplace"))
            return True
        if self.command != "build":
            return False
        self.page_writer.write(path, output, kept_as, linked)
        self._pages_giving_back.tick()
        return True

    def pages_written(self) -> None:
        """Every page is on disk, before anything after the pages reads the site's folder; a failed write raised."""
        writer = self.page_writer
        writer.finish()
        # A page linked to a copy gone since the build began (another build sharing the cache dropped it): its output.
        for path, output_key in writer.not_linked:
            output = self.cache.get(output_key)
            if not isinstance(output, str):
                raise BuildError(f"The build cache changed while {path} was written: build again.")
            writer.write(path, output, output_key)
        writer.finish()
        self.page_outputs.note_files(writer.names)
        writer.names, writer.not_linked = {}, []
        # What the last pages left freed goes back now, as the search index's process joins its parts beside the
        # build: the other moment the memory of all of them together peaks.
        heap.give_back()

    def start_outputs_beside(self, site_dir: Path) -> None:
        """A build's feeds, calendars and e-mail edition are made in a forked process while the pages render:
        every body they carry is rendered by now."""
        self._stop_outputs_beside()
        if self.command != "build" or self.dirty:
            return
        self.cache.settle()  # its thread would not cross the fork
        self.outputs_beside = self._beside(functools.partial(
            _outputs_beside, self.sites, self.bodies, self._email_templates(), self._project().docs_dir, site_dir,
            self.cache.place, self.page_outputs.site, self._site().settings.now, self.kept_files))
        self.bodies = {}  # the process has its own copy: the build needs them no more
        # What rendering the Markdown freed (the bodies, their trees, the workers' results, the work's pickler) is
        # handed back before the page loop, while the processes beside the build take their largest share of the
        # machine's memory: here, once a zygote has the work and nothing here holds it (its bodies are 50 MB at
        # 10,000 items). A process forked for it holds it to the end, sharing the build's memory, which it leaves be.
        heap.give_back()

    def _beside(self, work: Callable[[], dict[str, tuple[int, int]]]) -> Beside[dict[str, tuple[int, int]]]:
        """The work started beside the build: handed to the zygote, or forked."""
        zygote, self._zygote = self._zygote, None
        # A page kept from an earlier build was made under the same site digest as this build's, which keys the feeds
        # too: nearly all are kept, the process forked now ends in seconds, and little of the build's memory is copied
        # in that time; handing its work over would cost the build a second at 10,000 items for nothing.
        # Where no page is kept (a cold build, a field edited) it makes everything, for a minute at 10,000 items.
        if zygote is not None and self.page_outputs.chosen == 0:
            handing = time.perf_counter()
            started = zygote.start(work, self._what_beside_reads())
            TIMINGS.add("feeds' process: its work handed over", time.perf_counter() - handing)
            if started is not None:
                return started
        elif zygote is not None:
            zygote.stop()
        return Beside(work)

    def _what_beside_reads(self) -> dict[type, Any]:
        """What the work beside the build needs of the objects it is handed (Zygote.start's `lighter`): our outputs
        read of front matter only an item's Markdown where its language has no rendered body, and a page's. A
        network's own types run their own code there (their items' facts, their files), which may read anything:
        with any, everything is handed over."""
        if self.options.content_types:
            return {}
        return {FrontMatter: _as_outputs_read(markdown_unread(self.sites, self.bodies))}

    def _stop_zygote(self) -> None:
        if self._zygote is not None:
            self._zygote.stop()
            self._zygote = None

    def _stop_outputs_beside(self) -> None:
        if self.outputs_beside is not None:
            self.outputs_beside.stop()
            self.outputs_beside = None

    def write_outputs(self, site_dir: Path) -> None:
        """Everything but the pages: stylesheets, pictures, the editor, then feeds and search (or, dirty, later)."""
        self.page_outputs.stop_reading()
        # main.html loads none of mkdocs-material's scripts, so its bundle and search workers are not published.
        shutil.rmtree(site_dir / "assets/javascripts", ignore_errors=True)
        for path in unused_package_fonts(self.page_fonts.values()):
            (site_dir / path).unlink(missing_ok=True)
        self._minify_our_stylesheets(site_dir)
        started = time.perf_counter()
        try:
            if self.images is not None:
                self.images.write(site_dir, previous=site_dir if self.output is None else self.output.final_dir)
        except ContentErrors as errors:
            self._image_mistakes(list(errors.errors))
        TIMINGS.add("responsive images", time.perf_counter() - started)
        # Staff's browser editor, configured from the content types; not a page, so in no menu, sitemap or index.
        # A dirty preview builds in its own folder: what it wrote there is there (its script alone is 5 MB).
        editor_files = self._editor_files()
        if not (self.dirty and editor_files is self.editor_written):
            write_files(site_dir, editor_files, self.kept_files.write)
            self.editor_written = editor_files if self.dirty else None
        if self.dirty:
            self.owed = self._pages_left()
        if not self.dirty:
            self._write_feeds_and_search(site_dir)
        # When nothing changed, what the last build's work wrote is still right, if it finished. While pages follow,
        # the work waits for them (the search index holds their text), rather than share the processor with them.
        elif not self.owed and not (self.unchanged and self.afterwards.done):
            # The edited page is served now; feeds, calendars and the search index follow.
            sites, bodies, templates = dict(self.sites), dict(self.bodies), self._email_templates()
            documents = dict(self.search_documents)
            site, kept = self.site_digest or "", self.kept_outputs
            self.afterwards.start(steps_later(sites, bodies, templates, documents, self._project().docs_dir,
                                               site_dir, lambda code: kept.memo(site, code), self._preview_idle,
                                               self.kept_search, max(1, self.options.search_part_pages),
                                               self.written_later))
        log.debug("Pages kept from the last build: %d (%d of them linked to their files' copies, not read)",
                  self.page_outputs.reused, self.page_outputs.linked)
        if self.shared_parts is not None:
            log.debug("Shared parts of pages: %d rendered, %d reused (%d kinds)", self.shared_parts.rendered,
                      self.shared_parts.reused, len(self.shared_parts.parts))

    def _write_feeds_and_search(self, site_dir: Path) -> None:
        started = time.perf_counter()
        beside, self.outputs_beside = self.outputs_beside, None
        self._stop_zygote()  # not handed the work (it was made here, or no pages were built)
        if beside is not None:
            try:
                copies = beside.result()
            except BesideError as error:
                raise BuildError(str(error)) from None
            self.kept_files.add(copies)
        else:
            write_outputs(self.sites, self.bodies, self._email_templates(), self._project().docs_dir, site_dir,
                           self._output_memo, self.kept_files.write)
        TIMINGS.add("feeds, calendars, open data, e-mail, icons", time.perf_counter() - started)
        started = time.perf_counter()
        beside_index, self.search_index = self.search_index, None
        # Every file but the search index's is written: they are counted (for the host's limit) while Pagefind
        # finishes. A listing of 10,000 folders asks the disk again for those it has let go of since they were
        # written: up to a second on this machine, which the wait for the index hides.
        counting = ThreadPoolExecutor(1, thread_name_prefix="site-files-counted")
        others = counting.submit(search_packs.files_besides, site_dir, (search.SEARCH_DIR,))
        try:
            if self.kept_search_index is not None:
                self._write_search_index(self.kept_search_index, site_dir, others)
            elif beside_index is not None:
                index = beside_index.index()
                log.debug("Search index parts kept from the last build: %d of %d", index.parts_kept, index.parts)
                log.debug("Pages whose searchable part was kept from the last build: %d of %d",
                          index.documents_kept, beside_index.pages)
                # Under every page's output as it is now known (the pages rendered have said what 'now' answered them).
                search_key = self.page_outputs.every_page_key("search index")
                if search_key is not None:
                    self.cache.put(search_key, index.bundle)
                    self.cache.made_of(search_key, index.made_of)
                self._write_search_index(index.bundle, site_dir, others)
        except RuntimeError as error:
            raise BuildError(str(error)) from None
        finally:
            counting.shutdown(wait=True)
            if beside_index is not None:
                beside_index.close()
        TIMINGS.add("search index: written", time.perf_counter() - started)

    def _write_search_index(self, bundle: dict[str, bytes], site_dir: Path, others: Future[int]) -> None:
        """The search index, written last, its pages' texts packed a few to a file if the site would otherwise hold
        more files than the network's host takes (`others`: how many the site holds besides the index)."""
        limit = self.options.host_file_limit
        fitted = search_packs.fit(bundle, others.result(), limit)
        if fitted.files > limit:
            notice(f"mkdocs.yml: host_file_limit: expected a site of at most {limit:,} files (the most its host "
                   f"takes), found {fitted.files:,} files: too many even with the search index's page texts packed a "
                   "few to a file, so they stay one a file; the host may refuse the site")
        log.debug("Search index: %d pages' texts to a file; the site holds %d files", fitted.pages_per_pack,
                  fitted.files)
        search.write_bundle(fitted.bundle, site_dir, self.kept_files.write)

    def _output_memo(self, language: str) -> Memo:
        """Feeds, calendars and the rest kept by the last build, for a site whose graph is the same (in `language`)."""
        site = self.page_outputs.site
        if site is None:
            return no_memo if self.command != "serve" or self.site_digest is None else self.kept_outputs.memo(
                self.site_digest, language)
        return _output_memo(self.cache, site, self._site().settings.now, self.kept_files, language)

    def _pages_left(self) -> frozenset[str]:
        """The pages a dirty preview's build leaves to the next: its own to follow, and those a save stopped it from
        rendering."""
        unbuilt = self.rendering.now - self.built
        # A page the engine would not build however often asked (none is known) is not asked for again and again.
        stopped = not self.rendering.catching_up or self.save_waiting()
        return self.rendering.later | (unbuilt if stopped else frozenset())

    def _editor_files(self) -> dict[str, bytes]:
        """The browser editor's files, made again only when what they are made from changed (a preview's rebuild)."""
        project, backend = self._project(), self.options.editor
        assert backend is not None
        pages = editor.plain_pages(self._site())
        languages = {code: tuple(sorted(page.source.src_uri for page in self.sites[code].pages if page.translation))
                     for code in self._site().settings.translated_languages if code in self.sites}
        made_from = (pages, backend, project.site_name, self.options.content_types, tuple(languages.items()))
        if self.editor_files is None or self.editor_files[0] != made_from:
            # Its configuration (100 KB of YAML, a quarter of a second to write) is kept from the last build.
            written = functools.partial(kept_text, self.cache, "editor configuration", write=editor.config_yaml)
            self.editor_files = (made_from, editor.admin_files(self._types(), pages, backend, project.site_name,
                                                               languages, written))
        return self.editor_files[1]

    def _minify_our_stylesheets(self, site_dir: Path) -> None:
        """Our stylesheets as readers download them: the theme folder's CSS without comments and spaces.

        They are written commented, for people; published, the comments are a tenth of a phone's first visit.
        """
        custom = self._project().custom_dir
        if not custom:
            return
        for source in sorted(custom.glob(f"{OUR_STYLES}/*.css")):
            published = site_dir / source.relative_to(custom)
            if published.is_file():
                published.write_text(rcssmin.cssmin(published.read_text(encoding="utf-8")), encoding="utf-8")

    def finish(self, publish: bool) -> Path | None:
        """Save the caches and publish the staged site whole (or keep the last good one); the site's folder."""
        self.compiled_templates.keep()
        self.cache.save(full_build=not self.dirty)
        self.cache.close()
        self.kept_files.save()
        TIMINGS.write_if_asked()
        self._restore_build_date()
        if self.command == "serve":
            collector.set_aside_between_saves()
        output, self.output = self.output, None
        if output is None:
            return None
        if publish:
            output.publish()
        else:
            output.discard()  # the engine aborts right after this: keep the last good site
        return output.final_dir

    def _preview_idle(self) -> None:
        """The preview's work after a save is done: what it no longer needs goes."""
        self.kept_outputs.forget_unused()
        collector.look_through_everything()

    def command_ends(self) -> None:
        """The MkDocs command is over (its last build written, its preview stopped): the process ends."""
        collector.let_go_at_exit()

    def abort(self, error: Exception) -> str | None:
        """Throw the failed build's staging away; one line for an error staff can act on (a full disk, say)."""
        self.page_writer.stop()  # before its folder is thrown away
        if self.dirty:  # a preview's pages this build did not render are rendered by the next
            self.owed = self.owed | self.rendering.later | (self.rendering.now - self.built)
        self._stop_outputs_beside()
        self._stop_zygote()
        self.cache.close()
        self._close_search_index()
        self._restore_build_date()
        if self.command == "serve":
            collector.set_aside_between_saves()
        output, self.output = self.output, None
        if output is not None:
            output.discard()
        return output.failure(error) if output is not None and isinstance(error, OSError) else None

    # --- what every stage asks ---

    def site_of_page(self, src_uri: str) -> Site:
        """The graph of the page's language."""
        return self.site_of.get(src_uri) or self._site()

    def _written(self, src_uri: str) -> Item | Page | None:
        """The item or plain page staff wrote that a page shows (its translation's, on another language's tree)."""
        item = self.items_by_src.get(src_uri)
        if item is not None:
            return item
        original, _ = split_language(src_uri, self._settings().translated_languages)
        return self.site_of_page(src_uri).page(original.removesuffix(".md")) if src_uri in self.sources else None

    def _source_of(self, src_uri: str) -> SourceFile | None:
        """The content file behind a page (the translation, for a translated page), as loading read it."""
        found = self.sources.get(src_uri)
        if found is not None:
            return found
        mistake = self.mistake_pages.get(src_uri)
        return mistake.source if mistake is not None else None

    def _image_mistakes(self, mistakes: list[ContentError]) -> None:
        # A picture that cannot be read is a content mistake: the build stops, the preview shows it.
        if not mistakes:
            return
        if self.command != "serve":
            raise BuildError(f"Content mistakes found:\n{ContentErrors(mistakes).report()}\n{STOPPED}")
        mistakes = [mistake for mistake in mistakes if mistake not in self.content_errors]  # said when files were read
        if mistakes:
            log.error("Content mistakes found:\n%s", ContentErrors(mistakes).report())
            self.content_errors = (*self.content_errors, *mistakes)

    def _email_templates(self) -> Path | None:
        """The e-mail templates: the first theme folder (ours first, then the theme's) that has them."""
        for folder in self._project().theme_dirs:
            if (folder / EMAIL_TEMPLATES / "bulletin.html").is_file():
                return folder / EMAIL_TEMPLATES
        return None

    def _theme_stylesheet(self) -> str:
        """mkdocs-material's stylesheet, whose name carries a hash that changes with each release."""
        for folder in self._project().theme_dirs:
            found = sorted((folder / THEME_STYLES).glob("main.*.min.css"))
            if found:
                return f"{THEME_STYLES}/{found[0].name}"
        raise BuildError("the theme has no assets/stylesheets/main.*.min.css: is mkdocs-material installed?")

    def _check_logo(self) -> None:
        # One picture in content/ gives the header logo, the favicon and the feeds' images.
        logo = self._settings().network.logo
        if logo is None:
            return
        docs = self._project().docs_dir
        if below(docs, logo) is None:
            raise BuildError(
                f"mkdocs.yml: plugins.network.network.logo: expected a picture in content/, found '{logo}', outside it"
            )
        try:
            icons.read_logo(docs / logo)
        except ValueError as error:
            raise BuildError(f"mkdocs.yml: plugins.network.{error}") from None

    def _fonts(self) -> dict[str, PageFonts]:
        # The network's font files are its own, in content/ like its logo: each a WOFF2 font, checked before pages.
        settings, project = self._settings(), self._project()
        problem = font_problem(settings.fonts, project.docs_dir)
        if problem is not None:
            raise BuildError(problem)
        try:
            return site_fonts(settings.fonts, (lang.code for lang in settings.languages), project.custom_dir,
                              project.docs_dir)
        except ValueError as error:
            raise BuildError(f"mkdocs.yml: plugins.network.{error}") from None

    def _check_colours(self) -> None:
        # Text in the network's colours that fewer readers could read is refused, as check refuses it.
        problems = colours.contrast_problems(self._settings().network.colours)
        if problems:
            raise BuildError("\n".join(f"mkdocs.yml: plugins.network.{problem}" for problem in problems))

    def _say_if_site_url_is_a_placeholder(self) -> None:
        # Once per command (a preview builds again on every save): the site works, its absolute addresses do not.
        site_url = self._settings().site_url
        host = placeholder_host(site_url)
        if host is None or self._told_placeholder:
            return
        self._told_placeholder = True
        notice(
            f"mkdocs.yml: site_url is {site_url!r}, a placeholder ({host}): feeds, calendars, share "
            "previews and the e-mail edition point at a site that does not exist, and the e-mail edition leaves out "
            "the network's logo. Set site_url to the address the site is published at."
        )

    def _date_build_from_content(self) -> None:
        # Engines stamp the build (sitemap.xml.gz, build_date_utc) with SOURCE_DATE_EPOCH or the
        # clock; unless the caller fixed it, the build's date is the newest date in the content.
        newest = self._site().last_updated
        if "SOURCE_DATE_EPOCH" not in os.environ and newest is not None:
            self._set_epoch = True
            os.environ["SOURCE_DATE_EPOCH"] = str(int(newest.timestamp()))

    def _restore_build_date(self) -> None:
        if self._set_epoch:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._set_epoch = False

    def _site(self) -> Site:
        if self.site is None:  # pragma: no cover - the engine always loads first
            raise BuildError("the network's build ran out of order: no content was loaded")
        return self.site

    def _settings(self) -> Settings:
        assert self.settings is not None, "configure() runs first"
        return self.settings

    def _types(self) -> Registry:
        assert self.types is not None, "configure() runs first"
        return self.types

    def _project(self) -> Project:
        assert self.project is not None, "configure() runs first"
        return self.project

    def _images(self) -> images.ResponsiveImages:
        assert self.images is not None, "check_pictures() runs first"
        return self.images


def _outputs_beside(
    sites: dict[str, Site], bodies: dict[str, dict[str, str]], templates: Path | None, docs_dir: Path, site_dir: Path,
    cache_place: tuple[Path | None, str, int], site: str | None, now: dt.datetime, kept_files: KeptFiles,
) -> dict[str, tuple[int, int]]:
    """In a process beside the build: the feeds, calendars, e-mail edition and the rest, written into `site_dir`
    (through `kept_files`), what was made kept in the build cache at `cache_place` (its folder, salt and build);
    the copies of files linked, for the build (KeptFiles.add)."""
    cache = BuildCache.beside(*cache_place)
    memo = functools.partial(_output_memo, cache, site, now, kept_files) if site is not None \
        else lambda language: no_memo
    write_outputs(sites, bodies, templates, docs_dir, site_dir, memo, kept_files.write)
    cache.save(full_build=False)  # what it made and used; the build drops what is unused
    return kept_files.taken()


def _as_outputs_read(markdown_unread: set[int]) -> Callable[[FrontMatter], Any]:
    """Front matter as the outputs made beside the build read it: its Markdown unless `markdown_unread` holds it (by
    id); neither its fields as written (an item's checked fields hold them, a page's its meta) nor their lines (only
    mistakes name those, and all were found before). Of the 119 MB it was handed at 10,000 items, 46, 22 and 10 MB."""

    def needed(front: FrontMatter) -> Any:
        body = "" if id(front) in markdown_unread else front.body
        return FrontMatter, (None, body, front.body_line, {}, front.has_front_matter, front.closing_line)

    return needed


def _output_memo(cache: BuildCache, site: str, now: dt.datetime, copies: KeptFiles, language: str) -> Memo:
    """Feeds, calendars and the rest kept by the last build for the site whose graph digest is `site`; those whose
    files `copies` keeps as copies, by their copies' names."""
    return _KeptOutputs(cache, site, now, copies, language)


@dataclass(frozen=True)
class _KeptOutputs:
    """What `_output_memo` says."""

    cache: BuildCache
    site: str
    now: dt.datetime
    copies: KeptFiles
    language: str

    def __call__(self, name: str, parts: Sequence[str], make: Callable[[], dict[str, bytes]]) -> OutputFiles:
        key = self.cache.key("output", self.site, self.language, name, *parts)
        return page_cache.kept_output(self.cache, key, self.now, make, self.copies)

    def value(self, name: str, parts: Sequence[str], make: Callable[[], T]) -> T:
        key = self.cache.key("output value", self.site, self.language, name, *parts)
        return page_cache.kept_value(self.cache, key, self.now, make)


def _type_modules(names: Iterable[str]) -> list[Path]:
    """The files of a network's own content types (modules beside mkdocs.yml), which make output as our code does."""
    found = (getattr(sys.modules.get(name), "__file__", None) for name in names)
    return [Path(path) for path in found if path]


