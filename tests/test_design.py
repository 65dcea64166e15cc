"""What a reader relies on in the site's design, looked at in a real Chromium at 375 and 1280 px.

Every page type of the real network and of the made-up one is opened on a phone and on a desktop and
photographed into tests/artifacts/ for a person to look at; the tests then hold each page to what a
reader needs: nothing scrolls sideways, no text is squeezed into a column narrower than 240 px, each
heading level has one weight everywhere, Bangla is drawn with the site's own font, a past event is
never offered to a calendar app, and search results are all reachable with labels apart from values.
"""

from __future__ import annotations

import math
import re
import shutil
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from browser import DESKTOP, PHONE, serving
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load
from page_types import page_types
from playwright.sync_api import Browser, Page
from sitebuild import EXAMPLIA, REPO, front_matter, mkdocs_build

from generator.content.loading import load_site
from generator.engine.mkdocs_options import PluginOptions, to_settings
from generator.graph.site import Site
from generator.graph.tags import site_tags

ARTIFACTS = REPO / "tests" / "artifacts"
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
# The narrowest column a reader can follow running text in: about 30 characters of the body type.
READING_WIDTH = 240
# Text that takes this many lines or more is running text, not a label or a short title.
RUNNING_LINES = 3
BANGLA_NEWS = "news/jatiya-sanlap/"
BANGLA_FONT = "Noto Sans Bengali"
ADD_TO_CALENDAR = "Add this event to your calendar"

# Each block of running text narrower than the reading width: the block, its width and how many lines it takes.
NARROW_TEXT = """([minimum, running]) => {
  const narrow = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    let block = node.parentElement;
    while (block && /^(inline|contents)/.test(getComputedStyle(block).display)) block = block.parentElement;
    if (!block || !block.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 1).map(r => Math.round(r.top))).size;
    const width = block.getBoundingClientRect().width;
    if (lines >= running && width < minimum && !seen.has(block)) {
      seen.add(block);
      narrow.push(`<${block.tagName.toLowerCase()} class="${block.className}"> ${Math.round(width)} px wide, `
        + `${lines} lines: “${block.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50)}”`);
    }
  }
  return narrow;
}"""
# The weight of every visible heading, by level.
HEADING_WEIGHTS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.checkVisibility({visibilityProperty: true}) && h.getBoundingClientRect().width > 1)
  .map(h => [h.tagName.toLowerCase(), getComputedStyle(h).fontWeight, h.textContent.trim().slice(0, 40)])"""


@dataclass
class Looked:
    """What one network's pages showed at one screen width."""

    too_wide: list[str] = field(default_factory=list)
    narrow_text: list[str] = field(default_factory=list)
    weights: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))


# Each network as readers meet it: its site, and the tree of its pages in one language ("" for the default's).
NETWORKS = {"real": ("real_site", ""), "real-bn": ("real_site", "bn/"), "examplia": ("examplia_site", "")}


def built_site(name: str, request: pytest.FixtureRequest) -> Path:
    return Path(request.getfixturevalue(NETWORKS[name][0]))


