"""Memory the build frees goes back to the system (generator/fast/heap.py), so that the processes beside it fit."""

from __future__ import annotations

import pytest
from resident import resident_megabytes

from generator.fast import heap


def test_memory_freed_among_what_is_still_held_is_handed_back_to_the_system() -> None:
    # 200 MB in pieces of 2 KB (C's malloc, not Python's small-object arenas), one in a hundred kept: the rest is
    # free but scattered, which glibc keeps for the process's next allocations unless it is asked to give it back.
    pieces = [bytes(2048) for _ in range(100_000)]
    kept = pieces[::100]
    del pieces
    before = resident_megabytes()
    assert heap.give_back()
    after = resident_megabytes()
    assert before - after > 100, (before, after)
    assert len(kept) == 1000


def test_a_loop_hands_memory_back_once_every_so_many_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    handed_back: list[int] = []
    monkeypatch.setattr(heap, "give_back", lambda: handed_back.append(1) or True)
    regularly = heap.Regularly(every=250)
    for _ in range(1000):
        regularly.tick()
    assert len(handed_back) == 4
