"""English and Bangla side by side, as staff write them and as readers and subscribers get them.

Examplia publishes in English at the root and in Bangla in /bn/; some of its items and pages
are translated (news/update-3.bn.md …), its home page is not. These tests read the files staff
write, the messages they get, and the built site, feeds and calendars a Bangla reader gets.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import jinja2
import jinja2.nodes
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from mkdocs.utils.yaml import yaml_load
from sitebuild import EXAMPLIA, REPO, examplia_copy, front_matter, mkdocs_build

from generator.content.taxonomies import GCM_OBJECTIVES, SDG_STATEMENTS, SDGS
from generator.content.types.organizations import NETWORK_ROLES, ORGANIZATION_KINDS
from generator.content.types.twgs import STATUSES
from generator.graph.strings import table
from generator.outputs.presentation import theme_translations
from generator.outputs.statements import CHECKS
from generator.staff.cli import main as network_site

BANGLA_DIGITS = re.compile("[০-৯]")


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture()
def network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = examplia_copy(tmp_path / "examplia").parent
    monkeypatch.chdir(folder)
    return folder


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = network_site(["check"])
    return status, capsys.readouterr().out.splitlines()[:-1]


# --- what staff write, and what check tells them --------------------------------------------------------------


def test_a_translation_that_restates_a_date_is_told_the_date_comes_from_the_original(
    network: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = network / "content" / "news" / "update-3.bn.md"
    path.write_text(path.read_text(encoding="utf-8").replace("reviewed: true", "reviewed: true\ndate: 2024-03-11"),
                    encoding="utf-8")
    status, lines = check(capsys)
    assert status == 1
    [line] = [line for line in lines if not line.startswith("notice:")]
    assert line == ("content/news/update-3.bn.md:5: date: expected only what is translated: date comes from the "
                    "original content/news/update-3.md, found 'date'")


def test_a_translation_without_its_original_is_a_mistake(network: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (network / "content" / "news" / "update-9.bn.md").write_text("---\ntitle: নয়\nreviewed: false\n---\nলেখা।\n",
                                                                   encoding="utf-8")
    status, [line] = check(capsys)
    assert status == 1
    assert line == ("content/news/update-9.bn.md:1: file: expected a translation beside its original "
                    "content/news/update-9.md, found no such file")


def test_a_translation_that_does_not_say_whether_staff_reviewed_it_is_a_notice_and_a_wrong_answer_a_mistake(
    network: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = network / "content" / "about.bn.md"
    path.write_text(re.sub(r"reviewed: true\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    status, lines = check(capsys)
    assert status == 0 and any(line.startswith("notice: content/about.bn.md: does not say whether") for line in lines)
    path.write_text("---\nreviewed: maybe\n" + path.read_text(encoding="utf-8").removeprefix("---\n"), encoding="utf-8")
    status, lines = check(capsys)
    assert status == 1 and any("content/about.bn.md:2: reviewed: expected true or false" in line for line in lines)


def test_a_translation_into_a_language_the_site_does_not_publish_in_is_named(
    network: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (network / "content" / "about.fr.md").write_text("---\ntitle: À propos\nreviewed: false\n---\nTexte.\n",
                                                       encoding="utf-8")
    status, [line] = check(capsys)
    assert status == 1
    assert line.startswith("content/about.fr.md:1: file: expected a translation into one of the site's languages (bn")
    assert line.endswith("found 'fr'")


def test_an_original_changed_after_its_translation_is_a_notice_not_a_mistake(
    network: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = network / "content" / "news" / "update-3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("round 3.", "round 3, with new figures."),
                    encoding="utf-8")
    status, lines = check(capsys)
    assert status == 0, "the site still builds"
    assert lines == [
        f"notice: content/news/update-3.bn.md: may be out of date: content/news/update-3.md has changed since it "
        f"was translated (once the translation is brought up to date, set translation_of: "
        f"{_version_named(lines[0])} in it)"
    ]


def _version_named(line: str) -> str:
    return line.rsplit("translation_of: ", 1)[1].split(" ", 1)[0]


def test_new_with_a_language_starts_a_translation_staff_finish_before_it_is_published(
    network: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert network_site(["new", "--lang", "bn", "news/update-2"]) == 0
    capsys.readouterr()
    path = network / "content" / "news" / "update-2.bn.md"
    front = front_matter(path)
    original = front_matter(network / "content" / "news" / "update-2.md")
    assert front["title"] == original["title"] and front["reviewed"] is False
    assert "date" not in front, "only what is translated is copied"
    status, [line] = check(capsys)
    assert status == 1 and line.startswith("content/news/update-2.bn.md:") and "placeholder" in line
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(ln for ln in text.splitlines() if not ln.startswith("TODO")) + "\n", encoding="utf-8")
    assert check(capsys) == (0, []), "a finished translation of the current original passes without a notice"


# --- what readers and subscribers get -------------------------------------------------------------------------


def test_each_language_has_its_own_tree_and_an_untranslated_item_only_its_original(examplia_site: Path) -> None:
    translated = front_matter(EXAMPLIA / "content" / "news" / "update-3.bn.md")["title"]
    assert page(examplia_site, "bn/news/update-3").find("h1").get_text(strip=True) == translated
    assert not (examplia_site / "bn" / "news" / "update-1").exists(), "only translated items are rendered twice"
    assert not (examplia_site / "en").exists(), "the default language has no prefix"
    listing = " ".join(path.read_text(encoding="utf-8") for path in (examplia_site / "bn" / "news").rglob("index.html")
                       if "page" in path.parts or path.parent.name == "news")
    assert translated in listing
    assert front_matter(EXAMPLIA / "content" / "news" / "update-1.md")["title"] in listing, \
        "untranslated items are listed in Bangla too"


def test_a_bangla_page_writes_its_dates_in_bangla_month_names_and_digits(examplia_site: Path) -> None:
    text = page(examplia_site, "bn/news/update-3").get_text()
    assert "মার্চ" in text and "২০২৪" in text
    assert "March" not in text


def test_a_language_whose_home_is_not_translated_still_has_a_home(examplia_site: Path) -> None:
    assert (examplia_site / "bn" / "index.html").is_file()


def test_each_language_has_its_feeds_marked_with_its_language(examplia_site: Path) -> None:
    for path, language in (("bn/feed.xml", "bn"), ("bn/news/atom.xml", "bn"), ("feed.xml", "en")):
        feed = feedparser.parse((examplia_site / path).read_bytes())
        assert not feed.bozo, path
        assert feed.feed.get("language", "") == language, path
    bangla = feedparser.parse((examplia_site / "bn" / "news" / "feed.xml").read_bytes())
    title = front_matter(EXAMPLIA / "content" / "news" / "update-3.bn.md")["title"]
    assert title in [entry.title for entry in bangla.entries]
    english = feedparser.parse((examplia_site / "news" / "feed.xml").read_bytes())
    assert not {entry.id for entry in english.entries} & {entry.id for entry in bangla.entries}, \
        "an entry in Bangla is another entry than the English one"


def test_the_bangla_feeds_carry_each_item_s_whole_text_untranslated_ones_in_the_original_from_a_cold_build(
    tmp_path: Path,
) -> None:
    # Built cold, its feeds are made in the process beside the pages, which is handed the Markdown of the items
    # the Bangla pages do not render (an item not translated): its text comes from its Markdown there.
    config = examplia_copy(tmp_path / "examplia")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    bangla = feedparser.parse((tmp_path / "site" / "bn" / "feed.xml").read_bytes())
    text = {entry.link.rstrip("/").rsplit("/", 1)[-1]: BeautifulSoup(entry.content[0].value, "html.parser").get_text()
            for entry in bangla.entries}
    for name in ("update-2.md", "update-3.bn.md"):
        written = (EXAMPLIA / "content" / "news" / name).read_text(encoding="utf-8").rsplit("---", 1)[1]
        last_line = written.strip().splitlines()[-1]
        assert last_line in text[name.split(".")[0]], f"{name}: its text is in its Bangla feed entry"


def test_a_translated_twg_has_feeds_and_a_calendar_in_bangla_beside_its_page(examplia_site: Path) -> None:
    for name in ("feed.xml", "atom.xml", "feed.json", "events.ics"):
        assert (examplia_site / "bn" / "twgs" / "return" / name).is_file(), name
    calendar = Calendar.from_ical((examplia_site / "bn" / "events.ics").read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert front_matter(EXAMPLIA / "content" / "events" / "return-forum.bn.md")["title"] in summaries


def test_a_site_with_one_language_has_no_prefix_and_no_other_tree(network: Path, tmp_path: Path) -> None:
    config = network / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, bn]", "languages: [en]"),
                      encoding="utf-8")
    for translation in (network / "content").rglob("*.bn.md"):
        translation.unlink()
    out = tmp_path / "out"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    assert not (out / "bn").exists() and not (out / "en").exists()


# --- the site's own words: one table per language -------------------------------------------------------------

TEMPLATES = REPO / "templates"
# Sections of a table that only languages other than English have: English takes them from the code (the
# taxonomies' official titles, mkdocs.yml's menu titles), and each other language may translate them.
TRANSLATED_ONLY = ("sdgs.", "sdg_statements.", "gcm.", "nav.")
# Keys a template builds from a field's value ("roles." ~ role): every value the schema allows.
VOCABULARIES = {
    "roles.": NETWORK_ROLES,
    "statuses.": STATUSES,
    "organization_kinds.": tuple(f"{kind}.{part}" for kind in ORGANIZATION_KINDS for part in ("label", "heading")),
    "accessibility.": CHECKS,
}


def strings_named_in_templates() -> tuple[set[str], set[str]]:
    """The keys templates name for `t(…)`, `t.markup(…)`, `words(…)`, and the prefixes of keys they build."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    environment = jinja2.Environment()
    for template in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        tree = environment.parse(template.read_text(encoding="utf-8"))
        for call in tree.find_all(jinja2.nodes.Call):
            callee = call.node
            named = isinstance(callee, jinja2.nodes.Name) and callee.name in ("t", "words")
            method = (isinstance(callee, jinja2.nodes.Getattr) and isinstance(callee.node, jinja2.nodes.Name)
                      and callee.node.name in ("t", "words") and callee.attr in ("markup", "group"))
            if not (named or method) or not call.args:
                continue
            first = call.args[0]
            for found in (first.expr1, first.expr2) if isinstance(first, jinja2.nodes.CondExpr) else (first,):
                if isinstance(found, jinja2.nodes.Const):
                    keys.add(f"{found.value}." if method and callee.attr == "group" else found.value)
                elif isinstance(found, jinja2.nodes.Concat) and isinstance(found.nodes[0], jinja2.nodes.Const):
                    prefixes.add(found.nodes[0].value)
                else:
                    raise AssertionError(f"{template}: a string named in a way this test cannot read: {found}")
    return keys, prefixes


