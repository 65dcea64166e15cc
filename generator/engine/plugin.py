"""The MkDocs plugin: converts MkDocs' objects and calls the build's stages (generator/pipeline/stages.py).

It holds no policy: what a page is, where it goes, what its template is given and what the site publishes are
the build's. The same adapter runs under ProperDocs, MkDocs' drop-in fork. Each event says why it runs then.
"""

from __future__ import annotations

import copy
import functools
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext

from generator.content import body_html
from generator.content.addresses import Layout, menu_lines, menu_titles
from generator.content.anchors import anchor_finder
from generator.content.reading import display_path
from generator.content.settings import source_date_epoch
from generator.content.words import FOLDER as WORDS_FOLDER
from generator.engine import mkdocs_pages, page_bodies
from generator.engine.mkdocs_options import PluginOptions, content_types, missing_templates, to_settings
from generator.engine.theme_files import InstalledThemeFiles
from generator.fast import page_cache
from generator.outputs import editor
from generator.outputs.scrolling import ScrollingBlocks
from generator.pipeline.project import BuildError, Options, Project
from generator.pipeline.stages import Build
from generator.pipeline.staging import OutputError

log = logging.getLogger("mkdocs.plugins.network")
# Where material's base.html puts the skip link, and its words in the site's language.
SKIP_SLOT = ("div", ("data-md-component", "skip"))
SKIP_LABEL = '{% import "partials/language.html" as lang with context %}{{ lang.t("action.skip") }}'
NO_TOC = TableOfContents([])  # a written page's table of contents, needed no more


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
        self.build = Build("build", dirty=False)
        self.navs: dict[str, Navigation] = {}
        self.warnings = _WarningCounter()
        self.env: Environment | None = None
        self.observer: Any = None  # the file events `mkdocs serve` hears saves by
        self.following: Any = None  # `serve --dirty`: builds that render pages left by the last while it serves
        self.serving_meanwhile = False  # this build began with pages owed: the preview serves while it runs
        self.rendering = page_bodies.Bodies(self.build.cache, None)
        self.written_here: set[str] = set()  # pages our writer took from MkDocs' loop (src_uri)
        self.theme_files = InstalledThemeFiles()  # a preview's installed theme folders, listed once

    # Runs once per `mkdocs` command: serve previews drafts and scheduled items, build does not.
    # The plugin lives as long as the command, so a preview's rebuilds can compare with the last one.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.build = Build(command, dirty=command == "serve" and dirty)
        self.written_here = set()
        self.theme_files = InstalledThemeFiles()
        build_log = logging.getLogger("mkdocs.commands.build")
        if self._not_skipped not in build_log.filters:
            build_log.addFilter(self._not_skipped)
        if self.build.dirty:
            build_log.addFilter(mkdocs_pages.dirty_warning)
        elif command == "serve":
            log.info("Every save renders the whole site again; `mkdocs serve --dirty` renders only what it changed.")

    def _not_skipped(self, record: logging.LogRecord) -> bool:
        """MkDocs' word that it skipped a page with an empty output, but of pages our writer took."""
        return mkdocs_pages.skipped_page(record) not in self.written_here

    # `mkdocs serve` polls its files twice a second: the system's file events start the rebuild at once.
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
        from generator.fast import watching  # watchdog is for the preview alone: a build does not load it

        watched = [*getattr(server, "_watched_paths", {}), *config.watch]
        self.observer = watching.hear_saves_at_once(server, watched, self._save_heard)
        following = watching.Following(server, events=self.observer is not None)
        self.following = following if following.possible and self.build.dirty else None
        if self.following is not None:
            self.build.save_waiting = self.following.save_waiting
        if self.observer is not None:
            server.builder = watching.UnlessUnchanged(server.builder, watched, lambda: bool(self.build.owed), server)
        return server

    def _save_heard(self) -> None:
        self.build.save_heard()
        if self.following is not None:
            self.following.heard()

    # Runs once, as the `mkdocs` command ends (not after each of a preview's builds).
    def on_shutdown(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer = None
        self.build.command_ends()

    # Runs first on every build, before anything is read: the output goes to a staging folder.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # A preview's build that renders pages the last one left holds no request: staff see the site as it is.
        self.serving_meanwhile = self.following is not None and bool(self.build.owed)
        if self.following is not None:
            self.following.begin()
        if self.serving_meanwhile:
            self.following.serve_meanwhile()
        # The network's words (words/ beside mkdocs.yml) are watched as templates are: an edit reloads the preview.
        words = Path(config.config_file_path or ".").parent.resolve() / WORDS_FOLDER
        if words.is_dir() and str(words) not in config.watch:
            config.watch.append(str(words))
        project = _project(config)
        try:
            source_date_epoch()  # read by the engine too, which would stop on a value it cannot read with a traceback
        except ValueError as error:
            raise PluginError(str(error)) from None
        try:
            settings = to_settings(
                self.config, config.site_url, str(config.theme.get("language") or "en"), self.build.command == "serve",
                Path(config.config_file_path or ".").parent.resolve(),
            )
            types = content_types(self.config.content_types, Path(config.config_file_path or ".").parent.resolve())
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: plugins.network.{error}") from None
        # A type without its template would be published as a plain page: stop before anything is read.
        missing = missing_templates(types, config.theme.dirs)
        if missing:
            raise PluginError("\n".join(missing))
        with _stopping():
            self.build.configure(settings, types, _options(self.config, config), project)
            config.site_dir = str(self.build.stage_output(Path(config.site_dir)))
        config.theme.update(self.build.theme_icons())
        if self.build.command == "serve":  # a build lists the theme once anyway
            self.theme_files.keep_for(config.theme)
        config.markdown_extensions.append(ScrollingBlocks())  # type: ignore[arg-type]
        config.markdown_extensions.append(self.build.folder_links)  # type: ignore[arg-type]
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self.build.open_cache()
        # Markdown bodies are rendered by MkDocs' own machinery: kept in the build's cache, rendered ahead by workers.
        self.rendering = page_bodies.Bodies(self.build.cache, page_bodies.settings_key(config))
        return config

    # Validation runs before MkDocs touches any output: a content error stops the build here.
    # While previewing, the server keeps running: mistakes go to the terminal and every page.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        with _stopping():
            self.build.load()

    # Runs once MkDocs has listed content/: items get their stable URLs, generated pages join.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = self.build
        build.start_placing()
        mkdocs_pages.without_links_out(files, config)
        for file in list(files):
            if not build.publishes(file.src_uri, file.is_documentation_page(), file.src_dir == config.docs_dir):
                files.remove(file)
                continue
            if not file.is_documentation_page():
                continue
            placement = build.place(file.src_uri)
            if placement is None:
                files.remove(file)  # a draft, a scheduled item, or a translation with a mistake the preview shows
                continue
            if placement.url is not None:
                mkdocs_pages.move(file, placement.url)
            if not placement.in_menu:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        # A page staff wrote (subscribe.md, say) wins over the generated one at its address, in each language.
        for page, listed in build.add_pages(file.url for file in files.documentation_pages()):
            menu = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=mkdocs_pages.stub(page), inclusion=menu))
        if build.dirty:
            self._render_only_what_changed(files, config)
        with _stopping():
            build.check_pictures()
        return files

    # The default language's menu is MkDocs' own; each other language gets the same menu, its pages in its tree.
    # The site's files are final now: workers start on the bodies, then Pagefind, to index pages as they render.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        build = self.build
        self.navs = {build.default_language: nav}
        for code, site in build.sites.items():
            if site.settings.prefix:
                own = copy.copy(config)
                own["nav"] = mkdocs_pages.menu_in(site, nav, self._url_in(code, files), config.site_url or "")
                self.navs[code] = get_navigation(files, own)
                mkdocs_pages.titled_as_in_menu(self.navs[code].items, own["nav"])
        self._render_bodies_ahead(config, files)
        addresses = [f"{file.src_uri}\0{file.url}\0{file.inclusion.value}" for file in files]
        build.start_rendering(mkdocs_pages.config_text(config), addresses, len(files.documentation_pages()))
        return nav

    def _render_bodies_ahead(self, config: MkDocsConfig, files: Files) -> None:
        """Workers render the later pages' bodies while MkDocs' loop renders the first ones (builds only)."""
        rendering = self.rendering
        # Forking is safe while this is the only thread: a preview's server has others.
        self.build.cache.settle()
        if self.build.command != "build" or threading.active_count() > 1:
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
            source = self.build.markdown_of(file.src_uri)
            try:
                return get_data(source if source is not None else file.content_string)[0]
            except (OSError, ValueError):
                return None

        work = page_bodies.Work(pages, prepare, expected, config, files, rendering)
        rendering.start_ahead(work, page_bodies.worker_count(self.config.workers))

    def _url_in(self, code: str, files: Files) -> Callable[[str], str | None]:
        """The source path of the page that is `path`'s in the language `code`, or None where there is none."""
        alternates = self.build.alternates
        sources = {mkdocs_pages.page_url(file): file.src_uri for file in files.documentation_pages()}

        def find(path: str) -> str | None:
            file = files.get_file_from_path(path)
            if file is None or alternates is None:
                return None
            found = next((a for a in alternates.of(mkdocs_pages.page_url(file))
                          if a.language.code == code and a.same), None)
            return sources.get(found.url) if found is not None else None

        return find

    def _render_only_what_changed(self, files: Files, config: MkDocsConfig) -> None:
        """Mark each page MkDocs renders in a dirty preview's build: all of them; the items whose body alone changed;
        the pages of files edited, whose other pages follow; or, in the build that follows, those left to it."""
        pages = files.documentation_pages()
        following = self.following
        changes, rendering = self.build.what_changed([file.src_uri for file in pages], following is not None)
        for file in pages:
            # MkDocs asks each file; the answer is the graph's, not the files' dates. Pages left by the last build are
            # rendered until a save waits: the rest are left again, for after it.
            again = file.src_uri in rendering.now
            answer = mkdocs_pages.answer_until(following.save_waiting) if again and rendering.catching_up else \
                mkdocs_pages.answer(again)
            setattr(file, "is_modified", answer)  # noqa: B010 - an instance's own answer
        # The theme's pages of its own (sitemap.xml, 404.html) show the menu and the pages' addresses and dates, none
        # of which an item's text changes: they stay as the last build wrote them (0.02 s of a text edit's preview).
        if changes.pages is not None:
            config.theme.static_templates.clear()  # this build's theme alone: MkDocs reads its configuration anew
        # A picture or attachment is copied again when its bytes changed, whatever its date says.
        for file in files:
            if file.is_documentation_page():
                continue
            changed = self.build.static_copies.changed(Path(file.abs_src_path or ""), Path(file.abs_dest_path))
            if changed is not None:
                setattr(file, "is_modified", mkdocs_pages.answer(changed))  # noqa: B010 - an instance's own answer
        # A page whose file is gone (deleted, renamed) or whose address changed (a bulletin's number, an item
        # with mistakes kept at its file's own address) would otherwise stay in the preview until a restart.
        self.build.forget_pages_gone({file.src_uri: file.dest_uri for file in pages}, (file.url for file in pages),
                                     Path(config.site_dir))
        if rendering.catching_up:
            log.info("Preview: %d pages the last build left are rendered while the preview serves", len(rendering.now))
        elif rendering.later:
            log.info("Preview: %d of %d pages rendered first: %s; %d more follow while the preview serves",
                     len(rendering.now), len(pages), changes.reason, len(rendering.later))
        else:
            log.info("Preview: %d of %d pages rendered again: %s", len(rendering.now), len(pages), changes.reason)

    # Each page's body comes from the cache or a worker when one fits; MkDocs renders the others as usual.
    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        setattr(page, "render", functools.partial(self.rendering.render, page))  # noqa: B010 - this page's own
        return page

    # MkDocs would read each content file again and parse its front matter a second time, with
    # PyYAML's pure-Python loader; loading already did both. MkDocs gets the body read then (behind
    # an empty front matter block, or it would look for MultiMarkdown-style fields in the text) and
    # the page's meta is the fields loading parsed.
    def on_page_read_source(self, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        return self.build.markdown_of(page.file.src_uri)

    # Meta is read by now: the build gives each page its fields (an item's template, its description).
    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        page.update_date = self.build.last_modified(page.file.src_uri)
        page.meta = self.build.page_fields(page.file.src_uri, page.meta)
        return markdown

    # The rendered body of each item is kept once, for feeds and the e-mail bulletin.
    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        with _stopping():
            return self.build.body_rendered(page.file.src_uri, html, page.url)

    # The template filters and what every page's frame shows (the 404 page too, which has no page context).
    # Every page is rendered by now (the workers stop): what the theme gets is made safe here.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        build = self.build
        self.rendering.stop()
        log.debug("Markdown bodies: %d rendered in the loop, %d from workers or the cache",
                  self.rendering.rendered, self.rendering.reused)
        # Every value a template prints is escaped unless it is marked as HTML (Markup), whoever wrote the template.
        env.autoescape = mkdocs_pages.autoescaped
        # Templates do not change within a build (a preview makes a new environment for each): Jinja need not look
        # at each template file's time again every time a page includes or imports it.
        env.auto_reload = False
        mkdocs_pages.mark_html(files, config)
        # Every page's body and fields are final: pages kept from the last build are not rendered again.
        # Where no plugin but ours changes finished pages, a kept page's file is linked to its copy, never read.
        linking = build.kept_files.usable if mkdocs_pages.pages_changed_by_us_alone(config.plugins, self) else None
        build.page_outputs.choose((file.page for file in files.documentation_pages() if file.page is not None),
                                  linking)
        if build.command == "build":
            # Every body is rendered: no page needs its Markdown again, and MkDocs would keep it to the end.
            for file in files.documentation_pages():
                if file.page is not None:
                    file.page.markdown = None
        page_cache.with_kept_template(env)
        build.keep_search_index()
        build.start_outputs_beside(Path(config.site_dir))
        with _stopping():
            build.template_helpers(env, stop=PluginError)
        self.env = env
        return env

    # The "not found" page is a theme template without a page, so material gives it no skip link: ours is added.
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "404.html" or self.env is None:
            return output_content
        label = Markup(self.env.from_string(SKIP_LABEL).render(config=config).strip())  # escaped by the environment
        link = Markup('<a href="#{}" class="md-skip">{}</a>').format(mkdocs_pages.CONTENT_ANCHOR, label)
        return body_html.after_start_tag(output_content, *SKIP_SLOT, str(link))

    # Templates render what the graph already decided: the item, the listing, the feeds.
    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        build = self.build
        lost = None
        if build.page_outputs.kept(page):
            lost = build.page_outputs.context(page, cast("dict[str, Any]", context))
            if lost is None:
                return context
        build.page_outputs.start(page)
        src_uri = page.file.src_uri
        page.toc = mkdocs_pages.starting_at_content(page.toc, page.title or "")
        values = cast("dict[str, Any]", context)  # MkDocs types the context; ours adds keys
        values["nav"] = self.navs.get(build.site_of_page(src_uri).settings.language, nav)
        values.update(build.page_context(src_uri, page.url, lost or page.meta.get("template"), page.is_homepage,
                                         config.site_name))
        if lost is not None and self.env is not None:  # its kept output went: it is rendered after all
            page_cache.PageOutputs.rendered_after_all(values, self.env.get_template(lost).render(context))
        return context

    # A page as its template made it is kept for the next build, before other plugins change it.
    @event_priority(100)
    def _keep_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        self.build.page_outputs.keep(page, output)
        return output

    # Each finished page (after every other plugin has changed it) goes to the search index.
    @event_priority(-100)
    def _index_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        self.build.index_page(page, output, page.url)
        return output

    # A written page's body and table of contents are needed no more (the feeds' process has its own copy of the
    # items' bodies; the engine checks links to anchors from the anchors it noted apart): MkDocs would keep every
    # page's to the end of the build, when its memory peaks (53 and 38 MB at 10,000 items).
    @event_priority(-100)
    def _let_go_of_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.build.command == "build":
            page.content = None
            page.toc = NO_TOC
        return output

    # Last of all, once every plugin has changed the page: a build's own thread writes it while MkDocs' loop goes on
    # to the next page (MkDocs writes no page whose output is empty, and says so: not of these, mkdocs_pages).
    @event_priority(-1000)
    def _write_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        self.build.page_built(page.file.src_uri)
        if not output or output.isspace() or not self.build.write_page(page, page.file.abs_dest_path, output):
            return output
        self.written_here.add(page.file.src_uri)
        return ""

    on_post_page = CombinedEvent(_keep_page, _index_page, _let_go_of_page, _write_page)

    # Before any other plugin's end of the build reads the site's folder: every page is in it.
    @event_priority(1000)
    def _pages_written(self, *, config: MkDocsConfig) -> None:
        with _stopping():
            self.build.pages_written()

    # Runs after every other plugin has written its files: feeds last, then the swap.
    @event_priority(-100)
    def _outputs_and_publishing(self, *, config: MkDocsConfig) -> None:
        with _stopping():
            self.build.write_outputs(Path(config.site_dir))
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        # MkDocs aborts right after this event under --strict with warnings: the last good site is kept.
        final = self.build.finish(publish=not (config.strict and self.warnings.count))
        if final is not None:
            config.site_dir = str(final)
        if self.following is not None:
            if self.serving_meanwhile:  # browsers showing the site reload, to show what this build rendered
                self.following.reload_browsers_after()
            if self.build.owed:
                self.following.ask()

    on_post_build = CombinedEvent(_pages_written, _outputs_and_publishing)

    # A failed build throws its staging away; a failed write (a full or read-only disk) becomes one line.
    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        self.rendering.stop()
        said = self.build.abort(error)
        if isinstance(error, OutputError):
            raise PluginError(str(error)) from None
        if said is not None:
            raise PluginError(said) from None


class _stopping:  # noqa: N801 - used as a statement: `with _stopping():`
    """A stage that stops the build says why in one line, as MkDocs shows a plugin's error."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        if isinstance(error, BuildError):
            raise PluginError(str(error)) from None


def _project(config: MkDocsConfig) -> Project:
    """What the build needs to know of the project, from MkDocs' configuration."""
    custom = config.theme.custom_dir
    return Project(
        docs_dir=Path(config.docs_dir),
        config_file=Path(config.config_file_path) if config.config_file_path else None,
        theme_dirs=tuple(map(Path, config.theme.dirs)),
        custom_dir=Path(custom) if custom else None,
        site_name=config.site_name,
        copyright=config.copyright,
        watch=tuple(map(Path, config.watch)),
        repo_url=config.repo_url,
        menu_given=config.nav is not None,
        layout=_layout(config),
    )


def _layout(config: MkDocsConfig) -> Layout:
    """The theme's folders, the menu's pages and how anchors are found, as `network-site check` reads them."""
    file = Path(config.config_file_path or "mkdocs.yml")
    anchors = None
    if config.validation.links.anchors >= logging.WARNING:  # a link to a missing anchor fails a strict build
        anchors = anchor_finder(config.markdown_extensions, config.mdx_configs or {})
    return Layout(tuple(map(Path, config.theme.dirs)), menu_lines(config.nav or [], file), display_path(file),
                  anchors, menu_titles(config.nav or []))


def _options(options: PluginOptions, config: MkDocsConfig) -> Options:
    """How the network asks for its site to be built, from the plugin's options."""
    chosen = options.editor
    return Options(
        cache=options.cache,
        shared_parts=options.shared_parts,
        workers=options.workers,
        search_part_pages=options.search_part_pages,
        host_file_limit=options.host_file_limit,
        content_types=tuple(options.content_types),
        editor=editor.Backend(editor.github_repo(config.repo_url), chosen.branch, chosen.base_url,
                              chosen.auth_endpoint, chosen.local_backend),
    )
