"""The build cache and the worker processes change how fast a site is built, never what is built.

A CI build starts without the cache (cold); a staff member's build and `mkdocs serve` find the
last build's (warm); bodies are rendered by worker processes or by MkDocs' own loop. Every one
of these builds writes the same bytes into every file, warns the same and fails the same.
"""

from __future__ import annotations

import collections
import copy
import gzip
import hashlib
import re
import shutil
import tempfile
import tracemalloc
from collections import Counter, OrderedDict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mounts import tmpfs
from sitebuild import EXAMPLIA, REPO, mkdocs_build

from generator.content.reading import ReadCache
from generator.fast.build_cache import KEPT_BUILDS, OLD_DATABASES, BuildCache, code_fingerprint, stable_text

CACHE = Path(".cache") / "network-site"


def _network(folder: Path, options: str = "") -> Path:
    """A copy of the made-up network in `folder`, with the plugin `options` added; its mkdocs.yml."""
    project = folder / "examplia"
    shutil.copytree(EXAMPLIA / "content", project / "content")
    config = (EXAMPLIA / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../../templates", str(REPO / "templates"))
    if options:
        config = config.replace("  - network:\n", "  - network:\n" + options, 1)
    # As strict as the real site: links MkDocs cannot follow are warnings.
    config += "validation:\n  unrecognized_links: warn\n  anchors: warn\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project / "mkdocs.yml"


def _files(site: Path) -> dict[str, str]:
    """Every file of a built site and a digest of its bytes."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _build(config: Path, out: Path, *extra: str) -> str:
    """A strict build that must succeed; what it logged at debug level."""
    result = mkdocs_build(config, out, "--verbose", *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _kept_pages(log: str) -> int:
    found = re.search(r"Pages kept from the last build: (\d+)", log)
    assert found is not None, log
    return int(found[1])


def _edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file with `new`; an empty `old` adds `new` at the end."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")


def test_a_warm_build_writes_the_same_bytes_as_a_cold_one(tmp_path: Path) -> None:
    config = _network(tmp_path)
    cold_log = _build(config, tmp_path / "cold")
    warm_log = _build(config, tmp_path / "warm")
    assert (config.parent / CACHE).is_dir()
    assert _kept_pages(cold_log) == 0
    assert _kept_pages(warm_log) > 100  # every page of the network came from the cache
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")


@pytest.mark.parametrize(
    ("where", "old", "new"),
    [
        # Staff add a sentence to one item: its page, its feeds and the search index change.
        ("news/jatiya-sanlap.md", "", "\nA sentence staff added, with [a link](../twgs/index.md).\n"),
        # A title appears on listings, the home page, feeds and the item's own page.
        ("news/jatiya-sanlap.md", 'title: "', 'title: "Retitled: '),
        # A plain page's text may give it the title that menus show.
        ("about.md", "", "\nA new paragraph about the network.\n"),
    ],
    ids=["an item's text", "an item's title", "a plain page's text"],
)
def test_a_warm_build_after_an_edit_writes_what_a_cold_build_of_the_edit_writes(
    tmp_path: Path, where: str, old: str, new: str
) -> None:
    config = _network(tmp_path)
    _build(config, tmp_path / "before")
    _edit(config.parent / "content" / where, old, new)
    _build(config, tmp_path / "warm")
    shutil.rmtree(config.parent / CACHE)
    _build(config, tmp_path / "cold")
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")
    assert _files(tmp_path / "warm") != _files(tmp_path / "before")


def _linked(log: str) -> int:
    found = re.search(r"Files linked from the build cache's copies: (\d+)", log)
    assert found is not None, log
    return int(found[1])


def test_a_published_page_written_over_in_place_is_published_as_the_build_makes_it_the_next_time(
    tmp_path: Path,
) -> None:
    """A warm build links its files to the copies the cache kept; a tool that writes over a published file in place
    (a minifier run on the site) writes into that copy too, and the next build must not publish what it wrote."""
    config = _network(tmp_path)
    site = tmp_path / "site"
    _build(config, site)
    made = _files(site)
    for name in ("index.html", "news/index.html"):
        with (site / name).open("r+b") as published:
            published.write(b"<!-- written over -->")
    assert _linked(_build(config, site)) > 100  # the other files are the kept copies
    assert _files(site) == made


def test_a_site_on_another_file_system_than_its_cache_is_built_as_on_the_same_one(tmp_path: Path) -> None:
    config = _network(tmp_path)
    _build(config, tmp_path / "same disk")
    with tmpfs(tmp_path / "other disk", "64m") as other:
        _build(config, other / "site")
        assert _files(other / "site") == _files(tmp_path / "same disk")


def test_bodies_rendered_by_worker_processes_are_the_bodies_mkdocs_renders(tmp_path: Path) -> None:
    alone = _network(tmp_path / "alone", "      cache: false\n      workers: 0\n")
    workers = _network(tmp_path / "workers", "      cache: false\n      workers: 2\n")
    alone_log = _build(alone, tmp_path / "alone-site")
    workers_log = _build(workers, tmp_path / "workers-site")
    assert "0 from workers or the cache" in alone_log
    assert re.search(r"Markdown bodies: \d+ rendered in the loop, [1-9]\d* from workers", workers_log)
    assert not (alone.parent / CACHE).exists()
    assert _files(tmp_path / "workers-site") == _files(tmp_path / "alone-site")


def test_a_warm_build_warns_and_fails_as_the_cold_one_did(tmp_path: Path) -> None:
    config = _network(tmp_path)
    # A folder-style link to no page and a link to a missing anchor: the build refuses both, cold or warm.
    links = "\nSee [the archive](nowhere/) and [us](index.md#no-such-part).\n"
    _edit(config.parent / "content" / "about.md", "", links)
    cold, warm = (mkdocs_build(config, tmp_path / name) for name in ("cold", "warm"))
    for result in (cold, warm):
        assert result.returncode != 0
        assert "'nowhere/'" in result.stderr
    said = [[line for line in result.stderr.splitlines() if "about.md" in line] for result in (cold, warm)]
    assert said[0] and said[0] == said[1], "a warm build says what the cold one said, line for line"
    assert not (tmp_path / "cold").exists() and not (tmp_path / "warm").exists()  # a failed build publishes nothing


def _what_warm_and_cold_builds_say_of(config: Path, out: Path, name: str) -> list[str]:
    """The lines naming `name` that a warm build stopped with, once it is known that a cold build says the same."""
    warm = mkdocs_build(config, out / "warm")
    shutil.rmtree(config.parent / CACHE)
    cold = mkdocs_build(config, out / "cold")
    said = [[line for line in result.stderr.splitlines() if name in line] for result in (warm, cold)]
    assert warm.returncode != 0 and not (out / "warm").exists(), warm.stderr
    assert said[0] == said[1], "a warm build says what the cold one said, line for line"
    return said[0]


def test_a_picture_deleted_since_the_last_build_stops_the_next_build_as_it_stops_a_cold_one(tmp_path: Path) -> None:
    # Each item's check is kept from one build to the next: the files its fields name are asked about again.
    config = _network(tmp_path)
    _build(config, tmp_path / "before")
    (config.parent / "content" / "images" / "return-forum.jpg").unlink()
    said = _what_warm_and_cold_builds_say_of(config, tmp_path, "return-forum.jpg")
    assert any("update-3.md" in line and "does not exist" in line for line in said), said
    assert any("return-forum.md" in line and "does not exist" in line for line in said), said


def test_a_file_deleted_since_the_last_build_is_a_broken_link_in_the_next_as_in_a_cold_one(tmp_path: Path) -> None:
    # Each body's links are checked once and kept: what they point at is part of what decides whether that holds.
    config = _network(tmp_path)
    plan = config.parent / "content" / "documents" / "plan.txt"
    plan.parent.mkdir()
    plan.write_text("The network's work plan.\n", encoding="utf-8")
    _edit(config.parent / "content" / "about.md", "", "\nRead [the work plan](documents/plan.txt).\n")
    _build(config, tmp_path / "before")
    plan.unlink()
    said = _what_warm_and_cold_builds_say_of(config, tmp_path, "plan.txt")
    assert any("about.md" in line and "does not exist" in line for line in said), said


def test_a_mistake_fixed_since_the_last_build_is_gone_from_the_next(tmp_path: Path) -> None:
    config = _network(tmp_path)
    news = config.parent / "content" / "news" / "update-3.md"
    _edit(news, "image: {src: images/return-forum.jpg", "image: {src: images/no-such-picture.jpg")
    failed = mkdocs_build(config, tmp_path / "failed")
    assert failed.returncode != 0 and "no-such-picture.jpg" in failed.stderr
    _edit(news, "images/no-such-picture.jpg", "images/return-forum.jpg")
    _build(config, tmp_path / "fixed")
    assert (tmp_path / "fixed" / "news" / "update-3" / "index.html").is_file()


def test_a_damaged_cache_only_costs_time(tmp_path: Path) -> None:
    config = _network(tmp_path)
    _build(config, tmp_path / "first")
    made = _files(tmp_path / "first")
    # The database, and the copies of the site's files (written over in place: the first site's files change too).
    for path in (config.parent / CACHE).rglob("*"):
        if path.is_file():
            path.write_bytes(b"not what a build wrote" * 100)
    log = _build(config, tmp_path / "again")
    assert _kept_pages(log) == 0
    assert _files(tmp_path / "again") == made


def _unpacked(site: Path) -> dict[str, bytes]:
    """Every file of the site, the search index's compressed files as what they hold."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix.startswith(".pf_") else data
    return files


def test_a_search_index_built_in_parts_is_the_index_one_pagefind_writes(tmp_path: Path) -> None:
    whole = _network(tmp_path / "whole", "      cache: false\n")
    parts = _network(tmp_path / "parts", "      cache: false\n      search_part_pages: 4\n")
    _build(whole, tmp_path / "whole-site")
    _build(parts, tmp_path / "parts-site")
    index = _unpacked(tmp_path / "parts-site")
    assert len([name for name in index if name.startswith("pagefind/fragment/")]) > 2 * 4  # three parts or more
    assert index == _unpacked(tmp_path / "whole-site")


def test_a_warm_build_indexes_again_only_the_parts_of_the_search_index_whose_pages_changed(tmp_path: Path) -> None:
    config = _network(tmp_path, "      search_part_pages: 8\n")
    news = config.parent / "content" / "news"
    for number in range(60):  # a network with some years of news
        _write_news(news / f"round-{number}.md", f"Round {number} of the dialogue", f"2023-{number % 12 + 1:02}-10")
    _build(config, tmp_path / "before")
    # Staff add a sentence to one item: its page alone changes, and so one part of the index.
    _edit(news / "round-7.md", "", "\nThe minutes are now online.\n")
    kept, parts = _search_parts(_build(config, tmp_path / "edited"))
    assert parts > 8  # the index was made in many parts
    assert kept == parts - 1
    # Staff add a news item: its page is new, and every page listing it changes.
    _write_news(news / "an-added-update.md", "An added update", "2024-02-01")
    kept, parts = _search_parts(_build(config, tmp_path / "added"))
    assert kept > 0
    shutil.rmtree(config.parent / CACHE)
    _build(config, tmp_path / "cold")
    assert _files(tmp_path / "added") == _files(tmp_path / "cold")


def test_after_one_edit_the_search_index_reads_again_only_the_pages_that_changed_and_is_a_cold_builds(
        tmp_path: Path) -> None:
    config = _network(tmp_path, "      search_part_pages: 8\n")
    news = config.parent / "content" / "news"
    for number in range(30):
        _write_news(news / f"round-{number}.md", f"Round {number} of the dialogue", f"2023-{number % 12 + 1:02}-10")
    _build(config, tmp_path / "before")
    _edit(news / "round-7.md", "", "\nThe minutes name a quokka.\n")
    kept, pages = _searchable_parts_kept(_build(config, tmp_path / "edited"))
    assert 0 < kept < pages
    assert pages - kept <= 3  # the item's page, and few others (nothing else shows its body)
    edited = _unpacked(tmp_path / "edited")
    assert any(b"quokka" in data for name, data in edited.items() if name.startswith("pagefind/fragment/"))
    shutil.rmtree(config.parent / CACHE)
    _build(config, tmp_path / "cold")
    assert edited == _unpacked(tmp_path / "cold")


# A hook of a network's own: it writes the word in word.txt into every page's searchable body, after our plugin has
# kept the page (so the page's kept output is the same from one word to the next).
WORD_HOOK = """
from collections import Counter, OrderedDict
from pathlib import Path

def on_post_page(output, page, config):
    word = (Path(config.config_file_path).parent / "word.txt").read_text(encoding="utf-8").strip()
    if not word:  # the hook changes no page at all
        return output
    return output.replace("<div data-pagefind-body>", f"<div data-pagefind-body><p>{word}</p>", 1)
"""


def _built_with_word_hook(tmp_path: Path, word: str, then: str) -> Path:
    """A network whose hook adds `word` to finished pages, built into tmp_path/before; then the word is `then`."""
    config = _network(tmp_path)
    (config.parent / "hooks.py").write_text(WORD_HOOK, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8")
    (config.parent / "word.txt").write_text(f"{word}\n", encoding="utf-8")
    _build(config, tmp_path / "before")
    (config.parent / "word.txt").write_text(f"{then}\n", encoding="utf-8")
    return config


def test_a_page_another_plugin_changes_after_ours_is_found_in_search_as_it_is_published(tmp_path: Path) -> None:
    config = _built_with_word_hook(tmp_path, "marigold", then="tamarind")
    # Some page of ours changes too, so that the search index is made again rather than kept whole.
    _edit(config.parent / "content" / "news" / "update-3.md", "", "\nThe forum met again.\n")
    log = _build(config, tmp_path / "after")
    assert _kept_pages(log) > 0  # the pages are kept: the hook's change is not in what our cache keeps
    fragments = b"".join(data for name, data in _unpacked(tmp_path / "after").items()
                         if name.startswith("pagefind/fragment/"))
    assert b"tamarind" in fragments
    assert b"marigold" not in fragments
    # And each page is published as the hook changes it now, not as the copy of the last build's file.
    before = [path.read_text(encoding="utf-8") for path in (tmp_path / "before").rglob("*.html")]
    published = [path.read_text(encoding="utf-8") for path in (tmp_path / "after").rglob("*.html")]
    assert sum("<p>tamarind</p>" in page for page in published) == sum("<p>marigold</p>" in page for page in before)
    assert not [page for page in published if "marigold" in page]


def test_a_page_another_plugin_starts_changing_is_published_as_it_changes_it(tmp_path: Path) -> None:
    """Our kept pages' files are linked to the last build's copies only where no other plugin handles finished
    pages: one that left them as they were last time may change them now."""
    config = _built_with_word_hook(tmp_path, "", then="tamarind")
    log = _build(config, tmp_path / "after")
    assert _kept_pages(log) > 100
    before = [path.read_text(encoding="utf-8") for path in (tmp_path / "before").rglob("*.html")]
    published = [path.read_text(encoding="utf-8") for path in (tmp_path / "after").rglob("*.html")]
    searchable = sum("<div data-pagefind-body>" in page for page in before)
    assert searchable > 10
    assert sum("<p>tamarind</p>" in page for page in published) == searchable


def test_a_network_with_a_hook_of_its_own_builds_warm_as_cold_with_the_hook_as_it_is_now(tmp_path: Path) -> None:
    config = _network(tmp_path)
    hook = config.parent / "hooks.py"
    hook.write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown + '\\n\\nSigned: marigold.'\n",
                    encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8")
    _build(config, tmp_path / "before")
    hook.write_text(hook.read_text(encoding="utf-8").replace("marigold", "tamarind"), encoding="utf-8")
    _build(config, tmp_path / "after")
    page = (tmp_path / "after" / "news" / "update-3" / "index.html").read_text(encoding="utf-8")
    assert "Signed: tamarind." in page and "marigold" not in page
    shutil.rmtree(config.parent / CACHE)
    _build(config, tmp_path / "cold")
    assert _files(tmp_path / "after") == _files(tmp_path / "cold")


def test_a_network_s_hook_may_import_any_class_and_its_edit_is_published_on_the_next_build(tmp_path: Path) -> None:
    """The cache keys pages by the configuration, hooks and all: a hook's globals (a mapping class it imported, a
    counter it keeps) are not the configuration, and its code is."""
    config = _network(tmp_path)
    hook = config.parent / "hooks.py"
    hook.write_text("from collections import Counter, OrderedDict\n\nSEEN = Counter()\n\n"
                    "def on_page_markdown(markdown, page, **kwargs):\n    SEEN[page.file.src_uri] += 1\n"
                    "    return markdown + '\\n\\nSigned: marigold.'\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8")
    _build(config, tmp_path / "before")
    page = tmp_path / "before" / "news" / "update-3" / "index.html"
    assert "Signed: marigold." in page.read_text(encoding="utf-8")
    hook.write_text(hook.read_text(encoding="utf-8").replace("marigold", "tamarind"), encoding="utf-8")
    _build(config, tmp_path / "after")
    assert "Signed: tamarind." in (tmp_path / "after" / "news" / "update-3" / "index.html").read_text(encoding="utf-8")


def test_a_page_a_hook_s_code_changes_before_it_is_rendered_is_not_kept_from_the_last_build(tmp_path: Path) -> None:
    """A hook that changes a page's context changes what our templates render, and kept pages are kept as our
    templates made them: the hook's code is part of what they are kept by."""
    config = _network(tmp_path)
    hook = config.parent / "hooks.py"
    hook.write_text("def on_page_context(context, page, **kwargs):\n"
                    "    page.meta['description'] = 'Signed: marigold.'\n    return context\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8")
    _build(config, tmp_path / "before")
    page = Path("news", "update-3", "index.html")
    assert 'content="Signed: marigold."' in (tmp_path / "before" / page).read_text(encoding="utf-8")
    hook.write_text(hook.read_text(encoding="utf-8").replace("marigold", "tamarind"), encoding="utf-8")
    _build(config, tmp_path / "after")
    assert 'content="Signed: tamarind."' in (tmp_path / "after" / page).read_text(encoding="utf-8")


def _searchable_parts_kept(log: str) -> tuple[int, int]:
    """How many pages' searchable parts a build took from the last build's, and of how many pages."""
    found = re.search(r"Pages whose searchable part was kept from the last build: (\d+) of (\d+)", log)
    assert found is not None, log
    return int(found[1]), int(found[2])


def _write_news(path: Path, title: str, date: str) -> None:
    """A news item as staff write one, of the example network's TWG and organization."""
    path.write_text(f"---\ntitle: {title}\nsummary: What the working group did.\ndate: {date}\ntwgs: [return]\n"
                    "organizations: {organizers: [unhcr]}\n---\nThe working group met and reported.\n",
                    encoding="utf-8")


def _search_parts(log: str) -> tuple[int, int]:
    """How many parts of the search index a build took from the last build's, and of how many."""
    found = re.search(r"Search index parts kept from the last build: (\d+) of (\d+)", log)
    assert found is not None, log
    return int(found[1]), int(found[2])


def test_the_editors_configuration_kept_from_the_last_build_follows_a_new_page_as_a_cold_build_does(
    tmp_path: Path,
) -> None:
    config = _network(tmp_path)
    _build(config, tmp_path / "first")
    (config.parent / "content" / "partners.md").write_text("---\ntitle: Our partners\n---\nWho works with us.\n",
                                                           encoding="utf-8")
    _build(config, tmp_path / "warm")
    shutil.rmtree(config.parent / CACHE)
    _build(config, tmp_path / "cold")
    warm = (tmp_path / "warm" / "admin" / "config.yml").read_text(encoding="utf-8")
    assert "file: content/partners.md" in warm
    assert "file: content/partners.md" not in (tmp_path / "first" / "admin" / "config.yml").read_text(encoding="utf-8")
    assert warm == (tmp_path / "cold" / "admin" / "config.yml").read_text(encoding="utf-8")


def _builds(folder: Path, *steps: tuple[str, ...]) -> None:
    """One full build per step, each reading the entries named (made the first time one is named)."""
    for names in steps:
        cache = BuildCache(folder, "salt")
        for name in names:
            key = cache.key("test", name)
            if cache.get(key) is None:
                cache.put(key, f"made for {name}")
        cache.save(full_build=True)
        cache.close()


def _kept(folder: Path, name: str) -> bool:
    cache = BuildCache(folder, "salt")
    try:
        return cache.has(cache.key("test", name))
    finally:
        cache.close()


def test_entries_asked_for_together_are_those_asked_for_one_by_one_and_are_kept_as_used(tmp_path: Path) -> None:
    # More pages than one question asks for, some of them kept by the last build, some made by this one, some none.
    names = [f"page {number}" for number in range(1_234)]
    _builds(tmp_path, names[::2])
    cache = BuildCache(tmp_path, "salt")
    for name in names[1::3]:
        if cache.get(cache.key("test", name)) is None:
            cache.put(cache.key("test", name), f"made for {name}")
    keys = [cache.key("test", name) for name in reversed(names)]
    one_by_one = {key: value for key in keys if (value := cache.get(key)) is not None}
    present = {key for key in keys if cache.has(key)}
    assert cache.get_many(keys) == one_by_one
    assert cache.has_many(keys) == present == one_by_one.keys()
    assert len(present) < len(keys)
    cache.save(full_build=True)
    cache.close()
    # Asked for together by the next builds, every one of them stays: none is dropped as unused.
    for _ in range(KEPT_BUILDS + 1):
        cache = BuildCache(tmp_path, "salt")
        assert cache.get_many(keys).keys() == present
        cache.save(full_build=True)
        cache.close()


def test_an_entry_no_build_uses_is_dropped_after_a_few_builds_and_one_in_use_is_kept(tmp_path: Path) -> None:
    _builds(tmp_path, ("home", "old news"), *[("home",)] * KEPT_BUILDS)
    assert _kept(tmp_path, "home")
    assert not _kept(tmp_path, "old news"), "an entry unused for every build kept is dropped"
    _builds(tmp_path, ("home", "old news"), *[("home",)] * (KEPT_BUILDS - 1))
    assert _kept(tmp_path, "old news"), "an entry used within the builds kept stays"


def test_what_each_save_of_a_preview_uses_and_the_parts_of_what_it_makes_are_kept_as_its_first_save_s(
    tmp_path: Path,
) -> None:
    """A dirty preview's saves are builds of one generation, each saving what it used: a later save's count as the
    first's, through the parts of what it made (the search index's)."""
    _builds(tmp_path, ("home", "news", "old news", "part"))
    for used, made in ((("home",), None), (("news",), None), ((), "index")):
        cache = BuildCache(tmp_path, "salt")
        for name in used:
            assert cache.get(cache.key("test", name)) == f"made for {name}"
        if made is not None:
            cache.put(cache.key("test", made), "made of a part")
            cache.made_of(cache.key("test", made), [cache.key("test", "part")])
        cache.save(full_build=False)
        cache.close()
    _builds(tmp_path, *[()] * KEPT_BUILDS)
    assert not _kept(tmp_path, "old news"), "an entry no save used is dropped"
    assert [name for name in ("home", "news", "index", "part") if not _kept(tmp_path, name)] == []


def test_a_cache_in_an_earlier_form_is_removed_and_the_build_goes_on(tmp_path: Path) -> None:
    for old in OLD_DATABASES:
        (tmp_path / old).write_bytes(b"an earlier form of the cache")
    _builds(tmp_path, ("home",), ("home",))
    assert _kept(tmp_path, "home")
    assert not [old for old in OLD_DATABASES if (tmp_path / old).exists()]


class _Options:
    """An object a plugin's configuration may hold: its fields in its __dict__."""

    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


class _Listing:
    """An object whose `items` and `keys` are not a mapping's: a list, and a method that wants an argument."""

    def __init__(self, items: list[object]) -> None:
        self.items = items

    def keys(self, prefix: str) -> list[str]:
        return [prefix]


_CONFIGURATION_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(max_size=8), st.dates(),
    st.sampled_from([Counter, OrderedDict, dict, len, collections, shutil, Path("docs"), frozenset({"a", "b"})]),
)
_CONFIGURATION_VALUES = st.recursive(
    _CONFIGURATION_LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.tuples(children, children), st.dictionaries(st.text(max_size=8), children,
                                                                                        max_size=4),
        st.builds(lambda items: _Listing(items), st.lists(children, max_size=3)),
        st.builds(lambda a, b: _Options(a=a, b=b), children, children),
        st.builds(Counter, st.lists(st.text(max_size=4), max_size=3)),
    ),
    max_leaves=20,
)


