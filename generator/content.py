"""Load and validate content/ into the graph, or raise every mistake at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from generator.errors import ContentError, ContentErrors
from generator.frontmatter_yaml import SourceFile
from generator.graph import Site, build_site, page_url
from generator.images import ResponsiveImages, Use, is_resizable
from generator.links import body_errors, pictures_in, unpublished_files
from generator.loader import Loaded, ReadCache, load
from generator.pages import generated_pages
from generator.references import reference_errors
from generator.registry import Registry
from generator.settings import Network, Settings
from generator.timeline import timeline_errors
from generator.types import BUILT_IN

# Which pages the generator adds does not depend on the network's name or the build's clock.
_CHECKING = Settings(network=Network(name="", short_name=""))


def check(content_dir: Path, settings: Settings = _CHECKING, types: Registry = BUILT_IN) -> Loaded:
    """Read content/ and find every mistake, including references to unknown ids and pictures the build refuses."""
    loaded = _checked(content_dir, settings, types)[0]
    # The build reads each picture's header as it plans its copies (images.py); check reads them here, alone.
    sources = [*(record.source for record in loaded.records), *(page.source for page in loaded.pages)]
    return replace(loaded, errors=(*loaded.errors, *picture_errors(loaded, content_dir, sources)))


def _checked(
    content_dir: Path, settings: Settings, types: Registry, cache: ReadCache | None = None
) -> tuple[Loaded, Site]:
    """Every mistake in content/, and the graph of what a build (not a preview) publishes."""
    loaded = load(content_dir, types, settings.timezone, cache, settings.translated_languages)
    sources = [
        *(record.source for record in loaded.records),
        *(page.source for page in loaded.pages),
        *(rejected.source for rejected in loaded.rejected),
        *(translation.source for translation in loaded.translations),
    ]
    # Bodies may link to the pages the generator adds (listings, topics, archive): they exist too;
    # drafts and scheduled items do not, so a published page must not link to them.
    published = build_site(loaded, replace(settings, preview=False, language=settings.default_language))
    generated = {page.src_uri for page in generated_pages(published)}
    left_out = unpublished_files(loaded, published)
    errors = [
        *loaded.errors,
        *reference_errors(loaded),
        *body_errors(sources, content_dir, generated, left_out),
        *address_errors(loaded, published, generated),
        *timeline_errors(loaded, published),
    ]
    return replace(loaded, errors=tuple(errors)), published


def picture_errors(loaded: Loaded, content_dir: Path, sources: Iterable[SourceFile]) -> list[ContentError]:
    """Every picture whose header the build would refuse (not a picture, a decompression bomb), said as it says it.

    Only headers are read, so `check` answers as the build does without decoding a single photo.
    """
    pictures = ResponsiveImages(content_dir)
    errors: list[ContentError] = []
    for record in loaded.records:
        image = getattr(record.data, "image", None)
        if image is not None:
            errors.extend(_read(pictures, image.src,
                                Use(record.source.display, record.source.line_of(("image", "src")), "image.src")))
    return [*errors, *body_picture_errors(pictures, sources)]


def body_picture_errors(pictures: ResponsiveImages, sources: Iterable[SourceFile]) -> list[ContentError]:
    """Every local picture a body shows with ![alt](path) whose header is refused, at the line that shows it."""
    errors: list[ContentError] = []
    for source in sources:
        for line, path in pictures_in(source):
            if is_resizable(path) and not path.startswith("../"):
                errors.extend(_read(pictures, path, Use(source.display, line, "image")))
    return errors


def _read(pictures: ResponsiveImages, src: str, use: Use) -> list[ContentError]:
    try:
        pictures.get(src, lambda: use)
    except ContentErrors as mistakes:
        return list(mistakes.errors)
    return []


def address_errors(loaded: Loaded, site: Site, generated: Iterable[str]) -> Iterator[ContentError]:
    """Two pages that would be written to one address: the later would silently replace the other."""
    claims: dict[str, list[tuple[str, SourceFile | None]]] = defaultdict(list)
    # A plain page at the very path of a generated one replaces it on purpose (subscribe.md).
    written = {page.source.src_uri for page in loaded.pages}
    for uri in sorted(set(generated) - written):
        claims[page_url(uri)].append((f"the site's own page /{page_url(uri)}", None))
    for record in loaded.records:
        item = site.get(record.kind, record.id)
        url = item.url if item is not None else f"{record.kind}/{record.id}/"
        claims[url].append((record.source.display, record.source))
    for page in loaded.pages:
        claims[page_url(page.source.src_uri)].append((page.source.display, page.source))
    # A file already reported (a repeated bulletin number) explains its clash: one message is enough.
    reported = {error.path for error in loaded.errors}
    for url, owners in claims.items():
        if len(owners) < 2 or _same_id(owners) or any(s is not None and s.display in reported for _, s in owners):
            continue
        for position, (_, source) in enumerate(owners):
            if source is None:
                continue
            others = [name for index, (name, _) in enumerate(owners) if index != position]
            yield ContentError(source.display, 1, "address", f"an address of its own (/{url} is also {others[0]})",
                               f"/{url}")


def _same_id(owners: list[tuple[str, SourceFile | None]]) -> bool:
    # Two files of one type with one id are reported as a repeated id, not twice over.
    names = {(s.src_uri.split("/", 1)[0], Path(s.src_uri).stem) for _, s in owners if s is not None}
    return len(names) == 1 and all(source is not None for _, source in owners)


def load_site(content_dir: Path, settings: Settings, types: Registry = BUILT_IN) -> Site:
    """The content graph of content/ in the default language, or ContentErrors listing every mistake."""
    return load_sites(content_dir, settings, types)[settings.default_language]


def load_sites(
    content_dir: Path, settings: Settings, types: Registry = BUILT_IN, cache: ReadCache | None = None
) -> dict[str, Site]:
    """The content graph of content/ in each of the site's languages, or ContentErrors listing every mistake.

    `cache` keeps files already read (by an earlier build, or this process) that have not changed.
    """
    loaded, published = _checked(content_dir, settings, types, cache)
    if loaded.errors:
        raise ContentErrors(loaded.errors)
    return _per_language(loaded, published, settings)


def _per_language(loaded: Loaded, published: Site, settings: Settings) -> dict[str, Site]:
    # Checking already built the default language's published graph; a preview (drafts shown) needs another.
    sites = {settings.default_language: published if not settings.preview else
             build_site(loaded, replace(settings, language=settings.default_language))}
    for code in settings.translated_languages:
        sites[code] = build_site(loaded, replace(settings, language=code, network=settings.network.in_language(code)))
    return sites


def load_preview(
    content_dir: Path, settings: Settings, types: Registry = BUILT_IN, cache: ReadCache | None = None
) -> tuple[dict[str, Site], tuple[ContentError, ...], tuple[str, ...]]:
    """For live preview: the graphs (one per language) of the files that are valid, the mistakes of the others,
    and the notices for staff (translations that may be out of date).

    References from valid files to broken ones simply drop out, so the preview keeps working
    while staff fix a file. `cache` keeps files read by the last preview build that have not changed.
    """
    loaded, published = _checked(content_dir, settings, types, cache)
    return _per_language(loaded, published, settings), loaded.errors, loaded.notices
