"""A build's files linked from the copies the build before kept: the site is what the build made, whatever happens to
a published file afterwards."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.fast import build_cache
from generator.fast.build_cache import BuildCache
from generator.fast.kept_files import KeptFiles
from generator.fast.page_cache import kept_output
from generator.fast.page_writer import PageWriter
from generator.pipeline.staging import write_files


def _written(store: Path, site: Path, files: dict[str, bytes]) -> None:
    """One build: each file written through the copies kept in `store`, which are noted at the end."""
    kept = KeptFiles(store)
    site.mkdir(parents=True)
    for name, data in files.items():
        kept.write(str(site / name), data)
    kept.save()


def test_each_file_holds_the_bytes_given_build_after_build(tmp_path: Path) -> None:
    files = {"a.html": b"<p>one</p>", "b.html": b"<p>two</p>", "empty.txt": b""}
    _written(tmp_path / "store", tmp_path / "first", files)
    _written(tmp_path / "store", tmp_path / "second", {**files, "b.html": b"<p>two, edited</p>"})
    assert (tmp_path / "second/a.html").read_bytes() == b"<p>one</p>"
    assert (tmp_path / "second/b.html").read_bytes() == b"<p>two, edited</p>"
    assert (tmp_path / "second/empty.txt").read_bytes() == b""
    assert (tmp_path / "first/b.html").read_bytes() == b"<p>two</p>"  # the last site is as it was published


def test_a_published_file_written_over_in_place_is_not_what_the_next_build_publishes(tmp_path: Path) -> None:
    page = b"<p>as the build made it</p>"
    _written(tmp_path / "store", tmp_path / "first", {"index.html": page})
    with (tmp_path / "first/index.html").open("r+b") as published:  # a minifier, say, writing over the file
        published.write(b"<p>changed</p>")
    _written(tmp_path / "store", tmp_path / "second", {"index.html": page})
    assert (tmp_path / "second/index.html").read_bytes() == page


def test_the_same_bytes_at_two_places_are_two_files_that_change_apart(tmp_path: Path) -> None:
    feed = b'{"items": []}'
    for site in ("first", "second"):  # the second build finds the copy the first one kept
        _written(tmp_path / "store", tmp_path / site, {"a.json": feed, "b.json": feed})
    with (tmp_path / "second/a.json").open("r+b") as published:
        published.write(b"[")
    assert (tmp_path / "second/b.json").read_bytes() == feed


def test_copies_no_build_used_last_are_dropped(tmp_path: Path) -> None:
    _written(tmp_path / "store", tmp_path / "first", {"a.html": b"old"})
    _written(tmp_path / "store", tmp_path / "second", {"a.html": b"new"})
    copies = [path for path in (tmp_path / "store").rglob("*") if path.is_file() and path.name != "copies.pickle"]
    assert [path.read_bytes() for path in copies] == [b"new"]


def test_without_a_cache_files_are_written_as_they_are(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    KeptFiles(None).write(str(site / "a.html"), b"<p>one</p>")
    assert (site / "a.html").read_bytes() == b"<p>one</p>"


def test_a_page_whose_copy_is_gone_is_left_for_the_build_to_write(tmp_path: Path) -> None:
    _written(tmp_path / "store", tmp_path / "first", {"index.html": b"<p>page</p>"})
    kept = KeptFiles(tmp_path / "store")
    [name] = [path.name for path in (tmp_path / "store").rglob("*") if path.is_file() and path.suffix != ".pickle"]
    assert kept.usable(name)
    for copy in (tmp_path / "store").rglob(name):
        copy.unlink()  # another build sharing the cache dropped it
    writer = PageWriter(kept)
    target = tmp_path / "second" / "index.html"
    writer.write(str(target), "", b"the key of its output", name)
    writer.finish()
    assert writer.not_linked == [(str(target), b"the key of its output")]
    assert not target.exists()


# A feed of 200 KB that does not compress, so that reading it from the cache shows.
FEED = {"news/rss.xml": b"<rss>" + random.Random(1).randbytes(200_000), "news/feed.json": b'{"items": ["floods"]}'}
NOW = dt.datetime(2025, 11, 22, tzinfo=dt.UTC)


def _feeds_built(folder: Path, site: Path, made: list[str], *, before_writing: Callable[[], None] = lambda: None
                 ) -> Path:
    """One build of a site's feeds through the build cache and the copies in `folder` (`made`: what was made)."""
    cache = BuildCache(folder / "cache", "salt")
    copies = KeptFiles(folder / "copies")

    def make() -> dict[str, bytes]:
        made.append("feeds")
        return dict(FEED)

    files = kept_output(cache, cache.key("output", "feeds"), NOW, make, copies)
    before_writing()
    write_files(site, files, copies.write)
    copies.save()
    cache.save()
    cache.close()
    return site


def _copies(folder: Path) -> list[Path]:
    return [path for path in (folder / "copies").rglob("*") if path.is_file() and path.suffix != ".pickle"]


def test_feeds_kept_by_the_last_build_are_its_copies_linked_never_made_nor_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    _feeds_built(tmp_path, tmp_path / "first", made)
    unpacked: list[int] = []
    unpack = build_cache._unpack
    def counted(stored: bytes) -> Any:
        unpacked.append(len(stored))
        return unpack(stored)

    monkeypatch.setattr(build_cache, "_unpack", counted)
    site = _feeds_built(tmp_path, tmp_path / "second", made)
    assert made == ["feeds"]
    assert sum(unpacked) < 10_000, "the feeds' bytes were read from the cache"
    for path, data in FEED.items():
        assert (site / path).read_bytes() == data
        assert (site / path).stat().st_nlink > 1, "written again rather than linked to its copy"


def test_a_feed_whose_copy_was_written_over_is_published_as_the_build_made_it(tmp_path: Path) -> None:
    made: list[str] = []
    _feeds_built(tmp_path, tmp_path / "first", made)
    with (tmp_path / "first" / "news" / "rss.xml").open("r+b") as published:  # a minifier, say, in place
        published.write(b"<!-- -->")
    site = _feeds_built(tmp_path, tmp_path / "second", made)
    assert {path: (site / path).read_bytes() for path in FEED} == FEED


def test_a_feed_whose_copy_is_dropped_while_the_build_writes_is_published_from_the_cache(tmp_path: Path) -> None:
    made: list[str] = []
    _feeds_built(tmp_path, tmp_path / "first", made)

    def dropped() -> None:  # by another build sharing the cache, between the feeds chosen and written
        for copy in _copies(tmp_path):
            copy.unlink()

    site = _feeds_built(tmp_path, tmp_path / "second", made, before_writing=dropped)
    assert made == ["feeds"]
    assert {path: (site / path).read_bytes() for path in FEED} == FEED
