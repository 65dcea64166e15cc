"""The README's set-up as a newcomer meets it: what staff run says nothing they must ignore, and CI runs the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from browser import FONTS
from sitebuild import REPO

# What mkdocs-material's end-of-life banner says, whichever its wording: its name and its off switch.
BANNER_WORDS = ("Material for MkDocs", "NO_MKDOCS_2_WARNING")
CI_RUN = REPO / ".ci" / "run"
WORKFLOWS = REPO / ".github" / "workflows"


def staff_mkdocs(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs …` in `folder`, as staff type it: the venv's `mkdocs` command, with no variable set for it."""
    command = Path(sys.executable).with_name("mkdocs")
    assert command.is_file(), f"no mkdocs command beside {sys.executable}"
    env = {name: value for name, value in os.environ.items() if name != "NO_MKDOCS_2_WARNING"}
    return subprocess.run([str(command), *args], cwd=folder, env=env, capture_output=True, text=True, check=False)


def test_mkdocs_build_as_staff_run_it_prints_no_end_of_life_banner(tmp_path: Path) -> None:
    # A bare mkdocs-material site shows what the banner looks like in the installed version.
    bare = tmp_path / "bare"
    (bare / "docs").mkdir(parents=True)
    (bare / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (bare / "mkdocs.yml").write_text("site_name: Bare\ntheme:\n  name: material\n", encoding="utf-8")
    shown = staff_mkdocs(bare, "build")
    assert shown.returncode == 0, shown.stderr
    assert all(word in shown.stdout + shown.stderr for word in BANNER_WORDS), "the banner is gone from mkdocs-material"

    ours = staff_mkdocs(REPO, "build", "--strict", "-d", str(tmp_path / "site"))
    assert ours.returncode == 0, ours.stderr
    printed = [word for word in BANNER_WORDS if word in ours.stdout + ours.stderr]
    assert not printed, f"`mkdocs build` shows staff mkdocs-material's banner:\n{ours.stderr[:1500]}"


def test_ci_run_installs_every_font_the_browser_tests_measure_the_site_in() -> None:
    script = CI_RUN.read_text(encoding="utf-8").split()
    missing = [package for _, _, package in FONTS.values() if package not in script]
    assert not missing, f".ci/run does not install {missing}, so a fresh machine lays the site out in other fonts"


def test_a_workflow_runs_the_readme_test_command_on_every_push_and_pull_request() -> None:
    runs = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        # PyYAML reads the bare key `on` as True.
        triggers = workflow.get("on", workflow.get(True))
        steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
        if {"push", "pull_request"} <= set(triggers) and any("bash .ci/run" in step for step in steps):
            runs.append(path.name)
    assert runs, "no workflow runs `bash .ci/run` on push and pull request, as the README says CI does"