@pytest.fixture(scope="module", params=[(n, v) for n in NETWORKS for v in VIEWPORTS], ids=lambda p: f"{p[0]}-{p[1]}")
def looked(request: pytest.FixtureRequest, session_browser: Browser) -> Looked:
    """Every page type of one network opened at one width, photographed, and measured as a reader sees it."""
    network, viewport = request.param
    site, tree = built_site(network, request), NETWORKS[network][1]
    seen = Looked()
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(site) as root:
        tab = session_browser.new_page(viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
        try:
            for page_type, path in page_types(site / tree).items():
                path = tree + path
                tab.goto(root + path)
                tab.wait_for_load_state("networkidle")
                tab.evaluate("document.fonts.ready")
                name = re.sub(r"[^a-z0-9]+", "-", page_type.lower()).strip("-")
                tab.screenshot(path=str(ARTIFACTS / f"{network}-{viewport}-{name}.png"), full_page=True)
                where = f"{page_type} (/{path})"
                width = tab.evaluate("document.documentElement.scrollWidth")
                if width > VIEWPORTS[viewport]["width"]:
                    seen.too_wide.append(f"{where}: {width} px wide")
                seen.narrow_text += [f"{where}: {block}" for block in
                                     tab.evaluate(NARROW_TEXT, [READING_WIDTH, RUNNING_LINES])]
                for level, weight, text in tab.evaluate(HEADING_WEIGHTS):
                    seen.weights[level][weight].append(f"{where}: “{text}”")
        finally:
            tab.close()
    return seen


def test_no_page_type_scrolls_sideways(looked: Looked) -> None:
    assert looked.too_wide == [], "pages wider than the screen:\n" + "\n".join(looked.too_wide)


def test_no_running_text_is_squeezed_narrower_than_a_reading_width(looked: Looked) -> None:
    assert looked.narrow_text == [], (
        f"text blocks narrower than {READING_WIDTH} px:\n" + "\n".join(looked.narrow_text)
    )


def test_each_heading_level_has_one_weight_on_every_page_type(looked: Looked) -> None:
    assert {"h1", "h2", "h3"} <= set(looked.weights), "the pages should use three heading levels at least"
    mixed = {level: {weight: where[:3] for weight, where in weights.items()}
             for level, weights in looked.weights.items() if len(weights) > 1}
    assert mixed == {}, f"heading levels drawn in more than one weight: {mixed}"


# --- Bangla ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examplia_root(examplia_site: Path) -> Iterator[str]:
    with serving(examplia_site) as root:
        yield root


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_bangla_text_is_drawn_with_the_sites_own_noto_sans_bengali(
    session_browser: Browser, examplia_root: str, viewport: str
) -> None:
    tab = session_browser.new_page(viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
    try:
        fonts: list[str] = []
        tab.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
        tab.goto(examplia_root + BANGLA_NEWS)
        tab.wait_for_load_state("networkidle")
        tab.evaluate("document.fonts.ready")
        assert any(url.startswith(examplia_root) and "bengali" in url for url in fonts), fonts
        loaded = tab.evaluate(
            "name => [...document.fonts].filter(f => f.family.replace(/\"/g, '') === name && f.status === 'loaded')"
            ".map(f => f.weight)", BANGLA_FONT)
        assert loaded, f"{BANGLA_FONT} was never loaded"
        cdp = tab.context.new_cdp_session(tab)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        document = cdp.send("DOM.getDocument", {"depth": 0})
        for selector in ("h1", ".nw-lead", ".nw-body p"):
            text = tab.locator(selector).first.inner_text()
            assert re.search("[\u0980-\u09ff]", text), f"{selector} holds no Bangla: {text!r}"
            node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
            used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
            bangla = [font for font in used if font["familyName"] == BANGLA_FONT]
            assert bangla and bangla[0]["isCustomFont"] and bangla[0]["glyphCount"] > 0, (selector, used)
    finally:
        tab.close()


# --- Calendars ------------------------------------------------------------------------------------------

def calendar_offers(html: str) -> list[str]:
    """The links of a page that add one event to a calendar app."""
    soup = BeautifulSoup(html, "html.parser")
    return [a["href"] for a in soup.select("a[href]")
            if a["href"].endswith("event.ics") or ADD_TO_CALENDAR in a.get_text()]


def test_no_past_event_offers_to_be_added_to_a_calendar(real_site: Path) -> None:
    events = sorted((real_site / "events").glob("*/index.html"))
    assert len(events) > 10, "the real content has a dozen past events"
    offering = [str(page.parent.name) for page in events if calendar_offers(page.read_text(encoding="utf-8"))]
    assert offering == [], f"past events offered to a calendar: {offering}"
    subscribe = (real_site / "subscribe" / "index.html").read_text(encoding="utf-8")
    assert calendar_offers(subscribe) == []
    offered = [urlsplit(a["href"]).path.lstrip("/")
               for a in BeautifulSoup(subscribe, "html.parser").find_all("a", string=re.compile("^Subscribe in"))]
    twgs = (path.relative_to(real_site).as_posix() for path in real_site.glob("twgs/*/events.ics"))
    following = ["events.ics", *twgs]
    assert sorted(offered) == sorted(following), "only the site's and the TWGs' calendars are offered to subscribe to"


@pytest.fixture(scope="module")
def before_the_forum(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up network built on a day before its forum, so the forum is still to come."""
    folder = tmp_path_factory.mktemp("upcoming") / "examplia"
    shutil.copytree(EXAMPLIA, folder)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates"))
    config.write_text(text.replace("      timezone:", "      now: 2024-01-01T00:00\n      timezone:"), encoding="utf-8")
    # An event still to come says when it was announced (its date in feeds).
    for event in (folder / "content" / "events").glob("*.md"):
        if ".bn." not in event.name and str(front_matter(event)["start"]).startswith("2024"):
            text = event.read_text(encoding="utf-8").replace("\nstart:", "\nannounced: 2023-12-01\nstart:", 1)
            event.write_text(text, encoding="utf-8")
    result = mkdocs_build(config, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_an_event_still_to_come_is_offered_to_a_calendar_on_its_page_and_the_subscribe_page(
    before_the_forum: Path,
) -> None:
    forum = next(path for path in (EXAMPLIA / "content" / "events").glob("*.md")
                 if str(front_matter(path)["start"]).startswith("2024"))
    page = (before_the_forum / "events" / forum.stem / "index.html").read_text(encoding="utf-8")
    assert calendar_offers(page) == ["event.ics"]
    assert (before_the_forum / "events" / forum.stem / "event.ics").is_file()
    subscribe = (before_the_forum / "subscribe" / "index.html").read_text(encoding="utf-8")
    assert f"../events/{forum.stem}/event.ics" in calendar_offers(subscribe)


# --- Search ---------------------------------------------------------------------------------------------

def search(tab: Page, root: str, words: str) -> str:
    """Search as a reader does, from the search page's address; the status line once results are in."""
    tab.goto(f"{root}search/?q={words}")
    status = tab.locator("[data-nw-search-status]")
    tab.wait_for_function(
        "el => el.textContent && !el.textContent.startsWith('Searching')", arg=status.element_handle()
    )
    return status.inner_text()


def shown(tab: Page) -> list[str]:
    return [str(a.get_attribute("href")) for a in tab.locator(".nw-result__title a").all()]


def test_every_search_result_is_reachable_page_by_page(session_browser: Browser, real_root: str) -> None:
    tab = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        status = search(tab, real_root, "migration")
        total = int(re.match(r"(\d+) results?", status).group(1))  # type: ignore[union-attr]
        per_page = len(shown(tab))
        assert total > per_page, f"“migration” should find more than one page of results: {status}"
        seen, pages = shown(tab), 1
        while tab.locator("[data-nw-search-pages] a[rel=next]").count():
            tab.locator("[data-nw-search-pages] a[rel=next]").click()
            tab.wait_for_function(
                "n => new URLSearchParams(location.search).get('page') === String(n)", arg=pages + 1
            )
            tab.wait_for_function("first => document.querySelector('.nw-search__results').start === first",
                                  arg=pages * per_page + 1)
            seen += shown(tab)
            pages += 1
        assert len(seen) == total and len(set(seen)) == total, f"{len(set(seen))} of {total} results were shown"
        assert pages == math.ceil(total / per_page)
        # A page of results is an address: it opens again on that page.
        tab.goto(tab.url)
        assert search(tab, real_root, f"migration&page={pages}") and len(shown(tab)) == total - (pages - 1) * per_page
    finally:
        tab.close()


def fact_labels(site: Path) -> set[str]:
    """Every label of a page's facts (When, Where, Organised by …), as the built pages write them."""
    labels = set()
    for page in (*site.glob("events/*/index.html"), *site.glob("news/*/index.html")):
        for term in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("dt"):
            labels.add(term.get_text().rstrip(": ").strip())
    return labels


def test_search_excerpts_keep_labels_apart_from_their_values(
    session_browser: Browser, real_site: Path, real_root: str
) -> None:
    labels = fact_labels(real_site)
    assert {"When", "Where"} <= labels
    glued = re.compile("|".join(rf"\b{re.escape(label)}(?=[A-Z0-9])" for label in sorted(labels, key=len)))
    tab = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        excerpts: list[str] = []
        for words in ("Online", "IOM", "Dhaka"):
            search(tab, real_root, words)
            excerpts += tab.locator(".nw-result__excerpt").all_inner_texts()
        assert any("Where:" in excerpt for excerpt in excerpts), "the searches should reach events' facts"
        stuck = [excerpt for excerpt in excerpts if glued.search(excerpt)]
        assert stuck == [], "labels run into their values:\n" + "\n".join(stuck)
        assert not any(ADD_TO_CALENDAR in excerpt for excerpt in excerpts)
    finally:
        tab.close()


# --- Header and footer ----------------------------------------------------------------------------------

def plugin_options(config: Path) -> dict[str, Any]:
    """The network plugin's options as a project's mkdocs.yml writes them."""
    plugins = yaml_load(config.read_text(encoding="utf-8"))["plugins"]
    return next(entry["network"] for entry in plugins if isinstance(entry, dict) and "network" in entry)


def network_of(config: Path) -> dict[str, str]:
    return dict(plugin_options(config)["network"])


def graph_of(project: Path) -> Site:
    """The content graph of a project in its default language, with the settings its mkdocs.yml gives."""
    options = PluginOptions()
    options.load_dict(plugin_options(project / "mkdocs.yml"))
    failed, _ = options.validate()
    assert not failed, failed
    theme_language = yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["theme"].get("language", "en")
    return load_site(project / "content", to_settings(options, "https://site.test/", theme_language, preview=False))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_header_names_the_network_in_full_where_it_fits_and_by_its_short_name_where_not(
    session_browser: Browser, real_root: str, viewport: str
) -> None:
    network = network_of(REPO / "mkdocs.yml")
    tab = session_browser.new_page(viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
    try:
        tab.goto(real_root)
        brand = tab.locator(".md-header__title")
        box = brand.bounding_box()
        assert box is not None
        seen = tab.evaluate("([x, y]) => document.elementFromPoint(x, y).textContent.trim()",
                            [box["x"] + 4, box["y"] + box["height"] / 2])
        full_fits = tab.evaluate("b => b.querySelector('.nw-brand__full').offsetWidth <= b.clientWidth",
                                 brand.element_handle())
        assert seen == (network["name"] if full_fits else network["short_name"]), seen
        if viewport == "phone":
            assert seen == network["short_name"], "the full name does not fit beside a phone's menu and search"
        else:
            assert seen == network["name"]
    finally:
        tab.close()


@pytest.mark.parametrize("network", ["real", "examplia"])
def test_every_page_ends_with_the_network_who_runs_it_how_to_reach_and_follow_it(
    network: str, request: pytest.FixtureRequest
) -> None:
    site = built_site(network, request)
    project = REPO if network == "real" else EXAMPLIA
    identity = network_of(project / "mkdocs.yml")
    graph = graph_of(project)
    runs = {org.name for org in graph.organizations if {"coordinator", "secretariat"} & set(org.roles)}
    assert runs, "the network's content names its coordinator and secretariat"
    for path in [*page_types(site).values()]:
        soup = BeautifulSoup((site / path / "index.html" if not path.endswith(".html") else site / path)
                             .read_text(encoding="utf-8"), "html.parser")
        footer = soup.select_one("footer")
        assert footer is not None, path
        text = footer.get_text(" ", strip=True)
        assert identity["name"] in text, path
        assert runs <= {a.get_text(strip=True) for a in footer.select("dd a")}, path
        hrefs = [urljoin(f"http://site.test/{path}", a["href"]) for a in footer.select("a[href]")]
        assert f"mailto:{identity['email']}" in hrefs, path
        for target in ("organizations/", "subscribe/", "feed.xml", "atom.xml", "feed.json"):
            assert f"http://site.test/{target}" in hrefs, f"{path}: the footer has no link to /{target}"
        # The staff guide is for staff: the About page leads there, readers' footers do not.
        assert "http://site.test/guide/" not in hrefs, f"{path}: the footer links the staff guide"
        tabs = soup.select_one(".md-tabs")
        assert tabs is None or not any(a["href"].endswith("guide/") for a in tabs.select("a[href]")), (
            "the staff guide is not one of the public tabs"
        )


# --- Feeds of every page that lists items ---------------------------------------------------------------

def test_every_page_that_lists_items_offers_its_own_feeds_and_the_subscribe_page_lists_them(real_site: Path) -> None:
    graph = graph_of(REPO)
    listing = [
        "news/", "events/", "practices/", "bulletins/",
        *(twg.url for twg in graph.twgs),
        *(topic.url for topic in (*graph.sdgs, *graph.gcm_objectives) if topic.items),
        *(org.url for org in graph.organizations if org.activity),
        *(tag.url for tag in site_tags(graph)),
    ]
    assert any(url.startswith("gcm/") for url in listing) and any(url.startswith("tags/") for url in listing)
    subscribe = BeautifulSoup((real_site / "subscribe" / "index.html").read_text(encoding="utf-8"), "html.parser")
    listed = {urljoin("http://site.test/subscribe/", a["href"]) for a in subscribe.select("a[href]")}
    missing = []
    for url in listing:
        soup = BeautifulSoup((real_site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        advertised = {urljoin(f"http://site.test/{url}", link["href"]) for link in soup.select('link[rel="alternate"]')}
        shown = {urljoin(f"http://site.test/{url}", a["href"]) for a in soup.select(".md-content a[href]")}
        for feed in ("feed.xml", "atom.xml", "feed.json"):
            address = f"http://site.test/{url}{feed}"
            if not (real_site / url / feed).is_file():
                missing.append(f"{url}{feed} is not published")
            if address not in advertised:
                missing.append(f"{url} does not link {feed} for autodiscovery")
            if address not in shown:
                missing.append(f"{url} offers no {feed} to follow")
            if address not in listed:
                missing.append(f"the Subscribe page does not list {url}{feed}")
    assert missing == [], "\n".join(missing)


def test_our_stylesheets_are_published_without_their_comments_and_keep_every_rule(real_site: Path) -> None:
    for name in ("network.css", "print.css"):
        written = (REPO / "templates" / "assets" / name).read_text(encoding="utf-8")
        published = (real_site / "assets" / name).read_text(encoding="utf-8")
        assert "/*" not in published and len(published) < 0.9 * len(written), name
        uncommented = re.sub(r"/\*.*?\*/", "", written, flags=re.DOTALL)
        assert published.count("{") == uncommented.count("{"), f"{name}: a rule was lost"
