"""`check` reads links and pictures in bodies as a reader follows them: missing files, unpublished pages, alt text."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from sitebuild import REPO, mkdocs_build

from generator.content.links import every_file

DRAFT = """---
title: Not ready for readers
summary: A draft the team is still writing.
date: 2024-03-01
draft: true
---
Still being written; see [the first update](update-1.md).
"""
SCHEDULED = """---
title: Announced next summer
summary: An article dated in the future.
date: 2026-06-01
---
Appears on its date.
"""


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "fixtures" / "examplia", folder)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates")))
    return folder


def run_check(site: Path, *options: str, epoch: dt.datetime | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator.staff.cli check` in the site's folder, as staff and the pre-commit hook run it."""
    env = {**os.environ}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))
    return subprocess.run(
        [sys.executable, "-m", "generator.staff.cli", "check", *options],
        cwd=site, capture_output=True, text=True, env=env, check=False,
    )


def write(site: Path, path: str, text: str) -> Path:
    file = site / "content" / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def line_of(file: Path, text: str) -> int:
    """The line of the file (as an editor numbers it) that holds `text`."""
    return next(n for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def with_body(site: Path, path: str, body: str) -> Path:
    """A news item with a long, folded front matter, then `body`."""
    front = (
        "---\ntitle: Links in a body\nsummary: >\n  A summary written\n  over three\n  lines.\n"
        "date: 2024-02-01\ntwgs: [return]\n---\n"
    )
    return write(site, path, front + body)


def test_check_exits_with_1_and_names_the_file_and_line_of_a_broken_link(site: Path) -> None:
    file = with_body(site, "news/links.md", "First paragraph.\n\nRead [the forum report](forum-report.md#day-2).\n")
    result = run_check(site)
    assert result.returncode == 1
    line = line_of(file, "forum-report.md")
    assert (
        f"content/news/links.md:{line}: link: expected a file in content/, found 'forum-report.md#day-2', "
        "which does not exist" in result.stdout
    )
    assert "1 mistake in" in result.stdout


def test_check_as_json_gives_editors_every_part_of_a_broken_link(site: Path) -> None:
    file = with_body(site, "news/links.md", "See [the forum](../events/return-forun.md).\n")
    result = run_check(site, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["count"] == 1
    [error] = report["errors"]
    assert error["path"].endswith("content/news/links.md")
    assert error["line"] == line_of(file, "return-forun.md")
    assert error["field"] == "link"
    assert error["expected"] == "a file in content/"
    assert error["found"].startswith("'../events/return-forun.md'")
    assert "did you mean '../events/return-forum.md'?" in error["found"]


def test_a_nearby_file_in_the_same_folder_is_suggested(site: Path) -> None:
    with_body(site, "news/links.md", "Earlier: [update 2](update2.md).\n")
    assert "did you mean 'update-2.md'?" in run_check(site).stdout


def test_links_readers_can_follow_are_not_reported(site: Path) -> None:
    with_body(
        site, "news/links.md",
        '[Titled](update-2.md "The second update"), [angled](<update-3.md>), [up](../about.md#contact), '
        "[listing](index.md), [site](https://example.org/page.md), [mail](mailto:x@example.org), [top](#top), "
        "[events](../events/).\n",
    )
    result = run_check(site)
    assert result.returncode == 0, result.stdout


def test_links_shown_as_code_are_not_links(site: Path) -> None:
    body = (
        "Write links like ``[text](missing-1.md)`` or `[text](missing-2.md)`.\n\n"
        "~~~markdown\n[text](missing-3.md)\n~~~\n\n"
        "```\n[text](missing-4.md)\n```\n\n"
        "An example:\n\n    [text](missing-5.md)\n"
    )
    with_body(site, "news/links.md", body)
    result = run_check(site)
    assert result.returncode == 0, result.stdout


def test_a_link_in_a_nested_list_is_still_checked(site: Path) -> None:
    file = with_body(site, "news/links.md", "- Reports\n    - [the forum](missing-forum.md)\n")
    result = run_check(site)
    assert f"links.md:{line_of(file, 'missing-forum.md')}: link" in result.stdout


def test_a_picture_used_as_a_link_still_needs_alt_text(site: Path) -> None:
    write(site, "images/logo.png", "")
    Image.new("RGB", (8, 8)).save(site / "content" / "images" / "logo.png")  # a real picture: check reads its header
    file = with_body(site, "news/links.md", "[![](../images/logo.png)](update-2.md)\n")
    report = json.loads(run_check(site, "--format", "json").stdout)
    assert [(e["line"], e["field"]) for e in report["errors"]] == [(line_of(file, "logo.png"), "image")]


def test_a_link_from_a_page_outside_the_typed_folders_is_checked_too(site: Path) -> None:
    file = write(site, "about.md", "# About\n\nOur [members](organisations/unhcr.md).\n")
    result = run_check(site)
    assert f"content/about.md:{line_of(file, 'unhcr.md')}: link" in result.stdout
    assert "did you mean 'organizations/unhcr.md'?" in result.stdout


def test_a_published_page_linking_to_a_draft_is_reported_because_readers_could_not_follow_it(site: Path) -> None:
    write(site, "news/not-ready.md", DRAFT)
    file = with_body(site, "news/links.md", "Coming soon: [the next step](not-ready.md).\n")
    result = run_check(site)
    assert result.returncode == 1
    line = line_of(file, "not-ready.md")
    assert f"links.md:{line}: link: expected a published file in content/, found 'not-ready.md'" in result.stdout
    assert "draft" in result.stdout
    assert "not-ready.md:" not in result.stdout, "a draft may link to what it likes"


def test_a_link_to_a_scheduled_item_is_fine_once_its_date_has_passed(site: Path) -> None:
    write(site, "news/announced.md", SCHEDULED)
    with_body(site, "news/links.md", "Next: [the announcement](announced.md).\n")
    before = run_check(site, epoch=dt.datetime(2025, 11, 22, tzinfo=dt.UTC))
    assert before.returncode == 1 and "found 'announced.md'" in before.stdout
    after = run_check(site, epoch=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    assert after.returncode == 0, after.stdout


def test_the_build_stops_on_a_link_to_a_draft_with_the_same_message(site: Path) -> None:
    write(site, "news/not-ready.md", DRAFT)
    file = with_body(site, "news/links.md", "Coming soon: [the next step](not-ready.md).\n")
    result = mkdocs_build(site / "mkdocs.yml", site / "built")
    assert result.returncode != 0
    assert f"links.md:{line_of(file, 'not-ready.md')}: link: expected a published file" in result.stderr
    assert not (site / "built").exists(), "nothing was published"


# A tree of content/: folders, files, and links to a file, a folder, nowhere, or themselves.
_ENTRIES = st.lists(
    st.tuples(st.sampled_from(["", "a/", "a/b/", ".hidden/"]), st.sampled_from(["x.md", "y.pdf", ".z"]),
              st.sampled_from(["file", "to a file", "to a folder", "to nowhere", "to itself"])),
    max_size=12,
)


@given(entries=_ENTRIES)
@settings(max_examples=40, deadline=None)
def test_the_files_links_may_point_at_are_the_files_a_walk_of_content_finds(entries: list[tuple[str, str, str]]
                                                                             ) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        for where in ("a/b", ".hidden"):
            (root / where).mkdir(parents=True)
        (root / "a" / "real.md").write_text("A page.\n", encoding="utf-8")
        for parent, name, kind in entries:
            path = root / parent / name
            if os.path.lexists(path):
                continue
            if kind == "file":
                path.write_text("Text.\n", encoding="utf-8")
            else:
                target = {"to a file": root / "a" / "real.md", "to a folder": root / "a", "to nowhere": root / "gone",
                          "to itself": path}[kind]
                path.symlink_to(target)
        walked = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
        assert every_file(root) == walked
