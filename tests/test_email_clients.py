"""The E-Bulletin's e-mail edition as Gmail and Outlook show it: what it uses is what they support (caniemail's
data, vendored in tests/caniemail/), it is legible from inline styles alone, light enough not to be clipped, and
ready to send as one multipart message with a plain-text part."""

from __future__ import annotations

import datetime as dt
import email
import json
import shutil
import tempfile
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from lxml import html
from sitebuild import EXAMPLIA, REPO

from generator.content.loading import load_sites
from generator.graph.site import Site
from generator.outputs.email_edition import EMAIL_LIMIT, email_files, heavier_than_clients_show
from generator.pipeline.options import read_options, to_settings

TEMPLATES = REPO / "templates" / "email"
CANIEMAIL = json.loads((REPO / "tests" / "caniemail" / "caniemail.json").read_text(encoding="utf-8"))
FEATURES = {feature["slug"]: feature for feature in CANIEMAIL["data"]}
CLIENTS = ("gmail", "outlook")
# Longhands caniemail lists under their shorthand.
SHORTHAND = {"border-top": "border", "border-bottom": "border", "border-left": "border", "border-right": "border",
             "margin-top": "margin", "margin-bottom": "margin", "padding-top": "padding", "padding-bottom": "padding",
             "padding-left": "padding", "padding-right": "padding", "margin-left": "margin", "margin-right": "margin"}
# CSS every mail client has always drawn, which caniemail therefore does not list as a feature.
UNLISTED_CSS = {"color", "font-family"}
# Elements caniemail lists under another name, and those of any HTML document it does not list.
ELEMENTS = {"h1": "html-h1-h6", "h2": "html-h1-h6", "h3": "html-h1-h6", "h4": "html-h1-h6", "ul": "html-lists",
            "ol": "html-lists", "li": "html-lists", "tr": "html-table", "td": "html-table", "th": "html-table",
            "tbody": "html-table", "thead": "html-table"}
UNLISTED_ELEMENTS = {"html", "head", "meta", "title", "a", "br", "em", "i", "b"}
# Every message has a <body>, but Outlook for Mac drops it with its styles: no colour may be left to it (see below).
STRUCTURE = {"body"}


def site_of(project: Path, language: str, now: dt.datetime = dt.datetime(2024, 1, 1), **email_options: object) -> Site:
    """A network's content with its options from mkdocs.yml (its languages), published at a real address."""
    config = yaml_plugin(project)
    options = read_options({**config, "email": email_options, "now": now})
    settings = to_settings(options, "https://network.un.int/", "en", preview=False)
    return load_sites(project / "content", settings)[language]


def yaml_plugin(project: Path) -> dict[str, object]:
    from mkdocs.utils.yaml import yaml_load

    plugins = yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    found = next(entry["network"] for entry in plugins if isinstance(entry, dict) and "network" in entry)
    return {key: found[key] for key in ("network", "languages") if key in found}


# When Examplia's content is all in the past (its event needs no announcement date).
LATER = dt.datetime(2025, 6, 1)
# A Bangla issue of Examplia's, carrying an item written in Bangla and one in English only.
BANGLA_BULLETIN = {
    "2024-03.md": "---\ntitle: The first E-Bulletin\nsummary: The first issue.\nnumber: 1\ndate: 2024-03\n"
                  "items:\n  - news/update-3\n  - news/update-1\n---\n\nWelcome to the *first* issue, with a "
                  "[link](../news/update-1.md).\n",
    "2024-03.bn.md": "---\ntitle: প্রথম ই-বুলেটিন\nsummary: প্রথম সংখ্যা।\nreviewed: true\n---\n\nপ্রথম সংখ্যায় **স্বাগতম**।\n",
}


