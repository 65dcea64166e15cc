"""Tags, the free keywords of items: one page and one set of feeds per tag, as Hugo and Zola give every term."""

from __future__ import annotations

import weakref
from collections import defaultdict
from dataclasses import dataclass

from generator.content.slugs import slugify
from generator.graph.site import Item, Site

FOLDER = "tags"


@dataclass(frozen=True)
class Tag:
    """A tag and the items that carry it, newest first; tags that read the same once slugged are one."""

    slug: str
    label: str
    items: tuple[Item, ...]
    prefix: str = ""

    @property
    def url(self) -> str:
        return tag_url(self.label, self.prefix)


def tag_url(label: str, prefix: str = "") -> str:
    """The address of a tag's page below the site root, in the language tree `prefix` ('bn/')."""
    return f"{prefix}{FOLDER}/{slugify(label)}/"


_TAGS: weakref.WeakKeyDictionary[Site, tuple[Tag, ...]] = weakref.WeakKeyDictionary()


def site_tags(site: Site) -> tuple[Tag, ...]:
    """Every tag of the site's dated items, by label; worked out once per graph."""
    cached = _TAGS.get(site)
    if cached is None:
        items: dict[str, list[Item]] = defaultdict(list)
        labels: dict[str, str] = {}
        for item in site.items:
            # Two labels of one item may share a slug ("Return", "return"): the item is under it once. Asked of the
            # item's own slugs, not of the tag's items so far, which grow to thousands.
            slugs: dict[str, None] = {}
            for label in item.tags:
                slug = slugify(label)
                labels.setdefault(slug, label)
                slugs[slug] = None
            for slug in slugs:
                items[slug].append(item)
        prefix = site.settings.prefix
        cached = tuple(sorted((Tag(slug, labels[slug], tuple(found), prefix) for slug, found in items.items()),
                              key=lambda tag: tag.label.casefold()))
        _TAGS[site] = cached
    return cached
