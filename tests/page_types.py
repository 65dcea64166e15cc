"""One page of every kind the site makes, found in a built site rather than named from our own content.

Tests that must cover "every page type" (accessibility, HTML validity, third-party requests,
screenshots) take their list from here, so a page type added later joins them in one place.
"""

from __future__ import annotations

from pathlib import Path

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
