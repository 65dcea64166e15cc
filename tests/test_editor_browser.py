"""Staff edit in the browser: /admin/ of the built site, in Chromium, saving through Decap's real local backend.

`decap-server` (tests/package.json, installed by .ci/run) runs in a copy of the repository and writes
what the editor saves into its content/, as it does on a staff member's computer; the files it
writes must pass `network-site check` and build.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import pytest
from browser import serving
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Page
from sitebuild import REPO, mkdocs_build
from test_requests import Recorder, origin

from generator.content.registry import describe
from generator.content.types import BUILT_IN

DECAP_SERVER = REPO / "tests" / "node_modules" / "decap-server" / "dist" / "index.js"
# What a staff member writes in the form.
TITLE = "Dialogue on labour migration: what's next?"
SUMMARY = "Members of the network met in Dhaka to plan their work on fair recruitment."
WHEN = "2024-03-05T10:30"
BODY = "The network met in Dhaka to plan its work on fair recruitment."


@dataclass(frozen=True)
class Editing:
    """A copy of the repository, decap-server saving into it, and its built site served over HTTP."""

    repo: Path
    root: str
    api: str


class EditorRecorder(Recorder):
    """Requests to other sites are recorded and stopped; the site and this computer's decap-server are home."""

    def __init__(self, context: BrowserContext, root: str, api: str) -> None:
        self.api = origin(api)
        super().__init__(context, root)

    def _is_home(self, url: str) -> bool:
        return super()._is_home(url) or origin(url) == self.api


def label(folder: str, name: str) -> str:
    """The label the form shows for a field of a type, as the registry names it (Decap adds "(optional)")."""
    content_type = next(t for t in BUILT_IN if t.folder == folder)
    spec = next(spec for spec in describe(content_type.schema) if spec.name == name)
    return spec.label if spec.required else f"{spec.label} (optional)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def editing(tmp_path: Path) -> Iterator[Editing]:
    assert DECAP_SERVER.is_file(), "decap-server is missing: .ci/run installs it (npm ci --prefix tests)"
    assert shutil.which("node"), "Node.js is missing: .ci/run installs it"
    repo = tmp_path / "repo"
    for part in ("content", "templates"):
        shutil.copytree(REPO / part, repo / part)
    port = free_port()
    api = f"http://127.0.0.1:{port}/api/v1"
    # The one change to the network's mkdocs.yml: where this computer's decap-server listens.
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - network:\n", f"  - network:\n      editor:\n        local_backend: {api}\n", 1)
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    built = mkdocs_build(repo / "mkdocs.yml", site)
    assert built.returncode == 0, built.stderr
    log = (tmp_path / "decap-server.log").open("w")
    server = subprocess.Popen(["node", str(DECAP_SERVER)], cwd=repo, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1"})
    try:
        _wait_for(port, server)
        with serving(site) as root:
            yield Editing(repo, root, api)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        assert server.poll() is None, "decap-server stopped at start (see decap-server.log in the test's folder)"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"decap-server did not listen on port {port} within 10 s")


