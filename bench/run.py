"""Build benchmark: our generator beside the engine's floor and mkdocs-material's blog, same run, same texts.

    python bench/run.py                       # 100, 1,000 and 10,000 items, 3 runs each
    python bench/run.py --sizes 100,1000 --runs 5 --preview --languages-at 1000 --translated 0.2

For each size it generates the corpus (bench/corpus.py) and builds, each `--runs` times into a
fresh folder: the engine's floor (plain mkdocs-material, the same bodies as plain pages, a
one-entry menu, no plugins, no search), ours cold (no build cache), ours warm (the cache of the
build before it, nothing changed), ours warm after one news item's text was edited, and
mkdocs-material's blog with mkdocs-rss-plugin. It reports the median wall time, CPU time and
peak memory of the `mkdocs build` process and its children (all at once, sampled in one extra
build of ours that is not timed; the largest single process's and the mkdocs process's own beside
it), the pages and feeds made, the search index's size, and our generator's own stages. At the
sizes in --languages-at it also builds our site in two languages (--translated: the share of items with a Bangla
translation) beside the one-language build. With --preview it measures how long an edit takes to
appear in `mkdocs serve` on the 1,000-item site. The tables are printed as Markdown and written
to bench/out/results.md, with the machine's load (uptime) before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
FEED_NAMES = ("feed.xml", "atom.xml", "feed.json")
# Where our build keeps its cache, beside mkdocs.yml (generator/fast/build_cache.py).
CACHE = Path(".cache") / "network-site"


@dataclass
class Build:
    """One clean build: how long, how much CPU and memory, and what it made."""

    wall: float
    cpu: float
    peak_mb: float
    own_peak_mb: float  # the mkdocs process alone, without its children (Pagefind)
    tree_peak_mb: float  # the mkdocs process and its children together (sampled every 0.1 s)
    pages: int
    feeds: int
    search_bytes: int
    search_gzip_bytes: int
    stages: dict[str, float] = field(default_factory=dict)
    published: Published | None = None


@dataclass(frozen=True)
class Published:
    """What a host is handed: the files of the built site, their bytes, the largest file and the fullest folder."""

    files: int
    total_bytes: int
    largest: str
    largest_bytes: int
    fullest: str
    fullest_files: int


# Limits of the common static hosts, from their own documentation (December 2026): GitHub Pages publishes at most
# 1 GB; Cloudflare Pages takes 20,000 files on its free plan, 100,000 on its paid plans (since January 2026), and
# 25 MiB per file; Netlify 54,000 files per folder.
HOSTS = (
    ("GitHub Pages: site ≤ 1 GB", lambda p: p.total_bytes, 1_000_000_000),
    ("Cloudflare Pages (free): files ≤ 20,000", lambda p: p.files, 20_000),
    ("Cloudflare Pages (paid): files ≤ 100,000", lambda p: p.files, 100_000),
    ("Cloudflare Pages: each file ≤ 25 MiB", lambda p: p.largest_bytes, 25 * 2**20),
    ("Netlify: files in one folder ≤ 54,000", lambda p: p.fullest_files, 54_000),
)


def published(site: Path) -> Published:
    """The built folder as a host counts it."""
    files = [path for path in site.rglob("*") if path.is_file()]
    sizes = {path: path.stat().st_size for path in files}
    largest = max(sizes, key=lambda path: sizes[path])
    folders: dict[Path, int] = {}
    for path in files:
        folders[path.parent] = folders.get(path.parent, 0) + 1
    fullest = max(folders, key=lambda folder: folders[folder])
    return Published(len(files), sum(sizes.values()), largest.relative_to(site).as_posix(), sizes[largest],
                     (fullest.relative_to(site).as_posix() or ".") + "/", folders[fullest])


def build(config: Path, site: Path, timings: Path | None, cold: bool = True, family: bool = False,
          python: str = sys.executable) -> Build:
    """`mkdocs build` in a fresh process, measured with wait4 (peak RSS of it and its children).

    Cold: without the build cache beside mkdocs.yml, as CI builds; warm: with what the build before left there.
    With `family`, the memory of the build and all its processes at once is sampled too: reading their
    proportional set sizes walks their page tables and slows a build on two cores by a fifth or more, so the
    builds that are timed do not sample it.
    """
    if site.exists():
        shutil.rmtree(site)
    if cold:
        shutil.rmtree(config.parent / CACHE, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763800000"}
    if timings is not None:
        timings.unlink(missing_ok=True)  # a stale file would pass for this build's stages
        env["NETWORK_SITE_TIMINGS"] = str(timings)
    # What the build before wrote (a site of 10,000 pages) is on disk before this one starts: its write-back would
    # otherwise be this build's to wait for, and the build after a big one was the slower by 8-15 % at 10,000 items.
    os.sync()
    # stderr goes to a file, not a pipe: a pipe that nobody reads until the end can fill and stall the build.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            [python, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
            # `python -m` puts the working folder first on the path: the checkout whose generator this build runs.
            env=env, stdout=subprocess.DEVNULL, stderr=errors,
            cwd=BENCH.parent if python == sys.executable else Path(python).parents[2],
        )
        own_peak = _HighWaterMark(process.pid, family)
        own_peak.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        own_peak.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if status != 0:
        raise SystemExit(f"build of {config} failed:\n{stderr}")
    search = [*site.glob("pagefind/**/*"), *site.glob("search/search_index.json")]
    files = [path for path in search if path.is_file()]
    return Build(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,  # Linux reports KiB; the largest of the process and its children
        own_peak_mb=own_peak.kib / 1024,
        tree_peak_mb=own_peak.tree_kib / 1024,
        pages=sum(1 for _ in site.rglob("*.html")),
        feeds=sum(1 for p in site.rglob("*") if _is_feed(p.name)),
        search_bytes=sum(path.stat().st_size for path in files),
        search_gzip_bytes=sum(len(gzip.compress(path.read_bytes())) for path in files),
        stages=json.loads(timings.read_text()) if timings is not None and timings.exists() else {},
        published=published(site),
    )


class _HighWaterMark(threading.Thread):
    """The peak memory of one process alone (VmHWM), and of it and all its children at once (the sum of their
    proportional set sizes, sampled: memory a forked worker shares with the build counts once), read from /proc
    until it exits; wait4 gives the largest single process's."""

    def __init__(self, pid: int, family: bool) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.family = family
        self.status = Path(f"/proc/{pid}/status")
        self.kib = 0
        self.tree_kib = 0

    def run(self) -> None:
        while True:
            try:
                text = self.status.read_text()
            except OSError:
                return
            for line in text.splitlines():
                if line.startswith("VmHWM:"):
                    self.kib = max(self.kib, int(line.split()[1]))
            if self.family:
                self.tree_kib = max(self.tree_kib, sum(_proportional_kib(pid) for pid in _family(self.pid)))
            if "State:\tZ" in text:  # exited, not yet waited for: its mark is final
                return
            time.sleep(0.1)


