"""Every link a reader can follow inside the built site leads somewhere: a file, and the place in it.

A small checker over the built folder rather than LinkChecker: LinkChecker crawls over HTTP from a
start page (pages nothing links to go unchecked), reports a missing #fragment only as a warning,
and took 90 s on this site; reading the files directly takes about a second.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import etree, html
from mkdocs.utils.yaml import yaml_load
from sitebuild import EXAMPLIA, REPO

LINK_ATTRIBUTES = ("href", "src", "srcset")
# Schemes a browser hands to another program or resolves without asking the site.
ELSEWHERE = ("mailto", "tel", "data", "javascript", "about", "blob")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def site_url(config: Path) -> str:
    """The site's public address, from its mkdocs.yml."""
    url = yaml_load(config.read_text(encoding="utf-8"))["site_url"]
    return url if url.endswith("/") else url + "/"


@pytest.fixture(scope="module", params=["real", "examplia"])
def built(request: pytest.FixtureRequest) -> tuple[Path, str]:
    """The real site and the second network's site, each with its public address."""
    if request.param == "real":
        return request.getfixturevalue("real_site"), site_url(REPO / "mkdocs.yml")
    return request.getfixturevalue("examplia_site"), site_url(EXAMPLIA / "mkdocs.yml")


def page_url(site: Path, file: Path) -> str:
    """A built file's address relative to the site's: `about/index.html` is `about/`."""
    return file.relative_to(site).as_posix().removesuffix("index.html")


def links(document: html.HtmlElement) -> Iterator[str]:
    """Every address in an href, src or srcset of the page."""
    for element in document.iter():
        for attribute in LINK_ATTRIBUTES:
            value = element.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                yield from (candidate.split()[0] for candidate in value.split(",") if candidate.strip())
            else:
                yield value.strip()


def local_path(url: str, public: str) -> str | None:
    """The site path an absolute address points to, or None when it points outside the site."""
    parts, home = urlsplit(url), urlsplit(public)
    if parts.scheme in ("http", "https", "webcal") and parts.netloc == home.netloc:
        return parts.path if parts.path.startswith(home.path) else None
    if parts.scheme or parts.netloc:
        return None
    return parts.path


def target_file(site: Path, path: str, public: str) -> Path | None:
    """The file a static host serves for a site path: a folder serves its index.html."""
    root = urlsplit(public).path
    relative = unquote(path[len(root):] if path.startswith(root) else path.lstrip("/"))
    file = site / relative
    if relative.endswith("/") or relative == "" or file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


@functools.cache
def anchors(file: Path) -> frozenset[str]:
    """The ids and names a #fragment can point to in an HTML file."""
    document = html.fromstring(file.read_bytes())
    return frozenset(
        value for element in document.iter() for value in (element.get("id"), element.get("name")) if value
    )


def problem(site: Path, page: str, link: str, public: str) -> str | None:
    """Why a link from `page` does not lead where it says, or None when it does."""
    if urlsplit(link).scheme in ELSEWHERE:
        return None
    absolute = urljoin(public + page, link)
    path = local_path(absolute, public)
    if path is None:
        return None
    file = target_file(site, path, public)
    if file is None:
        return f"no file for {path}"
    fragment = unquote(urlsplit(absolute).fragment)
    if fragment and file.suffix == ".html" and not fragment.startswith(":~:") and fragment not in anchors(file):
        return f"no id or name '{fragment}' in {file.relative_to(site).as_posix()}"
    return None


def test_every_link_and_picture_in_every_page_leads_to_a_file_and_place_in_the_site(
    built: tuple[Path, str],
) -> None:
    site, public = built
    pages = sorted(site.rglob("*.html"))
    assert pages
    broken = []
    for file in pages:
        page = page_url(site, file)
        document = html.fromstring(file.read_bytes())
        for link in sorted(set(links(document))):
            if (reason := problem(site, page, link, public)) is not None:
                broken.append(f"/{page}: {link} — {reason}")
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(broken)


def test_every_address_in_the_sitemap_is_a_page_of_the_site(built: tuple[Path, str]) -> None:
    site, public = built
    addresses = [loc.text or "" for loc in etree.parse(str(site / "sitemap.xml")).iter(SITEMAP)]
    assert addresses
    wrong = []
    for address in addresses:
        path = local_path(address, public)
        if path is None:
            wrong.append(f"{address} — not on {public}")
        elif target_file(site, path, public) is None:
            wrong.append(f"{address} — no file for {path}")
    assert wrong == [], "sitemap.xml:\n" + "\n".join(wrong)


def test_the_checker_finds_a_missing_page_a_missing_picture_and_a_missing_place(tmp_path: Path) -> None:
    public = "https://network.test/"
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "index.html").write_text('<h2 id="latest">Latest</h2>', encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"")
    page = '<a href="news/#latest">ok</a><img src="logo.png" srcset="logo.png 1x, logo-2x.png 2x">' \
           '<a href="news/#oldest">no place</a><a href="events/">no page</a><a href="https://elsewhere.test/">out</a>' \
           '<a href="https://network.test/news/">own address</a><a href="mailto:a@b.test">mail</a>'
    found = {
        link: problem(tmp_path, "", link, public)
        for link in links(html.fromstring(page))
    }
    assert found == {
        "news/#latest": None, "logo.png": None, "logo-2x.png": "no file for /logo-2x.png",
        "news/#oldest": "no id or name 'oldest' in news/index.html", "events/": "no file for /events/",
        "https://elsewhere.test/": None, "https://network.test/news/": None, "mailto:a@b.test": None,
    }
