"""Fixtures shared by the tests that look at the real site: it is built once per test run, not per file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, serving
from playwright.sync_api import Browser
from sitebuild import EXAMPLIA, REPO, mkdocs_build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real `content/` built strictly, as CI and staff build it."""
    return _built(REPO, tmp_path_factory)


@pytest.fixture(scope="session")
def examplia_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up second network (tests/fixtures/examplia) built strictly, once per run."""
    return _built(EXAMPLIA, tmp_path_factory)


@pytest.fixture(scope="session")
def real_root(real_site: Path) -> Iterator[str]:
    """The real site served over HTTP, as a static host would: its root URL, ending in '/'."""
    with serving(real_site) as root:
        yield root


@pytest.fixture(scope="session")
def session_browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test opens its own tab (or context)."""
    with chromium() as running:
        yield running


def _built(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the project folder holding `mkdocs.yml`, built strictly into a fresh folder."""
    out = tmp_path_factory.mktemp(project.name) / "site"
    result = mkdocs_build(project / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out
