"""Live preview as staff use it: `mkdocs serve` rebuilds on edits and survives mistakes.

Every test runs against both ways of previewing: `mkdocs serve`, which renders every page on
each save, and `mkdocs serve --dirty`, which renders again only what the edit changed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[1]
EXAMPLIA = REPO / "tests" / "fixtures" / "examplia"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


class Preview:
    """A running `mkdocs serve` on a copy of a site, and what it printed."""

    def __init__(self, folder: Path, port: int, process: subprocess.Popen[str], log: Path) -> None:
        self.folder, self.port, self.process, self.log = folder, port, process, log

    def page(self, path: str) -> str:
        return fetch(f"http://127.0.0.1:{self.port}/{path}")

    def printed(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(params=[[], ["--dirty"]], ids=["serve", "serve --dirty"])
def preview(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Preview]:
    yield from serving(tmp_path, request.param)


def serving(tmp_path: Path, options: list[str], watch_templates: bool = True, network: str = "",
            hook: str = "") -> Iterator[Preview]:
    """`mkdocs serve` with `options` on a copy of Examplia, its templates beside it (watched, or not), the
    `network` plugin's options (YAML lines) added to its own, and a `hook` (a Python module's text) where given."""
    folder = tmp_path / "examplia"
    shutil.copytree(EXAMPLIA, folder)
    shutil.copytree(REPO / "templates", folder / "templates")
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../templates", "templates")
    if hook:
        (folder / "hook.py").write_text(hook, encoding="utf-8")
        text += "hooks:\n  - hook.py\n"
    if not watch_templates:
        assert "watch:\n  - templates\n" in text
        text = text.replace("watch:\n  - templates\n", "")
    config.write_text(text.replace("  - network:\n", f"  - network:\n{network}", 1), encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", *options],
            stdout=output, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    server = Preview(folder, port, process, log)
    try:
        assert wait_for(lambda: "Reintegration update number 1" in server.page("news/update-1/")), server.printed()
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_an_edited_item_is_served_again_without_restarting(preview: Preview) -> None:
    item = preview.folder / "content" / "news" / "update-1.md"
    item.write_text(item.read_text(encoding="utf-8").replace("number 1", "number one, revised"), encoding="utf-8")
    assert wait_for(lambda: "Reintegration update number one, revised" in preview.page("news/update-1/")), (
        preview.printed()
    )


def test_an_edited_template_is_served_again(preview: Preview) -> None:
    template = preview.folder / "templates" / "main.html"
    text = template.read_text(encoding="utf-8")
    assert "{% block extrahead %}" in text
    template.write_text(text.replace("{% block extrahead %}", "{% block extrahead %}<!-- template edited -->", 1))
    assert wait_for(lambda: "<!-- template edited -->" in preview.page("about/")), preview.printed()


def test_a_stylesheet_added_to_the_templates_while_previewing_is_served(preview: Preview) -> None:
    url = f"http://127.0.0.1:{preview.port}/assets/added-while-previewing.css"
    assert fetch_bytes(url) == b""
    (preview.folder / "templates" / "assets" / "added-while-previewing.css").write_text(
        ".nw-added { color: #222; }\n", encoding="utf-8")
    assert wait_for(lambda: b".nw-added" in fetch_bytes(url)), preview.printed()[-3000:]


def test_the_editor_follows_the_site_s_name_changed_while_previewing(preview: Preview) -> None:
    url = f"http://127.0.0.1:{preview.port}/admin/"
    assert wait_for(lambda: "Edit — Examplia UN Network on Migration" in fetch_bytes(url).decode()), preview.printed()
    edit(preview.folder / "mkdocs.yml", "site_name: Examplia UN Network on Migration",
         "site_name: Examplia Network, renamed")
    assert wait_for(lambda: "Edit — Examplia Network, renamed" in fetch_bytes(url).decode()), preview.printed()


def test_a_mistake_is_shown_and_the_server_keeps_running_until_it_is_fixed(preview: Preview) -> None:
    item = preview.folder / "content" / "news" / "update-2.md"
    good = item.read_text(encoding="utf-8")
    item.write_text(good.replace("date: 2024-02-10", "date: someday"), encoding="utf-8")
    assert wait_for(lambda: "update-2.md:4: date: expected a date" in preview.printed()), preview.printed()
    assert wait_for(lambda: "update-2.md:4: date" in preview.page("")), "the mistake is shown on the page"
    assert preview.process.poll() is None, "the server is still running"
    assert "Reintegration update number 1" in preview.page("news/update-1/"), "other pages still work"
    item.write_text(good, encoding="utf-8")
    assert wait_for(lambda: "Reintegration update number 2" in preview.page("news/update-2/")), preview.printed()
    assert wait_for(lambda: "update-2.md:4: date" not in preview.page(""))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def search_titles(browser: Browser, preview: Preview, words: str) -> list[str]:
    """The titles the site's search page lists for `words`."""
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{preview.port}/search/?q={words}")
        page.wait_for_selector("[data-nw-search-status]:not(:empty):not(:text('Searching…'))")
        return page.locator(".nw-result__title").all_inner_texts()
    finally:
        page.close()