@given(_CONFIGURATION_VALUES)
@settings(max_examples=200, deadline=None)
def test_any_value_a_configuration_or_its_hooks_hold_keys_the_cache_without_an_object_s_address(value: object) -> None:
    """The cache keys pages by a text of mkdocs.yml's settings, the plugins' options and the hooks' modules: whatever
    they hold (classes, modules, objects, a list called `items`) gives a text, the same each time, with no memory
    address in it (which would differ from build to build, and no page would ever be kept)."""
    text = stable_text(value)
    assert text == stable_text(copy.copy(value) if isinstance(value, (list, dict)) else value)
    assert " at 0x" not in text


@given(st.permutations(range(40)), st.integers(min_value=0, max_value=40))
@settings(max_examples=25, deadline=None)
def test_entries_read_ahead_are_each_the_one_asked_for_in_any_order(order: list[int], asked: int) -> None:
    """Kept pages are read ahead in the order MkDocs writes them; a page asked for in another order (or never) is
    read by the build itself, and no page ever gets another's output."""
    with tempfile.TemporaryDirectory() as folder:
        cache = BuildCache(Path(folder), "salt")
        keys = [cache.key("page", str(number)) for number in range(40)]
        for number, key in enumerate(keys):
            cache.put(key, f"<p>page {number}</p>" * 50)
        cache.save()
        cache.close()
        cache = BuildCache(Path(folder), "salt")
        ahead = cache.read_ahead(keys)
        assert ahead is not None
        for number in order[:asked]:
            output = ahead.take(keys[number])
            if output is None:
                output = cache.get(keys[number])
            assert output == f"<p>page {number}</p>" * 50
        ahead.stop()
        cache.close()


