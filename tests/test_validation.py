"""Every content mistake comes back as one line naming the file, the line and the field, all at once."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.content.errors import ContentError, ContentErrors
from generator.content.loading import check, load_site
from generator.content.settings import Network, Settings
from generator.staff.cli import main

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "bad" / "content"
TEMPLATES = REPO / "templates"
# What staff must never see: a crash, or the validation library talking to programmers.
FOREIGN_WORDING = ("Traceback", "validation error", "Input should be", "pydantic", "errors.pydantic.dev")
MESSAGE = re.compile(r"^(?P<path>\S[^:]*):(?P<line>\d+): (?P<field>[^:]+): expected .+, found .+$")


@dataclass(frozen=True)
class Mistake:
    """One deliberate mistake of the corpus, and what its message must tell staff."""

    path: str
    field: str
    line_starts: str | None  # the text of the line the message points at; None for the file itself
    says: tuple[str, ...]

    def line(self, root: Path) -> int:
        if self.line_starts is None:
            return 1
        lines = (root / self.path).read_bytes().split(b"\n")
        marker = self.line_starts.encode()
        return next(number for number, text in enumerate(lines, 1) if text.startswith(marker))


MISTAKES = {
    "a missing required field": Mistake(
        "content/news/missing-summary.md", "summary", None, ("required", "found nothing")
    ),
    "a wrong type": Mistake(
        "content/events/many-participants.md", "participants", "participants: many",
        ("a whole number", "found 'many'"),
    ),
    "an unparseable date": Mistake(
        "content/news/unparseable-date.md", "date", "date: 2nd August", ("2023-08-02", "found '2nd August'")
    ),
    "an event that ends before it starts": Mistake(
        "content/events/ends-before-start.md", "end", "end: 2023-10-08", ("on or after the start", "2023-10-08")
    ),
    "an unknown TWG": Mistake(
        "content/news/unknown-twg.md", "twgs (the second TWG)", "  - ctp", ("did you mean 'ctip'", "found 'ctp'")
    ),
    "an unknown organization": Mistake(
        "content/events/unknown-organization.md", "organizers (the first organization)", "  - unodoc",
        ("did you mean 'unodc'", "found 'unodoc'"),
    ),
    "a duplicate id": Mistake(
        "content/news/2024/budget-talks.md", "id", None, ("content/news/2023/budget-talks.md", "'budget-talks'")
    ),
    "malformed YAML": Mistake(
        "content/news/malformed-yaml.md", "front matter", 'summary: "Staff opened', ("valid YAML",)
    ),
    "front matter that is a list": Mistake(
        "content/news/list-front-matter.md", "front matter", "- title:", ("name: value", "found a list")
    ),
    "an empty file": Mistake("content/news/empty.md", "front matter", None, ("found an empty file",)),
    "a file that is not UTF-8": Mistake(
        "content/news/latin-1.md", "file", "summary: Caf", ("UTF-8", "0xe9")
    ),
    "an image without alt text": Mistake(
        "content/news/image-without-alt.md", "image.alt", "image:", ("required", "found nothing")
    ),
    "an image with empty alt text": Mistake(
        "content/news/empty-alt.md", "image.alt", '  alt: ""', ("found empty text",)
    ),
    "an unknown field": Mistake(
        "content/news/unknown-field.md", "twg", "twg: ctip", ("did you mean 'twgs'?", "found 'twg'")
    ),
    "a practice without a required section": Mistake(
        "content/practices/missing-lessons.md", "section 'Key lessons'", "Monthly meetings.",
        ("## Key lessons", "found none"),
    ),
    "a bulletin item that does not exist": Mistake(
        "content/bulletins/issue-2.md", "items (the second)", "  - news/dialogue-reprot",
        ("did you mean 'news/dialogue-report'?", "found 'news/dialogue-reprot'"),
    ),
    "an id with capitals and a space": Mistake(
        "content/news/Dhaka Workshop.md", "id", None, ("lower case", "found 'Dhaka Workshop.md'")
    ),
    "a nested field of the wrong type": Mistake(
        "content/events/nested-city.md", "location.city", "  city: [Dhaka", ("text", "found a list of 2")
    ),
}


def mkdocs_yml(root: Path) -> Path:
    """The smallest mkdocs.yml of a site that uses the generator."""
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Test Network\n"
        "site_url: https://example.org/\n"
        "docs_dir: content\n"
        "theme:\n"
        "  name: material\n"
        f"  custom_dir: {TEMPLATES}\n"
        "plugins:\n"
        "  - search\n"
        "  - network:\n"
        "      network:\n"
        "        name: Test Network on Migration\n"
        "        short_name: TNM\n"
        "        email: secretariat@example.org\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bad corpus as a site folder, entered the way staff run commands in it."""
    root = tmp_path / "site"
    shutil.copytree(CORPUS, root / "content")
    mkdocs_yml(root)
    monkeypatch.chdir(root)
    return root


