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
    page = BeautifulSoup((site / "news" / "jatiya-sanlap" / "index.html").read_text(encoding="utf-8"), "html.parser")
    sheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    folder = site / "news" / "jatiya-sanlap"
    css_path, css = next(
        (path, path.read_text(encoding="utf-8"))
        for path in ((folder / href).resolve() for href in sheets)
        if "Noto Sans Bengali" in path.read_text(encoding="utf-8")
    )
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert fonts, "the stylesheet declares the font files"
    for font in fonts:
        assert "://" not in font, "no font from another host"
        assert (css_path.parent / font.strip("\"'")).is_file()
    assert "U+0980-09FE" in css, "only pages with Bengali script download the font"
