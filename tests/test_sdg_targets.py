"""SDG targets beside goals: `sdgs: [10.7]` is accepted, checked against the 169 targets, and shown with its goal.

Networks report on targets (10.7 is migration's own); the field took goals only, so a target was refused.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from sitebuild import examplia_copy, mistakes, mkdocs_build, network_site

# A fact of the UN's texts (A/RES/70/1), as readers would recognise it.
TARGET_10_7 = "Facilitate orderly, safe, regular and responsible migration and mobility of people"
SECTIONS = "\n".join(f"## {name}\n\nText.\n" for name in (
    "Benefit and impact", "Key lessons", "Recommendations", "Innovation"))
NEWS = """---
title: Safe migration pathways
summary: The network's work on orderly and regular migration.
date: 2025-10-01
twgs: [return]
sdgs: [10.7, 17.10, 17.1]
---
Text.
"""
PRACTICE = f"""---
title: Cheaper remittances
summary: Lowering the cost of sending money home.
period: 2020-09
type_of_practice: [Partnership]
countries: [Examplia]
main_implementing_organizations: [unhcr]
sdgs: [10.c, 8]
date_submitted: 2021-03-15
---
{SECTIONS}"""


def network(folder: Path, *files: tuple[str, str], languages: str = "[en, bn]") -> Path:
    config = examplia_copy(folder)
    content = config.parent / "content"
    (content / "practices").mkdir()
    for path, text in files:
        (content / path).write_text(text, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, bn]", f"languages: {languages}"),
                      encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("targets")
    config = network(folder / "examplia", ("news/pathways.md", NEWS), ("practices/remittances.md", PRACTICE))
    built = mkdocs_build(config, folder / "site")
    assert built.returncode == 0, built.stderr
    return folder / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def pills(html: BeautifulSoup) -> dict[str, Tag]:
    return {pill.select_one(".nw-pill__id").get_text(strip=True): pill for pill in html.select("a.nw-pill")}  # type: ignore[union-attr]


def test_a_target_is_shown_with_its_goals_colour_and_name_and_links_to_the_goal(site: Path) -> None:
    shown = pills(page(site, "news/pathways"))
    assert list(shown) == ["SDG 10.7", "SDG 17.10", "SDG 17.1"], "17.10 is not 17.1: each as staff wrote it"
    goals = {tile.select_one(".nw-topic-tile__label").get_text(strip=True): tile  # type: ignore[union-attr]
             for tile in page(site, "sdgs").select("a.nw-topic-tile")}
    target, goal = shown["SDG 10.7"], goals["SDG 10"]
    assert target["style"] == goal["style"], "the goal's colour"
    name = goal.select_one(".nw-topic-tile__title")
    assert name is not None and target.get_text(" ", strip=True) == "SDG 10.7 " + name.get_text(strip=True)
    assert target["href"] == "../../sdgs/10/"


def test_the_goals_page_lists_what_names_its_targets_with_the_targets_own_words(site: Path) -> None:
    goal = page(site, "sdgs/10")
    titles = [card.get_text(strip=True) for card in goal.select(".nw-card__title")]
    assert {"Safe migration pathways", "Cheaper remittances"} <= set(titles)
    targets = goal.select_one(".nw-targets")
    assert targets is not None
    [seven, c] = targets.select("li")
    assert seven.get_text(" ", strip=True).startswith(f"SDG 10.7 {TARGET_10_7}")
    assert [a.get_text() for a in seven.select("a")] == ["Safe migration pathways"]
    assert c.get_text(" ", strip=True).startswith("SDG 10.c By 2030, reduce to less than 3 per cent")
    seventeen = page(site, "sdgs/17").select(".nw-card__title")
    assert "Safe migration pathways" in [card.get_text(strip=True) for card in seventeen]


def test_the_goals_feed_carries_the_item_with_the_target_and_the_goal_as_categories(site: Path) -> None:
    feed = feedparser.parse((site / "sdgs" / "10" / "atom.xml").read_bytes())
    assert feed.bozo == 0
    [entry] = [entry for entry in feed.entries if entry.title == "Safe migration pathways"]
    assert {"SDG 10", "SDG 10.7"} <= {tag.term for tag in entry.tags}


def test_a_bangla_page_names_the_target_in_bangla_digits_and_its_english_words_as_english(site: Path) -> None:
    targets = page(site, "bn/sdgs/10").select_one(".nw-targets")
    assert targets is not None
    first = targets.select("li")[0]
    assert "১০.৭" in first.select_one(".nw-pill__id").get_text()  # type: ignore[union-attr]
    [words] = first.select("span[lang]")
    assert words["lang"] == "en" and words.get_text().startswith(TARGET_10_7)


def test_the_repository_filters_and_open_data_carry_targets(site: Path) -> None:
    assert "Cheaper remittances" in page(site, "practices/sdg/10.c").get_text()
    assert "Cheaper remittances" in page(site, "practices/sdg/10").get_text(), "found under its goal too"
    rows = list(csv.DictReader(io.StringIO((site / "practices" / "practices.csv").read_text(encoding="utf-8-sig"))))
    assert [row["sdgs"] for row in rows] == ["10.c; 8"]


def test_french_pages_give_the_targets_official_french_words(tmp_path: Path) -> None:
    config = network(tmp_path / "examplia", ("news/pathways.md", NEWS), languages="[en, bn, fr]")
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    targets = page(tmp_path / "site", "fr/sdgs/10").select_one(".nw-targets")
    assert targets is not None
    first = targets.select("li")[0]
    assert "Faciliter la migration et la mobilité de façon ordonnée" in first.get_text()
    assert not first.select("span[lang]"), "in the page's own language"


@pytest.mark.parametrize(("written", "expected"), [
    ("10.8", "expected a target of SDG 10: 10.1 to 10.7 or 10.a to 10.c, found 10.8"),
    ("17.20", "expected a target of SDG 17: 17.1 to 17.19, found 17.20"),
    ("18.1", "expected an SDG number from 1 to 17, or a target of one like 10.7 or 10.c, found 18.1"),
])
def test_a_target_the_un_did_not_set_is_one_line_from_check_and_the_build(
    tmp_path: Path, written: str, expected: str
) -> None:
    config = network(tmp_path / "examplia", ("news/pathways.md", NEWS.replace("[10.7, 17.10, 17.1]", f"[{written}]")))
    [line] = mistakes(network_site(config, "check").stdout)
    assert "content/news/pathways.md:6: sdgs" in line and line.endswith(expected), line
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 1 and mistakes(built.stderr) == {line}


def test_each_shipped_table_of_target_titles_holds_only_the_169_targets_in_composed_unicode() -> None:
    import unicodedata

    from generator.content.taxonomies import SDG_TARGETS, sdg_target_titles

    assert len(SDG_TARGETS) == 169 and {"10.7", "10.c", "17.10", "17.19"} <= set(SDG_TARGETS)
    for language in ("en", "fr", "es", "ar"):
        titles = sdg_target_titles(language)
        assert set(titles) <= set(SDG_TARGETS) and len(titles) > 160, language
        assert all(unicodedata.normalize("NFC", text) == text and text.strip() for text in titles.values()), language


def test_pages_showing_targets_and_dates_known_to_the_month_are_valid_html(site: Path) -> None:
    from test_html_validity import html_errors

    pages = [site / path / "index.html" for path in (
        "sdgs/10", "bn/sdgs/10", "news/pathways", "practices/remittances", "practices", "practices/sdg/10.c")]
    assert html_errors(pages) == []
