"""A network's words are the network's: networks in French and in Arabic, each with a second language, built from
their own content and configuration alone, say every word of a page in that page's language.

Each site here is what a communications officer writes: mkdocs.yml, content/ and, where the package's words do not
say what the network says, a file per language in words/ beside mkdocs.yml. Nothing under generator/ or templates/
is touched.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag
from sitebuild import REPO, mistakes, mkdocs_build, network_site

from generator.content.taxonomies import GCM_OBJECTIVES, SDG_STATEMENTS, SDGS
from generator.graph.strings import table
from generator.outputs.presentation import theme_translations

# --- two networks, as their staff write them ------------------------------------------------------------------

FRENCH = {
    "mkdocs.yml": {
        "site_name": "Réseau des Nations Unies sur les migrations en Exemplie",
        "site_url": "https://reseau-migrations.exemplie.test/",
        "docs_dir": "content",
        "theme": {"name": "material", "language": "fr", "font": False},
        "extra_css": ["assets/network.css"],
        # Menu titles in the network's own words: four are the package's French, one ("Le réseau") is not.
        "nav": [{"Accueil": "index.md"}, {"Actualités": "news/index.md"}, {"Événements": "events/index.md"},
                {"Groupes de travail": "twgs/index.md"}, {"Le réseau": "about.md"}],
        "plugins": [{"network": {
            "network": {
                "name": "Réseau des Nations Unies sur les migrations en Exemplie",
                "short_name": "RNUME",
                "founded": "2021-03-15",
                "email": "secretariat@reseau-migrations.exemplie.test",
                "country": "Exemplie",
                "translations": {"en": {"name": "United Nations Network on Migration in Examplia",
                                        "country": "Examplia"}},
            },
            "timezone": "Africa/Dakar",
            "languages": ["fr", "en"],
        }}],
    },
    "words/en.yml": "nav:\n  Le réseau: The network\nshort_names:\n  OIM: IOM\n  GTT-MT: LM-TWG\n"
                    "tags:\n  Migration de main-d'œuvre: Labour migration\n",
    "content/index.md": "---\ntitle: Réseau des Nations Unies sur les migrations en Exemplie\ntemplate: home.html\n"
                        "summary: Le système des Nations Unies, ensemble, sur les migrations en Exemplie.\n---\n"
                        "Bienvenue sur le site du réseau.\n",
    "content/about.md": "---\ntitle: Qui sommes-nous\nsummary: Le réseau et ses membres.\n---\n"
                        "Le réseau a été créé en mars 2021.\n",
    "content/about.en.md": "---\ntitle: Who we are\nsummary: The network and its members.\nreviewed: true\n---\n"
                           "The network was set up in March 2021.\n",
    "content/organizations/oim.md": "---\ntitle: Organisation internationale pour les migrations\nshort_name: OIM\n"
                                    "summary: L'agence des Nations Unies pour les migrations.\nkind: UN agency\n"
                                    "roles: [member, coordinator, secretariat]\n---\n"
                                    "L'OIM coordonne le réseau en Exemplie.\n",
    "content/organizations/ministere-travail.md": "---\ntitle: Ministère du Travail de l'Exemplie\nshort_name: MT\n"
                                                  "summary: Le ministère chargé de la migration de main-d'œuvre.\n"
                                                  "kind: government\n---\nLe ministère conduit la politique.\n",
    "content/twgs/migration-travail.md": "---\ntitle: Groupe de travail sur la migration de main-d'œuvre\n"
                                         "short_name: GTT-MT\nsummary: Pour une migration de travail sûre.\n"
                                         "status: active\nestablished: 2021-06-01\n"
                                         "chair: {organization: oim, term: 2021–2023}\n"
                                         "members: [oim, ministere-travail]\npriorities: [Recrutement équitable]\n---\n"
                                         "Le groupe réunit les agences qui accompagnent les travailleurs migrants.\n",
    "content/news/forum-retour.md": "---\ntitle: Le forum sur le retour a réuni quatre-vingts participants\n"
                                    "summary: Deux journées d'échanges sur le retour et la réintégration.\n"
                                    "date: 2024-03-10\ntwgs: [migration-travail]\n"
                                    "organizations: {organizers: [oim], partners: [ministere-travail]}\n"
                                    "sdgs: [10]\ngcm_objectives: [21]\ntags: [Migration de main-d'œuvre]\n---\n"
                                    "Les participants ont adopté des recommandations.\n",
    "content/news/forum-retour.en.md": "---\ntitle: The return forum brought eighty participants together\n"
                                       "summary: Two days of exchanges on return and reintegration.\nreviewed: true\n"
                                       "---\nParticipants adopted recommendations.\n",
    "content/news/recrutement.md": "---\ntitle: Un guide du recrutement équitable\n"
                                   "summary: Le groupe de travail publie un guide pour les agences de recrutement.\n"
                                   "date: 2024-02-02\ntwgs: [migration-travail]\norganizations: {organizers: [oim]}\n"
                                   "tags: [Migration de main-d'œuvre]\n---\nLe guide est disponible en ligne.\n",
    "content/events/forum-retour.md": "---\ntitle: Forum sur le retour et la réintégration\n"
                                      "summary: Deux journées sur le retour et la réintégration.\n"
                                      "start: 2024-02-20 09:30\nend: 2024-02-21 17:00\n"
                                      "location: {venue: Hôtel de ville, city: Port-Exemple, country: Exemplie}\n"
                                      "organizers: [ministere-travail]\npartners: [oim]\ntwgs: [migration-travail]\n"
                                      "participants: 80\ntheme: Revenir et reconstruire\n---\n"
                                      "Deux journées de discussion.\n",
    "content/events/webinaire.md": "---\ntitle: Webinaire sur le recrutement équitable\n"
                                   "summary: Une heure pour présenter le guide.\nstart: 2024-03-05 10:00\n"
                                   "end: 2024-03-05 11:00\n"
                                   "location: {online: true, url: 'https://visio.exemplie.test/recrutement'}\n"
                                   "organizers: [oim, ministere-travail]\n---\nPrésentation du guide.\n",
}

ARABIC = {
    "mkdocs.yml": {
        "site_name": "شبكة الأمم المتحدة المعنية بالهجرة في إكسمبليا",
        "site_url": "https://migration-network.examplia.test/",
        "docs_dir": "content",
        "theme": {"name": "material", "language": "ar", "font": False},
        "extra_css": ["assets/network.css"],
        # Every title here is the package's Arabic word for a menu entry: the French menu follows with no file.
        "nav": [{"الرئيسية": "index.md"}, {"الأخبار": "news/index.md"}, {"الفعاليات": "events/index.md"},
                {"من نحن": "about.md"}],
        "plugins": [{"network": {
            "network": {
                "name": "شبكة الأمم المتحدة المعنية بالهجرة في إكسمبليا",
                "short_name": "UNNM-EX",
                "founded": "2020-01-10",
                "email": "secretariat@migration-network.examplia.test",
                "country": "إكسمبليا",
                "translations": {"fr": {"name": "Réseau des Nations Unies sur les migrations en Exemplie",
                                        "country": "Exemplie"}},
            },
            "timezone": "Asia/Amman",
            "languages": ["ar", "fr"],
        }}],
    },
    "words/fr.yml": "short_names:\n  IOM: OIM\n",
    "content/index.md": "---\ntitle: شبكة الأمم المتحدة المعنية بالهجرة في إكسمبليا\ntemplate: home.html\n"
                        "summary: منظومة الأمم المتحدة تعمل معاً في مجال الهجرة.\n---\nمرحباً بكم في موقع الشبكة.\n",
    "content/about.md": "---\ntitle: من نحن\nsummary: الشبكة وأعضاؤها.\n---\nأُنشئت الشبكة في كانون الثاني 2020.\n",
    "content/about.fr.md": "---\ntitle: Qui sommes-nous\nsummary: Le réseau et ses membres.\nreviewed: true\n---\n"
                           "Le réseau a été créé en janvier 2020.\n",
    "content/organizations/iom.md": "---\ntitle: المنظمة الدولية للهجرة\nshort_name: IOM\n"
                                    "summary: وكالة الأمم المتحدة للهجرة.\nkind: UN agency\n"
                                    "roles: [member, coordinator, secretariat]\n---\nتنسق المنظمة عمل الشبكة.\n",
    "content/organizations/wizarat-alamal.md": "---\ntitle: وزارة العمل\nsummary: الوزارة المسؤولة عن هجرة العمال.\n"
                                               "kind: government\n---\nتقود الوزارة سياسة هجرة العمال.\n",
    "content/news/muntada.md": "---\ntitle: منتدى العودة يجمع ثمانين مشاركاً\n"
                               "summary: يومان من النقاش حول العودة وإعادة الإدماج.\ndate: 2024-03-10\n"
                               "organizations: {organizers: [iom], partners: [wizarat-alamal]}\n"
                               "sdgs: [10]\ngcm_objectives: [21]\n---\nاعتمد المشاركون توصيات.\n",
    "content/news/muntada.fr.md": "---\ntitle: Le forum sur le retour a réuni quatre-vingts participants\n"
                                  "summary: Deux journées d'échanges sur le retour et la réintégration.\n"
                                  "reviewed: false\n---\nLes participants ont adopté des recommandations.\n",
    "content/news/dalil.md": "---\ntitle: دليل التوظيف العادل\nsummary: دليل جديد لوكالات التوظيف.\n"
                             "date: 2024-02-02\norganizations: {organizers: [iom]}\n---\nالدليل متاح على الإنترنت.\n",
    "content/events/muntada.md": "---\ntitle: منتدى العودة وإعادة الإدماج\nsummary: يومان حول العودة وإعادة الإدماج.\n"
                                 "start: 2024-02-20 09:30\nend: 2024-02-21 17:00\n"
                                 "location: {venue: مبنى البلدية, city: بورت إكسمبل, country: إكسمبليا}\n"
                                 "organizers: [wizarat-alamal]\npartners: [iom]\nparticipants: 80\n---\n"
                                 "يومان من النقاش.\n",
}


def write_network(folder: Path, files: dict[str, Any]) -> Path:
    """The network's repository in `folder` (its mkdocs.yml pointing at our templates); returns its mkdocs.yml."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == "mkdocs.yml":
            config = {**text, "theme": {**text["theme"], "custom_dir": str(REPO / "templates")}}
            text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    return folder / "mkdocs.yml"


