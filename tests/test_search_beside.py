"""The search index is made by a process beside the build, sent each finished page as it is written."""

from __future__ import annotations

import gc
import gzip
import json
import os
import signal
import tempfile
import tracemalloc
from pathlib import Path

import pytest

from generator.fast import search_beside
from generator.fast.search_beside import SearchBeside, SearchIndexError, Start
from generator.fast.search_service import StreamingIndex


def _page(title: str, text: str) -> str:
    return (f'<!doctype html><html lang="en"><head><title>{title}</title></head><body><nav>Menu</nav>'
            f'<div data-pagefind-body><h1>{title}</h1><p>{text}</p></div></body></html>')


def test_every_page_sent_is_in_the_index_the_process_writes() -> None:
    beside = SearchBeside()
    beside.begin(Start(None, "", 0, 1500, 2))
    try:
        beside.add(_page("Cox's Bazar", "Returnees and host communities"), "/news/a/")
        beside.add(_page("Dhaka", "Labour migration governance"), "/news/b/")
        index = beside.index()
    finally:
        beside.close()
    entry = json.loads(index.bundle["pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 2
    fragments = [json.loads(data) for name, data in _unzipped(index.bundle).items() if name.startswith("fragment/")]
    assert sorted(fragment["url"] for fragment in fragments) == ["/news/a/", "/news/b/"]
    assert all("Menu" not in fragment["content"] for fragment in fragments)  # only the searchable body


def test_a_headings_permalink_is_left_out_of_what_readers_find_and_the_words_after_it_stay() -> None:
    page = ('<!doctype html><html lang="en"><body><div data-pagefind-body><h1>Returnees</h1>'
            '<h2 id="support">Reintegration support<a class="headerlink" href="#support" title="Permanent link">¶</a>'
            '</h2><p>Counselling in Cox\'s Bazar</p></div></body></html>')
    beside = SearchBeside()
    beside.begin(Start(None, "", 0, 1500, 1))
    try:
        beside.add(page, "/news/a/")
        index = beside.index()
    finally:
        beside.close()
    [fragment] = [json.loads(data) for data in _unzipped(index.bundle).values()]
    assert "¶" not in fragment["content"]
    assert "Reintegration support" in fragment["content"]
    assert "Counselling in Cox's Bazar" in fragment["content"]


def test_more_pages_than_a_spool_file_holds_are_all_indexed_and_leave_no_file_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(search_beside, "SPOOL_PAGES", 2)
    beside = SearchBeside()
    beside.begin(Start(None, "", 0, 1500, 5))
    try:
        for number in range(5):
            beside.add(_page(f"Round {number}", "of the national dialogue"), f"/news/round-{number}/")
        index = beside.index()
    finally:
        beside.close()
    assert json.loads(index.bundle["pagefind-entry.json"])["languages"]["en"]["page_count"] == 5
    assert list(tmp_path.iterdir()) == []


def test_a_process_ended_by_the_system_stops_the_build_with_one_line() -> None:
    beside = SearchBeside()
    beside.begin(Start(None, "", 0, 1500, 1))
    try:
        os.kill(beside.pid, signal.SIGKILL)  # as the kernel does when memory runs out
        beside.add(_page("Dhaka", "Labour migration"), "/news/a/")
        with pytest.raises(SearchIndexError) as stopped:
            beside.index()
    finally:
        beside.close()
    assert "search index" in str(stopped.value)
    assert "\n" not in str(stopped.value)


def test_a_process_started_for_a_build_that_keeps_its_index_is_stopped_and_leaves_nothing_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Started while the content loads, before the build knows whether the last build's index will do.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    beside = SearchBeside()
    beside.close()
    with pytest.raises(ProcessLookupError):
        os.kill(beside.pid, 0)
    assert list(tmp_path.iterdir()) == []


def _unzipped(bundle: dict[str, bytes]) -> dict[str, bytes]:
    # Pagefind's fragments are gzipped behind its own signature.
    return {name: gzip.decompress(data)[len(b"pagefind_dcd"):] for name, data in bundle.items()
            if name.startswith("fragment/")}


def test_a_part_of_the_index_once_taken_is_not_held_by_its_stopped_pagefind() -> None:
    """The parts' Pagefinds are kept until the index is joined; what each sent back must not be kept with them (39
    parts at 10,000 items held 175 MB of replies to the end of the process)."""
    words = " ".join(f"word{number}" for number in range(4000))
    index = StreamingIndex()
    for number in range(40):
        index.add(_page(f"Page {number}", f"{words} page{number}"), f"/news/{number}/")
    tracemalloc.start()
    try:
        files = index.files()
        taken = sum(len(data) for data in files.values())
        del files
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert taken > 1 << 20
    assert held < taken / 4, f"{held >> 10} kB still held by a Pagefind that sent {taken >> 10} kB and was stopped"
