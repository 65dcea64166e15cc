"""The network's real site, built from content/, as readers and subscribers find it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from sitebuild import REPO, site_settings

from generator.content.loading import load_site
from generator.content.settings import Network
from generator.graph.site import Site


@pytest.fixture(scope="module")
def built(real_site: Path) -> Path:
    """The real site, built once for the whole run (conftest)."""
    return real_site


@pytest.fixture(scope="module")
def graph() -> Site:
    return load_site(REPO / "content", site_settings(REPO, network=Network("BDUNNM", "BDUNNM"), site_url="https://x.test/"))


class Page(BeautifulSoup):
    url = ""


def page(site: Path, url: str) -> Page:
    soup = Page((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    soup.url = url.strip("/") + "/" if url.strip("/") else ""
    return soup


def linked(soup: Page, *, within: str = "article") -> set[str]:
    """Where the links of the page's article point, as site paths like 'news/x/'."""
    base = f"http://site.test/{soup.url}"
    return {
        urljoin(base, a["href"]).split("#")[0].removeprefix("http://site.test/")
        for a in soup.select(f"{within} a[href]")
    }


def test_each_twg_page_lists_exactly_its_own_news_and_events(built: Path, graph: Site) -> None:
    for twg in graph.twgs:
        soup = page(built, twg.url)
        shown = linked(soup, within="article .nw-card__title")
        expected = {item.url for item in (*twg.news, *twg.events, *twg.practices)}
        assert shown == expected, twg.id


def test_an_organization_named_as_organiser_lists_that_event(built: Path, graph: Site) -> None:
    checked = 0
    for event in graph.events:
        for org in event.organizers:
            assert event.url in linked(page(built, org.url)), (org.id, event.id)
            checked += 1
    assert checked >= 15


def test_the_national_dialogue_shows_its_facts(built: Path) -> None:
    soup = page(built, "events/national-dialogue-world-day-against-trafficking-2023")
    text = soup.get_text(" ", strip=True)
    assert "2 August 2023" in text
    assert "Dhaka, Bangladesh" in text
    assert "295" in text
    assert "Reach every victim of trafficking, leave no one behind" in text
    assert {"organizations/psd/", "organizations/unodc/", "twgs/ctip/", "sdgs/5/", "sdgs/16/"} <= linked(soup)


def test_a_news_release_carries_its_quote_speaker_and_role(built: Path) -> None:
    soup = page(built, "news/national-dialogue-world-day-against-trafficking-2023")
    quote = soup.select_one("figure.nw-quote")
    assert quote is not None
    assert "cumulative effort from all stakeholders" in quote.blockquote.get_text()
    assert "Asaduzzaman Khan" in quote.figcaption.get_text()
    assert "Minister of Home Affairs" in quote.figcaption.get_text()
    assert {f"sdgs/{n}/" for n in (5, 8, 16, 17)} <= linked(soup)


def test_a_multi_day_event_shows_its_range(built: Path) -> None:
    text = page(built, "events/glo-act-national-consultation-2020").get_text(" ", strip=True)
    assert "19–23 January 2020" in text


def test_the_network_facts_are_on_the_about_page(built: Path) -> None:
    text = page(built, "about").get_text(" ", strip=True)
    for fact in ("July 2019", "first national", "International Organization for Migration",
                 "coordinator and secretariat", "UNAIDS", "UN Women", "Counter Trafficking in Persons",
                 "Labour Migration", "Climate Change and Human Mobility"):
        assert fact in text, fact
    assert "BDUNMNS@iom.int" in page(built, "contact").get_text()


def test_the_proposed_twg_shows_its_status_and_chair_for_2024(built: Path) -> None:
    text = page(built, "twgs/cchm").get_text(" ", strip=True)
    assert "proposed" in text
    assert "United Nations Development Programme" in text and "2024" in text


def test_more_than_a_dozen_events_are_listed_by_year(built: Path, graph: Site) -> None:
    assert len(graph.events) > 12
    listing = page(built, "events")
    assert {event.url for event in graph.events} <= linked(listing, within="main")
    years = [heading.get_text() for heading in listing.select("main :is(h2, h3)")]
    assert "2023" in years and "2019" in years


