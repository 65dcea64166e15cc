"""Every published path is owned by exactly one source: a second claim on it is a mistake naming both.

A page, an item, a page the generator adds, a picture's copies, a static file of content/, the
theme's files and the addresses the site keeps for itself (its editor, search index, language
trees, feeds) all claim the paths they publish. Hosts and Windows or macOS checkouts fold case,
so two claims that differ only in case meet too. Nothing here knows MkDocs: the engine's part
is the Layout (the theme's folders and the menu), read from its configuration.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.content.errors import ContentError
from generator.content.front_matter import SourceFile
from generator.content.leftovers import is_editor_leftover
from generator.content.reading import IGNORED_PARTS, Loaded, display_path
from generator.graph.site import Site, page_url
from generator.outputs.images import FORMATS, copy_of

# Folders the site writes itself: no file of content/ may publish into them.
SITE_FOLDERS = {"admin/": "the browser editor", "pagefind/": "the search index"}
# Files the site writes at its root.
SITE_FILES = {"404.html": "the page for a missing address", "sitemap.xml": "the sitemap",
              "sitemap.xml.gz": "the sitemap", "robots.txt": "the rules for search engines"}
# Files the site writes beside its pages (feeds, calendars, the e-mail edition, the open data).
OUTPUT_NAMES = frozenset({"feed.xml", "atom.xml", "feed.json", "events.ics", "event.ics", "email.html",
                          "email.txt", "email.eml", "practices.csv", "practices.json"})
# Names MkDocs reads as Markdown; only .md is read and checked as content.
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})
# Characters that end or change an address unless escaped (# starts an anchor, ? a query, % an escape).
UNSAFE_IN_NAMES = frozenset("#?%\\")
# A path holding none of them, nor a control character.
_SAFE_NAME = re.compile("[^" + re.escape("".join(sorted(UNSAFE_IN_NAMES))) + "\\x00-\\x1f\\x7f]*")
# What MkDocs leaves out of the theme's folders when it copies them into the site (its add_files_from_theme).
# The e-mail edition's templates (email/) are read by the build, never published.
_NOT_COPIED = (".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "email/*",
               *(f"*{suffix}" for suffix in MARKDOWN_SUFFIXES))


@dataclass(frozen=True)
class Layout:
    """What the engine's configuration adds to content/: the theme's folders and the pages its menu names."""

    theme_dirs: tuple[Path, ...] = ()
    # Each page the menu names, and the line of the configuration that names it.
    menu: tuple[tuple[str, int], ...] = ()
    config_file: str = "mkdocs.yml"
    # The anchors a body offers, as the engine finds them; None where the engine lets a missing anchor pass.
    anchors: Callable[[str], frozenset[str]] | None = None
    # The titles the menu gives its entries and sections, in the default language (the other languages' are looked up).
    menu_titles: tuple[str, ...] = ()


# No theme and no menu: what a check without the engine's configuration knows.
NO_LAYOUT = Layout()


@dataclass(frozen=True)
class _Claim:
    owner: str  # what the path is, as staff read it ("also content/about.md")
    source: str | None  # the content file to blame; None for what the site publishes itself
    path: str = ""  # the path as this claim writes it


def content_files(content_dir: Path) -> list[str]:
    """Every file of content/ an engine would publish (below content/, posix), but editor leftovers and hidden ones."""
    found = []
    for folder, folders, names in os.walk(content_dir):
        folders[:] = sorted(name for name in folders if name not in IGNORED_PARTS and not name.startswith("."))
        below = Path(folder).relative_to(content_dir).as_posix()  # once a folder, not once a file
        prefix = "" if below == "." else f"{below}/"
        found += [prefix + name for name in sorted(names) if not name.startswith(".") and not is_editor_leftover(name)]
    return found


def name_errors(content_dir: Path, files: Iterable[str]) -> Iterator[ContentError]:
    """Files whose name the site cannot publish as written: Markdown not ending in .md, characters needing escapes."""
    for relative in files:
        name = posixpath.basename(relative)
        suffix = posixpath.splitext(name)[1]
        if suffix.lower() in MARKDOWN_SUFFIXES and suffix != ".md":
            stem = posixpath.splitext(name)[0]
            yield ContentError(display_path(content_dir / relative), 1, "file",
                               f"a Markdown file name ending in .md ('{stem}.md')", f"'{name}'")
        if _SAFE_NAME.fullmatch(relative):  # nearly every file: nothing to tell
            continue
        display = display_path(content_dir / relative)
        unsafe = sorted(UNSAFE_IN_NAMES.intersection(relative) | {c for c in relative if ord(c) < 32 or ord(c) == 127})
        if unsafe:
            shown = " ".join(repr(c)[1:-1] for c in unsafe)
            yield ContentError(display, 1, "file", "a file name without #, ?, %, \\ or control characters",
                               f"'{relative}', which holds {shown}")


def page_addresses(site: Site, generated: Iterable[str]) -> dict[str, str]:
    """The address (news/x/) of every page of `site` and of the generated pages, and the file it is made from."""
    addresses = {page_url(uri): uri for uri in generated}
    for page in site.pages:
        addresses[page_url(page.source.src_uri)] = page.source.src_uri
    for item in site.items:
        addresses[item.url] = item.source.src_uri
    return addresses


def address_errors(
    content_dir: Path, loaded: Loaded, site: Site, generated: Collection[str], languages: Collection[str],
    layout: Layout, files: Iterable[str],
) -> list[ContentError]:
    """Every second claim on a published path, case folded, as one mistake for each content file that makes it."""
    claims: dict[str, list[_Claim]] = {}
    sources: dict[str, SourceFile] = {}

    def claim(path: str, owner: str, source: str | None) -> None:
        claims.setdefault(path.casefold(), []).append(_Claim(owner, source, path))

    # A plain page at the very path of a generated one replaces it on purpose (subscribe.md).
    written = {page.source.src_uri for page in loaded.pages}
    for uri in sorted(set(generated) - written):
        claim(_index(page_url(uri)), f"also the site's own page /{page_url(uri)}", None)
    for path in sorted(theme_files(layout.theme_dirs)):
        claim(path, f"also the theme's file /{path}", None)
    for path, what in SITE_FILES.items():
        claim(path, f"kept for {what}", None)
    for record in loaded.records:
        item = site.get(record.kind, record.id)
        url = item.url if item is not None else f"{record.kind}/{record.id}/"
        claim(_index(url), f"also {record.source.display}", record.source.display)
        sources[record.source.display] = record.source
    for page in loaded.pages:
        claim(_page_path(page.source.src_uri), f"also {page.source.display}", page.source.display)
        sources[page.source.display] = page.source
    statics = [relative for relative in files if posixpath.splitext(relative)[1].lower() not in MARKDOWN_SUFFIXES]
    pictures = {relative.casefold(): relative for relative in statics
                if posixpath.splitext(relative)[1].lower() in FORMATS}
    for relative in statics:
        display = display_path(content_dir / relative)
        claim(relative, f"also {display}", display)
        original = copy_of(relative)
        if original is not None and original.casefold() in pictures:
            shown = display_path(content_dir / pictures[original.casefold()])
            claim(relative, f"where the site publishes a smaller copy of {shown}", None)
    # A reported file (a repeated bulletin number, a misnamed file) explains its clash: one message is enough.
    reported = {error.path for error in loaded.errors}
    errors: list[ContentError] = []
    for path, owners in sorted(claims.items()):
        kept = _folder_owner(path, languages) or _output_owner(path)
        if kept is not None:
            owners = [_Claim(kept, None), *owners]
        if len(owners) < 2 or _same_id(owners, sources) or any(o.source in reported for o in owners):
            continue
        for position, owner in enumerate(owners):
            if owner.source is None:
                continue
            other = next(o for index, o in enumerate(owners) if index != position)
            shown = _address(owner)
            errors.append(ContentError(owner.source, 1, "address", f"an address of its own ({shown} is {other.owner})",
                                       shown))
    return errors


def menu_errors(layout: Layout, addresses: Mapping[str, str], files: Collection[str]) -> Iterator[ContentError]:
    """Each page the menu names that no file of content/ and no generated page is."""
    known = set(addresses.values()) | set(files)
    for target, line in layout.menu:
        if target.startswith("/") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
            continue  # another site, or an address the engine leaves as written
        if posixpath.normpath(target) not in known:
            yield ContentError(layout.config_file, line, "nav", "a page of the site, a file in content/",
                               f"'{target}', which does not exist")


@functools.lru_cache(maxsize=8)
def theme_files(dirs: tuple[Path, ...]) -> frozenset[str]:
    """The files the theme's folders publish as they are (stylesheets, scripts, fonts), below the site root."""
    found: set[str] = set()
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, subfolders, names in os.walk(folder):
            # A hidden folder publishes nothing (_NOT_COPIED), and mkdocs-material's .icons holds 14,000 files.
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in names:
                relative = Path(root, name).relative_to(folder).as_posix()
                if not any(fnmatch.fnmatch(relative.lower(), p) for p in _NOT_COPIED):
                    found.add(relative)
    return frozenset(found)


