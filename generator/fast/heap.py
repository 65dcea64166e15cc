"""Memory the build has freed, handed back to the system at the moments a stage has let go of much of it.

glibc's malloc keeps what a process frees for its next allocations: the pages stay counted as the process's
until they are reused. Rendering 10,000 items' Markdown allocates and frees a few hundred megabytes (bodies
received from the workers, the Markdown's trees, the threads' own heaps); the build then held 586 MB through the
whole page loop, 120 MB of it free (malloc_trim gave it back: 466 MB), at the moment when the feeds' process, the
search index's and its Pagefind run beside it and the memory of all of them together peaks.

Elsewhere (musl, macOS) there is nothing to call, and nothing is given back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import time
from collections.abc import Callable

from generator.fast.timings import TIMINGS


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None


def give_back() -> bool:
    """Return the freed memory of every malloc arena (the build's threads' too) to the system; False where the C
    library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    started = time.perf_counter()
    trim(0)
    TIMINGS.add("memory handed back to the system", time.perf_counter() - started)
    return True


class Regularly:
    """`give_back` once every `every` ticks: for a loop that allocates and frees as it goes (the page loop, whose
    templates' leftovers filled 60 to 90 MB of the build's memory again within 2,000 of 10,000 pages)."""

    def __init__(self, every: int) -> None:
        self.every = every
        self._ticks = 0

    def tick(self) -> None:
        self._ticks += 1
        if self._ticks >= self.every:
            self._ticks = 0
            give_back()