def _family(pid: int) -> list[int]:
    """The process and all its descendants (workers, Pagefind), from /proc's list of each thread's children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in children.read_text().split()]
            except OSError:
                continue
    return found


def _proportional_kib(pid: int) -> int:
    """The process's share of the memory it uses (pages shared with others counted in part)."""
    return proc_kib(pid, "smaps_rollup", "Pss:")


def proc_kib(pid: int, name: str, field: str) -> int:
    """A size in KiB from one of the process's /proc files (`field` is the line's start); 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _is_feed(name: str) -> bool:
    # Ours: feed.xml, atom.xml, feed.json and calendars; mkdocs-rss-plugin: feed_rss_*.xml, feed_json_*.json.
    return name in FEED_NAMES or name.endswith(".ics") or name.startswith("feed_")


def median_build(
    config: Path, site: Path, runs: int, timings: Path | None, cold: bool = True,
    before: Callable[[], None] | None = None, family: bool = False, python: str = sys.executable,
) -> Build:
    """Build `runs` times (`before` each); the median of each measure (stages from the build of median wall time).

    With `family`, one more build samples the memory of all the build's processes at once (see `build`).
    """
    builds = []
    for _ in range(runs):
        if before is not None:
            before()
        builds.append(build(config, site, timings, cold, python=python))
    timed = _median(builds)
    if not family:
        return dataclasses.replace(timed, tree_peak_mb=timed.peak_mb)  # one process: its own peak is the build's
    if before is not None:
        before()
    family_peak = build(config, site, timings, cold, family=True, python=python).tree_peak_mb
    return dataclasses.replace(timed, tree_peak_mb=family_peak)


def side_by_side(ours: Callable[..., Build], other: Callable[..., Build]) -> tuple[Build, Build]:
    """Our build and the other checkout's, in the order ours, theirs, theirs, ours: on this machine the first of two
    builds in a row was the slower, so each side is built once first and once second (its figure: the median of its
    builds; its memory: sampled once, with the first)."""
    first, other_first = ours(family=True), other(family=True)
    other_second, second = other(), ours()
    return _pair(first, second), _pair(other_first, other_second)


def _pair(sampled: Build, again: Build) -> Build:
    both = _median([sampled, again])
    return dataclasses.replace(both, tree_peak_mb=sampled.tree_peak_mb)


def _median(builds: list[Build]) -> Build:
    middle = sorted(builds, key=lambda b: b.wall)[len(builds) // 2]
    return dataclasses.replace(
        middle,
        wall=statistics.median(b.wall for b in builds),
        cpu=statistics.median(b.cpu for b in builds),
        peak_mb=statistics.median(b.peak_mb for b in builds),
        own_peak_mb=statistics.median(b.own_peak_mb for b in builds),
        tree_peak_mb=statistics.median(b.tree_peak_mb for b in builds),
    )


# What an edit changes: the text (below the front matter) or a field (the title, shown on every listing too).
EDITS: dict[str, Callable[[str, str], str]] = {
    "text": lambda original, marker: original + f"\n{marker}\n",
    "title": lambda original, marker: original.replace('title: "', f'title: "{marker} ', 1),
}


def preview_latency(config: Path, content: Path, port: int = 8811, edits: int = 3, dirty: bool = True,
                    what: str = "text") -> list[float]:
    """Seconds from saving an edit to a news item (its text, or its title) until `mkdocs serve [--dirty]` serves the
    changed page."""
    news = sorted((content / "news").glob("*.md"))[-1]
    url = f"http://127.0.0.1:{port}/news/{news.stem}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = OUT / ("serve-dirty.log" if dirty else "serve.log")  # what the server said, to read if an edit never shows
    log.parent.mkdir(exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}",
         *(["--dirty"] if dirty else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=log.open("w", encoding="utf-8"),
    )
    original = news.read_text(encoding="utf-8")
    latencies = []
    try:
        _wait_for(url, lambda page: True, timeout=900)
        for number in range(edits):
            marker = f"Edited-{number}-{time.time_ns()}"
            saved = time.perf_counter()
            news.write_text(EDITS[what](original, marker), encoding="utf-8")
            _wait_for(url, lambda page, m=marker: m in page, timeout=300)  # type: ignore[misc]
            latencies.append(time.perf_counter() - saved)
            time.sleep(1)
    finally:
        news.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    return latencies


def _wait_for(url: str, ready: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):  # type: ignore[operator]
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show the edit within {timeout} s")


@dataclass
class Row:
    """One size: every build measured at it, side by side."""

    items: int
    floor: Build
    cold: Build
    warm: Build
    edited: Build
    material: Build | None  # not built above --material-up-to
    # The same three builds by another checkout of the generator (--against), in the order ours, theirs, theirs, ours.
    before: tuple[Build, Build, Build] | None = None


@contextlib.contextmanager
def one_item_edited(content: Path) -> Iterator[Callable[[], None]]:
    """A step that edits the text of one news item, differently each time (as staff fix a sentence); undone after."""
    news = sorted((content / "news").glob("*.md"))[-1]
    original = news.read_text(encoding="utf-8")
    count = iter(range(1_000_000))


    def edit() -> None:
        news.write_text(original + f"\nEdited once more ({next(count)}).\n", encoding="utf-8")

    try:
        yield edit
    finally:
        news.write_text(original, encoding="utf-8")


def table(rows: list[Row]) -> str:
    """Each build's wall, CPU, memory and output, and ours against the floor and the blog."""
    lines = [
        "| items | build | wall (median) | CPU | peak memory: all (largest / mkdocs) | pages | feeds | ÷ floor "
        "| ÷ floor per page | ÷ material |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        builds = (("engine floor", row.floor), ("ours, cold", row.cold), ("ours, warm", row.warm),
                  ("ours, warm, one item edited", row.edited), ("material blog + rss", row.material))
        for name, result in builds:
            if result is None:
                continue  # the blog, not built at this size (--material-up-to)
            ours = name.startswith("ours")
            ratios = [
                f"{result.wall / row.floor.wall:.2f}",
                f"{(result.wall / result.pages) / (row.floor.wall / row.floor.pages):.2f}",
                f"{result.wall / row.material.wall:.2f}" if row.material else "",
            ] if ours else ["", "", ""]
            cells = [f"{row.items:,}", name, f"{result.wall:.1f} s", f"{result.cpu:.1f} s", _memory(result),
                     f"{result.pages:,}", f"{result.feeds:,}", *ratios]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def against_table(rows: list[Row]) -> str:
    """Our cold, warm and edited builds beside another checkout's, and how much faster or slower ours are."""
    lines = ["| items | build | before: wall (median) | CPU | memory | now: wall (median) | CPU | memory "
             "| now ÷ before |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        if row.before is None:
            continue
        for name, old, new in zip(("cold", "warm", "warm, one item edited"), row.before,
                                  (row.cold, row.warm, row.edited), strict=True):
            lines.append(f"| {row.items:,} | {name} | {old.wall:.1f} s | {old.cpu:.1f} s | {_memory(old)} "
                         f"| {new.wall:.1f} s | {new.cpu:.1f} s | {_memory(new)} | {new.wall / old.wall:.2f} |")
    return "\n".join(lines)


def against(checkout: Path, folder: Path) -> tuple[Path, str]:
    """A copy of the corpus for another checkout (its templates) and that checkout's Python: mkdocs.yml, python."""
    checkout = checkout.resolve()
    python = checkout / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{checkout} has no .venv: python3 -m venv .venv && .venv/bin/pip install -e . there first")
    copy = folder / "before"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder / "ours", copy, ignore=shutil.ignore_patterns(".cache"))
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(str(folder / "ours" / "content"), str(copy / "content"))
    text = text.replace(str(BENCH.parent / "templates"), str(checkout / "templates"))
    config.write_text(text, encoding="utf-8")
    return config, str(python)