def test_every_word_a_template_names_is_in_the_english_table() -> None:
    english = table("en")
    keys, prefixes = strings_named_in_templates()
    assert len(keys) > 150, "the templates say their words through the table"
    missing = {key for key in keys if key not in english and not any(k.startswith(key) for k in english)}
    assert missing == set(), f"named in templates, missing from generator/strings/en.yml: {sorted(missing)}"
    assert prefixes == set(VOCABULARIES), "a template builds a key this test does not know the values of"
    built = {prefix + value for prefix, values in VOCABULARIES.items() for value in values}
    assert built <= set(english), sorted(built - set(english))


@pytest.mark.parametrize("language", ["bn", "fr", "es", "ar"])
def test_every_language_has_every_word_of_the_english_table_and_nothing_else(language: str) -> None:
    english, other = table("en"), table(language)
    assert sorted(set(english) - set(other)) == [], f"generator/strings/{language}.yml lacks these"
    extra = {key for key in set(other) - set(english) if not key.startswith(TRANSLATED_ONLY)}
    assert extra == set(), f"generator/strings/{language}.yml has words nobody asks for: {sorted(extra)}"
    places = {key: set(re.findall(r"\{(\w+)\}", text)) for key, text in english.items()}
    wrong = {key for key, text in other.items() if key in places and set(re.findall(r"\{(\w+)\}", text)) != places[key]}
    assert wrong == set(), f"these fill other places than the English: {sorted(wrong)}"


