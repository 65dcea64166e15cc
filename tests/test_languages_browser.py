"""English and Bangla side by side, as a reader finds them in Chromium and as search engines read the pages.

Both networks are built as staff build them: the real one (Bangla translations of its home, about,
contact and subscribe pages and of three news items, none reviewed yet) and the made-up Examplia
(translated items all reviewed, its home left untranslated on purpose). Which pages are "the same
page in the other language" is read from the built folders (a page at bn/<path> and one at <path>),
never from the generator's own answer.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, serving
from bs4 import BeautifulSoup, Tag
from page_types import page_types
from playwright.sync_api import Browser, Page
from sitebuild import EXAMPLIA, examplia_copy, front_matter, mkdocs_build

from generator.graph.strings import table

BANGLA = "bn"
ENGLISH = "en"
BANGLA_LETTERS = re.compile("[\u0980-\u09ff]")
BANGLA_DIGITS = re.compile("[০-৯]")
ASCII_DIGITS = re.compile("[0-9]")
SITE_FONT = "Noto Sans Bengali"
NOTE = "#nw-untranslated"
# The menu's entries: the tabs where a network has them, and the drawer (the menu on a phone).
MENU = ".md-tabs__link, .md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link"
# Pages that are no reader's page in a language tree: the e-mail edition, the staff's editor.
NOT_PAGES = ("email.html",)
NOT_FOLDERS = ("admin", "pagefind", "assets")


def built_pages(site: Path) -> list[Path]:
    """Every web page of a built site, as the path below it (the 404 page and e-mail editions left out)."""
    return sorted(
        path.relative_to(site) for path in site.rglob("*.html")
        if path.name not in NOT_PAGES and path.relative_to(site).parts[0] not in NOT_FOLDERS
        and path.name != "404.html"
    )


def language_of_tree(path: Path) -> str:
    return BANGLA if path.parts[0] == BANGLA else ENGLISH


def counterpart(path: Path) -> Path:
    """The same address in the other language's tree: bn/news/x/index.html ↔ news/x/index.html."""
    return Path(*path.parts[1:]) if path.parts[0] == BANGLA else Path(BANGLA, *path.parts)


def url_of(path: Path) -> str:
    """The page's address below the site root, as links and hreflang name it ('' is the home page)."""
    return path.as_posix().removesuffix("index.html")


def soup(site: Path, path: Path) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def site_url(site: Path) -> str:
    canonical = soup(site, Path("index.html")).find("link", rel="canonical")
    assert isinstance(canonical, Tag)
    return str(canonical["href"])


@pytest.fixture(scope="module", params=["real", "examplia"])
def site(request: pytest.FixtureRequest) -> Path:
    """Each network's built site in turn."""
    return Path(request.getfixturevalue("real_site" if request.param == "real" else "examplia_site"))


# --- what every page says of its language, for screen readers, Pagefind and search engines ---------------------

def test_every_page_of_both_trees_says_its_language_and_names_only_its_real_translations(site: Path) -> None:
    root, problems = site_url(site), []
    pages = built_pages(site)
    assert any(language_of_tree(page) == BANGLA for page in pages) and len(pages) > 50
    for page in pages:
        document = soup(site, page)
        language = language_of_tree(page)
        html = document.find("html")
        assert isinstance(html, Tag)
        if html.get("lang") != language:
            problems.append(f"{page}: <html lang={html.get('lang')!r}>, expected {language!r}")
        links = {str(link["hreflang"]): str(link["href"]) for link in document.find_all("link", hreflang=True)}
        other = counterpart(page)
        if not (site / other).is_file():
            if links:
                problems.append(f"{page}: has no translation, yet names {sorted(links)} as its translations")
            continue
        english, bangla = (page, other) if language == ENGLISH else (other, page)
        expected = {ENGLISH: root + url_of(english), BANGLA: root + url_of(bangla), "x-default": root + url_of(english)}
        if links != expected:
            problems.append(f"{page}: hreflang {links}, expected {expected}")
    assert problems == [], "\n".join(problems[:20])


