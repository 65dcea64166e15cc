"""Load and validate content/ into the graph, or raise every mistake at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from generator.content.addresses import (
    NO_LAYOUT,
    Layout,
    address_errors,
    anchor_errors,
    content_files,
    menu_errors,
    name_errors,
    page_addresses,
)
from generator.content.build_now import Now
from generator.content.errors import ContentError, ContentErrors
from generator.content.links import body_errors, kept_links, unpublished_files
from generator.content.paths import below
from generator.content.pictures import picture_errors
from generator.content.reading import Loaded, ReadCache, load
from generator.content.references import reference_errors
from generator.content.registry import Registry
from generator.content.schemas import ID_EXPECTED
from generator.content.settings import Network, Settings
from generator.content.timeline import timeline_errors, timeline_notices
from generator.content.types import BUILT_IN
from generator.content.words import missing_words
from generator.graph.site import Site, build_site, page_url
from generator.outputs.pages import generated_pages

# The theme's page templates a plain page may choose with `template:`, to name in a mistake.
PAGE_TEMPLATES = ("home.html", "main.html")
# Which pages the generator adds does not depend on the network's name or the build's clock (so not on
# SOURCE_DATE_EPOCH either, which the build reads, and refuses if it cannot, later than this module is imported).
_CHECKING = Settings(network=Network(name="", short_name=""), now=Now.of(dt.datetime.now(tz=dt.UTC)))


def check(
    content_dir: Path, settings: Settings = _CHECKING, types: Registry = BUILT_IN, layout: Layout = NO_LAYOUT
) -> Loaded:
    """Read content/ and find every mistake, including references to unknown ids and damaged pictures."""
    return _checked(content_dir, settings, types, layout=layout, decode=True)[0]


def _checked(
    content_dir: Path, settings: Settings, types: Registry, cache: ReadCache | None = None,
    layout: Layout = NO_LAYOUT, decode: bool = False,
) -> tuple[Loaded, Site]:
    """Every mistake in content/, and the graph of what a build (not a preview) publishes."""
    loaded = load(content_dir, types, settings.timezone, cache, settings.translated_languages)
    sources = [
        *(record.source for record in loaded.records),
        *(page.source for page in loaded.pages),
        *(rejected.source for rejected in loaded.rejected if not rejected.body_refused),
        *(translation.source for translation in loaded.translations),
    ]
    # Bodies may link to the pages the generator adds (listings, topics, archive): they exist too;
    # drafts and scheduled items do not, so a published page must not link to them.
    published = build_site(loaded, _in_language(settings, settings.default_language, preview=False))
    generated = {page.src_uri for page in generated_pages(published)}
    left_out = unpublished_files(loaded, published)
    files = content_files(content_dir)
    addresses = page_addresses(published, generated)
    references = reference_errors(loaded)
    links, keep_links = kept_links((cache.links, cache.kept) if cache is not None else None)
    errors = [
        *_not_said_again(loaded.errors, references),
        *references,
        *body_errors(sources, content_dir, generated, left_out, addresses, _broken_addresses(loaded),
                     (cache.bodies, cache.kept) if cache is not None else None),
        *name_errors(content_dir, files),
        *address_errors(content_dir, loaded, published, generated, settings.translated_languages, layout, files),
        *menu_errors(layout, addresses, files),
        *anchor_errors(sources, layout, addresses, links),
        *template_errors(loaded, layout),
        # A build decodes each picture as it writes its copies, with the same words; check decodes them here.
        *picture_errors(content_dir, loaded, sources, decode, _page_of_each(loaded, published, settings), links),
        *timeline_errors(loaded, published),
        # The words every page says, in each published language: the network's files, and what they lack.
        *settings.words.mistakes,
        *(missing_words(settings.words, settings.languages, types, layout.menu_titles, layout.theme_dirs)
          if not settings.words.mistakes else ()),
    ]
    keep_links()
    notices = (*loaded.notices, *timeline_notices(loaded, published))
    return replace(loaded, errors=tuple(errors), notices=notices), published


def _not_said_again(errors: Iterable[ContentError], references: Iterable[ContentError]) -> list[ContentError]:
    """The schema's mistakes but an id's form ('IOM') where the reference check names the id meant, on one line."""
    named = {(error.path, error.line, error.field) for error in references}
    return [error for error in errors if error.expected != ID_EXPECTED or (error.path, error.line, error.field)
            not in named]


def _broken_addresses(loaded: Loaded) -> dict[str, str]:
    """The address each file with a mistake would be published at, mapped to that file, for links to name it."""
    broken = {f"{file.kind}/{file.id}/": file.source.display for file in loaded.rejected}
    for file in loaded.unreadable:
        folder = file.src_uri.split("/", 1)[0] if "/" in file.src_uri else None
        typed = folder is not None and loaded.types.get(folder) is not None
        broken[f"{folder}/{Path(file.src_uri).stem}/" if typed else page_url(file.src_uri)] = file.display
    return broken


def _page_of_each(loaded: Loaded, site: Site, settings: Settings) -> dict[str, str]:
    """The address of the page each content file is shown on (a translation's in its language's tree)."""
    pages = {page.source.src_uri: page_url(page.source.src_uri) for page in loaded.pages}
    for record in loaded.records:
        item = site.get(record.kind, record.id)
        pages[record.source.src_uri] = item.url if item is not None else f"{record.kind}/{record.id}/"
    for translation in loaded.translations:
        original = pages.get(translation.original)
        if original is not None and translation.language in settings.translated_languages:
            pages[translation.source.src_uri] = f"{translation.language}/{original}"
    return pages


def template_errors(loaded: Loaded, layout: Layout) -> Iterator[ContentError]:
    """Each plain page whose `template:` names no template of the theme (the build could not render it)."""
    if not layout.theme_dirs:
        return
    for page in loaded.pages:
        name = page.meta.get("template")
        if name is None:
            continue
        if not isinstance(name, str) or not any(
                (path := below(folder, name)) is not None and path.is_file() for folder in layout.theme_dirs):
            shown = ", ".join(sorted(PAGE_TEMPLATES))
            yield ContentError(page.source.display, page.source.line_of(("template",)), "template",
                               f"a template of the theme, like {shown}", f"'{name}', which the theme does not have")


def load_site(content_dir: Path, settings: Settings, types: Registry = BUILT_IN) -> Site:
    """The content graph of content/ in the default language, or ContentErrors listing every mistake."""
    return load_sites(content_dir, settings, types)[settings.default_language]


def load_sites(
    content_dir: Path, settings: Settings, types: Registry = BUILT_IN, cache: ReadCache | None = None,
    layout: Layout = NO_LAYOUT,
) -> dict[str, Site]:
    """The content graph of content/ in each of the site's languages, or ContentErrors listing every mistake.

    `cache` keeps files already read (by an earlier build, or this process) that have not changed.
    """
    return load_sites_told(content_dir, settings, types, cache, layout)[0]


def load_sites_told(
    content_dir: Path, settings: Settings, types: Registry = BUILT_IN, cache: ReadCache | None = None,
    layout: Layout = NO_LAYOUT,
) -> tuple[dict[str, Site], tuple[str, ...]]:
    """The graphs of `load_sites`, and the notices for staff (defaults taken, translations to look at)."""
    loaded, published = _checked(content_dir, settings, types, cache, layout)
    if loaded.errors:
        raise ContentErrors(loaded.errors)
    return _per_language(loaded, published, settings), loaded.notices


def _per_language(loaded: Loaded, published: Site, settings: Settings) -> dict[str, Site]:
    # Checking already built the default language's published graph. A preview needs another only where it shows
    # what a build holds back (drafts, scheduled items): the preview setting decides nothing else of a graph.
    held_back = len(published.items) < len(loaded.records)
    sites = {settings.default_language: published if not (settings.preview and held_back) else
             build_site(loaded, _in_language(settings, settings.default_language))}
    for code in settings.translated_languages:
        sites[code] = build_site(loaded, _in_language(settings, code))
    return sites


def _in_language(settings: Settings, code: str, preview: bool | None = None) -> Settings:
    """The settings of one language's graph: the network named as its readers know it (the default's too)."""
    return replace(settings, language=code, network=settings.network.in_language(code),
                   preview=settings.preview if preview is None else preview)


def load_preview(
    content_dir: Path, settings: Settings, types: Registry = BUILT_IN, cache: ReadCache | None = None,
    layout: Layout = NO_LAYOUT,
) -> tuple[dict[str, Site], tuple[ContentError, ...], tuple[str, ...]]:
    """For live preview: the graphs (one per language) of the files that are valid, the mistakes of the others,
    and the notices for staff (translations that may be out of date).

    References from valid files to broken ones simply drop out, so the preview keeps working
    while staff fix a file. `cache` keeps files read by the last preview build that have not changed.
    """
    loaded, published = _checked(content_dir, settings, types, cache, layout)
    return _per_language(loaded, published, settings), loaded.errors, loaded.notices
