"""Site search with Pagefind: what each page tells the index, and the index written after the pages.

Pagefind splits its index into small chunks that the browser fetches only when a reader
searches, and only those the query needs; mkdocs-material's own search downloads the whole
index on every first visit, which on a metered phone is the heaviest part of the site.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from selectolax.lexbor import LexborHTMLParser

from generator.content import body_html
from generator.content.dates import PartialDate
from generator.fast.search_merge import SEARCH_PART_PAGES, Kept, MadeAhead, merge
from generator.fast.search_service import StreamingIndex
from generator.fast.search_stable import ENTRY, make_stable
from generator.graph.site import Item, Site
from generator.outputs import syndication
from generator.pipeline.staging import Unread, write_files

SEARCH_DIR = "pagefind"
# Pages one Pagefind indexes, unless the network says otherwise (generator/pipeline/options.py).
PART_PAGES = SEARCH_PART_PAGES
# Pagefinds alive at once, at most: one taking the pages of the part being handed over, one writing the part before
# it. Each holds its part's pages until its files are taken (15-60 MB while pages come, up to 135 MB writing): a
# cold 10,000-item build started parts faster than its one writing thread finished them, and nine Pagefinds held
# 240 MB at once at the build's peak. The next part waits for the one before it to be written; the writing thread
# never waits for a new one.
ALIVE = 2
PAGE_FILTER = "Page"
# Pagefind also writes its ready-made interfaces; our page talks to its API, so they are never shipped.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)


def kind_filters(site: Site) -> tuple[str, ...]:
    """The types readers narrow results by, as Pagefind filter values (each type's label in the site's language)."""
    return tuple(site.label(content_type.folder) for content_type in site.types)


def page_filter(site: Site | None) -> str:
    """The filter value of the pages staff write (about, contact), in the graph's language."""
    return site.strings.type_label("pages", PAGE_FILTER) if site is not None else PAGE_FILTER


@dataclass(frozen=True)
class SearchEntry:
    """What a page adds to the index besides its text: its type, date and filter values (its TWGs), for results."""

    kind: str
    date: str | None = None
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (a filter's name, the page's values of it)


@dataclass(frozen=True)
class SearchFilter:
    """A way readers narrow results, declared by a type (`search_filter`): its name, its label, and its values."""

    name: str
    label: str
    values: tuple[str, ...]


def entry_for_item(item: Item, site: Site) -> SearchEntry:
    """An item's type, the date readers know it by, and the items it belongs to that readers filter by (its TWGs)."""
    when, shown = item.search_date, item.date_shown
    date = when.astimezone(site.settings.timezone).date().isoformat() if when is not None else None
    if isinstance(shown, PartialDate) and when == item.published:
        date = shown.isoformat()  # a month or a year alone, as the item's page shows it
    # A TWG's own page is found under its own name, as its news and events are.
    filters = tuple(
        (t.search_filter, (item.short_name,) if item.kind == t.folder
         else tuple(named.short_name for named in item.named(t.folder)))
        for t in site.types.search_filters
    )
    return SearchEntry(item.kind_label, date, filters)


def entry_for_content_page(site: Site | None = None) -> SearchEntry:
    """A page written in content/ (about, contact …): searchable, with no date."""
    return SearchEntry(page_filter(site))


def filters(site: Site) -> tuple[SearchFilter, ...]:
    """What readers can narrow results by besides the type: each filtering type's items by name (the TWGs)."""
    return tuple(
        SearchFilter(t.search_filter, site.label(t.folder), tuple(i.short_name for i in site.of_kind(t.folder)))
        for t in site.types.search_filters
    )


def searchable(output: str) -> str | None:
    """The part of a built page Pagefind reads: its language and the searchable body, not the navigation;
    None for a page without a searchable body.

    Handing Pagefind whole pages made it hold every page's menus and sidebars: two gigabytes at
    10,000 items. It indexes only what is inside `data-pagefind-body` (main.html writes it), so the
    rest is left out before the page is sent, and the index written is the same. Every page is parsed whole for
    it: Lexbor parses a page in half the time lxml takes, on the core that Pagefind and the feeds share.
    """
    tree = LexborHTMLParser(output)
    body = tree.css_first("div[data-pagefind-body]")
    if body is None or tree.root is None:
        return None
    # Headings' "¶" permalinks would end up in result titles and excerpts ("Contact¶"); the text after each stays.
    for link in body.css(syndication.PERMALINKS_CSS):
        link.decompose()
    opening = body_html.start_tag("html", ((key, value or "") for key, value in tree.root.attributes.items()))
    return f"{opening}<head><meta charset=\"utf-8\"></head><body>{body.html}</body></html>"


