"""What a build writes besides its pages: feeds, calendars, open data, e-mail and icons; the search index's parts."""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator, Mapping
from pathlib import Path

from generator.fast.build_cache import Memo, no_memo
from generator.graph.site import Site
from generator.outputs import email_edition, icons, search
from generator.outputs import site_files as publish
from generator.pipeline.project import BuildError, notice
from generator.pipeline.staging import write_files


def write_outputs(
    sites: Mapping[str, Site], bodies: Mapping[str, dict[str, str]], templates: Path | None, docs_dir: Path,
    site_dir: Path, memo_in: Callable[[str], Memo] = lambda language: no_memo,
) -> None:
    """Write every feed, calendar, open-data file, e-mail bulletin and icon of every language into `site_dir`.

    `memo_in` gives, for a language, what keeps the files an earlier build made from the same inputs.
    """
    try:
        # Each few files are written as they are made: all of them (90 MB at 1,000 items) are never held at once.
        for code, site in sites.items():
            for files in publish.outputs_each(site, bodies.get(code, {}), templates, memo_in(code)):
                for line in email_edition.heavier_than_clients_show(files):
                    notice(line)
                write_files(site_dir, files)
        logo = next(iter(sites.values())).settings.network.logo if sites else None
        if logo:
            render = functools.partial(icons.render_icons, docs_dir / logo)
            write_files(site_dir, memo_in("")("icons", (), render))
    except ValueError as error:  # e.g. no site_url: feeds need absolute addresses
        raise BuildError(f"mkdocs.yml: {error}") from None


def steps_later(
    sites: dict[str, Site], bodies: dict[str, dict[str, str]], templates: Path | None,
    documents: dict[str, tuple[str | None, str]], docs_dir: Path, site_dir: Path,
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
    yield functools.partial(write_outputs, sites, bodies, templates, docs_dir, site_dir, memo_in)
    yield last
