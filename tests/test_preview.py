"""What a `mkdocs serve --dirty` rebuild renders again, decided from the content rather than file dates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import EXAMPLIA

from generator.errors import ContentError
from generator.loader import load
from generator.preview import Snapshot, snapshot, what_changed


@pytest.fixture()
def network(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLIA, tmp_path / "examplia")
    return tmp_path / "examplia"


def taken(network: Path, errors: tuple[ContentError, ...] = ()) -> Snapshot:
    loaded = load(network / "content")
    sources = [*(record.source for record in loaded.records), *(page.source for page in loaded.pages)]
    return snapshot(sources, errors, [network / "content", network / "mkdocs.yml"])


def items(network: Path) -> set[str]:
    return {record.source.src_uri for record in load(network / "content").records}


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_first_build_renders_every_page(network: Path) -> None:
    assert what_changed(None, taken(network), items(network)).pages is None


def test_nothing_changed_renders_nothing(network: Path) -> None:
    assert what_changed(taken(network), taken(network), items(network)).pages == frozenset()


def test_a_changed_body_renders_only_that_item(network: Path) -> None:
    before = taken(network)
    rewrite(network / "content" / "news" / "update-1.md", "round 1.", "round 1, revised.")
    assert what_changed(before, taken(network), items(network)).pages == {"news/update-1.md"}


def test_a_changed_field_renders_every_page(network: Path) -> None:
    before = taken(network)
    rewrite(network / "content" / "news" / "update-1.md", "date: 2024-01-10", "date: 2024-01-11")
    changes = what_changed(before, taken(network), items(network))
    assert changes.pages is None
    assert "news/update-1.md" in changes.reason


def test_a_new_file_renders_every_page(network: Path) -> None:
    before = taken(network)
    shutil.copy(network / "content" / "news" / "update-1.md", network / "content" / "news" / "update-7.md")
    assert what_changed(before, taken(network), items(network)).pages is None


def test_a_changed_plain_page_renders_every_page(network: Path) -> None:
    """A plain page's first heading may be the title other pages show."""
    page = next(path for path in (network / "content").glob("*.md") if path.name != "index.md")
    before = taken(network)
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert what_changed(before, taken(network), items(network)).pages is None


def test_a_changed_picture_or_configuration_renders_every_page(network: Path) -> None:
    before = taken(network)
    (network / "content" / "photo.png").write_bytes(b"not yet a picture")
    assert what_changed(before, taken(network), items(network)).pages is None
    before = taken(network)
    (network / "mkdocs.yml").write_text((network / "mkdocs.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert what_changed(before, taken(network), items(network)).pages is None


def test_a_mistake_found_or_fixed_renders_every_page(network: Path) -> None:
    mistake = ContentError("content/news/update-1.md", 4, "date", "a date", "'someday'")
    assert what_changed(taken(network), taken(network, (mistake,)), items(network)).pages is None
