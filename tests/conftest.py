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
    out = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def examplia_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up second network (tests/fixtures/examplia) built strictly, once per run."""
    out = tmp_path_factory.mktemp("examplia") / "site"
    result = mkdocs_build(EXAMPLIA / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out


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