def signed_in(browser: Browser, editing: Editing) -> tuple[Page, Recorder]:
    """The editor open in a fresh profile, past its sign-in (the local backend needs no account)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    recorder = EditorRecorder(context, editing.root, editing.api)
    page = context.new_page()
    page.goto(editing.root + "admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="News").first.wait_for()
    return page, recorder


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    # Once saved, the button says so (and the editor has written the file).
    page.get_by_role("button", name="Published", exact=True).wait_for()


def check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.staff.cli", "check"], cwd=repo, capture_output=True,
                          text=True, check=False)


def test_a_news_item_written_in_the_browser_passes_check_and_builds_into_a_page_showing_its_twg(
    session_browser: Browser, editing: Editing, tmp_path: Path
) -> None:
    page, recorder = signed_in(session_browser, editing)
    page.goto(editing.root + "admin/#/collections/news/new")
    page.get_by_label(label("news", "title"), exact=True).fill(TITLE)
    page.get_by_label(label("news", "summary"), exact=True).fill(SUMMARY)
    page.get_by_label(label("news", "date"), exact=True).fill(WHEN)
    twg_title = frontmatter.load(str(editing.repo / "content" / "twgs" / "lm.md"))["title"]
    page.get_by_label(label("news", "twgs"), exact=True).fill("Labour")
    page.get_by_role("option", name=twg_title).click()
    page.locator("[data-slate-editor]").click()
    page.keyboard.type(BODY)
    publish(page)

    written = editing.repo / "content" / "news" / "dialogue-on-labour-migration-whats-next.md"
    assert written.is_file(), f"the editor saved no file where expected; news/: {sorted(written.parent.iterdir())}"
    item = frontmatter.load(str(written))
    assert (item["title"], item["summary"], item["twgs"]) == (TITLE, SUMMARY, ["lm"])
    assert item.content.strip() == BODY
    checked = check(editing.repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = mkdocs_build(editing.repo / "mkdocs.yml", tmp_path / "rebuilt")
    assert built.returncode == 0, built.stderr
    article = BeautifulSoup((tmp_path / "rebuilt" / "news" / written.stem / "index.html").read_text("utf-8"),
                            "html.parser")
    assert any(link.get_text(strip=True) == twg_title or twg_title in link.get_text() for link in
               article.select('a[href*="twgs/lm/"]')), "the built page does not link the TWG picked in the form"
    assert not recorder.foreign(), f"the editor asked other sites for: {recorder.foreign()}"


def test_an_item_edited_in_the_browser_keeps_every_field_the_edit_did_not_touch(
    session_browser: Browser, editing: Editing
) -> None:
    path = editing.repo / "content" / "news" / "diaspora-policy-2023.md"
    before = frontmatter.load(str(path))
    page, _ = signed_in(session_browser, editing)
    page.goto(editing.root + "admin/#/collections/news/entries/diaspora-policy-2023")
    title = page.get_by_label(label("news", "title"), exact=True)
    page.wait_for_function("id => document.getElementById(id)?.value", arg=title.get_attribute("id"))
    title.fill("Government engages the diaspora in national development")
    publish(page)

    after = frontmatter.load(str(path))
    assert after["title"] == "Government engages the diaspora in national development"
    untouched = {key: value for key, value in before.metadata.items() if key != "title"}
    assert {key: after.metadata.get(key) for key in untouched} == untouched
    assert set(after.metadata) - set(before.metadata) <= {"draft"}, "the editor added fields the file did not have"
    assert after.content == before.content
    checked = check(editing.repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_page_edited_in_the_browser_keeps_the_fields_its_form_does_not_show(
    session_browser: Browser, editing: Editing
) -> None:
    # The home page's `template` is not in the form: saving the form must keep it, or the home page breaks.
    path = editing.repo / "content" / "index.md"
    before = frontmatter.load(str(path))
    assert "template" in before.metadata
    page, _ = signed_in(session_browser, editing)
    page.goto(editing.root + "admin/#/collections/pages/entries/index")
    summary = page.get_by_label("Summary (optional)", exact=True)
    page.wait_for_function("id => document.getElementById(id)?.value", arg=summary.get_attribute("id"))
    summary.fill("The network's news, events, practices and E-Bulletin.")
    publish(page)

    after = frontmatter.load(str(path))
    assert after["summary"] == "The network's news, events, practices and E-Bulletin."
    assert after["template"] == before["template"] and after["title"] == before["title"]
    assert after.content == before.content
    checked = check(editing.repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_translation_edited_in_the_browser_is_saved_beside_its_original_and_passes_check(
    session_browser: Browser, editing: Editing
) -> None:
    # The Bangla translation sits beside its original; the editor offers it in the Bangla collection of news.
    path = editing.repo / "content" / "news" / "diaspora-policy-2023.bn.md"
    original = editing.repo / "content" / "news" / "diaspora-policy-2023.md"
    before, original_before = frontmatter.load(str(path)), original.read_bytes()
    page, _ = signed_in(session_browser, editing)
    page.goto(editing.root + "admin/#/collections/news-bn/entries/diaspora-policy-2023")
    title = page.get_by_label("Title (optional)", exact=True)
    page.wait_for_function("id => document.getElementById(id)?.value", arg=title.get_attribute("id"))
    assert title.input_value() == before["title"], "the form does not show the translation's own title"
    title.fill("প্রবাসী নীতি ২০২৩ গৃহীত")
    publish(page)

    after = frontmatter.load(str(path))
    assert after["title"] == "প্রবাসী নীতি ২০২৩ গৃহীত"
    assert {key: after.metadata.get(key) for key in before.metadata if key != "title"} == {
        key: value for key, value in before.metadata.items() if key != "title"}
    assert after.content == before.content
    assert original.read_bytes() == original_before, "editing the translation changed the original"
    assert {p.name for p in path.parent.glob("diaspora-policy-2023*")} == {original.name, path.name}
    checked = check(editing.repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_page_translation_edited_in_the_browser_keeps_its_review_mark_and_passes_check(
    session_browser: Browser, editing: Editing
) -> None:
    path = editing.repo / "content" / "contact.bn.md"
    before = frontmatter.load(str(path))
    page, _ = signed_in(session_browser, editing)
    page.goto(editing.root + "admin/#/collections/pages-bn/entries/contact-bn")
    title = page.get_by_label("Title", exact=True)
    page.wait_for_function("id => document.getElementById(id)?.value", arg=title.get_attribute("id"))
    title.fill("যোগাযোগ করুন")
    publish(page)

    after = frontmatter.load(str(path))
    assert after["title"] == "যোগাযোগ করুন"
    assert {key: after.metadata.get(key) for key in before.metadata if key != "title"} == {
        key: value for key, value in before.metadata.items() if key != "title"}
    assert after.content == before.content
def test_sdg_targets_kept_in_a_file_survive_an_edit_in_the_browser(session_browser: Browser, editing: Editing) -> None:
    path = editing.repo / "content" / "news" / "diaspora-policy-2023.md"
    text = path.read_text(encoding="utf-8")
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    kept = [line for line in front.splitlines() if not line.startswith("sdgs:")]
    path.write_text("---\n" + "\n".join([*kept, "sdgs: [10, 10.7, '17.10']"]) + "\n---\n" + body, encoding="utf-8")
    page, _ = signed_in(session_browser, editing)
    page.goto(editing.root + "admin/#/collections/news/entries/diaspora-policy-2023")
    title = page.get_by_label(label("news", "title"), exact=True)
    page.wait_for_function("id => document.getElementById(id)?.value", arg=title.get_attribute("id"))
    title.fill("The diaspora and the SDG targets")
    publish(page)

    after = frontmatter.load(str(path))
    assert after["title"] == "The diaspora and the SDG targets"
    assert [str(value) for value in after["sdgs"]] == ["10", "10.7", "17.10"]
    checked = check(editing.repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr
