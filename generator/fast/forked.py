"""Work done in a forked process beside MkDocs' own loop, on the machine's other core.

Feeds, calendars and the e-mail edition are made from the graph and the rendered bodies, which
are all known once MkDocs has read every page and before it renders the first: a process forked
then makes them while MkDocs renders the pages. What the work logged is said again by the build
when it takes the result, so warnings count as if the build had made them itself.

The result goes to a temporary file rather than a pipe: a pipe holds the process, and all the
memory it copied from the build, until the build reads it at the end; through a file it ends as
soon as its work is done.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import tempfile
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.process import BaseProcess
from typing import IO, Any, Generic, TypeVar

T = TypeVar("T")
LOGGERS = ("mkdocs", "")  # what a process beside the build logs to, said again by the build
# Work beside the build yields the machine's cores to the build's own thread (nice(2)): on two cores the pages,
# which the build waits for, shared them with the feeds, the search index and Pagefind until the end (a cold
# 1,000-item build: 9.4 s; 8.8 s yielding). What is left beside them is done as the build waits at its end.
NICENESS = 19


class Records(logging.Handler):
    """What is logged somewhere it cannot be said yet (a worker process, a body kept for later): to say later."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def say_again(records: Iterable[tuple[str, int, str]]) -> None:
    """Log what `Records` kept, as it was logged."""
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


class Beside(Generic[T]):
    """`work()` running in a forked process; its result (or its error) when asked for."""

    def __init__(self, work: Callable[[], T]) -> None:
        context = multiprocessing.get_context("fork")
        self._result: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result() or stop(), after it
        self._process: BaseProcess = context.Process(target=run_and_keep, args=(work, self._result), daemon=True,
                                        name="network-site-beside")
        # Until the result is taken, neither collector walks the objects both processes share: a walk writes to
        # every object, and each page of memory written to is copied (the process held all the build's memory twice).
        gc.freeze()
        self._frozen = True
        try:
            self._process.start()
        except BaseException:
            gc.unfreeze()
            raise

    @classmethod
    def of(cls, process: BaseProcess, result: IO[bytes]) -> Beside[T]:
        """Work already running in `process` (started, not forked for it: a zygote's, generator/fast/zygote.py), its
        outcome to come in `result` (`run_and_keep`)."""
        beside: Beside[T] = cls.__new__(cls)
        beside._process, beside._result, beside._frozen = process, result, False
        return beside

    def result(self) -> T:
        """The work's result, once it is done; what it logged is logged here; its error is raised here."""
        try:
            self._process.join()
            return outcome_of(self._result, "the process making them ended without a result")  # type: ignore[no-any-return]
        finally:
            self._result.close()
            if self._frozen:
                gc.unfreeze()

    def stop(self) -> None:
        """Stop the work (a build that failed needs none of it)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._result.close()
        if self._frozen:
            gc.unfreeze()


class BesideError(RuntimeError):
    """The work beside the build failed: the message says how."""


def run_and_keep(work: Callable[[], Any], result: IO[bytes]) -> None:
    """In a process beside the build: `work()`, and its outcome (its value or its error, and what it logged) kept
    in `result` for the build (`outcome_of`)."""
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    records = Records()
    for name in LOGGERS:  # said by the build when it takes the result, not here and now
        logging.getLogger(name).handlers = [records]
    try:
        value = work()
    except Exception as error:  # sent to the build, which stops with it
        message = str(error) if error.args else traceback.format_exc(limit=3)
        outcome = ("error", message, records.records)
    else:
        outcome = ("done", value, records.records)
    pickle.dump(outcome, result, protocol=pickle.HIGHEST_PROTOCOL)
    result.flush()


def outcome_of(result: IO[bytes], gone: str) -> Any:
    """The value `run_and_keep` kept in `result`, once its process has ended; what the work logged is logged here,
    and its error raised here as BesideError (`gone`: the message where the process ended without an outcome)."""
    try:
        result.seek(0)
        outcome, value, records = pickle.load(result)
    except (EOFError, pickle.UnpicklingError):
        outcome, value, records = "error", gone, []
    say_again(records)
    if outcome == "error":
        raise BesideError(str(value))
    return value
