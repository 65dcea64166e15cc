"""A site whose every text field holds markup, script and quotes: what a careless or hostile file could say.

The placement comes from the schemas (each content type's fields) and the plugin's options (the
`network:` block), not from a list of fields, so a field added later carries a payload with no edit
here. The made-up network tests/fixtures/examplia gives the items; each type also gets one new file
with every field filled in.
"""

from __future__ import annotations

import datetime as dt
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo
from sitebuild import EXAMPLIA, REPO

from generator import schemas
from generator.config import NetworkOptions
from generator.graph import REFERENCES
from generator.loader import _inner_model
from generator.schemas import PRACTICE_SECTIONS_REQUIRED, SCHEMAS

# Markup that runs script if printed raw, in text and in attributes; quotes and ampersands that must survive.
PAYLOAD = (
    "Q&A \"dq\" 'sq' <b>b</b> \"><script>alert(1)</script> <img src=x onerror=alert(1)> "
    "</script><script>alert(1)</script> <!-- x --> javascript:alert(1) &amp; &lt;"
)
# A web address that passes validation but breaks out of an attribute if printed raw.
PAYLOAD_URL = "https://example.org/a?b=1&c=\"><script>alert(1)</script><svg/onload=alert(1)>'"
# The address as validation keeps it (characters a browser would encode anyway, encoded).
STORED_URL = TypeAdapter(schemas.Url).validate_python(PAYLOAD_URL)
# Addresses that must never become a link: `check` rejects them in every web-address field.
SCRIPT_URLS = (
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "https:alert(1)", "//evil.example/x",
)
# Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text fields that name something rather than say something: they hold a reference, not prose.
NAMING_FIELDS = {("bulletins", ("items",)): ["news/update-1", "events/return-forum"]}
# The one day every generated date falls on: in the past, so nothing is scheduled.
DAY = dt.date(2024, 1, 15)
NEW_ID = "payload"
# A plain page with no title: MkDocs takes its first heading, which Markdown renders as HTML.
HEADING_PAGE = "titled-by-heading"
HEADING_MARKDOWN = 'Fish & "chips" <em>at</em> 5 < 6'
HEADING_TEXT = 'Fish & "chips" at 5 < 6'


def payload(where: str) -> str:
    """The payload for one field, led by a formula character and named after the field (to find it again)."""
    lead = FORMULA_STARTS[sum(map(ord, where)) % 4]  # tab and CR are stripped from text fields
    return f"{lead}{where} {PAYLOAD}"


def is_of(annotation: Any, alias: Any) -> bool:
    """Whether `annotation` is, or holds, the schema's type alias (Text, Url, Id…)."""
    if annotation == alias:
        return True
    return any(is_of(arg, alias) for arg in typing.get_args(annotation))


def _literal(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)[0]
    for arg in typing.get_args(annotation):
        found = _literal(arg)
        if found is not None:
            return found
    return None


def annotation_of(field: FieldInfo) -> Any:
    # pydantic keeps a field's own Annotated metadata apart: put it back to compare with the aliases.
    return typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is tuple:
        return True
    if origin in (typing.Annotated, typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation)[: 1 if origin is typing.Annotated else None])
    return False


def _reference(kind: str, path: tuple[str, ...], ids: dict[str, list[str]]) -> str | None:
    for ref_kind, ref_path, target in REFERENCES:
        if ref_kind == kind and ref_path == path:
            return ids[target][0]
    return None


def filled(schema: type[BaseModel], kind: str, given: dict[str, Any], ids: dict[str, list[str]],
           path: tuple[str, ...] = ()) -> dict[str, Any]:
    """`given` front matter with a payload in every text and web-address field, and every required field set."""
    data = dict(given)
    for name, field in schema.model_fields.items():
        here = (*path, name)
        annotation = annotation_of(field)
        many = _is_list(annotation)
        nested = _inner_model(field.annotation)
        where = f"{kind}.{'.'.join(here)}"
        if (kind, here) in NAMING_FIELDS:
            data[name] = NAMING_FIELDS[(kind, here)]
        elif nested is not None:
            inner = data.get(name)
            first = (inner[0] if inner else {}) if many else (inner or {})
            value = filled(nested, kind, first, ids, here)
            data[name] = [value] if many else value
        elif is_of(annotation, schemas.Url) or is_of(annotation, schemas.ImageSource):
            data[name] = [PAYLOAD_URL] if many else PAYLOAD_URL
        elif is_of(annotation, schemas.Text):
            data[name] = [payload(f"{where}[{i}]") for i in range(2)] if many else payload(where)
        elif name in data:
            continue  # the fixture's own value: a date, a number, a reference
        elif not field.is_required():
            continue
        else:
            data[name] = _required(annotation, many, kind, here, ids, where)
    return data


def _required(annotation: Any, many: bool, kind: str, path: tuple[str, ...], ids: dict[str, list[str]],
              where: str) -> Any:
    value: Any
    if is_of(annotation, schemas.Id):
        value = _reference(kind, path, ids)
        assert value is not None, f"{where}: an id of which type? Declare the reference in REFERENCES"
    elif is_of(annotation, schemas.Month):
        value = DAY.strftime("%Y-%m")
    elif is_of(annotation, schemas.When) or is_of(annotation, schemas.Day):
        value = DAY
    elif is_of(annotation, schemas.Count):
        value = 7
    elif is_of(annotation, schemas.Sdg) or is_of(annotation, schemas.GcmObjective):
        value = 10
    elif _literal(annotation) is not None:
        value = _literal(annotation)
    else:
        raise AssertionError(f"{where}: the payload site cannot fill this field; teach tests/payload_site.py")
    return [value] if many else value


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # each value written out, as staff write it


def _write(path: Path, data: dict[str, Any], body: str) -> None:
    front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")


def _body(kind: str) -> str:
    if kind == "practices":
        return "\n\n".join(f"## {section}\n\nText." for section in PRACTICE_SECTIONS_REQUIRED)
    return "Text of the item."


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
    ids = {kind: sorted(p.stem for p in (content / kind).glob("*.md")) for kind in SCHEMAS}
    for kind, schema in SCHEMAS.items():
        for file in sorted((content / kind).glob("*.md")):
            post = frontmatter.load(str(file))
            _write(file, filled(schema, kind, dict(post.metadata), ids), post.content)
    for kind, schema in SCHEMAS.items():
        data = filled(schema, kind, {}, {k: v or [NEW_ID] for k, v in ids.items()})
        _write(content / kind / f"{NEW_ID}.md", data, _body(kind))
    config = folder / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["site_name"] = payload("site_name")
    settings["site_description"] = payload("site_description")
    settings["theme"]["custom_dir"] = str(REPO / "templates")
    # mkdocs-material builds these icons' <style> in its templates' strings: it must reach the page as a style.
    settings["theme"]["icon"] = {"admonition": {"note": "material/pencil"}}
    settings["watch"] = [str(REPO / "templates")]
    # A menu entry's label is the network's text too; a page without a title takes its first heading (HTML).
    settings["nav"] = [{payload(f"nav.{label}"): page} for entry in settings["nav"] for label, page in entry.items()]
    (content / f"{HEADING_PAGE}.md").write_text(f"# {HEADING_MARKDOWN}\n\n## {HEADING_MARKDOWN}, again\n\nText.\n")
    network = settings["plugins"][0]["network"]
    network["network"].update(network_options())
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config