def test_the_bangla_tree_names_the_network_and_its_menu_in_bangla(site: Path) -> None:
    for page in (path for path in built_pages(site) if language_of_tree(path) == BANGLA):
        document = soup(site, page)
        title = document.find("title")
        assert isinstance(title, Tag) and BANGLA_LETTERS.search(title.get_text().rsplit(" - ", 1)[-1]), (
            f"{page}: the tab's title does not end with the network's Bangla name: {title}"
        )
        menu = [link.get_text(" ", strip=True) for link in document.select(MENU)]
        assert menu and all(BANGLA_LETTERS.search(entry) for entry in menu), f"{page}: the menu says {menu}"


# --- the language switcher, as a reader uses it on a phone without JavaScript -----------------------------------

@pytest.fixture(scope="module")
def no_script_tab(session_browser: Browser) -> Iterator[Page]:
    """A phone-sized tab with JavaScript off: the switcher is a plain link and the note needs no script."""
    context = session_browser.new_context(viewport=PHONE, java_script_enabled=False)  # type: ignore[arg-type]
    tab = context.new_page()
    yield tab
    context.close()


def switch(tab: Page, to: str) -> None:
    """Follow the header's link to the page in `to`, as a reader taps it."""
    link = tab.locator(f".md-header .nw-languages a[hreflang='{to}']")
    assert link.count() == 1, f"{tab.url}: no link to the {to} page in the header"
    assert link.is_visible(), f"{tab.url}: the link to the {to} page is not visible on a phone"
    link.click()
    tab.wait_for_load_state()


def arrived(tab: Page, root: str) -> str:
    """The page the tab shows, below the site root (fragment apart)."""
    return tab.url.removeprefix(root).split("#", 1)[0]


def check_round_trip(tab: Page, site: Path, root: str, start: str, there: str) -> list[str]:
    """Go from `start` to the other language and back; what went wrong, if anything."""
    back = ENGLISH if there == BANGLA else BANGLA
    tab.goto(root + start)
    page = Path(start, "index.html") if not start.endswith(".html") else Path(start)
    translated = (site / counterpart(page)).is_file()
    switch(tab, there)
    landed = arrived(tab, root)
    if tab.evaluate("document.documentElement.lang") != there:
        return [f"/{start}: the {there} link led to /{landed}, which is not in {there}"]
    if translated:
        if landed != url_of(counterpart(page)):
            return [f"/{start}: led to /{landed}, not to its translation /{url_of(counterpart(page))}"]
        switch(tab, back)
        if arrived(tab, root) != start:
            return [f"/{start}: the way back led to /{arrived(tab, root)}"]
        return []
    # Not translated: the section (or home) in the other language, with the note said on arrival.
    if not tab.url.endswith(NOTE):
        return [f"/{start}: led to {tab.url} without the note that the page is not translated"]
    note = tab.locator(NOTE)
    if not note.is_visible() or bool(BANGLA_LETTERS.search(note.inner_text())) != (there == BANGLA):
        return [f"/{start}: at /{landed} the note that the page is not translated is not shown in {there}"]
    tree = f"{BANGLA}/" if there == BANGLA else ""
    section = start.removeprefix(f"{BANGLA}/").split("/", 1)[0]
    if landed not in (f"{tree}{section}/", tree):
        return [f"/{start}: led to /{landed}, neither its section in {there} nor the home page"]
    return []


def test_the_switcher_leads_to_the_same_page_and_back_on_every_page_type(
    site: Path, no_script_tab: Page
) -> None:
    problems: list[str] = []
    with serving(site) as root:
        for tree, there in (("", BANGLA), (BANGLA, ENGLISH)):
            for page_type, path in page_types(site / tree if tree else site).items():
                if page_type == "not found":
                    continue
                start = f"{tree}/{path}" if tree else path
                problems += [f"{page_type}: {problem}" for problem in
                             check_round_trip(no_script_tab, site, root, start, there)]
    assert problems == [], "\n".join(problems)