def _index(url: str) -> str:
    return f"{url}index.html"


def _page_path(src_uri: str) -> str:
    # Engines publish a folder's README.md as its index page, where index.md is published too.
    folder, name = posixpath.split(src_uri)
    return _index(f"{folder}/" if folder else "") if name == "README.md" else _index(page_url(src_uri))


def _address(claim: _Claim) -> str:
    # The address as the blamed file publishes it: a page by its folder, a file by its name.
    page = (claim.source or "").endswith(".md") and claim.path.endswith("index.html")
    return f"/{claim.path.removesuffix('index.html') if page else claim.path}"


def _folder_owner(path: str, languages: Collection[str]) -> str | None:
    for folder, what in SITE_FOLDERS.items():
        if path.startswith(folder):
            return f"kept for {what} at /{folder}"
    for code in languages:
        if path.startswith(f"{code.casefold()}/"):
            return f"kept for the site in the language '{code}' at /{code}/"
    return None


def _output_owner(path: str) -> str | None:
    if posixpath.basename(path) in OUTPUT_NAMES:
        return "kept for the feeds, calendars and e-mail edition the site writes beside its pages"
    return None


def _same_id(owners: list[_Claim], sources: Mapping[str, SourceFile]) -> bool:
    # Two files of one type with one id are reported as a repeated id, not twice over.
    files = [sources.get(o.source or "") for o in owners]
    names = {(s.src_uri.split("/", 1)[0], Path(s.src_uri).stem) for s in files if s is not None}
    return len(names) == 1 and all(file is not None for file in files)


