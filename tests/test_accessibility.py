"""Every page type, on a desktop and on a phone, as axe-core (WCAG 2.1 A and AA) sees it in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import DESKTOP, PHONE
from page_types import ITEM_FOLDERS, SINGLE_PAGES, open_page_type
from playwright.sync_api import Browser, Page
from sitebuild import REPO

AXE = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"
# The WCAG 2.1 A and AA success criteria: what DESIGN.md promises. axe's best-practice rules are advice.
WCAG = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# Named statically so collection needs no build; a type the real content lacks fails below, by name.
PAGE_TYPES = [*SINGLE_PAGES, *ITEM_FOLDERS]
# The Bangla tree's pages: every page the generator makes and what the real content translates (home, about,
# news items); it translates no event, practice, TWG, organization or bulletin yet, and has one guide and 404.
BANGLA = "bn"
NOT_IN_BANGLA = {"staff guide", "not found", "event", "practice", "TWG", "organization", "bulletin"}
BANGLA_PAGE_TYPES = [page_type for page_type in PAGE_TYPES if page_type not in NOT_IN_BANGLA]


@pytest.fixture
def tab(session_browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh tab in the session's browser, sized for the test's viewport."""
    page = session_browser.new_page(viewport=VIEWPORTS[request.getfixturevalue("viewport")])  # type: ignore[arg-type]
    yield page
    page.close()


def open_page(tab: Page, real_site: Path, real_root: str, page_type: str) -> None:
    """Load one page of the type, as a reader would."""
    open_page_type(tab, real_site, real_root, page_type, "accessibility")


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per broken rule: its id, what it asks, and the elements that break it."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def violations(tab: Page) -> list[dict[str, Any]]:
    """What axe-core finds against WCAG 2.1 A and AA on the page the tab shows."""
    tab.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = tab.evaluate(f"axe.run(document, {WCAG})")["violations"]
    return found


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_meets_wcag_2_1_aa(tab: Page, real_site: Path, real_root: str, page_type: str,
                                           viewport: str) -> None:
    open_page(tab, real_site, real_root, page_type)
    found = violations(tab)
    assert not found, f"{page_type} page on a {viewport} breaks WCAG 2.1 AA:\n{describe(found)}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("page_type", BANGLA_PAGE_TYPES)
def test_every_page_type_in_bangla_meets_wcag_2_1_aa(tab: Page, real_site: Path, real_root: str, page_type: str,
                                                     viewport: str) -> None:
    open_page_type(tab, real_site / BANGLA, f"{real_root}{BANGLA}/", page_type, "accessibility in Bangla")
    assert tab.evaluate("document.documentElement.lang") == BANGLA
    found = violations(tab)
    assert not found, f"{page_type} page in Bangla on a {viewport} breaks WCAG 2.1 AA:\n{describe(found)}"


@pytest.mark.parametrize("viewport", ["desktop"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_declares_its_language(tab: Page, real_site: Path, real_root: str, page_type: str,
                                               viewport: str) -> None:
    open_page(tab, real_site, real_root, page_type)
    language = tab.evaluate("document.documentElement.lang")
    assert language, f"the {page_type} page has no <html lang>, so screen readers guess its language"
