"""The pictures a build resizes, read as the build reads them: one that is no picture, or is damaged, is a mistake."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.content.body_html import tags
from generator.content.errors import ContentError
from generator.content.front_matter import SourceFile
from generator.content.links import Links, _links, _prose
from generator.content.paths import below
from generator.content.reading import Loaded
from generator.outputs.images import ImageError, Use, Where, _body_use, decoded, is_resizable, plan


def picture_errors(
    content_dir: Path, loaded: Loaded, sources: Iterable[SourceFile], decode: bool,
    addresses: Mapping[str, str] | None = None, links: Callable[[SourceFile], Links] = _links,
) -> list[ContentError]:
    """Each picture shown that cannot be read (with `decode`, decoded too), once, where it is first used."""
    errors: list[ContentError] = []
    sources = list(sources)
    for src, where in [*_used(loaded, sources, links), *_raw_pictures(sources, addresses or {})]:
        file = below(content_dir, src)
        if not is_resizable(src) or file is None or not file.is_file():
            continue  # a missing file or another site: the link check names it
        try:
            plan(file, src)
            if decode:
                decoded(file, src).close()
        except ImageError as problem:
            errors.append(problem.at(where()))
    return errors


def _used(loaded: Loaded, sources: Iterable[SourceFile], links: Callable[[SourceFile], Links],
          ) -> Iterator[tuple[str, Where]]:
    """Every local picture an item shows (its `image:` first, as the build plans them) or a body holds, once."""
    seen: set[str] = set()
    # A file refused for another mistake still shows its picture once fixed: it is read now, not in a later round.
    shown = [(record.source, getattr(getattr(record.data, "image", None), "src", None)) for record in loaded.records]
    shown += [(file.source, _raw_src(file.raw)) for file in loaded.rejected]
    for source, src in shown:
        if isinstance(src, str) and src.strip().lstrip("/") not in seen:
            seen.add(src.strip().lstrip("/"))
            yield src.strip().lstrip("/"), functools.partial(
                Use, source.display, source.line_of(("image", "src")), "image.src")
    for source in sources:
        for _, is_image, _, target in links(source):
            parts = urlsplit(target)
            if not is_image or parts.scheme or parts.netloc or target.startswith("/"):
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), unquote(parts.path)))
            if path.startswith("../") or path in seen:
                continue
            seen.add(path)
            yield path, functools.partial(_body_use, source, path)


def _raw_src(raw: dict[str, object]) -> object:
    """The `image.src` of front matter that failed its schema, if it is written as one."""
    image = raw.get("image")
    return image.get("src") if isinstance(image, dict) else None


def _may_show_a_picture(body: str) -> bool:
    """Whether a body may hold an <img> tag of its own: each '<' is looked at, rather than the whole body copied in
    lower case (0.2 s of every build at 10,000 items)."""
    start = body.find("<")
    while start != -1:
        if body[start + 1:start + 4].lower() == "img":
            return True
        start = body.find("<", start + 1)
    return False


def _raw_pictures(sources: Iterable[SourceFile], addresses: Mapping[str, str]) -> Iterator[tuple[str, Where]]:
    """Every local picture a body shows in its own HTML (<img src>), read as the build reads it: from the address
    of the page it is on (`addresses`: each file's page), since the engine leaves raw HTML as written."""
    for source in sources:
        url = addresses.get(source.src_uri)
        if url is None or not _may_show_a_picture(source.front.body):
            continue
        prose = dict(_prose(source.front.body))
        markup = "\n".join(prose.get(offset, "") for offset in range(max(prose, default=-1) + 1))
        for tag in tags(markup):
            src = tag.attributes().get("src", "") if tag.name == "img" and not tag.closing else ""
            parts = urlsplit(src)
            if not src or parts.scheme or parts.netloc or parts.query or src.startswith("/"):
                continue
            folder = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
            path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
            if not path.startswith("../"):
                yield path, functools.partial(_body_use, source, path)
