"""A build's pages are written by a thread of their own: a failure there stops the build, never leaves it waiting."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from generator.fast import page_writer
from generator.fast.page_writer import PageWriter

# Pages of a size 50 of which are more than the writer holds waiting.
PADDING = " " * (page_writer.WAITING // 50)


def test_every_page_given_is_written_as_utf8(tmp_path: Path) -> None:
    writer = PageWriter()
    for number in range(200):
        writer.write(str(tmp_path / "news" / f"item-{number}" / "index.html"), f"<p>কক্সবাজার {number}</p>{PADDING}")
    writer.finish()
    assert (tmp_path / "news" / "item-100" / "index.html").read_text(encoding="utf-8") == \
        f"<p>কক্সবাজার 100</p>{PADDING}"


def test_pages_linked_to_their_kept_copies_never_wait_for_a_writer_still_busy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    busy = threading.Event()
    written: list[str] = []

    def slow(self: PageWriter, path: str, output: str, *kept: object) -> None:
        busy.wait(timeout=20)
        written.append(path)

    monkeypatch.setattr(PageWriter, "_write", slow)
    writer = PageWriter()

    def build() -> None:
        for number in range(10_000):  # a linked page's output is not written: the copy is linked in its place
            writer.write(str(tmp_path / f"{number}.html"), PADDING, b"key", "copy")

    given = threading.Thread(target=build, daemon=True)
    given.start()
    given.join(timeout=10)
    assert not given.is_alive(), "the build waits for the writer to link its kept pages"
    busy.set()
    writer.finish()
    assert len(written) == 10_000


def test_pages_to_write_wait_for_the_writer_once_it_holds_its_fill(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    busy = threading.Event()
    monkeypatch.setattr(PageWriter, "_write", lambda self, *page: busy.wait(timeout=20))
    writer = PageWriter()
    given: list[int] = []

    def build() -> None:
        for number in range(200):
            writer.write(str(tmp_path / f"{number}.html"), PADDING)
            given.append(number)

    thread = threading.Thread(target=build, daemon=True)
    thread.start()
    thread.join(timeout=2)
    assert thread.is_alive() and 40 <= len(given) <= 60, "a disk slower than the build keeps every page in memory"
    busy.set()
    thread.join(timeout=20)
    writer.finish()
    assert len(given) == 200


def test_a_write_that_fails_unexpectedly_stops_the_build_rather_than_leaving_it_waiting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(self: PageWriter, path: str, output: str, *kept: object) -> None:
        raise ValueError("not a disk's mistake")

    monkeypatch.setattr(PageWriter, "_write", failing)
    writer = PageWriter()
    raised: list[BaseException] = []

    def build() -> None:
        try:
            for number in range(200):  # more pages than the writer holds waiting
                writer.write(str(tmp_path / f"{number}.html"), f"<p>page</p>{PADDING}")
            writer.finish()
        except ValueError as error:
            raised.append(error)

    thread = threading.Thread(target=build, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the build waits on the writer's full queue"
    assert [str(error) for error in raised] == ["not a disk's mistake"]
