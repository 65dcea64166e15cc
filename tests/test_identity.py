"""A network makes the site its own from mkdocs.yml: its colours on every page, checked for contrast, and a staff
guide and new files that speak of its own content, never of Bangladesh's.

Examplia stands for any network: a test writes its colours or languages into its mkdocs.yml, as its designer or
staff would, and looks at what check, the build, the pages (in Chromium), the e-mail edition and `new` then give.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import DESKTOP, serving
from bs4 import BeautifulSoup
from playwright.sync_api import Browser
from sitebuild import REPO, examplia_copy, front_matter, mkdocs_build, network_site

BENGALI_LETTERS = re.compile("[\u0980-\u09ff]")
GREEN, DEEP_BLUE = "#1b5e20", "#0d47a1"
BULLETIN = ("---\ntitle: Returns and reintegration\nsummary: The first issue.\nnumber: 1\ndate: 2024-03\n"
            "items: [news/update-3, news/update-1]\n---\nWelcome to the first E-Bulletin.\n")


def with_colours(config: Path, colours: str) -> Path:
    """The network's mkdocs.yml with `colours:` written into its network block, as its designer writes it."""
    where = "        country: Examplia\n"
    text = config.read_text(encoding="utf-8").replace(where, f"{where}        colours: {colours}\n")
    config.write_text(text, encoding="utf-8")
    return config


