"""The browser editor's configuration follows the content types, and /admin/ is for staff only.

The editor itself is driven in Chromium by tests/test_editor_browser.py.
"""

from __future__ import annotations

import base64
import dataclasses
import gzip
import hashlib
import json
import re
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from pydantic import Field
from sitebuild import REPO

from generator.content.registry import ContentType, describe
from generator.content.schemas import Common, Count, Text
from generator.content.types import BUILT_IN
from generator.content.types.news import NewsSchema
from generator.outputs import editor

ADMIN = REPO / "generator" / "admin"
BACKEND = editor.Backend(repo="example/network-site")


def collections(types: Iterable[ContentType]) -> dict[str, dict[str, Any]]:
    """The collections of the configuration written for these types, by name, as the CMS reads them."""
    config = yaml.safe_load(editor.config_yaml(editor.configuration(types, [("about.md", "About")], BACKEND)))
    return {collection["name"]: collection for collection in config["collections"]}


def fields(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in collection["fields"]}


def test_every_content_type_is_a_collection_of_its_folder_with_every_field_in_the_schemas_order() -> None:
    written = collections(BUILT_IN)
    for content_type in BUILT_IN:
        collection = written[content_type.folder]
        assert collection["folder"] == f"content/{content_type.folder}"
        assert collection["create"] is True and collection["extension"] == "md"
        assert collection["format"] == "yaml-frontmatter" and collection["slug"] == "{{slug}}"
        names = [field["name"] for field in collection["fields"]]
        assert names == [spec.name for spec in describe(content_type.schema)] + ["body"]


def test_a_field_declared_on_a_type_appears_in_the_editor_with_no_other_edit() -> None:
    class WithPhotographer(NewsSchema):
        photographer: Text = Field(description="who took the pictures")

    extended = tuple(
        dataclasses.replace(t, schema=WithPhotographer) if t.folder == "news" else t for t in BUILT_IN
    )
    field = fields(collections(extended)["news"])["photographer"]
    assert field["required"] is True and field["widget"] == "string"
    assert field["hint"] == "who took the pictures"


def test_a_new_content_type_becomes_a_new_collection() -> None:
    class ReportSchema(Common):
        pages: Count = Field(description="how many pages it has")

    news = BUILT_IN["news"]
    report = ContentType("reports", "report", "Report", "Reports", ReportSchema, news.item, "studies we publish")
    collection = collections(BUILT_IN.with_types([report]))["reports"]
    assert collection["label"] == "Reports" and collection["label_singular"] == "Report"
    assert collection["folder"] == "content/reports" and collection["description"] == "Studies we publish."
    assert list(fields(collection)) == [*Common.model_fields, "pages", "body"]
    assert fields(collection)["pages"]["widget"] == "number"


def test_references_pick_existing_items_by_title_and_store_their_id() -> None:
    news = fields(collections(BUILT_IN)["news"])
    twgs = news["twgs"]
    assert twgs["widget"] == "relation" and twgs["collection"] == "twgs" and twgs["multiple"] is True
    assert twgs["value_field"] == "{{slug}}" and twgs["display_fields"] == ["title"]
    organizers = {field["name"]: field for field in news["organizations"]["fields"]}["organizers"]
    assert organizers["collection"] == "organizations"


def test_choices_sdgs_and_gcm_objectives_are_selects_with_their_titles() -> None:
    written = collections(BUILT_IN)
    status = fields(written["twgs"])["status"]
    assert status["widget"] == "select" and status["required"] is True
    assert [option["value"] for option in status["options"]] == ["active", "proposed", "closed"]
    sdgs = fields(written["news"])["sdgs"]
    goals = [option for option in sdgs["options"] if isinstance(option["value"], int)]
    assert sdgs["multiple"] is True and len(goals) == 17
    assert goals[7]["value"] == 8 and "Decent Work" in goals[7]["label"]
    # Each goal is followed by its targets, written as text, so that 17.10 stays 17.10 in the file.
    values = [option["value"] for option in sdgs["options"]]
    assert len(values) == 17 + 169
    assert values[values.index(10) + 1 : values.index(11)] == [
        "10.1", "10.2", "10.3", "10.4", "10.5", "10.6", "10.7", "10.a", "10.b", "10.c"]
    assert "17.10" in values and "17.1" in values
    assert len(fields(written["news"])["gcm_objectives"]["options"]) == 23


def test_required_fields_dates_and_the_summary_limit_follow_the_schema() -> None:
    written = collections(BUILT_IN)
    news, practice = fields(written["news"]), fields(written["practices"])
    assert news["title"]["required"] is True and news["events"]["required"] is False
    assert news["date"]["widget"] == "datetime" and news["date"]["format"] == "YYYY-MM-DDTHH:mm"
    # A date known to the month or year is typed as such: a date picker would make staff invent a day.
    known, _ = practice["date_submitted"]["pattern"]
    assert practice["date_submitted"]["widget"] == "string"
    assert all(yaml_regex_matches(known, text) for text in ("2021-03-15", "2021-03", "2021"))
    assert not yaml_regex_matches(known, "2021-3")
    assert fields(written["bulletins"])["date"]["format"] == "YYYY-MM"
    pattern, message = news["summary"]["pattern"]
    assert "300" in message
    assert yaml_regex_matches(pattern, "x" * 300) and not yaml_regex_matches(pattern, "x" * 301)


def yaml_regex_matches(pattern: str, text: str) -> bool:
    """Whether a JavaScript-style pattern of the configuration accepts the text (the same syntax in Python here)."""
    return re.search(pattern, text) is not None


