"""New content files with every field of their type, written from the schemas themselves.

Required fields are filled in (with a visible TODO where only staff can say what goes
there); optional fields are comments that say what they are for, so the skeleton never
drifts from what validation accepts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.loader import _inner_model
from generator.schemas import PRACTICE_SECTIONS_OPTIONAL, PRACTICE_SECTIONS_REQUIRED, SCHEMAS

# Staff may say 'event' or 'events', 'twg' or 'twgs'; 'news' is its own plural.
SINGULAR = {"news": "news", "events": "event", "practices": "practice", "twgs": "twg",
            "organizations": "organization", "bulletins": "bulletin"}
TYPE_NAMES = {SINGULAR[name]: name for name in SCHEMAS} | {name: name for name in SCHEMAS}
TODO_SUMMARY = "TODO: one or two plain sentences for cards, feeds and search results."


class ScaffoldError(Exception):
    """The file cannot be created (unknown type, or it already exists)."""


def folder_for(type_name: str) -> str:
    """The content folder of a type as staff name it."""
    folder = TYPE_NAMES.get(type_name.lower().strip())
    if folder is None:
        known = ", ".join(SINGULAR[name] for name in SCHEMAS)
        raise ScaffoldError(f"type: expected one of {known}, found '{type_name}'")
    return folder


def skeleton(
    folder: str, title: str, today: dt.date, number: int | None = None, organization: str | None = None
) -> str:
    """The text of a new file of this type: front matter with every field, and a body."""
    schema = SCHEMAS[folder]
    known: dict[str, Any] = {"title": title, "summary": TODO_SUMMARY}
    if folder in ("news",):
        known["date"] = today.isoformat()
    if folder == "events":
        known["start"] = today.isoformat()
        known["location"] = {"city": "TODO: city", "country": "TODO: country"}
    if folder == "practices":
        known.update(
            period={"start": today.isoformat()}, type_of_practice=["TODO: type of practice"],
            countries=["TODO: country"], main_implementing_organizations=[organization or "todo-organization-id"],
            date_submitted=today.isoformat(),
        )
    if folder == "twgs":
        known.update(short_name="TODO-TWG", status="proposed")
    if folder == "organizations":
        known.update(kind="other")
    if folder == "bulletins":
        known.update(number=number or 1, date=today.strftime("%Y-%m"), items=[])
    lines = ["---"]
    lines += _fields(schema, known, indent="")
    lines.append("---")
    lines.append("")
    lines.append(_body(folder))
    return "\n".join(lines) + "\n"


def _fields(schema: type[BaseModel], known: dict[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    for name, field in schema.model_fields.items():
        description = field.description or ""
        if name in known:
            lines += _value(name, known[name], description, indent)
        elif field.is_required():
            lines.append(f"{indent}{name}:  # required: {description}")
        else:
            nested = _inner_model(field.annotation)
            if nested is not None and _is_single(field):
                lines.append(f"{indent}# {name}:  # {description}")
                lines += ["#" + line for line in _fields(nested, {}, indent + "  ")]
            else:
                lines.append(f"{indent}# {name}: {_example(field)}  # {description}")
    return lines


def _is_single(field: FieldInfo) -> bool:
    return "tuple" not in str(field.annotation)


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
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [f"{indent}{name}: {value}{comment}"]
    if name in ("date", "start", "date_submitted"):
        return [f"{indent}{name}: {value}{comment}"]
    return [f"{indent}{name}: {json.dumps(value, ensure_ascii=False)}{comment}"]


def _example(field: FieldInfo) -> str:
    text = str(field.annotation)
    if "tuple" in text:
        return "[]"
    if "bool" in text:
        return "false"
    return ""


def _body(folder: str) -> str:
    if folder == "practices":
        sections = [*PRACTICE_SECTIONS_REQUIRED, *PRACTICE_SECTIONS_OPTIONAL]
        return "\n\n".join(f"## {section}\n\nTODO" for section in sections)
    if folder == "bulletins":
        return "TODO: a short introduction to this issue."
    return "TODO: the text, in Markdown."


def create(content_dir: Path, type_name: str, title: str, today: dt.date, number: int | None = None) -> Path:
    """Write the new file and return its path; never overwrite an existing one."""
    from generator.slugs import slugify

    folder = folder_for(type_name)
    item_id = today.strftime("%Y-%m") if folder == "bulletins" else slugify(title)
    path = content_dir / folder / f"{item_id}.md"
    if path.exists():
        raise ScaffoldError(f"{path}: already exists; choose another title or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    # A practice needs a real organization id to validate: offer the first one, for staff to change.
    organizations = sorted(p.stem for p in (content_dir / "organizations").glob("*.md"))
    with path.open("x", encoding="utf-8") as handle:
        handle.write(skeleton(folder, title, today, number, organizations[0] if organizations else None))
    return path
