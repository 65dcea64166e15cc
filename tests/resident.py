"""How much of this test process's memory is resident, as the system counts it."""

from __future__ import annotations

from pathlib import Path


def resident_megabytes() -> float:
    """This process's resident set (VmRSS), in megabytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")