def test_reading_ahead_stops_before_a_fork_and_when_the_cache_closes(tmp_path: Path) -> None:
    """A thread reading the database as the build forks would leave its locks held in the child for ever."""
    cache = BuildCache(tmp_path, "salt")
    keys = [cache.key("page", str(number)) for number in range(200)]
    for key in keys:
        cache.put(key, "<p>a page</p>")
    cache.save()
    cache.close()
    cache = BuildCache(tmp_path, "salt")
    first, second = cache.read_ahead(keys), cache.read_ahead(keys)
    assert first is not None and second is not None
    assert first.take(keys[0]) == "<p>a page</p>" and first.reading
    cache.settle()  # as before the build forks its feeds' process
    assert not first.reading
    assert second.take(keys[0]) == "<p>a page</p>" and second.reading  # one not started yet starts at its first ask
    cache.close()  # as a failed build does
    assert not second.reading


def test_a_process_making_feeds_never_holds_more_than_a_few_megabytes_of_them_uncompressed(tmp_path: Path) -> None:
    """A feed carries its items' whole bodies, a megabyte each at 1,000 items: the feeds' process keeps each,
    compressed; a hundred of them waiting to be compressed held a hundred megabytes of its memory."""
    build = BuildCache(tmp_path, "salt")
    cache = BuildCache.beside(tmp_path, "salt", build.generation)  # as the feeds' process has it
    assert cache.enabled
    feed = "<entry><content>A body of a news item, in full.</content></entry>\n" * 16_000  # 1 MB
    keys = [cache.key("feed", str(number)) for number in range(100)]
    tracemalloc.start()
    try:
        for number, key in enumerate(keys):
            cache.put(key, f"{number}{feed}")
        cache.save(full_build=False)
        _, most = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        cache.close()
        build.close()
    assert most < 32 << 20, f"{most >> 20} MB held at once for 100 MB of feeds"
    assert _kept_keys(tmp_path, keys) == len(keys), "every feed is kept for the next build"


