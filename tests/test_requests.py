"""Every page type loads everything it needs from the site itself: no request ever goes to a third party.

A real Chromium records each request a page makes (images further down included); any request to
another origin is stopped before it leaves the machine, and still counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import DESKTOP, PHONE, serving
from page_types import ITEM_FOLDERS, SINGLE_PAGES, page_types
from playwright.sync_api import Browser, BrowserContext, Page, Route

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# Named statically so collection needs no build; a type the real content lacks fails below, by name.
PAGE_TYPES = [*SINGLE_PAGES, *ITEM_FOLDERS]
# URLs that name data inside the page itself rather than a place on the network.
LOCAL_SCHEMES = {"data", "blob", "about"}
# Scroll a screen at a time, letting two frames pass at each stop, so lazy images see themselves come into view.
SCROLL_TO_BOTTOM = """async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
    window.scrollTo(0, y);
    await frame();
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  await frame();
}"""
# Every picture the reader can see has loaded or failed, so its request has been made (and recorded).
PICTURES_SETTLED = "[...document.images].filter((img) => img.getClientRects().length).every((img) => img.complete)"


def origin(url: str) -> tuple[str, str]:
    """Scheme and host:port of a URL: what the browser means by "the same site"."""
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


class Recorder:
    """Every URL a browser context asks for; requests to other origins are aborted, never sent."""

    def __init__(self, context: BrowserContext, root: str) -> None:
        self.home = origin(root)
        self.urls: list[str] = []
        # The context, not the page, so requests from workers (Pagefind's) are seen too.
        context.on("request", lambda request: self.urls.append(request.url))
        context.route("**/*", self._keep_home)

    def _keep_home(self, route: Route) -> None:
        if self._is_home(route.request.url):
            route.continue_()
        else:
            route.abort()

    def _is_home(self, url: str) -> bool:
        return urlsplit(url).scheme in LOCAL_SCHEMES or origin(url) == self.home

    def foreign(self) -> list[str]:
        """The recorded URLs that are not the site's own, each once, in the order asked."""
        return list(dict.fromkeys(url for url in self.urls if not self._is_home(url)))


@pytest.fixture
def context(session_browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh browser profile (empty cache, so every resource is really requested) at the test's viewport."""
    viewport = VIEWPORTS[getattr(request, "param", None) or request.getfixturevalue("viewport")]
    fresh = session_browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    yield fresh
    fresh.close()


def read_to_the_end(page: Page, url: str) -> None:
    """Load the page as a reader would, then scroll to its end so lazy images are fetched too."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} did not load"
    page.wait_for_load_state("networkidle")
    page.evaluate(SCROLL_TO_BOTTOM)
    # The load state is already "networkidle", so waiting for it again would return at once.
    page.wait_for_function(PICTURES_SETTLED)


def listing(urls: list[str]) -> str:
    return "\n".join(f"    {url}" for url in urls)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_requests_nothing_from_another_site(context: BrowserContext, real_site: Path, real_root: str,
                                                             page_type: str, viewport: str) -> None:
    path = page_types(real_site).get(page_type)
    assert path is not None, f"the real content has no {page_type} page, so its requests go unchecked"
    recorder = Recorder(context, real_root)
    read_to_the_end(context.new_page(), real_root + path)
    assert recorder.urls, "the recorder saw no request at all, so it cannot vouch for this page"
    foreign = recorder.foreign()
    assert not foreign, f"the {page_type} page on a {viewport} asks third parties for:\n{listing(foreign)}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_searching_loads_pagefind_from_the_site_itself(context: BrowserContext, real_root: str, viewport: str) -> None:
    recorder = Recorder(context, real_root)
    page = context.new_page()
    read_to_the_end(page, real_root + "search/?q=migration")
    page.locator("[data-nw-search-results] li").first.wait_for()
    page.wait_for_load_state("networkidle")
    index_requests = [url for url in recorder.urls if "/pagefind/" in url]
    assert index_requests, "searching fetched no Pagefind file, so this test saw no search happen"
    foreign = recorder.foreign()
    assert not foreign, f"searching on a {viewport} asks third parties for:\n{listing(foreign)}"


@pytest.mark.parametrize("context", ["desktop"], indirect=True)
def test_the_recorder_reports_pictures_from_another_site_even_far_down(context: BrowserContext,
                                                                       tmp_path: Path) -> None:
    picture = "https://example.invalid/x.png"
    lazy_picture = "https://example.invalid/far-down.png"
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="en"><title>t</title><p>Text</p><img src="{picture}" alt="a picture">'
        f'<div style="height: 8000px"></div><img loading="lazy" src="{lazy_picture}" alt="another"></html>',
        encoding="utf-8",
    )
    with serving(tmp_path) as root:
        recorder = Recorder(context, root)
        read_to_the_end(context.new_page(), root)
    assert recorder.foreign() == [picture, lazy_picture]
