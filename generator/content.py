"""Load and validate content/ into the graph, or raise every mistake at once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.errors import ContentError, ContentErrors
from generator.graph import Site, build_site, reference_errors
from generator.links import body_errors, unpublished_files
from generator.loader import Loaded, ReadCache, load
from generator.pages import generated_pages
from generator.settings import Network, Settings

# Which pages the generator adds does not depend on the network's name or the build's clock.
_CHECKING = Settings(network=Network(name="", short_name=""))


def check(content_dir: Path, settings: Settings = _CHECKING) -> Loaded:
    """Read content/ and find every mistake, including references to unknown ids."""
    return _checked(content_dir, settings)[0]


def _checked(content_dir: Path, settings: Settings, cache: ReadCache | None = None) -> tuple[Loaded, Site]:
    """Every mistake in content/, and the graph of what a build (not a preview) publishes."""
    loaded = load(content_dir, cache)
    sources = [
        *(record.source for record in loaded.records),
        *(page.source for page in loaded.pages),
        *(rejected.source for rejected in loaded.rejected),
    ]
    # Bodies may link to the pages the generator adds (listings, topics, archive): they exist too;
    # drafts and scheduled items do not, so a published page must not link to them.
    published = build_site(loaded, replace(settings, preview=False))
    generated = {page.src_uri for page in generated_pages(published)}
    left_out = unpublished_files(loaded, published)
    errors = [*loaded.errors, *reference_errors(loaded), *body_errors(sources, content_dir, generated, left_out)]
    return Loaded(loaded.records, loaded.pages, tuple(errors), loaded.rejected), published


def load_site(content_dir: Path, settings: Settings) -> Site:
    """The content graph of content/, or ContentErrors listing every mistake."""
    loaded, published = _checked(content_dir, settings)
    if loaded.errors:
        raise ContentErrors(loaded.errors)
    # Checking already built the published graph; only a preview (drafts shown) needs another.
    return published if not settings.preview else build_site(loaded, settings)


def load_preview(
    content_dir: Path, settings: Settings, cache: ReadCache | None = None
) -> tuple[Site, tuple[ContentError, ...]]:
    """For live preview: the graph of the files that are valid, and the mistakes of the others.

    References from valid files to broken ones simply drop out, so the preview keeps working
    while staff fix a file. `cache` keeps files read by the last preview build that have not changed.
    """
    loaded, published = _checked(content_dir, settings, cache)
    return (published if not settings.preview else build_site(loaded, settings)), loaded.errors
