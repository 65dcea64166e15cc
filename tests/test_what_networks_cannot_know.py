"""What a network bringing its content cannot know gets a stable default and a notice, never a refusal.

An upcoming event without `announced` used to stop `check` and the build; a translation without
`reviewed` too; a past event written up with today's announcement topped every feed as new.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import feedparser
import icalendar
from bs4 import BeautifulSoup
from sitebuild import front_matter, mistakes, mkdocs_build, network_site
from test_feed_dates import NEWS, NOW, UNANNOUNCED, ZONE, network

# UNANNOUNCED starts 2026-06-15 in Examplia (UTC+3): thirty days before is 2026-05-16.
DEFAULT_DAY = dt.datetime(2026, 5, 16, tzinfo=ZONE)


def published(entry: feedparser.FeedParserDict) -> dt.datetime:
    stamp: time.struct_time = entry.published_parsed
    return dt.datetime(*stamp[:6], tzinfo=dt.UTC)


def titles(site: Path, feed: str) -> list[str]:
    return [entry.title for entry in feedparser.parse((site / feed).read_bytes()).entries]


def notices(output: str) -> list[str]:
    return [line for line in output.splitlines() if "notice" in line.lower()]


def test_an_upcoming_event_without_an_announcement_date_is_checked_and_built_with_a_notice_naming_its_file(
    tmp_path: Path,
) -> None:
    config = network(tmp_path / "examplia", ("events/safe-return-2026.md", UNANNOUNCED))
    checked = network_site(config, "check", epoch=str(int(NOW.timestamp())))
    assert checked.returncode == 0 and not mistakes(checked.stdout), checked.stdout
    [told] = [line for line in notices(checked.stdout) if "announced" in line]
    assert "events/safe-return-2026.md:4: announced:" in told and "2026-05-16, 30 days before it starts" in told
    built = mkdocs_build(config, tmp_path / "site", epoch=None)
    assert built.returncode == 0, built.stderr
    assert any("safe-return-2026.md:4: announced:" in line for line in notices(built.stderr)), built.stderr


def test_the_event_is_on_its_page_and_calendar_at_once_and_in_feeds_from_its_default_announcement(
    tmp_path: Path,
) -> None:
    config = network(tmp_path / "before", ("events/safe-return-2026.md", UNANNOUNCED))
    assert mkdocs_build(config, tmp_path / "before" / "site", epoch=None).returncode == 0
    site = tmp_path / "before" / "site"
    page = BeautifulSoup((site / "events" / "safe-return-2026" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert page.h1 is not None and page.h1.get_text(strip=True) == "Forum on safe return 2026"
    calendar = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    assert "Forum on safe return 2026" in [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    for feed in ("feed.xml", "events/atom.xml", "twgs/return/atom.xml"):
        assert "Forum on safe return 2026" not in titles(site, feed), f"{feed} dates nothing after now"


def test_the_default_announcement_is_the_same_in_every_build_before_and_after_the_event(tmp_path: Path) -> None:
    dates = []
    for name, now in (("month-before", dt.datetime(2026, 5, 20, tzinfo=dt.UTC)),
                      ("after", dt.datetime(2026, 7, 1, tzinfo=dt.UTC))):
        config = network(tmp_path / name, ("events/safe-return-2026.md", UNANNOUNCED), now=now)
        assert mkdocs_build(config, tmp_path / name / "site", epoch=None).returncode == 0
        entries = feedparser.parse((tmp_path / name / "site" / "events" / "atom.xml").read_bytes()).entries
        [forum] = [entry for entry in entries if entry.title == "Forum on safe return 2026"]
        dates.append(published(forum))
    assert dates == [DEFAULT_DAY.astimezone(dt.UTC)] * 2


def test_a_past_event_written_up_with_a_later_announcement_never_tops_a_feed_as_new(tmp_path: Path) -> None:
    late = """---
title: Workshop held in June
summary: A workshop brought in months after it took place.
start: 2025-06-03
announced: 2025-11-21
location: {city: Port Example}
twgs: [return]
---
It took place.
"""
    config = network(tmp_path / "examplia", ("events/june-workshop.md", late), ("news/newest.md", NEWS))
    assert mkdocs_build(config, tmp_path / "site", epoch=None).returncode == 0
    entries = feedparser.parse((tmp_path / "site" / "feed.xml").read_bytes()).entries
    assert entries[0].title == "Newest article"
    [workshop] = [entry for entry in entries if entry.title == "Workshop held in June"]
    assert published(workshop) == dt.datetime(2025, 6, 3, tzinfo=ZONE).astimezone(dt.UTC)


def test_an_event_new_writes_for_a_past_day_does_not_top_the_feed_once_filled_in(tmp_path: Path) -> None:
    config = network(tmp_path / "examplia", ("news/newest.md", NEWS))
    epoch = str(int(NOW.timestamp()))
    created = network_site(config, "new", "event", "Dialogue last spring", "--date", "2025-04-10", epoch=epoch)
    assert created.returncode == 0, created.stderr
    written = config.parent / "content" / "events" / "dialogue-last-spring.md"
    text = written.read_text(encoding="utf-8")
    text = text.replace("TODO: city", "Port Example").replace("TODO: country", "Examplia")
    head, _, _ = text.rpartition("---")
    written.write_text(head.replace('"TODO: one or two plain sentences', '"Held') + "---\nIt took place.\n",
                       encoding="utf-8")
    assert "announced" not in front_matter(written)
    checked = network_site(config, "check", epoch=epoch)
    assert checked.returncode == 0, checked.stdout
    assert mkdocs_build(config, tmp_path / "site", epoch=None).returncode == 0
    assert titles(tmp_path / "site", "feed.xml")[0] == "Newest article"


def test_a_translation_that_does_not_say_reviewed_is_published_as_not_reviewed_with_a_notice(tmp_path: Path) -> None:
    config = network(tmp_path / "examplia")
    content = config.parent / "content"
    for path in ("news/update-3.bn.md", "about.bn.md"):
        text = (content / path).read_text(encoding="utf-8")
        (content / path).write_text(text.replace("reviewed: true\n", ""), encoding="utf-8")
    checked = network_site(config, "check", epoch=str(int(NOW.timestamp())))
    assert checked.returncode == 0 and not mistakes(checked.stdout), checked.stdout
    for path in ("news/update-3.bn.md", "about.bn.md"):
        assert any(path in line and "reviewed" in line for line in notices(checked.stdout)), checked.stdout
    built = mkdocs_build(config, tmp_path / "site", epoch=None)
    assert built.returncode == 0, built.stderr
    for page in ("bn/news/update-3/index.html", "bn/about/index.html"):
        html = BeautifulSoup((tmp_path / "site" / page).read_text(encoding="utf-8"), "lxml")
        banner = html.select_one(".nw-banner--unreviewed")
        assert banner is not None and banner.a is not None, page
        assert banner.a["hreflang"] == "en"
