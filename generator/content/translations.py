"""Translations: a file beside its original with a language suffix (about.bn.md), carrying only what is translated.

A translation restates the fields its type declares `Translatable` (title, summary, quotes,
location names, image alt…), its body, and says whether staff have reviewed it; every other
field comes from the original, so each fact is stated once. Its schema is derived from the
type's: a field that is not translated is a mistake naming the original, where it belongs.
"""

from __future__ import annotations

import hashlib
import json
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, Field, create_model

from generator.content.front_matter import FieldPath, SourceFile
from generator.content.paths import stem
from generator.content.registry import describe
from generator.content.schemas import Flag, Schema, Text

# The fields every translation has besides the translated ones.
REVIEWED, TRANSLATION_OF = "reviewed", "translation_of"


@dataclass(frozen=True)
class Translated:
    """A translation file that passed its derived schema: what it restates, for which original."""

    language: str
    original: str  # the original's path below content/ (news/x.md)
    source: SourceFile
    data: Any  # the derived schema's object, or a plain page's fields
    reviewed: bool
    translation_of: str | None


def split_language(src_uri: str, languages: typing.Collection[str]) -> tuple[str, str | None]:
    """The original's path and the language of a translation file ('about.bn.md' → 'about.md', 'bn')."""
    # As text, not a path: a preview asks this of every file on every save.
    folder, slash, _ = src_uri.rpartition("/")
    original, _, suffix = stem(src_uri).rpartition(".")
    if original and suffix in languages:
        return f"{folder}{slash}{original}.md", suffix
    return src_uri, None


def stray_language(src_uri: str, languages: typing.Collection[str]) -> str | None:
    """The language suffix of a file named like a translation into a language the site does not publish in."""
    named, _, suffix = stem(src_uri).rpartition(".")
    if not named or suffix in languages:
        return None
    try:
        Locale.parse(suffix)
    except (UnknownLocaleError, ValueError):
        return None
    return suffix


# The attribute of a class made at run time that names the call making it again (a function and its arguments).
REMADE_BY = "__remade_by__"


@cache
def translation_schema(schema: type[BaseModel], top: bool = True) -> type[BaseModel] | None:
    """The schema of a translation of `schema`: its translatable fields (all optional), and at the top `reviewed`."""
    fields: dict[str, Any] = {}
    specs = {spec.name: spec for spec in describe(schema)}
    for name, info in schema.model_fields.items():
        spec = specs[name]
        annotation = _annotated(info.annotation, info.metadata)
        if spec.translatable:
            fields[name] = (annotation | None, Field(None, description=info.description))
            continue
        nested = _model_in(info.annotation)
        inner = translation_schema(nested, top=False) if nested is not None else None
        if inner is not None:
            shape: Any = tuple[inner, ...] if spec.many else inner  # type: ignore[valid-type]
            fields[name] = (shape | None, Field(None, description=info.description))
    if top:
        # Left out, a translation is taken as not yet reviewed (readers are told), and staff get a notice.
        fields[REVIEWED] = (Flag | None, Field(None, description="true once staff have read the translation "
                                                                 "against the original; left out, it is not"))
        fields[TRANSLATION_OF] = (
            Text | None,
            Field(None, description="the version of the original it was translated from (network-site new --lang)"),
        )
    if not fields:
        return None
    made = create_model(f"{schema.__name__}Translation", __base__=Schema, **fields)
    # Made at run time, it has no name to be found by in a module: what makes it again, for a process it is handed to
    # (the feeds' process, generator/fast/zygote.py).
    setattr(made, REMADE_BY, (translation_schema, (schema, top)))
    return made


def _annotated(annotation: Any, metadata: list[Any]) -> Any:
    return Annotated[(annotation, *metadata)] if metadata else annotation  # type: ignore[valid-type]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def mismatches(original: Any, translation: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str, str]]:
    """Where a translation's structure does not fit its original's: (field path, expected, found)."""
    for name in translation.model_fields_set:
        if name in (REVIEWED, TRANSLATION_OF):
            continue
        value, current = getattr(translation, name), getattr(original, name, None)
        here = (*path, name)
        if isinstance(value, BaseModel):
            if current is None:
                yield here, f"no {name}, since the original has none", "one"
            else:
                yield from mismatches(current, value, here)
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            if not isinstance(current, tuple) or len(current) != len(value):
                count = len(current) if isinstance(current, tuple) else 0
                yield here, f"as many {name} as the original ({count}), in its order", str(len(value))
            else:
                for index, (one, other) in enumerate(zip(current, value, strict=True)):
                    yield from mismatches(one, other, (*here, index))


def merged(original: Any, translation: Any) -> Any:
    """The original with what the translation restates put in place: a new, validated-alike object."""
    update: dict[str, Any] = {}
    for name in translation.model_fields_set:
        if name in (REVIEWED, TRANSLATION_OF):
            continue
        value, current = getattr(translation, name), getattr(original, name, None)
        if value is None:
            continue
        if isinstance(value, BaseModel) and isinstance(current, BaseModel):
            update[name] = merged(current, value)
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel) and isinstance(current, tuple):
            update[name] = tuple(merged(one, other) for one, other in zip(current, value, strict=True))
        else:
            update[name] = value
    return original.model_copy(update=update)


def version(data: Any, body: str) -> str:
    """A short fingerprint of what a translation translates: the original's translatable fields and body."""
    if isinstance(data, BaseModel):
        schema = translation_schema(type(data))
        names = [n for n in (schema.model_fields if schema else {}) if n not in (REVIEWED, TRANSLATION_OF)]
        picked: Any = {name: _plain(getattr(data, name, None)) for name in names}
    else:
        picked = {key: str(value) for key, value in sorted(dict(data or {}).items())}
    text = json.dumps({"fields": picked, "body": body.strip()}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple):
        return [_plain(one) for one in value]
    return value


def translatable_part(data: Any) -> dict[str, Any]:
    """What a translation of `data` restates, as plain values to write in its front matter."""
    schema = translation_schema(type(data), top=False) if isinstance(data, BaseModel) else None
    if schema is None:
        return {}
    picked: dict[str, Any] = {}
    for name in schema.model_fields:
        value = getattr(data, name, None)
        if value is None or value == ():
            continue
        if isinstance(value, BaseModel):
            picked[name] = translatable_part(value)
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            picked[name] = [translatable_part(one) for one in value]
        else:
            picked[name] = list(value) if isinstance(value, tuple) else value
    return {name: value for name, value in picked.items() if value not in ({}, [])}
