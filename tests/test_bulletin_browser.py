"""E-Bulletin #3 as subscribers get it: the web page, the e-mail edition in a 600 px reading pane, its plain text.

The items, their titles, dates and summaries are read from the bulletin's Markdown file and the
items' own files; the network's name and contact from mkdocs.yml. The e-mail's absolute
addresses point at the site's public host, so the browser is routed from there to the local copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from browser import DESKTOP, PHONE, serving
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import Browser, Page, Route, expect
from sitebuild import REPO, front_matter, inheriting_config, mkdocs_build

CONTENT = REPO / "content"
ARTIFACTS = REPO / "tests" / "artifacts"
MAIL_PANE = {"width": 600, "height": 900}
CONFIG = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL: str = CONFIG["site_url"]
NETWORK: dict[str, Any] = next(
    entry["network"]["network"] for entry in CONFIG["plugins"] if isinstance(entry, dict) and "network" in entry
)
# Elements a mail client would draw past the pane's right edge (half a pixel of rounding allowed).
PAST_THE_EDGE = """width => Array.from(document.querySelectorAll('body *'))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.width > 0 && r.right > width + 0.5)
  .map(([el, r]) => `<${el.tagName.toLowerCase()} class="${el.className}"> right edge at ${r.right}px`)"""
UNLOADED_IMAGES = """() => Array.from(document.images)
  .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)"""


@dataclass(frozen=True)
class Entry:
    """One item the bulletin carries, as its own file describes it."""

    path: str
    title: str
    summary: str
    date: str | None


def entries() -> list[Entry]:
    """The bulletin's items in the order its file lists them."""
    found = []
    for item in BULLETIN["items"]:
        data = front_matter(CONTENT / f"{item}.md")
        when = data.get("date") or data.get("start")
        found.append(Entry(item, data["title"], data["summary"], str(when)[:10] if when else None))
    return found


BULLETIN = next(data for path in sorted((CONTENT / "bulletins").glob("*.md"))
                if (data := front_matter(path)).get("number") == 3)
WEB_PAGE = f"bulletins/{BULLETIN['number']}/"
ENTRIES = entries()


@pytest.fixture
def tab(session_browser: Browser) -> Iterator[Page]:
    page = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    yield page
    page.close()


def email_files(real_site: Path) -> tuple[Path, Path]:
    """The e-mail edition and its plain-text alternative, written next to the bulletin's web page."""
    folder = real_site / WEB_PAGE
    texts = sorted(folder.glob("*.txt"))
    assert (folder / "email.html").is_file(), f"no email.html beside {WEB_PAGE}index.html"
    assert len(texts) == 1, f"expected one plain-text edition in {folder}, found {[t.name for t in texts]}"
    return folder / "email.html", texts[0]


def section_of(page: Page, entry: Entry) -> Any:
    """The part of the web page that presents one item: the section whose heading is its title."""
    sections = page.locator("section").filter(has=page.get_by_role("heading", name=entry.title, exact=True))
    expect(sections, f"{entry.title!r} has no section of its own").to_have_count(1)
    return sections.first


def read_more_urls(page: Page) -> dict[str, str]:
    """Each item's 'read more' address on the web page, made absolute against the public site."""
    urls = {}
    for entry in ENTRIES:
        link = section_of(page, entry).get_by_role("link", name=re.compile(r"^Read more"))
        expect(link).to_have_count(1)
        urls[entry.title] = urljoin(SITE_URL + WEB_PAGE, str(link.get_attribute("href")))
    return urls


def test_the_web_page_shows_each_item_with_title_date_summary_and_a_read_more_link(
    tab: Page, real_site: Path, real_root: str
) -> None:
    tab.goto(real_root + WEB_PAGE)
    headings = [h.strip() for h in tab.locator("h2").all_inner_texts()]
    assert [h for h in headings if h in {e.title for e in ENTRIES}] == [e.title for e in ENTRIES], "items out of order"
    for entry in ENTRIES:
        section = section_of(tab, entry)
        expect(section).to_contain_text(entry.summary)
        if entry.date:
            dates = [str(t.get_attribute("datetime")) for t in section.locator("time").all()]
            assert any(d.startswith(entry.date) for d in dates), f"{entry.title}: dates {dates}, expected {entry.date}"
            expect(section.locator("time").first).to_be_visible()
    for entry in ENTRIES:
        tab.goto(real_root + WEB_PAGE)
        section_of(tab, entry).get_by_role("link", name=re.compile(r"^Read more")).click()
        tab.wait_for_load_state()
        assert tab.locator("h1").first.inner_text().strip() == entry.title


def route_public_site_to(page: Page, real_root: str) -> list[str]:
    """Serve the public site's addresses from the local copy; refuse, and remember, any other host."""
    elsewhere: list[str] = []

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(SITE_URL):
            route.fulfill(response=route.fetch(url=real_root + url[len(SITE_URL):]))
        elif url.startswith(real_root):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    page.route("**/*", handle)
    return elsewhere


