"""Python-Markdown on hostile bodies just inside (or outside) generator/content/limits.py, timed: how bounded it is.

For each kind of hostile body, the largest one `limits.body_problem` accepts is found by bisection and
rendered with the site's Markdown extensions; refused ones are reported with what the mistake says.
Usage: .venv/bin/python bench/hostile_bodies.py [name …]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import markdown

from generator.content import limits

EXTENSIONS = ["toc", "attr_list", "admonition", "tables", "md_in_html"]
SIZE = limits.BODY_CHARACTERS


def words(length: int) -> str:
    return ("word " * (length // 5 + 1))[:length]


def largest(make: Callable[[int], str], low: int = 1, high: int = SIZE) -> str:
    """The body of the largest count `make` is accepted with (accepted counts are assumed to be a range)."""
    while low < high:
        middle = (low + high + 1) // 2
        if limits.body_problem(make(middle)) is None:
            low = middle
        else:
            high = middle - 1
    return make(low)


CASES: dict[str, Callable[[], str]] = {
    "issue: 300,000 '['": lambda: "[" * 300_000,
    "issue: '[a](' 100,000 times": lambda: "[a](" * 100_000,
    "'[' left open": lambda: largest(lambda k: "[" * k + words(SIZE - k - 10)),
    "'[' left open per paragraph": lambda: largest(lambda k: ("[" * k + words(1000) + "\n\n") * (SIZE // (k + 1003)),
                                                   1, 1000),
    "'<a' left open": lambda: largest(lambda k: "<a " * k + words(SIZE - 3 * k - 10)),
    "'<![CDATA[' left open": lambda: largest(lambda k: "<![CDATA[" * k + words(SIZE - 9 * k - 10)),
    "'[a](' left open": lambda: largest(lambda k: "[a](" * k + words(SIZE - 4 * k - 10)),
    "'[a][' left open": lambda: largest(lambda k: "[a][" * k + words(SIZE - 4 * k - 10)),
    "'{' left open in a heading": lambda: largest(lambda k: "# a " + "{" * k + words(SIZE - k - 10)),
    "links in one paragraph": lambda: largest(lambda k: "[a](b) " * k),
    "tags in one paragraph": lambda: largest(lambda k: "<b>x</b> " * k),
    "emphasis in one paragraph": lambda: largest(lambda k: "*a* " * k),
    "links in paragraphs": lambda: largest(lambda k: ("[a](b) " * k + "\n\n") * (SIZE // (7 * k + 2)), 1, 2000),
    "a tag per paragraph": lambda: "<b>x</b>\n\n" * (SIZE // 10),
    "HTML blocks": lambda: "<div>\nx\n</div>\n\n" * (SIZE // 16),
    "plain text, one paragraph": lambda: words(SIZE),
}


def main(names: list[str]) -> None:
    for name in names or list(CASES):
        body = CASES[name]()
        problem = limits.body_problem(body)
        start = time.perf_counter()
        if problem is None:
            markdown.markdown(body, extensions=EXTENSIONS)
        verdict = f"refused: {problem.found[:60]}" if problem else "accepted"
        print(f"{name:32} {len(body):>9,} characters  {verdict:70} {time.perf_counter() - start:6.2f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
