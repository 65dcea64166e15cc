"""One page of every kind the site makes, found in a built site rather than named from our own content.

Tests that must cover "every page type" (accessibility, HTML validity, third-party requests,
screenshots) take their list from here, so a page type added later joins them in one place.
"""

from __future__ import annotations

import functools
from pathlib import Path

from playwright.sync_api import Page

# Folders whose sub-folders are one page per item; the first one (by name) stands for the type.
ITEM_FOLDERS = {
    "news item": "news",
    "event": "events",
    "practice": "practices",
    "TWG": "twgs",
    "organization": "organizations",
    "bulletin": "bulletins",
    "SDG": "sdgs",
    "GCM objective": "gcm",
    "archive year": "archive",
    "practices by facet": "practices/type",
    "tag": "tags",
}
# Pages that exist once per site.
SINGLE_PAGES = {
    "home": "",
    "news listing": "news/",
    "events listing": "events/",
    "repository of practices": "practices/",
    "TWG index": "twgs/",
    "organizations": "organizations/",
    "bulletin archive": "bulletins/",
    "archive": "archive/",
    "SDGs": "sdgs/",
    "GCM objectives": "gcm/",
    "search": "search/",
    "subscribe": "subscribe/",
    "about (a plain page)": "about/",
    "staff guide": "guide/",
    "not found": "404.html",
}
# Item folders that also hold facet or listing folders, which are not items.
NOT_ITEMS = {"page", "type", "twg", "organization", "gcm", "sdg", "country", "year"}


# A built site does not change during a run: its folders are read once, not once per test.
@functools.cache
def page_types(site: Path) -> dict[str, str]:
    """Each page type's name and a site-relative path of one such page ("" is the home page)."""
    found = {name: path for name, path in SINGLE_PAGES.items() if (site / path / "index.html").exists()
             or (site / path).is_file()}
    for name, folder in ITEM_FOLDERS.items():
        items = sorted(
            child.name for child in (site / folder).glob("*/")
            if child.is_dir() and child.name not in NOT_ITEMS and (child / "index.html").exists()
        )
        if items:
            found[name] = f"{folder}/{items[0]}/"
    return found


def open_page_type(tab: Page, site: Path, root: str, page_type: str, checked: str) -> None:
    """Load the site's page of that type in `tab`, as a reader would, and wait until the network is quiet.

    `checked` names what the test looks at, for the message when the content has no such page.
    """
    path = page_types(site).get(page_type)
    assert path is not None, f"the real content has no {page_type} page, so its {checked} goes untested"
    response = tab.goto(root + path)
    assert response is not None and response.ok, f"{root + path} did not load"
    tab.wait_for_load_state("networkidle")
