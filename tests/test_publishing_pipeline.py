"""The publishing pipeline staff rely on: the CI workflow and the pre-commit hook are valid and do the checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
PRE_COMMIT = REPO / ".pre-commit-config.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, check=False, cwd=REPO)


def test_the_workflow_is_valid_for_github_actions() -> None:
    result = run("check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_checks_builds_strictly_and_deploys_from_main_only() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    check = next(i for i, command in enumerate(commands) if command.startswith("network-site check"))
    build = next(i for i, command in enumerate(commands) if "mkdocs build --strict" in command)
    assert check < build, "content is checked before the site is built"
    assert "SOURCE_DATE_EPOCH" in commands[build], "the deployed build is reproducible"
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in deploy["steps"])


def test_the_pre_commit_configuration_is_valid_and_runs_check() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("pre-commit")), "validate-config", str(PRE_COMMIT)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "network-site check"
    assert hooks[0]["pass_filenames"] is False
