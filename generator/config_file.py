"""Read mkdocs.yml the way `mkdocs` does, for the CLI commands."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor, _RawHTMLPreprocessor

from generator.addresses import NO_LAYOUT, Layout
from generator.loader import display_path
from generator.registry import Registry
from generator.settings import Settings


@dataclass(frozen=True)
class SiteConfig:
    """What the CLI needs from mkdocs.yml."""

    config_file: Path
    content_dir: Path
    settings: Settings
    types: Registry
    layout: Layout = NO_LAYOUT


def read_config(path: Path, preview: bool = False) -> SiteConfig:
    """Load mkdocs.yml (with INHERIT and !ENV, as MkDocs does) and our plugin's settings."""
    from generator.config import content_types, missing_templates, to_settings
    from generator.plugin import NetworkPlugin

    if not path.is_file():
        raise ValueError("expected an mkdocs.yml here (or give one with -f), found none")
    try:
        config = load_config(config_file=str(path))
    except ConfigurationError as error:
        raise ValueError(str(error)) from None
    plugin = next((p for p in config.plugins.values() if isinstance(p, NetworkPlugin)), None)
    if plugin is None:
        raise ValueError("expected the 'network' plugin under plugins:, found it missing")
    language = str(config.theme.get("language") or "en")
    settings = to_settings(plugin.config, config.site_url, language, preview)
    types = content_types(plugin.config.content_types, path.parent.resolve())
    missing = missing_templates(types, config.theme.dirs)
    if missing:
        raise ValueError("; ".join(missing))
    return SiteConfig(path, Path(config.docs_dir), settings, types, layout(config))


def layout(config: MkDocsConfig) -> Layout:
    """The theme's folders and the pages the menu names, as check and the build both read them."""
    file = Path(config.config_file_path or "mkdocs.yml")
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []

    def line_of(target: str) -> int:
        return next((number for number, text in enumerate(lines, 1) if target in text), 1)

    menu = tuple((target, line_of(target)) for target in _menu_targets(config.nav or []))
    return Layout(tuple(Path(folder) for folder in config.theme.dirs), menu, display_path(file), _anchors_of(config))


def _anchors_of(config: MkDocsConfig) -> Callable[[str], frozenset[str]] | None:
    """How MkDocs finds the anchors a body offers, when a link to a missing one fails the build (`anchors: warn`)."""
    if config.validation.links.anchors < logging.WARNING:
        return None
    extensions, options = list(config.markdown_extensions), dict(config.mdx_configs or {})

    @functools.lru_cache(maxsize=4096)
    def anchors(body: str) -> frozenset[str]:
        md = markdown.Markdown(extensions=extensions, extension_configs=options)
        raw, found = _RawHTMLPreprocessor(), _ExtractAnchorsTreeprocessor(None, None, config)  # type: ignore[arg-type]
        raw._register(md)
        found._register(md)
        md.convert(body)
        return frozenset(raw.present_anchor_ids | found.present_anchor_ids)

    return anchors


def _menu_targets(entries: Any) -> list[str]:
    """Every path the menu (`nav`) names, in order."""
    found: list[str] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found.extend(_menu_targets(value))
    return found
