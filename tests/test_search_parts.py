"""The search index is made in parts that stay the same when staff add or remove a page before them.

A warm build takes every part whose pages are all as they were from the build cache; a part
boundary that moved with every page added would send every later part to Pagefind again.
"""

from __future__ import annotations

import threading
import time
from typing import ClassVar

import cbor2
from hypothesis import given
from hypothesis import strategies as st

from generator.fast.search_merge import _ARRAY, _head
from generator.outputs.search import ALIVE, Handover


class _Index:
    """Stands in for Pagefind: it remembers the pages it was given."""

    made: ClassVar[list[tuple[str, ...]]] = []
    started: ClassVar[int] = 0

    def __init__(self) -> None:
        self.pages: list[str] = []
        _Index.started += 1

    def add(self, document: str, url: str) -> None:
        self.pages.append(url)

    def files(self) -> dict[str, bytes]:
        _Index.made.append(tuple(self.pages))
        return {"pages": "\n".join(self.pages).encode()}

    def close(self) -> None:
        pass


class _Store:
    def __init__(self) -> None:
        self.parts: dict[bytes, dict[str, bytes]] = {}
        self.firsts: set[bytes] = set()

    def seen(self, first: bytes) -> bool:
        known = first in self.firsts
        self.firsts.add(first)
        return known

    def find(self, pages: bytes) -> dict[str, bytes] | None:
        return self.parts.get(pages)

    def keep(self, pages: bytes, bundle: dict[str, bytes]) -> None:
        self.parts[pages] = bundle


def _index(urls: list[str], store: _Store, text: str = "") -> tuple[list[tuple[str, ...]], int]:
    """The parts Pagefind was asked to make for these pages, and how many were taken from `store`."""
    _Index.made, _Index.started = [], 0
    handover = Handover(_Index, 40, pages_expected=len(urls), store=store)  # type: ignore[arg-type]
    for url in urls:
        handover.add(f"<p>{url}{text if url.endswith('0500/') else ''}</p>", "", url)
    handover.finished_parts()
    handover.close()
    return _Index.made, handover.parts_kept


def test_adding_a_page_sends_only_its_own_part_to_pagefind_again() -> None:
    urls = [f"/news/item-{number:04}/" for number in range(1000)]
    store = _Store()
    first, _ = _index(urls, store)
    assert len(first) > 1000 // 40  # parts of at most 40 pages, most of them smaller
    assert all(len(part) <= 40 for part in first)
    again, kept = _index([*urls[:300], "/news/added/", *urls[300:]], store)
    assert len(again) <= 2  # the part the page joined (split in two if the page itself ends a part)
    assert kept >= len(first) - 1


def test_removing_a_page_sends_only_its_own_part_to_pagefind_again() -> None:
    urls = [f"/events/meeting-{number:04}/" for number in range(1000)]
    store = _Store()
    first, _ = _index(urls, store)
    again, kept = _index(urls[:500] + urls[501:], store)
    assert len(again) <= 1 + 1  # the part it left, joined to the next if the page ended its part
    assert kept >= len(first) - 2


def test_a_build_with_every_page_as_before_starts_no_pagefind() -> None:
    urls = [f"/practices/practice-{number:04}/" for number in range(1000)]
    store = _Store()
    _index(urls, store)
    made, _ = _index(urls, store)
    assert made == [] and _Index.started == 0


def test_a_build_after_one_page_was_edited_indexes_that_part_alone() -> None:
    urls = [f"/news/item-{number:04}/" for number in range(1000)]
    store = _Store()
    first, _ = _index(urls, store)
    again, kept = _index(urls, store, text=" and a sentence staff added")
    assert [len(part) for part in again] == [next(len(part) for part in first if "/news/item-0500/" in part)]
    assert _Index.started == 1 and kept == len(first) - 1



class _SlowIndex(_Index):
    """A Pagefind that takes its time writing its part, as one does on a busy machine; it counts those alive."""

    alive: ClassVar[int] = 0
    most: ClassVar[int] = 0
    lock = threading.Lock()

    def __init__(self) -> None:
        super().__init__()
        with _SlowIndex.lock:
            _SlowIndex.alive += 1
            _SlowIndex.most = max(_SlowIndex.most, _SlowIndex.alive)

    def files(self) -> dict[str, bytes]:
        time.sleep(0.02)
        with _SlowIndex.lock:
            _SlowIndex.alive -= 1
        return super().files()


def test_pagefinds_slower_to_write_than_pages_come_are_never_more_than_two_at_once() -> None:
    urls = [f"/news/item-{number:04}/" for number in range(1000)]
    _Index.made, _SlowIndex.most = [], 0
    handover = Handover(_SlowIndex, 40, pages_expected=len(urls), store=_Store())  # type: ignore[arg-type]
    for url in urls:
        handover.add(f"<p>{url}</p>", "", url)
    parts = handover.finished_parts()
    handover.close()
    assert len(parts) > 1000 // 40
    assert [url for part in parts for url in part["pages"].decode().split("\n")] == urls  # every page, in order
    assert _SlowIndex.most == ALIVE == 2


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_a_head_is_written_in_the_fewest_bytes_as_cbor2_writes_it(argument: int) -> None:
    assert _head(0, argument) == cbor2.dumps(argument)  # an unsigned integer is a head alone (major type 0)


@given(st.lists(st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=3), max_size=300))
def test_a_list_joined_from_its_items_encodings_is_the_list_cbor2_writes(values: list[list[int]]) -> None:
    """Parts of the index are joined as encoded bytes: a list's head, then its items as each was encoded."""
    assert _head(_ARRAY, len(values)) + b"".join(cbor2.dumps(value) for value in values) == cbor2.dumps(values)
