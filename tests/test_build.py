"""The build as staff live it: a failed build never loses the site, and builds are repeatable."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import FIXED_EPOCH, REPO, examplia_copy, mkdocs_build, removals_ended

EXAMPLIA = REPO / "tests" / "fixtures" / "examplia"


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture()
def network(tmp_path: Path) -> Path:
    """A copy of the made-up network's folder that a test may edit."""
    folder = tmp_path / "examplia"
    shutil.copytree(EXAMPLIA, folder)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates"))
    config.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture()
def published(network: Path) -> tuple[Path, dict[str, str]]:
    """A site built once, with its fingerprint, as the 'last good site'."""
    out = network / "site"
    result = mkdocs_build(network / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out, fingerprint(out)


def test_another_network_builds_with_its_own_identity(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = mkdocs_build(network / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Examplia UN Network on Migration" in home.title.get_text()
    assert "Bangladesh" not in (out / "index.html").read_text(encoding="utf-8")
    twg = BeautifulSoup((out / "twgs" / "return" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Reintegration update number 3" in twg.get_text()
    assert (out / "news" / "page" / "2" / "index.html").is_file(), "per_page: 2 from mkdocs.yml pages the news"


def test_a_content_mistake_stops_the_build_and_leaves_the_last_site_as_it_was(
    network: Path, published: tuple[Path, dict[str, str]]
) -> None:
    out, before = published
    (network / "content" / "news" / "update-1.md").write_text(
        "---\ntitle: Broken\nsummary: x\ndate: sometime\ntwgs: [retrun]\n---\nBody\n", encoding="utf-8"
    )
    result = mkdocs_build(network / "mkdocs.yml", out)
    assert result.returncode != 0
    assert "update-1.md:4: date: expected a date" in result.stderr
    assert "did you mean 'return'" in result.stderr
    assert "Traceback" not in result.stderr
    assert fingerprint(out) == before
    removals_ended(network)
    assert not [p for p in network.iterdir() if p.name.startswith(".site.")], "no staging folder is left behind"


def test_a_strict_warning_leaves_the_last_site_as_it_was(network: Path, published: tuple[Path, dict[str, str]]) -> None:
    out, before = published
    about = network / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the missing page](missing.md).\n", encoding="utf-8")
    result = mkdocs_build(network / "mkdocs.yml", out)
    assert result.returncode != 0
    assert "missing.md" in result.stderr
    assert fingerprint(out) == before


def test_a_crash_in_a_template_leaves_the_last_site_as_it_was(
    network: Path, published: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    out, before = published
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    (templates / "home.html").write_text("{% extends 'main.html' %}{% block item %}{{ 1 / 0 }}{% endblock %}")
    config = network / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(REPO / "templates"), str(templates)))
    result = mkdocs_build(config, out)
    assert result.returncode != 0
    assert fingerprint(out) == before


def test_a_successful_build_replaces_the_site_whole(network: Path, published: tuple[Path, dict[str, str]]) -> None:
    out, _ = published
    (out / "stale.html").write_text("left from an old build")
    # An item removed with its translation leaves both languages.
    (network / "content" / "news" / "update-3.md").unlink()
    (network / "content" / "news" / "update-3.bn.md").unlink()
    result = mkdocs_build(network / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    assert not (out / "stale.html").exists()
    assert not (out / "news" / "update-3").exists()
    assert not (out / "bn" / "news" / "update-3").exists()


@pytest.mark.parametrize("epoch", [FIXED_EPOCH, None], ids=["SOURCE_DATE_EPOCH set", "no SOURCE_DATE_EPOCH"])
def test_two_builds_of_the_same_content_are_byte_identical(network: Path, tmp_path: Path, epoch: str | None) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert mkdocs_build(network / "mkdocs.yml", first, epoch=epoch).returncode == 0
    assert mkdocs_build(network / "mkdocs.yml", second, epoch=epoch).returncode == 0
    a, b = fingerprint(first), fingerprint(second)
    assert a.keys() == b.keys()
    assert {"pagefind/pagefind-entry.json", "sitemap.xml", "sitemap.xml.gz", "feed.xml", "events.ics"} <= a.keys()
    assert [path for path in a if a[path] != b[path]] == []


def left_out_of_the_menu(stderr: str) -> set[str]:
    """The pages MkDocs names as existing but not in the `nav` of mkdocs.yml."""
    listed = stderr.split('not included in the "nav" configuration:', 1)
    if len(listed) == 1:
        return set()
    lines = listed[1].splitlines()[1:]
    return {line.strip().removeprefix("- ") for line in lines if line.strip().startswith("- ")}


def test_only_a_page_staff_wrote_and_left_out_of_the_menu_is_reported(network: Path) -> None:
    (network / "content" / "forgotten.md").write_text("# A page nobody linked\n", encoding="utf-8")
    result = mkdocs_build(network / "mkdocs.yml", network / "site")
    assert result.returncode == 0, result.stderr
    reported = left_out_of_the_menu(result.stderr)
    assert "forgotten.md" in reported
    assert not {page for page in reported if page.startswith(("news/", "events/", "twgs/", "sdgs/", "gcm/"))}, (
        "items and the generator's pages are reached from listings, not the menu"
    )


def test_a_network_without_a_menu_gets_one_of_its_sections_without_its_items(network: Path) -> None:
    config = network / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^nav:\n(?:  .*\n)+", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    assert "\nnav:" not in config.read_text(encoding="utf-8")
    result = mkdocs_build(config, network / "site")
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((network / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    menu = {link["href"].strip("./") for link in home.select("nav.md-nav--primary a.md-nav__link[href]")}
    assert {"news", "events", "twgs"} <= menu
    assert not [href for href in menu if href.startswith("news/") and href != "news"], "no news item in the menu"


# A hook of a network's own that leaves one page out, as a plugin may: MkDocs writes no page whose output is empty.
EMPTYING_HOOK = """
def on_post_page(output, page, config):
    return "" if page.file.src_uri == "about.md" else output
"""


def test_a_page_a_plugin_empties_is_not_written_and_the_build_says_so_of_that_page_alone(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    (config.parent / "hooks.py").write_text(EMPTYING_HOOK, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    assert re.findall(r"Page skipped: '([^']+)'", result.stderr) == ["about.md"]
    assert not (site / "about" / "index.html").exists()
    assert (site / "news" / "index.html").is_file() and (site / "index.html").is_file()
