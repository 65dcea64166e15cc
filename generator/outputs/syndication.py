"""What feeds and the e-mail edition carry of a body: its addresses made absolute through a parser, then
cleaned to an allow-list.

Mail and feed clients treat what they show as untrusted: no script, style, frame, form, event handler
or script address leaves the site, only what reads as an article does (text, headings, lists, quotes,
code, tables, figures, pictures and drawn shapes), with web, e-mail and the site's own addresses, all absolute.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import nh3
from lxml import etree
from lxml import html as lxml_html

from generator.content.body_html import url_as_read, url_scheme

# What a feed reader or a mail client shows of an article.
TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul", "var", "wbr",
    # Inline drawings (icons, simple charts), shapes only: no links, animation, styles or foreign content.
    "svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "title", "desc",
})
_PAINT = {"fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "fill-rule", "clip-rule", "transform"}
ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "source": {"srcset", "sizes", "type", "media"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "style"},
    "th": {"colspan", "rowspan", "headers", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "abbr": {"title"},
    "svg": {"viewBox", "width", "height", "xmlns", "role", *_PAINT},
    "g": _PAINT,
    "path": {"d", *_PAINT},
    "circle": {"cx", "cy", "r", *_PAINT},
    "ellipse": {"cx", "cy", "rx", "ry", *_PAINT},
    "rect": {"x", "y", "width", "height", "rx", "ry", *_PAINT},
    "line": {"x1", "y1", "x2", "y2", *_PAINT},
    "polyline": {"points", *_PAINT},
    "polygon": {"points", *_PAINT},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Elements dropped with all they hold: their text is code or a fallback, never part of the article.
DROPPED = frozenset({"script", "style", "template", "iframe", "noscript", "object", "embed", "math", "textarea"})
_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROPPED),
    attributes={name: set(values) for name, values in ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    # A table column's alignment is the only style a reader needs (Markdown tables write it so).
    filter_style_properties={"text-align"},
    link_rel=None,
    strip_comments=True,
)
# Attributes that hold one address; srcset holds several.
_ADDRESSES = ("href", "src", "cite", "poster", "action", "background")
# MkDocs' heading permalinks ('¶') mean nothing in a feed reader or a search excerpt: the same rule for Lexbor (the
# search index's parser, as CSS) and for lxml (XPath; lxml reads CSS only with a package we do not need otherwise).
PERMALINKS_CSS = "a.headerlink"
_PERMALINKS = etree.XPath(".//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]")


def clean(fragment: str) -> str:
    """HTML reduced to the allow-list, as feed readers and mail clients may be given it."""
    return _CLEANER.clean(fragment)


def absolute_html(fragment: str, resolve: Callable[[str], str]) -> str:
    """HTML without MkDocs' permalinks and with every address (srcset's too) made absolute by `resolve`.

    Only http, https and e-mail addresses are kept in a srcset: a picture's copies are never anything else.
    """
    if not fragment.strip():
        return fragment
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    remove_permalinks(root)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in _ADDRESSES:
            value = element.get(name)
            if value is not None:
                element.set(name, resolve(url_as_read(value)))
        srcset = element.get("srcset")
        if srcset is not None:
            candidates = [_candidate(candidate, resolve) for candidate in srcset.split(",") if candidate.strip()]
            element.set("srcset", ", ".join(c for c in candidates if url_scheme(c) in URL_SCHEMES))
    return inner_html(root)


def remove_permalinks(root: lxml_html.HtmlElement) -> None:
    """Take MkDocs' '¶' heading links out of a parsed fragment, keeping the text that follows each."""
    for link in _PERMALINKS(root):
        link.drop_tree()


def inner_html(root: lxml_html.HtmlElement) -> str:
    """What a parsed element holds, written out as HTML."""
    children = (etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in root)
    return html.escape(root.text or "", quote=False) + "".join(children)


def _candidate(candidate: str, resolve: Callable[[str], str]) -> str:
    url, _, descriptor = candidate.strip().partition(" ")
    return f"{resolve(url_as_read(url))} {url_as_read(descriptor)}".strip()
