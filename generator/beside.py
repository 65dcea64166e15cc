"""Work done in a forked process beside MkDocs' own loop, on the machine's other core.

Feeds, calendars and the e-mail edition are made from the graph and the rendered bodies, which
are all known once MkDocs has read every page and before it renders the first: a process forked
then makes them while MkDocs renders the pages. What the work logged is said again by the build
when it takes the result, so warnings count as if the build had made them itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_LOGGERS = ("mkdocs", "")


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
        self._receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, sending), daemon=True, name="network-site-beside")
        self._process.start()
        sending.close()

    def result(self) -> T:
        """The work's result, once it is done; what it logged is logged here; its error is raised here."""
        try:
            outcome, value, records = self._receiving.recv()
        except EOFError:
            outcome, value, records = "error", "the process making them ended without a result", []
        finally:
            self._receiving.close()
            self._process.join()
        say_again(records)
        if outcome == "error":
            raise BesideError(str(value))
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Stop the work (a build that failed needs none of it)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiving.close()


class BesideError(RuntimeError):
    """The work beside the build failed: the message says how."""


def _run(work: Callable[[], Any], sending: Connection) -> None:
    records = Records()
    for name in _LOGGERS:  # said by the build when it takes the result, not here and now
        logging.getLogger(name).handlers = [records]
    try:
        value = work()
    except Exception as error:  # sent to the build, which stops with it
        message = str(error) if error.args else traceback.format_exc(limit=3)
        sending.send(("error", message, records.records))
    else:
        sending.send(("done", value, records.records))
    sending.close()
