"""Build benchmark: our generator beside mkdocs-material's blog (with mkdocs-rss-plugin), same run, same texts.

    python bench/run.py                       # 100, 1,000 and 10,000 items, 3 runs each
    python bench/run.py --sizes 100,1000 --runs 5 --preview

For each size it generates the corpus (bench/corpus.py), builds each project `--runs` times
into a fresh folder, and reports the median wall time, CPU time and peak memory of the
`mkdocs build` process and its children (the largest one's; the mkdocs process's own is given
beside it when a child such as Pagefind was larger), the pages and feeds made,
the search index's size, and our generator's own stages. With --preview it also measures how
long an edit takes to appear in `mkdocs serve` on the 1,000-item site. The table is printed as
Markdown and written to bench/out/results.md.
"""

from __future__ import annotations

import argparse
import dataclasses
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
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
FEED_NAMES = ("feed.xml", "atom.xml", "feed.json")


@dataclass
class Build:
    """One clean build: how long, how much CPU and memory, and what it made."""

    wall: float
    cpu: float
    peak_mb: float
    own_peak_mb: float  # the mkdocs process alone, without its children (Pagefind)
    pages: int
    feeds: int
    search_bytes: int
    search_gzip_bytes: int
    stages: dict[str, float] = field(default_factory=dict)


def build(config: Path, site: Path, timings: Path | None) -> Build:
    """`mkdocs build` in a fresh process, measured with wait4 (peak RSS of it and its children)."""
    if site.exists():
        shutil.rmtree(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763800000"}
    if timings is not None:
        timings.unlink(missing_ok=True)  # a stale file would pass for this build's stages
        env["NETWORK_SITE_TIMINGS"] = str(timings)
    # stderr goes to a file, not a pipe: a pipe that nobody reads until the end can fill and stall the build.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
            env=env, stdout=subprocess.DEVNULL, stderr=errors,
        )
        own_peak = _HighWaterMark(process.pid)
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
        pages=sum(1 for _ in site.rglob("*.html")),
        feeds=sum(1 for p in site.rglob("*") if _is_feed(p.name)),
        search_bytes=sum(path.stat().st_size for path in files),
        search_gzip_bytes=sum(len(gzip.compress(path.read_bytes())) for path in files),
        stages=json.loads(timings.read_text()) if timings is not None and timings.exists() else {},
    )


