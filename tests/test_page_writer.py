"""A build's pages are written by a thread of their own: a failure there stops the build, never leaves it waiting."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from generator.fast import page_writer
from generator.fast.page_writer import PageWriter


def test_every_page_given_is_written_as_utf8(tmp_path: Path) -> None:
    writer = PageWriter()
    for number in range(page_writer.WAITING * 2):
        writer.write(str(tmp_path / "news" / f"item-{number}" / "index.html"), f"<p>কক্সবাজার {number}</p>")
    writer.finish()
    assert (tmp_path / "news" / "item-100" / "index.html").read_text(encoding="utf-8") == "<p>কক্সবাজার 100</p>"


def test_a_write_that_fails_unexpectedly_stops_the_build_rather_than_leaving_it_waiting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(self: PageWriter, path: str, output: str, *kept: object) -> None:
        raise ValueError("not a disk's mistake")

    monkeypatch.setattr(PageWriter, "_write", failing)
    writer = PageWriter()
    raised: list[BaseException] = []

    def build() -> None:
        try:
            for number in range(page_writer.WAITING * 4):  # more pages than the queue holds
                writer.write(str(tmp_path / f"{number}.html"), "<p>page</p>")
            writer.finish()
        except ValueError as error:
            raised.append(error)

    thread = threading.Thread(target=build, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the build waits on the writer's full queue"
    assert [str(error) for error in raised] == ["not a disk's mistake"]