def editions() -> Iterator[tuple[str, bytes]]:
    """Every e-mail edition the real network's content makes, in each of its languages, with each mailing tool; and
    a Bangla one of Examplia's."""
    for language in ("en", "bn"):
        for tool in (None, "listmonk", "mailchimp"):
            site = site_of(REPO, language, **({"tool": tool} if tool else {}))
            for path, data in email_files(site, {}, TEMPLATES).items():
                yield f"{path} ({language}, {tool or 'no tool'})", data
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "examplia"
        shutil.copytree(EXAMPLIA, project)
        (project / "content" / "bulletins").mkdir()
        for name, text in BANGLA_BULLETIN.items():
            (project / "content" / "bulletins" / name).write_text(text, encoding="utf-8")
        for language in ("en", "bn"):
            for path, data in email_files(site_of(project, language, LATER, tool="buttondown"), {}, TEMPLATES).items():
                yield f"examplia {path} ({language}, buttondown)", data


EDITIONS = dict(editions())
HTML = {name: data for name, data in EDITIONS.items() if ".html" in name}


def latest(results: dict[str, str]) -> str:
    """The newest test result of one platform (caniemail keeps them by date or version, oldest first)."""
    return list(results.values())[-1]


def unsupported(slug: str) -> list[str]:
    """Each Gmail or Outlook platform where caniemail's newest result for `slug` is neither yes nor partial."""
    feature = FEATURES[slug]
    return [
        f"{client} {platform}: {result}"
        for client in CLIENTS
        for platform, results in feature["stats"].get(client, {}).items()
        if not (result := latest(results)).startswith(("y", "a"))
    ]


def used(edition: bytes) -> tuple[set[str], set[str]]:
    """The CSS properties (from every style attribute) and the HTML elements an edition uses."""
    document = html.document_fromstring(edition)
    properties = {
        declaration.split(":", 1)[0].strip().lower()
        for style in document.xpath("//@style")
        for declaration in str(style).split(";")
        if ":" in declaration
    }
    return properties, {str(element.tag) for element in document.iter() if isinstance(element.tag, str)}


@pytest.mark.parametrize("name", sorted(HTML))
def test_every_css_property_and_element_the_edition_uses_is_supported_by_gmail_and_outlook(name: str) -> None:
    properties, elements = used(HTML[name])
    unknown, refused = [], []
    for prop in sorted(properties - UNLISTED_CSS):
        slug = f"css-{SHORTHAND.get(prop, prop)}"
        if slug not in FEATURES:
            unknown.append(prop)
        elif found := unsupported(slug):
            refused.append(f"{prop}: {', '.join(found)}")
    for tag in sorted(elements - UNLISTED_ELEMENTS - STRUCTURE):
        slug = ELEMENTS.get(tag, f"html-{tag}")
        if slug not in FEATURES:
            unknown.append(f"<{tag}>")
        elif found := unsupported(slug):
            refused.append(f"<{tag}>: {', '.join(found)}")
    assert unknown == [], f"{name} uses what caniemail does not know: {unknown}"
    assert refused == [], f"{name} uses what Gmail or Outlook do not support: {refused}"


@pytest.mark.parametrize("name", sorted(HTML))
def test_the_edition_carries_no_style_sheet_and_nothing_for_a_dark_mode(name: str) -> None:
    document = html.document_fromstring(HTML[name])
    assert document.xpath("//style") == [], "Gmail and Outlook ignore much of a <style>: it is inlined"
    assert b"prefers-color-scheme" not in HTML[name] and b"@media" not in HTML[name]


def contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        value = colour.lstrip("#")
        if len(value) == 3:
            value = "".join(c * 2 for c in value)
        channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def inline(element: html.HtmlElement, name: str) -> str | None:
    """The value of one property in an element's own style attribute (or its bgcolor, for a background)."""
    for declaration in (element.get("style") or "").split(";"):
        if ":" in declaration and declaration.split(":", 1)[0].strip() == name:
            return declaration.split(":", 1)[1].strip().lower()
    return element.get("bgcolor") if name == "background-color" else None


def nearest(element: html.HtmlElement, name: str) -> str | None:
    """The value the element shows for `name`, from itself or the message's tables, never from <body>."""
    for ancestor in (element, *element.iterancestors()):
        if ancestor.tag == "body":
            return None
        found = inline(ancestor, name)
        if found:
            return found
    return None


