"""The browser editor offers every published language of a network, its translations beside their originals.

Staff who translate pick the language's collection (News, in français), and what they save is a file the
site reads as a translation: news/x.fr.md beside news/x.md, holding only what is translated. The editor
itself is driven in Chromium by tests/test_editor_browser.py.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import examplia_copy, mkdocs_build

from generator.content.registry import describe
from generator.content.translations import REVIEWED, split_language, translation_schema
from generator.content.types import BUILT_IN
from generator.outputs import editor

BACKEND = editor.Backend(repo="example/network-site")
PAGES = [("about.md", "About"), ("contact.md", "Contact")]


def written(languages: tuple[str, ...], translated: tuple[str, ...] = ("about.md", "contact.md")) -> dict[str, Any]:
    """The collections of the editor's configuration for a site in these other languages (its `translated` plain
    pages translated into each), by name."""
    other = {language: translated for language in languages}
    config = yaml.safe_load(editor.config_yaml(editor.configuration(BUILT_IN, PAGES, BACKEND, other)))
    return {collection["name"]: collection for collection in config["collections"]}


def files_of(collection: dict[str, Any], slug: str) -> str:
    """The path below content/ where the editor saves the entry `slug` of a folder collection."""
    return f"{collection['folder'].removeprefix('content/')}/{slug}.{collection['extension']}"


def test_each_published_language_is_offered_for_each_translatable_collection_beside_its_originals() -> None:
    languages = ("fr", "ar")
    collections = written(languages)
    translatable = [t for t in BUILT_IN if translation_schema(t.schema) is not None]
    assert translatable, "every built-in type has a title and summary to translate"
    for content_type in translatable:
        original = collections[content_type.folder]
        for language in languages:
            offered = [c for c in collections.values()
                       if c.get("folder") == original["folder"] and c is not original
                       and split_language(files_of(c, "x"), languages)[1] == language]
            assert len(offered) == 1, f"{content_type.folder} in {language}: {len(offered)} collections"
            [translations] = offered
            # Saved as the site reads a translation: beside its original, with the language before .md.
            assert split_language(files_of(translations, "x"), languages) == (files_of(original, "x"), language)
            assert Locale.parse(language).get_display_name(language) in translations["label"]


def test_a_translation_form_holds_what_is_translated_and_whether_it_was_reviewed_nothing_else() -> None:
    collections = written(("bn",))
    for content_type in BUILT_IN:
        schema = translation_schema(content_type.schema)
        if schema is None:
            continue
        [translations] = [c for c in collections.values()
                          if c.get("folder") == f"content/{content_type.folder}" and c["extension"] == "bn.md"]
        names = [field["name"] for field in translations["fields"]]
        assert names == [spec.name for spec in describe(schema)] + ["body"]
        assert REVIEWED in names
        # What comes from the original (a news item's date, an event's start) is never asked again.
        never = {spec.name for spec in describe(content_type.schema)} - {spec.name for spec in describe(schema)}
        assert never and not never & set(names)
        # The file is named after its original, which a translated title cannot give: it is not made here.
        assert translations["create"] is False


def test_each_translated_plain_page_is_offered_in_its_language_as_its_translation_file() -> None:
    collections = written(("fr",), translated=("contact.md",))
    [pages] = [c for c in collections.values() if c.get("files") and c is not collections["pages"]]
    files = {entry["file"].removeprefix("content/") for entry in pages["files"]}
    # A page not yet translated is started with `network-site new --lang`, as an item's translation is.
    assert {split_language(path, ("fr",)) for path in files} == {("contact.md", "fr")}
    for entry in pages["files"]:
        assert REVIEWED in [field["name"] for field in entry["fields"]]


def test_a_site_in_one_language_has_no_translation_collections() -> None:
    assert set(written(())) == {t.folder for t in BUILT_IN} | {"pages"}


def test_the_built_editor_of_a_network_offers_its_second_language(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    collections = yaml.safe_load((tmp_path / "site" / "admin" / "config.yml").read_text(encoding="utf-8"))
    offered = {(c["folder"], c["extension"]) for c in collections["collections"] if "folder" in c}
    for content_type in BUILT_IN:
        assert (f"content/{content_type.folder}", "bn.md") in offered


# Names made of what a translation's name is made of: letters of languages and suffixes, and dots anywhere.
NAMES = st.text(alphabet="abnfrmd.", min_size=1, max_size=6).filter(lambda name: name not in (".", ".."))
FILES = st.builds("".join, st.tuples(NAMES, st.sampled_from(["", ".bn", ".fr", ".de", "."]),
                                     st.sampled_from([".md", "", ".txt", "."])))


@given(st.lists(NAMES, max_size=2), FILES, st.sampled_from([(), ("bn",), ("bn", "fr")]))
def test_a_translation_s_original_and_language_are_read_from_its_name_as_a_path_library_reads_it(
    folders: list[str], name: str, languages: tuple[str, ...]
) -> None:
    src_uri = "/".join([*folders, name])
    path = PurePosixPath(src_uri)
    stem, _, suffix = path.stem.rpartition(".")
    expected = ((path.parent / f"{stem}.md").as_posix().removeprefix("./"), suffix) if stem and suffix in languages \
        else (src_uri, None)
    assert split_language(src_uri, languages) == expected
