"""Every feed and calendar of a built site, as real clients and strict validators take them.

Run on the network's real site, on the made-up Examplia network, and on a generated corpus,
so the proof does not rest on content we wrote to pass.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import icalendar
import jsonschema
import pytest
from feed_rules import check_atom, check_rss, feeds_in
from sitebuild import FIXED_EPOCH, REPO, mkdocs_build

from generator.content.loading import load_sites
from generator.graph.site import Site
from generator.outputs.feeds import Feed, entry_title, feeds_for, site_root
from generator.staff.config_file import read_config

NODE_MODULES = REPO / "tests" / "node_modules"
GENERATED_ITEMS = 120


@dataclass(frozen=True)
class Built:
    """A site built by `mkdocs build --strict`, and the graphs (one per language) its feeds were made from."""

    name: str
    site: Path
    graphs: dict[str, Site]

    @property
    def graph(self) -> Site:
        """The default language's graph."""
        return next(iter(self.graphs.values()))

    @property
    def root(self) -> str:
        return site_root(self.graph.settings)

    def feeds(self) -> list[Feed]:
        """Every feed of every language."""
        return [feed for graph in self.graphs.values() for feed in feeds_for(graph)]

    def calendars(self) -> int:
        """How many calendar files each language should have: its own, each TWG's and event's with a page there."""
        return sum(1 + sum(twg.localized for twg in graph.twgs) + sum(event.localized for event in graph.events)
                   for graph in self.graphs.values())

    def expected_titles(self) -> dict[str, list[str]]:
        """For each feed file, the titles a reader should see, newest first."""
        expected: dict[str, list[str]] = {}
        for feed in self.feeds():
            titles = [entry_title(item) for item in feed.items]
            for path in feed.paths:
                expected[path] = titles
        return expected


def _generated_project(root: Path) -> Path:
    """A content folder from the benchmark's seeded generator, as another network's would be."""
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "corpus.py"), "--items", str(GENERATED_ITEMS), "--seed", "7",
         "--out", str(root)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    return root / "ours" / "mkdocs.yml"


def _build(name: str, config: Path, out: Path) -> Built:
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    # The graph is read with the build's own settings and clock, as the plugin saw them.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    try:
        config_read = read_config(config)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return Built(name, out, load_sites(config_read.content_dir, config_read.settings, config_read.types))


