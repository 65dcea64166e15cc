"""schema.org structured data (JSON-LD) for search engines, built from the graph, safely escaped."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from generator.feeds import absolute
from generator.graph import Item, Site
from generator.types.events import Event
from generator.types.news import News
from generator.types.organizations import Organization


def _org(org: Organization, site: Site) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": org.name, "url": absolute(site.settings, org.url)}
    if org.data.short_name:
        data["alternateName"] = org.data.short_name
    if org.website:
        data["sameAs"] = org.website
    return data


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
    members = [_org(org, site) for org in site.with_role("member")]
    if members:
        data["member"] = members
    return data


def for_item(item: Item, site: Site) -> dict[str, Any] | None:
    """NewsArticle for news, Event for events; None for other types."""
    url = absolute(site.settings, item.url)
    image = None
    if item.image is not None:
        src = item.image.src
        image = [src if "://" in src else absolute(site.settings, src)]
    publisher = {"@type": "Organization", "name": site.settings.network.name, "url": absolute(site.settings, "")}
    if isinstance(item, News):
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": item.title[:110],
            "description": item.summary,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": item.published.isoformat() if item.published else None,
            "dateModified": item.updated.isoformat() if item.updated else None,
            "author": publisher,
            "publisher": publisher,
        }
    elif isinstance(item, Event):
        location: dict[str, Any]
        if item.location.online and not (item.location.city or item.location.venue):
            location = {"@type": "VirtualLocation", "url": item.location.url or url}
            mode = "https://schema.org/OnlineEventAttendanceMode"
        else:
            address = {
                "@type": "PostalAddress",
                "addressLocality": item.location.city,
                "addressCountry": item.location.country,
            }
            location = {"@type": "Place", "name": item.location.venue or item.place, "address": address}
            mode = "https://schema.org/OfflineEventAttendanceMode"
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": item.title,
            "description": item.summary,
            "url": url,
            "startDate": item.first_day.isoformat() if item.all_day else item.start.isoformat(),
            "endDate": item.last_day.isoformat() if item.all_day else item.end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": mode,
            "location": location,
            "organizer": [_org(org, site) for org in item.organizers] or publisher,
        }
        if item.funders:
            data["funder"] = [_org(org, site) for org in item.funders]
    else:
        return None
    if image:
        data["image"] = image
    return {key: value for key, value in data.items() if value is not None}


def script_json(data: dict[str, Any]) -> Markup:
    """JSON safe inside <script> as it is (no '</script>', no '<!--', no HTML-significant characters)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
