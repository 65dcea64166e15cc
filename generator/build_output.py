"""Publishing a finished build: staged in a sibling folder, swapped into place whole.

A failed build (a content error, a strict-mode warning, a crash in a template) leaves the
last good site exactly as it was, because nothing is written there until the very end.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.inside import output_path


class StagedOutput:
    """A staging folder beside the real output folder, and the swap that publishes it."""

    def __init__(self, final_dir: Path) -> None:
        self.final_dir = final_dir
        final_dir.parent.mkdir(parents=True, exist_ok=True)
        # Same parent, so the swap is a rename on one file system, never a copy.
        self.staging_dir = Path(tempfile.mkdtemp(prefix=f".{final_dir.name}.building-", dir=final_dir.parent))
        # mkdtemp makes a private folder; a published site must be readable by the web server.
        self.staging_dir.chmod(0o755)

    def publish(self) -> None:
        """Replace the output folder with the staged build in two renames."""
        old = None
        if self.final_dir.exists():
            old = self.final_dir.with_name(f".{self.final_dir.name}.old-{self.staging_dir.name.rsplit('-', 1)[-1]}")
            self.final_dir.rename(old)
        self.staging_dir.rename(self.final_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Throw the staged build away; the output folder is untouched."""
        shutil.rmtree(self.staging_dir, ignore_errors=True)


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write each file (its path below `folder`, and its bytes), making the folders it needs."""
    for path, data in files.items():
        target = output_path(folder, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