class _HighWaterMark(threading.Thread):
    """The peak memory of one process alone (VmHWM), read from /proc until it exits; wait4 gives its children's too."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.status = Path(f"/proc/{pid}/status")
        self.kib = 0

    def run(self) -> None:
        while True:
            try:
                text = self.status.read_text()
            except OSError:
                return
            for line in text.splitlines():
                if line.startswith("VmHWM:"):
                    self.kib = max(self.kib, int(line.split()[1]))
            if "State:\tZ" in text:  # exited, not yet waited for: its mark is final
                return
            time.sleep(0.2)


def _is_feed(name: str) -> bool:
    # Ours: feed.xml, atom.xml, feed.json and calendars; mkdocs-rss-plugin: feed_rss_*.xml, feed_json_*.json.
    return name in FEED_NAMES or name.endswith(".ics") or name.startswith("feed_")


def median_build(config: Path, site: Path, runs: int, timings: Path | None) -> Build:
    """Build `runs` times; the median of each measure (stages from the build of median wall time)."""
    builds = [build(config, site, timings) for _ in range(runs)]
    middle = sorted(builds, key=lambda b: b.wall)[len(builds) // 2]
    return dataclasses.replace(
        middle,
        wall=statistics.median(b.wall for b in builds),
        cpu=statistics.median(b.cpu for b in builds),
        peak_mb=statistics.median(b.peak_mb for b in builds),
        own_peak_mb=statistics.median(b.own_peak_mb for b in builds),
    )


def preview_latency(config: Path, content: Path, port: int = 8811, edits: int = 3, dirty: bool = True) -> list[float]:
    """Seconds from saving an edit to a news item until `mkdocs serve [--dirty]` serves the changed page."""
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
            news.write_text(original + f"\n{marker}\n", encoding="utf-8")
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


def table(rows: list[tuple[int, Build, Build]]) -> str:
    lines = [
        "| items | ours: wall (median) | CPU | peak memory | pages | feeds | material blog + rss: wall (median) "
        "| CPU | peak memory | pages | feeds | ours ÷ material |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for items, ours, theirs in rows:
        cells = [f"{items:,}"]
        for result in (ours, theirs):
            cells += [f"{result.wall:.1f} s", f"{result.cpu:.1f} s", _memory(result), f"{result.pages:,}",
                      f"{result.feeds:,}"]
        cells.append(f"{ours.wall / theirs.wall:.2f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _memory(result: Build) -> str:
    """The largest process's peak; the mkdocs process's own beside it when a child (Pagefind) was larger."""
    if result.peak_mb - result.own_peak_mb < 1:
        return f"{result.peak_mb:.0f} MB"
    return f"{result.peak_mb:.0f} MB (mkdocs alone {result.own_peak_mb:.0f} MB)"


def stages_table(rows: list[tuple[int, Build, Build]]) -> str:
    names = sorted({name for _, ours, _ in rows for name in ours.stages})
    lines = ["| items | " + " | ".join(names) + " | all our stages |", "| ---: |" + " ---: |" * (len(names) + 1)]
    for items, ours, _ in rows:
        ours_only = sum(v for k, v in ours.stages.items() if "search" not in k)
        cells = " | ".join(f"{ours.stages.get(name, 0):.2f} s" for name in names)
        lines.append(f"| {items:,} | {cells} | {ours_only:.2f} s (+ search) |")
    return "\n".join(lines)


def search_table(rows: list[tuple[int, Build, Build]]) -> str:
    lines = [
        "| items | Pagefind index on disk (gzip) | material search_index.json (gzip) |",
        "| ---: | ---: | ---: |",
    ]
    for items, ours, theirs in rows:
        lines.append(
            f"| {items:,} | {_size(ours.search_bytes)} ({_size(ours.search_gzip_bytes)}) "
            f"| {_size(theirs.search_bytes)} ({_size(theirs.search_gzip_bytes)}) |"
        )
    return "\n".join(lines)


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--preview", action="store_true", help="also time an edit in mkdocs serve (1,000 items)")
    args = parser.parse_args()
    rows = []
    for items in (int(size) for size in args.sizes.split(",")):
        corpus = OUT / str(items)
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), "--items", str(items), "--seed", str(args.seed),
                        "--out", str(corpus)], check=True)
        # Side by side, size by size, so both meet the same machine load.
        ours = median_build(corpus / "ours" / "mkdocs.yml", corpus / "ours-site", args.runs, corpus / "timings.json")
        theirs = median_build(corpus / "material" / "mkdocs.yml", corpus / "material-site", args.runs, None)
        rows.append((items, ours, theirs))
        print(f"{items}: ours {ours.wall:.1f} s, material {theirs.wall:.1f} s", file=sys.stderr)
    report = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{args.runs} run{'s' if args.runs != 1 else ''} per build, seed {args.seed}. "
        "Feeds: ours counts feed.xml, atom.xml, feed.json and .ics files (one calendar per event); "
        "material counts mkdocs-rss-plugin's feed_rss_*.xml and feed_json_*.json.",
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
    ]
    if args.preview:
        corpus = OUT / "1000"
        if not corpus.exists():
            subprocess.run([sys.executable, str(BENCH / "corpus.py"), "--items", "1000", "--seed", str(args.seed),
                            "--out", str(corpus)], check=True)
        for dirty in (True, False):
            latencies = preview_latency(corpus / "ours" / "mkdocs.yml", corpus / "ours" / "content", dirty=dirty)
            command = "mkdocs serve --dirty" if dirty else "mkdocs serve"
            report += ["", f"Preview ({command}, 1,000 items): an edit to a news item's text appeared after "
                       f"{', '.join(f'{s:.1f}' for s in latencies)} s (median {statistics.median(latencies):.1f} s)."]
    text = "\n".join(report) + "\n"
    OUT.mkdir(exist_ok=True)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
