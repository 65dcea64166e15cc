"""Markup, script and quotes in any front-matter field or `network:` option land as text, wherever they land.

One site (tests/payload_site.py) carries a payload in every text field of every content type and in
the network's options. A real Chromium loads each of its pages and nothing runs; an HTML parser,
feed readers' parser, an iCalendar parser, JSON and a spreadsheet's CSV reading all get the text
back exactly, escaped once; addresses that are script never pass `check`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import frontmatter
import lxml.html
import pytest
import yaml
from browser import serving
from icalendar import Calendar
from payload_site import (
    ADDRESS_KINDS,
    FORMULA_STARTS,
    HEADING_PAGE,
    HEADING_TEXT,
    NEW_ID,
    PAYLOAD,
    SCRIPT_URLS,
    STORED_URL,
    build_source,
)
from PIL import Image
from playwright.sync_api import Browser, Page, Route
from sitebuild import EXAMPLIA, REPO, mkdocs_build
from test_html_validity import html_errors
from test_html_validity import web_pages as html_pages
from test_serve import fetch, free_port, wait_for

from generator.content.errors import ContentError
from generator.content.loading import check
from generator.content.registry import walk
from generator.content.types import BUILT_IN
from generator.staff.config_file import SiteConfig, read_config

# What an element may carry and still run nothing: no handler attribute, no script address.
FIND_SCRIPT = """() => {
  const found = [];
  const squash = (value) => value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(`${element.tagName} ${name}=${attribute.value}`);
      const value = squash(attribute.value);
      if (value.startsWith("javascript:") || value.startsWith("vbscript:") || value.startsWith("data:text/html"))
        found.push(`${element.tagName} ${name}=${attribute.value}`);
    }
    if (element.tagName === "SCRIPT" && element.type !== "application/ld+json" && element.text.includes("alert("))
      found.push(`SCRIPT ${element.text}`);
  }
  return found;
}"""
# Forms of the payloads that count as carried intact (the practices' filter data is lower-cased).
INTACT = (PAYLOAD, PAYLOAD.lower(), STORED_URL)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The payload-laden network's mkdocs.yml."""
    return build_source(tmp_path_factory.mktemp("payloads") / "network")


