"""A process forked while the build is still small, that later does one piece of work handed to it.

A process forked once its work is ready (the feeds need every body rendered) starts with all the build's memory,
shared until either writes to it; the build goes on rendering pages, touching the objects both hold, and each page
of memory it writes to is copied. At 10,000 items the feeds' process so forked held 467 MB at the build's peak (its
proportional share), most of it the build's memory copied. A zygote is forked when the build has read its
configuration and no content (the content types, with their functions, are all it holds of the network's): the work
reaches it pickled, with what both processes already have (`shared`) named rather than copied, and it holds only what
the work needs.

Work that cannot be pickled (a network's type holding something pickle cannot carry) is not handed over: `start`
says so, and the caller forks the work as before (generator/fast/forked.py).
"""

from __future__ import annotations

import contextlib
import copyreg
import functools
import io
import logging
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from types import MappingProxyType
from typing import IO, Any, TypeVar

from pydantic import BaseModel

from generator.content.translations import REMADE_BY
from generator.fast.forked import Beside, run_and_keep

T = TypeVar("T")
# What a work needs of an object (as `__reduce__` says it), or None where it needs it whole.
Lighter = Callable[[Any], Any | None]
log = logging.getLogger("mkdocs.plugins.network")

STREAM_BUFFER = 1 << 20
# In the zygote: the objects it shares with the build by name, as forked (set before the work is unpickled).
_SHARED: Mapping[str, object] = {}


class Zygote:
    """A forked process waiting for its work (`start`); `stop` it if none comes."""

    def __init__(self, shared: Mapping[str, object]) -> None:
        """Fork now; `shared`: objects the build will hand over by name (each stays the same object in the build)."""
        context = multiprocessing.get_context("fork")
        self._names = {id(value): name for name, value in shared.items()}
        self._kinds = {type(value) for value in shared.values()}
        self._result = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the Beside that takes it, or by stop()
        receiving, self._sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_wait_for_work, args=(receiving, self._sending, shared, self._result),
                                        daemon=True, name="network-site-beside")
        self._process.start()
        receiving.close()

    def start(self, work: Callable[[], T], lighter: Mapping[type, Lighter] | None = None) -> Beside[T] | None:
        """Hand `work` over; its result to come as a Beside's. None if it cannot be pickled (then the zygote is
        stopped, and the caller does the work another way).

        `lighter`: for objects of these types, what the work needs of each (as `__reduce__` says it), or None for
        the whole object: what it does not read is not copied into the zygote.
        """
        # Pickled straight into the pipe, which the zygote reads as it comes: 70 MB at 10,000 items, never held whole.
        stream = os.fdopen(os.dup(self._sending.fileno()), "wb", buffering=STREAM_BUFFER)
        try:
            self._pickle(work, stream, lighter or {})
            stream.close()
        except OSError:  # the zygote is gone: its result says so (an error the build stops with)
            with contextlib.suppress(OSError):
                stream.close()
        except Exception as error:  # whatever stops pickle: a type it cannot carry, a graph too deep
            log.debug("Work beside the build forked with the build's memory: it cannot be handed over (%s: %s)",
                      type(error).__name__, error)
            with contextlib.suppress(OSError):
                stream.close()
            self.stop()  # what it was sent is not a whole work: it ends without doing any
            return None
        finally:
            self._sending.close()
        return Beside.of(self._process, self._result)

    def _pickle(self, work: Callable[[], Any], stream: IO[bytes], lighter: Mapping[type, Lighter]) -> None:
        pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
        # Looked up by type (a dictionary the pickler reads itself): asking a function of every object the graph
        # holds, to find the few shared, cost more than the pickling.
        table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
        table[MappingProxyType] = _mapping_proxy_reduced
        table[type(BaseModel)] = _model_class_reduced
        for kind, needed in lighter.items():
            table[kind] = functools.partial(_lighter, needed)
        for kind in self._kinds:
            table[kind] = self._reduced
        pickler.dispatch_table = table
        pickler.dump(work)

    def _reduced(self, value: Any) -> Any:
        name = self._names.get(id(value))
        if name is None:  # one of their kind the zygote does not have: pickled as it is, if it can be
            return value.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        return (_shared, (name,))

    def stop(self) -> None:
        """End the zygote without work (a build that failed, or made its outputs itself)."""
        self._sending.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._result.close()


def _wait_for_work(receiving: Connection, sending: Connection, shared: Mapping[str, object], result: IO[bytes]) -> None:
    """In the zygote: wait for the work, then do it as a process forked beside the build would (`run_and_keep`)."""
    global _SHARED
    sending.close()  # the build's end, copied by the fork: held open here, the zygote would never hear it close
    stream = io.BufferedReader(io.FileIO(os.dup(receiving.fileno()), "r"), STREAM_BUFFER)
    receiving.close()
    with stream:
        if not stream.peek(1):  # no work came: the build stopped the zygote
            return
        _SHARED = shared
        # Unpickled as it comes; a work cut short (it could not all be pickled) ends here, its error unread.
        run_and_keep(lambda: pickle.load(stream)(), result)


def _lighter(needed: Lighter, value: Any) -> Any:
    reduced = needed(value)
    return reduced if reduced is not None else value.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def _shared(name: str) -> object:
    """In the zygote: the object shared with the build under `name`."""
    return _SHARED[name]


def _model_class_reduced(model: type[BaseModel]) -> Any:
    # A schema made at run time (a translation's) is made again by the call it names; any other, by its name.
    remade_by = vars(model).get(REMADE_BY)
    return remade_by if remade_by is not None else model.__qualname__


def _mapping_proxy(values: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(values)


def _mapping_proxy_reduced(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    # A read-only view of a dictionary (the graph's, so no one changes it) travels as the dictionary it shows.
    return (_mapping_proxy, (dict(proxy),))
