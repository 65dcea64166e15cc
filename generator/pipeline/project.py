"""What an engine tells a build about the project and the network's options, and how a build stops or notes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from generator.content.addresses import NO_LAYOUT, Layout
from generator.fast.search_packs import HOST_FILE_LIMIT
from generator.outputs import editor

# What the build says but does not fail on, even with --strict: outside the engine's loggers, whose warnings it counts.
notices = logging.getLogger("network_site.notices")


class BuildError(Exception):
    """The build cannot go on; its text says why, in the words staff read (a mistake's lines, a setting)."""


@dataclass(frozen=True)
class Project:
    """What a build needs to know of the project, whatever engine runs it."""

    docs_dir: Path
    config_file: Path | None
    theme_dirs: tuple[Path, ...]  # the network's own folder first, then the theme's
    custom_dir: Path | None
    site_name: str
    copyright: str | None
    watch: tuple[Path, ...]
    repo_url: str | None
    menu_given: bool  # the network lists its menu itself (mkdocs.yml's `nav`)
    layout: Layout = NO_LAYOUT  # the theme's folders and the menu's pages, as check reads them too


@dataclass(frozen=True)
class Placement:
    """Where a content file's page goes: its address (None: where the engine would put it) and if a menu may list it."""

    url: str | None
    in_menu: bool


@dataclass(frozen=True)
class Options:
    """The network's options for how the site is built (not what it says)."""

    cache: bool = True
    shared_parts: bool = True
    workers: int | None = None
    search_part_pages: int = 1500
    host_file_limit: int = HOST_FILE_LIMIT
    content_types: tuple[str, ...] = ()
    editor: editor.Backend | None = None


def notice(message: str) -> None:
    """A warning line in MkDocs' style that a strict build does not count (the site is still right to publish)."""
    if not notices.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
        notices.addHandler(handler)
        notices.propagate = False
    notices.warning(message)
