"""What a `mkdocs serve --dirty` rebuild renders again, decided from the content rather than file dates."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import EXAMPLIA, site_settings

from generator.content.errors import ContentError
from generator.content.leftovers import is_editor_leftover
from generator.content.loading import check
from generator.content.reading import ReadCache, load
from generator.content.types import BUILT_IN
from generator.fast.preview import Fingerprints, Snapshot, plan, snapshot, what_changed
from generator.outputs.mistake_pages import mistake_page


@pytest.fixture()
def network(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLIA, tmp_path / "examplia")
    return tmp_path / "examplia"


def taken(network: Path, errors: tuple[ContentError, ...] = (), fingerprints: Fingerprints | None = None) -> Snapshot:
    loaded = load(network / "content", BUILT_IN, languages=site_settings(EXAMPLIA).translated_languages)
    sources = [*(record.source for record in loaded.records), *(page.source for page in loaded.pages),
               *(translation.source for translation in loaded.translations)]
    return snapshot(sources, errors, [network / "content", network / "mkdocs.yml"], fingerprints)


def items(network: Path) -> set[str]:
    languages = site_settings(EXAMPLIA).translated_languages
    return {record.source.src_uri for record in load(network / "content", BUILT_IN, languages=languages).records}


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


def pages(network: Path) -> set[str]:
    """Every content file's page (the generated pages are not files: any name stands for them)."""
    return {path.relative_to(network / "content").as_posix() for path in (network / "content").rglob("*.md")} | {
        "twgs/return/index.md", "news/index.md"}


def test_a_changed_field_renders_its_own_page_first_and_every_other_page_after(network: Path) -> None:
    before = taken(network)
    rewrite(network / "content" / "news" / "update-1.md", "date: 2024-01-10", "date: 2024-01-11")
    changes = what_changed(before, taken(network), items(network))
    assert changes.pages is None
    assert "news/update-1.md" in changes.reason
    rendering = plan(changes, pages(network), (), may_follow=True)
    assert rendering.now == {"news/update-1.md"}
    assert rendering.later == pages(network) - {"news/update-1.md"}


def test_a_new_file_renders_its_own_page_first_and_every_other_page_after(network: Path) -> None:
    before = taken(network)
    shutil.copy(network / "content" / "news" / "update-1.md", network / "content" / "news" / "update-7.md")
    changes = what_changed(before, taken(network), items(network))
    assert changes.pages is None
    rendering = plan(changes, pages(network), (), may_follow=True)
    assert rendering.now == {"news/update-7.md"}
    assert rendering.later == pages(network) - {"news/update-7.md"}


def test_every_page_is_rendered_at_once_where_the_preview_cannot_serve_while_it_renders(network: Path) -> None:
    before = taken(network)
    rewrite(network / "content" / "news" / "update-1.md", "date: 2024-01-10", "date: 2024-01-11")
    rendering = plan(what_changed(before, taken(network), items(network)), pages(network), (), may_follow=False)
    assert (rendering.now, rendering.later) == (pages(network), set())


def test_a_changed_plain_page_renders_every_page(network: Path) -> None:
    """A plain page's first heading may be the title other pages show."""
    page = next(path for path in sorted((network / "content").glob("*.md")) if path.name != "index.md"
                and len(path.suffixes) == 1)
    before = taken(network)
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    changes = what_changed(before, taken(network), items(network))
    assert changes.pages is None
    assert plan(changes, pages(network), (), may_follow=True).now == {page.name}


