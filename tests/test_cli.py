"""The staff commands, used as staff use them: new, bulletin and check in a site folder."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from sitebuild import FIXED_EPOCH, examplia_copy, front_matter, network_site, site_settings

from generator.content.loading import check
from generator.content.types import BUILT_IN
from generator.staff.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "fixtures" / "examplia", folder)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates")))
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("type_name", [content_type.singular for content_type in BUILT_IN])
def test_a_new_file_left_unedited_is_unfinished_and_passes_check_once_its_placeholders_are_replaced(
    site: Path, type_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", type_name, "Regional dialogue on safe migration", "--date", "2024-05-02"]) == 0
    created = Path(capsys.readouterr().out.split("Created ", 1)[1].strip())
    text = created.read_text(encoding="utf-8")
    assert main(["check"]) == 1
    report = capsys.readouterr().out
    assert f"{created.relative_to(site)}:" in report and "placeholder" in report, report
    # What a member of staff does next: write their own words wherever the file says TODO.
    created.write_text(re.sub(r"TODO[^\"\n]*", "Written by the communications officer", text), encoding="utf-8")
    assert check(site / "content", site_settings(site)).errors == ()
    assert main(["check"]) == 0


def test_new_writes_every_field_of_its_type_with_what_it_is_for(site: Path) -> None:
    assert main(["new", "event", "Workshop on recruitment costs", "--date", "2024-05-02"]) == 0
    text = (site / "content" / "events" / "workshop-on-recruitment-costs.md").read_text(encoding="utf-8")
    for name, field in BUILT_IN["events"].schema.model_fields.items():
        assert f"{name}:" in text, name
        assert (field.description or "") in text
    assert "start: 2024-05-02" in text
    assert "# organizers: []" in text, "optional fields are comments"


def test_a_bangla_title_gets_a_readable_ascii_id(site: Path) -> None:
    before = set((site / "content" / "news").glob("*.md"))
    assert main(["new", "news", "জাতীয় সংলাপ: নিরাপদ অভিবাসন ২০২৪"]) == 0
    [created] = set((site / "content" / "news").glob("*.md")) - before
    assert created.stem.isascii() and created.stem == created.stem.lower()
    assert created.stem.endswith("2024")
    assert "জাতীয় সংলাপ: নিরাপদ অভিবাসন ২০২৪" in created.read_text(encoding="utf-8")


def test_punctuation_is_dropped_from_ids_and_ids_are_stable(site: Path) -> None:
    assert main(["new", "news", "Dialogue: “Reach every victim”, 2023!"]) == 0
    assert (site / "content" / "news" / "dialogue-reach-every-victim-2023.md").is_file()


def test_new_refuses_to_overwrite_an_existing_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = site / "content" / "news" / "update-1.md"
    before = existing.read_text(encoding="utf-8")
    assert main(["new", "news", "Update 1"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == before


def test_an_unknown_type_is_named_with_the_known_ones(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "story", "A title"]) == 1
    message = capsys.readouterr().err
    assert "found 'story'" in message and "news" in message and "event" in message


def test_bulletin_drafts_the_next_issue_from_a_period(site: Path) -> None:
    assert main(["bulletin", "--since", "2024-02-01", "--until", "2024-03-31"]) == 0
    draft = (site / "content" / "bulletins" / "2024-03.md").read_text(encoding="utf-8")
    assert "number: 1" in draft
    assert "news/update-2" in draft and "news/update-3" in draft and "events/return-forum" in draft
    assert "news/update-1" not in draft, "January is outside the period"
    unfinished = {error.field for error in check(site / "content", site_settings(site)).errors}
    assert unfinished == {"title", "summary", "body"}, "the draft is unfinished until its TODOs are written"
    path = site / "content" / "bulletins" / "2024-03.md"
    path.write_text(re.sub(r"TODO[^\"\n]*", "Written by the editor", draft), encoding="utf-8")
    assert check(site / "content", site_settings(site)).errors == ()
    assert main(["bulletin", "--since", "2024-01-01", "--until", "2024-03-31"]) == 1, "never overwrites"


def test_check_prints_json_for_editors(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "content" / "news" / "update-1.md").write_text("---\ntitle: x\nsummary: y\ndate: soon\n---\n")
    assert main(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [error] = report["errors"]
    assert (error["line"], error["field"]) == (4, "date")
    assert error["path"].endswith("update-1.md")


def add_to_body(site: Path, text: str) -> tuple[Path, int]:
    """Append a line to a news item's body; its file and line number."""
    news = site / "content" / "news" / "update-1.md"
    lines = news.read_text(encoding="utf-8").splitlines()
    news.write_text("\n".join([*lines, "", text]) + "\n", encoding="utf-8")
    return news, len(lines) + 2


def test_check_reports_a_link_to_a_missing_content_file_with_its_line_and_the_nearest_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, line = add_to_body(site, "See the [forum](../events/return-forun.md#agenda).")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    where = f"content/news/update-1.md:{line}: link: "
    assert f"{where}expected a file in content/, found '../events/return-forun.md" in out
    assert "did you mean '../events/return-forum.md'?" in out
    assert "1 mistake" in out


def test_links_that_work_are_not_reported(site: Path) -> None:
    add_to_body(site, "The [forum](../events/return-forum.md#agenda), the [news](../news/index.md), "
                      "[UNHCR](https://www.unhcr.org/), [mail](mailto:a@b.org), [top](#top) and `[x](nowhere.md)`.")
    assert check(site / "content", site_settings(site)).errors == ()


def test_a_link_inside_a_code_block_is_not_a_link(site: Path) -> None:
    add_to_body(site, "```\n[example](missing.md)\n```")
    assert check(site / "content", site_settings(site)).errors == ()


def test_a_picture_without_alt_text_is_reported(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "content" / "images").mkdir(exist_ok=True)
    Image.new("RGB", (8, 8)).save(site / "content" / "images" / "a.png")  # a real picture: check reads its header
    _, line = add_to_body(site, "![](../images/a.png) and ![Two people talking](../images/b.png)")
    assert main(["check", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["errors"]
    assert {(p["line"], p["field"]) for p in problems} == {(line, "image"), (line, "link")}
    alt = next(p for p in problems if p["field"] == "image")
    assert alt["expected"] == "alt text saying what the picture shows"


def test_a_new_event_that_is_already_over_gets_no_announcement_date_and_one_to_come_gets_today(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    content = config.parent / "content" / "events"
    before = set(content.glob("*.md"))
    over = network_site(config, "new", "event", "Forum held last year", "--date", "2020-05-04")
    assert over.returncode == 0, over.stderr
    [written] = set(content.glob("*.md")) - before
    assert "announced" not in front_matter(written)
    ahead = network_site(config, "new", "event", "Forum to come", "--date", "2099-05-04")
    assert ahead.returncode == 0, ahead.stderr
    [to_come] = set(content.glob("*.md")) - before - {written}
    today = dt.datetime.fromtimestamp(int(FIXED_EPOCH), tz=dt.UTC).date()
    assert str(front_matter(to_come)["announced"]) in {str(today), str(today - dt.timedelta(days=1)),
                                                       str(today + dt.timedelta(days=1))}