def test_a_picture_is_an_image_file_with_its_alt_text_and_nested_parts_are_objects() -> None:
    news = fields(collections(BUILT_IN)["news"])
    image = {field["name"]: field for field in news["image"]["fields"]}
    assert news["image"]["widget"] == "object"
    assert image["src"]["widget"] == "image" and image["src"]["public_folder"] == "images"
    assert image["alt"]["widget"] == "string"
    # The picture is optional; once chosen, its alt text is required (by check, and said in the hint).
    assert "required once" in image["alt"]["hint"]
    assert news["quotes"]["widget"] == "list"
    assert {field["name"] for field in news["quotes"]["fields"]} == {"text", "speaker", "role"}
    quote_text = {field["name"]: field for field in news["quotes"]["fields"]}["text"]
    assert quote_text["required"] is True  # inside each quote added, the words are required
    location = fields(collections(BUILT_IN)["events"])["location"]
    assert location["widget"] == "object" and location["required"] is True


def test_plain_pages_are_a_file_collection() -> None:
    pages = collections(BUILT_IN)["pages"]
    assert pages["files"][0]["file"] == "content/about.md" and pages["files"][0]["label"] == "About"
    assert [field["name"] for field in pages["files"][0]["fields"]] == ["title", "summary", "body"]


def test_the_backend_is_the_repository_named_by_repo_url() -> None:
    assert editor.github_repo("https://github.com/bdunnm/site") == "bdunnm/site"
    assert editor.github_repo("https://github.com/bdunnm/site.git/") == "bdunnm/site"
    assert editor.github_repo("https://gitlab.com/bdunnm/site") is None
    config = editor.configuration(BUILT_IN, [], editor.Backend("bdunnm/site", "main", "https://auth.example.org"))
    assert config["backend"] == {"name": "github", "branch": "main", "repo": "bdunnm/site",
                                 "base_url": "https://auth.example.org"}
    assert config["local_backend"] is True


# The real site, as CI builds it.

def test_the_built_site_has_the_editor_at_admin_for_staff_only(real_site: Path) -> None:
    page = BeautifulSoup((real_site / "admin" / "index.html").read_text(encoding="utf-8"), "html.parser")
    robots = page.find("meta", attrs={"name": "robots"})
    assert robots is not None and "noindex" in str(robots["content"])
    script = page.find("script")
    assert script is not None and script["src"] == editor.SCRIPT
    assert (real_site / "admin" / editor.SCRIPT).is_file()
    config = yaml.safe_load((real_site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert {c["name"] for c in config["collections"]} >= {t.folder for t in BUILT_IN}
    assert "Disallow: /admin/" in (real_site / "robots.txt").read_text(encoding="utf-8").splitlines()


def test_no_public_page_links_to_the_editor_nor_lists_it(real_site: Path) -> None:
    assert "/admin/" not in (real_site / "sitemap.xml").read_text(encoding="utf-8")
    for path in real_site.rglob("*.html"):
        if path.is_relative_to(real_site / "admin"):
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        hrefs = [a.get("href", "") for a in page.find_all("a")]
        assert not [href for href in hrefs if "admin/" in str(href)], f"{path} links to the editor"
    indexed = [json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])["url"]
               for fragment in (real_site / "pagefind" / "fragment").glob("*.pf_fragment")]
    assert indexed and not [url for url in indexed if "admin" in url]


# The vendored CMS is the pinned npm package, byte for byte.

def test_the_vendored_cms_is_the_pinned_npm_package_byte_for_byte(tmp_path: Path) -> None:
    pinned = json.loads((ADMIN / "package.json").read_text(encoding="utf-8"))["dependencies"]["decap-cms"]
    lock = json.loads((ADMIN / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/decap-cms"]
    assert lock["version"] == pinned
    packed = subprocess.run(["npm", "pack", f"decap-cms@{pinned}", "--json", "--pack-destination", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert packed.returncode == 0, f"npm could not fetch decap-cms@{pinned} from the registry:\n{packed.stderr}"
    tarball = tmp_path / json.loads(packed.stdout)[0]["filename"]
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    assert digest == lock["integrity"], "the registry's tarball is not the one package-lock.json pins"
    vendored = {path.name: path.read_bytes() for path in (ADMIN / "decap-cms").iterdir() if path.name != "LICENSE"}
    with tarfile.open(tarball) as archive:
        published = {member.name.removeprefix("package/dist/"): archive.extractfile(member).read()  # type: ignore[union-attr]
                     for member in archive.getmembers() if member.name.removeprefix("package/dist/") in vendored}
    assert published.keys() == vendored.keys()
    changed = [name for name in vendored if vendored[name] != published[name]]
    assert not changed, f"these vendored files differ from decap-cms@{pinned}: {changed}"
    assert "MIT License" in (ADMIN / "decap-cms" / "LICENSE").read_text(encoding="utf-8")


def test_the_guide_explains_editing_in_the_browser_with_the_pinned_versions(real_site: Path) -> None:
    guide = BeautifulSoup((real_site / "guide" / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = guide.find(id="browser")
    assert section is not None, "the guide has no section on editing in the browser"
    text = guide.get_text(" ", strip=True)
    server = json.loads((REPO / "tests" / "package.json").read_text(encoding="utf-8"))["dependencies"]["decap-server"]
    cms = json.loads((ADMIN / "package.json").read_text(encoding="utf-8"))["dependencies"]["decap-cms"]
    assert f"npx decap-server@{server}" in text, "the guide's decap-server is not the one the tests pin"
    assert f"Decap CMS {cms}" in text
    for step in ("OAuth App", "repo_url", "base_url", "/callback"):
        assert step in text, f"the guide's GitHub set-up does not mention {step}"