def test_the_switcher_says_in_its_name_where_a_page_is_not_translated(
    real_site: Path, session_browser: Browser
) -> None:
    untranslated = next(path for path in built_pages(real_site) if path.parts[0] == "news" and len(path.parts) == 3
                        and not (real_site / counterpart(path)).is_file())
    translated = next(path for path in built_pages(real_site) if path.parts[0] == "news" and len(path.parts) == 3
                      and (real_site / counterpart(path)).is_file())
    words = table(BANGLA)["languages.not_translated"]
    with serving(real_site) as root:
        tab = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
        try:
            tab.goto(root + url_of(untranslated))
            link = tab.get_by_role("link", name=re.compile(re.escape(words)))
            assert link.count() == 1 and link.get_attribute("title") == words and link.get_attribute("lang") == BANGLA
            tab.goto(root + url_of(translated))
            assert tab.get_by_role("link", name=re.compile(re.escape(words))).count() == 0
            assert tab.locator(".nw-languages a").inner_text() == "বাংলা"
        finally:
            tab.close()


def test_the_not_found_page_offers_each_languages_home(real_site: Path) -> None:
    document = soup(real_site, Path("404.html"))
    bangla = document.find("section", lang=BANGLA)
    assert isinstance(bangla, Tag) and BANGLA_LETTERS.search(bangla.get_text())
    assert any(str(link["href"]).endswith("/bn/") for link in bangla.find_all("a"))


def test_a_site_with_one_language_has_no_switcher_no_hreflang_and_no_note(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, bn]", "languages: [en]"),
                      encoding="utf-8")
    for translation in (config.parent / "content").rglob("*.bn.md"):
        translation.unlink()
    out = tmp_path / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    for page in built_pages(out):
        document = soup(out, page)
        assert not document.select(".nw-languages"), f"{page} has a language switcher"
        assert not document.find_all("link", hreflang=True), f"{page} names translations"
        assert not document.select(NOTE), f"{page} has the note for pages without a translation"


# --- what a Bangla reader sees: the site's own words, the font, dates and digits --------------------------------

# What staff wrote on a page (its Markdown text), which may name things in English ("Google Calendar").
WRITTEN = ".nw-body, .nw-subscribe-intro, .nw-hero__intro, .md-content__inner > .nw-content-page"


def visible_bangla_text(document: BeautifulSoup) -> str:
    """The site's own words on a page in the page's language: what staff wrote, and what sits in an element marked
    as another language, are left out, as are e-mail addresses."""
    body = document.find("body")
    assert isinstance(body, Tag)
    for element in [*body.find_all(["script", "style", "code", "pre"]), *body.select(WRITTEN)]:
        if not element.decomposed:
            element.decompose()
    for element in list(body.select("[lang]")):
        if not element.decomposed and not str(element.get("lang", "")).startswith(BANGLA):
            element.decompose()
    return re.sub(r"\S+@\S+", " ", body.get_text(" "))


def english_phrases_of_the_site() -> set[str]:
    """What the site's own English table (en.yml) says, in the pieces between its places ({network}): what a
    Bangla page must not show. Type labels and taxonomies are left out: they are names ("News") as much as words."""
    phrases: set[str] = set()
    for key, text in table(ENGLISH).items():
        if key.startswith(("types.", "sdgs.", "gcm.", "open_data.")):
            continue
        phrases |= {piece.strip(" :.,·()“”") for piece in re.split(r"\{\w+\}", text)}
    return {phrase for phrase in phrases if re.search("[A-Za-z]{4,}", phrase)} - {"JSON Feed", "iCalendar"}


def test_bangla_pages_say_nothing_in_the_sites_own_english(site: Path) -> None:
    english = english_phrases_of_the_site()
    assert {"Upcoming", "Organised by", "Follow the network", "Who took part"} <= english
    found: dict[str, set[str]] = {}
    for page in (path for path in built_pages(site) if language_of_tree(path) == BANGLA):
        text = " ".join(visible_bangla_text(soup(site, page)).split())
        leaks = {phrase for phrase in english if re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)}
        if leaks:
            found[str(page)] = leaks
    assert found == {}, f"English of the site's own on Bangla pages: {dict(list(found.items())[:10])}"


