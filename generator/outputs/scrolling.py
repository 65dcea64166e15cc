"""Tables and code blocks staff write in Markdown scroll sideways inside boxes keyboard users can reach.

A table or code line wider than a phone scrolls inside its own box. A box that scrolls must take
the keyboard focus, or readers without a mouse cannot see its right-hand part (WCAG 2.1.1); a
table's box also needs a name a screen reader announces: its caption, or else the heading above it.
"""

from __future__ import annotations

from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SCROLL_CLASS = "nw-scroll"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class ScrollingBlocks(Extension):
    """Wraps every table of a Markdown body in a focusable, named region; makes code blocks focusable."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Low priority: after the tables and attribute-list extensions have made their elements.
        md.treeprocessors.register(_WrapTables(md), "nw_scrolling_blocks", 1)


class _WrapTables(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        self._walk(root, "Table")

    def _walk(self, parent: ElementTree.Element, heading: str) -> str:
        """Wrap the tables below `parent`, in reading order; the text of the last heading passed."""
        for index, child in enumerate(list(parent)):
            if child.tag in HEADINGS:
                heading = _text(child) or heading
            elif child.tag == "pre":
                for code in child.iter("code"):
                    code.set("tabindex", "0")
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
