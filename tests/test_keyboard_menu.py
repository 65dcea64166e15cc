"""Every section of the site, reached by a keyboard alone on a phone, a tablet or a zoomed laptop and a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html
from playwright.sync_api import Browser, Page

WIDTHS = {"phone": 375, "tablet or zoomed laptop": 1024, "desktop": 1280}
# More Tab presses than any page of the site has stops before its content ends (a page with a long menu).
PRESSES = 120


def sections(site: Path) -> set[str]:
    """The sections a reader can go to from the home page's menu, as paths ('news/', 'events/', …)."""
    page = html.fromstring((site / "index.html").read_bytes())
    links = page.xpath('//*[@id="nw-menu"]//nav[contains(@class, "md-nav--primary")]/ul/li/a/@href')
    found = {urlsplit(urljoin("http://site/", link)).path.lstrip("/") for link in links}
    assert len(found) >= 4, f"the home page's menu lists too few sections to test: {found}"
    return found


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def screen(request: pytest.FixtureRequest, session_browser: Browser) -> Iterator[Page]:
    page = session_browser.new_page(viewport={"width": WIDTHS[request.param], "height": 800})
    yield page
    page.close()


def focused_link(page: Page) -> str | None:
    """Where the link that has the focus leads, as a path on the site (None when no link has it)."""
    href = page.evaluate("() => document.activeElement && document.activeElement.href || null")
    return urlsplit(href).path.lstrip("/") if href else None


def press_tab_through(page: Page, wanted: set[str]) -> set[str]:
    """Tab through the page, opening the menu when its button has the focus; the sections whose links had it."""
    reached: set[str] = set()
    for _ in range(PRESSES):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('nw-menu-button')"):
            assert page.evaluate("() => getComputedStyle(document.activeElement).display") != "none"
            page.keyboard.press("Enter")
        link = focused_link(page)
        if link in wanted:
            reached.add(link)
        if reached == wanted:
            break
    return reached


def test_every_section_of_the_menu_is_reached_by_tab_alone(real_site: Path, real_root: str, screen: Page) -> None:
    wanted = sections(real_site)
    screen.goto(real_root)
    reached = press_tab_through(screen, wanted)
    assert reached == wanted, f"never reached by Tab: {sorted(wanted - reached)}"


def test_a_section_reached_by_keyboard_opens_with_enter(real_site: Path, real_root: str, screen: Page) -> None:
    wanted = {"news/"} & sections(real_site) or {sorted(sections(real_site))[0]}
    screen.goto(real_root)
    assert press_tab_through(screen, wanted) == wanted
    with screen.expect_navigation():
        screen.keyboard.press("Enter")
    assert urlsplit(screen.url).path.lstrip("/") in wanted


@pytest.mark.parametrize("width", [375, 1024])
def test_the_open_menu_keeps_the_focus_and_escape_gives_it_back_to_its_button(
    real_root: str, session_browser: Browser, width: int
) -> None:
    page = session_browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(real_root)
        button = page.locator(".nw-menu-button")
        assert button.get_attribute("aria-expanded") == "false"
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('nw-menu').contains(document.activeElement)")
        assert button.get_attribute("aria-expanded") == "true"
        for _ in range(60):  # around the whole menu and further: focus never leaves it
            page.keyboard.press("Tab")
            assert page.evaluate("() => document.getElementById('nw-menu').contains(document.activeElement)")
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("() => document.getElementById('nw-menu').contains(document.activeElement)")
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("() => document.activeElement.classList.contains('nw-menu-button')")
        # The closed menu is out of reach again: the next Tab goes on past the header, not into the drawer.
        page.keyboard.press("Tab")
        assert not page.evaluate("() => document.getElementById('nw-menu').contains(document.activeElement)")
    finally:
        page.close()


def test_the_menu_button_is_a_button_that_says_what_it_opens(real_site: Path) -> None:
    page = html.fromstring((real_site / "index.html").read_bytes())
    [button] = page.xpath('//button[contains(@class, "nw-menu-button")]')
    assert button.get("aria-controls") == "nw-menu"
    assert page.xpath('//*[@id="nw-menu"]'), "the button controls an element that exists"
    assert button.text_content().strip(), "the button has a name a screen reader reads"


@pytest.mark.parametrize(("width", "shown"), [(375, True), (1024, True), (1280, False)])
def test_the_menu_button_shows_only_where_the_tabs_do_not(
    real_root: str, session_browser: Browser, width: int, shown: bool
) -> None:
    page = session_browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(real_root)
        assert page.locator(".nw-menu-button").is_visible() is shown
        assert page.locator(".md-tabs").is_visible() is not shown
        assert not page.locator(".nw-menu-label").is_visible(), "with scripts, the button is the menu's one control"
    finally:
        page.close()


def test_the_open_menu_on_a_phone_says_the_networks_whole_name(real_root: str, session_browser: Browser) -> None:
    page = session_browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.goto(real_root)
        page.locator(".nw-menu-button").click()
        title = page.locator("#nw-menu .md-nav--primary > .md-nav__title")
        title.wait_for(state="visible")
        cut = title.evaluate("(element) => element.scrollWidth > element.clientWidth + 1 || "
                             "element.scrollHeight > element.clientHeight + 1")
        assert not cut, f"the menu's heading is cut short: {title.inner_text()!r}"
    finally:
        page.close()
