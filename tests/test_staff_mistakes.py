"""Mistakes staff really make, as they meet them: in `network-site check`, in the build, and on the site.

Each test writes what a communications officer would plausibly write, runs the commands they run,
and reads what they would read: one line naming the file, the line and the field, with what to
write instead; or, where what they wrote can only mean one thing, a site that simply works.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import examplia_copy, front_matter, mkdocs_build

from generator.staff.cli import main as network_site


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the made-up network's folder, entered the way staff run commands in it."""
    folder = examplia_copy(tmp_path / "examplia").parent
    monkeypatch.chdir(folder)
    return folder


def write(site: Path, relative: str, text: str) -> Path:
    path = site / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`network-site check` as staff run it: its exit status and the lines of mistakes it prints."""
    status = network_site(["check"])
    lines = capsys.readouterr().out.splitlines()
    # Notices (a translation whose original changed) are not mistakes: tests/test_languages.py reads them.
    return status, [line for line in lines[:-1] if not line.startswith("notice:")]


def news(**fields: str) -> str:
    front = {"title": "Dialogue on recruitment costs", "summary": "Agencies met to compare recruitment costs.",
             "date": "2024-04-02", **fields}
    return "---\n" + "".join(f"{name}: {value}\n" for name, value in front.items()) + "---\nThey met in Port Example.\n"


def built(site: Path, tmp_path: Path) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    result = mkdocs_build(site / "mkdocs.yml", out)
    return result.returncode, result.stderr, out


# --- references: what staff meant, by id or by title ------------------------------------------------------


def test_an_unknown_twg_is_suggested_by_its_title_with_every_choice_listed(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The TWG's file is return.md; its title speaks of "reintegration", which is what staff remember.
    title = front_matter(site / "content" / "twgs" / "return.md")["title"]
    write(site, "news/dialogue.md", news(twgs="[reintegration]"))
    status, [line] = check(capsys)
    assert status == 1
    assert line.startswith("content/news/dialogue.md:5: twgs (the first TWG): expected the id of a TWG")
    assert f"did you mean 'return', {title}?" in line
    assert "the Technical Working Groups are 'return'" in line, "with few TWGs, all of them are listed"
    assert line.endswith("found 'reintegration', which does not exist")


def test_the_second_unknown_organization_is_named_by_its_position_in_words(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(site, "news/dialogue.md", news(organizations="{organizers: [unhcr, ministry-of-labor]}"))
    status, [line] = check(capsys)
    assert status == 1
    assert "organizations.organizers (the second organization): expected the id of an organization" in line
    assert "did you mean 'ministry-labour'" in line


# --- choices and short forms: what can only mean one thing is read; what could mean several is explained ---


@pytest.mark.parametrize("written", ["un agency", "UN-Agency", "Un_agency", "  UN   AGENCY "])
def test_a_choice_written_in_another_case_or_with_hyphens_is_read_as_the_canonical_word(
    site: Path, written: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = site / "content" / "organizations" / "unhcr.md"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: UN agency", f"kind: '{written}'"), encoding="utf-8")
    assert check(capsys) == (0, [])
    status, stderr, out = built(site, tmp_path)
    assert status == 0, stderr
    page = BeautifulSoup((out / "organizations" / "unhcr" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "UN agency" in page.get_text() and written.strip() not in page.get_text().replace("UN agency", "")


def test_a_choice_that_is_not_one_of_the_words_lists_them(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = site / "content" / "twgs" / "return.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: running"), encoding="utf-8")
    status, [line] = check(capsys)
    assert status == 1
    assert "status: expected one of 'active', 'proposed' or 'closed', found 'running'" in line


def test_a_chair_written_as_just_the_organization_is_read_as_the_chair(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = site / "content" / "twgs" / "return.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("chair: {organization: unhcr, term: 2021–2023}", "chair: unhcr"), encoding="utf-8")
    assert check(capsys) == (0, [])
    status, stderr, out = built(site, tmp_path)
    assert status == 0, stderr
    page = BeautifulSoup((out / "twgs" / "return" / "index.html").read_text(encoding="utf-8"), "html.parser")
    chair = next((term for term in page.find_all("dt") if term.get_text(strip=True).rstrip(":") == "Chair"), None)
    assert chair is not None and "Office of the United Nations High Commissioner" in chair.find_next("dd").get_text()


def test_an_online_event_may_say_just_online(site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = site / "content" / "events" / "return-forum.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("location: {venue: City Hall, city: Port Example, country: Examplia}",
                                 "location: online"), encoding="utf-8")
    assert check(capsys) == (0, [])
    status, stderr, out = built(site, tmp_path)
    assert status == 0, stderr
    assert "Online" in (out / "events" / "return-forum" / "index.html").read_text(encoding="utf-8")


def test_a_picture_given_as_just_its_file_asks_for_the_full_form_with_alt_text(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(site, "news/dialogue.md", news(image="images/dialogue.jpg"))
    status, [line] = check(capsys)
    assert status == 1
    assert "image: expected the full form, like image: {src: images/photo.jpg, alt: what the picture shows}" in line


def test_organizations_given_as_a_bare_list_ask_who_organised_and_who_funded(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(site, "news/dialogue.md", news(organizations="[unhcr]"))
    status, [line] = check(capsys)
    assert status == 1
    assert "organizations: expected the full form, like organizations: {organizers: [iom]" in line


def test_a_bulletin_may_name_an_item_by_its_bare_id_when_only_one_type_has_it(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(site, "bulletins/2024-03.md", "---\ntitle: March\nsummary: The month.\nnumber: 1\ndate: 2024-03\n"
          "items: [update-2, return-forum]\n---\nHello.\n")
    assert check(capsys) == (0, [])
    status, stderr, out = built(site, tmp_path)
    assert status == 0, stderr
    page = BeautifulSoup((out / "bulletins" / "1" / "index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [h2.get_text(strip=True) for h2 in page.select("h2[id^=entry]")]
    forum = front_matter(site / "content" / "events" / "return-forum.md")["title"]
    update = front_matter(site / "content" / "news" / "update-2.md")["title"]
    assert titles == [update, forum]


def test_a_bare_id_two_types_have_asks_for_the_full_form_to_copy(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(site, "events/update-2.md", "---\ntitle: Update day\nsummary: A day of updates.\nstart: 2024-03-01\n"
          "location: online\n---\nA day.\n")
    write(site, "bulletins/2024-03.md", "---\ntitle: March\nsummary: The month.\nnumber: 1\ndate: 2024-03\n"
          "items: [update-2]\n---\nHello.\n")
    status, [line] = check(capsys)
    assert status == 1
    assert "items (the first): expected the full form, since several types have this id: " in line
    assert "'events/update-2' or 'news/update-2'" in line


# --- silent loss: what would have replaced something without a word is now a mistake ------------------------


def test_two_bulletins_with_one_number_are_a_mistake_not_an_overwritten_issue(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    issue = "---\ntitle: {t}\nsummary: The month.\nnumber: 4\ndate: {d}\nitems: [news/update-1]\n---\nHello.\n"
    write(site, "bulletins/2024-03.md", issue.format(t="March", d="2024-03"))
    write(site, "bulletins/2024-04.md", issue.format(t="April", d="2024-04"))
    status, [line] = check(capsys)
    assert status == 1
    assert line == ("content/bulletins/2024-04.md:4: number: expected a number no other bulletin has "
                    "(content/bulletins/2024-03.md has it too), found 4")
    code, stderr, out = built(site, tmp_path)
    assert code != 0 and "a number no other bulletin has" in stderr and not out.exists()


def test_an_index_file_in_a_type_folder_is_a_mistake_not_a_replaced_listing(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(site, "news/index.md", "---\ntitle: News\nsummary: Our news.\ndate: 2024-01-01\n---\nAll our news.\n")
    status, [line] = check(capsys)
    assert status == 1
    assert line.startswith("content/news/index.md:1: id: expected a file name other than index.md")
    code, stderr, _ = built(site, tmp_path)
    assert code != 0 and "other than index.md" in stderr


def test_an_organization_that_is_its_own_parent_or_its_parents_parent_is_a_mistake(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / "content" / "organizations" / "unhcr.md"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: UN agency", "kind: UN agency\nparent: unhcr"),
                    encoding="utf-8")
    status, [line] = check(capsys)
    assert status == 1
    assert line == "content/organizations/unhcr.md:6: parent: expected another organization than this one itself, " \
                   "found 'unhcr'"
    path.write_text(path.read_text(encoding="utf-8").replace("parent: unhcr", "parent: ministry-labour"),
                    encoding="utf-8")
    other = site / "content" / "organizations" / "ministry-labour.md"
    other.write_text(other.read_text(encoding="utf-8").replace("\n---\n", "\nparent: unhcr\n---\n", 1),
                     encoding="utf-8")
    status, lines = check(capsys)
    assert status == 1 and len(lines) == 2
    assert all("does not lead back to this one" in line and "the loop" in line for line in lines)


def test_a_bulletin_carrying_itself_is_a_mistake(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(site, "bulletins/2024-03.md", "---\ntitle: March\nsummary: The month.\nnumber: 1\ndate: 2024-03\n"
          "items: [news/update-1, bulletins/2024-03]\n---\nHello.\n")
    status, [line] = check(capsys)
    assert status == 1
    assert "items (the second): expected another item than this bulletin itself, found 'bulletins/2024-03'" in line


def test_a_page_at_the_address_of_a_page_the_site_makes_is_a_mistake(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(site, "archive.md", "---\ntitle: Our archive\n---\nOld things.\n")
    status, [line] = check(capsys)
    assert status == 1
    assert line.startswith("content/archive.md:1: address: expected an address of its own (/archive/ is also "
                           "the site's own page /archive/)")


# --- values that would have broken the build after check let them through --------------------------------


@pytest.mark.parametrize(
    ("field", "written", "says"),
    [
        ("title", '"Two\\nlines"', "one line of text"),
        ("date", "2204-04-02", "a year from 1900 to 2100"),
        ("title", '"Bell\\u0007 in a title"', "without control characters"),
        ("tags", '["ok", "bad\\u001b"]', "without control characters"),
    ],
)
def test_values_that_would_break_feeds_or_calendars_are_mistakes_check_and_build_agree_on(
    site: Path, field: str, written: str, says: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(site, "news/dialogue.md", news(**{field: written}))
    status, [line] = check(capsys)
    assert status == 1 and says in line and line.startswith("content/news/dialogue.md:")
    code, stderr, _ = built(site, tmp_path)
    assert code != 0 and says in stderr and "Traceback" not in stderr


def test_a_summary_over_several_lines_is_read_as_one_paragraph_everywhere(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = site / "content" / "events" / "return-forum.md"
    text = path.read_text(encoding="utf-8")
    summary = front_matter(path)["summary"]
    first, _, rest = summary.partition(" ")
    path.write_text(text.replace(f"summary: {summary}", f"summary: |\n  {first}\n  {rest}"), encoding="utf-8")
    assert check(capsys) == (0, [])
    code, stderr, out = built(site, tmp_path)
    assert code == 0, stderr
    assert summary in (out / "events" / "return-forum" / "event.ics").read_text(encoding="utf-8").replace("\r\n ", "")