def index_url(page_url: str) -> str:
    """A page's address in the index, from the site root, as Pagefind gives it when it reads the built folder."""
    return "/" + page_url


class PartStore(Protocol):
    """Where the parts of earlier builds' indexes are kept, by a digest of the pages each part was made from."""

    def find(self, pages: bytes) -> dict[str, bytes] | None: ...

    def keep(self, pages: bytes, bundle: dict[str, bytes]) -> None: ...

    def seen(self, first: bytes) -> bool:
        """Whether an earlier build began a part with this page (a digest of it); remembered for the next."""
        ...


class _NoParts:
    def find(self, pages: bytes) -> dict[str, bytes] | None:
        return None

    def keep(self, pages: bytes, bundle: dict[str, bytes]) -> None:
        return None

    def seen(self, first: bytes) -> bool:
        return False


def _part_ends_after(url: str, pages_in_part: int, part_pages: int) -> bool:
    """Whether a part of the index ends after this page: decided by the page's address, not by counting.

    Counted parts would all shift when staff add or remove a page, and every part after it would be
    indexed again; a part that ends where its last page's address says keeps its pages when pages
    before it come and go. Parts hold at least a quarter and about a half of `part_pages`.
    """
    if pages_in_part < max(1, part_pages // 4):
        return False
    hashed = int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big")
    return hashed % max(1, part_pages // 4) == 0


def _page_bytes(document: str, url: str) -> bytes:
    """What a part's digest is made of for one page: its address and its searchable text."""
    return b"".join(text.encode("utf-8", "surrogatepass") + b"\0" for text in (url, document))


@dataclass
class _Part:
    """The part of the index pages are being added to."""

    pages: Any  # a running digest of its pages, in order
    index: StreamingIndex | None  # the Pagefind indexing it as its pages come
    waiting: list[tuple[str, str]]  # or its pages, until it is known that no earlier build has the part
    count: int = 0
    full: bool = False


class Handover:
    """Pages on their way to Pagefind, in the order they are built, a part at a time.

    Once any page has a searchable body, Pagefind leaves out every page without one: such pages are
    held back, and handed over whole only if no page has a body at all (then Pagefind reads every
    page whole, as it would have). Pagefind no longer parses a fifth of the pages only to drop them.

    A site of more than `part_pages` pages is indexed in parts of at most that many (each by its own
    Pagefind, writing its part on a thread while the next pages go to a fresh one), so no Pagefind
    holds more than a part; the parts are joined into the one index a single Pagefind would write
    (search_merge). A part whose pages are all as an earlier build had them is taken from `store`.
    Its pages go to Pagefind as they come, unless the site is in parts and an earlier build began a
    part with its first page (a warm build): then they wait for the part's end, and go to a Pagefind
    on a thread only if the part is new, so that a warm build does not wait for Pagefind to index
    kept parts.
    """

    def __init__(self, start: Callable[[], StreamingIndex] = StreamingIndex, part_pages: int = PART_PAGES, *,
                 pages_expected: int = 0, store: PartStore | None = None, kept: Kept | None = None) -> None:
        self.part_pages = part_pages
        self._joining = MadeAhead(kept)  # each new part's words, made ready to join once it is written
        self._split = pages_expected > part_pages
        self._start = start
        self._store: PartStore = store if store is not None else _NoParts()
        self._held: list[tuple[str, str]] = []
        self._bodies = False
        self._part: _Part | None = None
        self._parts: list[Future[dict[str, bytes]]] = []
        self._made: list[tuple[bytes, Future[dict[str, bytes]]]] = []  # parts Pagefind made, to keep
        self._indexes: list[StreamingIndex] = []  # every Pagefind started, stopped by close()
        self._starting = threading.Lock()  # Pagefinds are started on the main thread and on the parts' thread
        self._alive = threading.Semaphore(ALIVE)  # taken by each Pagefind started, given back as it ends (`_ended`)
        self._living: set[StreamingIndex] = set()
        self._closed = False
        self._finishing: ThreadPoolExecutor | None = None
        self.parts_kept = 0

    def add(self, document: str | None, output: str, url: str) -> None:
        """Hand over a page: its searchable `document` (from `searchable`), or None and the whole `output`."""
        if document is not None:
            self._bodies = True
            self._held.clear()
            self._add(document, url)
        elif not self._bodies:
            self._held.append((output, url))

    def _add(self, document: str, url: str) -> None:
        page = _page_bytes(document, url)
        if self._part is None or self._part.full:
            if self._part is not None:
                self._parts.append(self._finish(self._part))
            # A site in one part is kept whole or not at all (the plugin keeps the whole index): it always streams.
            first = hashlib.blake2b(page, digest_size=20).digest()
            held = self._split and self._store.seen(first)
            self._part = _Part(hashlib.blake2b(digest_size=20), None if held else self._new_index(), [])
        part = self._part
        if part.index is not None:
            part.index.add(document, url)
        else:
            part.waiting.append((document, url))
        part.pages.update(page)
        part.count += 1
        part.full = part.count >= self.part_pages or (self._split and _part_ends_after(url, part.count,
                                                                                        self.part_pages))

    def _new_index(self) -> StreamingIndex:
        while not self._alive.acquire(timeout=1):
            if self._closed:
                break
        with self._starting:
            if self._closed:
                raise RuntimeError("the search index was abandoned")
            try:
                index = self._start()
            except BaseException:
                self._alive.release()
                raise
            self._indexes.append(index)
            self._living.add(index)
            return index

    def _ended(self, index: StreamingIndex) -> None:
        """`index` has written its files, or was closed: another Pagefind may start."""
        with self._starting:
            if index not in self._living:
                return
            self._living.discard(index)
        self._alive.release()

    def _finish(self, part: _Part) -> Future[dict[str, bytes]]:
        """The part: kept from an earlier build, or written by its Pagefind on a thread."""
        pages = part.pages.digest()
        kept = self._store.find(pages)
        if kept is not None:
            if part.index is not None:
                part.index.close()
                self._ended(part.index)
            self.parts_kept += 1
            done: Future[dict[str, bytes]] = Future()
            done.set_result(kept)
            return done
        if self._finishing is None:
            self._finishing = ThreadPoolExecutor(1, thread_name_prefix="search-index-part")
        made = self._finishing.submit(self._written, part.index, part.waiting)
        self._made.append((pages, made))
        return made

    def _written(self, index: StreamingIndex | None, waiting: list[tuple[str, str]]) -> dict[str, bytes]:
        if index is None:
            index = self._new_index()
            for document, url in waiting:
                index.add(document, url)
        try:
            part = index.files()
        finally:
            self._ended(index)
        if self._split:
            self._joining.add(part)
        return part

    def bundle(self) -> dict[str, bytes]:
        """The index of every page handed over, stable and without the files readers never fetch."""
        parts = self.finished_parts()
        bundle = merge(parts, self._joining) if len(parts) > 1 else parts[0]
        return {name: data for name, data in make_stable(bundle).items() if name not in UNUSED_FILES}

    def finished_parts(self) -> list[dict[str, bytes]]:
        """Every part of the index, in page order, once each is written (the new ones kept in `store`)."""
        for output, url in self._held:
            self._add(output, url)
        self._held.clear()
        if self._part is None:  # no page at all: the index of none, as Pagefind writes it
            self._part = _Part(hashlib.blake2b(digest_size=20), self._new_index(), [])
        self._parts.append(self._finish(self._part))
        self._part = None
        parts = [part.result() for part in self._parts]
        for pages, made in self._made:
            self._store.keep(pages, made.result())
        return parts

    @property
    def parts(self) -> int:
        """How many parts the index was made in (once they are finished)."""
        return len(self._parts)

    def close(self) -> None:
        """Stop every Pagefind (the one indexing, those writing their parts) without writing anything."""
        with self._starting:
            self._closed = True
            indexes = list(self._indexes)
        for index in indexes:
            index.close()
        if self._finishing is not None:
            self._finishing.shutdown(wait=True, cancel_futures=True)
            self._finishing = None


def write_bundle(bundle: dict[str, bytes], site_dir: Path,
                 write: Callable[[str, bytes | Unread], object] | None = None) -> None:
    """Write the search index into site_dir/pagefind/ (each file put in place by `write`, if given).

    Its entry file last: it names the others (by their hashes), so a reader who gets the new entry finds every
    file of the new index there, in a preview's folder written while it is served."""
    write_files(site_dir / SEARCH_DIR, dict(sorted(bundle.items(), key=lambda file: file[0] == ENTRY)), write)
