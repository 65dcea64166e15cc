"""No feed, calendar or sitemap dates anything after the build's 'now'; an upcoming event is news when announced.

A future event used to date the whole site (its feeds' lastBuildDate and updated, the sitemap's
lastmod, the build date) in the future and sat at the top of every feed until it happened.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import struct
import time
from pathlib import Path

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from sitebuild import examplia_copy, mistakes, mkdocs_build, network_site
from test_drafts import FUTURE_EVENT

from generator.content.types import BUILT_IN
from generator.outputs.guide import type_docs

NOW = dt.datetime(2025, 11, 22, 12, 0, tzinfo=dt.UTC)
# Examplia's time zone (mkdocs.yml): the day an author writes is a day there.
ZONE = dt.timezone(dt.timedelta(hours=3))
FORUM = FUTURE_EVENT  # starts 2026-06-15, announced 2025-11-01
UNANNOUNCED = FORUM.replace("announced: 2025-11-01\n", "")
NEWS = """---
title: Newest article
summary: Published after the forum was announced.
date: 2025-11-10
twgs: [return]
---
Text.
"""
FEEDS = ("feed.xml", "atom.xml", "events/feed.xml", "events/atom.xml", "twgs/return/feed.xml", "twgs/return/atom.xml")


def network(folder: Path, *files: tuple[str, str], now: dt.datetime = NOW) -> Path:
    """Examplia with these extra files, built with 'now' fixed in mkdocs.yml and no SOURCE_DATE_EPOCH."""
    config = examplia_copy(folder)
    for path, text in files:
        (config.parent / "content" / path).write_text(text, encoding="utf-8")
    fixed = f"      per_page: 2\n      now: {now.isoformat()}\n"
    config.write_text(config.read_text(encoding="utf-8").replace("      per_page: 2\n", fixed), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dates")
    config = network(folder / "examplia", ("events/safe-return-2026.md", FORUM), ("news/newest.md", NEWS))
    result = mkdocs_build(config, folder / "site", epoch=None)
    assert result.returncode == 0, result.stderr
    return folder / "site"


def parsed_time(value: time.struct_time) -> dt.datetime:
    return dt.datetime(*value[:6], tzinfo=dt.UTC)


@pytest.mark.parametrize("path", FEEDS)
def test_no_rss_or_atom_date_lies_after_the_builds_now(site: Path, path: str) -> None:
    feed = feedparser.parse((site / path).read_bytes())
    assert feed.bozo == 0
    assert parsed_time(feed.feed.updated_parsed) <= NOW  # RSS lastBuildDate, Atom updated
    for entry in feed.entries:
        for field in ("published_parsed", "updated_parsed"):
            if field in entry:  # RSS entries have only a publication date
                assert parsed_time(entry[field]) <= NOW, (entry.title, field)


def test_no_json_feed_date_lies_after_the_builds_now(site: Path) -> None:
    for path in ("feed.json", "events/feed.json"):
        for entry in json.loads((site / path).read_text(encoding="utf-8"))["items"]:
            for field in ("date_published", "date_modified"):
                assert dt.datetime.fromisoformat(entry[field]) <= NOW, (path, entry["title"], field)


def test_the_sitemap_and_the_build_date_are_not_in_the_future(site: Path) -> None:
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    days = [dt.date.fromisoformat(lastmod.get_text()) for lastmod in sitemap.find_all("lastmod")]
    assert days and max(days) <= NOW.date()
    assert max(days) == dt.date(2025, 11, 10), "the newest change is the newest article"
    # MkDocs stamps sitemap.xml.gz with the build's date, which the plugin takes from the content.
    stamp = struct.unpack("<I", (site / "sitemap.xml.gz").read_bytes()[4:8])[0]
    assert dt.datetime.fromtimestamp(stamp, dt.UTC) <= NOW
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_an_upcoming_event_reaches_subscribers_dated_the_day_it_was_announced(site: Path) -> None:
    events = feedparser.parse((site / "events" / "atom.xml").read_bytes())
    first = events.entries[0]
    assert first.title == "Forum on safe return 2026"
    assert parsed_time(first.published_parsed) == dt.datetime(2025, 11, 1, tzinfo=ZONE).astimezone(dt.UTC)
    whole_site = feedparser.parse((site / "feed.xml").read_bytes())
    titles = [entry.title for entry in whole_site.entries]
    assert titles[:2] == ["Newest article", "Forum on safe return 2026"], "in the order readers were told"


def test_the_calendar_has_the_event_stamped_no_later_than_now(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    [forum] = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]) == "Forum on safe return 2026"]
    assert forum["DTSTART"].dt == dt.date(2026, 6, 15)
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"].dt <= NOW
        assert event["LAST-MODIFIED"].dt <= NOW


def test_a_past_event_needs_no_announcement_date_and_is_dated_a_month_before_its_start(tmp_path: Path) -> None:
    after = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    config = network(tmp_path / "examplia", ("events/safe-return-2026.md", UNANNOUNCED), now=after)
    assert mkdocs_build(config, tmp_path / "out", epoch=None).returncode == 0
    first = feedparser.parse((tmp_path / "out" / "events" / "atom.xml").read_bytes()).entries[0]
    assert first.title == "Forum on safe return 2026"
    assert parsed_time(first.published_parsed) == dt.datetime(2026, 5, 16, tzinfo=ZONE).astimezone(dt.UTC)


def test_an_announcement_dated_ahead_keeps_the_event_off_the_site_until_then(tmp_path: Path) -> None:
    ahead = FORUM.replace("announced: 2025-11-01", "announced: 2025-12-01")
    config = network(tmp_path / "before", ("events/safe-return-2026.md", ahead))
    assert mkdocs_build(config, tmp_path / "before" / "site", epoch=None).returncode == 0
    assert not (tmp_path / "before" / "site" / "events" / "safe-return-2026").exists()
    assert "Forum on safe return 2026" not in (tmp_path / "before" / "site" / "events.ics").read_text(encoding="utf-8")
    later = dt.datetime(2025, 12, 2, tzinfo=dt.UTC)
    config = network(tmp_path / "after", ("events/safe-return-2026.md", ahead), now=later)
    assert mkdocs_build(config, tmp_path / "after" / "site", epoch=None).returncode == 0
    assert "Forum on safe return 2026" in (tmp_path / "after" / "site" / "events.ics").read_text(encoding="utf-8")


def test_an_update_dated_in_the_future_is_a_mistake(tmp_path: Path) -> None:
    future = NEWS.replace("date: 2025-11-10\n", "date: 2025-11-10\nupdated: 2026-01-05\n")
    config = network(tmp_path / "examplia", ("news/newest.md", future))
    checked = network_site(config, "check", epoch=str(int(NOW.timestamp())))
    [line] = mistakes(checked.stdout)
    assert "newest.md:5: updated: expected a date that has come" in line and "found '2026-01-05'" in line
    built = mkdocs_build(config, tmp_path / "out", epoch=None)
    assert built.returncode == 1 and mistakes(built.stderr) == {line}


def test_new_event_writes_todays_announcement_even_for_an_event_dated_ahead(tmp_path: Path) -> None:
    config = network(tmp_path / "examplia")
    epoch = str(int(NOW.timestamp()))
    created = network_site(config, "new", "event", "Forum ahead", "--date", "2026-03-01", epoch=epoch)
    assert created.returncode == 0, created.stderr
    text = (config.parent / "content" / "events" / "forum-ahead.md").read_text(encoding="utf-8")
    assert "start: 2026-03-01" in text and "announced: 2025-11-22" in text
    checked = network_site(config, "check", epoch=epoch)
    assert not any("announced" in line for line in mistakes(checked.stdout)), checked.stdout


def test_the_guide_says_what_announced_means() -> None:
    [events] = [doc for doc in type_docs(BUILT_IN, NOW.date()) if doc.folder == "events"]
    [announced] = [field for field in events.fields if field.name == "announced"]
    assert "feeds" in announced.description and "still to come" in announced.description
    assert "announced: 2025-11-22" in events.example
