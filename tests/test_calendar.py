"""Calendars as calendar apps read them: parsed by icalendar and vobject, right days, right times."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject

from generator.calendar import calendar_for, calendars_for, render_calendars
from generator.content import load_site
from generator.graph import Site
from generator.settings import Network, Settings

NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)

FILES = {
    "twgs/ctip.md": """
        title: Counter-Trafficking Working Group
        short_name: CTIP-TWG
        summary: Works against trafficking in persons.
        status: active
        """,
    "twgs/return.md": """
        title: Return Working Group
        short_name: RR-TWG
        summary: Supports returnees.
        status: active
        """,
    "organizations/iom.md": """
        title: International Organization for Migration
        short_name: IOM
        summary: The UN Migration agency.
        kind: UN agency
        """,
    "events/forum.md": """
        title: Forum on return
        summary: Two days on reintegration.
        start: 2024-02-20
        end: 2024-02-21
        location: {venue: City Hall, city: Dhaka, country: Bangladesh}
        organizers: [iom]
        twgs: [ctip]
        """,
    "events/briefing.md": """
        title: Briefing, with "quotes"; and commas
        summary: One morning.
        start: 2024-04-01 10:00
        end: 2024-04-01 11:30
        updated: 2024-03-20 09:00
        location: {online: true, url: "https://meet.example.org/x"}
        twgs: [return]
        """,
    "events/webinar.md": """
        title: Webinar from Geneva
        summary: Written with a UTC offset.
        start: "2024-05-02T08:00:00+00:00"
        end: "2024-05-02T09:00:00+00:00"
        location: {online: true}
        """,
    "events/hidden.md": """
        title: Draft event
        summary: Not ready.
        start: 2024-03-01
        location: {city: Dhaka}
        draft: true
        twgs: [ctip]
        """,
}


def write_content(root: Path, files: dict[str, str] | None = None) -> Path:
    content = root / "content"
    for rel, front in (files or FILES).items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{textwrap.dedent(front).strip()}\n---\nBody.\n", encoding="utf-8")
    return content


def settings(**changes: Any) -> Settings:
    values: dict[str, Any] = {
        "network": Network(name="Test Network on Migration", short_name="TNM", email="network@example.org"),
        "site_url": "https://example.org/",
        "now": NOW,
    }
    values.update(changes)
    return Settings(**values)


@pytest.fixture()
def site(tmp_path: Path) -> Site:
    return load_site(write_content(tmp_path), settings())


def events_of(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_every_calendar_parses_with_icalendar_and_vobject(site: Site) -> None:
    files = render_calendars(site)
    shared = {path for path in files if not path.endswith("/event.ics")}
    assert shared == {"events.ics", "twgs/ctip/events.ics", "twgs/return/events.ics"}
    for data in files.values():
        icalendar.Calendar.from_ical(data)
        parsed = vobject.readOne(data.decode("utf-8"))
        assert parsed.name == "VCALENDAR"
    titles = {str(ev.summary.value) for ev in vobject.readOne(files["events.ics"].decode()).vevent_list}
    assert titles == {"Forum on return", 'Briefing, with "quotes"; and commas', "Webinar from Geneva"}


def test_a_multi_day_event_is_all_day_and_ends_the_day_after_its_last_day(site: Site) -> None:
    forum = events_of(render_calendars(site)["events.ics"])["Forum on return"]
    assert forum["DTSTART"].dt == dt.date(2024, 2, 20)
    assert not isinstance(forum["DTSTART"].dt, dt.datetime)
    assert forum["DTEND"].dt == dt.date(2024, 2, 22)
    assert forum["DTSTART"].params["VALUE"] == "DATE"


def test_a_timed_event_happens_at_the_right_moment(site: Site) -> None:
    briefing = events_of(render_calendars(site)["events.ics"])['Briefing, with "quotes"; and commas']
    assert briefing["DTSTART"].params["TZID"] == "Asia/Dhaka"
    assert briefing["DTSTART"].dt.astimezone(dt.UTC) == dt.datetime(2024, 4, 1, 4, 0, tzinfo=dt.UTC)
    assert briefing["DTEND"].dt.astimezone(dt.UTC) == dt.datetime(2024, 4, 1, 5, 30, tzinfo=dt.UTC)
    vevent = next(
        ev
        for ev in vobject.readOne(render_calendars(site)["events.ics"].decode()).vevent_list
        if ev.summary.value.startswith("Briefing")
    )
    assert vevent.dtstart.value.astimezone(dt.UTC) == dt.datetime(2024, 4, 1, 4, 0, tzinfo=dt.UTC)


def test_an_event_written_with_another_offset_is_given_in_the_site_zone(site: Site) -> None:
    webinar = events_of(render_calendars(site)["events.ics"])["Webinar from Geneva"]
    assert webinar["DTSTART"].params["TZID"] == "Asia/Dhaka"
    assert webinar["DTSTART"].dt.hour == 14
    assert webinar["DTSTART"].dt.astimezone(dt.UTC) == dt.datetime(2024, 5, 2, 8, 0, tzinfo=dt.UTC)


def test_the_site_time_zone_is_described_in_the_file(site: Site) -> None:
    calendar = icalendar.Calendar.from_ical(render_calendars(site)["events.ics"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Dhaka"]


def test_a_calendar_of_all_day_events_needs_no_time_zone(site: Site) -> None:
    calendar = icalendar.Calendar.from_ical(render_calendars(site)["twgs/ctip/events.ics"])
    assert calendar.walk("VTIMEZONE") == []


def test_uids_stay_when_an_event_is_retitled_and_moved(tmp_path: Path) -> None:
    before = icalendar.Calendar.from_ical(
        render_calendars(load_site(write_content(tmp_path / "a"), settings()))["events.ics"]
    )
    edited = dict(FILES)
    edited["events/forum.md"] = (
        FILES["events/forum.md"].replace("Forum on return", "Renamed forum").replace("2024-02-2", "2024-03-2")
    )
    after = icalendar.Calendar.from_ical(
        render_calendars(load_site(write_content(tmp_path / "b", edited), settings()))["events.ics"]
    )
    old = {str(ev["SUMMARY"]): str(ev["UID"]) for ev in before.walk("VEVENT")}
    new = {str(ev["SUMMARY"]): str(ev["UID"]) for ev in after.walk("VEVENT")}
    assert new["Renamed forum"] == old["Forum on return"] == "events-forum@example.org"
    assert sorted(old.values()) == sorted(new.values())


def test_the_same_content_gives_byte_identical_calendars_stamped_by_the_content(tmp_path: Path) -> None:
    content = write_content(tmp_path)
    first = render_calendars(load_site(content, settings()))
    later = render_calendars(load_site(content, settings(now=NOW + dt.timedelta(days=100))))
    assert first == later
    briefing = events_of(first["events.ics"])['Briefing, with "quotes"; and commas']
    assert briefing["DTSTAMP"].dt == dt.datetime(2024, 3, 20, 3, 0, tzinfo=dt.UTC)


def test_each_twg_calendar_holds_only_its_events_and_never_a_draft(site: Site) -> None:
    files = render_calendars(site)
    assert set(events_of(files["twgs/ctip/events.ics"])) == {"Forum on return"}
    assert set(events_of(files["twgs/return/events.ics"])) == {'Briefing, with "quotes"; and commas'}
    assert all(b"Draft event" not in data for data in files.values())


def test_an_event_says_where_what_and_who_with_the_page_address(site: Site) -> None:
    forum = events_of(render_calendars(site)["events.ics"])["Forum on return"]
    assert str(forum["LOCATION"]) == "City Hall, Dhaka, Bangladesh"
    assert str(forum["URL"]) == "https://example.org/events/forum/"
    assert str(forum["DESCRIPTION"]).startswith("Two days on reintegration.")
    assert str(forum["ORGANIZER"]) == "mailto:network@example.org"
    assert forum["ORGANIZER"].params["CN"] == "International Organization for Migration"
    online = events_of(render_calendars(site)["events.ics"])['Briefing, with "quotes"; and commas']
    assert "https://meet.example.org/x" in str(online["DESCRIPTION"])


def test_the_calendar_has_a_name_and_a_product_id(site: Site) -> None:
    calendars = {file.path: file for file in calendars_for(site)}
    data = calendar_for(calendars["twgs/ctip/events.ics"].events, site, "TNM CTIP-TWG events")
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "TNM CTIP-TWG events"
    assert str(calendar["PRODID"])
    assert str(calendar["VERSION"]) == "2.0"


def test_each_event_has_its_own_calendar_file_beside_its_page_with_the_same_uid(site: Site) -> None:
    files = render_calendars(site)
    everything = events_of(files["events.ics"])
    for title, event in everything.items():
        own = [p for p, data in files.items() if p.endswith("/event.ics") and events_of(data).keys() == {title}]
        assert len(own) == 1, title
        assert own[0] == str(event["URL"]).removeprefix("https://example.org/") + "event.ics"
        assert events_of(files[own[0]])[title]["UID"] == event["UID"]
