"""Search as readers use it, in a real Chromium: it costs nothing until they search, then finds things."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import cbor2
import pytest
from browser import DESKTOP, PHONE, serving
from playwright.sync_api import Browser, Page
from sitebuild import REPO, mkdocs_build, real_copy, site_settings

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
    _drop_part_of_the_index_and_search_again(browser, real_root, graph, lost)


def _drop_part_of_the_index_and_search_again(browser: Browser, root: str, graph: Site, lost: str) -> None:
    item = graph.news[0]
    word = distinctive_word(item, graph)
    page, _ = open_page(browser, root + "search/")
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


# A site over the files its host takes: its pages' texts (Pagefind's fragments, one a page) packed a few to a file.
PAGE_TEXTS = "pagefind/fragment/"


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def host_limit(real_site: Path) -> int:
    """A limit on files the real site is over, leaving its pages' texts room for a third as many files."""
    files = _files(real_site)
    texts = [name for name in files if name.startswith(PAGE_TEXTS)]
    return len(files) - len(texts) + len(texts) // 3


@pytest.fixture(scope="module")
def packed_site(tmp_path_factory: pytest.TempPathFactory, host_limit: int) -> Path:
    folder = tmp_path_factory.mktemp("host-limit")
    result = mkdocs_build(real_copy(folder, f"      host_file_limit: {host_limit}\n"), folder / "site")
    assert result.returncode == 0, result.stderr
    assert "host_file_limit" not in result.stderr  # within the limit: nothing to tell staff
    return folder / "site"


def test_a_site_over_its_host_s_file_limit_is_built_within_it_with_only_its_search_index_changed(
    real_site: Path, packed_site: Path, host_limit: int
) -> None:
    plain, packed = _files(real_site), _files(packed_site)
    assert len(plain) > host_limit >= len(packed)
    assert not [name for name in packed if name.endswith(".pf_fragment")]

    def besides_search(files: dict[str, Path]) -> dict[str, bytes]:
        return {name: path.read_bytes() for name, path in files.items() if not name.startswith(SEARCH_FILES[1:])}

    assert besides_search(packed) == besides_search(plain)


def _pages(site: Path) -> dict[str, list[list[object]]]:
    """Each language's pages in the search index, as its metadata lists them: [name of the page's text, words]."""
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_bytes())
    pages = {}
    for code, language in entry["languages"].items():
        meta = gzip.decompress((site / f"pagefind/pagefind.{language['hash']}.pf_meta").read_bytes())
        pages[code] = cbor2.loads(meta.removeprefix(b"pagefind_dcd"))[1]
    return pages


def test_every_page_s_text_in_a_pack_is_the_text_pagefind_wrote_for_the_page(
    real_site: Path, packed_site: Path
) -> None:
    plain, packed = _pages(real_site), _pages(packed_site)
    assert plain.keys() == packed.keys()
    for code in plain:
        assert len(plain[code]) == len(packed[code]) > 0
        for (own, words), (in_pack, packed_words) in zip(plain[code], packed[code], strict=True):
            pack, start, length = str(in_pack).rsplit("-", 2)
            data = (packed_site / f"{PAGE_TEXTS}{pack}.pf_pack").read_bytes()
            own_text = (real_site / f"{PAGE_TEXTS}{own}.pf_fragment").read_bytes()
            assert data[int(start): int(start) + int(length)] == own_text
            assert packed_words == words


def _searched(browser: Browser, root: str, query: str) -> tuple[tuple[str, list[str]], list[tuple[int, str]]]:
    """What a reader searching for `query` is told and shown (each result's title, facts and excerpt), and the
    status and address of each file of the search index the browser was sent."""
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    sent: list[tuple[int, str]] = []
    page.on("response", lambda response: sent.append((response.status, response.url))
            if SEARCH_FILES in response.url else None)
    page.goto(f"{root}search/?q={query}")
    results(page)
    page.wait_for_load_state("networkidle")
    shown = (page.locator("[data-nw-search-status]").inner_text(), page.locator(".nw-result").all_inner_texts())
    page.close()
    return shown, sent


@pytest.mark.parametrize("ranges", [True, False], ids=["a host that sends ranges", "a host that sends whole files"])
def test_search_on_a_site_with_its_pages_texts_packed_shows_what_it_shows_with_them_apart(
    browser: Browser, real_root: str, packed_site: Path, graph: Site, ranges: bool
) -> None:
    queries = ["migration", *(distinctive_word(item, graph) for item in graph.news[:2])]
    with serving(packed_site, ranges=ranges) as root:
        for query in queries:
            apart, _ = _searched(browser, real_root, query)
            packed, sent = _searched(browser, root, query)
            assert packed == apart
            assert apart[1], query
            texts = [(status, url) for status, url in sent if "/fragment/" in url]
            assert texts and all(url.endswith(".pf_pack") for _, url in texts)
            assert {status for status, _ in texts} == ({206} if ranges else {200})
            if not ranges:  # each pack sent once, for every result whose text is in it
                assert len({url for _, url in texts}) == len(texts)


def test_a_site_that_cannot_be_brought_within_its_host_s_limit_is_built_and_staff_are_told(
    tmp_path: Path, real_site: Path
) -> None:
    pages = len([name for name in _files(real_site) if name.endswith(".html")])
    result = mkdocs_build(real_copy(tmp_path, f"      host_file_limit: {pages}\n"), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    told = [line for line in result.stderr.splitlines() if "host_file_limit" in line]
    assert len(told) == 1, result.stderr
    assert f"at most {pages:,} files" in told[0]
    assert f"found {len(_files(tmp_path / 'site')):,} files" in told[0]
    # Packing would not bring it within the limit, and would cost readers: its pages' texts stay one a file.
    def texts(site: Path) -> list[str]:
        return [name for name in _files(site) if name.startswith(PAGE_TEXTS)]

    assert texts(tmp_path / "site") == texts(real_site)


@pytest.mark.parametrize("ranges", [True, False], ids=["a host that sends ranges", "a host that sends whole files"])
def test_a_reader_whose_connection_drops_a_pack_of_page_texts_is_told_so_and_can_search_again(
    browser: Browser, packed_site: Path, graph: Site, ranges: bool
) -> None:
    with serving(packed_site, ranges=ranges) as root:
        _drop_part_of_the_index_and_search_again(browser, root, graph, "fragment")
