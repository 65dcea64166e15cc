"""Publishing puts the new site in place whole, whether site/ is a folder, a link to the web root or a mount point.

Killed builds leave nothing behind for long, a build still running keeps its work, and a crash between
two renames never leaves the network without a site.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from mounts import tmpfs
from sitebuild import examplia_copy, mkdocs_build, removals_ended
from test_build import fingerprint

from generator.pipeline import staging as build_output
from generator.pipeline.staging import StagedOutput

TITLE = "Examplia UN Network on Migration"


def leftovers(folder: Path) -> list[str]:
    """Staging, old and replaced folders of builds beside the site (none once builds and their removals are over)."""
    removals_ended(folder)
    return sorted(path.name for path in folder.iterdir()
                  if any(kind in path.name for kind in (".building-", ".old-", ".removing-")))


def home(site: Path) -> str:
    return (site / "index.html").read_text(encoding="utf-8")


def retitle(config: Path, words: str) -> None:
    about = config.parent / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    return examplia_copy(tmp_path / "examplia")


def test_a_site_folder_is_exchanged_whole_and_nothing_is_left_beside_it(config: Path) -> None:
    site = config.parent / "site"
    assert mkdocs_build(config, site).returncode == 0
    first = site.stat().st_ino
    (site / "stale.html").write_text("from an old build", encoding="utf-8")
    retitle(config, "Second edition.")
    assert mkdocs_build(config, site).returncode == 0
    assert site.stat().st_ino != first, "a new folder, put in place in one step"
    assert not (site / "stale.html").exists()
    assert "Second edition." in (site / "about" / "index.html").read_text(encoding="utf-8")
    assert leftovers(config.parent) == []


def test_the_replaced_site_is_removed_by_a_process_that_outlives_the_build(config: Path) -> None:
    site = config.parent / "site"
    assert mkdocs_build(config, site).returncode == 0
    (site / "marker-of-the-old-site.html").write_text("from the replaced site", encoding="utf-8")
    held = os.open(site, os.O_RDONLY | os.O_DIRECTORY)  # the replaced site's folder, whatever it is renamed to
    try:
        retitle(config, "Second edition.")
        assert mkdocs_build(config, site).returncode == 0
        assert "Second edition." in (site / "about" / "index.html").read_text(encoding="utf-8")
        assert leftovers(config.parent) == []
        assert os.listdir(held) == [], "the replaced site's files are gone"
    finally:
        os.close(held)


def test_a_removal_that_was_killed_is_finished_by_the_next_build(config: Path) -> None:
    site = config.parent / "site"
    assert mkdocs_build(config, site).returncode == 0
    killed = config.parent / ".site.removing-k1ll3d"
    (killed / "news").mkdir(parents=True)
    (killed / "news" / "index.html").write_text("half removed", encoding="utf-8")
    assert mkdocs_build(config, site).returncode == 0
    assert leftovers(config.parent) == []
    assert TITLE in home(site)


def test_where_the_file_system_cannot_exchange_two_renames_do_and_leave_nothing(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = config.parent / "site"
    assert mkdocs_build(config, site).returncode == 0
    monkeypatch.setattr(build_output, "_exchange", lambda one, other: False)
    output = StagedOutput(site)
    (output.staging_dir / "index.html").write_text("the next site", encoding="utf-8")
    output.publish()
    assert home(site) == "the next site"
    assert leftovers(config.parent) == []


def test_when_site_is_a_link_to_the_web_root_the_web_root_gets_the_new_site(config: Path, tmp_path: Path) -> None:
    web_root = tmp_path / "www" / "html"
    web_root.mkdir(parents=True)
    (web_root / "stale.html").write_text("yesterday's site", encoding="utf-8")
    link = config.parent / "site"
    link.symlink_to(web_root, target_is_directory=True)
    assert mkdocs_build(config, link).returncode == 0
    assert TITLE in home(web_root) and not (web_root / "stale.html").exists()
    retitle(config, "Second edition.")
    assert mkdocs_build(config, link).returncode == 0
    assert "Second edition." in (web_root / "about" / "index.html").read_text(encoding="utf-8")
    assert link.is_symlink() and link.resolve() == web_root.resolve(), "the link is left as it was"
    assert leftovers(web_root.parent) == [] and leftovers(config.parent) == []


def test_when_site_is_a_mount_point_the_new_site_is_copied_in_and_it_stays_mounted(config: Path) -> None:
    site = config.parent / "site"
    with tmpfs(site, "20m"):
        (site / "stale.html").write_text("yesterday's site", encoding="utf-8")
        assert mkdocs_build(config, site).returncode == 0
        assert os.path.ismount(site)
        assert TITLE in home(site) and not (site / "stale.html").exists()
        unchanged = (site / "news" / "update-1" / "index.html").stat().st_ino
        retitle(config, "Second edition.")
        result = mkdocs_build(config, site)
        assert result.returncode == 0, result.stderr
        assert "Second edition." in (site / "about" / "index.html").read_text(encoding="utf-8")
        assert (site / "news" / "update-1" / "index.html").stat().st_ino == unchanged, "unchanged files stay"
        assert not [path for path in site.rglob(".*publishing-*")], "no temporary file is left"
        assert leftovers(config.parent) == []
        built_elsewhere = config.parent / "plain"
        assert mkdocs_build(config, built_elsewhere).returncode == 0
        assert fingerprint(site) == fingerprint(built_elsewhere), "the mount holds exactly the build"


def test_a_killed_build_leaves_a_staging_folder_that_the_next_build_removes(config: Path) -> None:
    site = config.parent / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    while not leftovers(config.parent) and build.poll() is None:
        time.sleep(0.01)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert leftovers(config.parent), "the killed build's staging folder is still there"
    assert mkdocs_build(config, site).returncode == 0
    assert leftovers(config.parent) == []
    assert TITLE in home(site)


def test_a_build_still_running_keeps_its_staging_folder_and_each_of_two_builds_publishes_whole(
    config: Path,
) -> None:
    site = config.parent / "site"
    # Another build, slower: it stages, then waits for a line on its input before it publishes.
    other = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from pathlib import Path
            from generator.pipeline.staging import StagedOutput
            output = StagedOutput(Path({str(site)!r}))
            (output.staging_dir / "index.html").write_text("the other build", encoding="utf-8")
            print(output.staging_dir, flush=True)
            sys.stdin.readline()
            output.publish()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert other.stdout is not None and other.stdin is not None
    staging = Path(other.stdout.readline().strip())
    assert mkdocs_build(config, site).returncode == 0
    assert TITLE in home(site)
    assert (staging / "index.html").is_file(), "the running build's work was not removed"
    other.communicate("go\n")
    assert other.returncode == 0
    assert home(site) == "the other build", "the later build wins, whole"
    assert leftovers(config.parent) == []


def test_a_crash_between_the_two_renames_is_repaired_by_the_next_build_even_one_that_fails(config: Path) -> None:
    site = config.parent / "site"
    assert mkdocs_build(config, site).returncode == 0
    before = fingerprint(site)
    # What a build killed between its renames leaves: the last site set aside, its own build not yet in place.
    site.rename(config.parent / ".site.old-k1ll3d")
    (config.parent / ".site.building-k1ll3d").mkdir()
    (config.parent / "content" / "news" / "update-1.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    result = mkdocs_build(config, site)
    assert result.returncode == 1 and "update-1.md:2: front matter" in result.stderr
    assert fingerprint(site) == before, "the last good site is back"
    assert leftovers(config.parent) == []
