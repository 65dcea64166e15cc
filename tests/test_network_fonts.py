"""Each script a network publishes in is drawn in a font the site serves: the package's Noto cuts, or the network's own.

The made-up network (tests/fixtures/examplia) publishes in English, Bangla and Arabic; a copy names its own Arabic
and Bangla fonts in mkdocs.yml, files in its content/. Nothing under generator/ or templates/ changes between the two.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from browser import DESKTOP, fonts_drawn, serving
from playwright.sync_api import Browser, Page
from sitebuild import REPO, examplia_copy, mkdocs_build, network_site

PACKAGE_ARABIC = "Noto Sans Arabic"
OWN_ARABIC = "Examplia Kufi"
# A font the package does not serve: the full Noto Sans Arabic bold, which the network calls its own.
OWN_FILE = REPO / "tests" / "node_modules" / "@fontsource" / "noto-sans-arabic" / "files" / \
    "noto-sans-arabic-arabic-700-normal.woff2"
ARABIC_LETTERS = "[\u0621-\u064a]"
OWN_BANGLA = "Examplia Bangla"
# A network that wants Bangla's real bold (the package serves the regular alone) names the full fonts as its own.
FULL_BANGLA = REPO / "tests" / "node_modules" / "@fontsource" / "noto-sans-bengali" / "files"


def arabic_network(folder: Path, **plugin: object) -> Path:
    """A copy of the made-up network publishing in English, Bangla and Arabic, with these plugin options."""
    config = examplia_copy(folder)
    settings = yaml.safe_load(config.read_text(encoding="utf-8").replace("!!python", "#"))
    options = next(entry["network"] for entry in settings["plugins"] if isinstance(entry, dict) and "network" in entry)
    options["languages"] = ["en", "bn", "ar"]
    options.update(plugin)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return config


def built(config: Path) -> Path:
    result = mkdocs_build(config, config.parent / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return config.parent / "site"


@pytest.fixture(scope="module")
def package_fonts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(arabic_network(tmp_path_factory.mktemp("package") / "examplia"))


@pytest.fixture(scope="module")
def own_font_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("own") / "examplia"
    config = arabic_network(folder, fonts={
        "Arab": {"family": OWN_ARABIC, "regular": "fonts/kufi.woff2"},
        "Beng": {"family": OWN_BANGLA, "regular": "fonts/bangla-400.woff2", "bold": "fonts/bangla-700.woff2"},
    })
    (folder / "content" / "fonts").mkdir()
    shutil.copyfile(OWN_FILE, folder / "content" / "fonts" / "kufi.woff2")
    for weight in (400, 700):
        shutil.copyfile(FULL_BANGLA / f"noto-sans-bengali-bengali-{weight}-normal.woff2",
                        folder / "content" / "fonts" / f"bangla-{weight}.woff2")
    return built(config)


def visit(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """A fresh tab at `url` once its fonts are in, and the names of the font files it fetched."""
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if request.resource_type == "font" else None)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    return page, [url.rsplit("/", 1)[-1] for url in fetched]


def drawn_in(page: Page, selector: str) -> list[str]:
    """The site's own fonts Chromium drew the element's text with, each as its file names itself."""
    drawn = fonts_drawn(page, selector)
    return [str(font["familyName"]) for font in drawn if font["isCustomFont"] and font["glyphCount"]]


def test_an_arabic_page_is_drawn_in_the_sites_arabic_font_and_its_bold_in_the_real_bold(
    package_fonts_site: Path, session_browser: Browser
) -> None:
    with serving(package_fonts_site) as root:
        page, fetched = visit(session_browser, root + "ar/twgs/")
        try:
            assert page.locator("html").get_attribute("lang") == "ar"
            ahead = page.eval_on_selector_all('head link[rel="preload"][as="font"]', "links => links.map(l => l.href)")
            assert [href.rsplit("/", 1)[-1] for href in ahead] == ["noto-sans-arabic-arabic-400-normal.woff2"]
            assert "noto-sans-arabic-arabic-400-normal.woff2" in fetched
            for selector in (".nw-lead", ".nw-status", ".nw-footer__heading"):
                text = page.locator(selector).first.text_content() or ""
                assert page.evaluate(f"text => /{ARABIC_LETTERS}/.test(text)", text), f"{selector}: {text!r}"
                assert drawn_in(page, selector) == [PACKAGE_ARABIC], selector
            # Headings are bold: the package ships Arabic's real bold (about 10 KB), fetched for them.
            assert "noto-sans-arabic-arabic-700-normal.woff2" in fetched
        finally:
            page.close()


def test_an_english_page_of_an_arabic_network_fetches_only_the_switchers_few_letters(
    package_fonts_site: Path, session_browser: Browser
) -> None:
    with serving(package_fonts_site) as root:
        page, fetched = visit(session_browser, root + "twgs/")
        try:
            assert sorted(fetched) == ["noto-sans-arabic-names-700-normal.woff2",
                                       "noto-sans-bengali-names-700-normal.woff2"]
            assert drawn_in(page, '.nw-languages a[hreflang="ar"]') == [PACKAGE_ARABIC]
        finally:
            page.close()


def test_a_networks_own_fonts_draw_their_scripts_in_place_of_the_packages(
    own_font_site: Path, session_browser: Browser
) -> None:
    with serving(own_font_site) as root:
        page, fetched = visit(session_browser, root + "ar/twgs/")
        try:
            assert "kufi.woff2" in fetched and not any("noto-sans-arabic" in name for name in fetched), fetched
            assert page.evaluate("name => document.fonts.check(`16px \"${name}\"`, 'ا')", OWN_ARABIC)
            # Chromium names a font by its own name table: the network's file is the full Noto Sans Arabic Bold.
            assert drawn_in(page, ".nw-lead") == [PACKAGE_ARABIC]
            weights = page.evaluate("name => [...document.fonts].filter(f => f.family.replace(/\"/g, '') === name"
                                    " && f.status === 'loaded').map(f => f.weight)", OWN_ARABIC)
            assert weights == ["400"], "the network named one file: it is used for regular and bold text"
        finally:
            page.close()
        page, fetched = visit(session_browser, root + "bn/twgs/")
        try:
            assert {"bangla-400.woff2", "bangla-700.woff2"} <= set(fetched), fetched
            assert not any("noto-sans-bengali-bengali" in name for name in fetched), fetched
            weights = page.evaluate("name => [...document.fonts].filter(f => f.family.replace(/\"/g, '') === name"
                                    " && f.status === 'loaded').map(f => f.weight).sort()", OWN_BANGLA)
            assert weights == ["400", "700"], "the network's bold draws bold Bangla"
        finally:
            page.close()


@pytest.mark.parametrize(("script", "font", "file", "said"), [
    ("arabic", {"family": "Kufi", "regular": "fonts/kufi.woff2"}, None,
     "fonts.arabic: expected a script's ISO 15924 code like Beng or Arab, found 'arabic'"),
    ("Arab", {"family": "Kufi", "regular": "fonts/missing.woff2"}, None,
     "plugins.network.fonts.Arab.regular: expected a .woff2 file in content/, found 'fonts/missing.woff2', not there"),
    ("Arab", {"family": "Kufi", "regular": "fonts/kufi.woff2"}, b"<html>not a font</html>",
     "plugins.network.fonts.Arab.regular: expected a WOFF2 font, found 'fonts/kufi.woff2', which is not one"),
    ("Arab", {"family": 'Kufi"; } body { display: none', "regular": "fonts/kufi.woff2"}, None,
     "fonts.Arab.family: expected a font's name in letters, digits, spaces and hyphens"),
    ("Arab", {"family": "Kufi", "regular": "../fonts/kufi.woff2"}, None,
     "fonts.Arab.regular: expected a .woff2 file inside content/ like fonts/x-400.woff2, found '../fonts/kufi.woff2'"),
    ("Arab", {"family": "Kufi", "regular": "../mkdocs.yml"}, None,
     "fonts.Arab.regular: expected a .woff2 file inside content/ like fonts/x-400.woff2, found '../mkdocs.yml'"),
])
def test_a_font_the_network_names_wrongly_is_told_in_one_line_by_check_and_by_the_build(
    tmp_path: Path, script: str, font: dict[str, str], file: bytes | None, said: str
) -> None:
    config = arabic_network(tmp_path / "examplia", fonts={script: font})
    if file is not None:
        (tmp_path / "examplia" / "content" / "fonts").mkdir()
        (tmp_path / "examplia" / "content" / "fonts" / "kufi.woff2").write_bytes(file)
    build = mkdocs_build(config, tmp_path / "site")
    check = network_site(config, "check")
    assert build.returncode != 0 and check.returncode != 0
    for output in (build.stderr, check.stdout + check.stderr):
        assert said in output, output[-1500:]
        assert "Traceback" not in output
    assert not (tmp_path / "site").exists()


def test_a_site_publishes_only_the_fonts_its_languages_are_drawn_in_with_their_licences(
        package_fonts_site: Path, own_font_site: Path, tmp_path: Path) -> None:
    english_and_bangla = built(examplia_copy(tmp_path / "examplia"))
    published = {site: {path.name for path in (site / "assets" / "fonts").iterdir()}
                 for site in (english_and_bangla, package_fonts_site, own_font_site)}
    assert not any("arabic" in name for name in published[english_and_bangla])
    assert {"OFL-noto-sans-bengali.txt", "noto-sans-bengali-bengali-400-normal.woff2"} <= published[english_and_bangla]
    assert {"OFL-noto-sans-arabic.txt", "noto-sans-arabic-arabic-400-normal.woff2",
            "noto-sans-arabic-arabic-700-normal.woff2"} <= published[package_fonts_site]
    # The network's own Arabic font replaces the package's cut, which is then not published; its names cut stays.
    assert "noto-sans-arabic-arabic-400-normal.woff2" not in published[own_font_site]
    assert "noto-sans-arabic-names-700-normal.woff2" in published[own_font_site]
