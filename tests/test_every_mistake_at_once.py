"""One `network-site check` tells staff every mistake, each at its real line, and the build tells the same list.

A communications officer fixes what check says, runs it again, and expects nothing new: no summary
that was too long all along, no picture that was never one, no bulletin that only now says its item
is missing. Where one file's mistake shows in another (a bulletin listing a broken item), the line
names the file to fix. An id written as staff say it (IOM, EU, LM-TWG) is answered with the id meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import examplia_copy, mistakes, mkdocs_build
from test_staff_mistakes import write

from generator.staff.cli import main as network_site

# The real site's link checks: MkDocs refuses an unrecognised relative link or a missing anchor under --strict.
REAL_SITE_VALIDATION = (
    "validation:\n  omitted_files: info\n  absolute_links: warn\n  unrecognized_links: warn\n  anchors: warn\n"
)


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The made-up network, with the real site's link checks, entered the way staff run commands in it."""
    config = examplia_copy(tmp_path / "examplia")
    config.write_text(config.read_text(encoding="utf-8") + REAL_SITE_VALIDATION, encoding="utf-8")
    monkeypatch.chdir(config.parent)
    return config.parent


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`network-site check` as staff run it: its exit status and its lines of mistakes."""
    status = network_site(["check"])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return status, sorted(mistakes(out.out))


def line_of(path: Path, text: str) -> int:
    """The line of the file holding `text`, counted as an editor counts."""
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def says(lines: list[str], path: Path, line: int, field: str, *words: str) -> bool:
    """Whether a line of check's report is at `path:line`, names `field`, and holds every one of `words`."""
    content = next(folder for folder in path.parents if folder.name == "content")
    start = f"content/{path.relative_to(content).as_posix()}:{line}: {field}: "
    return any(text.startswith(start) and all(word in text for word in words) for text in lines)