def test_bangla_pages_write_dates_counts_and_page_numbers_in_bangla(examplia_site: Path) -> None:
    problems = []
    for page in (path for path in built_pages(examplia_site) if language_of_tree(path) == BANGLA):
        document = soup(examplia_site, page)
        for element in document.select("time, .nw-pagination, .nw-year-tiles, .nw-topic-tile__count, .nw-leaf"):
            text = element.get_text(" ", strip=True)
            if ASCII_DIGITS.search(text):
                problems.append(f"{page}: {text!r}")
    assert problems == [], "\n".join(problems[:10])
    listing = soup(examplia_site, Path("bn/news/page/2/index.html"))
    numbers = [link.get_text(strip=True) for link in listing.select(".nw-pagination li")]
    assert numbers and all(BANGLA_DIGITS.fullmatch(number) for number in numbers), numbers
    translated = front_matter(EXAMPLIA / "content" / "news" / "update-3.bn.md")["title"]
    item = soup(examplia_site, Path("bn/news/update-3/index.html"))
    assert isinstance(item.find("time"), Tag) and BANGLA_DIGITS.search(item.find("time").get_text())  # type: ignore[union-attr]
    assert translated in item.get_text()


def test_a_bangla_listing_marks_each_untranslated_item_as_english(real_site: Path) -> None:
    cards = soup(real_site, Path("bn/news/index.html")).select(".nw-card")
    # "In English", in Bangla: the table's sentence with English named as CLDR names it in Bangla.
    in_english = table(BANGLA)["languages.written_in"].format(language="ইংরেজি")
    marked = [card for card in cards if card.get("lang") == ENGLISH]
    own = [card for card in cards if card.get("lang") is None]
    assert marked and own, "the Bangla news listing shows both translated and untranslated items"
    for card in marked:
        label = card.select_one(".nw-language-label")
        assert label is not None and label.get_text(strip=True) == in_english
        assert card.select_one(".nw-card__kind")["lang"] == BANGLA  # type: ignore[index]
        href = str(card.select_one(".nw-card__title a")["href"])  # type: ignore[index]
        target = posixpath.normpath(posixpath.join("bn/news", href))
        assert not target.startswith(BANGLA), f"an untranslated item is read at its English page, not {target}"
    for card in own:
        assert card.select_one(".nw-language-label") is None
        assert BANGLA_LETTERS.search(card.select_one(".nw-card__title").get_text())  # type: ignore[union-attr]


def test_a_translation_not_yet_reviewed_says_so_and_links_its_original(real_site: Path, examplia_site: Path) -> None:
    words = table(BANGLA)["languages.unreviewed"]
    for path in ("bn/index.html", "bn/about/index.html", "bn/news/diaspora-policy-2023/index.html"):
        note = soup(real_site, Path(path)).select_one(".nw-banner--unreviewed")
        assert note is not None and words in note.get_text(), path
        original = note.find("a")
        assert isinstance(original, Tag) and original["hreflang"] == ENGLISH
    for path in ("bn/about/index.html", "bn/news/update-3/index.html", "bn/twgs/return/index.html"):
        assert soup(examplia_site, Path(path)).select_one(".nw-banner--unreviewed") is None, "reviewed: no note"


def test_the_bangla_home_page_has_the_home_pages_sections_in_bangla(real_site: Path) -> None:
    home = soup(real_site, Path("bn/index.html"))
    assert home.select_one(".nw-hero") is not None, "the Bangla home uses the home page's template"
    headings = [heading.get_text(strip=True) for heading in home.select(".nw-section h2")]
    assert table(BANGLA)["home.latest_news"] in headings
    assert all(BANGLA_LETTERS.search(heading) for heading in headings), headings


def platform_fonts(tab: Page, selector: str) -> list[dict[str, object]]:
    """The fonts Chromium drew an element's text with (DevTools protocol)."""
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument", {"depth": 0})
    node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    fonts: list[dict[str, object]] = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    cdp.detach()
    return fonts


