"""Folder-style links (../events/x/) made into links to the page's file, so the engine checks and addresses them."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit
from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.content.addresses import folder_link_target, is_folder_link
from generator.graph.site import page_url


class FolderLinks(Extension):
    """Turns a link to a page's address into a link to its file; `addresses` maps each address to its file."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._addresses: Mapping[str, str] = {}
        self.own: dict[str, str] = {}  # each file's address

    @property
    def addresses(self) -> Mapping[str, str]:
        return self._addresses

    @addresses.setter
    def addresses(self, addresses: Mapping[str, str]) -> None:
        # Each file's own address is worked out once a build, not once a page: 10,000 pages each turning the
        # 10,000 addresses around took 9.5 s of a cold build under a profiler.
        self._addresses = addresses
        self.own = {uri: url for url, uri in addresses.items()}

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the inline links are made (20), before MkDocs resolves links to files (its relpath, 0).
        md.treeprocessors.register(_ToFiles(md, self), "nw_folder_links", 5)


class _ToFiles(Treeprocessor):
    def __init__(self, md: Markdown, extension: FolderLinks) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ElementTree.Element) -> None:
        # MkDocs' own link resolver knows which page is being rendered.
        resolver = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None  # noqa: SIM401
        file = getattr(resolver, "file", None)
        if file is None or not self.extension.addresses:
            return
        address = self.extension.own.get(file.src_uri, page_url(file.src_uri))
        for link in root.iter("a"):
            href = link.get("href") or ""
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("/", "#")) or not is_folder_link(unquote(parts.path)):
                continue
            target = folder_link_target(file.src_uri, address, unquote(parts.path), self.extension.addresses)
            if target is not None:
                relative = posixpath.relpath(target, posixpath.dirname(file.src_uri) or ".")
                link.set("href", urlunsplit(("", "", relative, parts.query, parts.fragment)))
