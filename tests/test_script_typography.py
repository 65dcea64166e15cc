"""Each script set as its readers need it: Bangla keeps its headstroke whole and reads at its own size."""

from __future__ import annotations

import io

import pytest
from browser import fonts_drawn
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page

# Every element whose own text is in the page's language: its letter spacing and case, as the browser draws them.
SPACED_OR_CASED = """
() => [...document.querySelectorAll('body *')]
  .filter((element) => [...element.childNodes]
    .some((node) => node.nodeType === 3 && /[\\u0980-\\u09FF]/.test(node.textContent)))
  .map((element) => ({text: element.textContent.trim().slice(0, 40), style: getComputedStyle(element)}))
  .filter(({style}) => style.letterSpacing !== 'normal' && style.letterSpacing !== '0px'
    || style.textTransform !== 'none')
  .map(({text, style}) => `${text} (${style.letterSpacing}, ${style.textTransform})`)
"""
UPPERCASE_LABELS = """
() => [...document.querySelectorAll('body *')]
  .filter((element) => getComputedStyle(element).textTransform === 'uppercase' && element.textContent.trim() !== '')
  .length
"""
# The site's short texts, where English spaces letters apart, sets capitals or sits small: what Bangla readers meet
# besides running text, each kind on the pages that show it.
LABELS = {
    "small label": ".nw-kicker, .nw-item__kind, .nw-card__kind, .nw-section__sub, .nw-aside__heading, .nw-status, "
                   ".nw-leaf__month, .nw-topic-tile__label, .nw-footer__heading, .nw-feed-table thead th",
    "chip": ".nw-pill, .nw-tag",
    "button": ".nw-button",
    "menu": ".md-tabs__link, .md-nav__link",
}
LABEL_PAGES = ["bn/", "bn/news/diaspora-policy-2023/", "bn/twgs/", "bn/subscribe/"]
SITE_FONT = "Noto Sans Bengali"
# The system font the tests draw Latin text in (tests/browser.py): Latin words and digits inside a label are its.
LATIN_FONT = "Liberation Sans"
# Visible elements of a kind whose own text is Bangla (a chip's words may sit in a child), marked for DevTools.
MARK_BANGLA_LABELS = """
([selector, kind]) => {
  const own = (element) => [...element.childNodes]
    .some((node) => node.nodeType === 3 && /[\u0980-\u09FF]/.test(node.textContent));
  const found = [...new Set([...document.querySelectorAll(selector)]
    .flatMap((element) => [element, ...element.querySelectorAll('*')]))]
    .filter((element) => own(element) && element.checkVisibility() && element.getClientRects().length);
  found.slice(0, 4).forEach((element, index) => element.setAttribute('data-label', `${kind}-${index}`));
  return found.slice(0, 4).map((element, index) => `${kind}-${index}`);
}
"""
UNSPACE = """
(element) => {
  element.style.setProperty('letter-spacing', '0px', 'important');
  element.style.setProperty('word-spacing', '0px', 'important');
  element.style.setProperty('text-transform', 'none', 'important');
}
"""
BODY_TEXT = """
() => { const style = getComputedStyle(document.querySelector('.md-typeset p'));
        return [parseFloat(style.fontSize), parseFloat(style.lineHeight)]; }
"""


@pytest.mark.parametrize("path", ["bn/", "bn/news/", "bn/events/", "bn/subscribe/", "bn/twgs/"])
@pytest.mark.parametrize("width", [375, 1280])
def test_no_bangla_text_is_spaced_out_or_set_in_capitals(real_root: str, session_browser: Browser, path: str,
                                                          width: int) -> None:
    page = session_browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(real_root + path)
        broken = page.evaluate(SPACED_OR_CASED)
        assert broken == [], f"/{path}: Bangla letters spaced apart or cased: {broken[:5]}"
    finally:
        page.close()


def test_english_labels_keep_their_capitals(real_root: str, session_browser: Browser) -> None:
    page = session_browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(real_root + "news/")
        assert page.evaluate(UPPERCASE_LABELS) > 0, "the rule is the script's, not every language's"
    finally:
        page.close()


def test_bangla_reads_larger_and_more_openly_than_english(real_root: str, session_browser: Browser) -> None:
    page = session_browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.goto(real_root + "about/")
        english_size, english_leading = page.evaluate(BODY_TEXT)
        page.goto(real_root + "bn/about/")
        bangla_size, bangla_leading = page.evaluate(BODY_TEXT)
        assert bangla_size >= english_size * 1.05
        assert bangla_leading / bangla_size >= 1.7 > english_leading / english_size
    finally:
        page.close()


def pixels(page: Page, selector: str) -> Image.Image:
    return Image.open(io.BytesIO(page.locator(selector).screenshot(animations="disabled"))).convert("RGB")


@pytest.mark.parametrize("width", [375, 1280])
def test_bangla_labels_chips_buttons_and_menu_are_drawn_in_the_sites_font_with_their_headstroke_whole(
    real_root: str, session_browser: Browser, width: int
) -> None:
    page = session_browser.new_page(viewport={"width": width, "height": 800})
    seen: dict[str, int] = dict.fromkeys(LABELS, 0)
    try:
        for path in LABEL_PAGES:
            page.goto(real_root + path)
            page.evaluate("document.fonts.ready")
            if page.locator(".nw-menu-button").is_visible():
                page.locator(".nw-menu-button").click()  # a phone shows the menu's links in the opened drawer
            for kind, selector in LABELS.items():
                for mark in page.evaluate(MARK_BANGLA_LABELS, [selector, kind.replace(" ", "-")]):
                    label = f'[data-label="{mark}"]'
                    seen[kind] += 1
                    text = page.locator(label).text_content()
                    drawn = {str(font["familyName"]): font for font in fonts_drawn(page, label)}
                    assert SITE_FONT in drawn and drawn[SITE_FONT]["isCustomFont"], f"/{path} {kind} {text!r}: {drawn}"
                    assert set(drawn) <= {SITE_FONT, LATIN_FONT}, f"/{path} {kind} {text!r} drawn in {set(drawn)}"
                    # Drawn as the font joins its letters: the same pixels as with no spacing or case set at all.
                    before = pixels(page, label)
                    page.locator(label).evaluate(UNSPACE)
                    assert ImageChops.difference(before, pixels(page, label)).getbbox() is None, (
                        f"/{path} {kind} {text!r}: its letters are spaced apart or cased"
                    )
        assert all(seen.values()), f"a kind of label was not found on {LABEL_PAGES}: {seen}"
    finally:
        page.close()
