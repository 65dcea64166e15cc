"""A network that publishes in Arabic beside English, as its Arabic readers, feed readers and calendar apps get it.

Examplia is published in English at the root and in Arabic in /ar/, with its about page, a news item and an event
translated into Arabic (the rest shown in English, marked as such). Chromium looks at the Arabic pages at a
phone's and a desktop's width: they read right to left, mirrored, with nothing running off the screen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from browser import DESKTOP, PHONE, serving
from bs4 import BeautifulSoup, Tag
from icalendar import Calendar
from playwright.sync_api import Browser, Page
from sitebuild import examplia_copy, mkdocs_build

from generator.graph.languages import direction

ARABIC = "ar"
ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
TRANSLATIONS = {
    "about.ar.md": "---\ntitle: عن الشبكة\nsummary: من نحن.\nreviewed: true\n---\nتأسست الشبكة في آذار/مارس.\n",
    "news/update-3.ar.md": (
        "---\ntitle: إعادة الإدماج، التقرير الثالث\nsummary: التقرير المرحلي الثالث عن خدمات إعادة الإدماج.\n"
        "reviewed: true\n---\nأبلغ الفريق العامل عن التقدم المحرز في الجولة الثالثة.\n"
    ),
    "bulletins/1.md": ("---\ntitle: Returns\nsummary: The first issue.\nnumber: 1\ndate: 2024-03\n"
                       "items: [news/update-3, news/update-1]\n---\nWelcome to the first E-Bulletin.\n"),
    "bulletins/1.ar.md": "---\ntitle: العودة\nsummary: العدد الأول.\nreviewed: true\n---\nمرحبا بكم في العدد الأول.\n",
    "events/return-forum.ar.md": (
        "---\ntitle: منتدى العودة\nsummary: منتدى لمدة يومين عن العودة وإعادة الإدماج.\nreviewed: true\n---\n"
        "نقاش على مدى يومين.\n"
    ),
}


def arabic_examplia(folder: Path) -> Path:
    """Examplia in English and Arabic, three of its files translated into Arabic; returns its mkdocs.yml."""
    config = examplia_copy(folder)
    text = config.read_text(encoding="utf-8").replace("languages: [en, bn]", "languages: [en, ar]")
    text = re.sub(r"translations:\n +bn: .*\n",
                  "translations:\n          ar: {name: شبكة إكزامبليا للأمم المتحدة المعنية بالهجرة}\n", text)
    config.write_text(text, encoding="utf-8")
    content = folder / "content"
    for translation in content.rglob("*.bn.md"):
        translation.unlink()
    for name, body in TRANSLATIONS.items():
        (content / name).parent.mkdir(exist_ok=True)
        (content / name).write_text(body, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("arabic")
    out = folder / "site"
    result = mkdocs_build(arabic_examplia(folder / "examplia"), out)
    assert result.returncode == 0, result.stderr
    return out


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


# --- what every page says of its language and direction -------------------------------------------------------

def test_every_arabic_page_says_it_is_arabic_written_right_to_left_and_every_english_one_left_to_right(
    site: Path,
) -> None:
    pages = [path.relative_to(site) for path in site.rglob("index.html") if path.relative_to(site).parts[0] not in
             ("admin", "pagefind", "assets")]
    arabic = [page for page in pages if page.parts[0] == ARABIC]
    assert len(arabic) > 30 and len(pages) > 2 * len(arabic) - 10
    wrong = []
    for page in pages:
        html = soup(site, str(page)).find("html")
        assert isinstance(html, Tag)
        expected = ("ar", "rtl") if page.parts[0] == ARABIC else ("en", "ltr")
        if (html.get("lang"), html.get("dir")) != expected:
            wrong.append(f"{page}: lang={html.get('lang')!r} dir={html.get('dir')!r}, expected {expected}")
    assert wrong == []


def test_an_english_card_on_an_arabic_page_runs_left_to_right_and_its_arabic_label_right_to_left(site: Path) -> None:
    news = soup(site, "ar/news/index.html")
    english = [card for card in news.select("article.nw-card") if card.get("lang") == "en"]
    arabic = [card for card in news.select("article.nw-card") if card.get("lang") is None]
    assert english and arabic, "the Arabic news listing shows translated and untranslated items"
    for card in english:
        assert card.get("dir") == "ltr", card.get_text(" ", strip=True)
        label = card.select_one(".nw-card__kind")
        assert label is not None and label.get("lang") == "ar" and label.get("dir") == "rtl"
    assert all(card.get("dir") is None for card in arabic), "an Arabic card runs as its page does"


def test_the_arabic_e_mail_edition_and_the_arabic_part_of_the_not_found_page_run_right_to_left(site: Path) -> None:
    email = soup(site, "ar/bulletins/1/email.html")
    assert (email.html["lang"], email.html["dir"]) == ("ar", "rtl")  # type: ignore[index]
    english = [cell for cell in email.select("td.entry") if cell.get("lang") == "en"]
    assert english and all(cell.get("dir") == "ltr" for cell in english), "an English item in it runs left to right"
    not_found = soup(site, "404.html")
    arabic = not_found.find("section", lang="ar")
    assert isinstance(arabic, Tag) and arabic.get("dir") == "rtl"


@pytest.mark.parametrize(("code", "expected"), [
    ("ar", "rtl"), ("fa", "rtl"), ("he", "rtl"), ("ur", "rtl"), ("ps", "rtl"), ("ckb", "rtl"), ("dv", "rtl"),
    ("en", "ltr"), ("bn", "ltr"), ("fr", "ltr"), ("hi", "ltr"), ("zh", "ltr"), ("am", "ltr"), ("sw", "ltr"),
])
def test_a_language_runs_the_way_its_script_is_written_whichever_language_a_network_chooses(
    code: str, expected: str
) -> None:
    assert direction(code) == expected


# --- feeds and calendars --------------------------------------------------------------------------------------

def test_the_arabic_feeds_and_calendar_say_they_are_in_arabic(site: Path) -> None:
    rss = feedparser.parse((site / "ar" / "feed.xml").read_bytes())
    atom = feedparser.parse((site / "ar" / "atom.xml").read_bytes())
    assert rss.feed.language == "ar"
    assert atom.feed.get("language") == "ar", "Atom's xml:lang"
    assert json.loads((site / "ar" / "feed.json").read_text(encoding="utf-8"))["language"] == "ar"
    assert feedparser.parse((site / "feed.xml").read_bytes()).feed.language == "en"
    calendar = Calendar.from_ical((site / "ar" / "events.ics").read_bytes())
    assert calendar["NAME"].params["LANGUAGE"] == "ar"
    [event] = calendar.walk("VEVENT")
    assert ARABIC_LETTERS.search(str(event["SUMMARY"]))
    assert event["SUMMARY"].params["LANGUAGE"] == "ar"
    assert event["DESCRIPTION"].params["LANGUAGE"] == "ar"


def test_an_item_the_arabic_feeds_carry_untranslated_says_it_is_in_english_and_a_translated_one_says_nothing(
    site: Path,
) -> None:
    atom = feedparser.parse((site / "ar" / "news" / "atom.xml").read_bytes())
    document = json.loads((site / "ar" / "news" / "feed.json").read_text(encoding="utf-8"))
    # An Atom entry's xml:lang, else its feed's, as feed readers read it; a JSON Feed item's language, else its feed's.
    said = ({entry.title: entry.title_detail.language for entry in atom.entries},
            {item["title"]: item.get("language", document["language"]) for item in document["items"]})
    for languages in said:
        assert {title for title, language in languages.items() if language == "ar"} == {
            title for title in languages if ARABIC_LETTERS.search(title)}, languages
        assert {language for language in languages.values()} == {"ar", "en"}


def test_an_event_the_arabic_calendar_shows_untranslated_says_it_is_in_english(tmp_path: Path) -> None:
    folder = tmp_path / "examplia"
    config = arabic_examplia(folder)
    (folder / "content" / "events" / "return-forum.ar.md").unlink()
    assert mkdocs_build(config, tmp_path / "site").returncode == 0
    [event] = Calendar.from_ical((tmp_path / "site" / "ar" / "events.ics").read_bytes()).walk("VEVENT")
    assert not ARABIC_LETTERS.search(str(event["SUMMARY"]))
    assert event["SUMMARY"].params["LANGUAGE"] == "en"


# --- in a browser -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def root(site: Path) -> Iterator[str]:
    with serving(site) as address:
        yield address


@pytest.fixture(params=["phone", "desktop"])
def tab(request: pytest.FixtureRequest, session_browser: Browser) -> Iterator[Page]:
    page = session_browser.new_page(viewport=PHONE if request.param == "phone" else DESKTOP)  # type: ignore[arg-type]
    yield page
    page.close()


def box(tab: Page, selector: str) -> dict[str, float]:
    """Where the first visible element matching `selector` is drawn: left, right, top, width."""
    found = tab.evaluate(
        """selector => {
          const element = [...document.querySelectorAll(selector)].find(e => e.getClientRects().length > 0);
          if (!element) return null;
          const r = element.getBoundingClientRect();
          return {left: r.left, right: r.right, top: r.top, width: r.width};
        }""", selector)
    assert found is not None, f"nothing visible matches {selector}"
    return found  # type: ignore[no-any-return]


def overflowing(tab: Page) -> list[str]:
    """What runs off the screen sideways: the page's own scroll width, and each element drawn beyond either edge."""
    return tab.evaluate(  # type: ignore[no-any-return]
        """() => {
          const width = document.documentElement.clientWidth, found = [];
          const scrolled = document.documentElement.scrollWidth;
          if (scrolled > width) found.push(`page is ${scrolled}px wide`);
          for (const element of document.body.querySelectorAll('*')) {
            if (element.closest('.nw-sr-only, .nw-visually-hidden, [hidden]')) continue;
            const r = element.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || getComputedStyle(element).visibility === 'hidden') continue;
            // What a box around it clips (overflow: hidden, a table that scrolls in its own box) is not drawn.
            let left = r.left, right = r.right;
            for (let box = element.parentElement; box; box = box.parentElement) {
              if (getComputedStyle(box).overflowX !== 'visible') {
                const clip = box.getBoundingClientRect();
                left = Math.max(left, clip.left); right = Math.min(right, clip.right);
              }
            }
            if (right <= left) continue;
            const name = `${element.tagName.toLowerCase()}.${element.className}`;
            if (left < -1 || right > width + 1) found.push(`${name}: ${Math.round(left)}–${Math.round(right)}`);
          }
          return found;
        }""")


