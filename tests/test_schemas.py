"""The content model: what each type of file accepts, how it reads what staff write, and what it refuses."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel, ValidationError

from generator.content.registry import Problem
from generator.content.types import BUILT_IN
from generator.content.types.bulletins import BulletinSchema
from generator.content.types.events import EventSchema
from generator.content.types.events import event_problems as problems_of_event
from generator.content.types.news import NewsSchema
from generator.content.types.organizations import OrganizationSchema
from generator.content.types.practices import SECTIONS_REQUIRED, PracticeSchema
from generator.content.types.twgs import TwgSchema

SCHEMAS = {content_type.folder: content_type.schema for content_type in BUILT_IN}
DHAKA = ZoneInfo("Asia/Dhaka")

# The smallest valid front matter of each type, as staff would write it in YAML.
MINIMAL: dict[str, dict[str, Any]] = {
    "news": {"title": "T", "summary": "S", "date": "2023-08-02"},
    "events": {"title": "T", "summary": "S", "start": "2023-08-02", "location": {"city": "Dhaka"}},
    "practices": {
        "title": "T", "summary": "S", "period": {"start": "2021-01-01"}, "type_of_practice": "Partnership",
        "countries": "Bangladesh", "main_implementing_organizations": "iom", "date_submitted": "2023-05-10",
    },
    "twgs": {"title": "T", "summary": "S", "short_name": "CTIP-TWG", "status": "active"},
    "organizations": {"title": "T", "summary": "S", "kind": "UN agency"},
    "bulletins": {"title": "T", "summary": "S", "number": 1, "date": "2023-08", "items": "news/x"},
}


def problems(schema: type[BaseModel], data: dict[str, Any]) -> dict[tuple[str | int, ...], str]:
    """Each refused field, with what the schema expected there in words for staff."""
    with pytest.raises(ValidationError) as invalid:
        schema.model_validate(data)
    return {
        tuple(detail["loc"]): detail.get("ctx", {}).get("expected", detail["type"])
        for detail in invalid.value.errors()
    }


def event(**fields: Any) -> EventSchema:
    return EventSchema.model_validate({**MINIMAL["events"], **fields})


def event_problems(data: EventSchema) -> list[tuple[Any, str, str]]:
    """The rules of an event that span fields, broken, as (field path, expected, found), in Dhaka's zone."""
    return [(p.path, p.expected, p.found) for p in problems_of_event(data, DHAKA) if isinstance(p, Problem)]


def test_every_folder_of_content_has_a_schema_and_its_minimal_file_is_valid() -> None:
    assert set(SCHEMAS) == set(MINIMAL)
    for kind, schema in SCHEMAS.items():
        item = schema.model_validate(MINIMAL[kind])
        assert (item.title, item.summary, item.draft, item.image) == ("T", "S", False, None)


def test_every_field_is_described_so_a_missing_one_can_be_explained() -> None:
    for schema in SCHEMAS.values():
        for model in _models_below(schema):
            for name, field in model.model_fields.items():
                assert field.description, f"{model.__name__}.{name}"


def _models_below(schema: type[BaseModel]) -> list[type[BaseModel]]:
    found = [schema]
    for field in schema.model_fields.values():
        for inner in _models_in(field.annotation):
            if inner not in found:
                found += _models_below(inner)
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def test_the_required_fields_of_each_type_are_the_ones_staff_must_write() -> None:
    for kind, schema in SCHEMAS.items():
        assert problems(schema, {}) == {(name,): "missing" for name in MINIMAL[kind]}


def test_a_single_value_is_read_as_a_list_of_one() -> None:
    news = NewsSchema.model_validate({**MINIMAL["news"], "twgs": "ctip", "sdgs": 8, "gcm_objectives": "6", "tags": "x"})
    assert (news.twgs, news.sdgs, news.gcm_objectives, news.tags) == (("ctip",), (8,), (6,), ("x",))


def test_an_empty_list_field_is_an_empty_list() -> None:
    assert NewsSchema.model_validate({**MINIMAL["news"], "twgs": None}).twgs == ()


def test_a_value_listed_twice_is_refused() -> None:
    assert problems(NewsSchema, {**MINIMAL["news"], "twgs": ["ctip", "ctip"]}) == {
        ("twgs",): "each value once, but ctip is listed twice"
    }


