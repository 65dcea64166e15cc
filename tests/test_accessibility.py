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


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_meets_wcag_2_1_aa(tab: Page, real_site: Path, real_root: str, page_type: str,
                                           viewport: str) -> None:
    open_page(tab, real_site, real_root, page_type)
    tab.add_script_tag(path=str(AXE))
    results = tab.evaluate(f"axe.run(document, {WCAG})")
    violations = results["violations"]
    assert not violations, f"{page_type} page on a {viewport} breaks WCAG 2.1 AA:\n{describe(violations)}"


@pytest.mark.parametrize("viewport", ["desktop"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_declares_its_language(tab: Page, real_site: Path, real_root: str, page_type: str,
                                               viewport: str) -> None:
    open_page(tab, real_site, real_root, page_type)
    language = tab.evaluate("document.documentElement.lang")
    assert language, f"the {page_type} page has no <html lang>, so screen readers guess its language"
