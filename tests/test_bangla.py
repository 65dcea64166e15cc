"""Content written in Bangla validates, builds and has its own font on the site (test_search finds it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import EXAMPLIA, site_settings

from generator.content.loading import check

BANGLA_NEWS = EXAMPLIA / "content" / "news" / "jatiya-sanlap.md"


@pytest.fixture(scope="module")
def site(examplia_site: Path) -> Path:
    """The second network's site, which carries the Bangla item."""
    return examplia_site


def test_a_bangla_item_validates() -> None:
    loaded = check(EXAMPLIA / "content", site_settings(EXAMPLIA))
    assert loaded.errors == ()
    titles = [record.data.title for record in loaded.records]
    assert "জাতীয় সংলাপ: নিরাপদ অভিবাসনের জন্য একসাথে" in titles


def test_a_bangla_item_is_published_with_its_title(site: Path) -> None:
    page = BeautifulSoup((site / "news" / "jatiya-sanlap" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "জাতীয় সংলাপ" in page.find("h1").get_text()
    assert "অভিবাসীদের অধিকার" in page.get_text()


def test_the_bengali_font_is_served_by_the_site_itself(site: Path) -> None:
    folder = site / "news" / "jatiya-sanlap"
    page = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    css = next(style.get_text() for style in page.head.find_all("style") if "Noto Sans Bengali" in style.get_text())
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert fonts, "the page declares the font files"
    for font in fonts:
        assert "://" not in font, "no font from another host"
        assert (folder / font.strip("\"'")).resolve().is_file()
    assert "U+0985-098C" in css, "only pages with Bengali script download the font"
