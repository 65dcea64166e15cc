"""Search as readers use it, in a real Chromium: it costs nothing until they search, then finds things."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, serving
from playwright.sync_api import Browser, Page
from sitebuild import REPO, site_settings

from generator.content.loading import load_site
from generator.content.settings import Network
from generator.content.types.news import News
from generator.graph.site import Site

SEARCH_FILES = "/pagefind/"


@pytest.fixture(scope="module")
def browser(session_browser: Browser) -> Browser:
    """The run's one Chromium: Playwright's sync API allows one instance per thread."""
    return session_browser


@pytest.fixture(scope="module")
def graph() -> Site:
    return load_site(REPO / "content", site_settings(REPO, network=Network("BDUNNM", "BDUNNM"), site_url="https://x.test/"))


def open_page(browser: Browser, url: str, viewport: dict[str, int] = DESKTOP) -> tuple[Page, list[str]]:
    """A page opened in a fresh tab, with every address it requested."""
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, requests


def distinctive_word(item: News, site: Site) -> str:
    """The longest word of the item's title that no other item's title has."""
    def words(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-z]{5,}", text)}

    everything = (*site.items, *site.twgs, *site.organizations)
    others = set().union(*(words(other.title) for other in everything if other is not item))
    return max(words(item.title) - others, key=len)


def results(page: Page) -> list[str]:
    page.wait_for_selector("[data-nw-search-status]:not(:empty):not(:text('Searching…'))")
    return page.locator(".nw-result__title").all_inner_texts()


def test_opening_pages_fetches_nothing_for_search(browser: Browser, real_root: str, graph: Site) -> None:
    for url in ("", graph.news[0].url, "events/", "search/"):
        page, requests = open_page(browser, real_root + url)
        assert [r for r in requests if SEARCH_FILES in r] == [], url
        page.close()


def test_a_word_from_a_news_title_typed_in_the_header_box_finds_that_item_first(
    browser: Browser, real_root: str, graph: Site
) -> None:
    for item in graph.news[:3]:
        page, _ = open_page(browser, real_root)
        page.fill("#nw-header-q", distinctive_word(item, graph))
        page.press("#nw-header-q", "Enter")
        assert results(page)[0] == item.title
        page.locator(".nw-result__title a").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").first.inner_text() == item.title
        page.close()


def test_the_first_query_fetches_only_a_small_part_of_the_site(browser: Browser, real_root: str) -> None:
    page, requests = open_page(browser, real_root + "search/?q=trafficking")
    assert results(page)
    fetched = [r for r in requests if SEARCH_FILES in r]
    assert any(r.endswith("pagefind.js") for r in fetched)
    assert not any(r.endswith(("-ui.js", "-ui.css")) for r in fetched)


def test_filters_narrow_the_results_by_type_and_twg(browser: Browser, real_root: str, graph: Site) -> None:
    page, _ = open_page(browser, real_root + "search/?q=migration")
    everything = results(page)
    page.check("input[name=type][value=Event]")
    page.wait_for_function("document.querySelector('[data-nw-search-status]').textContent.includes('result')")
    page.wait_for_timeout(300)
    events = results(page)
    assert 0 < len(events) < len(everything)
    assert all(meta.startswith("Event") for meta in page.locator(".nw-result__meta").all_inner_texts())
    assert "type=Event" in page.url
    twg = next(t for t in graph.twgs if t.events)
    page.select_option("#nw-twg", twg.short_name)
    page.wait_for_timeout(500)
    narrowed = results(page)
    assert narrowed and set(narrowed) <= set(events)
    assert set(narrowed) <= {event.title for event in twg.events}
    page.close()


@pytest.mark.parametrize("lost", ["index", "fragment"])  # the words' lists of pages; each page's text
def test_a_reader_whose_connection_drops_part_of_the_index_is_told_so_and_can_search_again(
    browser: Browser, real_root: str, graph: Site, lost: str
) -> None:
    item = graph.news[0]
    word = distinctive_word(item, graph)
    page, _ = open_page(browser, real_root + "search/")
    page.route(f"**/pagefind/{lost}/**", lambda route: route.abort("connectionreset"))
    page.fill("#nw-q", word)
    page.press("#nw-q", "Enter")
    status = page.locator("[data-nw-search-status]")
    said = json.loads(page.get_attribute("[data-nw-search]", "data-words") or "{}")
    told = said["failed"].replace("{term}", word)
    page.wait_for_function("told => document.querySelector('[data-nw-search-status]').textContent === told", arg=told)
    assert page.locator(".nw-result__title").count() == 0
    page.unroute(f"**/pagefind/{lost}/**")
    page.press("#nw-q", "Enter")
    assert results(page)[0] == item.title, status.inner_text()
    page.close()


def test_search_works_on_a_phone(browser: Browser, real_root: str, graph: Site) -> None:
    page, _ = open_page(browser, real_root, PHONE)
    assert not page.locator("#nw-header-q").is_visible()
    page.locator(".nw-header-search__button").click()
    page.wait_for_url(re.compile(r"/search/"))
    item = graph.news[0]
    page.fill("#nw-q", distinctive_word(item, graph))
    assert results(page)[0] == item.title
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


def test_a_bangla_word_finds_the_bangla_item(browser: Browser, examplia_site: Path) -> None:
    with serving(examplia_site) as root:
        page, _ = open_page(browser, root + "search/?q=প্রত্যাবাসন")
        assert results(page)[0].startswith("জাতীয় সংলাপ")
        page.close()
