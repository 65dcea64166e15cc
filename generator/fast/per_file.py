"""What was worked out for each content file, kept from one build (and one save) to the next.

Checking 10,000 files (each typed file against its type, each body's links) took seconds of every
build, though an edit changes one file. Such a result is made from the file itself and from what
the whole build gives every file alike (the site's types and zone; the files and addresses links
may point at). The second is the build's `context`: the results of a build are kept together under
it, in memory while `mkdocs serve` runs and in one entry of the build cache for the next command
(one read instead of one per file); a build in another context finds none of them. Within it, each
result is found by a key of what its file gave it, made by the caller from everything it read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.fast.build_cache import BuildCache


class Results:
    """One build's results: the last build's, where a file's key finds one, and those made now."""

    def __init__(self, last: dict[bytes, Any]) -> None:
        self._last = last
        self.now: dict[bytes, Any] = {}
        self.made = 0

    def result(self, key: bytes, make: Callable[[], Any], still_right: Callable[[Any], bool] | None = None) -> Any:
        """The file's result: the last build's under its key (if `still_right` says so of it), or made by `make`;
        kept for the next build either way."""
        kept = self._last.get(key)
        if kept is not None and (still_right is None or still_right(kept)):
            self.now[key] = kept
            return kept
        made = self.now[key] = make()
        self.made += 1
        return made

    @property
    def changed(self) -> bool:
        """Whether the next build would find other results than this one found (a file's made anew, or gone)."""
        return self.made > 0 or len(self.now) != len(self._last)


class PerFile:
    """One kind of per-file result (`namespace`), kept in memory and in the build cache under its context."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self._context: bytes | None = None
        self._results: dict[bytes, Any] = {}
        # The entry this process wrote. A process's later builds (a live preview's saves) keep their results in
        # memory alone: a save changes one file's result, and writing every file's again for the next command cost
        # each save a few hundredths of a second. The next command finds the first build's, and makes again only
        # those of files saved since.
        self._put: bytes | None = None

    def start(self, kept: BuildCache | None, context: bytes) -> Results:
        """This build's results, given its context: the last build's when the context is the same."""
        if context != self._context:
            self._context, self._results = context, {}
            if kept is not None:
                found = kept.get(kept.key(self.namespace, context))
                if isinstance(found, dict):
                    self._results = found
        return Results(self._results)

    def keep(self, kept: BuildCache | None, results: Results) -> None:
        """Keep this build's results for the next save, and in the build cache for the next command."""
        if self._context is None:
            return
        self._results = results.now
        if kept is None:
            return
        key = kept.key(self.namespace, self._context)
        if results.changed and self._put != key:
            kept.put(key, results.now)
            self._put = key
        else:
            kept.keep(key)
