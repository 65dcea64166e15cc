"""Tables staff write in Markdown scroll sideways inside a box that keyboard users can reach.

A table wider than a phone scrolls inside its own box. A box that scrolls must take the keyboard
focus, or readers without a mouse cannot see its right-hand columns (WCAG 2.1.1), and it needs a
name that a screen reader announces: the table's caption, or else the heading the table sits under.
"""

from __future__ import annotations

from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SCROLL_CLASS = "nw-scroll"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class ScrollingTables(Extension):
    """Wraps every table of a Markdown body in a focusable, named, scrolling region."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Low priority: after the tables and attribute-list extensions have made their elements.
        md.treeprocessors.register(_WrapTables(md), "nw_scrolling_tables", 1)


class _WrapTables(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        self._walk(root, "Table")

    def _walk(self, parent: ElementTree.Element, heading: str) -> str:
        """Wrap the tables below `parent`, in reading order; the text of the last heading passed."""
        for index, child in enumerate(list(parent)):
            if child.tag in HEADINGS:
                heading = _text(child) or heading
            elif child.tag == "table" and parent.get("class") != SCROLL_CLASS:
                caption = child.find("caption")
                name = (_text(caption) if caption is not None else "") or heading
                region = ElementTree.Element(
                    "div", {"class": SCROLL_CLASS, "role": "region", "tabindex": "0", "aria-label": name}
                )
                region.tail, child.tail = child.tail, None
                parent.remove(child)
                region.append(child)
                parent.insert(index, region)
            else:
                heading = self._walk(child, heading)
        return heading


def _text(element: ElementTree.Element) -> str:
    """What a reader sees of the element, without the "¶" permalink the toc extension adds to headings."""
    parts = [element.text or ""]
    for child in element:
        if child.get("class") != "headerlink":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())