@pytest.fixture(scope="module")
def site(source: Path) -> Path:
    """The payload-laden network, built strictly."""
    out = source.parent.parent / "site"
    result = mkdocs_build(source, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def root(site: Path) -> Iterator[str]:
    with serving(site) as address:
        yield address


def web_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def front(source: Path, kind: str, item: str = NEW_ID) -> dict[str, Any]:
    return dict(frontmatter.load(str(source.parent / "content" / kind / f"{item}.md")).metadata)


def network(source: Path) -> dict[str, Any]:
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    return {"site_name": config["site_name"], **config["plugins"][0]["network"]["network"]}


def head(page: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page.read_bytes())


def meta(document: lxml.html.HtmlElement, key: str) -> str:
    found = document.xpath(f'//meta[@name="{key}" or @property="{key}"]/@content')
    assert len(found) == 1, f"one <meta> {key} expected, found {len(found)}"
    return str(found[0])


def broken(value: str) -> bool:
    """Whether a payload in `value` was cut, changed or escaped twice (it is not one of the intact forms)."""
    for intact in INTACT:
        value = value.replace(intact, "")
    return "alert(1)" in value


def open_tab(browser: Browser) -> tuple[Page, list[str]]:
    """A tab that records every dialog a script opens, and never reaches another site."""
    tab = browser.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.route("**/*", lambda route: _only_here(route, tab))
    return tab, dialogs


def _only_here(route: Route, tab: Page) -> None:
    if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def test_no_page_runs_a_payload_or_carries_a_handler_or_a_script_address(
    site: Path, root: str, session_browser: Browser
) -> None:
    tab, dialogs = open_tab(session_browser)
    problems: list[str] = []
    try:
        for page in web_pages(site):
            path = page.relative_to(site).as_posix().removesuffix("index.html")
            response = tab.goto(root + path)
            assert response is not None and response.ok, path
            tab.wait_for_load_state("networkidle")
            problems += [f"{path}: {found}" for found in tab.evaluate(FIND_SCRIPT)]
            problems += [f"{path}: a dialog opened: {message}" for message in dialogs]
            dialogs.clear()
            # Every page names the site (or an item) in its title: the reader sees the text as written.
            if PAYLOAD not in tab.title():
                problems.append(f"{path}: the tab's title is not the text as written: {tab.title()!r}")
    finally:
        tab.close()
    assert problems == []


def test_search_results_show_payloads_as_text(site: Path, root: str, session_browser: Browser) -> None:
    tab, dialogs = open_tab(session_browser)
    try:
        tab.goto(root + "search/?q=onerror")
        results = tab.locator("[data-nw-search-results] li")
        results.first.wait_for(timeout=30_000)
        tab.wait_for_load_state("networkidle")
        assert results.count() > 0
        assert tab.evaluate(FIND_SCRIPT) == []
        assert dialogs == []
        assert tab.locator("[data-nw-search-results] img, [data-nw-search-results] script").count() == 0
    finally:
        tab.close()


def test_every_text_and_attribute_carries_each_payload_whole_and_escaped_once(site: Path) -> None:
    problems = []
    for page in web_pages(site):
        for element in head(page).iter():
            if not isinstance(element.tag, str) or element.tag == "script":
                continue  # comments hold nothing of the content; scripts are read as JSON below
            values = [("text", element.text or ""), ("tail", element.tail or ""), *element.attrib.items()]
            problems += [f"{page.relative_to(site)}: <{element.tag}> {name}: {value[:150]!r}"
                         for name, value in values if broken(value)]
    assert problems == []


def test_every_page_stays_valid_html(site: Path, source: Path) -> None:
    # The network's e-mail address (mkdocs.yml) is not validated: escaped, it breaks nothing but its own mailto: link.
    email = f"'mailto:{network(source)['email']}'"
    errors = [error for error in html_errors(html_pages(site)) if email not in error]
    assert errors == []


@pytest.mark.parametrize("kind", [content_type.folder for content_type in BUILT_IN])
def test_titles_and_share_previews_carry_the_text_exactly(site: Path, source: Path, kind: str) -> None:
    item, names = front(source, kind), network(source)
    page = site / kind / (str(item["number"]) if kind == "bulletins" else NEW_ID) / "index.html"
    document = head(page)
    title = document.findtext(".//title")
    assert title.startswith(item["title"]) and title.endswith(names["site_name"])
    assert meta(document, "description") == item["summary"]
    assert meta(document, "og:description") == meta(document, "twitter:description") == item["summary"]
    assert meta(document, "og:title") == meta(document, "twitter:title")
    assert meta(document, "og:title").startswith(item["title"])
    assert meta(document, "og:site_name") == names["site_name"]
    assert meta(document, "og:image:alt") == item["image"]["alt"]
    assert meta(document, "og:image") == STORED_URL
    feed_titles = document.xpath('//link[@rel="alternate"]/@title')
    assert feed_titles and all(names["short_name"] in text or names["name"] in text for text in feed_titles)
    if kind == "twgs":
        assert any(item["short_name"] in text for text in feed_titles)
    assert item["title"] in document.xpath("string(//article)")


def test_a_title_taken_from_the_first_heading_reads_as_written_in_the_tab_the_contents_and_share_previews(
    site: Path,
) -> None:
    document = head(site / HEADING_PAGE / "index.html")
    assert document.findtext(".//title").startswith(HEADING_TEXT + " - ")
    assert meta(document, "og:title").startswith(HEADING_TEXT + " · ")
    contents = [" ".join(a.text_content().split()) for a in document.xpath('//ul[@data-md-component="toc"]//a')]
    assert contents == [f"{HEADING_TEXT}, again"]


def test_the_theme_still_writes_its_own_markup_built_in_strings(site: Path) -> None:
    styles = [style.text or "" for style in head(site / "index.html").iter("style")]
    assert any("--md-admonition-icon--note" in style for style in styles)


def test_structured_data_is_json_that_gives_the_text_back(site: Path, source: Path) -> None:
    options = network(source)
    names = {options["name"], *(names["name"] for names in options.get("translations", {}).values())}
    for page in web_pages(site):
        for script in head(page).xpath('//script[@type="application/ld+json"]'):
            data = json.loads(script.text)
            if data.get("@type") == "Organization":
                assert data["name"] in names, page
    described = {kind: [json.loads(s.text) for s in head(site / kind / NEW_ID / "index.html").xpath(
        '//script[@type="application/ld+json"]')] for kind in ("news", "events")}
    article = next(d for d in described["news"] if d["@type"] == "NewsArticle")
    assert article["headline"] == front(source, "news")["title"][:110]
    assert article["description"] == front(source, "news")["summary"]
    event = next(d for d in described["events"] if d["@type"] == "Event")
    assert event["name"] == front(source, "events")["title"]
    assert event["location"]["name"] == front(source, "events")["location"]["venue"]


def _text_of(detail: Any) -> str:
    # A feed says whether a value is text or HTML; HTML is read as a reader's browser would show it.
    if detail.type == "text/html":
        return str(lxml.html.fragment_fromstring(detail.value, create_parent="div").text_content())
    return str(detail.value)


def test_feeds_give_each_title_and_summary_back_as_text(site: Path) -> None:
    feeds = sorted([*site.rglob("feed.xml"), *site.rglob("atom.xml")])
    assert feeds
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.bozo_exception}"
        assert PAYLOAD in parsed.feed.title, path
        for entry in parsed.entries:
            assert _text_of(entry.title_detail).endswith(PAYLOAD), (path, entry.title)
            assert _text_of(entry.summary_detail).endswith(PAYLOAD), (path, entry.summary)
    for path in site.rglob("feed.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert PAYLOAD in document["title"]
        for entry in document["items"]:
            assert entry["title"].endswith(PAYLOAD) and entry["summary"].endswith(PAYLOAD), path


def ical_text(value: str) -> str:
    """An iCalendar TEXT value as calendar apps read it (RFC 5545 3.3.11): escaped commas, semicolons, lines."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_calendars_give_each_text_back(site: Path, source: Path) -> None:
    event = front(source, "events")
    calendars = sorted(site.rglob("*.ics"))
    assert calendars
    for path in calendars:
        calendar = Calendar.from_ical(path.read_bytes())
        # X-WR-CALNAME is TEXT (RFC 5545's escaping), which icalendar hands over as written: read it as a client does.
        assert PAYLOAD in ical_text(str(calendar["X-WR-CALNAME"])), path
        for vevent in calendar.walk("VEVENT"):
            assert str(vevent["SUMMARY"]).endswith(PAYLOAD), path
            assert PAYLOAD in str(vevent["DESCRIPTION"]) and PAYLOAD in str(vevent["LOCATION"]), path
    own = Calendar.from_ical((site / "events" / NEW_ID / "event.ics").read_bytes()).walk("VEVENT")[0]
    assert str(own["SUMMARY"]) == event["title"]
    assert str(own["DESCRIPTION"]).startswith(event["summary"] + "\n")
    assert event["location"]["venue"] in str(own["LOCATION"])


def test_no_cell_of_the_open_data_starts_a_spreadsheet_formula(site: Path, source: Path) -> None:
    text = (site / "practices" / "practices.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    cells = [cell for row in rows for cell in row.values()]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    practice = front(source, "practices")
    assert practice["title"].startswith(FORMULA_STARTS), "the payload site must try a formula"
    row = next(row for row in rows if row["id"] == NEW_ID)
    # A reader (and a spreadsheet) sees the title as written, after the apostrophe that makes it text.
    assert row["title"] == "'" + practice["title"]
    document = json.loads((site / "practices" / "practices.json").read_text(encoding="utf-8"))
    assert next(p for p in document["practices"] if p["id"] == NEW_ID)["title"] == practice["title"]


def mistakes(site: SiteConfig) -> tuple[ContentError, ...]:
    """What `network-site check` finds in the site (its languages and types as its mkdocs.yml says)."""
    return check(site.content_dir, site.settings, site.types).errors


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(data, default=str))
    target = copy
    for part in path[:-1]:
        target = target[part][0] if isinstance(target[part], list) else target[part]
    target[path[-1]] = value
    return copy


# Every field that holds an address or a file, of every type: a field added later is tried too.
ADDRESS_FIELDS = [
    (content_type.folder, tuple(map(str, path))) for content_type in BUILT_IN
    for path, spec in walk(BUILT_IN.fields(content_type.folder)) if spec.kind in ADDRESS_KINDS
]


@pytest.mark.parametrize(("kind", "path"), ADDRESS_FIELDS, ids=[f"{k}.{'.'.join(p)}" for k, p in ADDRESS_FIELDS])
def test_a_script_address_never_passes_check(tmp_path: Path, kind: str, path: tuple[str, ...]) -> None:
    site = read_config(build_source(tmp_path / "network"))
    item = site.content_dir / kind / f"{NEW_ID}.md"
    good = frontmatter.load(str(item))
    assert not mistakes(site), "the payload site itself passes check"
    for address in SCRIPT_URLS:
        data = _set(dict(good.metadata), path, address)
        item.write_text(f"---\n{json.dumps(data)}\n---\n{good.content}\n", encoding="utf-8")
        errors = mistakes(site)
        assert [e.field for e in errors] == [".".join(path)], f"{address!r} in {kind}.{'.'.join(path)}: {errors}"


def test_a_picture_named_like_a_script_address_is_refused_even_when_the_file_exists(tmp_path: Path) -> None:
    site = read_config(build_source(tmp_path / "network"))
    Image.new("RGB", (8, 8)).save(site.content_dir / "javascript:alert(1).png")
    item = site.content_dir / "news" / f"{NEW_ID}.md"
    good = frontmatter.load(str(item))
    data = _set(dict(good.metadata), ("image", "src"), "javascript:alert(1).png")
    item.write_text(f"---\n{json.dumps(data)}\n---\n{good.content}\n", encoding="utf-8")
    assert [e.field for e in mistakes(site)] == ["image.src"]


def test_every_address_field_is_tried() -> None:
    fields = {f"{kind}.{'.'.join(path)}" for kind, path in ADDRESS_FIELDS}
    assert {"news.source.url", "events.registration.url", "events.location.url", "organizations.website",
            "news.image.src"} <= fields


# --- the preview's banner ------------------------------------------------------------------------------------------

def test_a_mistake_whose_value_holds_markup_shows_in_the_preview_banner_as_text(
    tmp_path: Path, session_browser: Browser
) -> None:
    folder = tmp_path / "examplia"
    shutil.copytree(EXAMPLIA, folder)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates")))
    item = folder / "content" / "news" / "update-2.md"
    hostile, title = "<img src=x onerror=alert(1)>", 'Update 2 & "more" <img src=y onerror=alert(2)>'
    text = item.read_text(encoding="utf-8").replace("date: 2024-02-10", f'date: "{hostile}"')
    item.write_text(text.replace("Reintegration update number 2", title))
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            stdout=output, stderr=subprocess.STDOUT, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    tab, dialogs = open_tab(session_browser)
    try:
        root = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: "update-2.md" in fetch(root)), log.read_text()
        # Another page lists the mistake; the broken file's own page shows it, under the title it has.
        for path in ("news/update-1/", "news/update-2/"):
            tab.goto(root + path)  # the preview keeps a connection open to reload: "load", not "networkidle"
            tab.wait_for_load_state("load")
            banner = tab.locator(".nw-banner--errors")
            assert hostile in banner.inner_text(), path
            assert banner.locator("img").count() == 0
            assert tab.evaluate(FIND_SCRIPT) == [] and dialogs == [], path
        assert title in tab.locator("h1").inner_text()
    finally:
        tab.close()
        process.terminate()
        process.wait(timeout=20)
