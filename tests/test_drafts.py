"""Drafts and scheduled items: left out of the published site, shown with a banner in the preview."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sitebuild import REPO, mkdocs_build
from test_serve import Preview, preview, wait_for

EXAMPLIA = REPO / "tests" / "fixtures" / "examplia"
DRAFT = """---
title: Not ready for readers
summary: A draft the team is still writing.
date: 2024-03-01
twgs: [return]
draft: true
---
Still being written.
"""
SCHEDULED = """---
title: Announced next summer
summary: An article dated in the future, to appear on its date.
date: 2026-06-01
twgs: [return]
---
Appears on its date.
"""
DRAFT_EVENT = """---
title: Unconfirmed consultation
summary: A meeting whose date is not confirmed yet.
start: 2024-04-10
location: {city: Port Example, country: Examplia}
twgs: [return]
draft: true
---
To be confirmed.
"""
FUTURE_EVENT = """---
title: Forum on safe return 2026
summary: Next year's forum, announced ahead.
start: 2026-06-15
announced: 2025-11-01
location: {city: Port Example, country: Examplia}
twgs: [return]
---
Save the date.
"""
BEFORE = dt.datetime(2025, 11, 22, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)

__all__ = ["preview"]  # the live-preview fixture, shared with test_serve


def epoch(moment: dt.datetime) -> str:
    return str(int(moment.timestamp()))


@pytest.fixture()
def network(tmp_path: Path) -> Path:
    """The made-up network with a draft article, a draft event, an article and an event dated in the future."""
    folder = tmp_path / "examplia"
    shutil.copytree(EXAMPLIA, folder)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates")))
    (folder / "content" / "news" / "not-ready.md").write_text(DRAFT, encoding="utf-8")
    (folder / "content" / "news" / "announced.md").write_text(SCHEDULED, encoding="utf-8")
    (folder / "content" / "events" / "unconfirmed.md").write_text(DRAFT_EVENT, encoding="utf-8")
    (folder / "content" / "events" / "safe-return-2026.md").write_text(FUTURE_EVENT, encoding="utf-8")
    return folder


def published_text(site: Path) -> str:
    """Every page, feed, calendar and sitemap of a built site, as one text."""
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(site.rglob("*"))
        if path.suffix in {".html", ".xml", ".json", ".ics", ".csv", ".txt"}
    )


def test_drafts_are_nowhere_in_the_built_site(network: Path) -> None:
    site = network / "site"
    assert mkdocs_build(network / "mkdocs.yml", site, epoch=epoch(AFTER)).returncode == 0
    assert not (site / "news" / "not-ready").exists()
    assert not (site / "events" / "unconfirmed").exists()
    everything = published_text(site)
    for left_out in ("Not ready for readers", "news/not-ready", "Unconfirmed consultation", "events/unconfirmed"):
        assert left_out not in everything, left_out
    assert "Unconfirmed consultation" not in (site / "events.ics").read_text(encoding="utf-8")
    assert "Forum on safe return 2026" in (site / "events.ics").read_text(encoding="utf-8"), "others still are"


def test_an_item_dated_in_the_future_appears_once_source_date_epoch_passes_its_date(network: Path) -> None:
    site = network / "site"
    assert mkdocs_build(network / "mkdocs.yml", site, epoch=epoch(AFTER)).returncode == 0
    assert "Announced next summer" in (site / "news" / "announced" / "index.html").read_text(encoding="utf-8")
    for listing in ("news/index.html", "feed.xml", "news/atom.xml", "news/feed.json"):
        assert "Announced next summer" in (site / listing).read_text(encoding="utf-8"), listing
    assert "news/announced/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_an_item_dated_in_the_future_waits_for_its_date(network: Path) -> None:
    site = network / "site"
    assert mkdocs_build(network / "mkdocs.yml", site, epoch=epoch(BEFORE)).returncode == 0
    assert not (site / "news" / "announced").exists()
    for listing in ("news/index.html", "twgs/return/index.html", "feed.xml", "news/atom.xml", "news/feed.json",
                    "sitemap.xml", "index.html"):
        assert "Announced next summer" not in (site / listing).read_text(encoding="utf-8"), listing
        assert "news/announced/" not in (site / listing).read_text(encoding="utf-8"), listing


def test_an_event_dated_in_the_future_is_announced_not_held_back(network: Path) -> None:
    site = network / "site"
    assert mkdocs_build(network / "mkdocs.yml", site, epoch=epoch(BEFORE)).returncode == 0
    assert "Forum on safe return 2026" in (site / "events" / "safe-return-2026" / "index.html").read_text("utf-8")
    for listing in ("events/index.html", "events.ics", "events/feed.xml"):
        assert "Forum on safe return 2026" in (site / listing).read_text(encoding="utf-8"), listing
    assert "events/safe-return-2026/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_builds_now_can_be_fixed_in_mkdocs_yml(network: Path) -> None:
    config = network / "mkdocs.yml"
    fixed = "      per_page: 2\n      now: 2026-07-01\n"
    text = config.read_text(encoding="utf-8").replace("      per_page: 2\n", fixed)
    config.write_text(text, encoding="utf-8")
    site = network / "site"
    # The option wins over SOURCE_DATE_EPOCH, which here still says the date has not come.
    assert mkdocs_build(config, site, epoch=epoch(BEFORE)).returncode == 0
    assert "Announced next summer" in (site / "news" / "index.html").read_text(encoding="utf-8")
    assert "Announced next summer" in (site / "feed.xml").read_text(encoding="utf-8")


def test_the_preview_shows_a_new_draft_with_a_banner(preview: Preview) -> None:
    (preview.folder / "content" / "news" / "not-ready.md").write_text(DRAFT, encoding="utf-8")
    assert wait_for(lambda: "Not ready for readers" in preview.page("news/not-ready/")), preview.printed()
    assert "Draft: this item is not published." in preview.page("news/not-ready/")


def test_the_preview_shows_a_scheduled_item_with_its_date(preview: Preview) -> None:
    # The preview's clock is the real one: a date far ahead stays in the future.
    far_ahead = SCHEDULED.replace("2026-06-01", "2099-06-01")
    (preview.folder / "content" / "news" / "announced.md").write_text(far_ahead, encoding="utf-8")
    assert wait_for(lambda: "Announced next summer" in preview.page("news/announced/")), preview.printed()
    assert "Scheduled: published on 1 June 2099." in preview.page("news/announced/")
