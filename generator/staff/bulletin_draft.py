"""Draft the next E-Bulletin issue from what was published in a period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.graph.site import Site
from generator.staff.scaffold import ScaffoldError


def draft(site: Site, content_dir: Path, since: dt.date, until: dt.date) -> Path:
    """Write content/bulletins/<yyyy-mm>.md listing the news and events of [since, until]."""
    if until < since:
        raise ScaffoldError(f"--until: expected a day on or after --since ({since}), found {until}")
    number = max((b.number for b in site.of_kind("bulletins")), default=0) + 1
    chosen = [
        item
        for item in site.items
        if item.kind in ("news", "events")
        and item.published is not None
        and since <= item.published.date() <= until
    ]
    path = content_dir / "bulletins" / f"{until:%Y-%m}.md"
    if path.exists():
        raise ScaffoldError(f"{path}: already exists; edit it, or choose another --until month")
    items = "\n".join(f"  - {item.key}  # {item.title}" for item in chosen)
    text = (
        "---\n"
        f'title: "TODO: the headline of issue #{number}"\n'
        f'summary: "TODO: one or two sentences on what issue #{number} carries."\n'
        f"number: {number}\n"
        f"date: {until:%Y-%m}\n"
        "# The items in the order readers see them: put the main story first.\n"
        f"items:{' []' if not chosen else ''}\n"
        f"{items + chr(10) if chosen else ''}"
        "---\n\n"
        f"TODO: a short introduction to issue #{number}, covering {since:%d %B %Y} to {until:%d %B %Y}.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path
