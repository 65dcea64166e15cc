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


# Preview saves whose objects may be set aside before the collector looks through everything again.
SAVES_SET_ASIDE = 5
_saves_set_aside = 0


def set_aside_between_saves() -> None:
    """A preview's save is built: what it keeps (the graph, the caches) is set aside from the collector's looks, so
    that the next save's collections look only at what that save makes.

    Looking through every object the preview holds took 0.18 s of one save in three or four at 1,000 items. What
    is set aside is looked through when the preview is idle (`look_through_everything`): the saves' old graphs,
    garbage by then, go. After SAVES_SET_ASIDE saves with no idle moment, nothing more is set aside until there is
    one, so that at most that many old graphs wait to be collected.
    """
    global _saves_set_aside
    if _saves_set_aside < SAVES_SET_ASIDE:
        _saves_set_aside += 1
        gc.freeze()


def look_through_everything() -> None:
    """The preview is idle: everything set aside is looked through once, and what is still kept set aside again."""
    global _saves_set_aside
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _saves_set_aside = 1


def let_go_at_exit() -> None:
    """The process ends now: its objects go without a last look through them for cycles.

    As it exits, Python looks through every object it still holds for reference cycles: 0.2 s at the end of a
    1,000-item `mkdocs build`, after the site is written, and 0.03 s of the search index's process, which the build
    waits for. Frozen, they are skipped by that look; what they hold is let go of as before, as their references go.
    Only as a process ends: a preview's server runs on.
    """
    gc.freeze()
