"""A full disk or a read-only output folder stops the build with one line saying what, where and what to do.

The last good site stays as it was, and nothing of the failed build is left behind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mounts import fill, read_only, tmpfs
from sitebuild import examplia_copy, mkdocs_build, removals_ended
from test_build import fingerprint

# What staff read last: MkDocs' own "Error: …" or "ERROR - …" line with our sentence, and nothing like a traceback.
ONE_LINE = re.compile(r"^(?:Error: |ERROR\s+-\s+)(Could not (?:write|copy) .+)$", re.MULTILINE)


def said(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr[-3000:]
    [line] = ONE_LINE.findall(stderr)
    return str(line)


def test_a_read_only_output_folder_is_one_line_and_the_site_is_kept(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    site = config.parent / "site"
    assert mkdocs_build(config, site).returncode == 0
    before = fingerprint(site)
    with read_only(config.parent):
        result = mkdocs_build(config, site)
    assert result.returncode == 1
    line = said(result.stderr)
    assert line.startswith(f"Could not write the folder {config.parent}: the disk is read-only.")
    assert f"the last good site in {site} is unchanged" in line and "mkdocs build -d" in line
    assert fingerprint(site) == before


def test_a_full_disk_is_one_line_the_site_is_kept_and_the_next_build_works_once_there_is_room(
    tmp_path: Path,
) -> None:
    disk = tmp_path / "disk"
    with tmpfs(disk, "32m"):  # room for the site (8 MB with the editor) and a build of it
        config = examplia_copy(disk / "examplia")
        site = config.parent / "site"
        assert mkdocs_build(config, site).returncode == 0
        before = fingerprint(site)
        filler = fill(disk)
        result = mkdocs_build(config, site)
        assert result.returncode == 1
        line = said(result.stderr)
        assert line.startswith(f"Could not write {site}") and ": the disk is full." in line
        assert "free some space on it and build again" in line
        assert fingerprint(site) == before
        assert [path.name for path in config.parent.iterdir() if path.name.startswith(".site")] == []
        filler.unlink()
        assert mkdocs_build(config, site).returncode == 0


def test_a_full_mount_point_says_the_site_there_may_be_partly_updated(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    site = config.parent / "site"
    with tmpfs(site, "16m"):
        assert mkdocs_build(config, site).returncode == 0
        fill(site)
        about = config.parent / "content" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
        result = mkdocs_build(config, site)
        assert result.returncode == 1
        line = said(result.stderr)
        assert line.startswith(f"Could not copy the site into {site}") and "the disk is full" in line
        assert "may be partly updated" in line
        assert not [path for path in site.rglob(".*publishing-*")], "no temporary file is left"


@pytest.mark.parametrize("layout", ["folder", "link"])
def test_nothing_of_a_failed_build_is_left_beside_the_site(tmp_path: Path, layout: str) -> None:
    config = examplia_copy(tmp_path / "examplia")
    site = config.parent / "site"
    if layout == "link":
        (tmp_path / "www").mkdir()
        site.symlink_to(tmp_path / "www", target_is_directory=True)
    (config.parent / "content" / "about.md").write_text("See [nothing](missing.md).\n", encoding="utf-8")
    assert mkdocs_build(config, site).returncode == 1
    for beside in (config.parent, tmp_path):  # beside site/, and beside the folder a link to it points at
        removals_ended(beside)
    assert [path.name for path in tmp_path.rglob(".*building-*")] == []
    assert [path.name for path in tmp_path.rglob(".*removing-*")] == [], "the failed build's staging is removed"
