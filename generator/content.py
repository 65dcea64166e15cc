"""Load and validate content/ into the graph, or raise every mistake at once."""

from __future__ import annotations

from pathlib import Path

from generator.errors import ContentErrors
from generator.graph import Site, build_site, reference_errors
from generator.loader import Loaded, load
from generator.settings import Settings


def check(content_dir: Path) -> Loaded:
    """Read content/ and find every mistake, including references to unknown ids."""
    loaded = load(content_dir)
    errors = [*loaded.errors, *reference_errors(loaded)]
    return Loaded(loaded.records, loaded.pages, tuple(errors), loaded.rejected)


def load_site(content_dir: Path, settings: Settings) -> Site:
    """The content graph of content/, or ContentErrors listing every mistake."""
    loaded = check(content_dir)
    if loaded.errors:
        raise ContentErrors(loaded.errors)
    return build_site(loaded, settings)
