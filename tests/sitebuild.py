"""Building a site the way staff and CI do: `mkdocs build --strict` in a fresh process."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import frontmatter

from generator.content.settings import Settings

REPO = Path(__file__).resolve().parents[1]
FIXED_EPOCH = "1763800000"
# The made-up second network the tests also build: proof the code holds nothing of Bangladesh.
EXAMPLIA = REPO / "tests" / "fixtures" / "examplia"
MISTAKE = re.compile(r"^\S[^:]*:\d+: [^:]+: expected .+, found .+$")


def mkdocs_build(
    config: Path, out: Path, *extra: str, epoch: str | None = FIXED_EPOCH, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a strict build of `config` into `out`; `epoch` fixes SOURCE_DATE_EPOCH (None leaves it unset).

    With a `timeout` (seconds), a build still running then raises subprocess.TimeoutExpired.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out), *extra],
        capture_output=True, text=True, env=env, check=False, timeout=timeout,
    )


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML front matter of a content file, as its author wrote it (read by python-frontmatter)."""
    data = frontmatter.load(str(path)).metadata
    assert data, f"{path} has no front matter"
    return data


def examplia_copy(folder: Path) -> Path:
    """A copy of the made-up network in `folder`, for a test to edit; returns its mkdocs.yml."""
    shutil.copytree(EXAMPLIA, folder)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates"))
    config.write_text(text, encoding="utf-8")
    return config


def real_copy(folder: Path, network_options: str = "") -> Path:
    """The real mkdocs.yml in `folder`, every path made absolute (the content and templates stay the repository's),
    with `network_options` (indented lines) added to the network plugin's; returns it."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: content", f"docs_dir: {REPO / 'content'}").replace(
        "  custom_dir: templates", f"  custom_dir: {REPO / 'templates'}").replace(
        "  - templates", f"  - {REPO / 'templates'}").replace("  - network:\n", f"  - network:\n{network_options}", 1)
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def network_site(
    config: Path, *args: str, epoch: str = FIXED_EPOCH, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `network-site <args>` on the site of `config` in a fresh process, as staff run it (within `timeout` s)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    return subprocess.run(
        [sys.executable, "-m", "generator.staff.cli", "-f", str(config), *args],
        capture_output=True, text=True, env=env, check=False, timeout=timeout,
    )


def mistakes(output: str) -> set[str]:
    """The content mistakes in what `check` or a build printed: one `path:line: field: expected …, found …` each."""
    return {line for line in output.splitlines() if MISTAKE.match(line)}


def site_settings(project: Path, **changes: Any) -> Settings:
    """A site's settings read from its mkdocs.yml as the CLI reads them (its languages among them), with changes."""
    from generator.staff.config_file import read_config

    return replace(read_config(project / "mkdocs.yml").settings, **changes)


def inheriting_config(folder: Path, **changes: Any) -> Path:
    """A mkdocs.yml in `folder` inheriting the real one, with `changes`; every path absolute, so it builds anywhere."""
    import yaml

    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump({
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(REPO / "content"),
        "theme": {"custom_dir": str(REPO / "templates")},
        "watch": [str(REPO / "templates")],
        **changes,
    }), encoding="utf-8")
    return config


def removals_ended(folder: Path, timeout: float = 30) -> None:
    """Wait for the processes removing replaced sites beside `folder` to end: each holds its folder's lock."""
    deadline = time.monotonic() + timeout
    for aside in folder.glob(".*.removing-*"):
        with contextlib.suppress(FileNotFoundError):
            handle = os.open(aside, os.O_RDONLY | os.O_DIRECTORY)
            try:
                while time.monotonic() < deadline:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        time.sleep(0.05)
            finally:
                os.close(handle)