def test_what_a_process_beside_the_build_makes_and_uses_is_kept_by_the_builds_after_it(tmp_path: Path) -> None:
    """The search index's and the feeds' processes write what they make themselves, while the build runs: the build
    drops what no recent build used, and what they used is used."""
    _builds(tmp_path, ("home",))
    made = []
    for number in range(KEPT_BUILDS + 1):
        build = BuildCache(tmp_path, "salt")
        beside = BuildCache.beside(tmp_path, "salt", build.generation)
        assert beside.get(beside.key("test", "home")) == "made for home", "the process reads what the build before made"
        made.append(beside.key("test", f"part {number}"))
        beside.put(made[-1], f"a part of the index made by build {number}")
        beside.save(full_build=False)
        beside.close()
        build.save(full_build=True)
        build.close()
    assert _kept(tmp_path, "home"), "an entry the processes beside the builds used is not dropped"
    assert _kept_keys(tmp_path, made[1:]) == KEPT_BUILDS, "what they made is kept for the builds after"
    assert _kept_keys(tmp_path, made[:1]) == 0, "what no build used since is dropped, as the build's own entries"


def _kept_keys(folder: Path, keys: list[bytes]) -> int:
    cache = BuildCache(folder, "salt")
    try:
        return sum(cache.has(key) for key in keys)
    finally:
        cache.close()


