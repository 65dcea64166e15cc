"""Site search with Pagefind: what each page tells the index, and the index written after the pages.

Pagefind splits its index into small chunks that the browser fetches only when a reader
searches, and only those the query needs; mkdocs-material's own search downloads the whole
index on every first visit, which on a metered phone is the heaviest part of the site.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.graph import KIND_LABELS, Event, Item, Site, Twg
from generator.search_stable import make_stable

SEARCH_DIR = "pagefind"
# The kinds readers narrow results by, as Pagefind filter values (the singular labels).
KIND_FILTERS = tuple(KIND_LABELS[kind][0] for kind in ("news", "events", "practices", "bulletins", "twgs",
                                                        "organizations"))
PAGE_FILTER = "Page"
# Pagefind also writes its ready-made interfaces; our page talks to its API, so they are never shipped.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)


@dataclass(frozen=True)
class SearchEntry:
    """What a page adds to the index besides its text: its type, date and TWGs, for filters and results."""

    kind: str
    date: str | None = None
    twgs: tuple[str, ...] = ()


def entry_for_item(item: Item, site: Site) -> SearchEntry:
    """An item's type, the date readers know it by, and the TWGs it belongs to."""
    when = item.start if isinstance(item, Event) else item.published
    date = when.astimezone(site.settings.timezone).date().isoformat() if when is not None else None
    # A TWG's own page is found under its own name, as its news and events are.
    twgs = (item.short_name,) if isinstance(item, Twg) else tuple(twg.short_name for twg in item.twgs)
    return SearchEntry(item.kind_label, date, twgs)


def entry_for_content_page() -> SearchEntry:
    """A page written in content/ (about, contact …): searchable, with no date."""
    return SearchEntry(PAGE_FILTER)


def twg_filters(site: Site) -> tuple[str, ...]:
    """The TWG names readers can narrow results by."""
    return tuple(twg.short_name for twg in site.twgs)


def pagefind_executable() -> Path:
    """The Pagefind binary that the `pagefind[extended]` package carries (extended: segmentation for more scripts)."""
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    return Path(get_executable())


def build_index(site_dir: Path) -> None:
    """Index every page marked for search in the built site, into site_dir/pagefind/."""
    result = subprocess.run(
        [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", SEARCH_DIR, "--silent"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the search index could not be built: {result.stderr.strip() or result.stdout.strip()}")
    for name in UNUSED_FILES:
        (site_dir / SEARCH_DIR / name).unlink(missing_ok=True)
    make_stable(site_dir / SEARCH_DIR)
