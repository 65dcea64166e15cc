"""schema.org structured data (JSON-LD) for search engines, built from the graph, safely escaped."""

from __future__ import annotations

import functools
import json
from typing import Any

from markupsafe import Markup

from generator.graph.site import Item, Site
from generator.outputs.feeds import absolute


def network(site: Site) -> dict[str, Any]:
    """The network itself, as an Organization."""
    net = site.settings.network
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": net.name,
        "alternateName": net.short_name,
        "url": absolute(site.settings, ""),
    }
    if net.description:
        data["description"] = net.description
    if net.email:
        data["email"] = net.email
    if net.founded:
        data["foundingDate"] = net.founded.isoformat()
    members = [org.schema_org(functools.partial(absolute, site.settings)) for org in site.with_role("member")]
    if members:
        data["member"] = members
    return data


def for_item(item: Item, site: Site) -> dict[str, Any] | None:
    """The item's own description (NewsArticle for news, Event for events), with its image; None for other types."""
    url = absolute(site.settings, item.url)
    publisher = {"@type": "Organization", "name": site.settings.network.name, "url": absolute(site.settings, "")}
    data = item.linked_data(url, publisher, functools.partial(absolute, site.settings))
    if data is None:
        return None
    image = None
    if item.image is not None:
        src = item.image.src
        image = [src if "://" in src else absolute(site.settings, src)]
    if image:
        data["image"] = image
    return {key: value for key, value in data.items() if value is not None}


def script_json(data: dict[str, Any]) -> Markup:
    """JSON safe inside <script> as it is (no '</script>', no '<!--', no HTML-significant characters)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
