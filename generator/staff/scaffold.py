"""New content files with every field of their type, written from the type's declaration.

Required fields are filled in (with a visible placeholder where only staff can say what goes
there, which `check` then reports until it is replaced); optional fields are comments that say
what they are for, so the skeleton never drifts from what validation accepts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from generator.content.reading import load
from generator.content.registry import ContentType, FieldSpec, Registry, Scaffolding
from generator.content.schemas import PLACEHOLDER
from generator.content.slugs import slugify
from generator.content.translations import REVIEWED, TRANSLATION_OF, translatable_part, version

TODO_SUMMARY = f"{PLACEHOLDER}: one or two plain sentences for cards, feeds and search results."


class ScaffoldError(Exception):
    """The file cannot be created (unknown type, or it already exists)."""


def type_named(types: Registry, name: str) -> ContentType:
    """The type staff mean by `name` ('event', 'events', 'Event'), or a message naming the known ones."""
    found = types.named(name)
    if found is None:
        known = ", ".join(content_type.singular for content_type in types)
        raise ScaffoldError(f"type: expected one of {known}, found '{name}'")
    return found


def skeleton(types: Registry, content_type: ContentType, scaffolding: Scaffolding) -> str:
    """The text of a new file of this type: front matter with every field, and a body."""
    known: dict[str, Any] = {"title": scaffolding.title, "summary": TODO_SUMMARY, **content_type.defaults(scaffolding)}
    for spec in types.fields(content_type.folder):
        if spec.required and spec.name not in known:
            known[spec.name] = _placeholder(spec, scaffolding)
    lines = ["---", *_fields(types.fields(content_type.folder), known, indent=""), "---", "", _body(content_type)]
    return "\n".join(lines) + "\n"


def _placeholder(spec: FieldSpec, scaffolding: Scaffolding) -> Any:
    # A required field no default covers: something of the right shape that `check` will not let through.
    if spec.target is not None:
        ids = scaffolding.ids.get(spec.target, ())
        value: Any = ids[0] if ids else f"todo-{spec.target}-id"
    elif spec.kind in ("date", "known date", "datetime"):
        value = scaffolding.today.isoformat()
    elif spec.kind == "month":
        value = scaffolding.today.strftime("%Y-%m")
    elif spec.kind == "choice" and spec.choices:
        value = spec.choices[0][0]
    elif spec.kind in ("number", "sdg", "gcm"):
        value = 1
    elif spec.kind == "flag":
        value = False
    elif spec.fields:
        value = {inner.name: _placeholder(inner, scaffolding) for inner in spec.fields if inner.required}
    else:
        value = f"{PLACEHOLDER}: {spec.description or spec.label}"
    return [value] if spec.many else value


def _fields(specs: tuple[FieldSpec, ...], known: dict[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    for spec in specs:
        if spec.name in known:
            lines += _value(spec.name, known[spec.name], spec.description, indent)
        elif spec.required:
            lines.append(f"{indent}{spec.name}:  # required: {spec.description}")
        elif spec.fields and not spec.many:
            lines.append(f"{indent}# {spec.name}:  # {spec.description}")
            lines += ["#" + line for line in _fields(spec.fields, {}, indent + "  ")]
        else:
            example = "[]" if spec.many else ("false" if spec.kind == "flag" else "")
            lines.append(f"{indent}# {spec.name}: {example}  # {spec.description}")
    return lines


def _value(name: str, value: Any, description: str, indent: str) -> list[str]:
    comment = f"  # {description}" if description else ""
    if isinstance(value, dict):
        lines = [f"{indent}{name}:{comment}"]
        lines += [f"{indent}  {key}: {json.dumps(item, ensure_ascii=False)}" for key, item in value.items()]
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{indent}{name}: []{comment}"]
        return [f"{indent}{name}:{comment}", *(f"{indent}  - {json.dumps(v, ensure_ascii=False)}" for v in value)]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [f"{indent}{name}: {value}{comment}"]
    if isinstance(value, str) and _is_date(value):
        return [f"{indent}{name}: {value}{comment}"]
    return [f"{indent}{name}: {json.dumps(value, ensure_ascii=False)}{comment}"]


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _body(content_type: ContentType) -> str:
    body = content_type.body
    sections = [*body.required_sections, *body.optional_sections]
    if sections:
        return "\n\n".join(f"## {section}\n\n{body.placeholder}" for section in sections)
    return body.placeholder


def site_ids(types: Registry, content_dir: Path) -> dict[str, tuple[str, ...]]:
    """The ids of each type's files, as `new` offers them for required references."""
    return {t.folder: tuple(sorted(path.stem for path in (content_dir / t.folder).rglob("*.md"))) for t in types}


def create(content_dir: Path, types: Registry, type_name: str, title: str, today: dt.date,
           numbers: dict[str, int] | None = None, written: dt.date | None = None) -> Path:
    """Write the new file and return its path; never overwrite an existing one (`written`: see Scaffolding)."""
    content_type = type_named(types, type_name)
    scaffolding = Scaffolding(title, today, site_ids(types, content_dir), numbers or {}, written)
    item_id = content_type.file_name(scaffolding) if content_type.file_name else slugify(title)
    path = content_dir / content_type.folder / f"{item_id}.md"
    if path.exists():
        raise ScaffoldError(f"{path}: already exists; choose another title or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(skeleton(types, content_type, scaffolding))
    return path


def create_translation(content_dir: Path, types: Registry, original: str, language: str,
                       languages: tuple[str, ...]) -> Path:
    """Start a translation beside its original (news/x.md → news/x.bn.md): what it restates, copied to be translated."""
    if language not in languages:
        known = ", ".join(languages) or "none: add them to the plugin's languages option in mkdocs.yml"
        raise ScaffoldError(f"--lang: expected one of the site's other languages ({known}), found '{language}'")
    uri = original.strip().strip("/").removeprefix("content/").removesuffix(".md") + ".md"
    loaded = load(content_dir, types, languages=languages)
    found: Any = next((r for r in loaded.records if r.source.src_uri == uri), None)
    found = found or next((p for p in loaded.pages if p.source.src_uri == uri), None)
    if found is None:
        raise ScaffoldError(f"{original}: expected a content file that passes check, like news/<id>, found none")
    target = content_dir / f"{uri.removesuffix('.md')}.{language}.md"
    if target.exists():
        raise ScaffoldError(f"{target}: already exists; edit that file")
    data = found.data if hasattr(found, "data") else None
    fields = translatable_part(data) if data is not None else {
        key: value for key, value in found.meta.items() if key in ("title", "summary")
    }
    front = {**fields, REVIEWED: False, TRANSLATION_OF: version(data if data is not None else found.meta,
                                                                 found.source.front.body)}
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100) + "---\n\n"
    text += f"{PLACEHOLDER}: translate the title, summary and text below into '{language}', then delete this line.\n\n"
    text += found.source.front.body.lstrip("\n")
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return target
