"""A site whose every text field holds markup, script and quotes: what a careless or hostile file could say.

The placement comes from the registry of content types (each field's declared kind) and from the
plugin's options (the `network:` block), not from a list of fields, so a field or a type added later
carries a payload with no edit here. The made-up network tests/fixtures/examplia gives the items;
each type also gets one new file with every field filled in.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from pydantic import TypeAdapter
from sitebuild import EXAMPLIA, REPO

from generator.content import schemas
from generator.content.registry import FieldSpec
from generator.content.types import BUILT_IN
from generator.engine.mkdocs_options import NetworkOptions

# Markup that runs script if printed raw, in text and in attributes; quotes and ampersands that must survive.
PAYLOAD = (
    "Q&A \"dq\" 'sq' <b>b</b> \"><script>alert(1)</script> <img src=x onerror=alert(1)> "
    "</script><script>alert(1)</script> <!-- x --> javascript:alert(1) &amp; &lt;"
)
# A web address as hostile as validation lets through: an ampersand, a script address in its query.
PAYLOAD_URL = "https://example.org/a?b=1&c=alert(1)//javascript:alert(1)"
STORED_URL = TypeAdapter(schemas.Url).validate_python(PAYLOAD_URL)
# Addresses that must never become a link: `check` rejects them in every address or file field.
SCRIPT_URLS = (
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "https:alert(1)", "//evil.example/x",
)
# Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Field kinds that hold words staff write, and kinds that hold an address.
TEXT_KINDS = {"text", "prose"}
ADDRESS_KINDS = {"url", "file"}
# The one day every generated date falls on: in the past, so nothing is scheduled.
DAY = dt.date(2024, 1, 15)
NEW_ID = "payload"
# A plain page with no title: MkDocs takes its first heading, which Markdown renders as HTML.
HEADING_PAGE = "titled-by-heading"
HEADING_MARKDOWN = 'Fish & "chips" <em>at</em> 5 < 6'
HEADING_TEXT = 'Fish & "chips" at 5 < 6'


def payload(where: str) -> str:
    """The payload for one field, led by a formula character and named after the field (to find it again)."""
    lead = FORMULA_STARTS[sum(map(ord, where)) % 4]  # tab and CR cannot lead a one-line text field
    return f"{lead}{where} {PAYLOAD}"


def filled(
    specs: Iterable[FieldSpec], given: dict[str, Any], ids: dict[str, list[str]], where: str, translation: bool = False
) -> dict[str, Any]:
    """`given` front matter with a payload in every text and address field, and every required field set.

    A translation restates only translatable fields: those it has get a payload, nothing is added.
    """
    data = dict(given)
    for spec in specs:
        name, here = spec.name, f"{where}.{spec.name}"
        if translation and (name not in data or not (spec.translatable or spec.fields)):
            continue
        if spec.fields:  # an object (an image, a location…): fill its own fields
            inner = data.get(name)
            first = (inner[0] if inner else {}) if spec.many else (inner or {})
            value = filled(spec.fields, first, ids, here, translation)
            data[name] = [value] if spec.many else value
        elif spec.kind in TEXT_KINDS:
            data[name] = [payload(f"{here}[{i}]") for i in range(2)] if spec.many else payload(here)
        elif spec.kind in ADDRESS_KINDS:
            data[name] = [PAYLOAD_URL] if spec.many else PAYLOAD_URL
        elif name in data or not spec.required:
            continue  # the fixture's own value (a date, a number, a reference), or nothing
        else:
            value = _required(spec, ids, here)
            data[name] = [value] if spec.many else value
    return data


def _required(spec: FieldSpec, ids: dict[str, list[str]], where: str) -> Any:
    if spec.target is not None:
        return ids[spec.target][0]
    if spec.kind == "entry":  # another item, as '<type>/<id>'
        return next(f"{folder}/{found[0]}" for folder, found in ids.items() if found)
    if spec.choices:
        return spec.choices[0][0]
    values = {"month": DAY.strftime("%Y-%m"), "date": DAY, "known date": DAY, "datetime": DAY, "number": 7,
              "flag": False}
    assert spec.kind in values, f"{where}: cannot fill a '{spec.kind}' field; teach tests/payload_site.py"
    return values[spec.kind]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # each value written out, as staff write it


def _write(path: Path, data: dict[str, Any], body: str) -> None:
    front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")


def network_options() -> dict[str, str]:
    """A payload for every text option of the `network:` block (not the logo, a file)."""
    options = {}
    for name, option in NetworkOptions._schema:
        kind = getattr(option, "option", option)  # c.Optional wraps the option it makes optional
        if getattr(kind, "_type", None) is str and name != "logo":
            options[name] = payload(f"network.{name}")
    return options


def build_source(folder: Path) -> Path:
    """Write the payload-laden copy of Examplia into `folder`; its mkdocs.yml is returned."""
    shutil.copytree(EXAMPLIA, folder)
    content = folder / "content"
    # An item's id is its file name; `<id>.<language>.md` beside it is its translation.
    ids = {t.folder: sorted(p.stem for p in (content / t.folder).glob("*.md") if "." not in p.stem) for t in BUILT_IN}
    for content_type in BUILT_IN:
        specs = BUILT_IN.fields(content_type.folder)
        for file in sorted((content / content_type.folder).glob("*.md")):
            post = frontmatter.load(str(file))
            data = filled(specs, dict(post.metadata), ids, content_type.folder, translation="." in file.stem)
            _write(file, data, post.content)
    known = {folder: found or [NEW_ID] for folder, found in ids.items()}
    for content_type in BUILT_IN:
        data = filled(BUILT_IN.fields(content_type.folder), {}, known, content_type.folder)
        sections = content_type.body.required_sections
        body = "\n\n".join(f"## {section}\n\nText." for section in sections) or "Text of the item."
        _write(content / content_type.folder / f"{NEW_ID}.md", data, body)
    (content / f"{HEADING_PAGE}.md").write_text(f"# {HEADING_MARKDOWN}\n\n## {HEADING_MARKDOWN}, again\n\nText.\n")
    config = folder / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["site_name"] = payload("site_name")
    settings["site_description"] = payload("site_description")
    settings["theme"]["custom_dir"] = str(REPO / "templates")
    # mkdocs-material builds these icons' <style> in its templates' strings: it must reach the page as a style.
    settings["theme"]["icon"] = {"admonition": {"note": "material/pencil"}}
    settings["watch"] = [str(REPO / "templates")]
    # A menu entry's label is the network's text too.
    settings["nav"] = [{payload(f"nav.{label}"): page} for entry in settings["nav"] for label, page in entry.items()]
    # ...and so are its words for them in its other language (words/bn.yml beside mkdocs.yml).
    menu = {title: payload(f"words.bn.{title}") for entry in settings["nav"] for title in entry}
    (folder / "words").mkdir()
    (folder / "words" / "bn.yml").write_text(yaml.safe_dump({"nav": menu}, allow_unicode=True), encoding="utf-8")
    network = settings["plugins"][0]["network"]["network"]
    network.update(network_options())
    for language, names in network.get("translations", {}).items():  # the network's name in other languages
        names.update({key: payload(f"network.translations.{language}.{key}") for key in names})
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config
