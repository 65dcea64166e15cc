"""A reader's first visit is light: what a phone with an empty cache fetches, counted as a host would send it.

Each page is loaded in a fresh Chromium context on a phone's screen until the network is idle; every response's
bytes are summed, text gzipped (level 6) as any real host sends it (the tests' server sends it plain), fonts and
pictures as they are. bench/weight.py counts the same way for more pages, beside a stock mkdocs-material page.
"""

from __future__ import annotations

import gzip

import pytest
from browser import PHONE
from playwright.sync_api import Browser, Response

# Issue 25's budget: an English first visit within 45 KB, a Bangla one at most 60 KB more (its font).
ENGLISH_BUDGET = 45_000
BANGLA_EXTRA = 60_000
TEXT_TYPES = ("text/", "javascript", "json", "xml", "svg")
# One page of each kind a reader lands on, in both languages; the repository page also loads its filter script.
PAGES = ["", "news/diaspora-policy-2023/", "events/", "practices/", "search/"]


def sent(response: Response) -> int:
    """The response's bytes as a host sends them: text gzipped, the rest as it is."""
    body = response.body()
    mime = response.headers.get("content-type", "")
    return len(gzip.compress(body, 6)) if any(kind in mime for kind in TEXT_TYPES) else len(body)


def first_visit(browser: Browser, url: str) -> tuple[int, list[str]]:
    """What loading `url` with an empty cache fetched: its bytes as sent, and what each file was."""
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    responses: list[Response] = []
    context.on("response", lambda response: responses.append(response))
    try:
        context.new_page().goto(url, wait_until="networkidle")
        counted = [(response, sent(response)) for response in responses if response.status < 300]
        files = [f"{response.url.rsplit('/', 1)[-1] or response.url} {size:,}" for response, size in counted]
        return sum(size for _, size in counted), files
    finally:
        context.close()


@pytest.fixture(scope="module")
def visits(real_root: str, session_browser: Browser) -> dict[str, tuple[int, list[str]]]:
    return {prefix + path: first_visit(session_browser, real_root + prefix + path)
            for path in PAGES for prefix in ("", "bn/")}


@pytest.mark.parametrize("path", PAGES)
def test_an_english_first_visit_fetches_at_most_45_kb(visits: dict[str, tuple[int, list[str]]], path: str) -> None:
    size, files = visits[path]
    assert size <= ENGLISH_BUDGET, f"/{path}: {size:,} bytes: {files}"


@pytest.mark.parametrize("path", PAGES)
def test_a_bangla_first_visit_fetches_at_most_60_kb_more_than_the_same_page_in_english(
    visits: dict[str, tuple[int, list[str]]], path: str
) -> None:
    english, _ = visits[path]
    bangla, files = visits["bn/" + path]
    assert any("noto-sans-bengali-bengali" in file for file in files), "the Bangla page is drawn in the site's font"
    assert bangla - english <= BANGLA_EXTRA, f"/bn/{path}: {bangla:,} bytes against {english:,} in English: {files}"