@pytest.mark.parametrize("language", ["bn", "fr", "es", "ar"])
def test_a_translation_writes_only_the_numbers_the_english_has_since_babel_writes_the_rest(language: str) -> None:
    english = table("en")
    numbers = {key: sorted(int(n) for n in re.findall(r"\d+", text)) for key, text in table(language).items()}
    wrong = {key for key, found in numbers.items()
             if key in english and found != sorted(int(n) for n in re.findall(r"\d+", english[key]))}
    assert wrong == set(), f"generator/strings/{language}.yml writes numbers of its own in: {sorted(wrong)}"


def examplia_in(languages: list[str], folder: Path) -> Path:
    """Examplia published in `languages` (the default first), its Bangla translations left out; returns the site."""
    config = examplia_copy(folder / "examplia")
    default = languages[0]
    text = config.read_text(encoding="utf-8")
    text = text.replace("languages: [en, bn]", f"languages: [{', '.join(languages)}]")
    text = text.replace("  language: en\n", f"  language: {default}\n")
    text = re.sub(r"translations:\n +bn: .*\n", "translations: {}\n", text)
    config.write_text(text, encoding="utf-8")
    for translation in (config.parent / "content").rglob("*.bn.md"):
        translation.unlink()
    out = folder / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    return out


FRAME = ("header.search_label", "footer.secretariat", "footer.follow_heading", "footer.members", "footer.subscribe",
         "signup.heading", "privacy.title", "accessibility.title")


