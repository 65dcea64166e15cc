"""The browser editor at /admin/: Decap CMS, configured from the content-type registry.

Every collection, field, label, hint, required mark, choice and reference picker is derived from
the registry's schemas, so a field added to a type appears in the editor with no other edit. The
CMS itself is the pinned npm package's dist files, vendored in `generator/admin/decap-cms/`: the
site serves them, never a CDN, and building needs no npm.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml
from babel import Locale, UnknownLocaleError

from generator.content.reading import SUMMARY_LIMIT
from generator.content.registry import ContentType, FieldSpec, describe
from generator.content.schemas import ID_PATTERN
from generator.content.taxonomies import sdg_target_titles, targets_of
from generator.content.translations import REVIEWED, translation_schema
from generator.graph.site import Site

# Where the editor is published, below the site's address.
FOLDER = "admin"
# The vendored CMS, and the one file of it the page loads (it fetches its other chunks beside itself).
VENDORED = "admin/decap-cms"
SCRIPT = "decap-cms.js"
# Where pictures go, as the loader reads an item's `image.src` (relative to content/).
MEDIA = "images"
DAY = "YYYY-MM-DD"
TIME = "HH:mm"
URL_PATTERN = r"^(https?://|mailto:)\S+$"
# The local backend staff run to try the editor (the guide names it; tests/package.json pins the same).
DECAP_SERVER_VERSION = "3.11.3"


@dataclass(frozen=True)
class Backend:
    """Where the editor commits: a GitHub repository and branch, and the OAuth proxy that signs staff in."""

    repo: str | None = None
    branch: str = "main"
    base_url: str | None = None
    auth_endpoint: str | None = None
    # decap-server's API address on a staff member's computer; None means its default port.
    local_backend: str | None = None


def github_repo(repo_url: str | None) -> str | None:
    """`owner/name` of a GitHub repository address (MkDocs' `repo_url`), or None for another host."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.hostname != "github.com" or len(path) < 2 or not all(path[:2]):
        return None
    return f"{path[0]}/{path[1]}"


def configuration(
    types: Iterable[ContentType], pages: Iterable[tuple[str, str]], backend: Backend,
    languages: Mapping[str, Collection[str]] | None = None,
) -> dict[str, Any]:
    """Decap CMS's configuration: one folder collection per content type, and the plain pages as files; and for
    each of the site's other `languages`, its translations of each, beside their originals (about.bn.md).

    `pages` are (src_uri, title) of the plain pages at the top of content/; `languages` maps each other language
    to the plain pages translated into it (about.md), the ones its translations' collection lists.
    """
    types, pages = list(types), list(pages)
    backend_config: dict[str, Any] = {"name": "github", "branch": backend.branch}
    if backend.repo:
        backend_config["repo"] = backend.repo
    if backend.base_url:
        backend_config["base_url"] = backend.base_url
    if backend.auth_endpoint:
        backend_config["auth_endpoint"] = backend.auth_endpoint
    collections = [_collection(content_type) for content_type in types]
    page_files = [_page(src_uri, title) for src_uri, title in pages]
    if page_files:
        collections.append({"name": "pages", "label": "Pages", "editor": {"preview": False}, "files": page_files})
    for language, translated in (languages or {}).items():
        collections += [_translations(content_type, language) for content_type in types
                        if translation_schema(content_type.schema) is not None]
        # Only translations that exist: Decap gives a file it has to create no defaults (`reviewed` stays unset).
        if [uri for uri, _ in pages if uri in translated]:
            collections.append(_page_translations([(uri, title) for uri, title in pages if uri in translated],
                                                  language))
    return {
        "backend": backend_config,
        # On a computer running `npx decap-server` in the repository, the editor saves into its files.
        "local_backend": {"url": backend.local_backend} if backend.local_backend else True,
        "media_folder": f"content/{MEDIA}",
        # A picture in a body is linked from the item's file, one folder below content/.
        "public_folder": f"../{MEDIA}",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


def _collection(content_type: ContentType) -> dict[str, Any]:
    fields = [_field(spec, True) for spec in describe(content_type.schema)]
    fields.append({"name": "body", "label": "Text", "widget": "markdown", "required": False,
                   "hint": "The text of the page, in Markdown; headings start with ##."})
    collection: dict[str, Any] = {
        "name": content_type.folder,
        "label": content_type.plural,
        "label_singular": content_type.label,
        "folder": f"content/{content_type.folder}",
        "create": True,
        # The file name is the item's id and address: made from the title, lower case, hyphens.
        "slug": "{{slug}}",
        "identifier_field": "title",
        "extension": "md",
        "format": "yaml-frontmatter",
        "summary": "{{title}}",
        "sortable_fields": ["title", *(["date"] if _has(fields, "date") else [])],
        "editor": {"preview": False},
        "fields": fields,
    }
    if content_type.description:
        collection["description"] = content_type.description[:1].upper() + content_type.description[1:] + "."
    return collection


def _translations(content_type: ContentType, language: str) -> dict[str, Any]:
    """The translations of a type into one language: files beside their originals (news/x.bn.md), holding what
    is translated. Decap's own i18n names the default language's files too (x.en.md), which the site does not."""
    schema = translation_schema(content_type.schema)
    assert schema is not None
    name = language_name(language)
    fields = [_field(spec, True) for spec in describe(schema)]
    fields.append({"name": "body", "label": "Text", "widget": "markdown", "required": False,
                   "hint": f"The text of the page in {name}, in Markdown; headings start with ##."})
    return {
        "name": f"{content_type.folder}-{language}",
        "label": f"{content_type.plural} ({name})",
        "label_singular": f"{content_type.label} ({name})",
        "description": f"Translations into {name}: each file sits beside its original, with .{language} before .md. "
                       f"Start one with `network-site new --lang {language} {content_type.folder}/<id>`, then edit it "
                       "here.",
        "folder": f"content/{content_type.folder}",
        # Only this language's files: x.bn.md, never the original x.md.
        "extension": f"{language}.md",
        "format": "yaml-frontmatter",
        # A translation is named after its original, which the editor cannot derive from a translated title.
        "create": False,
        "identifier_field": "title",
        "summary": "{{title}}",
        "editor": {"preview": False},
        "fields": fields,
    }


def _page_translations(pages: Sequence[tuple[str, str]], language: str) -> dict[str, Any]:
    """The plain pages' translations into one language (about.bn.md), each file beside its original."""
    name = language_name(language)
    files = []
    for src_uri, title in pages:
        page_file = _page(src_uri, title)
        stem = src_uri.removesuffix(".md")
        page_file.update({"name": f"{stem}-{language}", "label": f"{title or stem} ({name})",
                          "file": f"content/{stem}.{language}.md"})
        page_file["fields"] = [*page_file["fields"][:2], {
            "name": REVIEWED, "label": "Reviewed", "widget": "boolean", "default": False, "required": True,
            "hint": "true once staff have read the translation against the original",
        }, page_file["fields"][-1]]
        files.append(page_file)
    return {"name": f"pages-{language}", "label": f"Pages ({name})", "editor": {"preview": False}, "files": files}


def language_name(code: str) -> str:
    """A language as staff read it in the editor: its own name, and its code (বাংলা, bn)."""
    try:
        own = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        own = None
    return f"{own}, {code}" if own else code


def _page(src_uri: str, title: str) -> dict[str, Any]:
    name = src_uri.removesuffix(".md")
    return {
        "name": name,
        "label": title or name,
        "file": f"content/{src_uri}",
        "format": "yaml-frontmatter",
        "fields": [
            {"name": "title", "label": "Title", "widget": "string"},
            _summary({"name": "summary", "label": "Summary", "widget": "text", "required": False,
                      "hint": "one or two plain sentences, used in search results and link previews"}),
            {"name": "body", "label": "Text", "widget": "markdown", "required": False},
        ],
    }


def _has(fields: list[dict[str, Any]], name: str) -> bool:
    return any(field["name"] == name for field in fields)


def _field(spec: FieldSpec, parent_required: bool) -> dict[str, Any]:
    """One field as a CMS widget, with the schema's label, description and required mark."""
    # Decap checks the required fields inside an object even when the object is optional and left
    # empty (decaporg/decap-cms#7748), so inside an optional object they are optional in the form;
    # `network-site check` and the build still require them once the object is filled in.
    required = spec.required and parent_required
    field: dict[str, Any] = {"name": spec.name, "label": spec.label, "required": required}
    if spec.description:
        field["hint"] = spec.description
    if spec.required and not parent_required:
        field["hint"] = f"{field.get('hint', spec.label)} (required once this part is filled in)"
    field.update(_widget(spec))
    if spec.many and field["widget"] not in ("relation", "select", "list"):
        # A list of single values, written as a YAML list.
        inner = {key: value for key, value in field.items() if key not in ("name", "label", "required", "hint")}
        field = {"name": spec.name, "label": spec.label, "required": required, "widget": "list",
                 "field": {"name": spec.name, "label": spec.label, **inner}, **_hint(field)}
    if spec.name == "summary":
        field = _summary(field)
    return field


def _hint(field: Mapping[str, Any]) -> dict[str, Any]:
    return {"hint": field["hint"]} if "hint" in field else {}


def _summary(field: dict[str, Any]) -> dict[str, Any]:
    # Cards, feeds and search results cut longer summaries; the loader rejects them.
    field["pattern"] = [f"^[\\s\\S]{{0,{SUMMARY_LIMIT}}}$", f"at most {SUMMARY_LIMIT} characters"]
    field["hint"] = f"{field.get('hint', 'Summary')} — plain text, at most {SUMMARY_LIMIT} characters"
    return field


def _with_targets(goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Each goal followed by its targets, written as text ('17.10'): a target the form did not offer would be lost.
    titles = sdg_target_titles("en")
    return [option for goal in goals for option in (
        goal, *({"label": f"{code} {_opening(titles[code])}", "value": code} for code in targets_of(goal["value"])))]


def _opening(text: str, length: int = 60) -> str:
    # Enough of a target's words to pick it by: its whole text, three times over, would weigh 120 kB in the form.
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"


def _widget(spec: FieldSpec) -> dict[str, Any]:
    """The widget and its options for a field's kind."""
    kind = spec.kind
    if kind == "text":
        return {"widget": "string"}
    if kind == "entry":
        # Another item as `<folder>/<id>`, or a page's path: `check` names any that does not exist.
        return {"widget": "string", "pattern": [r"^[a-z0-9/._-]+$", "a path like news/<id>, events/<id> or a page"]}
    if kind == "prose":
        return {"widget": "text"}
    if kind in ("date", "day"):
        return {"widget": "datetime", "date_format": DAY, "time_format": False, "format": DAY}
    if kind == "known date":
        # A month or a year alone is a whole answer: a date picker would make staff invent a day.
        return {"widget": "string",
                "pattern": [r"^\d{4}(-\d{2}(-\d{2})?)?$", "a date like 2023-08-02, 2023-08 or 2023"]}
    if kind == "month":
        return {"widget": "datetime", "date_format": "YYYY-MM", "time_format": False, "format": "YYYY-MM"}
    if kind == "datetime":
        # No offset: the loader reads a time without one in the site's time zone.
        return {"widget": "datetime", "date_format": DAY, "time_format": TIME, "format": f"{DAY}T{TIME}"}
    if kind == "number":
        return {"widget": "number", "value_type": "int", "min": 0}
    if kind == "flag":
        return {"widget": "boolean", "default": False}
    if kind == "url":
        return {"widget": "string", "pattern": [URL_PATTERN, "a web address starting with https://"]}
    if kind == "id" and spec.target:
        return {"widget": "relation", "collection": spec.target, "value_field": "{{slug}}",
                "search_fields": ["title"], "display_fields": ["title"], "multiple": spec.many,
                "options_length": 50}
    if kind == "id":
        return {"widget": "string", "pattern": [ID_PATTERN.pattern, "lower case letters, digits and hyphens"]}
    if kind in ("choice", "sdg", "gcm"):
        # SDGs and GCM objectives are numbers in the files: the form writes them as numbers too.
        number = kind in ("sdg", "gcm")
        options = [{"label": label, "value": int(value) if number else value} for value, label in spec.choices]
        if kind == "sdg":
            options = _with_targets(options)
        return {"widget": "select", "multiple": spec.many, "options": options}
    if kind == "image":
        return {"widget": "object", "collapsed": False, "fields": [_image_part(part, spec.required)
                                                                  for part in spec.fields]}
    if kind == "file":
        return {"widget": "file", "media_folder": f"/content/{MEDIA}", "public_folder": MEDIA}
    if kind == "object":
        nested = [_field(part, spec.required or spec.many) for part in spec.fields]
        if spec.many:
            return {"widget": "list", "fields": nested}
        return {"widget": "object", "collapsed": not spec.required, "fields": nested}
    raise ValueError(f"the browser editor has no widget for the field kind '{kind}' ({spec.name})")


def _image_part(part: FieldSpec, image_required: bool) -> dict[str, Any]:
    field = _field(part, image_required)
    if part.name == "src":
        # The image file, stored as loading reads it: a path relative to content/.
        field.update({"widget": "image", "media_folder": f"/content/{MEDIA}", "public_folder": MEDIA,
                      "choose_url": True})
        field.pop("pattern", None)
    return field


def config_yaml(config: Mapping[str, Any]) -> str:
    """The configuration as the CMS reads it (`admin/config.yml`)."""
    header = "# Written by the build from the content types (generator/outputs/editor.py): edit those, not this file.\n"
    return header + yaml.safe_dump(dict(config), sort_keys=False, allow_unicode=True, width=120)


def page(site_name: str) -> str:
    """The editor's page: staff only, never indexed, everything from the site itself."""
    title = html.escape(f"Edit — {site_name}")
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{title}</title>\n"
        '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        "</head>\n<body>\n"
        f'<script src="{SCRIPT}"></script>\n'
        "</body>\n</html>\n"
    )


def vendored_files() -> dict[str, bytes]:
    """The pinned CMS's files (its script, the chunks it loads beside itself, and its licence)."""
    folder = resources.files("generator").joinpath(VENDORED)
    return {entry.name: entry.read_bytes() for entry in folder.iterdir() if entry.is_file()}


def admin_files(types: Iterable[ContentType], pages: Iterable[tuple[str, str]], backend: Backend,
                site_name: str, languages: Mapping[str, Collection[str]] | None = None,
                written: Callable[[Mapping[str, Any]], str] = config_yaml) -> dict[str, bytes]:
    """Every file of /admin/, by path below the output folder (`languages`: the site's other languages, each with
    the plain pages translated into it; `written`: config_yaml, or what it wrote for the same configuration)."""
    files = {f"{FOLDER}/{name}": data for name, data in vendored_files().items()}
    files[f"{FOLDER}/config.yml"] = written(configuration(types, pages, backend, languages)).encode("utf-8")
    files[f"{FOLDER}/index.html"] = page(site_name).encode("utf-8")
    return files


def versions() -> dict[str, str]:
    """The pinned CMS and local backend, as the guide names them."""
    package = json.loads(resources.files("generator").joinpath("admin/package.json").read_text(encoding="utf-8"))
    return {"decap_version": package["dependencies"]["decap-cms"], "decap_server_version": DECAP_SERVER_VERSION}


def robots_rule(site_url: str) -> str:
    """The robots.txt line that keeps crawlers out of the editor, at the site's own path."""
    path = urlsplit(site_url).path or "/"
    return f"Disallow: {path.rstrip('/')}/{FOLDER}/"


def plain_pages(site: Site) -> list[tuple[str, str]]:
    """The plain pages staff edit as single files (src_uri, title): those directly in content/, not translations."""
    return sorted(
        (page.source.src_uri, page.title) for page in site.pages if re.fullmatch(r"[^./]+\.md", page.source.src_uri)
    )
