"""Building a site the way staff and CI do: `mkdocs build --strict` in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import frontmatter

REPO = Path(__file__).resolve().parents[1]
FIXED_EPOCH = "1763800000"
# The made-up second network the tests also build: proof the code holds nothing of Bangladesh.
EXAMPLIA = REPO / "tests" / "fixtures" / "examplia"


def mkdocs_build(
    config: Path, out: Path, *extra: str, epoch: str | None = FIXED_EPOCH
) -> subprocess.CompletedProcess[str]:
    """Run a strict build of `config` into `out`; `epoch` fixes SOURCE_DATE_EPOCH (None leaves it unset)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out), *extra],
        capture_output=True, text=True, env=env, check=False,
    )


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML front matter of a content file, as its author wrote it (read by python-frontmatter)."""
    data = frontmatter.load(str(path)).metadata
    assert data, f"{path} has no front matter"
    return data