def test_an_edited_text_reaches_the_feeds_and_the_search_index(preview: Preview, session_browser: Browser) -> None:
    edit(preview.folder / "content" / "news" / "update-1.md", "round 1.", "round 1, and wolframite was mentioned.")
    assert wait_for(lambda: "wolframite" in preview.page("news/update-1/")), preview.printed()
    assert wait_for(lambda: "wolframite" in preview.page("feed.xml")), preview.printed()
    assert wait_for(lambda: "wolframite" in preview.page("news/feed.json")), preview.printed()
    found = lambda: search_titles(session_browser, preview, "wolframite") == ["Reintegration update number 1"]  # noqa: E731
    assert wait_for(found), preview.printed()


@pytest.fixture
def preview_indexed_in_parts(tmp_path: Path) -> Iterator[Preview]:
    yield from serving(tmp_path, ["--dirty"], network="      search_part_pages: 4\n")


def test_a_search_index_in_parts_finds_an_edit_and_forgets_the_words_it_replaced(
    preview_indexed_in_parts: Preview, session_browser: Browser
) -> None:
    preview = preview_indexed_in_parts
    # A preview writes its first search index after its first pages, as it does after each save.
    assert wait_for(lambda: '"languages"' in preview.page("pagefind/pagefind-entry.json")), preview.printed()
    before = search_titles(session_browser, preview, "reintegration")
    item = preview.folder / "content" / "news" / "update-1.md"
    edit(item, "round 1.", "round 1, and wolframite was mentioned.")
    found = lambda word: search_titles(session_browser, preview, word) == ["Reintegration update number 1"]  # noqa: E731
    assert wait_for(lambda: found("wolframite")), preview.printed()
    edit(item, "wolframite", "tantalite")
    assert wait_for(lambda: found("tantalite")), preview.printed()
    assert search_titles(session_browser, preview, "wolframite") == []
    assert sorted(search_titles(session_browser, preview, "reintegration")) == sorted(before)  # every part still in


def test_a_changed_title_reaches_every_page_that_lists_the_item(preview: Preview) -> None:
    edit(preview.folder / "content" / "news" / "update-1.md", "title: Reintegration update number 1",
         "title: Reintegration news renamed")
    assert wait_for(lambda: "Reintegration news renamed" in preview.page("news/update-1/")), preview.printed()
    # (A dirty preview serves the item's page first; the listings follow.)
    assert wait_for(lambda: "Reintegration news renamed" in preview.page("twgs/return/")), preview.printed()
    assert wait_for(lambda: "Reintegration news renamed" in preview.page("archive/2024/")), preview.printed()
    assert wait_for(lambda: "Reintegration news renamed" in preview.page("twgs/return/feed.xml")), preview.printed()


def test_a_new_item_appears_on_its_listing_and_its_twg(preview: Preview) -> None:
    source = preview.folder / "content" / "news" / "update-1.md"
    added = source.with_name("update-9.md")
    text = source.read_text(encoding="utf-8")
    added.write_text(text.replace("number 1", "number 9").replace("2024-01-10", "2024-03-20"), encoding="utf-8")
    assert wait_for(lambda: "Reintegration update number 9" in preview.page("news/update-9/")), preview.printed()
    assert "/news/update-9/</loc>" in preview.page("sitemap.xml"), "the sitemap lists it"
    # (A dirty preview serves the new item's page first; the listings follow.)
    assert wait_for(lambda: "Reintegration update number 9" in preview.page("news/")), "the newest is on the first page"
    assert wait_for(lambda: "Reintegration update number 9" in preview.page("twgs/return/")), preview.printed()


def test_a_deleted_item_is_gone_from_its_page_and_its_listing(preview: Preview) -> None:
    assert "Reintegration update number 2" in preview.page("twgs/return/")
    (preview.folder / "content" / "news" / "update-2.md").unlink()
    assert wait_for(lambda: "Reintegration update number 2" not in preview.page("twgs/return/")), preview.printed()
    assert wait_for(lambda: "Reintegration update number 2" not in preview.page("news/update-2/")), preview.printed()