def test_an_item_of_the_wrong_type_in_a_list_is_named_by_its_position() -> None:
    assert set(problems(NewsSchema, {**MINIMAL["news"], "twgs": ["ctip", 5, "CTIP"]})) == {("twgs", 1), ("twgs", 2)}


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2023-08-02", dt.date(2023, 8, 2)),
        (dt.date(2023, 8, 2), dt.date(2023, 8, 2)),
        ("2023-08-02 10:00", dt.datetime(2023, 8, 2, 10, 0)),
        ("2023-08-02T10:00:00+06:00", dt.datetime(2023, 8, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=6)))),
    ],
)
def test_dates_are_read_with_or_without_a_time(written: Any, read: dt.date) -> None:
    assert NewsSchema.model_validate({**MINIMAL["news"], "date": written}).date == read


@pytest.mark.parametrize("written", ["2nd August", "2023-02-30", "02/08/2023", "", 20230802, None])
def test_anything_but_an_iso_date_is_refused(written: Any) -> None:
    [expected] = problems(NewsSchema, {**MINIMAL["news"], "date": written}).values()
    assert "2023-08-02" in expected


def test_a_bulletin_date_is_the_month_it_covers() -> None:
    assert BulletinSchema.model_validate({**MINIMAL["bulletins"], "date": "2023-08"}).date == dt.date(2023, 8, 1)
    assert BulletinSchema.model_validate({**MINIMAL["bulletins"], "date": "2023-08-17"}).date == dt.date(2023, 8, 1)
    assert problems(BulletinSchema, {**MINIMAL["bulletins"], "date": "2023-13"}) == {("date",): "a month like 2023-08"}


@pytest.mark.parametrize("number", [0, 18, "eighteen", True])
def test_an_sdg_outside_1_to_17_is_refused(number: Any) -> None:
    assert problems(NewsSchema, {**MINIMAL["news"], "sdgs": [number]}) == {("sdgs", 0): "an SDG number from 1 to 17"}


def test_a_gcm_objective_outside_1_to_23_is_refused() -> None:
    assert problems(NewsSchema, {**MINIMAL["news"], "gcm_objectives": 24}) == {
        ("gcm_objectives", 0): "a GCM objective number from 1 to 23"
    }


@pytest.mark.parametrize("count", ["many", -3, 40.5, True])
def test_participants_must_be_a_whole_number(count: Any) -> None:
    assert set(problems(EventSchema, {**MINIMAL["events"], "participants": count})) == {("participants",)}


def test_draft_must_be_true_or_false_and_reads_them_written_as_words() -> None:
    assert NewsSchema.model_validate({**MINIMAL["news"], "draft": "no"}).draft is False
    assert NewsSchema.model_validate({**MINIMAL["news"], "draft": "True"}).draft is True
    assert problems(NewsSchema, {**MINIMAL["news"], "draft": "maybe"}) == {("draft",): "true or false"}


def test_unknown_fields_are_refused_at_every_level() -> None:
    image = {"src": "a.jpg", "alt": "A", "credit": "x"}
    found = problems(NewsSchema, {**MINIMAL["news"], "twg": "ctip", "image": image})
    assert found == {("twg",): "extra_forbidden", ("image", "credit"): "extra_forbidden"}


def test_an_image_needs_alt_text() -> None:
    assert problems(NewsSchema, {**MINIMAL["news"], "image": {"src": "a.jpg"}}) == {("image", "alt"): "missing"}
    assert problems(NewsSchema, {**MINIMAL["news"], "image": {"src": "a.jpg", "alt": " "}}) == {
        ("image", "alt"): "some text"
    }


def test_text_fields_are_trimmed_and_must_not_be_blank() -> None:
    assert NewsSchema.model_validate({**MINIMAL["news"], "title": "  Dialogue  "}).title == "Dialogue"
    assert problems(NewsSchema, {**MINIMAL["news"], "title": ""}) == {("title",): "some text"}
    assert problems(NewsSchema, {**MINIMAL["news"], "title": ["a"]}) == {("title",): "text"}


@pytest.mark.parametrize("value", ["CTIP", "ctip twg", "ctip_twg", "-ctip", "ctip.md"])
def test_an_id_is_lower_case_letters_digits_and_hyphens(value: str) -> None:
    assert set(problems(NewsSchema, {**MINIMAL["news"], "events": value})) == {("events", 0)}


@pytest.mark.parametrize(
    "address",
    ["www.iom.int", "javascript:alert(1)", "data:text/html,<b>x</b>", "https://", "https://a b.org/", "//x.org"],
)
def test_only_web_and_mail_addresses_are_taken_as_addresses(address: str) -> None:
    [expected] = problems(OrganizationSchema, {**MINIMAL["organizations"], "website": address}).values()
    assert expected.startswith("a web address")


def test_web_addresses_must_start_with_http() -> None:
    assert OrganizationSchema.model_validate({**MINIMAL["organizations"], "website": "https://www.iom.int"}).website


def test_a_twg_status_and_an_organization_kind_come_from_fixed_lists() -> None:
    [status] = problems(TwgSchema, {**MINIMAL["twgs"], "status": "planned"}).values()
    assert all(word in status for word in ("active", "proposed", "closed"))
    [kind] = problems(OrganizationSchema, {**MINIMAL["organizations"], "kind": "agency"}).values()
    assert "'UN agency'" in kind
    roles = {**MINIMAL["organizations"], "roles": "chair"}
    assert set(problems(OrganizationSchema, roles)) == {("roles", 0)}


def test_a_practice_lists_its_scope_and_organizations() -> None:
    practice = PracticeSchema.model_validate(MINIMAL["practices"])
    assert practice.countries == ("Bangladesh",)
    assert practice.main_implementing_organizations == ("iom",)
    assert practice.period.end is None
    assert SECTIONS_REQUIRED == ("Benefit and impact", "Key lessons", "Recommendations", "Innovation")


def test_items_are_frozen_once_read() -> None:
    news = NewsSchema.model_validate(MINIMAL["news"])
    with pytest.raises(ValidationError):
        news.title = "Changed"  # type: ignore[misc]


def test_an_event_that_ends_the_day_before_it_starts_is_a_problem_of_its_end() -> None:
    [(path, expected, found)] = event_problems(event(start="2023-10-10", end="2023-10-08"))
    assert (path, found) == (("end",), "2023-10-08")
    assert "2023-10-10" in expected


def test_an_event_that_ends_earlier_the_same_day_is_a_problem_of_its_end() -> None:
    [(path, _, _)] = event_problems(event(start="2023-10-10 14:00", end="2023-10-10 09:00"))
    assert path == ("end",)


def test_an_event_on_one_day_or_several_has_no_problem() -> None:
    assert event_problems(event(start="2023-10-10")) == []
    assert event_problems(event(start="2023-10-10", end="2023-10-10")) == []
    assert event_problems(event(start="2023-10-10 09:00", end="2023-10-12")) == []


def test_event_times_with_and_without_an_offset_compare_as_instants_in_the_site_zone() -> None:
    assert event_problems(event(start="2023-10-10T10:00:00+06:00", end="2023-10-10 16:00")) == []
    [(path, _, _)] = event_problems(event(start="2023-10-10 10:00", end="2023-10-10T09:00:00+06:00"))
    assert path == ("end",)


def test_an_end_written_in_another_offset_is_compared_as_the_same_instant() -> None:
    # 10:00 in Dhaka is 04:00 UTC: an end at 03:30 UTC is before the start, one at 05:00 UTC after it.
    [(path, _, _)] = event_problems(event(start="2024-05-01T10:00+06:00", end="2024-05-01T03:30+00:00"))
    assert path == ("end",)
    assert event_problems(event(start="2024-05-01T10:00+06:00", end="2024-05-01T05:00+00:00")) == []
    assert event_problems(event(start="2024-05-02T01:00+06:00", end="2024-05-01T20:00+00:00")) == []


def test_an_event_needs_a_place_or_to_be_online() -> None:
    [(path, _, found)] = event_problems(event(location={}))
    assert (path, found) == (("location",), "none of them")
    assert event_problems(event(location={"country": "Bangladesh"})) == [], "a country alone is a place"
    assert event_problems(event(location={"online": True, "url": "https://meet.example.org/x"})) == []