PAGES = ["ar/", "ar/news/update-3/", "ar/events/", "ar/about/"]


@pytest.mark.parametrize("path", PAGES)
def test_an_arabic_page_reads_right_to_left_with_nothing_running_off_the_screen(
    tab: Page, root: str, path: str
) -> None:
    tab.goto(root + path)
    assert tab.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    assert overflowing(tab) == []
    width = tab.viewport_size["width"]  # type: ignore[index]
    # The header, mirrored: the network's logo at the right, search at the left, the switcher between them.
    logo, search, switcher = box(tab, ".md-header .md-logo, .md-header .nw-menu-button"), \
        box(tab, ".nw-header-search"), box(tab, ".nw-languages")
    assert logo["right"] > width * 0.8, "the header starts at the right"
    assert search["left"] < width * 0.2, "search sits at the header's end, at the left"
    assert search["right"] <= switcher["left"] + 1 and switcher["right"] <= logo["left"] + 1
    # The page's heading starts at the right edge of its box, and ends well before its left when it is short.
    heading = tab.evaluate("""() => {
        const h1 = document.querySelector('article.md-content__inner h1'), range = document.createRange();
        range.selectNodeContents(h1);
        const r = h1.getBoundingClientRect(), words = range.getBoundingClientRect();
        return {right: r.right, wordsRight: words.right};
    }""")
    assert abs(heading["right"] - heading["wordsRight"]) < 2, heading