def folder_link_target(src_uri: str, address: str, target: str, addresses: Mapping[str, str]) -> str | None:
    """The file of the page a folder-style link (../events/x/) names, read from the file as a .md link is, or
    from the page's own address as a browser reads it; None if no page has that address."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    for base in (posixpath.dirname(src_uri), address.rstrip("/")):
        resolved = posixpath.normpath(posixpath.join(base, path))
        if resolved == ".." or resolved.startswith("../"):
            continue
        found = addresses.get("" if resolved == "." else f"{resolved}/")
        if found is not None:
            return found
    return None


def is_folder_link(path: str) -> bool:
    """Whether a link's path names a page by its address (../events/x/), not a file."""
    return bool(path) and (path.endswith("/") or "." not in posixpath.basename(path))


def anchor_errors(
    sources: Iterable[SourceFile], layout: Layout, addresses: Mapping[str, str],
    links: Callable[[SourceFile], Iterable[tuple[int, bool, str, str]]],
) -> Iterator[ContentError]:
    """Each body link to an anchor its page does not have, where the engine refuses such a link."""
    if layout.anchors is None:
        return
    every = list(sources)
    by_uri = {source.src_uri: source for source in every}
    own = {uri: url for url, uri in addresses.items()}
    for source in every:
        for line, image, _, target in links(source):
            path, _, anchor = target.partition("#")
            if image or not anchor or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) or path.startswith("/"):
                continue
            path = unquote(path.split("?", 1)[0])
            if not path:
                uri: str | None = source.src_uri
            elif is_folder_link(path):
                uri = folder_link_target(source.src_uri, own.get(source.src_uri, page_url(source.src_uri)), path,
                                         addresses)
            else:
                uri = posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), path))
            page = by_uri.get(uri or "")
            if page is None or not uri or not uri.endswith(".md"):
                continue  # a missing file or a page the site makes: other rules speak of it
            if anchor not in layout.anchors(page.front.body):
                shown = "this page" if page is source else f"'{page.src_uri}'"
                yield ContentError(source.display, line, "link", f"an anchor {shown} has (a heading's id)",
                                   f"'{target}', which names '#{anchor}', an anchor it does not have")


def menu_lines(nav: Any, path: Path) -> tuple[tuple[str, int], ...]:
    """Each page the menu (`nav`) names, with the line of mkdocs.yml that names it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    def line_of(target: str) -> int:
        return next((number for number, text in enumerate(lines, 1) if target in text), 1)

    return tuple((target, line_of(target)) for target in menu_targets(nav))


def menu_titles(entries: Any) -> tuple[str, ...]:
    """Every title the menu (`nav`) writes, sections' among them, in order, each once."""
    found: list[str] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, dict):
            for title, value in entry.items():
                found.append(str(title))
                found.extend(menu_titles(value))
    return tuple(dict.fromkeys(found))


def menu_targets(entries: Any) -> list[str]:
    """Every path the menu (`nav`) names, in order."""
    found: list[str] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found.extend(menu_targets(value))
    return found