def bytecode_written(checkout: Path, python: str) -> None:
    """A checkout's generator compiled to bytecode before anything is timed, as a staff member's first build leaves
    it. A machine that sets PYTHONDONTWRITEBYTECODE (this one does) never writes it: every build compiled all of our
    modules again (0.2-0.3 s of each), while MkDocs, the theme and every other package were compiled by pip."""
    subprocess.run([python, "-m", "compileall", "-q", str(checkout / "generator")], check=True)


def _commit(checkout: Path) -> str:
    found = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True,
                           text=True, check=False)
    return found.stdout.strip() or "another checkout"


def languages_table(rows: list[tuple[int, float, Build, Build]]) -> str:
    """Our site in one language beside two (a share of items translated), cold."""
    lines = [
        "| items | translated | one language: wall | CPU | pages | two languages: wall | CPU | pages "
        "| peak memory (two) | two ÷ one |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for items, share, one, two in rows:
        lines.append(
            f"| {items:,} | {share:.0%} | {one.wall:.1f} s | {one.cpu:.1f} s | {one.pages:,} | {two.wall:.1f} s "
            f"| {two.cpu:.1f} s | {two.pages:,} | {_memory(two)} | {two.wall / one.wall:.2f} |"
        )
    return "\n".join(lines)


def _memory(result: Build) -> str:
    """All processes at once (the build and its children); the largest single one and the mkdocs process's own."""
    return f"{result.tree_peak_mb:.0f} MB ({result.peak_mb:.0f} / {result.own_peak_mb:.0f})"


def stages_table(rows: list[Row]) -> str:
    """Our generator's own stages in the cold and the warm build."""
    builds = [(row.items, name, build) for row in rows for name, build in (("cold", row.cold), ("warm", row.warm))]
    names = sorted({name for _, _, ours in builds for name in ours.stages})
    lines = ["| items | build | " + " | ".join(names) + " | all our stages |",
             "| ---: | --- |" + " ---: |" * (len(names) + 1)]
    for items, kind, ours in builds:
        ours_only = sum(v for k, v in ours.stages.items() if "search" not in k)
        cells = " | ".join(f"{ours.stages.get(name, 0):.2f} s" for name in names)
        lines.append(f"| {items:,} | {kind} | {cells} | {ours_only:.2f} s (+ search) |")
    return "\n".join(lines)


def search_table(rows: list[Row]) -> str:
    lines = [
        "| items | Pagefind index on disk (gzip) | material search_index.json (gzip) |",
        "| ---: | ---: | ---: |",
    ]
    for row in rows:
        ours, theirs = row.cold, row.material
        blog = f"{_size(theirs.search_bytes)} ({_size(theirs.search_gzip_bytes)})" if theirs else "not built"
        lines.append(f"| {row.items:,} | {_size(ours.search_bytes)} ({_size(ours.search_gzip_bytes)}) | {blog} |")
    return "\n".join(lines)


def hosts_table(rows: list[Row]) -> str:
    """Our cold build's site against each host's limits."""
    lines = ["| items | files | bytes | largest file | fullest folder | "
             + " | ".join(name for name, _, _ in HOSTS) + " |",
             "| ---: | ---: | ---: | --- | --- |" + " --- |" * len(HOSTS)]
    for row in rows:
        site = row.cold.published
        if site is None:
            continue
        verdicts = [f"{'within' if measure(site) <= limit else 'OVER'} ({measure(site) / limit:.0%})"
                    for _, measure, limit in HOSTS]
        lines.append(f"| {row.items:,} | {site.files:,} | {_size(site.total_bytes)} "
                     f"| {site.largest} ({_size(site.largest_bytes)}) "
                     f"| {site.fullest} ({site.fullest_files:,} files) | " + " | ".join(verdicts) + " |")
    return "\n".join(lines)


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes), as uptime shows them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} kB"