def test_the_bulletin_carries_its_items_in_order_with_read_more_links(built: Path, graph: Site) -> None:
    bulletin = graph.bulletins[0]
    soup = page(built, bulletin.url)
    assert "E-Bulletin #3" in soup.h1.get_text() and "August 2023" in soup.h1.get_text()
    titles = [h2.get_text(strip=True) for h2 in soup.select(".nw-bulletin__entry h2")]
    assert titles == [entry.title for entry in bulletin.entries]
    assert len(soup.select(".nw-bulletin__entry a.nw-more")) == len(bulletin.entries) == 7
    assert "BDUNMNS@iom.int" in soup.select_one(".nw-about-box").get_text()


def test_the_email_edition_is_absolute_600px_and_has_a_plain_text_twin(built: Path, graph: Site) -> None:
    bulletin = graph.bulletins[0]
    html = (built / bulletin.url / "email.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one('table[width="600"]') is not None
    for a in soup.find_all("a", href=True):
        assert a["href"].startswith(("https://", "mailto:")), a["href"]
    assert 'style="' in html, "styles are inlined for mail clients"
    text = (built / bulletin.url / "email.txt").read_text(encoding="utf-8")
    for entry in bulletin.entries:
        assert entry.title in text
        assert f"https://bdunnm.example.org/{entry.url}" in text


def test_the_practice_record_is_complete_and_in_the_repository_order(built: Path) -> None:
    soup = page(built, "practices/bangladesh-un-network-on-migration")
    text = soup.article.get_text(" ", strip=True)
    order = ["Dates", "Type of practice", "Geographic scope", "GCM objectives", "SDGs", "Summary",
             "Main implementing organization(s)", "Partner/donor organizations", "Benefit and impact",
             "Key lessons", "Recommendations", "Innovation", "Additional resources", "Media", "Date submitted"]
    position = 0
    for label in order:
        found = text.find(label, position)
        assert found != -1, f"{label} is missing or out of the Repository's order"
        position = found + len(label)
    assert "ongoing" in text and "6,251,016" in text


def test_the_practice_is_found_through_every_facet_it_belongs_to(built: Path, graph: Site) -> None:
    from generator.outputs.repository import facets

    practice = graph.practices[0]
    values = [value for facet in facets(graph) for value in facet.values if practice in value.practices]
    assert {value.facet for value in values} == {"type", "twg", "organization", "gcm", "sdg", "country", "year"}
    for value in values:
        assert practice.url in linked(page(built, value.url), within="main"), value.url


def test_the_repository_is_open_data_with_documented_columns(built: Path, graph: Site) -> None:
    rows = list(csv.DictReader(io.StringIO((built / "practices" / "practices.csv").read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == [p.id for p in graph.practices]
    document = json.loads((built / "practices" / "practices.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in document["columns"]] == list(rows[0].keys())
    assert document["practices"][0]["title"] == graph.practices[0].title


def test_every_page_links_the_site_feed_and_twg_pages_their_own(built: Path) -> None:
    home = page(built, "")
    assert any(link["href"].endswith("feed.xml") for link in home.select('link[rel="alternate"]'))
    twg = page(built, "twgs/ctip")
    hrefs = [link["href"] for link in twg.select('link[rel="alternate"]')]
    assert any(h.endswith("ctip/feed.xml") or h == "feed.xml" for h in hrefs)
    assert (built / "twgs" / "ctip" / "feed.xml").is_file()
    assert (built / "twgs" / "ctip" / "events.ics").is_file()


def test_the_sitemap_dates_come_from_the_content(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    block = sitemap.split("<loc>https://bdunnm.example.org/news/glo-act-national-consultation-2020/</loc>")[1]
    assert "<lastmod>2020-02-13</lastmod>" in block.split("</url>")[0]
    assert "Sitemap: https://bdunnm.example.org/sitemap.xml" in (built / "robots.txt").read_text()


def structured(soup: BeautifulSoup) -> list[dict[str, object]]:
    return [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]


def test_news_and_events_carry_structured_data_for_search_engines(built: Path) -> None:
    news = structured(page(built, "news/national-dialogue-world-day-against-trafficking-2023"))
    article = next(d for d in news if d["@type"] == "NewsArticle")
    assert str(article["datePublished"]).startswith("2023-08-02T00:00:00+06:00")
    assert any(d["@type"] == "Organization" and d["alternateName"] == "BDUNNM" for d in news)
    events = structured(page(built, "events/glo-act-national-consultation-2020"))
    event = next(d for d in events if d["@type"] == "Event")
    assert (event["startDate"], event["endDate"]) == ("2020-01-19", "2020-01-23")
    assert event["location"]["address"]["addressLocality"] == "Dhaka"  # type: ignore[index]
    assert {o["name"] for o in event["organizer"]} >= {"United Nations Office on Drugs and Crime"}  # type: ignore[union-attr]


def test_pages_are_shareable_with_a_description_and_open_graph_tags(built: Path) -> None:
    soup = page(built, "news/op-ed-human-trafficking-covid-19")
    meta = {tag.get("property") or tag.get("name"): tag.get("content") for tag in soup.find_all("meta")}
    assert meta["description"].startswith("The network published an op-ed")
    assert meta["og:title"].startswith("Op-ed: Human trafficking")
    assert meta["og:url"] == "https://bdunnm.example.org/news/op-ed-human-trafficking-covid-19/"
    assert meta["og:type"] == "article"
    assert meta["twitter:card"] == "summary"
    assert soup.select_one('link[rel="canonical"]')["href"] == meta["og:url"]


def test_the_not_found_page_helps_readers_on(built: Path) -> None:
    soup = BeautifulSoup((built / "404.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.select("article a, .md-content a")}
    assert {"https://bdunnm.example.org/", "https://bdunnm.example.org/news/"} <= hrefs


def test_the_staff_guide_documents_every_field_of_every_type(built: Path) -> None:
    from generator.content.registry import walk
    from generator.content.types import BUILT_IN

    soup = page(built, "guide")
    for content_type in BUILT_IN:
        folder = content_type.folder
        section = soup.find("h2", id=folder)
        assert section is not None, folder
        table = section.find_next("table")
        documented = [th.get_text(strip=True) for th in table.select("tbody th")]
        assert [name for name in documented if "." not in name] == list(content_type.schema.model_fields), folder
        nested = {".".join(map(str, path)) for path, spec in walk(BUILT_IN.fields(folder)) if len(path) > 1}
        assert {name for name in nested if not name.startswith("image.")} <= set(documented), folder
        assert "network-site new" in section.find_next("p").get_text()


def test_every_feed_is_well_formed_and_read_by_a_feed_parser(built: Path, graph: Site) -> None:
    import shutil as _shutil

    import feedparser

    xmllint = _shutil.which("xmllint")
    assert xmllint is not None, "xmllint is installed by .ci/run (libxml2-utils)"
    feeds = sorted([*built.rglob("feed.xml"), *built.rglob("atom.xml")])
    assert len(feeds) >= 2 * (1 + 4 + len(graph.twgs))
    result = subprocess.run([xmllint, "--noout", *map(str, feeds)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    site_feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert site_feed.bozo == 0
    # In the order subscribers were told of them: an event by its announcement (by default a month before it).
    told = sorted(graph.items, key=lambda item: (item.announced, item.id), reverse=True)
    newest = [item.title for item in told[:5]]
    assert [entry.title for entry in site_feed.entries[:5]] == [
        f"E-Bulletin #{graph.bulletins[0].number}: {t}" if t == graph.bulletins[0].title else t for t in newest
    ]
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            assert entry.link.startswith("https://bdunnm.example.org/")


def test_no_template_or_build_input_is_published(built: Path) -> None:
    assert not (built / "email").exists()
    assert not list(built.rglob("*.txt.j2")) and not list(built.rglob("bulletin.txt"))
