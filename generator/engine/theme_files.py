"""A preview lists the files of an installed theme once, not at every save.

To find a theme's static files (its stylesheets, scripts, fonts), MkDocs lists every file of every theme folder at
every build, through the Jinja environment of the theme (`Files.add_files_from_theme`), and tests each name against a
dozen patterns. mkdocs-material's folder holds 14,500 files, most of them icons only its templates read: listing and
testing them was a tenth of a text edit's preview at 1,000 items, at every save. A theme installed as a package does
not change while a preview runs; the network's own templates folder, which staff and designers edit, is listed and
tested again each time.
"""

from __future__ import annotations

import site
import sysconfig
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from mkdocs.theme import Theme


def _installed_packages() -> tuple[Path, ...]:
    """Where this Python finds installed packages: its environment's own folders, the system's, the user's."""
    paths = sysconfig.get_paths()
    folders = [paths[name] for name in ("purelib", "platlib") if name in paths]
    folders += [*site.getsitepackages(), site.getusersitepackages()]
    return tuple({Path(folder).resolve() for folder in folders})


class InstalledThemeFiles:
    """The listings of installed theme folders, kept for as long as a command runs."""

    def __init__(self, packages: tuple[Path, ...] | None = None) -> None:
        self.packages = _installed_packages() if packages is None else packages
        self._listed: dict[str, list[str]] = {}
        self._static: dict[tuple[str, tuple[str, ...]], list[str]] = {}  # (folder, static templates) → its files

    def installed(self, folder: str) -> bool:
        """Whether a theme folder belongs to an installed package (not to a project's own templates)."""
        resolved = Path(folder).resolve()
        return any(resolved.is_relative_to(package) for package in self.packages)

    def listing(self, folder: str) -> list[str]:
        """A folder's templates and files as Jinja lists them; an installed one's from its first listing."""
        if not self.installed(folder):
            return FileSystemLoader(folder).list_templates()
        if folder not in self._listed:
            self._listed[folder] = FileSystemLoader(folder).list_templates()
        return self._listed[folder]

    def keep_for(self, theme: Theme) -> None:
        """Each environment `theme` makes lists its installed folders from this command's first listing."""
        make: Callable[[], Environment] = theme.get_env

        def get_env() -> Environment:
            env = make()
            env.loader = _Listed(theme.dirs, self)

            def list_templates(extensions: Collection[str] | None = None, filter_func: Any = None) -> list[str]:
                if extensions is not None or not _is_mkdocs_static_filter(filter_func):
                    return Environment.list_templates(env, extensions, filter_func)
                return self.static_files(theme.dirs, tuple(theme.static_templates), filter_func)

            setattr(env, "list_templates", list_templates)  # noqa: B010 - this environment's own, as above
            return env

        setattr(theme, "get_env", get_env)  # noqa: B010 - this theme's own environments, for this command

    def static_files(self, folders: list[str], static_templates: tuple[str, ...], static: Callable[[str], bool],
                     ) -> list[str]:
        """The names of the theme's files MkDocs' test `static` takes for static files, an installed folder's tested
        once for the theme's static templates (all the test depends on besides the name)."""
        names: set[str] = set()
        for folder in folders:
            if not self.installed(folder):
                names.update(name for name in self.listing(folder) if static(name))
                continue
            key = (folder, static_templates)
            if key not in self._static:
                self._static[key] = [name for name in self.listing(folder) if static(name)]
            names.update(self._static[key])
        return sorted(names)


class _Listed(FileSystemLoader):
    """MkDocs' loader of the theme's folders (a template is found as before), listed by `InstalledThemeFiles`."""

    def __init__(self, folders: list[str], kept: InstalledThemeFiles) -> None:
        super().__init__(folders)
        self.kept = kept

    def list_templates(self) -> list[str]:
        # As FileSystemLoader lists several folders: every name in any of them, once, in order.
        return sorted({name for folder in self.searchpath for name in self.kept.listing(folder)})


def _is_mkdocs_static_filter(test: Any) -> bool:
    """Whether `test` is the one MkDocs tells a theme's static files by (mkdocs/structure/files.py): its answer
    depends on the name and the theme's `static_templates` alone (its other patterns are fixed)."""
    return getattr(test, "__qualname__", "") == "Files.add_files_from_theme.<locals>.filter" and getattr(
        test, "__module__", "") == "mkdocs.structure.files"