def corpus(items: int, seed: int, translated: float = 0.0) -> Path:
    """Write the corpus of `items` (with a share translated) into bench/out/ and return its folder."""
    folder = OUT / (str(items) if not translated else f"{items}-{translated:g}-translated")
    subprocess.run([sys.executable, str(BENCH / "corpus.py"), "--items", str(items), "--seed", str(seed),
                    "--out", str(folder), "--translated", str(translated)], check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--preview", action="store_true", help="also time an edit in mkdocs serve (1,000 items)")
    parser.add_argument("--preview-edits", type=int, default=3,
                        help="saves timed in each preview, a second apart (their median is reported)")
    parser.add_argument("--languages-at", default="1000",
                        help="sizes at which to build our site in two languages too ('' for none)")
    parser.add_argument("--translated", type=float, default=0.2, help="the share of items translated, there")
    parser.add_argument("--against", type=Path, default=None,
                        help="another checkout of the generator, with its own .venv: its cold, warm and edited builds "
                             "of the same corpus, in the order ours, theirs, theirs, ours")
    parser.add_argument("--material-up-to", type=int, default=None,
                        help="build the mkdocs-material blog only at sizes up to this (it takes 7 minutes at 10,000)")
    args = parser.parse_args()
    loads = [load()]
    rows: list[Row] = []
    bytecode_written(BENCH.parent, sys.executable)
    if args.against:
        bytecode_written(args.against.resolve(), str(args.against.resolve() / ".venv" / "bin" / "python"))
    for items in (int(size) for size in args.sizes.split(",")):
        folder = corpus(items, args.seed)
        ours, timings = folder / "ours" / "mkdocs.yml", folder / "timings.json"
        # Side by side, size by size, so all meet the same machine load.
        floor = median_build(folder / "floor" / "mkdocs.yml", folder / "floor-site", args.runs, None)
        old = against(args.against, folder) if args.against else None
        site = folder / "before-site"
        with one_item_edited(folder / "ours" / "content") as edit, \
                (one_item_edited(old[0].parent / "content") if old else contextlib.nullcontext()) as old_edit:
            measured: list[tuple[Build, Build | None]] = []
            for cold_build, ours_step, old_step in ((True, None, None), (False, None, None), (False, edit, old_edit)):
                ours_build = functools.partial(median_build, ours, folder / "ours-site", args.runs, timings,
                                               cold=cold_build, before=ours_step)
                if old is None:
                    measured.append((ours_build(family=True), None))
                    continue
                old_build = functools.partial(median_build, old[0], site, args.runs, None, cold=cold_build,
                                              before=old_step, python=old[1])
                measured.append(side_by_side(ours_build, old_build))
        (cold, old_cold), (warm, old_warm), (edited, old_edited) = measured
        material = median_build(folder / "material" / "mkdocs.yml", folder / "material-site", args.runs, None) \
            if args.material_up_to is None or items <= args.material_up_to else None
        before = (old_cold, old_warm, old_edited) if old_cold and old_warm and old_edited else None
        rows.append(Row(items, floor, cold, warm, edited, material, before))
        loads.append(load())
        print(f"{items}: floor {floor.wall:.1f} s, ours {cold.wall:.1f} s cold, {warm.wall:.1f} s warm, "
              f"{edited.wall:.1f} s after an edit, material {material.wall if material else 0:.1f} s "
              f"(load {loads[-1]})", file=sys.stderr)
    languages = []
    for items in (int(size) for size in args.languages_at.split(",") if size):
        one = corpus(items, args.seed)
        two = corpus(items, args.seed, args.translated)
        one_build = median_build(one / "ours" / "mkdocs.yml", one / "ours-site", args.runs, None)
        two_build = median_build(two / "ours" / "mkdocs.yml", two / "ours-site", args.runs, None, family=True)
        languages.append((items, args.translated, one_build, two_build))
        loads.append(load())
    report = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{args.runs} run{'s' if args.runs != 1 else ''} per build, seed {args.seed}; load averages "
        f"(1, 5, 15 min) before: {loads[0]}, after each size: {'; '.join(loads[1:])}. "
        "Feeds: ours counts feed.xml, atom.xml, feed.json and .ics files (one calendar per event); "
        "material counts mkdocs-rss-plugin's feed_rss_*.xml and feed_json_*.json. The floor is plain "
        "mkdocs-material building the same bodies as plain pages (one-entry menu, no plugins, no search).",
        "",
        table(rows),
        "",
        "Our generator's own stages (the median build; the rest is MkDocs and the theme rendering pages):",
        "",
        stages_table(rows),
        "",
        "Search index written by each build:",
        "",
        search_table(rows),
        "",
        "What a host is handed (our cold build), against the limits of the common static hosts:",
        "",
        hosts_table(rows),
    ]
    if args.against:
        report += ["", f"Ours beside {_commit(args.against)} ({args.against}), the same corpus, each build in the "
                   "order ours, theirs, theirs, ours (each side's figure the median of its builds):", "",
                   against_table(rows)]
    if languages:
        report += ["", "A second language (cold builds; two languages: the Bangla pages of the real site, a share of "
                   "items translated, every listing, feed and calendar in /bn/ too):", "", languages_table(languages)]
    if args.preview:
        folder = OUT / "1000"
        if not folder.exists():
            folder = corpus(1000, args.seed)
        for dirty, what in ((True, "text"), (True, "title"), (False, "text")):
            latencies = preview_latency(folder / "ours" / "mkdocs.yml", folder / "ours" / "content", dirty=dirty,
                                        what=what, edits=args.preview_edits)
            command = "mkdocs serve --dirty" if dirty else "mkdocs serve"
            report += ["", f"Preview ({command}, 1,000 items): an edit to a news item's {what} appeared after "
                       f"{', '.join(f'{s:.2f}' for s in latencies)} s (median {statistics.median(latencies):.2f} s)."]
    text = "\n".join(report) + "\n"
    OUT.mkdir(exist_ok=True)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
