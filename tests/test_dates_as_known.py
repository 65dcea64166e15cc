"""A date a network knows only to the month or the year is written, shown and sorted at that precision.

`established: 2018-02` and a practice running since September 2020 used to be refused, so staff
wrote a made-up first day of the month, and readers saw it as a fact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from sitebuild import examplia_copy, mistakes, mkdocs_build, network_site

NOW = dt.datetime(2025, 11, 22, 12, 0, tzinfo=dt.UTC)
ZONE = dt.timezone(dt.timedelta(hours=3))  # Examplia's (Africa/Nairobi)
SECTIONS = "\n".join(f"## {name}\n\nText.\n" for name in (
    "Benefit and impact", "Key lessons", "Recommendations", "Innovation"))


def practice(title: str, period: str, submitted: str) -> str:
    return f"""---
title: {title}
summary: A practice of the network.
period: {period}
type_of_practice: [Partnership]
countries: [Examplia]
main_implementing_organizations: [unhcr]
twgs: [return]
date_submitted: {submitted}
---
{SECTIONS}"""


PRACTICES = {
    "since-september": practice("Since September", "2020-09", "2021-03"),
    "a-year-long": practice("A year long", "{start: 2019, end: 2019}", "2021-03-15"),
    "earlier-that-winter": practice("Earlier that winter", "2018-01-10", "2021-02-20"),
    "long-ago": practice("Long ago", "2015", "2016"),
}


def network(folder: Path, established: str = "2018-02", **practices: str) -> Path:
    """Examplia with its TWG set up in `established`, these practices, and 'now' fixed."""
    config = examplia_copy(folder)
    content = config.parent / "content"
    twg = content / "twgs" / "return.md"
    twg.write_text(twg.read_text(encoding="utf-8").replace("established: 2021-06-01", f"established: {established}"),
                   encoding="utf-8")
    (content / "practices").mkdir()
    for name, text in practices.items():
        (content / "practices" / f"{name}.md").write_text(text, encoding="utf-8")
    fixed = f"      per_page: 2\n      now: {NOW.isoformat()}\n"
    config.write_text(config.read_text(encoding="utf-8").replace("      per_page: 2\n", fixed), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("known")
    config = network(folder / "examplia", **PRACTICES)
    built = mkdocs_build(config, folder / "site", epoch=None)
    assert built.returncode == 0, built.stderr
    return folder / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def fact(html: BeautifulSoup, term: str) -> Tag:
    """The <dd> that follows the <dt> starting with `term` in a page's facts."""
    [found] = [dt_ for dt_ in html.find_all("dt") if dt_.get_text(strip=True).startswith(term)]
    dd = found.find_next_sibling("dd")
    assert isinstance(dd, Tag)
    return dd


def test_a_twg_set_up_in_a_month_shows_that_month_in_each_language_with_no_day(site: Path) -> None:
    assert fact(page(site, "twgs/return"), "Established").get_text(strip=True) == "February 2018"
    bangla = page(site, "bn/twgs/return")
    [said] = [dd.get_text(strip=True) for dd in bangla.find_all("dd") if "২০১৮" in dd.get_text()]
    assert said.endswith("২০১৮") and not said.startswith("১ "), said


def test_a_practice_running_since_a_month_says_that_month_and_a_year_says_the_year(site: Path) -> None:
    since = page(site, "practices/since-september")
    assert fact(since, "Dates").get_text(" ", strip=True).startswith("September 2020 –")
    submitted = since.find("time", attrs={"datetime": "2021-03"})
    assert submitted is not None and submitted.get_text() == "March 2021"
    year_long = fact(page(site, "practices/a-year-long"), "Dates").get_text(" ", strip=True)
    assert year_long == "2019 – 2019"
    for path in ("practices/since-september", "practices/a-year-long"):
        text = page(site, path).get_text(" ")
        assert "1 September 2020" not in text and "1 January 2019" not in text and "1 March 2021" not in text


def test_cards_and_search_results_show_the_month_as_written(site: Path) -> None:
    twg = page(site, "twgs/return")
    card = next(c for c in twg.select(".nw-card") if "Since September" in c.get_text())
    when = card.select_one(".nw-card__date time")
    assert when is not None and (when["datetime"], when.get_text()) == ("2021-03", "March 2021")
    meta = page(site, "practices/since-september").find(attrs={"data-pagefind-meta": True})
    assert meta is not None and meta["data-pagefind-meta"] == "date:2021-03"


