"""Dates checked against the build's 'now': nothing a feed, calendar or sitemap dates has yet to happen.

An `updated` date after now would date every feed ahead: a mistake. An event still to come that
does not say when it was announced (its date for subscribers) is given a default, and staff are
told. Both depend on 'now', so they are checked when a site is checked, not when one file is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.content.errors import ContentError
from generator.content.front_matter import SourceFile
from generator.content.reading import Loaded, Record
from generator.graph.site import Site, aware


def timeline_errors(loaded: Loaded, published: Site) -> list[ContentError]:
    """Every date of a published item that lies after now, or is missing so that one would, for check and build."""
    errors: list[ContentError] = []
    for record in loaded.records:
        if published.get(record.kind, record.id) is not None:  # drafts and scheduled items wait for their day
            errors.extend(_ahead_of_now(record, published))
    return errors


def _ahead_of_now(record: Record, site: Site) -> Iterator[ContentError]:
    settings = site.settings
    now = settings.now.astimezone(settings.timezone)
    data, source = record.data, record.source
    if data.updated is not None and aware(data.updated, settings.timezone) > now:
        yield ContentError(
            source.display, source.line_of(("updated",)), "updated",
            f"a date that has come (this build's 'now' is {now:%Y-%m-%d %H:%M})", f"'{data.updated}'",
        )


def timeline_notices(loaded: Loaded, published: Site) -> list[str]:
    """A notice for each published item still to come that does not say when it was announced, with the default."""
    notices: list[str] = []
    for record in loaded.records:
        item = published.get(record.kind, record.id)
        span = item.span if item is not None else None
        if item is not None and span is not None and _unannounced(record) and span.start > published.settings.now:
            notices.append(_default_told(record.source, span.start, item.announced, published))
    return notices


def _unannounced(record: Record) -> bool:
    # A type with an announcement date (events) whose file leaves it out.
    return "announced" in type(record.data).model_fields and getattr(record.data, "announced", None) is None


def _default_told(source: SourceFile, start: dt.datetime, announced: dt.datetime | None, site: Site) -> str:
    told = announced if announced is not None else start
    day, ahead = told.astimezone(site.settings.timezone).date().isoformat(), (start - told).days
    return (
        f"{source.display}:{source.line_of(('start',))}: announced: not given for this event still to come; "
        f"feeds date it {day}, {ahead} days before it starts, and list it from that day "
        "(write the day it was made public as announced: to say otherwise)"
    )
