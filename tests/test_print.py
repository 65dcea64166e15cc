"""Item pages on paper and as PDF, as a real Chromium prints them: the text alone, whole, full width, on A4.

Practices are printed for workshops and bulletins saved as PDF, so those two are printed for real
and their PDFs read back. The PDFs and print screenshots land in tests/artifacts/ to be looked at.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import DESKTOP
from page_types import open_page_type
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from sitebuild import REPO

ARTIFACTS = REPO / "tests" / "artifacts"
# The page types people print: items and plain pages (listings and search are for screens).
PRINTED_TYPES = ["news item", "event", "practice", "TWG", "organization", "bulletin", "about (a plain page)"]
# The site around the text, which paper has no use for: CSS selector and what a reader calls it.
ALWAYS_THERE = {
    ".md-header": "header",
    ".md-tabs": "navigation tabs",
    ".md-sidebar--primary": "navigation sidebar",
    ".md-footer": "footer",
    ".md-skip": "skip link",
}
SOMETIMES_THERE = {
    ".md-sidebar--secondary": "table of contents sidebar",
    ".md-top": "back-to-top button",
    ".md-search": "search box",
    ".nw-header-search": "search box",
    ".nw-feeds": "feed buttons",
    ".nw-calendar": "calendar buttons",
    ".nw-noprint": "screen-only links",
}
TEXT = ".md-content .md-typeset"
A4_POINTS = (595.28, 841.89)
# The text of an element as printed: without the "¶" permalinks and screen-reader-only words.
PRINTED_TEXT = """(element) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll('.headerlink, .nw-sr-only').forEach((node) => node.remove());
  return copy.textContent.trim();
}"""
# Every element of the page's text whose background is dark enough to smear on paper (luminance < 0.5).
DARK_BACKGROUNDS = """(selector) => [...document.querySelectorAll(`${selector}, ${selector} *`)].flatMap((node) => {
  const [r, g, b, a = 1] = (getComputedStyle(node).backgroundColor.match(/[\\d.]+/g) || []).map(Number);
  const light = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return a > 0 && light < 0.5 ? [node.tagName.toLowerCase() + '.' + [...node.classList].join('.')] : [];
})"""


@pytest.fixture
def tab(session_browser: Browser) -> Iterator[Page]:
    """A fresh desktop-sized tab in the session's browser."""
    page = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    yield page
    page.close()


def open_printed(tab: Page, real_site: Path, real_root: str, page_type: str) -> None:
    """Load one page of the type and show it as the printer sees it."""
    open_page_type(tab, real_site, real_root, page_type, "print")
    tab.emulate_media(media="print")


def pdf_text(pdf: bytes) -> str:
    """All the words of a PDF, in one line, as a reader of the paper would find them."""
    words = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return as_read(words)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def as_read(text: str) -> str:
    """The words as a reader reads them: a font's ligature ("ﬁ", "ﬀ") is its letters, white space one space."""
    return squeeze(unicodedata.normalize("NFKC", text))


def missing_from(pdf: bytes, phrases: list[str]) -> list[str]:
    text = pdf_text(pdf)
    return [phrase for phrase in phrases if as_read(phrase) not in text]


def texts(tab: Page, selector: str) -> list[str]:
    return [squeeze(text) for text in tab.locator(selector).evaluate_all(f"(all) => all.map({PRINTED_TEXT})")]


