"""A reader's search page stays still while results arrive: nothing they are reading or about to tap moves."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

# Google's threshold for a "good" cumulative layout shift.
GOOD_LAYOUT_SHIFT = 0.1
RECORD_SHIFTS = """
window.nwShifts = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) window.nwShifts += entry.value; }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("query", ["migration", "শ্রমিক", "zzzznothing"])
def test_results_arriving_do_not_move_the_page(real_root: str, session_browser: Browser, width: int,
                                               query: str) -> None:
    page = session_browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.add_init_script(RECORD_SHIFTS)
        prefix = "bn/" if not query.isascii() else ""
        page.goto(f"{real_root}{prefix}search/?q={query}")
        page.wait_for_function("() => document.querySelector('[data-nw-search-status]').textContent.trim() !== ''")
        page.wait_for_timeout(500)  # the last results and pagination drawn
        shift = page.evaluate("() => window.nwShifts")
        assert shift < GOOD_LAYOUT_SHIFT, f"the page moved by {shift:.3f} as results for {query!r} arrived"
    finally:
        page.close()