def test_open_data_gives_each_date_at_its_precision_newest_first(site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((site / "practices" / "practices.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["id"], r["period_start"], r["period_end"], r["date_submitted"]) for r in rows] == [
        ("a-year-long", "2019", "2019", "2021-03-15"),
        ("since-september", "2020-09", "", "2021-03"),
        ("earlier-that-winter", "2018-01-10", "", "2021-02-20"),
        ("long-ago", "2015", "", "2016"),
    ]
    listed = json.loads((site / "practices" / "practices.json").read_text(encoding="utf-8"))["practices"]
    assert [(r["id"], r["date_submitted"]) for r in listed] == [(r["id"], r["date_submitted"]) for r in rows]


def test_a_month_sorts_at_its_start_in_listings_and_feeds_which_date_it_from_its_first_moment(site: Path) -> None:
    listing = page(site, "practices")
    titles = [card.get_text(" ", strip=True) for card in listing.select("article .nw-card__title")]
    assert titles == ["A year long", "Since September", "Earlier that winter", "Long ago"]
    entries = feedparser.parse((site / "practices" / "atom.xml").read_bytes()).entries
    assert [entry.title for entry in entries] == titles
    stamp: time.struct_time = entries[1].published_parsed
    assert dt.datetime(*stamp[:6], tzinfo=dt.UTC) == dt.datetime(2021, 3, 1, tzinfo=ZONE).astimezone(dt.UTC)


NOT_A_DATE = "expected a date like 2023-08-02, or a month like 2023-08 or a year like 2023 when that is all known"
OUT_OF_RANGE = "expected a year from 1900 to 2100 (a typing mistake?)"


@pytest.mark.parametrize(("written", "said"), [
    ("2018-13", f"{NOT_A_DATE}, found '2018-13'"),
    ("2018-2", f"{NOT_A_DATE}, found '2018-2'"),
    ("20180", f"{NOT_A_DATE}, found 20180"),
    ("'0000'", f"{OUT_OF_RANGE}, found '0000'"),
    ("2204-05", f"{OUT_OF_RANGE}, found '2204-05'"),
])
def test_a_month_or_year_that_is_not_one_is_one_line_from_check_and_the_build(
    tmp_path: Path, written: str, said: str
) -> None:
    config = network(tmp_path / "examplia", established=written)
    checked = network_site(config, "check", epoch=str(int(NOW.timestamp())))
    [line] = mistakes(checked.stdout)
    assert line.endswith(f"content/twgs/return.md:6: established: {said}"), line
    built = mkdocs_build(config, tmp_path / "site", epoch=None)
    assert built.returncode == 1 and mistakes(built.stderr) == {line}


def test_a_practice_may_end_in_the_month_it_started_but_not_before_it(tmp_path: Path) -> None:
    same_month = practice("Same month", "{start: 2020-09-15, end: 2020-09}", "2021")
    before = practice("Before", "{start: 2020-09, end: 2020-08-31}", "2021")
    config = network(tmp_path / "examplia", **{"same-month": same_month, "before": before})
    checked = network_site(config, "check", epoch=str(int(NOW.timestamp())))
    [line] = mistakes(checked.stdout)
    assert "content/practices/before.md:4: period.end: expected a date on or after the start (2020-09)" in line


@pytest.mark.parametrize(("founded", "said"), [("2021-03", "2021-03"), ("2021", "2021")])
def test_a_network_founded_in_a_month_or_year_says_so_to_search_engines_and_keeps_its_feed_ids(
    tmp_path: Path, founded: str, said: str
) -> None:
    config = network(tmp_path / "examplia")
    config.write_text(config.read_text(encoding="utf-8").replace("founded: 2021-03-15", f"founded: {founded}"),
                      encoding="utf-8")
    assert network_site(config, "check", epoch=str(int(NOW.timestamp()))).returncode == 0
    built = mkdocs_build(config, tmp_path / "site", epoch=None)
    assert built.returncode == 0, built.stderr
    home = page(tmp_path / "site", "")
    described = [json.loads(script.get_text()) for script in home.find_all("script", type="application/ld+json")]
    assert said in [data.get("foundingDate") for data in described]
    entries = feedparser.parse((tmp_path / "site" / "atom.xml").read_bytes()).entries
    assert all(entry.id.startswith("tag:migration-network.examplia.test,2021:") for entry in entries)


def test_pages_with_dates_known_to_the_month_or_year_are_valid_html(site: Path) -> None:
    from test_html_validity import html_errors

    pages = [site / path / "index.html" for path in (
        "twgs/return", "bn/twgs/return", "practices/since-september", "practices/long-ago", "practices")]
    assert html_errors(pages) == []