def save_print(tab: Page, name: str, pdf: bytes) -> None:
    """Keep the PDF and a print screenshot in tests/artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    tab.screenshot(path=str(ARTIFACTS / f"{name}-print.png"), full_page=True)


@pytest.mark.parametrize("page_type", PRINTED_TYPES)
def test_printing_leaves_out_navigation_search_and_footer(tab: Page, real_site: Path, real_root: str,
                                                          page_type: str) -> None:
    open_printed(tab, real_site, real_root, page_type)
    absent = [name for selector, name in ALWAYS_THERE.items() if tab.locator(selector).count() == 0]
    assert not absent, f"the {page_type} page has no {', '.join(absent)}: the selectors here are out of date"
    printed = [
        f"{name} ({selector})" for selector, name in {**ALWAYS_THERE, **SOMETIMES_THERE}.items()
        for element in tab.locator(selector).all() if element.is_visible()
    ]
    assert not printed, f"the printed {page_type} page still shows: {', '.join(printed)}"


@pytest.mark.parametrize("page_type", PRINTED_TYPES)
def test_the_printed_text_takes_the_whole_width_of_the_paper(tab: Page, real_site: Path, real_root: str,
                                                             page_type: str) -> None:
    open_printed(tab, real_site, real_root, page_type)
    box = tab.locator(TEXT).bounding_box()
    paper = tab.evaluate("document.documentElement.clientWidth")
    assert box is not None, f"the printed {page_type} page shows no text"
    assert box["width"] >= 0.95 * paper, f"the {page_type} text is {box['width']:.0f} px wide on {paper} px of paper"


@pytest.mark.parametrize("page_type", PRINTED_TYPES)
def test_a_printed_external_link_shows_where_it_goes(tab: Page, real_site: Path, real_root: str,
                                                     page_type: str) -> None:
    open_printed(tab, real_site, real_root, page_type)
    links = tab.locator(f"{TEXT} a[href^='http']:not(:has(img))")
    if links.count() == 0:
        # Few items link outside; one put into the text stands for the links staff may write there.
        tab.locator(f"{TEXT} p").first.evaluate(
            "(p) => p.insertAdjacentHTML('beforeend', ' <a href=\"https://www.iom.int/gcm\">the GCM</a>')"
        )
    link = links.first
    href = link.get_attribute("href")
    shown = link.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert href and href in shown, f"the printed {page_type} page shows {shown} after a link to {href}"


@pytest.mark.parametrize("page_type", PRINTED_TYPES)
def test_printed_site_links_and_anchors_show_no_bare_path(tab: Page, real_site: Path, real_root: str,
                                                          page_type: str) -> None:
    open_printed(tab, real_site, real_root, page_type)
    tab.locator(f"{TEXT} p").first.evaluate(
        "(p) => p.insertAdjacentHTML('beforeend', ' <a href=\"../\">up</a> <a href=\"#top\">top</a>')"
    )
    links = tab.locator(f"{TEXT} a:not([href^='http']):not([href^='mailto:'])")
    shown = {
        href: after for href, after in links.evaluate_all(
            "(all) => all.map((a) => [a.getAttribute('href'), getComputedStyle(a, '::after').content])"
        ) if after not in ("none", "normal")
    }
    assert not shown, f"the printed {page_type} page prints paths after its links: {shown}"


@pytest.mark.parametrize("page_type", PRINTED_TYPES)
def test_the_printed_text_has_no_dark_backgrounds(tab: Page, real_site: Path, real_root: str, page_type: str) -> None:
    open_printed(tab, real_site, real_root, page_type)
    dark = tab.evaluate(DARK_BACKGROUNDS, TEXT)
    assert not dark, f"the printed {page_type} page has dark backgrounds on: {sorted(set(dark))}"


def test_a_practice_prints_on_a4_with_every_section_of_its_record(tab: Page, real_site: Path, real_root: str) -> None:
    open_printed(tab, real_site, real_root, "practice")
    headings = texts(tab, f"{TEXT} :is(h1, h2, h3)")
    fields = texts(tab, f"{TEXT} dt")
    assert len(headings) > 3 and fields, "the practice page has too few headings and fields to test its print"
    pdf = tab.pdf(format="A4")
    save_print(tab, "practice", pdf)
    missing = missing_from(pdf, headings + fields)
    assert not missing, f"the printed practice lacks these sections and fields: {missing}"


def test_a_bulletin_saved_as_pdf_has_every_item(tab: Page, real_site: Path, real_root: str) -> None:
    open_printed(tab, real_site, real_root, "bulletin")
    titles = texts(tab, f"{TEXT} .nw-bulletin__entry :is(h2, h3)")
    assert titles, "the bulletin page has no items, so its PDF goes untested"
    pdf = tab.pdf(format="A4")
    save_print(tab, "bulletin", pdf)
    missing = missing_from(pdf, titles)
    assert not missing, f"the bulletin's PDF lacks these items: {missing}"


def test_the_print_stylesheet_asks_for_a4_paper(tab: Page, real_site: Path, real_root: str) -> None:
    open_printed(tab, real_site, real_root, "practice")
    # Letter unless the page's own @page rule says otherwise.
    pdf = tab.pdf(prefer_css_page_size=True, format="Letter")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    size = (float(box.width), float(box.height))
    assert all(abs(got - want) < 2 for got, want in zip(size, A4_POINTS, strict=True)), f"printed on {size} pt"
