"""The pictures a build resizes, read as the build reads them: one that is no picture, or is damaged, is a mistake."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.content.errors import ContentError
from generator.content.front_matter import SourceFile
from generator.content.links import _links
from generator.content.paths import below
from generator.content.reading import Loaded
from generator.outputs.images import ImageError, Use, Where, _body_use, decoded, is_resizable, plan


def picture_errors(
    content_dir: Path, loaded: Loaded, sources: Iterable[SourceFile], decode: bool
) -> list[ContentError]:
    """Each picture shown that cannot be read (with `decode`, decoded too), once, where it is first used."""
    errors: list[ContentError] = []
    for src, where in _used(loaded, sources):
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


def _used(loaded: Loaded, sources: Iterable[SourceFile]) -> Iterator[tuple[str, Where]]:
    """Every local picture an item shows (its `image:` first, as the build plans them) or a body holds, once."""
    seen: set[str] = set()
    for record in loaded.records:
        image = getattr(record.data, "image", None)
        if image is not None and image.src.lstrip("/") not in seen:
            seen.add(image.src.lstrip("/"))
            yield image.src.lstrip("/"), functools.partial(
                Use, record.source.display, record.source.line_of(("image", "src")), "image.src")
    for source in sources:
        for _, is_image, _, target in _links(source):
            parts = urlsplit(target)
            if not is_image or parts.scheme or parts.netloc or target.startswith("/"):
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), unquote(parts.path)))
            if path.startswith("../") or path in seen:
                continue
            seen.add(path)
            yield path, functools.partial(_body_use, source, path)