@pytest.fixture(scope="module", params=["real", "examplia", "generated"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp(request.param)
    config = {
        "real": lambda: REPO / "mkdocs.yml",
        "examplia": lambda: REPO / "tests" / "fixtures" / "examplia" / "mkdocs.yml",
        "generated": lambda: _generated_project(folder / "corpus"),
    }[request.param]()
    return _build(request.param, config, folder / "site")


def test_every_feed_keeps_the_rules_of_the_w3c_feed_validator(built: Built) -> None:
    checked = 0
    for path, file in feeds_in(built.site):
        check = check_rss if path.endswith("feed.xml") else check_atom
        assert check(file.read_bytes(), built.root + path) == [], path
        checked += 1
    assert checked == 2 * len(built.feeds())


def newsboat_titles(feed: Path, home: Path) -> list[str]:
    """The titles newsboat stores after reloading one feed."""
    newsboat = shutil.which("newsboat")
    assert newsboat is not None, "newsboat is installed by .ci/run"
    home.mkdir(parents=True, exist_ok=True)
    (home / "urls").write_text(f'"exec:cat {feed}"\n', encoding="utf-8")
    (home / "config").write_text("", encoding="utf-8")
    cache = home / "cache.db"
    result = subprocess.run(
        [newsboat, "-x", "reload", "-u", str(home / "urls"), "-c", str(cache), "-C", str(home / "config")],
        capture_output=True, text=True, env={**os.environ, "HOME": str(home)}, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(cache) as db:
        feeds = db.execute("SELECT rssurl, title FROM rss_feed").fetchall()
        assert len(feeds) == 1 and feeds[0][1], f"newsboat did not read {feed}: {feeds}"
        return [title for (title,) in db.execute("SELECT title FROM rss_item")]


def test_newsboat_reads_every_rss_and_atom_feed_with_exactly_the_expected_titles(
    built: Built, tmp_path: Path
) -> None:
    expected = built.expected_titles()
    feeds = list(feeds_in(built.site))
    # One cache per feed: newsboat files an entry that is in two feeds under one of them only.
    with ThreadPoolExecutor(max_workers=4) as pool:
        read = pool.map(lambda job: newsboat_titles(job[1][1], tmp_path / str(job[0])), enumerate(feeds))
        for (path, _), titles in zip(feeds, read, strict=True):
            # Order is feedparser's to check (test_feeds); newsboat sorts as its reader chooses.
            assert sorted(titles) == sorted(expected[path]), path


@pytest.fixture(scope="module")
def json_feed_schema() -> jsonschema.protocols.Validator:
    schema_file = NODE_MODULES / "jsonfeed-schema" / "schema-v1.1.json"
    assert schema_file.is_file(), "the jsonfeed-schema npm package is installed by .ci/run (npm ci in tests/)"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    # Without these the schema's formats would pass unchecked: jsonschema[format-nongpl] provides them.
    assert {"uri", "date-time"} <= set(checker.checkers)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=checker)


def test_every_json_feed_validates_against_the_json_feed_1_1_schema_with_formats_checked(
    built: Built, json_feed_schema: jsonschema.protocols.Validator
) -> None:
    expected = built.expected_titles()
    files = sorted(built.site.rglob("feed.json"))
    assert len(files) == len(built.feeds())
    for file in files:
        document = json.loads(file.read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in json_feed_schema.iter_errors(document)]
        assert errors == [], file
        path = file.relative_to(built.site).as_posix()
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["feed_url"] == built.root + path
        assert [item["title"] for item in document["items"]] == expected[path]


def test_the_schema_check_would_catch_a_bad_json_feed(json_feed_schema: jsonschema.protocols.Validator) -> None:
    bad = {"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
        {"id": "x", "url": "not a url", "date_published": "yesterday"}]}
    assert len(list(json_feed_schema.iter_errors(bad))) >= 2


KHAL_CONFIG = """\
[calendars]
[[site]]
path = {path}
type = calendar
[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M
longdatetimeformat = %Y-%m-%dT%H:%M
[default]
default_calendar = site
"""


def khal_events(ics: Path, home: Path) -> list[tuple[str, str, str]]:
    """(start, end, title) of every event khal lists after importing a calendar, in UTC."""
    khal = shutil.which("khal")
    assert khal is not None, "khal is installed by .ci/run"
    calendar = home / "calendar"
    calendar.mkdir(parents=True)
    config = home / "khal.conf"
    config.write_text(KHAL_CONFIG.format(path=calendar), encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "TZ": "UTC"}
    imported = subprocess.run(
        [khal, "-c", str(config), "import", "--batch", "-a", "site", str(ics)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert imported.returncode == 0, imported.stderr
    listed = subprocess.run(
        [khal, "-c", str(config), "list", "--once", "--day-format", "", "--format", "{start}|{end}|{title}",
         "1900-01-01", "2200-01-01"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert listed.returncode == 0, listed.stderr
    rows = [tuple(line.split("|", 2)) for line in listed.stdout.splitlines() if line.strip()]
    return sorted((r[0], r[1], r[2]) for r in rows)


def utc_events(ics: Path) -> Iterator[tuple[str, str, str]]:
    """The same events read by icalendar: dates as days, times in UTC, the last day inclusive."""
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if isinstance(start, dt.datetime):
            yield (
                start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M"),
                end.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M"),
                str(event["SUMMARY"]),
            )
        else:
            yield start.isoformat(), (end - dt.timedelta(days=1)).isoformat(), str(event["SUMMARY"])


def test_khal_imports_every_calendar_with_the_same_times_in_utc(built: Built, tmp_path: Path) -> None:
    calendars = sorted(built.site.rglob("*.ics"))
    # In each language: the site's, each TWG's, and one beside each event for "add to calendar".
    assert len(calendars) == built.calendars()
    # Each event's own file holds the same VEVENT as events.ics; a few of them stand for all.
    shared = [ics for ics in calendars if ics.name != "event.ics"]
    sample = [*shared, *[ics for ics in calendars if ics.name == "event.ics"][:3]]
    with ThreadPoolExecutor(max_workers=4) as pool:
        listed = pool.map(lambda job: khal_events(job[1], tmp_path / str(job[0])), enumerate(sample))
        for ics, events in zip(sample, listed, strict=True):
            assert events == sorted(utc_events(ics)), ics
    assert sorted(utc_events(built.site / "events.ics")) != [] or not built.graph.events


def test_the_rule_checks_would_catch_what_the_validator_flags() -> None:
    rss = b"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
      <link>/relative/</link><description>D</description>
      <atom:link href="https://example.org/elsewhere.xml" rel="self" type="application/rss+xml"/>
      <item><title>A</title><guid isPermaLink="false">a</guid><pubDate>2024-03-05</pubDate>
        <author>Jane Doe</author><enclosure url="https://example.org/a.jpg" length="" type="image/jpeg"/></item>
      <item><title>B</title><guid isPermaLink="false">a</guid><pubDate>Tue, 05 Mar 2024 10:00:00 +0600</pubDate>
        <description>&lt;a href="../x/"&gt;x&lt;/a&gt;&lt;script&gt;&lt;/script&gt;</description></item>
    </channel></rss>"""
    found = " ".join(check_rss(rss, "https://example.org/feed.xml"))
    for problem in ("absolute URL", "does not match", "RFC 822", "e-mail address", "length", "repeats", "relative",
                    "unsafe <script>"):
        assert problem in found
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><id>x:1</id><title>T</title><updated>2024-03-05</updated>
      <link rel="self" href="https://example.org/atom.xml" type="application/atom+xml"/>
      <entry><id>x:2</id><title>E</title><updated>2024-03-05T10:00:00+06:00</updated>
        <content type="markdown">*x*</content></entry></feed>"""
    found = " ".join(check_atom(atom, "https://example.org/atom.xml"))
    for problem in ("RFC 3339", "alternate", "no author", "type 'markdown'"):
        assert problem in found