def test_a_changed_picture_or_configuration_renders_every_page_at_once(network: Path) -> None:
    before = taken(network)
    (network / "content" / "photo.png").write_bytes(b"not yet a picture")
    changes = what_changed(before, taken(network), items(network))
    assert changes.pages is None
    assert plan(changes, pages(network), (), may_follow=True).now == pages(network)
    before = taken(network)
    (network / "mkdocs.yml").write_text((network / "mkdocs.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changes = what_changed(before, taken(network), items(network))
    assert changes.pages is None
    assert plan(changes, pages(network), (), may_follow=True).now == pages(network)


def test_a_mistake_found_or_fixed_renders_every_page_at_once(network: Path) -> None:
    mistake = ContentError("content/news/update-1.md", 4, "date", "a date", "'someday'")
    rewrite(network / "content" / "news" / "update-1.md", "date: 2024-01-10", "date: 2024-01-11")
    changes = what_changed(taken(network), taken(network, (mistake,)), items(network))
    assert changes.pages is None
    assert plan(changes, pages(network), (), may_follow=True).now == pages(network)


def test_a_text_saved_while_pages_are_owed_renders_its_page_and_leaves_them_owed(network: Path) -> None:
    owed = pages(network) - {"news/update-1.md"}
    before = taken(network)
    rewrite(network / "content" / "news" / "update-2.md", "round 2.", "round 2, revised.")
    rendering = plan(what_changed(before, taken(network), items(network)), pages(network), owed, may_follow=True)
    assert rendering.now == {"news/update-2.md"}
    assert rendering.later == owed - {"news/update-2.md"}
    assert not rendering.catching_up


def test_the_build_after_renders_the_pages_owed_while_the_preview_serves(network: Path) -> None:
    owed = {"news/update-2.md", "twgs/return/index.md"}
    rendering = plan(what_changed(taken(network), taken(network), items(network)), pages(network), owed, True)
    assert rendering.now == owed
    assert rendering.catching_up


def test_a_page_gone_since_is_owed_no_more(network: Path) -> None:
    owed = {"news/update-2.md", "news/update-9.md"}
    rendering = plan(what_changed(taken(network), taken(network), items(network)), pages(network), owed, True)
    assert rendering.now == {"news/update-2.md"}


def saved_by_renaming(path: Path, text: str) -> None:
    """Save as vim, VS Code or gedit may: write a new file beside the old one and rename it over it."""
    new = path.with_name(f".{path.name}.saving")
    new.write_text(text, encoding="utf-8")
    os.replace(new, path)


def test_a_body_saved_by_renaming_a_new_file_over_the_old_renders_only_that_item(network: Path) -> None:
    fingerprints = Fingerprints()
    before = taken(network, fingerprints=fingerprints)
    item = network / "content" / "news" / "update-1.md"
    saved_by_renaming(item, item.read_text(encoding="utf-8").replace("round 1.", "round 1, revised."))
    changes = what_changed(before, taken(network, fingerprints=fingerprints), items(network))
    assert changes.pages == {"news/update-1.md"}, changes.reason


def test_a_body_saved_by_sed_in_place_renders_only_that_item(network: Path) -> None:
    fingerprints = Fingerprints()
    before = taken(network, fingerprints=fingerprints)
    sed = ["sed", "-i", "s/round 1\\./round 1, revised./", "content/news/update-1.md"]
    subprocess.run(sed, cwd=network, check=True)
    changes = what_changed(before, taken(network, fingerprints=fingerprints), items(network))
    assert changes.pages == {"news/update-1.md"}, changes.reason


def test_a_picture_saved_again_unchanged_renders_nothing(network: Path) -> None:
    picture = network / "content" / "photo.png"
    picture.write_bytes(b"a picture")
    fingerprints = Fingerprints()
    before = taken(network, fingerprints=fingerprints)
    new = picture.with_name("photo.png.new")
    new.write_bytes(b"a picture")
    os.replace(new, picture)  # a new file, and a new modification time for its folder
    assert what_changed(before, taken(network, fingerprints=fingerprints), items(network)).pages == frozenset()


def test_a_picture_replaced_by_one_of_the_same_size_and_time_is_noticed(network: Path) -> None:
    """What `cp -p`, rsync and unzip do: the file's status keeps its old size and modification time."""
    picture = network / "content" / "photo.png"
    picture.write_bytes(b"picture one")
    fingerprints = Fingerprints()
    before = taken(network, fingerprints=fingerprints)
    status = picture.stat()
    picture.write_bytes(b"picture two")
    os.utime(picture, ns=(status.st_atime_ns, status.st_mtime_ns))
    changes = what_changed(before, taken(network, fingerprints=fingerprints), items(network))
    assert changes.pages is None
    assert "photo.png" in changes.reason


LEFTOVERS = (
    ".update-1.md.swp", ".update-1.md.swo", "update-1.md~", "update-1.md.~1~", "#update-1.md#", "4913", "5036",
    "sedAbC123", "update-1.md.vsctmp", "update-1.md___jb_tmp___", "update-1.md.crswap", "~$report.docx",
    ".goutputstream-XYZ123",
)


@pytest.mark.parametrize("name", LEFTOVERS)
def test_what_editors_leave_while_saving_is_recognised(name: str) -> None:
    assert is_editor_leftover(name)


@pytest.mark.parametrize("name", ["update-1.md", "photo.png", "logo.svg", "_logo.svg", "report.pdf", "4914", "2024"])
def test_content_files_are_not_taken_for_editor_leftovers(name: str) -> None:
    assert not is_editor_leftover(name)


def test_files_editors_leave_while_saving_render_nothing(network: Path) -> None:
    folder = network / "content" / "news"
    fingerprints = Fingerprints()
    before = taken(network, fingerprints=fingerprints)
    for name in LEFTOVERS:
        (folder / name).write_text("what an editor keeps while saving", encoding="utf-8")
    (folder / ".#update-1.md").symlink_to("staff@laptop.4242:1700000000")  # Emacs' lock: a link to nowhere
    assert what_changed(before, taken(network, fingerprints=fingerprints), items(network)).pages == frozenset()


def test_an_emacs_lock_beside_a_file_is_not_read_as_content(network: Path) -> None:
    (network / "content" / "news" / ".#update-1.md").symlink_to("staff@laptop.4242:1700000000")
    assert check(network / "content", site_settings(EXAMPLIA)).errors == ()


def test_a_file_rewritten_with_the_same_size_and_time_is_read_again(network: Path) -> None:
    cache = ReadCache()
    item = network / "content" / "news" / "update-1.md"
    load(network / "content", BUILT_IN, cache=cache, languages=site_settings(EXAMPLIA).translated_languages)
    status = item.stat()
    rewrite(item, "round 1.", "round 7.")
    os.utime(item, ns=(status.st_atime_ns, status.st_mtime_ns))
    languages = site_settings(EXAMPLIA).translated_languages
    records = load(network / "content", BUILT_IN, cache=cache, languages=languages).records
    bodies = {record.source.src_uri: record.source.front.body for record in records}
    assert "round 7." in bodies["news/update-1.md"]


def test_an_item_with_mistakes_shows_its_mistakes_title_and_body(network: Path) -> None:
    item = network / "content" / "news" / "update-2.md"
    rewrite(item, "date: 2024-02-10", "date: someday")
    page = mistake_page(
        network / "content", "news/update-2.md", check(network / "content", site_settings(EXAMPLIA)).errors, BUILT_IN
    )
    assert page is not None
    assert [error.field for error in page.mistakes] == ["date"]
    assert page.url == "news/update-2/"
    assert page.title == "Reintegration update number 2"
    assert "round 2." in page.source.front.body


def test_an_item_whose_fields_cannot_be_read_still_shows_its_body(network: Path) -> None:
    item = network / "content" / "news" / "update-2.md"
    rewrite(item, "title: Reintegration update number 2", "title: [Reintegration update number 2")
    page = mistake_page(
        network / "content", "news/update-2.md", check(network / "content", site_settings(EXAMPLIA)).errors, BUILT_IN
    )
    assert page is not None
    assert page.mistakes[0].field == "front matter"
    assert page.title == "update-2.md"
    assert "round 2." in page.source.front.body
    assert "title:" not in page.source.front.body


def test_a_bulletin_with_mistakes_keeps_the_address_of_its_number(network: Path) -> None:
    bulletin = network / "content" / "bulletins" / "2024-02.md"
    bulletin.parent.mkdir()
    bulletin.write_text(
        "---\ntitle: February\nsummary: The month.\nnumber: 7\ndate: sometime\nitems: [news/update-2]\n---\nHello.\n",
        encoding="utf-8",
    )
    errors = check(network / "content", site_settings(EXAMPLIA)).errors
    page = mistake_page(network / "content", "bulletins/2024-02.md", errors, BUILT_IN)
    assert page is not None
    assert page.url == "bulletins/7/"


def test_a_file_without_mistakes_has_no_mistake_page(network: Path) -> None:
    errors = check(network / "content", site_settings(EXAMPLIA)).errors
    assert mistake_page(network / "content", "news/update-2.md", errors, BUILT_IN) is None


def test_a_static_file_is_copied_again_when_its_bytes_change_whatever_its_date(tmp_path: Path) -> None:
    from generator.fast.preview import Fingerprints, StaticCopies

    content, site = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    site.mkdir()
    (content / "report.pdf").write_bytes(b"%PDF first")
    (site / "report.pdf").write_bytes(b"%PDF first")
    fingerprints = Fingerprints()
    copies = StaticCopies(fingerprints)
    fingerprints.of([content])
    assert copies.changed(content / "report.pdf", site / "report.pdf") is False
    (content / "report.pdf").write_bytes(b"%PDF other")
    os.utime(content / "report.pdf", (946684800, 946684800))  # older than the copy
    fingerprints.of([content])
    assert copies.changed(content / "report.pdf", site / "report.pdf") is True
    assert copies.changed(tmp_path / "elsewhere.css", site / "elsewhere.css") is None  # not ours: MkDocs decides


def test_the_preview_finds_the_theme_s_static_files_as_mkdocs_finds_them_save_after_save() -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from generator.engine.theme_files import InstalledThemeFiles

    def static_files() -> list[str]:
        config = load_config(str(EXAMPLIA / "mkdocs.yml"))
        if kept is not None:
            kept.keep_for(config.theme)
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted(file.src_uri for file in files)

    kept = None
    as_mkdocs_finds_them = static_files()
    kept = InstalledThemeFiles()
    assert [static_files() for _ in range(2)] == [as_mkdocs_finds_them] * 2
    assert "assets/network.css" in as_mkdocs_finds_them and "sitemap.xml" not in as_mkdocs_finds_them
    theme = load_config(str(EXAMPLIA / "mkdocs.yml")).theme
    installed = [folder for folder in theme.dirs if kept.installed(folder)]
    assert installed and all("site-packages" in folder for folder in installed), "mkdocs-material's is installed"
    assert not kept.installed(str(Path(theme.dirs[0]))), "the network's own templates folder is read every time"