def test_a_broken_item_shows_its_mistakes_at_its_address_until_it_is_fixed(preview: Preview) -> None:
    edit(preview.folder / "content" / "news" / "update-1.md", "round 1.", "round 1, after [the second](update-2.md).")
    assert wait_for(lambda: 'href="../update-2/"' in preview.page("news/update-1/")), preview.printed()
    item = preview.folder / "content" / "news" / "update-2.md"
    edit(item, "date: 2024-02-10", "date: someday")
    mistake = "content/news/update-2.md:4: date: expected a date like 2023-08-02"
    assert wait_for(lambda: mistake in preview.page("news/update-2/")), preview.printed()
    page = preview.page("news/update-2/")
    assert "<h1>Reintegration update number 2</h1>" in page, "its title is shown"
    assert "reported on progress, round 2." in page, "its text is shown"
    assert page.index(mistake) < page.index("reported on progress"), "the mistake comes first"
    assert 'href="../update-2/"' in preview.page("news/update-1/"), "a link to it still leads to it"
    assert "Reintegration update number 2" not in preview.page("twgs/return/"), "it is left out of listings"
    edit(item, "date: someday", "date: 2024-02-10")
    assert wait_for(lambda: mistake not in preview.page("news/update-2/")), preview.printed()
    page = preview.page("news/update-2/")
    assert "nw-item--news" in page and "Reintegration update number 2" in page, "its own page is back"
    assert wait_for(lambda: "Reintegration update number 2" in preview.page("twgs/return/")), preview.printed()


# Pages rendered again after the templates changed show it; the preview does not watch them here, so only
# the pages a save makes it render again can carry the mark.
RENDERED_AGAIN = "<!-- rendered after the templates changed -->"


@pytest.fixture()
def dirty_preview(tmp_path: Path) -> Iterator[Preview]:
    """`mkdocs serve --dirty` whose templates are not watched, with a mark added to them once it is running."""
    for server in serving(tmp_path, ["--dirty"], watch_templates=False):
        block = "{% block extrahead %}"
        edit(server.folder / "templates" / "main.html", block, block + RENDERED_AGAIN)
        yield server


def save_in_place(path: Path, old: str, new: str) -> None:
    edit(path, old, new)


def save_by_renaming(path: Path, old: str, new: str) -> None:
    """Write the new text to a new file beside the old, then rename it over the old (vim, VS Code, gedit)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    saving = path.with_name(f".{path.name}.saving")
    saving.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(saving, path)


def save_with_sed(path: Path, old: str, new: str) -> None:
    assert old in path.read_text(encoding="utf-8")
    subprocess.run(["sed", "-i", f"s/{old}/{new}/", path.name], cwd=path.parent, check=True)


@pytest.mark.parametrize(
    "save", [save_in_place, save_by_renaming, save_with_sed], ids=["in place", "by rename", "sed -i"]
)
def test_a_saved_text_renders_only_its_own_page_however_the_editor_saves(
    dirty_preview: Preview, save: Callable[[Path, str, str], None]
) -> None:
    saves_before = dirty_preview.printed().count("Preview: ")
    save(dirty_preview.folder / "content" / "news" / "update-1.md", "round 1", "round one, revised")
    assert wait_for(lambda: "round one, revised" in dirty_preview.page("news/update-1/")), dirty_preview.printed()
    assert wait_for(lambda: dirty_preview.printed().count("Preview: ") > saves_before)
    said = dirty_preview.printed().split("Preview: ")[saves_before + 1:]
    assert all(line.startswith("1 of ") for line in said), said
    assert "only the text of these items changed" in said[0]
    assert RENDERED_AGAIN in dirty_preview.page("news/update-1/"), "the saved item's page was rendered again"
    for other in ("", "news/", "news/update-2/", "twgs/return/", "about/", "404.html"):
        assert RENDERED_AGAIN not in dirty_preview.page(other), f"/{other} was rendered again"


# Once a file named `slow` is beside mkdocs.yml, each page takes half a second to render: the preview's 130 pages,
# a minute. Staff wait for the page they edited, not for all of them.
SLOW_PAGES = """
import time
from pathlib import Path

def on_page_context(context, page, config, nav):
    if Path(config.config_file_path).with_name("slow").exists():
        time.sleep(0.5)
    return context