def built(folder: Path, files: dict[str, Any]) -> Path:
    config = write_network(folder / "network", files)
    result = mkdocs_build(config, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory.mktemp("french"), FRENCH)


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory.mktemp("arabic"), ARABIC)


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- what a page says in its own language ----------------------------------------------------------------------

READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
# Names of formats, the same in every language, that no table translates.
FORMAT_NAMES = frozenset({"rss", "atom", "json", "feed", "icalendar", "ics"})
WORD = re.compile(r"[^\W\d_]{2,}")


def own_language_text(soup: BeautifulSoup) -> Iterator[str]:
    """What a page says in its own language: every text and read-out attribute not marked as in another one."""
    language = soup.find("html")["lang"]  # type: ignore[index]
    body = soup.find("body")
    assert isinstance(body, Tag)
    for element in [body, *body.find_all(True)]:
        if element.name in ("script", "style", "svg", "code", "pre"):
            continue
        marked = element if element.has_attr("lang") else element.find_parent(lambda tag: tag.has_attr("lang"))
        if marked is not None and marked["lang"] != language:
            continue
        for child in element.children:
            if type(child) is NavigableString:  # not a comment, which no reader sees
                yield str(child)
        yield from (str(element[name]) for name in READ_ATTRIBUTES if element.has_attr(name))