def without_mistakes(root: Path, keep: str | None = None) -> None:
    """Remove the corpus' bad files, all but `keep`."""
    for mistake in MISTAKES.values():
        if mistake.path != keep:
            (root / mistake.path).unlink()


def errors() -> list[ContentError]:
    return sorted(check(Path("content")).errors)


def write(root: Path, relative: str, text: str) -> None:
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def test_every_mistake_of_the_site_is_reported_in_one_run_one_line_each(site: Path) -> None:
    found = errors()
    assert sorted(error.path for error in found) == sorted(mistake.path for mistake in MISTAKES.values())


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_mistake_names_its_file_line_and_field(site: Path, mistake: Mistake) -> None:
    [message] = [str(error) for error in errors() if error.path == mistake.path]
    assert message.startswith(f"{mistake.path}:{mistake.line(site)}: {mistake.field}: expected ")
    assert MESSAGE.match(message)
    for words in mistake.says:
        assert words in message


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_bad_file_holds_exactly_one_mistake(site: Path, mistake: Mistake) -> None:
    without_mistakes(site, keep=mistake.path)
    assert [(error.path, error.field) for error in errors()] == [(mistake.path, mistake.field)]


def test_the_corpus_without_its_bad_files_is_a_valid_site(site: Path) -> None:
    without_mistakes(site)
    assert errors() == []
    graph = load_site(Path("content"), Settings(network=Network(name="Test Network", short_name="TNM")))
    assert {twg.id for twg in graph.of_kind("twgs")} == {"ctip", "labour-migration"}


def test_a_list_written_as_a_single_value_is_accepted(site: Path) -> None:
    loaded = check(Path("content"))
    [story] = [record for record in loaded.records if record.id == "single-twg"]
    assert story.data.twgs == ("ctip",)  # type: ignore[attr-defined]
    assert story.data.sdgs == (8,)  # type: ignore[attr-defined]
    assert not [error for error in loaded.errors if "single-twg.md" in error.path]


def test_the_report_is_plain_sentences_without_traceback_or_library_wording(site: Path) -> None:
    report = ContentErrors(errors()).report()
    *lines, total = report.splitlines()
    assert len(lines) == len(MISTAKES)
    assert all(MESSAGE.match(line) for line in lines)
    assert total == f"{len(MISTAKES)} mistakes in content."
    for words in FOREIGN_WORDING:
        assert words not in report


def test_nested_fields_and_list_items_point_at_their_own_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("twgs", "organizations"):
        shutil.copytree(CORPUS / folder, tmp_path / "content" / folder)
    write(tmp_path, "events/roadshow.md", (
        "---\n"
        "title: Roadshow\n"
        "summary: A roadshow on safe migration.\n"
        "start: 2023-09-20\n"
        "image:\n"
        "  src: https://example.org/roadshow.jpg\n"
        "  alt: ''\n"
        "location:\n"
        "  venue: Town hall\n"
        "  city: {name: Dhaka}\n"
        "twgs:\n"
        "  - ctip\n"
        "  - ctp\n"
        "---\n"
    ))
    monkeypatch.chdir(tmp_path)
    found = [(error.line, error.field) for error in errors()]
    assert found == [(7, "image.alt"), (10, "location.city"), (13, "twgs (the second TWG)")]


def test_line_numbers_count_blank_lines_after_the_opening_dashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "news/spaced.md", "---\n\n\ntitle: Spaced\nsummary: S\ndate: 2nd August\n---\n")
    monkeypatch.chdir(tmp_path)
    assert [str(error).split(": expected")[0] for error in errors()] == ["content/news/spaced.md:6: date"]


def test_line_numbers_hold_in_files_saved_with_windows_line_endings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "news/windows.md", "---\r\ntitle: Windows\r\nsummary: S\r\ndate: soon\r\n---\r\nBody\r\n")
    monkeypatch.chdir(tmp_path)
    assert [(error.line, error.field) for error in errors()] == [(4, "date")]


