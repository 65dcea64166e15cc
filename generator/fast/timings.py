"""Where a build spends its time, stage by stage, for bench/ (never printed unless asked for)."""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

# bench/run.py sets this to a file path; the build then writes its stage timings there as JSON.
ENV_VAR = "NETWORK_SITE_TIMINGS"
F = TypeVar("F", bound=Callable[..., Any])


class Timings:
    """Seconds spent in each named stage of the generator, summed over calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def reset(self) -> None:
        self.seconds = {}

    def stage(self, name: str) -> Callable[[F], F]:
        """A decorator adding the time of every call of a plugin event to the stage `name`."""

        def decorate(function: F) -> F:
            @functools.wraps(function)
            def timed(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    self.add(name, time.perf_counter() - started)

            return timed  # type: ignore[return-value]

        return decorate

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def write_if_asked(self) -> None:
        """Write the timings to the file named by $NETWORK_SITE_TIMINGS, if it is set."""
        target = os.environ.get(ENV_VAR)
        if target:
            Path(target).write_text(json.dumps(self.seconds, indent=2, sort_keys=True) + "\n", encoding="utf-8")


TIMINGS = Timings()
