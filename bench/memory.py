"""Where a cold build's memory is: every process of one `mkdocs build`, sampled over time, and the moment of the peak.

    python bench/memory.py --items 10000              # the corpus of bench/corpus.py, built cold once
    python bench/memory.py --items 1000 --log out.txt # and every sample, one line each

It samples the proportional set size of the build and each of its processes (the body workers,
the feeds' process, each Pagefind) every 0.2 s, as bench/run.py's memory column does, and prints
the peak of all of them together with what each held at that moment, the largest each process
reached, and the mkdocs process's own high-water mark (VmHWM, what `/usr/bin/time -v` reports
for it). Memory, not seconds: the build is not timed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import run

SAMPLE = 0.2


def label(pid: int, main: int) -> str:
    """A process's name for the table: the build itself, a Pagefind, or another Python process it forked."""
    if pid == main:
        return "mkdocs build"
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "gone"
    if name.startswith("pagefind"):
        return "pagefind"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        command = b""
    if b"search_beside" in command:
        return "search index process"
    return f"forked {name} (body worker or feeds)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log", type=Path, help="write every sample here")
    args = parser.parse_args()
    folder = run.corpus(args.items, args.seed)
    config, site = folder / "ours" / "mkdocs.yml", folder / "ours-site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(config.parent / run.CACHE, ignore_errors=True)  # cold, as CI builds
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763800000"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = args.log.open("w", encoding="utf-8") if args.log else None
    peak: tuple[int, float, dict[int, int]] = (0, 0.0, {})
    largest: dict[int, tuple[str, int]] = {}
    own = 0
    while process.poll() is None:
        now = time.perf_counter() - started
        held = {pid: run._proportional_kib(pid) for pid in run._family(process.pid)}
        own = max(own, run.proc_kib(process.pid, "status", "VmHWM:"))
        for pid, kib in held.items():
            if kib > largest.get(pid, ("", 0))[1]:
                largest[pid] = (label(pid, process.pid), kib)
        total = sum(held.values())
        if total > peak[0]:
            peak = (total, now, held)
        if log is not None:
            log.write(f"{now:7.1f} s {total // 1024:6d} MB " + " ".join(
                f"{largest.get(pid, (str(pid), 0))[0]}[{pid}]={kib // 1024}" for pid, kib in held.items()) + "\n")
        time.sleep(SAMPLE)
    if process.returncode != 0:
        raise SystemExit(f"the build of {config} failed")
    total, when, held = peak
    print(f"{args.items:,} items, cold: all processes together peaked at {total // 1024} MB, {when:.0f} s in; "
          f"the mkdocs process's own high-water mark (VmHWM) {own // 1024} MB")
    print("\n| process | at the peak | its own largest |\n| --- | ---: | ---: |")
    for pid, (name, most) in sorted(largest.items(), key=lambda row: -row[1][1]):
        print(f"| {name} ({pid}) | {held.get(pid, 0) // 1024} MB | {most // 1024} MB |")


if __name__ == "__main__":
    main()