# The sides of a box, each with its mirror image, and the words that say a side.
SIDES = (("marginLeft", "marginRight"), ("paddingLeft", "paddingRight"), ("borderLeftWidth", "borderRightWidth"))
MIRRORED_WORDS = {"left": "right", "right": "left"}
STYLES = """() => {
    const seen = {};
    for (const element of document.querySelectorAll('header *, main *, footer *')) {
        // An element by itself and the two boxes it is in, by their tags and classes: the same on both pages.
        const name = e => e.tagName.toLowerCase() + [...e.classList].sort().map(c => '.' + c).join('');
        const key = [element.parentElement.parentElement, element.parentElement, element].map(name).join(' > ');
        if (key in seen || element.getClientRects().length === 0) continue;
        const s = getComputedStyle(element);
        seen[key] = {direction: s.direction, fontSize: parseFloat(s.fontSize), textAlign: s.textAlign, float: s.float,
            marginLeft: parseFloat(s.marginLeft), marginRight: parseFloat(s.marginRight),
            paddingLeft: parseFloat(s.paddingLeft), paddingRight: parseFloat(s.paddingRight),
            borderLeftWidth: parseFloat(s.borderLeftWidth), borderRightWidth: parseFloat(s.borderRightWidth)};
    }
    return seen;
}"""


