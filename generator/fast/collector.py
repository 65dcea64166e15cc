"""The garbage collector's pace in a build: it makes millions of objects that live for one page or one file.

CPython looks for reference cycles among young objects every 700 allocations, and through every object
of the process once enough have survived: in a 1,000-item build that was 400 collections and 0.13-0.33 s
of a warm build's 3 s (0.05-0.10 s for 46f51a2, whose process held fewer objects). Looking every 10,000
allocations finds the same cycles a little later, at a twentieth of the collections.
"""

from __future__ import annotations

import gc

# Allocations between two collections of the youngest objects.
YOUNG = 10_000


def paced_for_builds() -> None:
    """Collect the youngest objects every YOUNG allocations (unless the process already waits longer)."""
    young, middle, old = gc.get_threshold()
    if 0 < young < YOUNG:  # 0: collection is turned off, and stays so
        gc.set_threshold(YOUNG, middle, old)


def let_go_at_exit() -> None:
    """The process ends now: its objects go without a last look through them for cycles.

    As it exits, Python looks through every object it still holds for reference cycles: 0.2 s at the end of a
    1,000-item `mkdocs build`, after the site is written, and 0.03 s of the search index's process, which the build
    waits for. Frozen, they are skipped by that look; what they hold is let go of as before, as their references go.
    Only as a process ends: a preview's server runs on.
    """
    gc.freeze()
