"""The anchors a Markdown body offers a link (every id, and the name of an <a>), found alike by check and the build.

The engine refuses a link to a missing anchor when the network asks it to (`validation: anchors: warn`): `check`
must refuse the same links, with no engine installed, so both render the body with the site's Markdown extensions
and read the anchors from the HTML through a parser.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import markdown
from lxml import html

# What every network's bodies are rendered with, when its own extensions cannot be loaded without its engine.
PLAIN = ("toc", "attr_list", "md_in_html", "tables")


def anchor_finder(extensions: Sequence[Any], configs: Mapping[str, Any]) -> Callable[[str], frozenset[str]]:
    """A function giving a body's anchors, rendered with `extensions` (names or Extension objects) and `configs`."""
    try:
        markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))
        chosen, options = list(extensions), dict(configs)
    except Exception:  # an extension that needs the engine's own code: the plain ones stand in
        chosen, options = list(PLAIN), {}

    @functools.lru_cache(maxsize=4096)
    def anchors(body: str) -> frozenset[str]:
        rendered = markdown.Markdown(extensions=chosen, extension_configs=options).convert(body)
        if not rendered.strip():
            return frozenset()
        tree = html.fragment_fromstring(rendered, create_parent="div")
        return frozenset([*tree.xpath("//@id"), *tree.xpath("//a/@name")])

    return anchors