def test_a_file_with_many_mistakes_gets_all_of_them_in_one_check_each_at_its_real_line(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content" / "images" / "chart.jpg").write_text("a spreadsheet saved with the wrong name", encoding="utf-8")
    summary = f"{'Agencies met. ' * 28}and agreed."
    story = write(site, "news/workshop.md", (
        "---\n"
        "title: Workshop on fair recruitment\n"
        f"summary: {summary}\n"
        "date: 2024-13-02\n"
        "twgs: [return]\n"
        "sdgs: [99]\n"
        "image: {src: images/workshop.jpg, alt: Participants}\n"
        "colour: red\n"
        "---\n"
        "The workshop went well. See [the forum](../events/return-forum.md) and [the minutes](minutes.md).\n"
        "\n"
        "![A chart of recruitment costs](../images/chart.jpg)\n"
        "\n"
        "TODO: say what was agreed.\n"
    ))
    status, lines = check(capsys)
    assert status == 1
    expected = [
        (line_of(story, "summary:"), "summary", "at most 300 characters", f"found {len(summary)}"),
        (line_of(story, "date:"), "date", "found '2024-13-02'"),
        (line_of(story, "sdgs:"), "sdgs (the first)", "found 99"),
        (line_of(story, "image:"), "image.src", "'images/workshop.jpg', which does not exist"),
        (line_of(story, "colour:"), "colour", "found 'colour'"),
        (line_of(story, "minutes.md"), "link", "'minutes.md', which does not exist"),
        (line_of(story, "chart.jpg"), "image", "'images/chart.jpg', which is not a picture"),
        (line_of(story, "TODO"), "body", "placeholder"),
    ]
    for line, field, *words in expected:
        assert says(lines, story, line, field, *words), f"{field} at line {line} is not in:\n" + "\n".join(lines)
    assert len(lines) == len(expected), "\n".join(lines)


def test_fixing_every_mistake_check_named_leaves_none_for_a_second_round(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content" / "images" / "photo.jpg").write_bytes(b"not a picture at all")
    story = write(site, "news/workshop.md", (
        "---\n"
        "title: Workshop\n"
        f"summary: {'Long words. ' * 40}\n"
        "date: soon\n"
        "image: {src: images/photo.jpg, alt: A photo}\n"
        "---\n"
        "The workshop went well.\n"
    ))
    status, lines = check(capsys)
    assert status == 1
    assert {text.split(": ")[1] for text in lines} == {"summary", "date", "image.src"}, lines
    # Staff fix exactly the lines check named, and nothing else.
    real = (site / "content" / "images" / "return-forum.jpg").read_bytes()
    (site / "content" / "images" / "photo.jpg").write_bytes(real)
    text = story.read_text(encoding="utf-8")
    text = text.replace(f"summary: {'Long words. ' * 40}", "summary: Agencies met.")
    text = text.replace("date: soon", "date: 2024-02-02")
    story.write_text(text, encoding="utf-8")
    assert check(capsys) == (0, [])


def test_a_body_refused_unread_still_has_its_fields_checked(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A control character pasted from a PDF: the body is refused before Markdown reads it, the fields are not.
    story = write(site, "news/workshop.md", "---\ntitle: Workshop\nsummary: Agencies met.\ndate: last week\n"
                                            "twgs: [retrun]\n---\nThey met.\n\nCosts fell\x01 by half.\n")
    status, lines = check(capsys)
    assert status == 1
    assert says(lines, story, line_of(story, "Costs fell"), "body", "control character")
    assert says(lines, story, line_of(story, "date:"), "date", "found 'last week'")
    assert says(lines, story, line_of(story, "twgs:"), "twgs (the first TWG)", "did you mean 'return'")
    assert len(lines) == 3, lines


def test_an_unfinished_last_line_is_reported_on_that_line_not_after_the_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = write(site, "news/workshop.md", "---\ntitle: Workshop\nsummary: Agencies met.\ndate: 2024-02-02\n---\n"
                                            "They met.\n\nTODO: write what they agreed.\n")
    status, [line] = check(capsys)
    assert status == 1
    last = len(story.read_text(encoding="utf-8").splitlines())
    assert line.startswith(f"content/news/workshop.md:{last}: body: ")


def test_a_missing_section_of_an_empty_body_points_at_a_line_the_file_has(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    practice = write(site, "practices/buddy-system.md", (
        "---\ntitle: Buddy system\nsummary: Returnees paired with mentors.\nperiod: {start: 2022-01-01}\n"
        "type_of_practice: Reintegration\ncountries: [Examplia]\nmain_implementing_organizations: [unhcr]\n"
        "date_submitted: 2023-05-01\n---\n"
    ))
    status, lines = check(capsys)
    assert status == 1 and lines
    lines_in_file = len(practice.read_text(encoding="utf-8").splitlines())
    for text in lines:
        assert 1 <= int(text.split(":")[1]) <= lines_in_file, text


# --- knock-on mistakes name the file that caused them -------------------------------------------------------


BROKEN_YAML = "---\ntitle: Broken: a colon left unquoted\nsummary: Words.\ndate: 2024-01-05\n---\nBody.\n"


def test_a_bulletin_listing_an_item_whose_file_has_a_mistake_names_that_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(site, "news/broken.md", BROKEN_YAML)
    bulletin = write(site, "bulletins/2024-01.md", "---\ntitle: January\nsummary: The month.\nnumber: 1\n"
                                                   "date: 2024-01\nitems:\n  - news/update-1\n  - news/broken\n---\n"
                                                   "Hello.\n")
    status, lines = check(capsys)
    assert status == 1
    assert says(lines, bulletin, line_of(bulletin, "news/broken"), "items (the second)",
                "found 'news/broken', which is listed but content/news/broken.md has a mistake")
    assert not [text for text in lines if "did you mean" in text], "a file with a mistake is not a missing file"


def test_a_translation_and_a_link_to_a_file_with_a_mistake_name_that_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(site, "news/broken.md", BROKEN_YAML)
    write(site, "news/broken.bn.md", "---\ntitle: ভাঙা\nreviewed: false\n---\nলেখা।\n")
    other = site / "content" / "news" / "update-2.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nSee [the other story](../broken/).\n", encoding="utf-8")
    status, lines = check(capsys)
    assert status == 1
    translation = site / "content" / "news" / "broken.bn.md"
    assert says(lines, translation, 1, "file", "content/news/broken.md has a mistake")
    assert says(lines, other, line_of(other, "the other story"), "link",
                "'../broken/', which is linked but content/news/broken.md has a mistake")


# --- ids written as staff say them -------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "meant"), [
    ("IOM", "iom"), ("EU", "eu"), ("iom-ghana", "iom"), ("International Organization for Migration", "iom"),
    ("Iom", "iom"),
])
def test_an_organization_written_as_its_short_name_title_or_in_capitals_suggests_its_id(
    site: Path, capsys: pytest.CaptureFixture[str], written: str, meant: str
) -> None:
    write(site, "organizations/iom.md", "---\ntitle: International Organization for Migration\nshort_name: IOM\n"
                                        "summary: The UN Migration agency.\nkind: UN agency\n---\nIOM.\n")
    write(site, "organizations/eu.md", "---\ntitle: European Union\nsummary: A donor.\nkind: donor\n---\nThe EU.\n")
    story = write(site, "news/workshop.md", "---\ntitle: Workshop\nsummary: Agencies met.\ndate: 2024-02-02\n"
                                            f"organizations: {{funders: ['{written}']}}\n---\nThey met.\n")
    status, [line] = check(capsys)  # one mistake, one line: not also one about capitals
    assert status == 1
    assert says([line], story, line_of(story, "organizations:"), "organizations.funders (the first organization)",
                f"did you mean '{meant}'", f"found '{written}'")


def test_a_twg_written_as_its_short_name_suggests_its_id(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(site, "twgs/lm.md", "---\ntitle: Labour Migration Technical Working Group\nshort_name: LM-TWG\n"
                              "summary: Labour migration.\nstatus: active\nestablished: 2021-06-01\n---\nLM.\n")
    story = write(site, "news/workshop.md", "---\ntitle: Workshop\nsummary: Agencies met.\ndate: 2024-02-02\n"
                                            "twgs: [LM-TWG]\n---\nThey met.\n")
    status, [line] = check(capsys)
    assert status == 1
    assert says([line], story, line_of(story, "twgs:"), "twgs (the first TWG)", "did you mean 'lm'", "found 'LM-TWG'")


# --- check and the build agree, and the build tells the whole list at once --------------------------------------


def check_and_build(site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[list[str], list[str]]:
    """The mistakes check prints and the mistakes a strict build stops on (which must stop, with no traceback)."""
    _, said_by_check = check(capsys)
    result = mkdocs_build(site / "mkdocs.yml", tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    return said_by_check, sorted(mistakes(result.stderr))


def test_check_and_the_build_give_the_same_list_for_a_jpg_that_is_not_a_picture_and_a_folder_link_to_no_page(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("launch.jpg", "hall.jpg"):
        (site / "content" / "images" / name).write_text("<html>a web page saved as .jpg</html>", encoding="utf-8")
    story = write(site, "news/launch.md", (
        "---\ntitle: Launch\nsummary: The network was launched.\ndate: not yet\n"
        "image: {src: images/launch.jpg, alt: The launch}\n---\n"
        "See [the forum](../events/return-forun/) and ![the hall](../images/hall.jpg).\n"
    ))
    said_by_check, said_by_build = check_and_build(site, capsys, tmp_path)
    assert said_by_check == said_by_build
    body = line_of(story, "the forum")
    assert says(said_by_build, story, line_of(story, "image:"), "image.src", "which is not a picture")
    assert says(said_by_build, story, body, "image", "which is not a picture")
    # A folder-style link to no page is refused in both, with the link to the file staff most likely meant.
    assert says(said_by_build, story, body, "link", "'../events/return-forun/', which no page has",
                "did you mean '../events/return-forum.md'?")
    assert says(said_by_build, story, line_of(story, "date:"), "date", "found 'not yet'")
    assert not (tmp_path / "out").exists(), "nothing is published while a mistake remains"


def test_a_folder_style_link_to_a_page_that_exists_is_accepted_by_check_and_resolved_by_the_build(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    story = site / "content" / "news" / "update-1.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nSee [the forum](../events/return-forum/).\n",
                     encoding="utf-8")
    assert check(capsys) == (0, [])
    result = mkdocs_build(site / "mkdocs.yml", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "out" / "news" / "update-1" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    link = page.find("a", string="the forum")
    assert link is not None and link["href"] == "../../events/return-forum/"


def test_a_file_with_a_mistake_still_has_its_number_and_id_compared_with_the_others(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = "---\ntitle: January\nsummary: The month.\nnumber: 1\ndate: 2024-01\nitems: [news/update-1]\n---\nHello.\n"
    write(site, "bulletins/2024-01.md", first)
    second = write(site, "bulletins/2024-02.md", first.replace("date: 2024-01", "date: February"))
    copy = write(site, "news/2024/update-1.md", "---\ntitle: Update\nsummary: Words.\ndate: soon\n---\nText.\n")
    status, lines = check(capsys)
    assert status == 1
    assert says(lines, second, line_of(second, "date:"), "date", "found 'February'")
    assert says(lines, second, line_of(second, "number:"), "number", "content/bulletins/2024-01.md has it too")
    assert says(lines, copy, line_of(copy, "date:"), "date", "found 'soon'")
    assert [text for text in lines if ": id: " in text and "'update-1' again" in text], lines
