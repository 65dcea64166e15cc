"""Where a build's time goes: py-spy samples one `mkdocs build` of a bench corpus, sorted into the build's stages.

    python bench/profile.py --items 1000                 # a cold build (no build cache)
    python bench/profile.py --items 1000 --warm          # again, with the cache the build before left
    python bench/profile.py --items 1000 --edit          # warm, after one news item's text was edited

py-spy (PyPI) samples the build's main thread 100 times a second, waiting included (`--idle`), so the
seconds add up to the build's wall time; the processes beside it (workers, Pagefind, the feeds'
process) are not in these seconds, they are what the main thread no longer does. Each sample goes
to the first stage below whose frames it holds. The raw samples are kept in bench/out/profile-*.txt.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
RATE = 100
# (stage, a pattern of the frames of a sample); the first that matches takes the sample.
STAGES = (
    ("search index: waiting for Pagefind to finish, joining parts",
     r"Handover\.bundle|StreamingIndex\.files|SearchBeside\.index"),
    ("search index: pages handed to Pagefind", r"_index_page \(generator"),
    ("feeds, calendars, e-mail (in the build itself)", r"_write_outputs|publish\.py"),
    ("feeds, calendars, e-mail (waiting for the process beside)", r"Beside\.result"),
    ("writing the search index", r"write_bundle"),
    ("load, validate and link the content", r"on_pre_build \(generator"),
    ("item addresses, generated pages, menus", r"on_files \(generator|on_nav \(generator"),
    ("Markdown → HTML (in the build's own loop)", r"Page\.render|;render \(generator/page_bodies"),
    ("pages from the build cache", r"PageOutputs|BuildCache"),
    ("our per-page work", r"on_page_(markdown|content|context) \(generator|on_pre_page \(generator"),
    ("page templates (Jinja, mkdocs-material)", r"_build_page.*Template\.render"),
    ("writing pages", r"_build_page.*write_file"),
    ("rest of MkDocs' page loop", r"_build_page|_populate_page"),
    ("the rest of the build (theme files, sitemap, 404)", r"\bbuild \(mkdocs/commands/build\.py"),
    ("Python start, imports, configuration", r"."),
)


def categorize(raw: Path) -> tuple[float, list[tuple[str, float]]]:
    """Seconds of the main thread in each stage, from py-spy's raw output (recorded with --idle --threads)."""
    samples: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if "MainThread" not in stack.split(";", 1)[0]:
            continue
        for stage, pattern in STAGES:
            if re.search(pattern, stack):
                samples[stage] += int(count)
                break
    return sum(samples.values()) / RATE, [(stage, count / RATE) for stage, count in samples.most_common()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--warm", action="store_true", help="keep the build cache of the build before")
    mode.add_argument("--edit", action="store_true", help="warm, after editing one news item's text")
    args = parser.parse_args()
    spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if spy is None:
        raise SystemExit("py-spy is not installed: pip install -c constraints.txt -e '.[bench]'")
    corpus = OUT / str(args.items)
    if not (corpus / "ours" / "mkdocs.yml").exists():
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), "--items", str(args.items), "--seed",
                        str(args.seed), "--out", str(corpus)], check=True)
    config, site = corpus / "ours" / "mkdocs.yml", corpus / "profile-site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1763800000"}
    build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    kind = "warm" if args.warm else "edit" if args.edit else "cold"
    cache = config.parent / ".cache"
    if kind == "cold":
        shutil.rmtree(cache, ignore_errors=True)
    else:
        subprocess.run(build, env=env, check=True)  # the build before, whose cache this one finds
    news = sorted((corpus / "ours" / "content" / "news").glob("*.md"))[-1]
    original = news.read_text(encoding="utf-8")
    if kind == "edit":
        news.write_text(original + f"\nEdited at {time.time_ns()}.\n", encoding="utf-8")
    raw = OUT / f"profile-{args.items}-{kind}.txt"
    try:
        subprocess.run([spy, "record", "--rate", str(RATE), "--format", "raw", "--idle", "--threads", "--nonblocking",
                        "--output", str(raw), "--", *build], env=env, check=True, capture_output=True)
    finally:
        news.write_text(original, encoding="utf-8")
    total, stages = categorize(raw)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{args.items:,} items, {kind} build: the main thread's {total:.1f} s (load {load})\n")
    print("| stage | seconds | share |\n| --- | ---: | ---: |")
    for stage, value in stages:
        print(f"| {stage} | {value:.2f} | {value / total:.0%} |")


if __name__ == "__main__":
    main()
