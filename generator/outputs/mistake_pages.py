"""While previewing, an item whose file has mistakes keeps its address, on a page that shows them and what can be read.

A build stops when a file has mistakes (every one listed, the last good site kept); a preview
leaves the item out of the graph, so its listings and feeds go on without it, but staff who open
its page, or follow a link to it, see the mistakes to fix rather than "not found".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import frontmatter

from generator.content.errors import ContentError
from generator.content.front_matter import FrontMatter, FrontMatterError, SourceFile, parse
from generator.content.reading import display_path
from generator.content.registry import ContentType, Registry
from generator.content.schemas import ID_PATTERN

TEMPLATE = "items/mistake.html"


@dataclass(frozen=True)
class MistakePage:
    """The page of an item left out of a preview for its mistakes: the mistakes, then what could be read."""

    source: SourceFile  # its fields as far as they could be read (None when they could not), and its body
    url: str | None  # the address the item would have, or None when its file name gives none
    title: str
    kind_label: str
    mistakes: tuple[ContentError, ...]

    @property
    def meta(self) -> dict[str, Any]:
        """What MkDocs is told of the page, whatever the broken fields say (a `template` among them, say)."""
        return {"title": self.title, "template": TEMPLATE}


def mistake_page(
    content_dir: Path, src_uri: str, errors: Iterable[ContentError], types: Registry
) -> MistakePage | None:
    """The page of the typed file `src_uri` of content/ that has mistakes, or None when it has none."""
    display = str(Path(display_path(content_dir), src_uri))
    mistakes = tuple(sorted(error for error in errors if error.path == display))
    content_type = types.get(src_uri.split("/", 1)[0])
    if not mistakes or content_type is None:
        return None
    path = content_dir / src_uri
    try:
        text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:  # gone since loading: the rebuild its removal causes drops the page
        return None
    front = _readable_part(text)
    fields = front.data if isinstance(front.data, dict) else {}
    title = fields.get("title")
    item_id = Path(src_uri).stem
    return MistakePage(
        source=SourceFile(path, display, src_uri, front),
        url=_address(content_type, item_id, fields),
        title=title.strip() if isinstance(title, str) and title.strip() else Path(src_uri).name,
        kind_label=content_type.label,
        mistakes=mistakes,
    )


def others(errors: Iterable[ContentError], page: MistakePage) -> tuple[ContentError, ...]:
    """The mistakes of every file but the page's own, which its page shows first."""
    return tuple(error for error in errors if error not in page.mistakes)


def _readable_part(text: str) -> FrontMatter:
    """The file's fields and body; when the fields cannot be read, none of them and the body after them.

    It always counts as having front matter: MkDocs is handed the body alone, never the file to read again.
    """
    try:
        front = parse(text)
    except FrontMatterError:
        try:
            _, body = frontmatter.YAMLHandler().split(text)
        except ValueError:  # a front matter block that never closes: there is no body to tell apart
            body = ""
        return FrontMatter(None, body, 1, {}, has_front_matter=True)
    if not isinstance(front.data, dict):  # no fields, or a list or a sentence where they should be
        return FrontMatter(None, front.body, front.body_line, {}, has_front_matter=True)
    return front


def _address(content_type: ContentType, item_id: str, fields: Mapping[Any, Any]) -> str | None:
    """The address the item would have: its type's rule applied to the fields that could be read, or folder/id/."""
    if not ID_PATTERN.match(item_id):
        return None  # no address can be promised; MkDocs' own, from the file name, serves
    kind = content_type.folder
    plain = f"{kind}/{item_id}/"
    known = {name: value for name, value in fields.items() if isinstance(name, str) and name.isidentifier()}
    # The item class's own `address` (a bulletin's is its number) asked of a stand-in holding the raw fields.
    stand_in = SimpleNamespace(kind=kind, id=item_id, data=SimpleNamespace(**known))
    rule = content_type.item.address.fget  # type: ignore[attr-defined]
    try:
        url = str(rule(stand_in))
    except (AttributeError, TypeError, ValueError):
        return plain
    folder, _, rest = url.partition("/")
    return url if folder == kind and rest.endswith("/") and ID_PATTERN.match(rest[:-1]) else plain
