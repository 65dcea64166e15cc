"""What search costs readers, in headless Chromium: ours (Pagefind) beside stock mkdocs-material search.

    python bench/search.py --sizes 100,1000,10000

Uses the sites bench/run.py built in bench/out/<size>/. For each it records the bytes a first
visit to the home page fetches for search (nothing, for ours), the bytes the first query
fetches, and the time from typing the query to the first results. Bytes are counted as a host
serving gzip would send them. Ours is served twice: by a host that sends whole files whatever is asked
(Python's, as Cloudflare Pages does) and by one that sends the range of a file asked for (as GitHub Pages and
Netlify do), which differ where the site's page texts are packed a few to a file (generator/fast/search_packs.py);
the other checkout's site (`before-site`, run.py --against) beside it where there is one, and the material blog
where it was built. The table is printed and written to bench/out/search.md.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))

from browser import DESKTOP, chromium, serving  # noqa: E402 - the tests' browser, from tests/
from playwright.sync_api import Browser, Page, Response  # noqa: E402

OUT = BENCH / "out"
QUERY = "reintegration"
# Each site measured where it was built: (its name in the table, its folder, served by a host that sends ranges).
SITES = (("ours", "ours-site", False), ("ours", "ours-site", True), ("before (--against)", "before-site", False))


def gzip_size(response: Response) -> int:
    try:
        return len(gzip.compress(response.body()))
    except Exception:  # a redirect or aborted request has no body
        return 0


def watch(page: Page, marker: tuple[str, ...]) -> list[Response]:
    seen: list[Response] = []
    page.on("response", lambda response: seen.append(response) if any(m in response.url for m in marker) else None)
    return seen


def ours(browser: Browser, root: str) -> tuple[int, int, float]:
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    seen = watch(page, ("/pagefind/",))
    page.goto(root)
    page.wait_for_load_state("networkidle")
    on_visit = sum(gzip_size(r) for r in seen)
    page.goto(root + "search/")
    page.wait_for_load_state("networkidle")
    seen.clear()
    started = time.perf_counter()
    page.fill("#nw-q", QUERY)
    page.wait_for_selector(".nw-result", timeout=120_000)
    elapsed = time.perf_counter() - started - 0.25  # less the page's typing pause before it searches
    page.wait_for_load_state("networkidle")
    first_query = sum(gzip_size(r) for r in seen)
    page.close()
    return on_visit, first_query, elapsed


def material(browser: Browser, root: str) -> tuple[int, int, float]:
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    seen = watch(page, ("search_index.json", "/workers/search"))
    page.goto(root)
    page.wait_for_load_state("networkidle")
    on_visit = sum(gzip_size(r) for r in seen)
    seen.clear()
    page.keyboard.press("/")  # material's shortcut that opens its search box
    started = time.perf_counter()
    page.keyboard.type(QUERY)
    page.wait_for_selector(".md-search-result__item", timeout=120_000)
    elapsed = time.perf_counter() - started
    first_query = sum(gzip_size(r) for r in seen)
    page.close()
    return on_visit, first_query, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    args = parser.parse_args()
    lines = [
        "| items | site | host | files of page texts | search bytes on a first visit (gzip) | first query "
        "| time to first results |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    with chromium() as browser:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = OUT / str(size)
            for name, site, ranges in SITES:
                if not (folder / site).is_dir():
                    continue
                texts = sum(1 for _ in (folder / site / "pagefind" / "fragment").iterdir())
                with serving(folder / site, ranges=ranges) as root:
                    o = ours(browser, root)
                host = "sends ranges" if ranges else "sends whole files"
                lines.append(f"| {size:,} | {name} | {host} | {texts:,} | {o[0] / 1e3:.0f} KB | {o[1] / 1e3:.0f} KB "
                             f"| {o[2]:.2f} s |")
                print(lines[-1], file=sys.stderr)
            if (folder / "material-site").is_dir():
                with serving(folder / "material-site") as root:
                    m = material(browser, root)
                lines.append(f"| {size:,} | material blog | sends whole files | | {m[0] / 1e3:.0f} KB | "
                             f"{m[1] / 1e3:.0f} KB | {m[2]:.2f} s |")
                print(lines[-1], file=sys.stderr)
    text = "\n".join(lines) + "\n"
    (OUT / "search.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