def not_mirrored(english: dict[str, Any], arabic: dict[str, Any]) -> list[str]:
    """How a box on the Arabic page is not the mirror image of the box on the English page: its left side where the
    English has its right (the same, or in proportion where Arabic is set larger), aligned and floated the other way."""
    wrong = [f"{name}: {english[name]} → {arabic[name]}" for name in ("textAlign", "float")
             if arabic[name] != MIRRORED_WORDS.get(english[name], english[name])]
    scale = arabic["fontSize"] / english["fontSize"]
    for left, right in SIDES:
        swapped = (english[right], english[left])
        if english[left] == english[right] and abs(arabic[left] - arabic[right]) < 0.05:
            continue  # the same on both sides, whatever the Arabic size makes of it (calc(0.9em - 2px))
        if not any(abs(arabic[left] - k * swapped[0]) < 0.05 and abs(arabic[right] - k * swapped[1]) < 0.05
                   for k in (1, scale)):
            wrong.append(f"{left}/{right}: {english[left]}/{english[right]} → {arabic[left]}/{arabic[right]}")
    return wrong


@pytest.mark.parametrize("path", ["", "news/update-3/", "events/", "about/", "subscribe/", "search/"])
def test_every_part_of_an_arabic_page_is_the_mirror_image_of_the_same_part_of_the_english_page(
    tab: Page, root: str, path: str
) -> None:
    tab.goto(root + path)
    english = tab.evaluate(STYLES)
    tab.goto(root + ARABIC + "/" + path)
    arabic = tab.evaluate(STYLES)
    compared = [key for key in english.keys() & arabic.keys()
                if english[key]["direction"] == "ltr" and arabic[key]["direction"] == "rtl"]
    assert len(compared) > 20
    wrong = {key: found for key in compared if (found := not_mirrored(english[key], arabic[key]))}
    assert wrong == {}


def test_the_switcher_and_the_header_mirror_the_english_page(tab: Page, root: str) -> None:
    tab.goto(root + "news/update-3/")
    english = box(tab, ".nw-languages"), box(tab, ".nw-header-search")
    tab.goto(root + "ar/news/update-3/")
    arabic = box(tab, ".nw-languages"), box(tab, ".nw-header-search")
    assert english[0]["left"] > english[1]["left"] - 1 or english[0]["right"] <= english[1]["left"] + 1
    for english_part, arabic_part in zip(english, arabic, strict=True):
        assert (english_part["left"] + english_part["right"]) / 2 > (arabic_part["left"] + arabic_part["right"]) / 2, \
            "what sits towards the right of the English header sits towards the left of the Arabic one"


def test_the_arabic_cards_run_from_the_right_and_their_words_start_at_the_right(tab: Page, root: str) -> None:
    tab.goto(root + "ar/news/")
    cards = tab.evaluate("""() => [...document.querySelectorAll('.nw-cards > article')].map(card => {
        const r = card.getBoundingClientRect(), range = document.createRange();
        range.selectNodeContents(card.querySelector('.nw-card__date'));
        const words = range.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, wordsLeft: words.left, wordsRight: words.right};
    })""")
    assert len(cards) >= 2
    first, second = cards[0], cards[1]
    if abs(first["top"] - second["top"]) < 1:  # side by side: the first at the right
        assert first["left"] > second["right"] - 1
    else:
        assert first["top"] < second["top"]
    for card in cards:
        # A card's date is the page's words in every card: it starts at the card's right, its end well before the left.
        assert card["right"] - card["wordsRight"] < 24, card
        assert card["wordsLeft"] - card["left"] > 40, card


def test_the_menu_opens_from_the_right_on_a_phone_from_the_keyboard_and_stands_at_the_right_on_a_desktop(
    tab: Page, root: str
) -> None:
    tab.goto(root + "ar/")
    width = tab.viewport_size["width"]  # type: ignore[index]
    if width < 1220:
        button = tab.locator(".nw-menu-button")
        button.focus()
        tab.keyboard.press("Enter")
        tab.wait_for_timeout(400)  # the drawer slides in
        assert button.get_attribute("aria-expanded") == "true"
        menu = box(tab, "#nw-menu")
        assert abs(menu["right"] - width) < 1 and menu["left"] > width * 0.1, menu
        assert tab.evaluate("() => document.getElementById('nw-menu').contains(document.activeElement)")
        assert overflowing(tab) == []
        assert_menu_in_arabic(tab)
        tab.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
    else:
        menu, content = box(tab, "#nw-menu"), box(tab, "article.md-content__inner")
        assert menu["left"] > content["right"] - 1, "the menu stands beside the page, at its right"
        assert_menu_in_arabic(tab)


def assert_menu_in_arabic(tab: Page) -> None:
    entries = tab.locator("#nw-menu .md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link")
    said = entries.all_inner_texts()
    assert said and all(ARABIC_LETTERS.search(text) for text in said), said
