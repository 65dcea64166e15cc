"""The accessibility statement and the privacy notice, as readers find them: in every language, from every page,
saying what is true of the site they read."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import html
from playwright.sync_api import Browser
from sitebuild import examplia_copy, mkdocs_build


def page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_bytes() if path else (site / "index.html").read_bytes())


def footer_links(site: Path, path: str) -> dict[str, str]:
    """The footer's links of the page at `path`: their words → the file they lead to, below the site."""
    found = {}
    for link in page(site, path).xpath("//footer//a[@href]"):
        base = f"http://site/{path}/" if path else "http://site/"
        target = urlsplit(urljoin(base, link.get("href"))).path.lstrip("/")
        found[link.text_content().strip()] = target
    return found


def test_every_page_links_both_statements_in_its_own_language(real_site: Path) -> None:
    for path, words in (("", ("Accessibility", "Privacy")), ("news", ("Accessibility", "Privacy")),
                        ("bn", ("প্রবেশযোগ্যতা", "গোপনীয়তা")), ("bn/events", ("প্রবেশযোগ্যতা", "গোপনীয়তা"))):
        links = footer_links(real_site, path)
        for word in words:
            assert word in links, f"/{path}/ has no link to its {word} page in its footer"
            target = links[word]
            assert target.startswith("bn/") == path.startswith("bn"), f"/{path}/ links {word} in another language"
            assert (real_site / target / "index.html").is_file(), f"/{path}/'s {word} link leads nowhere"


def test_the_accessibility_statement_names_the_standard_the_languages_and_whom_to_write_to(real_site: Path) -> None:
    english = page(real_site, "accessibility")
    text = english.text_content()
    assert "WCAG" in text and "2.1" in text and "AA" in text
    assert "English and Bangla" in text
    assert english.xpath('//article//a[@href="mailto:BDUNMNS@iom.int"]')
    bangla = page(real_site, "bn/accessibility")
    assert bangla.get("lang") == "bn"
    assert "ইংরেজি এবং বাংলা" in bangla.text_content()


def test_the_privacy_notice_names_the_mailing_tool_only_where_the_network_set_one(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    without = mkdocs_build(config, tmp_path / "without")
    assert without.returncode == 0, without.stderr
    assert "listmonk" not in page(tmp_path / "without", "privacy").text_content()
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      timezone: Africa/Nairobi", "      email: {tool: listmonk}\n"
                                   "      timezone: Africa/Nairobi"), encoding="utf-8")
    with_tool = mkdocs_build(config, tmp_path / "with")
    assert with_tool.returncode == 0, with_tool.stderr
    assert "listmonk" in page(tmp_path / "with", "privacy").text_content()
    assert "listmonk" in page(tmp_path / "with", "bn/privacy").text_content()


def test_what_the_privacy_notice_says_holds_for_a_reader_who_reads_and_searches(
    real_root: str, session_browser: Browser
) -> None:
    browser_page = session_browser.new_page(viewport={"width": 375, "height": 800})
    hosts: set[str] = set()
    browser_page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    try:
        for path in ("", "news/", "privacy/", "bn/", "search/?q=migration"):
            browser_page.goto(real_root + path)
        browser_page.wait_for_function("() => document.querySelector('[data-nw-search-status]').textContent !== ''")
        assert browser_page.evaluate("() => document.cookie") == ""
        assert browser_page.evaluate("() => localStorage.length + sessionStorage.length") == 0
        assert browser_page.context.cookies() == []
        assert hosts == {urlsplit(real_root).netloc}, f"the site asked other hosts: {hosts}"
    finally:
        browser_page.close()
