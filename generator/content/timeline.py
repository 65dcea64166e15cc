"""Dates checked against the build's 'now': nothing a feed, calendar or sitemap dates has yet to happen.

An event still to come says when it was announced, which is its date for subscribers; without it
the only dates it has lie in the future. An `updated` date after now would date every feed ahead.
Both depend on 'now', so they are checked when a site is checked, not when one file is read.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.content.errors import ContentError
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
    # A type with an announcement date (events) that is still to come must say when it was announced.
    start = getattr(data, "start", None)
    unannounced = "announced" in type(data).model_fields and getattr(data, "announced", None) is None
    if unannounced and start is not None and aware(start, settings.timezone) > now:
        yield ContentError(
            source.display, source.line_of(("start",)), "announced",
            "the date this event still to come was made public, its date in feeds "
            "(`network-site new event` writes today)",
            "nothing",
        )
