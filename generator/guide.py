"""The 'How to publish' guide for staff, generated from the schemas so that it never drifts."""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.graph import KIND_LABELS
from generator.loader import _inner_model
from generator.scaffold import SINGULAR, skeleton
from generator.schemas import PRACTICE_SECTIONS_REQUIRED, SCHEMAS


@dataclass(frozen=True)
class FieldDoc:
    """One front-matter field as the guide explains it."""

    name: str
    required: bool
    description: str
    kind: str


@dataclass(frozen=True)
class TypeDoc:
    """A content type: where its files go, an example file, and every field."""

    folder: str
    label: str
    command: str
    example: str
    fields: tuple[FieldDoc, ...]


# What each kind of message means, and what to do.
ERRORS: tuple[tuple[str, str], ...] = (
    ("expected valid YAML", "The front matter cannot be read. Often a value with ': ' that needs quotes, "
     "a tab instead of spaces, or an unclosed quote or bracket on that line."),
    ("expected a value (…); this field is required", "A required field is missing: add it."),
    ("expected one of the known fields (did you mean '…'?)", "A field name is misspelt or not used by this type."),
    ("expected a date like 2023-08-02", "Write dates as year-month-day; add a time as 2023-08-02 10:00."),
    ("expected the id of a TWG / an organization / an event", "A reference names a file that does not exist; "
     "the suggestion is the nearest existing id (the file name without .md)."),
    ("expected an id used once among …", "Two files have the same name in one folder (perhaps in subfolders)."),
    ("expected a day on or after the start", "The event ends before it starts."),
    ("expected a '## …' section, as the Repository of Practices requires", "A practice lacks a required section."),
    ("expected UTF-8 text", "The file was saved in another encoding: save it as UTF-8."),
    ("expected an image file inside content/", "The image path is wrong, or the image was not committed."),
    ("expected at most 300 characters", "The summary is too long for cards and feeds: shorten it."),
)


def _kind(annotation: Any) -> str:
    text = str(annotation)
    nested = _inner_model(annotation)
    if "tuple" in text:
        return "list"
    if nested is not None:
        return "fields: " + ", ".join(nested.model_fields)
    if "datetime" in text or "date" in text:
        return "date"
    if "Literal" in text:
        return "one of: " + ", ".join(str(a) for a in typing.get_args(_literal(annotation)))
    if "bool" in text:
        return "true or false"
    if "int" in text:
        return "number"
    return "text"


def _literal(annotation: Any) -> Any:
    for arg in typing.get_args(annotation) or (annotation,):
        if typing.get_origin(arg) is typing.Literal:
            return arg
    return annotation


def _fields(schema: type[BaseModel]) -> tuple[FieldDoc, ...]:
    return tuple(
        FieldDoc(name, field.is_required(), field.description or "", _kind(field.annotation))
        for name, field in schema.model_fields.items()
    )


def type_docs(today: dt.date) -> tuple[TypeDoc, ...]:
    """Every content type, with an example file written by `new` and its field reference."""
    docs = []
    for folder, schema in SCHEMAS.items():
        single = SINGULAR[folder]
        docs.append(
            TypeDoc(
                folder=folder,
                label=KIND_LABELS[folder][1],
                command=f'network-site new {single} "Title of the {single}"',
                example=skeleton(folder, f"Title of the {single}", today, 1, "iom"),
                fields=_fields(schema),
            )
        )
    return tuple(docs)


def guide_context(today: dt.date) -> dict[str, Any]:
    """What the guide page renders."""
    return {"types": type_docs(today), "errors": ERRORS, "practice_sections": PRACTICE_SECTIONS_REQUIRED}