def test_the_email_edition_fits_a_600px_pane_with_every_picture_loaded_and_every_address_absolute(
    session_browser: Browser, real_site: Path, real_root: str
) -> None:
    page = session_browser.new_page(viewport=MAIL_PANE)  # type: ignore[arg-type]
    try:
        elsewhere = route_public_site_to(page, real_root)
        page.goto(real_root + WEB_PAGE + email_files(real_site)[0].name)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= MAIL_PANE["width"]
        assert page.evaluate(PAST_THE_EDGE, MAIL_PANE["width"]) == []
        assert page.evaluate(UNLOADED_IMAGES) == []
        assert elsewhere == [], "the e-mail asks for things from outside the site"
        hrefs = [a.get_attribute("href") or "" for a in page.locator("a[href]").all()]
        sources = [img.get_attribute("src") or "" for img in page.locator("img").all()]
        assert hrefs and all(re.match(r"(https?:|mailto:)", h) for h in hrefs), hrefs
        assert all(re.match(r"https?:", s) for s in sources), sources
        # Absolute addresses must be the public site's, or readers' mail clients would fetch nothing.
        assert all(urlsplit(s).netloc == urlsplit(SITE_URL).netloc for s in sources), sources
    finally:
        page.close()


@pytest.fixture(scope="module")
def published_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real content built for the address it is served at, as a network publishes once site_url is set."""
    folder = tmp_path_factory.mktemp("published")
    out = folder / "site"
    out.mkdir()
    with serving(out) as root:
        result = mkdocs_build(inheriting_config(folder, site_url=root), out)
        assert result.returncode == 0, result.stderr
        assert "a placeholder" not in result.stderr
        yield root


def test_the_published_email_edition_shows_the_network_logo_and_a_way_to_unsubscribe_in_a_600px_pane(
    session_browser: Browser, published_root: str
) -> None:
    page = session_browser.new_page(viewport=MAIL_PANE)  # type: ignore[arg-type]
    try:
        page.goto(published_root + WEB_PAGE + "email.html")
        page.wait_for_load_state("networkidle")
        logo = page.locator("img.logo")
        expect(logo).to_have_count(1)
        assert str(logo.get_attribute("src")).startswith(published_root)
        assert page.evaluate(UNLOADED_IMAGES) == [], "a picture of the e-mail did not load"
        assert logo.evaluate("img => img.naturalWidth") > 0
        assert page.evaluate("document.scrollingElement.scrollWidth") <= MAIL_PANE["width"]
        assert page.evaluate(PAST_THE_EDGE, MAIL_PANE["width"]) == []
        unsubscribe = page.get_by_role("link", name="Unsubscribe", exact=True)
        expect(unsubscribe).to_be_visible()
        assert str(unsubscribe.get_attribute("href")).startswith(f"mailto:{NETWORK['email']}")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "bulletin-email-600.png"), full_page=True)
    finally:
        page.close()


def test_the_email_edition_links_every_item_and_ends_with_the_network_and_its_contact(
    tab: Page, real_site: Path, real_root: str
) -> None:
    tab.goto(real_root + WEB_PAGE)
    urls = read_more_urls(tab)
    tab.goto(real_root + WEB_PAGE + email_files(real_site)[0].name)
    for entry in ENTRIES:
        expect(tab.get_by_role("link", name=entry.title, exact=True).first).to_have_attribute("href", urls[entry.title])
        expect(tab.locator("body")).to_contain_text(entry.summary)
    about = tab.locator("td, div, section, aside").filter(
        has=tab.get_by_role("heading", name=re.compile(f"About the {re.escape(NETWORK['name'])}"))
    ).last
    expect(about).to_be_visible()
    expect(about.locator(f'a[href="mailto:{NETWORK["email"]}"]')).to_be_visible()


def test_the_plain_text_edition_carries_every_item_title_and_its_read_more_address(
    tab: Page, real_site: Path, real_root: str
) -> None:
    tab.goto(real_root + WEB_PAGE)
    urls = read_more_urls(tab)
    text = " ".join(email_files(real_site)[1].read_text(encoding="utf-8").split())
    position = 0
    for entry in ENTRIES:
        title = text.find(entry.title, position)
        assert title != -1, f"{entry.title!r} missing or out of order in the plain text"
        url = text.find(urls[entry.title], title)
        assert url != -1, f"no read-more address {urls[entry.title]} after {entry.title!r}"
        position = url
    assert NETWORK["email"] in text


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_bulletin_web_page_is_photographed_for_review(
    session_browser: Browser, real_root: str, viewport: str
) -> None:
    size = DESKTOP if viewport == "desktop" else PHONE
    page = session_browser.new_page(viewport=size)  # type: ignore[arg-type]
    try:
        page.goto(real_root + WEB_PAGE)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= size["width"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"bulletin-web-{viewport}.png"), full_page=True)
    finally:
        page.close()
