"""Calendars as calendar apps read them: parsed by icalendar and vobject, right days, right times."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from sitebuild import examplia_copy, mistakes, mkdocs_build, network_site
from test_feed_clients import khal_events, utc_events

from generator.content.loading import load_site
from generator.content.settings import Network, Settings
from generator.graph.site import Site
from generator.outputs.calendar import calendar_for, calendars_for, render_calendars

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
    assert "Organised by International Organization for Migration" in str(forum["DESCRIPTION"])
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


def test_the_organizer_is_the_network_with_its_own_name_and_address(site: Site) -> None:
    """An organisation's name beside the network's address would send replies to the wrong people by name."""
    for event in events_of(render_calendars(site)["events.ics"]).values():
        assert str(event["ORGANIZER"]) == "mailto:network@example.org"
        assert event["ORGANIZER"].params["CN"] == "Test Network on Migration"
    parsed = vobject.readOne(render_calendars(site)["events.ics"].decode())
    assert {ev.organizer.params["CN"][0] for ev in parsed.vevent_list} == {"Test Network on Migration"}


HOSTILE_TEXT = {
    "events/hostile.md": """
        title: Dialogue, Dhaka; "labour" \\ migration
        summary: |
          First line, with a comma; and a semicolon.
          Second line \\ with a backslash.
        start: 2024-04-02
        location: {city: Dhaka}
        """,
}


def test_calendar_names_and_descriptions_are_escaped_so_every_parser_reads_them_whole(tmp_path: Path) -> None:
    network = Network(name='Network on Migration, North; "East" \\ West', short_name="N, E", email="n@example.org")
    site = load_site(write_content(tmp_path, {**FILES, **HOSTILE_TEXT}), settings(network=network))
    files = render_calendars(site)
    own = files["events/hostile/event.ics"]
    hostile = site.get("events", "hostile")
    assert hostile is not None and "," in hostile.summary and "\\" in hostile.summary
    for data, name, description in (
        (files["events.ics"], "N, E events", f"Events of the {network.name}."),
        (own, 'Dialogue, Dhaka; "labour" \\ migration', hostile.summary),
    ):
        by_vobject = vobject.readOne(data.decode("utf-8"))
        for field, text in (("x-wr-calname", name), ("name", name), ("x-wr-caldesc", description),
                            ("description", description)):
            assert by_vobject.contents[field][0].value == text, field
        # icalendar's parser unescapes the properties it knows as TEXT; the others it hands over as written.
        assert str(icalendar.Calendar.from_ical(data)["DESCRIPTION"]) == description


def moved(tmp_path: Path, name: str, start: str, updated: str | None) -> icalendar.Event:
    """The forum's VEVENT after staff set its start (and `updated`) as given."""
    text = textwrap.dedent(FILES["events/forum.md"])
    text = text.replace("start: 2024-02-20\nend: 2024-02-21\n", f"start: {start}\n")
    text += "announced: 2024-01-05\n" + (f"updated: {updated}\n" if updated else "")
    site = load_site(write_content(tmp_path / name, {**FILES, "events/forum.md": text}), settings())
    return events_of(render_calendars(site)["events/forum/event.ics"])["Forum on return"]


def test_moving_an_event_earlier_never_moves_its_stamp_backwards_and_raises_its_sequence(tmp_path: Path) -> None:
    announced = moved(tmp_path, "announced", "2024-03-20", None)
    earlier = moved(tmp_path, "earlier", "2024-03-01", "2024-02-10 09:00")
    earlier_still = moved(tmp_path, "earlier-still", "2024-02-25", "2024-02-12 16:30")
    stamps = [event["DTSTAMP"].dt for event in (announced, earlier, earlier_still)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3, "each change is stamped later than the last"
    assert announced["DTSTAMP"].dt == dt.datetime(2024, 1, 4, 18, 0, tzinfo=dt.UTC), "midnight in Dhaka"
    assert [event["LAST-MODIFIED"].dt for event in (announced, earlier, earlier_still)] == stamps
    assert {event["CREATED"].dt for event in (announced, earlier, earlier_still)} == {stamps[0]}
    sequences = [int(event["SEQUENCE"]) for event in (announced, earlier, earlier_still)]
    assert sequences[0] == 0 and sequences == sorted(sequences) and len(set(sequences)) == 3
    assert all(0 <= number < 2**31 for number in sequences), "an iCalendar INTEGER"


def test_dtstamp_and_the_calendar_never_carry_a_date_after_now(site: Site) -> None:
    for data in render_calendars(site).values():
        for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
            assert event["DTSTAMP"].dt <= NOW and event["LAST-MODIFIED"].dt <= NOW


# Examplia's zone is Africa/Nairobi (UTC+3); a time without an offset is read there.
OFFSETS = {
    # 10:00 in Dhaka is 04:00 UTC; the end is an hour later written in UTC.
    "dhaka-to-utc": ("2024-05-01T10:00+06:00", "2024-05-01T05:00Z", ("2024-05-01T04:00", "2024-05-01T05:00")),
    # Written a day apart, an hour apart in fact: 19:00 and 20:00 UTC.
    "across-midnight": ("2024-05-02T01:00+06:00", "2024-05-01T20:00Z", ("2024-05-01T19:00", "2024-05-01T20:00")),
}


def offsets_site(folder: Path, events: dict[str, tuple[str, str]]) -> Path:
    config = examplia_copy(folder)
    for name, (start, end) in events.items():
        (config.parent / "content" / "events" / f"{name}.md").write_text(
            f'---\ntitle: Event {name}\nsummary: Times with offsets.\nstart: "{start}"\nend: "{end}"\n'
            "location: {online: true}\n---\nBody.\n",
            encoding="utf-8",
        )
    return config


def test_times_with_different_offsets_are_compared_as_instants_and_khal_agrees(tmp_path: Path) -> None:
    config = offsets_site(tmp_path / "examplia", {name: (start, end) for name, (start, end, _) in OFFSETS.items()})
    assert not mistakes(network_site(config, "check").stdout)
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    for name, (_, _, (start, end)) in OFFSETS.items():
        ics = tmp_path / "site" / "events" / name / "event.ics"
        assert list(utc_events(ics)) == [(start, end, f"Event {name}")]
        assert khal_events(ics, tmp_path / "khal" / name) == [(start, end, f"Event {name}")]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2024-05-01 08:00", "2024-05-01T10:00+06:00"),  # 05:00 UTC in Nairobi, then 04:00 UTC
        ("2024-05-01T10:00+06:00", "2024-05-01T03:00Z"),
        ("2024-05-01T23:30Z", "2024-05-02 01:00"),  # 02:30 in Nairobi on the 2nd, then 01:00 there
    ],
)
def test_an_end_before_the_start_in_fact_is_a_mistake_of_check_and_build(tmp_path: Path, start: str, end: str) -> None:
    config = offsets_site(tmp_path / "examplia", {"mixed": (start, end)})
    [line] = mistakes(network_site(config, "check").stdout)
    assert "events/mixed.md:5: end: expected a time after the start (" in line and " in Africa/Nairobi)" in line
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 1 and mistakes(built.stderr) == {line}