def words_of(texts: Iterator[str] | list[str]) -> set[str]:
    return {word.casefold() for text in texts for word in WORD.findall(text)}


def interface_words(code: str) -> set[str]:
    """Every word the site's interface says in a language: the package's table, and mkdocs-material's own words.

    English's table leaves out the SDGs' and GCM objectives' titles (the official English, in taxonomies) and the
    menu's titles (the keys of the other tables' `nav.` words).
    """
    texts = list(table(code).values())
    if code == "en":  # the official English titles, and the menu's English titles the other tables are keyed by
        texts += [*SDGS.values(), *SDG_STATEMENTS.values(), *GCM_OBJECTIVES.values()]
        texts += [key.removeprefix("nav.") for key in table("fr") if key.startswith("nav.")]
    import material

    languages = Path(material.__file__).parent / "templates"
    theme = languages / theme_translations(lambda name: (languages / name).is_file(), code)
    texts += re.findall(r'^  "[^"]+": "([^"]*)"', theme.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return words_of(texts)


def pages_of(site: Path) -> dict[str, BeautifulSoup]:
    """Every page readers reach (not the editor, not the staff guide written for staff in English)."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix()
        if url.split("/")[0] == "admin" or "guide" in url.split("/"):
            continue
        found[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return found


def written_in(files: dict[str, Any], code: str) -> set[str]:
    """Every word the network itself wrote in a language: its content there, its names and menu, its words file."""
    config = files["mkdocs.yml"]
    options = config["plugins"][0]["network"]
    default = options["languages"][0]
    texts: list[str] = [files.get(f"words/{code}.yml", "")]
    for name, text in files.items():
        if name.startswith("content/"):
            suffix = Path(name).suffixes
            language = suffix[0].lstrip(".") if len(suffix) > 1 else default
            texts += [text] if language == code else []
    if code == default:
        texts += [config["site_name"], options["network"]["name"], options["network"]["country"]]
        texts += [title for entry in config["nav"] for title in entry]
    else:
        texts += list(options["network"]["translations"].get(code, {}).values())
    return words_of(texts)


def interface_words_out_of_place(site: Path, files: dict[str, Any]) -> dict[str, set[str]]:
    """For each page, the words it says in its own language that only another language says.

    Another language's words are those of its table (the package's and mkdocs-material's), those the network wrote
    in it, and those its own pages say in it, as built: a word hard-coded in a template shows on every page, in any
    language, and so is found on the other language's pages too. Words the page's own language also has (in its
    table, or written by the network in it) are not counted: a French word may happen to be an English one.
    """
    pages = pages_of(site)
    said: dict[str, set[str]] = {}
    for soup in pages.values():
        code = soup.find("html")["lang"]  # type: ignore[index]
        said.setdefault(code, set()).update(words_of(list(own_language_text(soup))))
    shipped = [path.stem for path in (REPO / "generator" / "strings").glob("*.yml")]
    own = {code: interface_words(code) | written_in(files, code) for code in {*shipped, *said}}
    # The network's short name, e-mail and site address are the same in every language.
    network = files["mkdocs.yml"]["plugins"][0]["network"]["network"]
    addresses = words_of([network["short_name"], network["email"], files["mkdocs.yml"]["site_url"]])
    found = {}
    for url, soup in pages.items():
        code = soup.find("html")["lang"]  # type: ignore[index]
        others: set[str] = set()
        for other in {*shipped, *said} - {code}:
            others |= own[other] | said.get(other, set())
        out_of_place = words_of(list(own_language_text(soup))) & (others - own[code] - FORMAT_NAMES - addresses)
        if out_of_place:
            found[url] = out_of_place
    return found


def test_a_french_network_with_english_beside_says_each_pages_words_in_that_pages_language(french_site: Path) -> None:
    pages = pages_of(french_site)
    assert {soup.find("html")["lang"] for soup in pages.values()} == {"fr", "en"}  # type: ignore[index]
    assert len(pages) > 60, "listings, items, topics and the English tree are all scanned"
    assert interface_words_out_of_place(french_site, FRENCH) == {}


def test_an_arabic_network_with_french_beside_says_each_pages_words_in_that_pages_language(arabic_site: Path) -> None:
    pages = pages_of(arabic_site)
    assert {soup.find("html")["lang"] for soup in pages.values()} == {"ar", "fr"}  # type: ignore[index]
    assert interface_words_out_of_place(arabic_site, ARABIC) == {}


def test_the_scan_finds_a_word_a_template_would_type_in_english_on_a_french_page(
    french_site: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(french_site, copy)
    about = copy / "about" / "index.html"
    soup = BeautifulSoup(about.read_text(encoding="utf-8"), "html.parser")
    footer = soup.find("footer")
    assert isinstance(footer, Tag)
    footer.append(" Upcoming ")  # what a template typing its own English would publish
    about.write_text(str(soup), encoding="utf-8")
    assert interface_words_out_of_place(copy, FRENCH) == {"about": {"upcoming"}}


# --- the menu, the names and the sentences about languages -----------------------------------------------------

def menu(soup: BeautifulSoup) -> list[str]:
    return [link.get_text(" ", strip=True) for link in soup.select(".md-nav--primary > .md-nav__list > li > a")]


def test_a_french_network_has_its_menu_in_french_and_in_english_from_its_words(french_site: Path) -> None:
    assert menu(page(french_site, ".")) == ["Accueil", "Actualités", "Événements", "Groupes de travail", "Le réseau"]
    assert menu(page(french_site, "en")) == ["Home", "News", "Events", "TWGs", "The network"]


def test_an_arabic_network_has_its_french_menu_from_the_packages_words_alone(arabic_site: Path) -> None:
    french = table("fr")
    assert menu(page(arabic_site, "fr")) == [french[f"nav.{entry}"] for entry in ("Home", "News", "Events", "About")]


def test_generated_pages_of_a_french_network_are_titled_in_french(french_site: Path) -> None:
    words = table("fr")
    for url, key in (("news", "types.news.plural"), ("events", "types.events.plural"),
                     ("search", "pages.search_title"), ("archive", "pages.archive_title")):
        soup = page(french_site, url)
        assert soup.find("h1").get_text(strip=True) == words[key], url  # type: ignore[union-attr]
        assert soup.find("title").get_text().startswith(words[key]), url  # type: ignore[union-attr]


def test_short_names_and_tags_read_in_the_pages_language_from_the_networks_words(french_site: Path) -> None:
    french, english = page(french_site, "news/forum-retour"), page(french_site, "en/news/forum-retour")
    assert "OIM" in french.get_text() and "IOM" not in french.get_text()
    assert "IOM" in english.get_text() and "OIM" not in english.get_text()
    tag = english.select_one("a.nw-tag")
    assert tag is not None and tag.get_text() == "Labour migration" and not tag.has_attr("lang")
    assert (french_site / "en" / "tags" / "labour-migration" / "index.html").is_file()
    chair = page(french_site, "en/twgs").get_text(" ")
    assert "IOM" in chair


def test_the_network_names_itself_in_the_default_language_from_its_translations(tmp_path: Path) -> None:
    files = {**FRENCH, "mkdocs.yml": {**FRENCH["mkdocs.yml"], "site_name": "UN Network on Migration in Examplia"}}
    options = files["mkdocs.yml"]["plugins"][0]["network"]
    options["network"] = {**options["network"], "name": "UN Network on Migration in Examplia",
                          "translations": {"fr": {"name": "Réseau des Nations Unies en Exemplie"}}}
    site = built(tmp_path, files)
    header = page(site, "news").select_one("header")
    assert header is not None and "Réseau des Nations Unies en Exemplie" in header.get_text()
    assert "UN Network on Migration in Examplia" in page(site, "en/news").select_one("header").get_text()  # type: ignore[union-attr]


def test_cards_of_untranslated_items_name_the_language_they_are_written_in(french_site: Path) -> None:
    labels = [label.get_text(strip=True) for label in page(french_site, "en/news").select(".nw-language-label")]
    assert labels and set(labels) == {"In French"}, labels
    switch = page(french_site, "news/recrutement").select_one("a.nw-languages__link")
    assert switch is not None and switch["lang"] == "en" and "English" in switch["title"]


def test_an_events_time_names_its_zone_by_its_city_in_the_pages_language(
    french_site: Path, arabic_site: Path
) -> None:
    french = page(french_site, "events/forum-retour").get_text()
    assert "heure de Dakar" in french and "Africa/Dakar" not in french
    arabic = page(arabic_site, "events/muntada").get_text()
    assert "عمّان" in arabic and "Asia/Amman" not in arabic


def test_french_punctuation_and_quotes_come_from_the_french_words(french_site: Path) -> None:
    event = page(french_site, "events/forum-retour")
    assert "«\u00a0Revenir et reconstruire\u00a0»" in event.get_text()
    labels = [span.get_text() for span in event.select("dt .nw-sr-only")]
    assert labels and set(labels) == {"\u00a0: "}, labels


def test_feed_titles_follow_the_word_order_of_the_feeds_language(french_site: Path) -> None:
    import feedparser

    title = feedparser.parse(str(french_site / "events" / "feed.xml")).feed.title
    assert title == f"{table('fr')['types.events.plural']} (RNUME)"


# --- missing and mistaken words, told at check and build alike -------------------------------------------------

def told(config: Path, out: Path) -> tuple[set[str], set[str]]:
    check = network_site(config, "check")
    build = mkdocs_build(config, out)
    assert check.returncode != 0 and build.returncode != 0
    assert not (out / "index.html").exists(), "nothing is published"
    assert "Traceback" not in check.stderr + check.stdout + build.stderr
    return mistakes(check.stdout + check.stderr), mistakes(build.stderr)


def test_a_language_the_package_has_no_words_for_is_told_at_check_and_build_with_the_file_to_write(
    tmp_path: Path,
) -> None:
    files = {**FRENCH, "mkdocs.yml": {**FRENCH["mkdocs.yml"]}}
    options = files["mkdocs.yml"]["plugins"][0]["network"]
    files["mkdocs.yml"]["plugins"] = [{"network": {**options, "languages": ["fr", "en", "de"]}}]
    config = write_network(tmp_path / "network", files)
    checked, building = told(config, tmp_path / "site")
    assert checked == building
    german = [line for line in checked if "(de)" in line]
    assert len(german) == 1 and "words/de.yml" in german[0] and "generator/strings/en.yml" in german[0], checked
    assert re.search(r"found \d{3} missing", german[0])


def test_a_menu_title_no_table_gives_is_told_with_its_key(tmp_path: Path) -> None:
    files = {name: text for name, text in FRENCH.items() if name != "words/en.yml"}
    checked, building = told(write_network(tmp_path / "network", files), tmp_path / "site")
    assert checked == building
    assert any("(en)" in line and "found 1 missing: nav.Le réseau" in line for line in checked), checked


def test_a_network_type_without_its_words_in_french_is_told_not_a_traceback(tmp_path: Path) -> None:
    files = {**FRENCH, "words/en.yml": FRENCH["words/en.yml"] + "events:\n  booking: Book your place\n"}
    checked, building = told(write_network(tmp_path / "network", files), tmp_path / "site")
    assert checked == building
    assert any("(fr)" in line and "events.booking" in line for line in checked), checked


def test_a_misspelt_key_or_a_wrong_place_in_the_networks_words_is_a_mistake_at_its_line(tmp_path: Path) -> None:
    files = {**FRENCH, "words/fr.yml": "header:\n  serch_label: Chercher\npages:\n"
                                       "  listing_description: \"{lable} du {network}.\"\n",
             "words/de.yml": "header:\n  menu: Menü\n", "words/README.md": "Our words.\n"}
    checked, building = told(write_network(tmp_path / "network", files), tmp_path / "site")
    assert checked == building
    assert any(line.endswith("fr.yml:2: header.serch_label: expected a key of the English words "
                             "(generator/strings/en.yml, or words/en.yml for the network's own), "
                             "found 'header.serch_label'") for line in checked), checked
    assert any("fr.yml:4: pages.listing_description: expected only the places the English fills" in line
               for line in checked), checked
    assert any(line.endswith("de.yml:1: file: expected one file per published language, named like fr.yml "
                             "(fr, en), found 'de.yml'") for line in checked), checked
    assert len(checked) == 3, "a note beside the words is not words"


def test_the_networks_words_override_the_packages_key_by_key(tmp_path: Path) -> None:
    files = {**FRENCH, "words/fr.yml": "header:\n  search_label: Chercher dans le site du réseau\n"}
    site = built(tmp_path, files)
    header = page(site, ".").select_one("header")
    assert header is not None and "Chercher dans le site du réseau" in header.get_text(" ")
    assert table("fr")["header.menu"] in header.get_text(" "), "the other words stay the package's"


def test_a_networks_own_type_brings_its_words_and_is_told_where_a_language_lacks_them(tmp_path: Path) -> None:
    from test_registry import DECLARATION

    network = tmp_path / "network"
    shutil.copytree(REPO / "templates", network / "templates")
    (network / "publications.py").write_text(DECLARATION.replace("{target}", "twgs"), encoding="utf-8")
    (network / "templates" / "items" / "publications.html").write_text(
        '{% extends "main.html" %}\n{% block item %}<article class="nw-item"><h1>{{ item.title | e }}</h1>'
        '<p class="download">{{ t("publications.download") }}</p></article>{% endblock %}\n', encoding="utf-8")
    config = dict(FRENCH["mkdocs.yml"])
    options = config["plugins"][0]["network"]
    config["plugins"] = [{"network": {**options, "content_types": ["publications"]}}]
    files = {**FRENCH, "mkdocs.yml": config,
             "words/en.yml": FRENCH["words/en.yml"] + "publications:\n  download: Download the publication\n",
             "content/files/guide.pdf": "%PDF-1.4\n%%EOF\n",
             "content/publications/guide.md": "---\ntitle: Guide du recrutement équitable\nsummary: Le guide.\n"
                                              "date: 2024-03-01\nfile: files/guide.pdf\n---\nLe guide.\n"}
    config_file = write_network(network, files)
    text = config_file.read_text(encoding="utf-8").replace(str(REPO / "templates"), "templates")
    config_file.write_text(text, encoding="utf-8")
    checked, building = told(config_file, tmp_path / "site")
    assert checked == building
    assert [line for line in checked if "(fr)" in line] == [
        f"{network / 'words' / 'fr.yml'}:1: words in français (fr): expected every word a page in this language says, "
        "found 3 missing: publications.download, types.publications.label, types.publications.plural"], checked

    (network / "words" / "fr.yml").write_text(
        "types:\n  publications: {label: Publication, plural: Publications}\n"
        "publications:\n  download: Télécharger la publication\n", encoding="utf-8")
    result = mkdocs_build(config_file, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    french = page(tmp_path / "site", "publications/guide").select_one("p.download")
    assert french is not None and french.get_text() == "Télécharger la publication"


def test_feed_entries_and_calendar_entries_of_a_french_network_state_an_events_facts_in_french(
    french_site: Path,
) -> None:
    import feedparser
    from icalendar import Calendar

    words = table("fr")
    entry = next(entry for entry in feedparser.parse(str(french_site / "events" / "feed.xml")).entries
                 if entry.title.startswith("Webinaire"))
    facts = BeautifulSoup(entry.content[0].value, "html.parser").get_text()
    assert f"{words['events.when']}\u00a0:" in facts and f"{words['events.where']}\u00a0:" in facts, facts
    assert words["events.online"] in facts and "Online" not in facts
    calendar = Calendar.from_ical((french_site / "events.ics").read_bytes())
    webinar = next(event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]).startswith("Webinaire"))
    assert str(webinar["LOCATION"]) == words["events.online"]
    description = str(webinar["DESCRIPTION"])
    assert words["calendars.join_online"].format(url="https://visio.exemplie.test/recrutement") in description
    assert words["calendars.organised_by"].format(
        organizations="Organisation internationale pour les migrations, Ministère du Travail de l'Exemplie") \
        in description


def test_a_card_says_the_same_on_every_page_of_a_language_and_each_languages_own_words(french_site: Path) -> None:
    def card(url: str) -> Tag:
        link = page(french_site, url).select_one(".nw-card__title a[href$='recrutement/']")
        assert link is not None, url
        found = link.find_parent("article")
        assert isinstance(found, Tag)
        return found

    def said(found: Tag) -> tuple[object, ...]:
        label, time = found.select_one(".nw-language-label"), found.select_one(".nw-card__date time")
        assert time is not None
        return (found.get("lang"), label and label.get_text(strip=True), time["datetime"], time.get_text())

    english, french = [said(card(url)) for url in ("en/news", "en")], [said(card(url)) for url in ("news", "")]
    assert english[0] == english[1] and french[0] == french[1], (english, french)
    item_page = page(french_site, "news/recrutement").select_one(".nw-meta time")
    assert item_page is not None and french[0] == (None, None, item_page["datetime"], item_page.get_text())
    assert english[0][:3] == ("fr", "In French", item_page["datetime"]) and english[0][3] != french[0][3]
