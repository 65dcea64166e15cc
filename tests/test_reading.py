"""What a reader does on the site, in a real Chromium on a desktop and on a 375 px phone.

They reach every section from the home page, open a TWG and its news and events, page through a
listing, and move through pages with the keyboard alone. (Every page type is photographed, and its
layout held to a reader's needs, in test_design.py.)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, serving
from mkdocs.utils.yaml import yaml_load
from page_types import page_types
from playwright.sync_api import Browser, Page, expect
from sitebuild import FIXED_EPOCH, REPO, inheriting_config, mkdocs_build, site_settings

from generator.content.loading import load_site
from generator.content.settings import Network
from generator.graph.site import Site

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PER_PAGE = 3
# The page types whose every focusable element is visited with Tab: one of each kind of layout.
TABBED_TYPES = ("home", "news item", "repository of practices", "TWG", "search")
MOST_TABS = 250
# The text of a heading without the "¶" permalink that Markdown headings carry.
HEADING_TEXT = """h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());
  return c.textContent.replace(/\\s+/g, ' ').trim(); }"""
# What a focused element looks like: its outline and shadow, and whether it is on the screen.
FOCUS_LOOK = """el => {
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const transparent = /rgba\\(.*,\\s*0\\)$|transparent/.test(s.outlineColor);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !transparent
    ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none';
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight && s.visibility !== 'hidden' && parseFloat(s.opacity) > 0;
  const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim();
  return {outline, shadow: s.boxShadow, onScreen,
          describe: `<${el.tagName.toLowerCase()} class="${el.className}"> ${name.slice(0, 40)}`};
}"""
# The search page puts the cursor in its box on arrival: the page is first looked at with nothing focused.
REMEMBER_UNFOCUSED = """() => {
  if (document.activeElement) document.activeElement.blur();
  window.__unfocused = new Map();
  const look = """ + FOCUS_LOOK + """;
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'))
    window.__unfocused.set(el, look(el));
}"""
# Material fades some things in when focused (the skip link, heading permalinks): looked at once settled.
SETTLED = "() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))"
FOCUSED = """async () => {
  await (""" + SETTLED + """)();
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const look = """ + FOCUS_LOOK + """;
  const now = look(el), before = window.__unfocused.get(el) || {outline: 'none', shadow: 'none'};
  const indicated = (now.outline !== 'none' && now.outline !== before.outline) || now.shadow !== before.shadow;
  return {...now, indicated};
}"""


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def tab(session_browser: Browser, viewport: str) -> Iterator[Page]:
    """A fresh browser tab the size of the reader's screen."""
    page = session_browser.new_page(viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
    yield page
    page.close()


def graph(per_page: int = 10) -> Site:
    """The content graph as the build saw it: the same content, and the same 'now'."""
    now = dt.datetime.fromtimestamp(int(FIXED_EPOCH), tz=dt.UTC)
    settings = site_settings(REPO, network=Network("BDUNNM", "BDUNNM"), site_url="https://x.test/", now=now,
                             per_page=per_page)
    return load_site(REPO / "content", settings)


@pytest.fixture(scope="module")
def site_graph() -> Site:
    return graph()


@pytest.fixture(scope="module")
def paged_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site with a few items per listing page, built from a config that inherits the real one."""
    folder = tmp_path_factory.mktemp("paged")
    real = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    # MkDocs merges inherited mappings but replaces lists, so the plugin list is repeated with one change.
    plugins = [
        {"network": {**entry["network"], "per_page": PER_PAGE}} if isinstance(entry, dict) and "network" in entry
        else entry
        for entry in real["plugins"]
    ]
    config = inheriting_config(folder, plugins=plugins)
    out = folder / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    with serving(out) as root:
        yield root


def nav_labels_in_config() -> list[str]:
    """The section labels of mkdocs.yml's nav, in order."""
    nav = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    return [next(iter(entry)) if isinstance(entry, dict) else str(entry) for entry in nav]


def heading(page: Page) -> str:
    """The text of the page's one visible h1."""
    headings = page.locator("h1:visible")
    expect(headings).to_have_count(1)
    return str(headings.first.evaluate(HEADING_TEXT))


def open_drawer(page: Page) -> None:
    """On a phone, the sections are in the drawer the menu button opens."""
    page.locator("button.nw-menu-button").click()
    expect(page.locator("nav.md-nav--primary")).to_be_in_viewport()


def test_a_reader_reaches_every_section_of_the_navigation_from_the_home_page(
    tab: Page, viewport: str, real_root: str
) -> None:
    tab.goto(real_root)
    if viewport == "desktop":
        labels = [text.strip() for text in tab.locator(".md-tabs__link").all_inner_texts()]
    else:
        expect(tab.locator(".md-tabs")).to_be_hidden()
        open_drawer(tab)
        labels = [text.strip() for text in tab.locator("nav.md-nav--primary > ul > li > a").all_text_contents()]
    assert labels == nav_labels_in_config()
    for label in labels:
        tab.goto(real_root)
        if viewport == "phone":
            open_drawer(tab)
        link = tab.locator(".md-tabs" if viewport == "desktop" else "nav.md-nav--primary > ul > li").get_by_role(
            "link", name=label, exact=True
        ).first
        expect(link).to_be_in_viewport()
        href = link.evaluate("a => a.href")
        link.click()
        tab.wait_for_load_state()
        assert tab.url == href, label
        title = heading(tab)
        assert title, f"{label}: the page has an empty h1"
        assert tab.title().startswith(title), f"{label}: h1 '{title}' does not name the page '{tab.title()}'"


def card_titles(page: Page, section: str) -> list[str]:
    """The titles of the cards right after the heading with id `section` (none if there is no such heading)."""
    return list(page.evaluate(
        """id => { const h = document.getElementById(id); const next = h && h.nextElementSibling;
          return next ? [...next.querySelectorAll('.nw-card__title a')].map(a => a.textContent.trim()) : []; }""",
        section,
    ))


def test_a_reader_opens_each_twg_and_finds_its_news_and_events(
    tab: Page, real_root: str, site_graph: Site
) -> None:
    tab.goto(real_root + "twgs/")
    listed = [text.strip() for text in tab.locator(".nw-card__title a").all_inner_texts()]
    assert sorted(listed) == sorted(twg.title for twg in site_graph.twgs)
    for twg in site_graph.twgs:
        tab.goto(real_root + "twgs/")
        tab.locator(".nw-card__title").get_by_role("link", name=twg.title, exact=True).click()
        tab.wait_for_load_state()
        assert heading(tab).startswith(twg.title)
        news = card_titles(tab, "news")
        events = card_titles(tab, "upcoming") + card_titles(tab, "events")
        assert news == [item.title for item in twg.news], twg.key
        assert sorted(events) == sorted(event.title for event in twg.events), twg.key
        twg_page = tab.url
        for title in news + events:
            tab.get_by_role("link", name=title, exact=True).first.click()
            tab.wait_for_load_state()
            assert heading(tab) == title
            tab.goto(twg_page)


def test_a_reader_pages_through_the_news_and_back_seeing_every_item_once(
    tab: Page, paged_root: str
) -> None:
    expected = [item.title for item in graph(PER_PAGE).news]
    assert len(expected) > 2 * PER_PAGE, "the content has too little news to page through"
    tab.goto(paged_root + "news/")
    forward: list[list[str]] = []
    numbers: list[str] = []
    while True:
        forward.append([text.strip() for text in tab.locator(".nw-card__title a").all_inner_texts()])
        numbers.append(tab.locator(".nw-pagination [aria-current=page]").inner_text())
        older = tab.locator("a[rel=next]")
        if older.count() == 0:
            break
        older.click()
        tab.wait_for_load_state()
    backward: list[list[str]] = []
    while True:
        backward.append([text.strip() for text in tab.locator(".nw-card__title a").all_inner_texts()])
        newer = tab.locator("a[rel=prev]")
        if newer.count() == 0:
            break
        newer.click()
        tab.wait_for_load_state()
    assert [title for page in forward for title in page] == expected
    assert numbers == [str(n) for n in range(1, math.ceil(len(expected) / PER_PAGE) + 1)]
    assert backward == forward[::-1]
    assert tab.url == paged_root + "news/"


@pytest.fixture(scope="module")
def types(real_site: Path) -> dict[str, str]:
    return page_types(real_site)


def test_the_first_tab_on_every_page_shows_a_skip_link_that_moves_on_to_the_content(
    tab: Page, real_root: str, types: dict[str, str]
) -> None:
    missing = []
    for name, path in types.items():
        tab.goto(real_root + path)
        if tab.evaluate("() => !!document.activeElement.closest('.md-content')"):
            continue  # the page put the cursor in its content on arrival (the search box): nothing to skip
        tab.keyboard.press("Tab")
        focused = tab.evaluate("() => [document.activeElement.tagName, document.activeElement.textContent.trim()]")
        if focused != ["A", "Skip to content"]:
            missing.append(f"{name} ({path or '/'}): first Tab focuses {focused[0].lower()} '{focused[1][:40]}'")
            continue
        skip = tab.locator(":focus")
        tab.evaluate(SETTLED)
        expect(skip).to_be_in_viewport()
        assert float(skip.evaluate("a => getComputedStyle(a).opacity")) > 0, name
        tab.keyboard.press("Enter")
        tab.keyboard.press("Tab")
        inside = tab.evaluate("() => !!document.activeElement.closest('.md-content')")
        if not inside:
            missing.append(f"{name} ({path or '/'}): after the skip link, Tab goes outside the content")
    assert missing == [], "\n".join(missing)


def test_every_element_focused_with_tab_shows_where_the_focus_is(
    tab: Page, real_root: str, types: dict[str, str]
) -> None:
    invisible = []
    for name in TABBED_TYPES:
        tab.goto(real_root + types[name])
        tab.evaluate(REMEMBER_UNFOCUSED)
        seen = 0
        for _ in range(MOST_TABS):
            tab.keyboard.press("Tab")
            focused = tab.evaluate(FOCUSED)
            if focused is None:
                break
            seen += 1
            if not focused["onScreen"]:
                invisible.append(f"{name}: {focused['describe']} is focused off the screen")
            elif not focused["indicated"]:
                invisible.append(f"{name}: {focused['describe']} shows no focus ring")
        assert seen > 3, f"{name}: Tab reached only {seen} elements"
    assert invisible == [], f"{len(invisible)} focus stops a reader cannot see:\n" + "\n".join(invisible)
