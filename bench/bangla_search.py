"""How precise Bangla search is, in headless Chromium: each query typed into a built site's Bangla search page.

    python bench/bangla_search.py SITE_FOLDER [SITE_FOLDER …]

For each built site (a `mkdocs build` output folder) it prints, per query in tests/bangla_queries.py,
the pages found, those that should be (a word of theirs begins with the query), precision and recall,
then the totals and the bytes of its search index on disk.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))

from bangla_queries import QUERIES, found_by_reader, pages_in, score, should_find  # noqa: E402
from browser import chromium, serving  # noqa: E402 - the tests' browser, from tests/


def measure(site: Path) -> None:
    """Print the table of one built site."""
    pages = pages_in(site, "bn")
    index_bytes = sum(path.stat().st_size for path in (site / "pagefind").rglob("*") if path.is_file())
    print(f"\n{site}: {len(pages)} Bangla pages, search index {index_bytes} bytes")
    print("| query | found | should find | right | precision | recall |\n| --- | --- | --- | --- | --- | --- |")
    outcomes = []
    with chromium() as browser, serving(site) as root:
        for query in QUERIES:
            found, expected = found_by_reader(browser, root + "bn/search/", query), should_find(pages, query)
            outcomes.append((found, expected))
            one = score([(found, expected)])
            print(f"| {query} | {len(found)} | {len(expected)} | {one.right} "
                  f"| {one.precision:.2f} | {one.recall:.2f} |")
    total = score(outcomes)
    print(f"| all | {total.found} | {total.wanted} | {total.right} | {total.precision:.3f} | {total.recall:.3f} |")


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        measure(Path(folder))