"""
# The pages that list or link to update-1, its own but.
LISTINGS = ("", "news/page/2/", "twgs/return/", "archive/2024/", "sdgs/10/", "events/return-forum/")


@pytest.fixture()
def slow_dirty_preview(tmp_path: Path) -> Iterator[Preview]:
    yield from serving(tmp_path, ["--dirty"], hook=SLOW_PAGES)


def test_a_changed_title_is_served_on_its_page_first_and_the_listings_follow_while_the_preview_serves(
    slow_dirty_preview: Preview,
) -> None:
    preview = slow_dirty_preview
    (preview.folder / "slow").touch()
    edit(preview.folder / "content" / "news" / "update-1.md", "title: Reintegration update number 1",
         "title: Reintegration news renamed")
    assert wait_for(lambda: "Reintegration news renamed" in preview.page("news/update-1/")), preview.printed()
    listed = [path for path in LISTINGS if "Reintegration news renamed" in preview.page(path)]
    assert listed != list(LISTINGS), "the item's page was served before every listing was rendered again"
    assert "1 of 130 pages rendered first: the fields of news/update-1.md changed" in preview.printed()
    # While the other pages are rendered, a text saved is served without waiting for them, and they go on after.
    following = "pages the last build left are rendered while the preview serves"
    assert wait_for(lambda: following in preview.printed()), preview.printed()
    assert "Reintegration news renamed" in preview.page("news/update-1/"), "pages are served while others render"
    edit(preview.folder / "content" / "news" / "update-2.md", "round 2.", "round 2, revised meanwhile.")
    assert wait_for(lambda: "revised meanwhile" in preview.page("news/update-2/")), preview.printed()
    listed = [path for path in LISTINGS if "Reintegration news renamed" in preview.page(path)]
    assert listed != list(LISTINGS), "the saved text was served before every listing was rendered again"
    (preview.folder / "slow").unlink()
    for path in LISTINGS:
        assert wait_for(lambda path=path: "Reintegration news renamed" in preview.page(path)), (  # type: ignore[misc]
            path, preview.printed())
    assert "revised meanwhile" in preview.page("news/update-2/")
    assert preview.printed().count(following) >= 2, "the pages left were rendered after the save's page"


def test_a_listing_open_in_a_browser_shows_a_changed_title_once_it_is_rendered_again(
    tmp_path: Path, session_browser: Browser
) -> None:
    for preview in serving(tmp_path, ["--dirty"]):
        page = session_browser.new_page()
        try:
            page.goto(f"http://127.0.0.1:{preview.port}/twgs/return/")
            assert "Reintegration update number 1" in page.inner_text("main")
            edit(preview.folder / "content" / "news" / "update-1.md", "title: Reintegration update number 1",
                 "title: Reintegration news renamed")
            # The browser reloads by itself (MkDocs' live reload): after the item's page, and after the listings.
            page.wait_for_function("document.querySelector('main').innerText.includes('Reintegration news renamed')",
                                   timeout=60_000)
        finally:
            page.close()


def test_a_saved_text_reloads_the_browser_showing_its_page_once(preview: Preview, session_browser: Browser) -> None:
    page = session_browser.new_page()
    loads: list[str] = []
    page.on("load", lambda shown: loads.append(shown.url))
    try:
        page.goto(f"http://127.0.0.1:{preview.port}/news/update-1/")
        edit(preview.folder / "content" / "news" / "update-1.md", "round 1", "round one, revised")
        page.wait_for_function("document.querySelector('main').innerText.includes('round one, revised')",
                               timeout=60_000)
        # MkDocs also finds the save by looking at the files twice a second: a second reload would follow within one.
        page.wait_for_timeout(3_000)
        assert len(loads) == 2, f"the page was loaded {len(loads)} times: {preview.printed()[-2000:]}"
    finally:
        page.close()


def fetch_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return b""


def test_an_attachment_replaced_by_an_older_file_is_served_with_its_new_bytes(dirty_preview: Preview) -> None:
    attachment = dirty_preview.folder / "content" / "files" / "agenda.pdf"
    attachment.parent.mkdir()
    attachment.write_bytes(b"%PDF-1.4 the first agenda")
    url = f"http://127.0.0.1:{dirty_preview.port}/files/agenda.pdf"
    assert wait_for(lambda: fetch_bytes(url) == b"%PDF-1.4 the first agenda"), dirty_preview.printed()[-3000:]
    replacement = dirty_preview.folder / "agenda.pdf"
    replacement.write_bytes(b"%PDF-1.4 the corrected agenda")
    os.utime(replacement, (946684800, 946684800))  # dated 2000: older than the copy the preview made
    os.replace(replacement, attachment)  # restored from a backup, its date kept
    assert wait_for(lambda: fetch_bytes(url) == b"%PDF-1.4 the corrected agenda"), dirty_preview.printed()[-3000:]