def test_a_worker_finding_a_body_kept_from_the_last_build_uses_it_rather_than_stopping(tmp_path: Path) -> None:
    """Workers start where bodies seem new by the Markdown as loading read it; a network's hook that adds to every
    page's Markdown makes every body seem new, though each is kept under the Markdown the hook made."""
    config = _network(tmp_path, "      workers: 1\n")
    hook = config.parent / "hooks.py"
    # A link to the page itself: each body looks a file up, and a kept body fits where that file is where it was.
    hook.write_text("def on_page_markdown(markdown, page, **kwargs):\n"
                    "    return markdown + f'\\n\\n[Back to the top]({page.file.name}.md)'\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8")
    _build(config, tmp_path / "before")
    log = _build(config, tmp_path / "after")
    assert "Bodies rendered ahead stopped" not in log
    assert re.search(r"Markdown bodies: 0 rendered in the loop, [1-9]\d* from workers or the cache", log), log[-3000:]
    assert _files(tmp_path / "after") == _files(tmp_path / "before")


@pytest.mark.parametrize("ahead", [False, True], ids=["one by one", "read ahead"])
def test_a_file_refused_by_one_build_is_refused_alike_by_the_next_that_finds_its_text_kept(
        tmp_path: Path, ahead: bool) -> None:
    """A file's front matter and its body's problem are kept by its text: the next build says the same lines,
    whether it asks for each file's alone or for many files' at once (as loading content/ does)."""
    content = tmp_path / "content"
    (content / "news").mkdir(parents=True)
    files = {
        "news/bell.md": "---\ntitle: A bell\n---\n\nFirst line.\nA bell rings \x07 here.\n",
        "news/colon.md": "---\ntitle: A: colon: too many\nsummary: [unclosed\n---\n\nText.\n",
        "news/fine.md": "---\ntitle: Fine\n---\n\nText.\n",
        "news/twin.md": "---\ntitle: Fine\n---\n\nText.\n",
    }
    for name, text in files.items():
        (content / name).write_text(text, encoding="utf-8")
    (content / "news" / "latin.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    names = [*files, "news/latin.md"]

    def read_all(cache: BuildCache) -> dict[str, list[str]]:
        reading = ReadCache(cache)
        if ahead:
            reading.find_ahead([content / name for name in names])
        found = {}
        for name in names:
            source, problems = reading.read(content / name, f"content/{name}", name)
            found[name] = [str(problem) for problem in problems] + ([] if source is None else [source.front.body])
        cache.save()
        cache.close()
        return found

    cold = read_all(BuildCache(tmp_path / "cache", "salt"))
    assert any("U+0007" in said for said in cold["news/bell.md"])
    assert any("0xe9" in said for said in cold["news/latin.md"])
    assert cold["news/colon.md"] and cold["news/fine.md"] == cold["news/twin.md"] == ["\nText.\n"]
    warm_cache = BuildCache(tmp_path / "cache", "salt")
    assert read_all(warm_cache) == cold
    assert warm_cache.hits >= len(set(files.values()))  # each text's front matter came from the cache
    assert warm_cache.misses == 0


def test_an_edit_after_builds_that_changed_nothing_indexes_only_the_page_it_changed(tmp_path: Path) -> None:
    """Builds with nothing changed take the whole search index from the cache, none of its parts; the parts stay
    kept as long as the whole index is used, so that staff's next edit is indexed alone."""
    config = _network(tmp_path, "      search_part_pages: 8\n")
    _build(config, tmp_path / "site")
    # An edit first: the index it makes is made of parts it took from the cache as well as the one it made.
    _edit(config.parent / "content" / "news" / "update-3.md", "", "\nThe forum met.\n")
    _build(config, tmp_path / "site")
    for _ in range(KEPT_BUILDS + 1):
        unchanged = _build(config, tmp_path / "site")
        assert "Search index parts kept" not in unchanged  # the whole index was kept: no part was asked for
    _edit(config.parent / "content" / "news" / "update-3.md", "", "\nThe forum met again.\n")
    log = _build(config, tmp_path / "site")
    parts = re.search(r"Search index parts kept from the last build: (\d+) of (\d+)", log)
    pages = re.search(r"Pages whose searchable part was kept from the last build: (\d+) of (\d+)", log)
    assert parts is not None and pages is not None, log[-2000:]
    assert int(parts[2]) >= 3 and int(parts[1]) == int(parts[2]) - 1
    assert int(pages[1]) == int(pages[2]) - 1
    shutil.rmtree(config.parent / CACHE)
    _build(config, tmp_path / "cold")
    assert _files(tmp_path / "site") == _files(tmp_path / "cold")


def _installed(folder: Path, version: str, description: str) -> None:
    """A distribution installed in `folder` (on sys.path), as pip leaves one: its metadata, its description after."""
    info = folder / "floodwatch-1.0.dist-info"
    shutil.rmtree(info, ignore_errors=True)
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: floodwatch\nVersion: {version}\n"
                                   f"Summary: Flood warnings\n\n{description}\n", encoding="utf-8")


def test_a_package_upgraded_between_builds_makes_the_next_build_anew_and_its_description_does_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    _installed(tmp_path, "1.0", "Warnings for the Teesta basin.")
    installed = code_fingerprint()
    _installed(tmp_path, "1.0", "Warnings for the Teesta basin.\nVersion: 2.0\nName: other")
    assert code_fingerprint() == installed, "a description is not the package's code"
    _installed(tmp_path, "1.1", "Warnings for the Teesta basin.")
    assert code_fingerprint() != installed
