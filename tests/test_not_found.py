"""A reader who followed a broken link lands on the "not found" page: it lets them search there, on any screen."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from lxml import html
from playwright.sync_api import Browser


def test_the_not_found_page_offers_a_search_in_each_language_it_speaks(real_site: Path) -> None:
    page = html.fromstring((real_site / "404.html").read_bytes())
    sections = page.xpath('//section[contains(@class, "nw-not-found")]')
    assert len(sections) >= 2, "the real site speaks English and Bangla"
    for section in sections:
        [form] = section.xpath('.//form[@role="search"]')
        [field] = form.xpath('.//input[@name="q"]')
        [label] = form.xpath(f'.//label[@for="{field.get("id")}"]')
        assert label.text_content().strip(), "the search field has a visible name"
        assert form.get("action").endswith("search/")
        # No sentence sends the reader to a box elsewhere on the page, which a phone does not show.
        assert "above" not in section.text_content() and "ওপরের" not in section.text_content()


def test_a_reader_on_a_phone_searches_from_the_not_found_page(real_root: str, session_browser: Browser) -> None:
    page = session_browser.new_page(viewport={"width": 375, "height": 740})
    try:
        # A static host answers every unknown address with this page; its links are absolute, to the site's host.
        page.route("https://bdunnm.example.org/**", lambda route: route.fulfill(body="the site's search page"))
        page.goto(real_root + "404.html")
        field = page.locator("section.nw-not-found").first.locator('input[name="q"]')
        assert field.is_visible()
        field.fill("trafficking")
        with page.expect_navigation():
            field.press("Enter")
        address = urlsplit(page.url)
        assert address.path.endswith("/search/")
        assert parse_qs(address.query) == {"q": ["trafficking"]}
    finally:
        page.close()
