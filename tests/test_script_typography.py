"""Each script set as its readers need it: Bangla keeps its headstroke whole and reads at its own size."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

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
