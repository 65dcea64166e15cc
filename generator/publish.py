"""The files that follow the pages: feeds and calendars, for the whole site and each part."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.graph import Site


@dataclass(frozen=True)
class Subscription:
    """A feed or calendar a reader can subscribe to, as listed on the Subscribe page."""

    title: str
    description: str
    url: str
    format: str


def outputs(site: Site, bodies: Mapping[str, str]) -> dict[str, bytes]:
    """Every feed and calendar file of the site, by path below the output folder."""
    return {}


def subscriptions(site: Site) -> list[Subscription]:
    """Everything a reader can follow, for the Subscribe page."""
    return []
