"""Read mkdocs.yml the way `mkdocs` does, for the CLI commands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from generator.registry import Registry
from generator.settings import Settings


@dataclass(frozen=True)
class SiteConfig:
    """What the CLI needs from mkdocs.yml."""

    config_file: Path
    content_dir: Path
    settings: Settings
    types: Registry


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
    return SiteConfig(path, Path(config.docs_dir), settings, types)
