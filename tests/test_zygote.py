"""The process that makes the feeds beside the build is forked before the content is read, and holds only its work.

Forked once the bodies were rendered, it started with all the build's memory and ended holding most of it as its own
(467 MB at 10,000 items), copied as the build went on writing to it.
"""

from __future__ import annotations

import functools
import os
import time

import pytest
from resident import resident_megabytes

from generator.fast.forked import Beside, BesideError
from generator.fast.zygote import Zygote


class _Kind:
    """Stands in for a content type: it holds a function, which pickle cannot carry."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.label = lambda: f"the {name} type"


def _labelled(kind: _Kind, suffix: str) -> str:
    return kind.label() + suffix


def test_work_handed_over_runs_with_the_objects_both_processes_hold_and_its_result_comes_back() -> None:
    kind = _Kind("news")
    zygote = Zygote({"news": kind})
    started = zygote.start(functools.partial(_labelled, kind, " (made beside)"))
    assert started is not None
    assert started.result() == "the news type (made beside)"


class _Report:
    """Stands in for front matter: a large part the work may not read, and a small one it does."""

    def __init__(self, text: bytes, title: str) -> None:
        self.text, self.title = text, title


def _sizes(reports: list[_Report]) -> list[tuple[int, str]]:
    return [(len(report.text), report.title) for report in reports]


def test_work_handed_over_carries_of_each_object_what_the_build_says_it_needs_and_the_rest_whole() -> None:
    read, unread = _Report(b"read", "first"), _Report(os.urandom(1 << 20), "second")
    zygote = Zygote({})
    started = zygote.start(functools.partial(_sizes, [read, unread]),
                           {_Report: lambda report: (_Report, (b"", report.title)) if report is unread else None})
    assert started is not None
    assert started.result() == [(4, "first"), (0, "second")]


def test_work_larger_than_the_pipe_between_them_arrives_whole() -> None:
    zygote = Zygote({})
    started = zygote.start(functools.partial(bytes.count, os.urandom(16 << 20) + b"!", b"!"))
    assert started is not None
    assert started.result() >= 1


def test_work_that_cannot_be_handed_over_is_refused_and_the_zygote_ends() -> None:
    zygote = Zygote({})
    assert zygote.start(functools.partial(_labelled, _Kind("events"), "")) is None
    assert not zygote._process.is_alive()


def test_work_too_deep_to_pickle_is_refused_rather_than_stopping_the_build() -> None:
    nested: list[object] = []
    for _ in range(100_000):
        nested = [nested]
    zygote = Zygote({})
    assert zygote.start(functools.partial(len, nested)) is None
    assert not zygote._process.is_alive()


def test_a_zygote_given_no_work_ends_as_soon_as_it_is_stopped() -> None:
    zygote = Zygote({})
    started = time.monotonic()
    zygote.stop()
    assert time.monotonic() - started < 2
    assert zygote._process.exitcode == 0


def test_an_error_in_the_work_reaches_the_build() -> None:
    zygote = Zygote({})
    started = zygote.start(functools.partial(int, "not a number"))
    assert started is not None
    with pytest.raises(BesideError, match="invalid literal"):
        started.result()


def test_the_zygote_holds_none_of_the_memory_the_build_took_after_it_was_forked() -> None:
    zygote = Zygote({})
    held = os.urandom(200 << 20)  # 200 MB the build holds after the zygote was forked (the graph, the bodies)
    forked_later = Beside(resident_megabytes)
    in_zygote = zygote.start(resident_megabytes)
    assert in_zygote is not None
    assert forked_later.result() - in_zygote.result() > 180
    del held
