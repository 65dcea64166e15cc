"""Readers' pages carry what readers came for: Subscribe leads with e-mail and one feed, the other feeds folded away;
the staff guide and the open data's column list sit where staff and data users look, out of readers' way."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml
from lxml import html
from playwright.sync_api import Browser
from sitebuild import REPO

LANGUAGES = {"en": "", "bn": "bn/"}


def table(language: str) -> dict:
    return yaml.safe_load((REPO / "generator" / "strings" / f"{language}.yml").read_text(encoding="utf-8"))


def page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_bytes() if path else (site / "index.html").read_bytes())


def target(path: str, href: str) -> str:
    """Where a link on the page at `path` leads, as a path below the site."""
    return urlsplit(urljoin(f"http://site/{path}", href)).path.lstrip("/")


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_subscribe_leads_with_the_e_mail_sign_up_and_one_feed_for_everything(real_site: Path, language: str) -> None:
    prefix, words = LANGUAGES[language], table(language)
    subscribe = page(real_site, f"{prefix}subscribe")
    article = subscribe.xpath("//article")[0]
    headings = [h.text_content().strip() for h in article.xpath(".//h2")]
    assert headings[:2] == [words["signup"]["heading"], words["subscribe"]["follow_heading"]], headings
    follow = article.xpath(".//section[@aria-labelledby='follow']")[0]
    feeds = [target(f"{prefix}subscribe/", href) for href in follow.xpath(".//a/@href")]
    assert feeds == [f"{prefix}feed.xml"], f"the follow choice offers {feeds}, not the whole site's feed"
    parsed = feedparser.parse((real_site / feeds[0]).read_bytes())
    assert not parsed.bozo and urlsplit(parsed.feed.link).path == f"/{prefix}", "it is not the whole site's feed"
    assert follow.xpath(".//code")[0].text_content().strip().endswith(f"/{prefix}feed.xml")


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_other_feed_is_folded_below_the_calendars(real_site: Path, language: str) -> None:
    subscribe = page(real_site, f"{LANGUAGES[language]}subscribe")
    tables = subscribe.xpath("//table[contains(@class, 'nw-feed-table')]")
    rows = subscribe.xpath("//table[contains(@class, 'nw-feed-table')]/tbody/tr")
    assert len(rows) > 20, "the real site has many feeds to fold"
    folded = subscribe.xpath("//details[not(@open)]//table[contains(@class, 'nw-feed-table')]")
    assert folded == tables, "a feed table is left out of the fold"
    summary = subscribe.xpath("//details/summary")[0].text_content()
    assert str(len(rows)) in summary or language == "bn", "the fold does not say how many feeds it holds"
    calendars = subscribe.xpath("//*[@id='calendars']")[0]
    assert calendars.getparent().index(calendars) < calendars.getparent().index(subscribe.xpath("//details")[0])


def test_the_folded_feeds_open_by_keyboard_with_no_script(real_root: str, session_browser: Browser) -> None:
    context = session_browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(real_root + "subscribe/")
        first_table = tab.locator("table.nw-feed-table").first
        assert not first_table.is_visible(), "the feed tables show before the reader asks for them"
        tab.locator("details > summary").focus()
        tab.keyboard.press("Enter")
        assert first_table.is_visible()
    finally:
        context.close()


def test_no_footer_links_the_staff_guide_and_the_about_page_does(real_site: Path) -> None:
    for path in sorted(real_site.rglob("index.html")):
        where = path.parent.relative_to(real_site).as_posix().removeprefix(".")
        base = f"{where}/" if where else ""
        links = {target(base, href) for href in html.fromstring(path.read_bytes()).xpath("//footer//a/@href")}
        assert "guide/" not in links, f"/{base} links the staff guide in its footer"
    for about in ("about", "bn/about"):
        links = {target(f"{about}/", href) for href in page(real_site, about).xpath("//article//a/@href")}
        assert "guide/" in links, f"/{about}/ does not lead staff to the guide"
    assert (real_site / "guide" / "index.html").is_file()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_open_datas_columns_are_on_their_own_page_linked_from_the_download(real_site: Path, language: str) -> None:
    prefix = LANGUAGES[language]
    repository = page(real_site, f"{prefix}practices")
    header = next(csv.reader(io.StringIO((real_site / "practices" / "practices.csv").read_text(encoding="utf-8"))))
    listed = {code.text_content() for code in repository.xpath("//code")}
    assert not set(header) & listed, "the repository page still lists the open data's columns"
    download = repository.xpath("//section[contains(@class, 'nw-open-data')]//a/@href")
    pages = [target(f"{prefix}practices/", href) for href in download]
    assert "practices/practices.csv" in pages and f"{prefix}practices/open-data/" in pages, pages
    columns = page(real_site, f"{prefix}practices/open-data")
    assert [code.text_content() for code in columns.xpath("//article//dt/code")] == header
    assert columns.get("lang") == language