def fonts_fetched(tab: Page, url: str) -> list[str]:
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url) if request.resource_type == "font" else None)
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    tab.evaluate("document.fonts.ready")
    return fetched


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_bangla_pages_are_drawn_in_the_sites_font_and_english_pages_fetch_only_the_switchers(
    real_site: Path, session_browser: Browser, viewport: str
) -> None:
    with serving(real_site) as root:
        tab = session_browser.new_page(viewport=PHONE if viewport == "phone" else DESKTOP)  # type: ignore[arg-type]
        try:
            fetched = fonts_fetched(tab, root + "bn/news/diaspora-policy-2023/")
            regular = [url for url in fetched if "noto-sans-bengali-bengali-400" in url]
            # Asked for ahead of the stylesheet, so the text is drawn once in its font; one fetch serves both asks.
            ahead = tab.eval_on_selector_all('head link[rel="preload"][as="font"]', "links => links.map(l => l.href)")
            assert regular and ahead == regular[:1] and len(regular) == 1, (ahead, fetched)
            # The menu's tabs are drawn on a wide screen; a phone folds them into the drawer.
            for selector in ("h1", ".nw-lead", ".nw-body p", *((".md-tabs__link",) if viewport == "desktop" else ())):
                text = tab.locator(selector).first.text_content() or ""
                assert BANGLA_LETTERS.search(text), f"{selector} holds no Bangla: {text!r}"
                bangla = [font for font in platform_fonts(tab, selector) if font["familyName"] == SITE_FONT]
                assert bangla and bangla[0]["isCustomFont"] and bangla[0]["glyphCount"], (selector, bangla)
        finally:
            tab.close()
        tab = session_browser.new_page(viewport=PHONE if viewport == "phone" else DESKTOP)  # type: ignore[arg-type]
        try:
            fetched = fonts_fetched(tab, root + "news/")
            assert [url.rsplit("/", 1)[-1] for url in fetched] == ["noto-sans-bengali-names-700-normal.woff2"], (
                "an English page fetches only the few letters its switcher names Bangla with"
            )
            # Chromium names a font by its own name table: the switcher's font is cut from Noto Sans Bengali Bold.
            drawn = platform_fonts(tab, ".nw-languages a")
            assert drawn and all(font["familyName"] == SITE_FONT and font["isCustomFont"] for font in drawn), drawn
        finally:
            tab.close()


# --- search per language -----------------------------------------------------------------------------------------

def search_results(tab: Page, url: str) -> list[tuple[str, str]]:
    """The titles and addresses of what a search at `url` finds."""
    tab.goto(url)
    tab.wait_for_selector("[data-nw-search-status]:not(:empty)")
    searching = table(BANGLA)["search_script.searching"], table(ENGLISH)["search_script.searching"]
    tab.wait_for_function(
        "words => !words.includes(document.querySelector('[data-nw-search-status]').textContent)", arg=list(searching)
    )
    links = tab.locator(".nw-result__title a")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href") or "") for i in range(links.count())]


def word_only_in_the_translation(translation: Path) -> str:
    """A word of the translation's title that no file written in the default language holds."""
    originals = " ".join(path.read_text(encoding="utf-8") for path in (EXAMPLIA / "content").rglob("*.md")
                         if not path.name.endswith(".bn.md"))
    words = [word for word in re.findall(r"[\u0980-\u09ff]{4,}", front_matter(translation)["title"])
             if word not in originals]
    assert words, "the translation's title has a word of its own"
    return max(words, key=len)


def test_a_bangla_word_is_found_on_the_bangla_search_and_not_on_the_english_one(
    examplia_site: Path, session_browser: Browser
) -> None:
    translation = EXAMPLIA / "content" / "news" / "update-3.bn.md"
    word = word_only_in_the_translation(translation)
    with serving(examplia_site) as root:
        tab = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
        try:
            found = search_results(tab, f"{root}bn/search/?q={word}")
            assert found and found[0][0] == front_matter(translation)["title"], found
            assert all("/bn/" in href for _, href in found)
            assert tab.locator("[data-nw-search-status]").inner_text().startswith("“"), "the status is in Bangla"
            assert BANGLA_DIGITS.search(tab.locator("[data-nw-search-status]").inner_text())
            english = search_results(tab, f"{root}search/?q={word}")
            assert not any("/bn/" in href for _, href in english), "the English search holds no Bangla translation"
        finally:
            tab.close()
