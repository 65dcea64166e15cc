"""Every published path has one owner, and `check` says what the build says, for staff's slips and an attacker's files.

Each case is a small change to the made-up network; check (in-process, as staff run it) and a strict
build must both refuse it with the same mistake line, or both accept it and publish it right.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from sitebuild import examplia_copy, mistakes, mkdocs_build, network_site

Change = Callable[[Path], None]
PHOTO = "images/return-forum.jpg"


def _add(path: str, text: str) -> Change:
    def change(site: Path) -> None:
        file = site / "content" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return change


def _copy_photo(name: str) -> Change:
    return lambda site: shutil.copyfile(site / "content" / PHOTO, site / "content" / name)


def _body(path: str, line: str) -> Change:
    def change(site: Path) -> None:
        file = site / "content" / path
        file.write_text(f"{file.read_text(encoding='utf-8')}\n{line}\n", encoding="utf-8")
    return change


def _both(*changes: Change) -> Change:
    def change(site: Path) -> None:
        for one in changes:
            one(site)
    return change


def _damaged(name: str) -> Change:
    def change(site: Path) -> None:
        data = (site / "content" / PHOTO).read_bytes()
        (site / "content" / name).write_bytes(data[: len(data) // 3])
    return change


def _config(old: str, new: str) -> Change:
    def change(site: Path) -> None:
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return change


PAGE = "---\ntitle: A page\nsummary: Words.\n---\nWords.\n"

# (what staff or an attacker did, the change, words the one mistake line holds)
REFUSED = [
    ("a staff photo named like a copy the site makes", _copy_photo("images/return-forum-320w.jpg"),
     "content/images/return-forum-320w.jpg:1: address: expected an address of its own (/images/return-forum-320w.jpg"
     " is where the site publishes a smaller copy of"),
    ("a page at the browser editor's address", _add("admin.md", PAGE),
     "content/admin.md:1: address: expected an address of its own (/admin/ is kept for the browser editor"),
    ("a page at a language's own tree", _add("bn.md", PAGE),
     "content/bn.md:1: address: expected an address of its own (/bn/ is kept for the site in the language 'bn'"),
    ("a file that would replace the site's stylesheet", _add("assets/network.css", ""),
     "content/assets/network.css:1: address: expected an address of its own (/assets/network.css is also the "
     "theme's file"),
    ("a file that would replace a feed", _add("news/feed.xml", "<rss/>"),
     "content/news/feed.xml:1: address: expected an address of its own (/news/feed.xml is kept for the feeds"),
    ("two pictures whose names differ only in case", _copy_photo("images/Return-Forum.jpg"),
     "content/images/Return-Forum.jpg:1: address: expected an address of its own (/images/Return-Forum.jpg is also"),
    ("a README.md beside index.md", _add("README.md", PAGE),
     "content/README.md:1: address: expected an address of its own (/ is also"),
    ("an index.html beside index.md", _add("index.html", "<p>Hi</p>"),
     "content/index.html:1: address: expected an address of its own (/index.html is also"),
    ("a picture name holding #", _copy_photo("images/a#b.jpg"),
     "content/images/a#b.jpg:1: file: expected a file name without #, ?, %"),
    ("a picture name holding %", _copy_photo("images/100%.jpg"), "content/images/100%.jpg:1: file:"),
    ("a Markdown file ending in .MD, even a draft", _add("x.MD", "---\ntitle: X\nsummary: x\ndraft: true\n---\nx\n"),
     "content/x.MD:1: file: expected a Markdown file name ending in .md ('x.md'), found 'x.MD'"),
    ("a Markdown file ending in .markdown", _add("y.markdown", PAGE),
     "content/y.markdown:1: file: expected a Markdown file name ending in .md ('y.md')"),
    ("a bulletin carrying one item twice", _add(
        "bulletins/b1.md", "---\ntitle: B\nsummary: x\nnumber: 1\ndate: 2024-01\n"
        "items: [news/update-1, news/update-1/]\n---\nHi.\n"),
     "items (the second): expected each item once, found 'news/update-1/', which is 'news/update-1' again"),
    ("a plain page naming a template the theme lacks", _add("t.md", "---\ntitle: T\ntemplate: nope.html\n---\nx\n"),
     "content/t.md:3: template: expected a template of the theme"),
    ("a damaged picture in a body", _both(_damaged("images/d.jpg"), _body("news/update-1.md", "![A](../images/d.jpg)")),
     "image: expected a JPEG or PNG picture, found 'images/d.jpg', which is a damaged file"),
    ("a text file named as a picture", _both(_add("images/d.png", "hello"),
                                             _body("news/update-1.md", "![A](../images/d.png)")),
     "image: expected a JPEG or PNG picture, found 'images/d.png', which is not a picture"),
    ("a folder-style link to no page", _body("news/update-1.md", "[x](../events/missing/)"),
     "link: expected the address of a page of the site (or its .md file), found '../events/missing/'"),
    ("a reference-style link to a missing file", _body("news/update-1.md", "[x][r]\n\n[r]: missing.md"),
     "link: expected a file in content/, found 'missing.md', which does not exist"),
    ("an absolute picture path", _body("news/update-1.md", "![A](/images/return-forum.jpg)"),
     "link: expected a path relative to this file, found '/images/return-forum.jpg'"),
    ("a deep ../ picture path", _body("news/update-1.md", "![A](../../../images/return-forum.jpg)"),
     "link: expected a file in content/, found '../../../images/return-forum.jpg', which is outside content/"),
    ("a menu naming a deleted page", lambda site: (site / "content" / "about.md").unlink(),
     "mkdocs.yml:21: nav: expected a page of the site, a file in content/, found 'about.md', which does not exist"),
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return examplia_copy(tmp_path / "examplia").parent


@pytest.mark.parametrize(("case", "change", "said"), REFUSED, ids=[case for case, _, _ in REFUSED])
def test_check_and_the_build_refuse_a_second_claim_or_an_unpublishable_file_with_the_same_line(
    site: Path, case: str, change: Change, said: str
) -> None:
    change(site)
    checked = network_site(site / "mkdocs.yml", "check")
    built = mkdocs_build(site / "mkdocs.yml", site / "site")
    assert "Traceback" not in checked.stderr + built.stderr
    assert checked.returncode == 1 and built.returncode == 1, case
    said_by_check = {line for line in mistakes(checked.stdout) if said in line}
    said_by_build = {line.rsplit("content/", 1)[-1] for line in mistakes(built.stderr) if said in line}
    assert said_by_check, checked.stdout
    assert {line.rsplit("content/", 1)[-1] for line in said_by_check} == said_by_build


def test_a_network_email_with_a_line_break_is_refused_by_check_and_the_build(site: Path) -> None:
    _config("email: secretariat@", 'email: "secre\\ntariat@')(site)
    _config("examplia.test\n        country", 'examplia.test"\n        country')(site)
    checked = network_site(site / "mkdocs.yml", "check")
    built = mkdocs_build(site / "mkdocs.yml", site / "site")
    assert "Traceback" not in checked.stderr + built.stderr
    assert checked.returncode != 0 and built.returncode != 0
    assert "network.email: expected one line of text" in checked.stderr
    assert "network.email: expected one line of text" in built.stderr


def test_a_jpeg_and_a_png_of_one_name_each_publish_their_own_copies(site: Path) -> None:
    content = site / "content"
    shutil.copyfile(content / PHOTO, content / "images/photo.jpg")
    Image.new("RGB", (1000, 500), "red").save(content / "images/photo.png")
    _body("news/update-1.md", "![The forum](../images/photo.jpg)")(site)
    _body("news/update-2.md", "![A red square](../images/photo.png)")(site)
    assert network_site(site / "mkdocs.yml", "check").returncode == 0
    assert mkdocs_build(site / "mkdocs.yml", site / "site").returncode == 0
    with Image.open(site / "site/images/photo-320w.jpg.webp") as from_jpeg, \
            Image.open(site / "site/images/photo-320w.png.webp") as from_png:
        red, green, _ = from_png.convert("RGB").getpixel((10, 10))
        assert red > 240 and green < 20  # the red square, not the forum's photo
        assert from_jpeg.size[1] == 180 and from_png.size[1] == 160  # each keeps its own shape
    page = (site / "site/news/update-2/index.html").read_text(encoding="utf-8")
    assert "photo-320w.png.webp" in page and "photo-320w.jpg.webp" not in page


def test_a_folder_style_link_to_an_item_is_accepted_and_leads_to_its_page(site: Path) -> None:
    _body("news/update-1.md", "[The forum](../events/return-forum/)")(site)
    assert network_site(site / "mkdocs.yml", "check").returncode == 0
    assert mkdocs_build(site / "mkdocs.yml", site / "site").returncode == 0
    page = (site / "site/news/update-1/index.html").read_text(encoding="utf-8")
    assert 'href="../../events/return-forum/">The forum' in page
    assert (site / "site/news/update-1" / "../../events/return-forum/index.html").resolve().is_file()


@pytest.mark.parametrize("path", ["docs/annual-report-2024.pdf", "email/newsletter-2024.pdf"])
def test_a_static_file_of_its_own_name_is_published_beside_the_pages(site: Path, path: str) -> None:
    _add(path, "%PDF-1.4")(site)
    assert network_site(site / "mkdocs.yml", "check").returncode == 0
    assert mkdocs_build(site / "mkdocs.yml", site / "site").returncode == 0
    assert (site / "site" / path).read_text(encoding="utf-8") == "%PDF-1.4"


def test_where_the_build_refuses_a_link_to_a_missing_anchor_check_refuses_it_with_the_same_line(site: Path) -> None:
    _config("extra_css:", "validation:\n  anchors: warn\nextra_css:")(site)
    _body("events/return-forum.md", "## Agenda")(site)
    _body("news/update-1.md", "[Agenda](../events/return-forum/#agenda) [X](update-2.md#nowhere) [Y](#nope)")(site)
    checked = network_site(site / "mkdocs.yml", "check")
    built = mkdocs_build(site / "mkdocs.yml", site / "site")
    assert checked.returncode == 1 and built.returncode == 1
    said = {line for line in mistakes(checked.stdout)}
    assert {line.split(": link: ", 1)[1] for line in said} == {
        "expected an anchor 'news/update-2.md' has (a heading's id), found 'update-2.md#nowhere', which names "
        "'#nowhere', an anchor it does not have",
        "expected an anchor this page has (a heading's id), found '#nope', which names '#nope', an anchor it does not "
        "have",
    }
    assert {line.rsplit("content/", 1)[-1] for line in said} == {
        line.rsplit("content/", 1)[-1] for line in mistakes(built.stderr)}


def test_a_link_to_an_anchor_a_heading_makes_is_accepted_by_check_and_the_build(site: Path) -> None:
    _config("extra_css:", "validation:\n  anchors: warn\nextra_css:")(site)
    _body("events/return-forum.md", "## Agenda")(site)
    _body("news/update-1.md", "[Agenda](../events/return-forum/#agenda) [Also](../events/return-forum.md#agenda)")(site)
    assert network_site(site / "mkdocs.yml", "check").returncode == 0
    assert mkdocs_build(site / "mkdocs.yml", site / "site").returncode == 0
    page = (site / "site/news/update-1/index.html").read_text(encoding="utf-8")
    assert page.count('href="../../events/return-forum/#agenda"') == 2


def test_the_same_body_in_two_files_has_its_missing_anchor_named_at_each_files_own_line(site: Path) -> None:
    _config("extra_css:", "validation:\n  anchors: warn\nextra_css:")(site)
    _body("events/return-forum.md", "## Plan")(site)
    body = "The working group reported.\n\nSee [the plan](../events/return-forum.md#plan).\n"
    one, two = site / "content/news/update-1.md", site / "content/news/update-2.md"
    one.write_text("---\ntitle: One\nsummary: A.\ndate: 2024-01-10\n---\n" + body, encoding="utf-8")
    two.write_text("---\ntitle: Two\nsummary: B.\ndate: 2024-02-10\ntwgs: [return]\nsdgs: [10]\n---\n" + body,
                   encoding="utf-8")
    assert mkdocs_build(site / "mkdocs.yml", site / "site").returncode == 0
    # The heading goes; the two bodies, unchanged, are read from the last build's cache.
    forum = site / "content/events/return-forum.md"
    forum.write_text(forum.read_text(encoding="utf-8").replace("## Plan", "## Agenda"), encoding="utf-8")
    built = mkdocs_build(site / "mkdocs.yml", site / "site")
    said = {line.rsplit("content/", 1)[-1].split(": link: ", 1)[0] for line in mistakes(built.stderr)}
    assert said == {"news/update-1.md:8", "news/update-2.md:10"}