def frame_words(soup: BeautifulSoup) -> str:
    """What the header and the footer of a page say, their hidden labels and placeholders among it."""
    parts = [soup.select_one("header.md-header"), soup.select_one("footer.md-footer")]
    return " ".join(part.get_text(" ") + " ".join(str(field.get("placeholder", "")) for field in part.select("input"))
                    for part in parts if part is not None)


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_a_site_published_first_in_french_or_arabic_says_its_own_words_in_that_language(
    language: str, direction: str, tmp_path: Path
) -> None:
    site = examplia_in([language, "en"], tmp_path)
    words, english = table(language), table("en")
    home = page(site, ".")
    assert home.find("html")["lang"] == language  # type: ignore[index]
    assert home.find("body")["dir"] == direction  # type: ignore[index]
    frame = frame_words(home)
    for key in FRAME:
        assert words[key] in frame, key
        assert english[key] not in frame, f"{key} is still in English"
    beside = page(site, "en")
    skip = [soup.select_one("a.md-skip").get_text(strip=True) for soup in (home, beside)]  # type: ignore[union-attr]
    assert skip[0] != skip[1], "the theme's own words come in the page's language"
    sdg = page(site, "sdgs/10").find("h1").get_text(" ", strip=True)  # type: ignore[union-attr]
    gcm = page(site, "gcm/21").find("h1").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert words["sdgs.10"] in sdg and words["gcm.21"] in gcm, (sdg, gcm)
    search = page(site, "search")
    assert search.find("h1").get_text(strip=True) == words["pages.search_title"]  # type: ignore[union-attr]
    assert beside.find("html")["lang"] == "en" and beside.find("body")["dir"] == "ltr"  # type: ignore[index]
    assert all(english[key] in frame_words(beside) for key in FRAME), "the English tree keeps its English words"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_french_or_arabic_tree_beside_english_has_its_menu_from_the_table(language: str, tmp_path: Path) -> None:
    site = examplia_in(["en", language], tmp_path)
    words = table(language)
    menu = yaml_load((EXAMPLIA / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    translated = page(site, f"{language}/news")
    entries = [link.get_text(" ", strip=True)
               for link in translated.select(".md-nav--primary > .md-nav__list > li > a")]
    assert entries == [words[f"nav.{next(iter(entry))}"] for entry in menu]
    assert translated.find("html")["lang"] == language  # type: ignore[index]
    assert translated.find("h1").get_text(strip=True) == words["types.news.plural"]  # type: ignore[union-attr]


@pytest.mark.parametrize("language", ["bn", "fr", "es", "ar"])
def test_the_menu_of_the_real_site_has_its_titles_in_each_language(language: str) -> None:
    menu = [next(iter(entry)) for entry in yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]]
    assert {f"nav.{title}" for title in menu} <= set(table(language))


@pytest.mark.parametrize("language", ["bn", "fr", "es", "ar"])
def test_each_translation_names_every_sdg_and_gcm_objective_in_its_own_words(language: str) -> None:
    words = table(language)
    expected = {f"{section}.{n}" for section, count in (("sdgs", len(SDGS)), ("sdg_statements", len(SDG_STATEMENTS)),
                                                         ("gcm", len(GCM_OBJECTIVES))) for n in range(1, count + 1)}
    assert sorted(expected - set(words)) == [], f"generator/strings/{language}.yml lacks these"
    official = {f"{section}.{n}": title for section, titles in (("sdgs", SDGS), ("gcm", GCM_OBJECTIVES))
                for n, title in titles.items()}
    assert {key for key, title in official.items() if words[key] == title} == set(), "a title left in English"


@pytest.mark.parametrize(("code", "found"), [("bn", "bn"), ("bn-IN", "bn"), ("pt-BR", "pt-BR"), ("xx", "en")])
def test_the_themes_own_words_come_in_the_pages_language_its_primary_subtag_or_english(code: str, found: str) -> None:
    languages = {f"partials/languages/{name}.html" for name in ("bn", "en", "pt-BR")}
    assert theme_translations(languages.__contains__, code) == f"partials/languages/{found}.html"


# --- the e-mail edition, in each language a bulletin has -------------------------------------------------------

def test_a_translated_bulletin_has_an_e_mail_edition_in_bangla_with_the_sites_own_words_in_bangla(
    tmp_path: Path,
) -> None:
    config = examplia_copy(tmp_path / "examplia")
    bulletins = config.parent / "content" / "bulletins"
    bulletins.mkdir()
    (bulletins / "1.md").write_text(
        "---\ntitle: Returns and reintegration\nsummary: The first issue.\nnumber: 1\ndate: 2024-03\n"
        "items: [news/update-3, news/update-1]\n---\nWelcome to the first E-Bulletin.\n", encoding="utf-8")
    (bulletins / "1.bn.md").write_text(
        "---\ntitle: প্রত্যাবর্তন ও পুনর্একত্রীকরণ\nsummary: প্রথম সংখ্যা।\nreviewed: true\n---\n"
        "প্রথম ই-বুলেটিনে স্বাগতম।\n", encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    words = table("bn")
    html = BeautifulSoup((out / "bn" / "bulletins" / "1" / "email.html").read_text(encoding="utf-8"), "html.parser")
    text = (out / "bn" / "bulletins" / "1" / "email.txt").read_text(encoding="utf-8")
    assert html.find("html")["lang"] == "bn"  # type: ignore[index]
    heading = html.find("h1").get_text()  # type: ignore[union-attr]
    assert BANGLA_DIGITS.search(heading) and not re.search("[0-9]", heading), heading
    for key in ("email.read_on_web", "bulletins.read_more", "email.unsubscribe"):
        assert words[key] in html.get_text() and words[key] in text, key
    assert words["email.reason"].format(network=front_matter_network(config)) in html.get_text()
    untranslated = front_matter(config.parent / "content" / "news" / "update-1.md")["title"]
    entry = next(cell for cell in html.select("td.entry") if untranslated in cell.get_text())
    assert entry["lang"] == "en" and words["languages.written_in"].format(language="ইংরেজি") in entry.get_text()
    english = (out / "bulletins" / "1" / "email.html").read_text(encoding="utf-8")
    assert not re.search("[\u0980-\u09ff]", english), "the English edition is all English"


def front_matter_network(config: Path) -> str:
    """The network's name in Bangla, as mkdocs.yml gives it."""
    options = next(entry["network"] for entry in yaml_load(config.read_text(encoding="utf-8"))["plugins"]
                   if isinstance(entry, dict) and "network" in entry)
    return str(options["network"]["translations"]["bn"]["name"])