def rgb(colour: str) -> str:
    """A '#rrggbb' colour as a browser reports it."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def custom_properties(css: str) -> dict[str, str]:
    """The custom properties the stylesheet's rule for the page's root (`:root, [data-md-color-scheme]`) sets."""
    found = re.search(r":root,\s*\[data-md-color-scheme[^{]*\{([^}]*)\}", css)
    assert found is not None, "the stylesheet sets its colours on :root"
    block = found.group(1)
    pairs = (declaration.split(":", 1) for declaration in block.split(";") if ":" in declaration)
    return {name.strip(): value.strip() for name, value in pairs}


# --- colours ----------------------------------------------------------------------------------------------------

def test_a_network_that_sets_its_colours_in_mkdocs_yml_gets_them_on_every_page_and_in_its_e_mail_edition(
    tmp_path: Path, session_browser: Browser
) -> None:
    config = with_colours(examplia_copy(tmp_path / "examplia"),
                          f'{{primary: "{GREEN}", links: "{DEEP_BLUE}"}}')
    (config.parent / "content" / "bulletins").mkdir()
    (config.parent / "content" / "bulletins" / "1.md").write_text(BULLETIN, encoding="utf-8")
    with (config.parent / "content" / "about.md").open("a", encoding="utf-8") as about:
        about.write("\nSee [the third update](news/update-3.md).\n")
    out = tmp_path / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    pages = sorted(out.rglob("*.html"))
    pages = [page for page in pages if page.name != "email.html" and "admin" not in page.relative_to(out).parts]
    assert len(pages) > 50
    without = [str(page.relative_to(out)) for page in pages
               if GREEN not in " ".join(style.get_text() for style in
                                         BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")("style"))]
    assert without == [], "pages without the network's colours"
    with serving(out) as root:
        tab = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
        for path in ("", "news/update-3/", "events/", "bn/", "guide/", "404.html"):
            tab.goto(root + path)
            header = tab.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
            assert header == rgb(GREEN), path
        tab.goto(root + "about/")
        link = tab.evaluate("() => getComputedStyle(document.querySelector('.md-typeset p a[href*=update-3]')).color")
        tab.close()
    assert link == rgb(DEEP_BLUE)
    email = BeautifulSoup((out / "bulletins" / "1" / "email.html").read_text(encoding="utf-8"), "html.parser")
    masthead = email.select_one(".masthead")
    assert masthead is not None and GREEN in str(masthead.get("style", "")).lower()


def test_a_network_that_sets_no_colours_is_drawn_in_the_stylesheets_own_everywhere(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    (config.parent / "content" / "bulletins").mkdir()
    (config.parent / "content" / "bulletins" / "1.md").write_text(BULLETIN, encoding="utf-8")
    out = tmp_path / "site"
    assert mkdocs_build(config, out).returncode == 0
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home("style") == [] or all("--md-primary-fg-color" not in style.get_text() for style in home("style"))
    primary = custom_properties((REPO / "templates" / "assets" / "network.css").read_text(encoding="utf-8"))[
        "--md-primary-fg-color"]
    email = BeautifulSoup((out / "bulletins" / "1" / "email.html").read_text(encoding="utf-8"), "html.parser")
    masthead = email.select_one(".masthead")
    assert masthead is not None and primary in str(masthead.get("style", "")).lower(), "the e-mail as the pages"


# WebAIM's contrast checker: white on #777777 is 4.47:1, just short of AA; on #767676, 4.54:1. Links and the footer's
# faint lines are told on their weakest background (darker than white, so less than 4.47:1).
WHITE_ON_777777 = 4.47


@pytest.mark.parametrize(("colours", "field", "pair"), [
    ('{primary: "#777777"}', "primary", "white text (#ffffff) on primary (#777777)"),
    ('{primary: "#0b4a7a", links: "#777777"}', "links",
     "links (#777777) on the note on a translation not yet reviewed (#e8f1f8)"),
    ('{footer: "#777777"}', "footer", "the footer's fainter lines (#d0dae4) on footer (#777777)"),
])
def test_a_colour_that_text_would_read_too_faintly_on_is_told_with_the_pair_and_the_ratio_by_check_and_the_build(
    tmp_path: Path, colours: str, field: str, pair: str
) -> None:
    config = with_colours(examplia_copy(tmp_path / "examplia"), colours)
    checked = network_site(config, "check")
    built = mkdocs_build(config, tmp_path / "site")
    assert checked.returncode == 1 and built.returncode == 1
    [line] = [line for line in checked.stderr.splitlines() if "colours" in line]
    assert line.startswith(f"mkdocs.yml: plugins.network.network.colours.{field}: expected a contrast of at least "
                           f"4.5:1 (WCAG AA) for {pair}, ")
    found = re.fullmatch(r".*, found (\d\.\d\d):1", line)
    assert found is not None, line
    ratio = float(found.group(1))
    assert ratio == WHITE_ON_777777 if field == "primary" else ratio < WHITE_ON_777777
    assert line in built.stderr, "the build says what check says"
    assert not (tmp_path / "site").exists(), "nothing is published"


def test_colours_that_text_reads_on_at_aa_pass_check_and_build(tmp_path: Path) -> None:
    colours = '{primary: "#767676", links: "#0b4a7a", footer: "#333"}'
    config = with_colours(examplia_copy(tmp_path / "examplia"), colours)
    assert network_site(config, "check").returncode == 0
    assert mkdocs_build(config, tmp_path / "site").returncode == 0


WANTED = 'expected a colour like "#0b4a7a" (in quotes)'


@pytest.mark.parametrize(("colours", "said"), [
    ("{primary: blue}", f"network.colours.primary: {WANTED}, found 'blue'"),
    ("\n          primary: #0b4a7a", f"network.colours.primary: {WANTED}, found None"),  # YAML reads # as a comment
    ('{header: "#0b4a7a"}', "network.colours.header: expected one of primary, accent, links, footer, "
                            "found a colour not known"),
])
def test_a_colour_written_wrong_is_one_line_naming_it(tmp_path: Path, colours: str, said: str) -> None:
    config = with_colours(examplia_copy(tmp_path / "examplia"), colours)
    checked, built = network_site(config, "check"), mkdocs_build(config, tmp_path / "site")
    assert checked.returncode != 0 and built.returncode != 0
    assert f"plugins.network.{said}" in checked.stderr
    assert f"plugins.network.{said}" in built.stderr
    assert "Traceback" not in checked.stderr + built.stderr


def test_the_stylesheets_own_colours_read_at_aa_where_the_site_uses_them() -> None:
    from generator.content.colours import Colours, contrast_problems

    properties = custom_properties((REPO / "templates" / "assets" / "network.css").read_text(encoding="utf-8"))
    own = Colours(primary=properties["--md-primary-fg-color"], accent=properties["--md-accent-fg-color"],
                  links=properties["--md-typeset-a-color"], footer=properties["--md-footer-bg-color"],
                  given=("primary", "accent", "links", "footer"))
    assert own == Colours(), "the e-mail edition's colours are the stylesheet's"
    assert contrast_problems(own) == []


# --- the staff guide and `new` ----------------------------------------------------------------------------------

def guide_of(tmp_path: Path, languages: str, translations: dict[str, str]) -> tuple[BeautifulSoup, Path]:
    """The built guide of Examplia published in `languages`, its Bangla files replaced by `translations`."""
    config = examplia_copy(tmp_path / "examplia")
    text = config.read_text(encoding="utf-8").replace("languages: [en, bn]", f"languages: {languages}")
    config.write_text(re.sub(r"translations:\n +bn: .*\n", "translations: {}\n", text), encoding="utf-8")
    content = config.parent / "content"
    for translation in content.rglob("*.bn.md"):
        translation.unlink()
    for name, body in translations.items():
        (content / name).write_text(body, encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "site" / "guide" / "index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"), content


def files_named(guide: BeautifulSoup) -> set[str]:
    """The content files the guide names as examples, below content/."""
    return {code.get_text().removeprefix("content/") for code in guide.select("code")
            if re.fullmatch(r"(content/)?[\w./<>-]+\.md", code.get_text())}


@pytest.mark.parametrize("languages", ["[en, fr]", "[en, ar]"])
def test_the_guide_of_a_network_without_bangla_has_no_bangla_and_names_that_networks_own_files(
    tmp_path: Path, languages: str
) -> None:
    code = languages.strip("[]").split(", ")[1]
    guide, content = guide_of(tmp_path, languages, {
        f"news/update-2.{code}.md": "---\ntitle: Deux\nsummary: Deuxième.\nreviewed: true\n---\nTexte.\n",
        f"about.{code}.md": "---\ntitle: À propos\nsummary: Qui.\nreviewed: true\n---\nTexte.\n",
    })
    assert not BENGALI_LETTERS.search(guide.get_text()), "Bangla in the guide of a network that does not publish it"
    named = files_named(guide)
    assert {f"news/update-2.{code}.md", "news/update-2.md", f"about.{code}.md", "about.md"} <= named
    originals = {name for name in named if not re.search(r"\.[a-z]{2}\.md$", name) and "<" not in name}
    assert all((content / name).is_file() for name in originals), originals
    assert f"--lang {code} news/" in guide.get_text()


def test_the_guide_of_a_network_in_one_language_shows_a_translation_of_its_own_files(tmp_path: Path) -> None:
    guide, content = guide_of(tmp_path, "[en]", {})
    assert not BENGALI_LETTERS.search(guide.get_text())
    named = files_named(guide)
    originals = {name for name in named if not re.search(r"\.[a-z]{2}\.md$", name)}
    assert originals and all((content / name).is_file() for name in originals), originals
    assert any(name.endswith(".fr.md") for name in named), "a translation is shown in a language it could add"


def test_a_network_that_publishes_in_bangla_keeps_the_guides_summary_in_bangla(tmp_path: Path) -> None:
    guide, _ = guide_of(tmp_path, "[en, bn]", {})
    assert guide.find("p", lang="bn") is not None


def bangladesh_words() -> set[str]:
    """The ids and short names of the Bangladesh network's TWGs and organizations: words no other network has."""
    words = set()
    for folder in ("twgs", "organizations"):
        for path in (REPO / "content" / folder).glob("*.md"):
            words |= {path.stem, str(front_matter(path).get("short_name", path.stem))}
    return {word for word in words if len(word) > 3}


@pytest.mark.parametrize("kind", ["news", "event", "practice", "twg", "organization", "bulletin"])
def test_new_writes_nothing_of_another_network_into_a_networks_files(tmp_path: Path, kind: str) -> None:
    config = examplia_copy(tmp_path / "examplia")
    before = set((config.parent / "content").rglob("*.md"))
    assert network_site(config, "new", kind, "Sample").returncode == 0
    [written] = set((config.parent / "content").rglob("*.md")) - before
    text = written.read_text(encoding="utf-8")
    found = {word for word in bangladesh_words() if re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)}
    assert found == set(), f"{written.name} names Bangladesh's {sorted(found)}"
