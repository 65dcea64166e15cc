"""Read mkdocs.yml for the CLI commands as MkDocs does, with no engine installed (PyYAML alone)."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from generator.content.addresses import NO_LAYOUT, Layout, menu_lines, menu_titles
from generator.content.anchors import anchor_finder
from generator.content.reading import display_path
from generator.content.registry import Registry
from generator.content.settings import Settings
from generator.pipeline.options import content_types, missing_templates, read_options, to_settings


@dataclass(frozen=True)
class SiteConfig:
    """What the CLI needs from mkdocs.yml."""

    config_file: Path
    content_dir: Path
    settings: Settings
    types: Registry
    layout: Layout = NO_LAYOUT


class _Code:
    """What a `!!python/...` tag names (mkdocs-material's emoji functions, say): kept as its name, never imported."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<python {self.name}>"


class _Loader(yaml.SafeLoader):
    """YAML as mkdocs.yml files write it: `!ENV`, `!relative` and `!!python/...` tags, without running code."""


def _environment(loader: _Loader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, typed as YAML types it (pyyaml-env-tag)."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        found = type(node).__name__
        raise yaml.constructor.ConstructorError(None, None, f"expected a name or names, found {found}", node.start_mark)
    for name in names:
        if str(name) in os.environ:
            value = os.environ[str(name)]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _relative(loader: _Loader, node: yaml.Node) -> str:
    """`!relative` resolves against a page while MkDocs renders it; the commands here never read its value."""
    return str(loader.construct_scalar(node)) if isinstance(node, yaml.ScalarNode) else ""


def _python(loader: _Loader, suffix: str, node: yaml.Node) -> _Code:
    # `!!python/name:material.extensions.emoji.twemoji` and the like name code for the engine to import, not us.
    return _Code(suffix)


_Loader.add_constructor("!ENV", _environment)
_Loader.add_constructor("!relative", _relative)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python)


def load_yaml(path: Path) -> dict[str, Any]:
    """mkdocs.yml as a mapping, with the file it INHERITs from merged under it, as MkDocs merges them."""
    try:
        with path.open("rb") as file:
            found = yaml.load(file, Loader=_Loader)  # a SafeLoader: no tag runs code
    except yaml.YAMLError as error:
        raise ValueError(f"expected YAML, found a mistake: {' '.join(str(error).split())}") from None
    if found is None:
        return {}
    if not isinstance(found, dict):
        raise ValueError(f"expected settings (name: value), found {found!r}")
    if "INHERIT" in found:
        given = found.pop("INHERIT")
        parent = Path(os.path.normpath(path.parent / str(given)))
        if not parent.is_file():
            raise ValueError(f"INHERIT: expected a file to inherit from, found none at '{parent}'")
        found = _merge(load_yaml(parent), found)
    return found


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """The child's settings over the parent's: mappings merged key by key, anything else replaced (as mergedeep)."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _network_options(plugins: object) -> dict[str, Any] | None:
    """The `network` plugin's options in MkDocs' `plugins:` (a list of names and {name: options}, or a mapping)."""
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [next(iter(e.items())) if isinstance(e, dict) and len(e) == 1 else (e, {}) for e in plugins]
    else:
        raise ValueError(f"plugins: expected a list of plugins, found {plugins!r}")
    for name, options in entries:
        if name not in ("network", "/network"):
            continue
        options = dict(options or {}) if isinstance(options, dict) or options is None else options
        if not isinstance(options, dict):
            raise ValueError(f"plugins.network: expected its options (name: value), found {options!r}")
        # MkDocs' switch for any plugin that has none of its own: `enabled: false` leaves it out.
        enabled = options.pop("enabled", True)
        if not isinstance(enabled, bool):
            raise ValueError(f"plugins.network.enabled: expected true or false, found {enabled!r}")
        if enabled:
            return options
    return None


def _site_url(value: object) -> str:
    """site_url as MkDocs keeps it: a web address, its path ending in a slash."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not (parts := urlsplit(value)).scheme or not parts.netloc:
        raise ValueError(f"site_url: expected a web address like https://network.example.org/, found {value!r}")
    return urlunsplit(parts._replace(path=parts.path if parts.path.endswith("/") else f"{parts.path}/"))


def read_config(path: Path, preview: bool = False) -> SiteConfig:
    """Load mkdocs.yml (with INHERIT and !ENV, as MkDocs does) and our plugin's settings."""
    if not path.is_file():
        raise ValueError("expected an mkdocs.yml here (or give one with -f), found none")
    config = load_yaml(path)
    here = Path(os.path.abspath(path.parent))
    options = _network_options(config.get("plugins", []))
    if options is None:
        raise ValueError("expected the 'network' plugin under plugins:, found it missing")
    theme = config.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else theme
    if not isinstance(theme, dict):
        raise ValueError(f"theme: expected a theme's name or its settings, found {theme!r}")
    language = str(theme.get("language") or "en")
    content_dir = here / str(config.get("docs_dir") or "docs")
    if not content_dir.is_dir():
        raise ValueError(f"docs_dir: expected a folder, found none at '{content_dir}'")
    site_url = _site_url(config.get("site_url"))
    try:
        checked = read_options(options)
        settings = to_settings(checked, site_url, language, preview, here)
        types = content_types(checked["content_types"], here.resolve())
    except ValueError as error:
        # The same words as the build's (generator/engine/plugin.py).
        raise ValueError(f"plugins.network.{error}") from None
    # Our item templates are the network's own, in the theme's custom_dir, which MkDocs looks in first.
    custom = theme.get("custom_dir")
    missing = missing_templates(types, [str(here / str(custom))] if custom else [])
    if missing:
        raise ValueError("; ".join(missing))
    theme_dirs = [here / str(custom)] if custom else []
    found = _installed("material") if theme.get("name") == "material" else None
    if found is not None:
        theme_dirs.append(found / "templates")  # read as files: the theme's code never runs
    return SiteConfig(path, content_dir, settings, types, layout(config, path, theme_dirs))


def _installed(package: str) -> Path | None:
    """The folder of an installed package, found without importing it; None where it is not installed."""
    try:
        found = importlib.util.find_spec(package)
    except (ImportError, ValueError):  # not installed, or refused (as where no engine may be imported)
        return None
    return Path(found.origin).parent if found is not None and found.origin else None


def layout(config: dict[str, Any], path: Path, theme_dirs: list[Path]) -> Layout:
    """The theme's folders, the pages the menu names and how anchors are found, as check and the build read them."""
    anchors = None
    validation = config.get("validation") or {}
    links = validation.get("links", validation) if isinstance(validation, dict) else {}
    if isinstance(links, dict) and str(links.get("anchors", "info")).lower() in ("warn", "warning"):
        names, options = markdown_extensions(config.get("markdown_extensions") or [])
        anchors = anchor_finder(names, options)
    nav = config.get("nav") or []
    return Layout(tuple(theme_dirs), menu_lines(nav, path), display_path(path), anchors, menu_titles(nav))


def markdown_extensions(entries: list[Any]) -> tuple[list[str], dict[str, Any]]:
    """mkdocs.yml's `markdown_extensions`: the names, and each one's options, with MkDocs' own defaults first."""
    names, options = ["toc", "tables", "fenced_code"], {}
    for entry in entries if isinstance(entries, list) else []:
        name, given = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(str(name))
        if isinstance(given, dict):
            options[str(name)] = given
    return list(dict.fromkeys(names)), options
