"""What a build writes besides its pages: feeds, calendars, open data, e-mail and icons; the search index's parts."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Generator, Iterator, Mapping
from pathlib import Path

from generator.fast.build_cache import Memo, OutputFiles, no_memo
from generator.fast.preview import KeptSearch
from generator.graph.site import Site
from generator.outputs import email_edition, icons, search
from generator.outputs import site_files as publish
from generator.pipeline.project import BuildError, notice
from generator.pipeline.staging import Unread, replace_whole, write_files


def write_outputs(
    sites: Mapping[str, Site], bodies: Mapping[str, dict[str, str]], templates: Path | None, docs_dir: Path,
    site_dir: Path, memo_in: Callable[[str], Memo] = lambda language: no_memo,
    write: Callable[[str, bytes | Unread], object] | None = None,
) -> None:
    """Write every feed, calendar, open-data file, e-mail bulletin and icon of every language into `site_dir`.

    `memo_in` gives, for a language, what keeps the files an earlier build made from the same inputs; `write`, if
    given, puts each file in place (a build's KeptFiles.write).
    """
    made = _outputs(sites, bodies, templates, docs_dir, memo_in)
    while _write_next(made, site_dir, write):
        pass


def markdown_unread(sites: Mapping[str, Site], bodies: Mapping[str, Mapping[str, str]]) -> set[int]:
    """The items' front matter (by `id`) whose Markdown none of these outputs reads: each item whose every language
    has its rendered body (feeds.body_digest and the feeds' entries read the Markdown only where there is none).

    A plain page's is always read (its title may be its first heading)."""
    rendered: set[int] = set()
    read: set[int] = set()
    for code, site in sites.items():
        language = bodies.get(code, {})
        for item in site.items:
            (rendered if item.key in language else read).add(id(item.front))
    return rendered - read


def _outputs(
    sites: Mapping[str, Site], bodies: Mapping[str, dict[str, str]], templates: Path | None, docs_dir: Path,
    memo_in: Callable[[str], Memo],
) -> Iterator[OutputFiles]:
    """The outputs, a few files at a time as they are made: all (90 MB at 1,000 items) are never held at once."""
    for code, site in sites.items():
        for files in publish.outputs_each(site, bodies.get(code, {}), templates, memo_in(code)):
            for line in email_edition.heavier_than_clients_show(files):
                notice(line)
            yield files
    logo = next(iter(sites.values())).settings.network.logo if sites else None
    if logo:
        yield memo_in("")("icons", (), functools.partial(icons.render_icons, docs_dir / logo))


def _write_next(made: Iterator[OutputFiles], site_dir: Path,
                write: Callable[[str, bytes | Unread], object] | None = None) -> bool:
    """Make and write the next few files; False once there are none left."""
    try:
        files = next(made, None)
    except ValueError as error:  # e.g. no site_url: feeds need absolute addresses
        raise BuildError(f"mkdocs.yml: {error}") from None
    if files is None:
        return False
    write_files(site_dir, files, write)
    return True


class WrittenWhenChanged:
    """Writes a preview's files whole, but those it last wrote with the same bytes: after a save most of the search
    index's files and feeds are as they were (1,500 files at 1,000 items, 0.75 s to write again, on the thread beside
    the next save's build)."""

    def __init__(self) -> None:
        self._written: dict[str, bytes] = {}  # path → digest of the bytes written there

    def __call__(self, path: str, data: bytes | Unread) -> None:
        data = data if isinstance(data, bytes) else data.read()
        written = hashlib.blake2b(data, digest_size=16).digest()
        if self._written.get(path) == written and Path(path).is_file():
            return
        replace_whole(path, data)
        self._written[path] = written


def steps_later(
    sites: dict[str, Site], bodies: dict[str, dict[str, str]], templates: Path | None,
    documents: dict[str, tuple[str | None, str]], docs_dir: Path, site_dir: Path,
    memo_in: Callable[[str], Memo], last: Callable[[], None], kept_search: KeptSearch, part_pages: int,
    write: Callable[[str, bytes | Unread], object] = replace_whole,
) -> Generator[Callable[[], None], None, None]:
    """A dirty preview's work after its pages, step by step: the search index of every page, new or kept; the outputs.

    Pagefind indexes in its own process while the pages are handed over in small steps; the parts of the index whose
    pages the save did not change are the last save's (`kept_search`).
    """
    handover = search.Handover(part_pages=part_pages, pages_expected=len(documents), store=kept_search,
                               kept=kept_search.joining)
    try:
        for url, (document, output) in documents.items():
            yield functools.partial(handover.add, document, output, url)
        yield lambda: search.write_bundle(handover.bundle(), site_dir, write)
        yield kept_search.forget_unused
    finally:
        handover.close()
    # A few files at a time, so that the next save stops the work at once rather than after every feed: it runs on
    # the thread beside the next save's build, and would slow it.
    yield from _writing_steps(_outputs(sites, bodies, templates, docs_dir, memo_in), site_dir, write)
    yield last


def _writing_steps(made: Iterator[OutputFiles], site_dir: Path,
                   write: Callable[[str, bytes | Unread], object]) -> Iterator[Callable[[], None]]:
    """Steps that each make and write the next few files (a reader may be reading the folder), until none are
    left."""
    left = True

    def step() -> None:
        nonlocal left
        left = _write_next(made, site_dir, write)

    while left:
        yield step