@pytest.mark.parametrize("name", sorted(HTML))
def test_every_line_is_legible_from_its_inline_colours_alone(name: str) -> None:
    document = html.document_fromstring(HTML[name])
    body = document.find("body")
    assert body is not None
    faint = set()
    for element in body.iter():
        if not isinstance(element.tag, str) or not ((element.text or "").strip() or element.tag == "img"):
            continue
        text, ground = nearest(element, "color"), nearest(element, "background-color")
        assert text is not None and ground is not None, f"<{element.tag}> {element.text!r} leaves a colour to chance"
        if contrast(text, ground) < 4.5:
            faint.add(f"{element.text_content().strip()[:40]!r}: {text} on {ground}")
    assert faint == set(), f"text below 4.5:1 contrast: {sorted(faint)}"


@pytest.mark.parametrize("name", sorted(HTML))
def test_every_link_and_picture_has_an_absolute_address(name: str) -> None:
    document = html.document_fromstring(HTML[name])
    addresses = [*document.xpath("//a/@href"), *document.xpath("//img/@src")]
    assert addresses
    # A mailing tool's merge tag becomes the subscriber's own address when the tool sends the message.
    relative = [address for address in addresses
                if not address.startswith(("https://", "mailto:", "{{", "*|"))]
    assert relative == [], f"{name}: mail clients cannot follow {relative}"


def test_a_bangla_issue_has_its_own_edition() -> None:
    bangla = [name for name in HTML if name.startswith("examplia bn/") and "(bn," in name]
    assert bangla, sorted(HTML)
    assert "প্রথম ই-বুলেটিন" in HTML[bangla[0]].decode("utf-8")


def test_every_edition_is_lighter_than_what_gmail_shows_before_clipping() -> None:
    heaviest = max(HTML.items(), key=lambda pair: len(pair[1]))
    assert len(heaviest[1]) < EMAIL_LIMIT < 102 * 1024, f"{heaviest[0]} is {len(heaviest[1])} bytes"
    assert heavier_than_clients_show({k.split(" ")[0]: v for k, v in HTML.items()}) == []


def test_an_edition_gmail_would_clip_is_said_with_its_size() -> None:
    name, edition = next(iter(HTML.items()))
    path = name.split(" ")[0]
    heavy = edition.replace(b"</body>", b"<p>" + b"x" * EMAIL_LIMIT + b"</p></body>")
    said = heavier_than_clients_show({path: heavy})
    assert len(said) == 1 and said[0].startswith(f"{path}: the e-mail edition is {len(heavy) // 1024} KB")


def test_the_ready_message_is_plain_text_then_html_the_same_as_the_files_beside_it() -> None:
    site = site_of(REPO, "en")
    files = email_files(site, {}, TEMPLATES)
    bulletin = site.bulletins[0]
    raw = files[f"{bulletin.url}email.eml"]
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "an .eml is sent with CRLF line ends"
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    # A message's lines end in CRLF, and each part in a line break; the files beside it end lines in LF.
    for part, name in zip(parts, ("email.txt", "email.html"), strict=True):
        said = files[f"{bulletin.url}{name}"].decode("utf-8")
        assert part.get_content().replace("\r\n", "\n").rstrip("\n") == said.rstrip("\n")
    assert bulletin.title in str(message["Subject"])
    assert message["From"].addresses[0].addr_spec == "BDUNMNS@iom.int"
    assert message["Content-Language"] == "en"
    assert str(message["List-Unsubscribe"]).strip().startswith("<mailto:BDUNMNS@iom.int")
    assert email_files(site, {}, TEMPLATES)[f"{bulletin.url}email.eml"] == raw, "the same edition, another message"


def test_the_plain_text_part_carries_every_link_of_the_html_part() -> None:
    site = site_of(REPO, "en")
    files = email_files(site, {}, TEMPLATES)
    url = site.bulletins[0].url
    text = files[f"{url}email.txt"].decode("utf-8")
    links = set(html.document_fromstring(files[f"{url}email.html"]).xpath("//a/@href"))
    assert links and {link for link in links if link not in text} == set()
