"""Whole pages kept from one build to the next: a page whose every input is the same is not rendered again.

A page is made from the site (every content file's fields, the bodies of plain pages, which
may give a page the title menus show, the pictures and other files, the templates, the
configuration, the code), from its own body, and from what it asked of the build's 'now'. The
preview (generator/fast/preview.py) already relies on this: an edit to an item's text changes that
item's page alone. So the site's part is one digest (`site_digest`), and each page's output is
kept under it and the page's own address, body, title, contents and fields, and the answers the
build's 'now' gave it (generator/content/build_now.py): whether an event was still to come, how many days
were left. Those questions are noted while the site is loaded (in the digest) and while each page
is made (kept beside its output, and asked again of the next build's 'now'), so no one lists by
hand what depends on the date. Change anything but an item's text and every page is rendered
again; change one item's text and only its page is; build on another day and only the pages the
day answers otherwise are.

A kept page goes through MkDocs' loop as usual (the context, the plugins' events, the file
written) but through a template that only writes the kept output, so what other plugins do to
finished pages, and the search index, see the same page as in a build that rendered it.
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Any, Protocol, TypeVar

from jinja2 import BaseLoader, ChoiceLoader, DictLoader, Environment
from markupsafe import Markup

from generator.content import build_now
from generator.content.errors import ContentError
from generator.content.front_matter import SourceFile
from generator.fast.build_cache import BuildCache, ReadAhead, digest, stable_text
from generator.fast.kept_files import KeptCopy, KeptFiles, copy_name
from generator.graph.site import Site

T = TypeVar("T")


class File(Protocol):
    @property
    def src_uri(self) -> str: ...

    @property
    def url(self) -> str: ...


class Page(Protocol):
    """A page as the engine renders it: its file, its body, title, contents and fields (MkDocs' Page is one)."""

    meta: MutableMapping[str, Any]  # the kept template is set here

    @property
    def file(self) -> File: ...

    @property
    def content(self) -> str | None: ...

    @property
    def title(self) -> str | None: ...

    @property
    def toc(self) -> Any: ...


NAMESPACE = "page"
# The template a kept page is "rendered" with: its kept output, as it is.
KEPT_TEMPLATE = "network-site/kept-page.html"
KEPT_OUTPUT = "network_kept_page"
# What a kept page's template writes when its output is not read at all (`PageOutputs.choose`, `linking`): the page's
# file is a link to the copy of it the build cache keeps (generator/fast/kept_files.py). Never written itself.
LINKED = Markup("<!-- a page linked from the build cache's copy of it -->")


def site_digest(
    *,
    config_text: str,
    sources: Iterable[SourceFile],
    own_bodies: Iterable[str],
    errors: Iterable[ContentError],
    surroundings: Iterable[tuple[str, str]],
    sites: Mapping[str, Site],
    addresses: Iterable[str],
    dates: Iterable[build_now.Asked],
) -> str:
    """What every page is made from, but the bodies in `own_bodies` (items', each shown on its own page alone) and
    what each page asks of the build's 'now' itself; `dates`: what loading the site and making its pages asked.

    `config_text` is the engine's configuration as pages depend on it, `addresses` each file's source, address and
    place in the menu.
    """
    own = set(own_bodies)
    parts: list[str | bytes] = [config_text]
    for source in sorted(sources, key=lambda source: source.src_uri):
        body = "" if source.src_uri in own else source.front.body
        parts += [source.src_uri, _as_read(source.front.data), body]
    parts.append(stable_text(tuple(errors)))
    parts += sorted(f"{path}\0{hashed}" for path, hashed in surroundings)
    for code, site in sorted(sites.items()):
        parts.append(code + "\0".join(item.key for item in site.items))
    # What the build's 'now' decided for the whole site: which items are out yet, which events are still to come.
    parts += sorted({stable_text(asked) for asked in dates})
    parts += addresses
    return digest(*parts).hex()


def _as_read(value: Any) -> bytes | str:
    """A page's table of contents or fields (or a content file's), as one text for a key: pickled, for speed (the
    same bytes are the same value; the same value in another order is only a page rendered again), else written out
    (`stable_text`).

    Writing them out walked every heading object and field of 10,000 pages, 0.8 s of every 10,000-item build.
    """
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return "text:" + stable_text(value)


class PageOutputs:
    """The pages of one build that are kept, and the outputs of those rendered, to keep.

    Each page has two entries: under its own key, what it asked of the build's 'now' with the answers; under that
    key and those answers, its output. A page is kept where the build's 'now' answers every question alike.
    """

    def __init__(self, cache: BuildCache, site: str | None, now: dt.datetime | None = None) -> None:
        self.cache = cache
        self.site = site
        self.now = now
        self._kept: dict[str, tuple[bytes, str]] = {}  # src_uri → the key of a page's kept output, its own template
        self._keys: dict[str, bytes] = {}  # src_uri → the key of a page to be rendered and kept
        self._noting: dict[str, list[build_now.Asked]] = {}  # src_uri → what a page being made asks of 'now'
        # Every page's key, in MkDocs' order (None: some page has none): its output's where it is known.
        self._every: dict[str, bytes] | None = {}
        self.reused = 0
        self._ahead: ReadAhead | None = None  # the kept outputs, read in the order MkDocs writes the pages
        self._taken: set[str] = set()  # src_uri of the kept pages whose kept output this build took
        # src_uri → a page's output as it is kept, and its key: from its kept output's template to the search index.
        self._as_kept: dict[str, tuple[str, bytes]] = {}
        self._linked: dict[str, str] = {}  # src_uri → the name of the kept copy of a page's file, not read

    def key(self, page: Page) -> bytes | None:
        if self.site is None or page.content is None:
            return None
        return self.cache.key(
            NAMESPACE, self.site, page.file.src_uri, page.file.url, page.content, str(page.title),
            _as_read(page.toc), _as_read(page.meta),
        )

    def _output_key(self, key: bytes, asked: tuple[build_now.Asked, ...]) -> bytes:
        return self.cache.key(NAMESPACE + " output", key, stable_text(asked))

    def choose(self, pages: Iterable[Page], linking: Callable[[str], bool] | None = None) -> None:
        """Once every body is rendered: each page with a kept output gets the template that writes it.

        With `linking` (whether the build cache keeps a usable copy of a file, by its name), a kept page whose file
        has a copy is not read at all: its file is linked to the copy. Only where no plugin but ours changes finished
        pages (it would be handed `LINKED`, not the page).
        """
        self._kept, self._keys, self._every, self._noting = {}, {}, {}, {}
        self._taken, self._as_kept, self._linked = set(), {}, {}
        keyed = [(page, self.key(page)) for page in pages]
        # Asked of the cache all at once (three questions a page, one at a time, were 0.9 s of 10,000 pages).
        answers = self.cache.get_many(key for _, key in keyed if key is not None)
        chosen: list[tuple[Page, bytes, bytes | None]] = []
        for page, key in keyed:
            if key is None:
                self._every = None
                continue
            asked = answers.get(key)
            output_key = None
            if isinstance(asked, tuple) and self.now is not None and build_now.same_answers(asked, self.now):
                output_key = self._output_key(key, asked)
            if self._every is not None:
                self._every[page.file.src_uri] = output_key or key
            chosen.append((page, key, output_key))
        # Read when its turn comes: 10,000 pages are 300 MB.
        kept = self.cache.has_many(output_key for _, _, output_key in chosen if output_key is not None)
        names = self.cache.get_many(self._file_key(output_key) for output_key in kept) if linking is not None else {}
        for page, key, output_key in chosen:
            src_uri = page.file.src_uri
            if output_key is not None and output_key in kept:
                self._kept[src_uri] = (output_key, str(page.meta.get("template", "main.html")))
                self.cache.keep(output_key)
                page.meta = {**page.meta, "template": KEPT_TEMPLATE}
                name = names.get(self._file_key(output_key))
                if isinstance(name, str) and linking is not None and linking(name):
                    self._linked[src_uri] = name
            else:
                self._keys[src_uri] = key
        self._ahead = self.cache.read_ahead(
            [key for src_uri, (key, _) in self._kept.items() if src_uri not in self._linked])

    def stop_reading(self) -> None:
        """The pages are written: the kept outputs are read ahead no more. (The cache also stops its reading when it
        closes, a failed build's too, and before the build forks.)"""
        if self._ahead is not None:
            self._ahead.stop()
            self._ahead = None

    def every_page_key(self, namespace: str) -> bytes | None:
        """A key for what is made from every page's output in order (the search index); None if a page has none."""
        if self.site is None or self._every is None:
            return None
        return self.cache.key(namespace, self.site, *self._every.values())

    @property
    def chosen(self) -> int:
        """How many pages `choose` found kept from an earlier build (each then under the same site digest)."""
        return len(self._kept)

    @property
    def linked(self) -> int:
        """How many kept pages are linked to their files' copies rather than read."""
        return len(self._linked)

    def kept(self, page: Page) -> bool:
        """Whether the page's output is kept, so that it is not rendered in this build."""
        return page.file.src_uri in self._kept

    def context(self, page: Page, context: dict[str, Any]) -> str | None:
        """Hand the kept output to the template that writes it; if it is gone since (another build, sharing the
        cache, dropped it), the page's own template, for the page to be rendered after all."""
        key, template = self._kept[page.file.src_uri]
        if page.file.src_uri in self._linked:
            context[KEPT_OUTPUT] = LINKED
            self.reused += 1
            self._taken.add(page.file.src_uri)
            return None
        output = self._ahead.take(key) if self._ahead is not None else None
        if output is None:
            output = self.cache.get(key)
        if not isinstance(output, str):
            return template
        context[KEPT_OUTPUT] = Markup(output)  # our own output, written as it was
        self.reused += 1
        self._taken.add(page.file.src_uri)
        return None

    @staticmethod
    def rendered_after_all(context: dict[str, Any], output: str) -> None:
        """The output of a page whose kept output was gone, rendered by its own template, for the kept template."""
        context[KEPT_OUTPUT] = Markup(output)  # rendered just now by the page's own template

    def start(self, page: Page) -> None:
        """A page is being made (its context, then its template): what it asks of the build's 'now' is noted."""
        if page.file.src_uri in self._keys:
            self._noting[page.file.src_uri] = build_now.start()

    def keep(self, page: Page, output: str) -> None:
        """Keep a rendered page's output (as its template made it, before plugins change finished pages)."""
        noting = self._noting.pop(page.file.src_uri, None)
        asked = build_now.stop(noting) if noting is not None else None
        key = self._keys.pop(page.file.src_uri, None)
        if key is not None and asked is not None:
            self.cache.put(key, asked)
            output_key = self._output_key(key, asked)
            self.cache.put(output_key, output)
            if self._every is not None:
                self._every[page.file.src_uri] = output_key
            self._as_kept[page.file.src_uri] = (output, output_key)
        elif page.file.src_uri in self._taken:
            self._as_kept[page.file.src_uri] = (output, self._kept[page.file.src_uri][0])

    def as_kept(self, page: Page, output: str) -> tuple[bytes, bool] | None:
        """If `output` is the page's output as kept (the very text: no plugin changed it since `keep`), the key it is
        kept under, and whether this build took it from the cache (else it is new); else None."""
        as_kept = self._as_kept.get(page.file.src_uri)
        if as_kept is None or as_kept[0] is not output:
            return None
        return as_kept[1], page.file.src_uri in self._taken

    def to_write(self, page: Page, output: str) -> tuple[str | None, bytes | None]:
        """What writing the page's finished `output` takes, asked once a page as it is written: the name of the kept
        copy its file is linked to, if it was not read (else None); the key its output is kept under, if `output` is
        that output (else None)."""
        src_uri = page.file.src_uri
        as_kept = self.as_kept(page, output)
        self._as_kept.pop(src_uri, None)
        if src_uri in self._linked:  # only ours handles finished pages: its file is the copy, whatever `output` is
            return self._linked[src_uri], self._kept[src_uri][0]
        if as_kept is None:
            return None, None
        return None, as_kept[0]

    def _file_key(self, output_key: bytes) -> bytes:
        return self.cache.key(NAMESPACE + " file", output_key)

    def note_files(self, names: Mapping[bytes, str]) -> None:
        """Note the name of the kept copy of each page's file (`to_write`'s key → name), for the next build."""
        for output_key, name in names.items():
            self.cache.put(self._file_key(output_key), name)


def kept_output(cache: BuildCache, key: bytes, now: dt.datetime, make: Callable[[], dict[str, bytes]],
                copies: KeptFiles | None = None) -> Mapping[str, bytes | KeptCopy]:
    """Files made by `make`, or the files kept under `key` when the build's 'now' answers what they asked of it alike
    (an event's calendar, say, which names only those still to come).

    With `copies`, kept files whose copies `copies` keeps as they were made are those copies, by their names: a warm
    build's feeds are linked into the site, not read from the cache and told apart by their digests (85 MB of them at
    1,000 items, a third of the feeds' process's work after one edit).
    """
    named_key = cache.key(NAMESPACE + " copies", key)
    if copies is not None:
        named = cache.get(named_key)
        if isinstance(named, tuple) and len(named) == 2 and isinstance(named[1], dict) and \
                build_now.same_answers(named[0], now) and all(copies.usable(name) for name, _ in named[1].values()):
            cache.keep(key)  # the files' bytes, for a copy gone before it is linked
            return {path: KeptCopy(name, size, functools.partial(_kept_file, cache, key, path))
                    for path, (name, size) in named[1].items()}
    asked, files = _kept(cache, key, now, make, dict)
    if copies is not None:
        cache.put(named_key, (asked, {path: (copy_name(data), len(data)) for path, data in files.items()}))
    return files


def kept_value(cache: BuildCache, key: bytes, now: dt.datetime, make: Callable[[], T]) -> T:
    """A value made by `make`, or the value kept under `key` when the build's 'now' answers what it asked alike."""
    return _kept(cache, key, now, make, object)[1]


def _kept(cache: BuildCache, key: bytes, now: dt.datetime, make: Callable[[], T], kind: type
          ) -> tuple[tuple[build_now.Asked, ...], T]:
    """What `make` made and what it asked of 'now', kept under `key`; or those kept, if 'now' answers alike (and the
    value kept is of `kind`)."""
    found = cache.get(key)
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], kind) and \
            build_now.same_answers(found[0], now):
        cache.keep(key)
        return found  # type: ignore[return-value]
    with build_now.noting() as noted:
        made = make()
    asked = build_now.distinct(noted)
    cache.put(key, (asked, made))
    return asked, made


def _kept_file(cache: BuildCache, key: bytes, path: str) -> bytes:
    found = cache.get(key)
    data = found[1].get(path) if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], dict) else None
    if not isinstance(data, bytes):
        raise RuntimeError(f"The build cache changed while {path} was written: build again.")
    return data


def with_kept_template(env: Environment) -> Environment:
    """The theme's environment, which also knows the template of kept pages."""
    kept = DictLoader({KEPT_TEMPLATE: "{{ " + KEPT_OUTPUT + " }}"})
    loaders: list[BaseLoader] = [kept]
    if env.loader is not None:
        loaders.append(env.loader)
    env.loader = ChoiceLoader(loaders)
    return env
