"""A network's designer edits templates, which is how networks make the site their own: the caches never publish
a page that a build without them would not.

Each test builds a copy of the example network with its own templates (a copy of ours, edited as a designer
would) with shared parts and the build cache on, and again with both off, and compares every file byte for byte;
or, where a template reads what no cache can be keyed by, sees the build stop with one line naming it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import html
from sitebuild import FIXED_EPOCH, REPO, examplia_copy, mkdocs_build

DAY = 24 * 60 * 60
CACHE = Path(".cache") / "network-site"


def _network(folder: Path) -> Path:
    """The example network with templates of its own (ours, copied beside its mkdocs.yml); its mkdocs.yml."""
    config = examplia_copy(folder)
    shutil.copytree(REPO / "templates", folder / "templates")
    text = config.read_text(encoding="utf-8").replace(str(REPO / "templates"), str(folder / "templates"))
    config.write_text(text, encoding="utf-8")
    return config


def _without_caches(config: Path) -> Path:
    """The same network's mkdocs.yml with shared parts and the build cache turned off."""
    plain = config.with_name("without-caches.yml")
    text = config.read_text(encoding="utf-8")
    plain.write_text(text.replace("  - network:\n", "  - network:\n      shared_parts: false\n      cache: false\n", 1),
                     encoding="utf-8")
    return plain


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(config: Path, out: Path, epoch: str = FIXED_EPOCH) -> None:
    result = mkdocs_build(config, out, epoch=epoch)
    assert result.returncode == 0, result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _same_as_without_caches(config: Path, built: Path, tmp_path: Path, epoch: str = FIXED_EPOCH) -> None:
    _build(_without_caches(config), tmp_path / "without-caches", epoch)
    cached, plain = _files(built), _files(tmp_path / "without-caches")
    assert cached.keys() == plain.keys()
    differing = [name for name in cached if cached[name] != plain[name]]
    assert differing == [], f"{len(differing)} files differ, among them {differing[:5]}"


def _texts(page: Path, class_name: str) -> list[str]:
    """The text of every element of the page with the class, as a reader sees it."""
    tree = html.fromstring(page.read_bytes())
    return [element.text_content().strip() for element in tree.find_class(class_name)]


def test_a_footer_that_shows_the_page_title_publishes_each_pages_own_title(tmp_path: Path) -> None:
    config = _network(tmp_path / "examplia")
    _edit(config.parent / "templates" / "partials" / "footer.html", '<footer class="md-footer nw-footer">',
          '<footer class="md-footer nw-footer"><p class="nw-footer__page">{{ page.title }}</p>')
    _build(config, tmp_path / "cold")
    _build(config, tmp_path / "warm")
    site = tmp_path / "warm"
    assert _texts(site / "about" / "index.html", "nw-footer__page") != _texts(site / "news" / "index.html",
                                                                              "nw-footer__page")
    _same_as_without_caches(config, site, tmp_path)


def test_a_card_that_shows_how_many_days_away_an_event_is_counts_from_the_day_of_each_build(tmp_path: Path) -> None:
    config = _network(tmp_path / "examplia")
    _edit(config.parent / "templates" / "partials" / "network.html", '<p class="nw-card__kind"',
          '{% if item.kind == "events" %}<p class="nw-card__days">{{ (item.start - graph.settings.now).days }} days '
          'away</p>{% endif %}<p class="nw-card__kind"')
    _build(config, tmp_path / "first day")
    later = str(int(FIXED_EPOCH) + 3 * DAY)
    _build(config, tmp_path / "three days later", later)  # the cache the first day's build left
    days = {tuple(_texts(tmp_path / name / "events" / "index.html", "nw-card__days"))
            for name in ("first day", "three days later")}
    assert len(days) == 2
    _same_as_without_caches(config, tmp_path / "three days later", tmp_path, later)


def test_a_networks_own_card_that_names_the_page_it_is_on_and_its_next_edit_publish_as_without_caches(
        tmp_path: Path) -> None:
    config = _network(tmp_path / "examplia")
    card = config.parent / "templates" / "partials" / "network.html"
    _edit(card, '<p class="nw-card__kind"', '<p class="nw-card__on">On {{ page.title }}</p><p class="nw-card__kind"')
    _build(config, tmp_path / "first")
    assert len(set(_texts(tmp_path / "first" / "index.html", "nw-card__on"))) == 1
    assert _texts(tmp_path / "first" / "index.html", "nw-card__on") != _texts(
        tmp_path / "first" / "news" / "index.html", "nw-card__on")
    _same_as_without_caches(config, tmp_path / "first", tmp_path)
    # The designer changes the override again: the warm build takes the new one everywhere.
    _edit(card, "On {{ page.title }}", "Seen on {{ page.title }}")
    _build(config, tmp_path / "edited")
    assert all(text.startswith("Seen on") for text in _texts(tmp_path / "edited" / "index.html", "nw-card__on"))
    _same_as_without_caches(config, tmp_path / "edited", tmp_path)


def test_an_event_that_is_over_by_the_next_build_is_published_as_past_by_a_warm_build(tmp_path: Path) -> None:
    config = _network(tmp_path / "examplia")
    start = int(FIXED_EPOCH) + DAY
    (config.parent / "content" / "events" / "harvest-dialogue.md").write_text(
        "---\ntitle: Harvest dialogue\nsummary: Workers and employers meet.\nstart: 2025-11-23 10:00\n"
        "end: 2025-11-23 16:00\nannounced: 2025-11-01\nlocation: {city: Port Example}\n---\nA day of talks.\n",
        encoding="utf-8")
    _build(config, tmp_path / "before", str(start - DAY))
    _build(config, tmp_path / "after", str(start + 2 * DAY))  # the cache the build before left
    listing = Path("events") / "index.html"
    # It moved from the upcoming events to the past ones.
    assert (tmp_path / "before" / listing).read_bytes() != (tmp_path / "after" / listing).read_bytes()
    _same_as_without_caches(config, tmp_path / "after", tmp_path, str(start + 2 * DAY))


def test_a_card_that_reads_the_page_through_its_templates_own_variable_shows_each_page_its_own(tmp_path: Path) -> None:
    config = _network(tmp_path / "examplia")
    card = config.parent / "templates" / "partials" / "network.html"
    _edit(card, "{% macro when(item) -%}", "{% set current = page %}{% macro when(item) -%}")
    _edit(card, '<p class="nw-card__kind"', '<p class="nw-card__on">{{ current.title }}</p><p class="nw-card__kind"')
    _build(config, tmp_path / "site")
    on_home, on_news = (_texts(tmp_path / "site" / page, "nw-card__on") for page in ("index.html", "news/index.html"))
    assert len(set(on_home)) == len(set(on_news)) == 1 and on_home[0] != on_news[0]
    _same_as_without_caches(config, tmp_path / "site", tmp_path)


def test_the_header_reading_the_page_through_a_variable_its_words_template_holds_stops_the_build_with_one_line(
        tmp_path: Path) -> None:
    config = _network(tmp_path / "examplia")
    words = config.parent / "templates" / "partials" / "language.html"
    _edit(words, "{% macro t(key) %}",
          "{% set current = page %}{% macro t(key) %}{% if current %}{{ current.title }}{% endif %}")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    said = [line for line in result.stderr.splitlines() if "partials/language.html" in line]
    assert len(said) == 1, result.stderr
    assert "current" in said[0] and "cannot be keyed" in said[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
