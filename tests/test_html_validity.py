"""Every web page of the built site is valid HTML, as the Nu Html Checker (the W3C validator) reads it.

No message is filtered: where mkdocs-material's markup was invalid (its drawer checkbox's `autocomplete`),
templates/base.html replaces it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from sitebuild import REPO

VNU = REPO / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The e-mail edition is table-layout mail HTML for mail programs, not a page of the site.
NOT_WEB_PAGES = {"email.html"}
SHOWN = 50


def web_pages(site: Path) -> list[Path]:
    """The built HTML files a browser shows as pages of the site."""
    return sorted(file for file in site.rglob("*.html") if file.name not in NOT_WEB_PAGES)


def html_errors(files: list[Path]) -> list[str]:
    """What the checker reports for `files` (all in one run), as `file:line: message`."""
    java = shutil.which("java")
    assert java is not None, "java is not installed: the Nu Html Checker needs Java 11 or newer"
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci` in tests/"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", "--asciiquotes",
         *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1), f"the checker failed to run:\n{result.stderr}"
    return [
        f"{message.get('url', '?').removeprefix('file:')}:{message.get('lastLine', '?')}: {message['message']}"
        for message in json.loads(result.stdout)["messages"]
    ]


def assert_valid(site: Path) -> None:
    """No checker error on any web page of `site`; the failure names the first few."""
    pages = web_pages(site)
    assert pages, f"no HTML pages in {site}"
    errors = html_errors(pages)
    assert errors == [], f"{len(errors)} HTML errors (first {SHOWN}):\n" + "\n".join(errors[:SHOWN])


def test_every_page_of_the_real_site_is_valid_html(real_site: Path) -> None:
    assert_valid(real_site)


def test_every_page_of_a_second_network_site_is_valid_html(examplia_site: Path) -> None:
    assert_valid(examplia_site)


def test_the_checker_reports_a_list_inside_a_paragraph_and_a_label_for_a_missing_control(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>Bad</title></head><body>\n'
        "<p>Feeds: <ul><li>RSS</li></ul></p>\n"
        '<label for="nothing">Contents</label>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    errors = html_errors([page])
    assert any(f"{page}:2: No 'p' element in scope" in error for error in errors), errors
    assert any(f"{page}:3:" in error and "'for' attribute of the 'label'" in error for error in errors), errors