def test_an_impossible_calendar_date_is_reported_on_its_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "news/leap.md", "---\ntitle: Leap\nsummary: S\ndate: 2023-02-30\n---\n")
    monkeypatch.chdir(tmp_path)
    [error] = errors()
    assert (error.line, error.field, error.found) == (4, "date", "'2023-02-30'")


def test_a_field_written_twice_is_reported_where_it_repeats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "news/twice.md", "---\ntitle: First\nsummary: S\ndate: 2023-08-02\ntitle: Second\n---\n")
    monkeypatch.chdir(tmp_path)
    [error] = errors()
    assert (error.line, error.field) == (5, "front matter")
    assert "'title' twice" in error.found
    assert "line 2" in error.found


def test_a_field_named_by_a_number_is_an_unknown_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "news/number.md", "---\ntitle: T\nsummary: S\ndate: 2023-08-02\n2023: a year\n---\n")
    monkeypatch.chdir(tmp_path)
    [error] = errors()
    assert (error.line, error.field) == (5, "2023")
    assert "known fields" in error.expected


def test_an_unclosed_bracket_is_reported_on_the_line_that_opens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "news/bracket.md", "---\ntitle: T\ntwgs: [ctip\nsummary: S\ndate: 2023-08-02\n---\n")
    monkeypatch.chdir(tmp_path)
    [error] = errors()
    assert (error.line, error.field, error.expected) == (3, "front matter", "valid YAML")


def test_front_matter_that_never_closes_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "news/open.md", "---\ntitle: T\nsummary: S\ndate: 2023-08-02\n\nThe body.\n")
    monkeypatch.chdir(tmp_path)
    [error] = errors()
    assert (error.line, error.field) == (1, "front matter")
    assert "never closes" in error.found


def test_one_file_with_several_mistakes_reports_each_of_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "twgs/gender.md", (
        "---\n"
        "title: Gender Working Group\n"
        "short_name: G-TWG\n"
        "status: planned\n"
        "established: last year\n"
        "chair: {organization: unwomen}\n"
        "---\n"
    ))
    monkeypatch.chdir(tmp_path)
    assert [(error.line, error.field) for error in errors()] == [
        (1, "summary"), (4, "status"), (5, "established"), (6, "chair.organization"),
    ]


def test_check_prints_every_mistake_and_fails_for_a_site_with_mistakes(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["-f", str(site / "mkdocs.yml"), "check"])
    out, err = capsys.readouterr()
    assert status == 1
    *lines, summary = out.splitlines()
    assert sorted(MESSAGE.match(line)["path"] for line in lines) == sorted(m.path for m in MISTAKES.values())  # type: ignore[index]
    for mistake in MISTAKES.values():
        assert any(line.startswith(f"{mistake.path}:{mistake.line(site)}: {mistake.field}: ") for line in lines)
    assert summary.startswith(f"{len(MISTAKES)} mistakes in ")
    for words in FOREIGN_WORDING:
        assert words not in out + err


def test_check_passes_for_a_valid_site(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    without_mistakes(site)
    status = main(["-f", str(site / "mkdocs.yml"), "check"])
    out, _ = capsys.readouterr()
    assert status == 0
    assert out.startswith("0 mistakes in ")


def test_check_as_json_gives_the_same_mistakes_as_data(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["-f", str(site / "mkdocs.yml"), "check", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert report["count"] == len(MISTAKES)
    by_path = {error["path"]: error for error in report["errors"]}
    for mistake in MISTAKES.values():
        error = by_path[mistake.path]
        assert (error["line"], error["field"]) == (mistake.line(site), mistake.field)
        assert error["message"].startswith(f"{mistake.path}:{error['line']}: {mistake.field}: expected ")


def test_the_check_command_run_as_a_module_exits_1_and_prints_one_line_per_mistake(site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "generator.staff.cli", "check", "-f", "mkdocs.yml"],
        cwd=site, capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()[:-1]
    assert len(lines) == len(MISTAKES)
    assert all(MESSAGE.match(line) for line in lines)
    assert "Traceback" not in result.stdout + result.stderr


def test_a_summary_too_long_for_cards_and_feeds_is_reported(tmp_path: Path) -> None:
    from generator.content.loading import check as check_content

    news = tmp_path / "content" / "news"
    news.mkdir(parents=True)
    (news / "long.md").write_text("---\ntitle: Long\nsummary: " + "word " * 80 + "\ndate: 2024-01-01\n---\nBody\n")
    [error] = check_content(tmp_path / "content").errors
    assert (error.line, error.field) == (3, "summary")
    assert "at most 300 characters" in str(error)
