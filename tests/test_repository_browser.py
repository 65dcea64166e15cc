"""The Repository of Practices as a programme officer uses it, in a real Chromium.

With JavaScript the facets are checkboxes with live counts, free-text search and sorting, and the
address keeps the filters; without it, every facet value is a static page that leads to its
practices. What each practice should be found under is read from its Markdown file, not from the
generator.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from browser import DESKTOP, PHONE, serving
from playwright.sync_api import Browser, Locator, Page, expect
from sitebuild import REPO, front_matter, mkdocs_build

CONTENT = REPO / "content"
ARTIFACTS = REPO / "tests" / "artifacts"
# The network's own record in the Repository of Practices (seed document 5).
BDUNNM_PRACTICE = CONTENT / "practices" / "bangladesh-un-network-on-migration.md"
INDEX = "practices/"
SHOWN_TITLES = ".nw-practices > .nw-card:not([hidden]) .nw-card__title"


@dataclass(frozen=True)
class Value:
    """One facet value a practice should be found under, as a reader sees its label."""

    facet: str
    label: str
    # GCM objectives and SDGs are labelled with a number then their official title: matched by the number.
    prefix: bool = False

    def matches(self, label: str) -> bool:
        return label.startswith(self.label) if self.prefix else label == self.label

    def __str__(self) -> str:
        return f"{self.facet}={self.label}"


def short_name(content: Path, folder: str, ident: str) -> str:
    """How a TWG or organization is labelled: its short name, else its title."""
    data = front_matter(content / folder / f"{ident}.md")
    return str(data.get("short_name") or data["title"])


def practice_values(path: Path, content: Path = CONTENT) -> list[Value]:
    """Every facet value the practice in `path` belongs to, read from its front matter."""
    data = front_matter(path)
    period = data["period"]
    last = period.get("end") or data["date_submitted"]
    organizations = [*data["main_implementing_organizations"], *data.get("partner_donor_organizations", [])]
    return [
        *(Value("type", kind) for kind in data["type_of_practice"]),
        *(Value("twg", short_name(content, "twgs", twg)) for twg in data.get("twgs", [])),
        *(Value("organization", short_name(content, "organizations", org)) for org in dict.fromkeys(organizations)),
        *(Value("gcm", f"{n}. ", prefix=True) for n in data.get("gcm_objectives", [])),
        *(Value("sdg", f"SDG {n}:", prefix=True) for n in data.get("sdgs", [])),
        *(Value("country", country) for country in data["countries"]),
        # An ongoing practice counts in every year up to its submission.
        *(Value("year", str(year)) for year in range(period["start"].year, last.year + 1)),
    ]


PRACTICE = front_matter(BDUNNM_PRACTICE)
VALUES = practice_values(BDUNNM_PRACTICE)


@pytest.fixture
def tab(session_browser: Browser) -> Iterator[Page]:
    page = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    yield page
    page.close()


def open_repository(page: Page, url: str) -> None:
    """The repository index, once its script has turned the facet links into checkboxes."""
    # The script is deferred, so it has run by DOMContentLoaded; pictures and fonts need not be awaited.
    page.goto(url, wait_until="domcontentloaded")
    expect(page.locator(".nw-controls")).to_be_visible()
    expect(page.locator(".nw-facet input[type=checkbox]").first).to_be_attached()


def facet_label(page: Page, value: Value) -> Locator:
    """The one label (with JavaScript) or link (without) of this facet value."""
    section = page.locator(f".nw-facet[data-facet={value.facet}]")
    expect(section, f"no {value.facet} facet").to_have_count(1)
    rows = section.locator("label, a.nw-facet-link")
    texts = [text.strip() for text in rows.all_inner_texts()]
    found = [i for i, text in enumerate(texts) if value.matches(text)]
    assert len(found) == 1, f"{value}: expected one such value among {texts}"
    return rows.nth(found[0])


def box_of(label: Locator) -> Locator:
    """The checkbox a label is for."""
    return label.page.locator(f"input#{label.get_attribute('for')}")


def count_beside(label: Locator) -> int:
    """The number printed beside a facet value: '(3)' is 3."""
    text = label.locator("xpath=..").locator(".nw-count").inner_text()
    match = re.fullmatch(r"\((\d+)\)", text.strip())
    assert match, f"the count beside {label.inner_text()!r} reads {text!r}"
    return int(match.group(1))


def shown(page: Page) -> list[str]:
    """The titles of the practices on show, in the order shown."""
    return [title.strip() for title in page.locator(SHOWN_TITLES).all_inner_texts()]


def filters(page: Page) -> dict[str, list[str]]:
    """The filters the address carries in its query string."""
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize("value", VALUES, ids=str)
def test_ticking_a_facet_value_of_the_practice_shows_it_counts_it_and_keeps_it_in_the_address(
    session_browser: Browser, tab: Page, real_root: str, value: Value
) -> None:
    open_repository(tab, real_root + INDEX)
    label = facet_label(tab, value)
    label.click()
    box = box_of(label)
    expect(box).to_be_checked()
    titles = shown(tab)
    assert PRACTICE["title"] in titles
    assert count_beside(label) == len(titles)
    expect(tab.locator(".nw-results-count")).to_contain_text(str(len(titles)))
    assert box.get_attribute("value") in filters(tab).get(value.facet, []), tab.url

    again = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        open_repository(again, tab.url)
        expect(box_of(facet_label(again, value))).to_be_checked()
        assert again.locator(".nw-facet input:checked").count() == 1
        assert shown(again) == titles
        assert count_beside(facet_label(again, value)) == len(titles)
    finally:
        again.close()


def test_every_facet_of_the_practice_is_offered_and_ticking_them_all_still_finds_it(tab: Page, real_root: str) -> None:
    open_repository(tab, real_root + INDEX)
    offered = {section.get_attribute("data-facet") for section in tab.locator(".nw-facet").all()}
    assert {value.facet for value in VALUES} <= offered
    for facet in sorted({value.facet for value in VALUES}):
        # One value per facet: across facets every condition must hold, and the practice meets them all.
        facet_label(tab, next(value for value in VALUES if value.facet == facet)).click()
    assert shown(tab) == [PRACTICE["title"]]
    assert set(filters(tab)) == {value.facet for value in VALUES}


def test_a_word_from_the_summary_finds_the_practice_and_nonsense_finds_none_with_a_way_out(
    tab: Page, real_root: str
) -> None:
    open_repository(tab, real_root + INDEX)
    everything = shown(tab)
    word = max(re.findall(r"[A-Za-z]{5,}", PRACTICE["summary"]), key=len)
    tab.get_by_label("Search practices").fill(word.lower())
    assert PRACTICE["title"] in shown(tab)
    assert filters(tab)["q"] == [word.lower()]

    tab.get_by_label("Search practices").fill("qzxwvoorblat")
    expect(tab.locator(SHOWN_TITLES)).to_have_count(0)
    message = tab.locator(".nw-results-count").inner_text()
    assert "no practice" in message.lower() and "clear" in message.lower(), message
    tab.get_by_role("button", name="Clear filters").click()
    assert shown(tab) == everything


def test_a_network_with_no_practice_yet_says_so_and_offers_no_filter_that_would_find_none(
    tab: Page, examplia_site: Path
) -> None:
    assert not (REPO / "tests" / "fixtures" / "examplia" / "content" / "practices").exists(), "Examplia has practices"
    words = yaml.safe_load((REPO / "generator" / "strings" / "en.yml").read_text(encoding="utf-8"))
    with serving(examplia_site) as root:
        tab.goto(root + INDEX)
        main = tab.locator("main")
        expect(main).to_contain_text(words["cards"]["nothing_yet"])
        said = main.inner_text()
        assert words["practices_script"]["none"] not in said, "a search that found nothing is named, though none ran"
        assert tab.locator(".nw-facet, #nw-practice-query, .nw-results-count").count() == 0, said


@pytest.fixture
def page_without_script(session_browser: Browser) -> Iterator[Page]:
    """A desktop tab with JavaScript switched off, as some readers and every crawler see the site."""
    context = session_browser.new_context(java_script_enabled=False, viewport=DESKTOP)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


def test_without_javascript_the_static_facet_pages_lead_to_the_practice_through_every_value(
    page_without_script: Page, real_root: str
) -> None:
    page = page_without_script
    for value in VALUES:
        page.goto(real_root + INDEX)
        facet_label(page, value).click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path.rstrip("/") != urlsplit(real_root + INDEX).path.rstrip("/"), str(value)
        expect(page.locator("h1").first).to_be_visible()
        page.get_by_role("link", name=PRACTICE["title"], exact=True).first.click()
        page.wait_for_load_state()
        assert page.locator("h1").first.inner_text().strip() == PRACTICE["title"], str(value)


def test_without_javascript_the_search_and_sort_controls_that_need_it_are_not_shown(
    page_without_script: Page, real_root: str
) -> None:
    page = page_without_script
    page.goto(real_root + INDEX)
    expect(page.get_by_label("Search practices")).to_be_hidden()
    expect(page.get_by_role("button", name="Clear filters")).to_be_hidden()


def test_on_a_phone_the_filters_fit_the_screen_and_work(session_browser: Browser, real_root: str) -> None:
    page = session_browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    try:
        open_repository(page, real_root + INDEX)
        width = PHONE["width"]
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        first = page.locator(SHOWN_TITLES).first.bounding_box()
        assert first is not None and first["y"] < PHONE["height"], "the practices start on the first screen"
        filters_toggle = page.locator(".nw-facets summary")
        expect(filters_toggle).to_have_text("Filters")
        expect(page.locator(".nw-facet").first).to_be_hidden()
        filters_toggle.click()
        expect(page.locator(".nw-facet").first).to_be_visible()
        value = VALUES[0]
        label = facet_label(page, value)
        box = label.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
        label.click()
        expect(box_of(label)).to_be_checked()
        assert PRACTICE["title"] in shown(page)
        search = page.get_by_label("Search practices")
        search.fill("qzxwvoorblat")
        expect(page.locator(SHOWN_TITLES)).to_have_count(0)
        search_box = search.bounding_box()
        assert search_box is not None and search_box["x"] + search_box["width"] <= width
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    finally:
        page.close()


def test_on_a_phone_a_shared_filtered_view_shows_its_filters_unfolded(session_browser: Browser, real_root: str) -> None:
    value = next(value for value in VALUES if value.facet == "twg")
    page = session_browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    try:
        open_repository(page, real_root + INDEX)
        page.locator(".nw-facets summary").click()
        facet_label(page, value).click()
        shared = page.url
        open_repository(page, shared)
        expect(page.locator(f".nw-facet[data-facet={value.facet}]")).to_be_visible()
        expect(box_of(facet_label(page, value))).to_be_checked()
    finally:
        page.close()


def test_a_filtered_repository_and_the_practice_page_are_photographed_for_review(tab: Page, real_root: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    open_repository(tab, real_root + INDEX)
    facet_label(tab, next(value for value in VALUES if value.facet == "twg")).click()
    tab.screenshot(path=str(ARTIFACTS / "repository-filtered-desktop.png"), full_page=True)
    tab.get_by_role("link", name=PRACTICE["title"], exact=True).first.click()
    tab.wait_for_load_state("networkidle")
    tab.screenshot(path=str(ARTIFACTS / "practice-page-desktop.png"), full_page=True)
    for name in ("repository-filtered-desktop.png", "practice-page-desktop.png"):
        assert (ARTIFACTS / name).read_bytes().startswith(b"\x89PNG")


# A repository of three: the real record and two made up so that filters can narrow and sorting can reorder.
MORE_PRACTICES = {
    "awareness-caravans": {
        "title": "Awareness caravans on safe migration",
        "summary": "Travelling theatre and radio shows that told villages how to migrate safely.",
        "period": {"start": dt.date(2023, 1, 10), "end": dt.date(2023, 12, 20)},
        "type_of_practice": ["Advocacy"],
        "countries": ["Bangladesh"],
        "main_implementing_organizations": ["iom"],
        "gcm_objectives": [10],
        "sdgs": [10],
        "twgs": ["ctip"],
        "date_submitted": dt.date(2024, 2, 1),
    },
    "skills-passports": {
        "title": "Skills passports for returnees",
        "summary": "Certificates that let returning workers prove the skills they learned abroad.",
        "period": {"start": dt.date(2020, 3, 1), "end": dt.date(2021, 4, 30)},
        "type_of_practice": ["Service delivery"],
        "countries": ["Bangladesh", "Nepal"],
        "main_implementing_organizations": ["ilo"],
        "gcm_objectives": [21],
        "sdgs": [8],
        "twgs": ["lm"],
        "date_submitted": dt.date(2024, 6, 1),
    },
}


# The body sections the Repository of Practices asks every record for.
REQUIRED_SECTIONS = ("Benefit and impact", "Key lessons", "Recommendations", "Innovation")


@dataclass(frozen=True)
class Repository:
    """A built site with several practices, and what each one's file says."""

    root: str
    practices: dict[str, dict[str, Any]]
    values: dict[str, list[Value]]

    def having(self, *wanted: Value) -> set[str]:
        """Titles of the practices that belong to every wanted value."""
        return {self.practices[key]["title"] for key, values in self.values.items()
                if all(any(w.facet == v.facet and w.matches(v.label) for v in values) for w in wanted)}


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    """The real site with two more practices, built from a config that inherits the real one."""
    folder = tmp_path_factory.mktemp("repository")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    for key, data in MORE_PRACTICES.items():
        sections = "".join(f"\n## {name}\n\n{data['summary']}\n" for name in REQUIRED_SECTIONS)
        body = f"---\n{yaml.safe_dump(data, sort_keys=False)}---\n\n{data['summary']}\n{sections}"
        (content / "practices" / f"{key}.md").write_text(body, encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump({
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(content),
        "theme": {"custom_dir": str(REPO / "templates")},
        "watch": [str(REPO / "templates")],
    }), encoding="utf-8")
    out = folder / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    files = sorted((content / "practices").glob("*.md"))
    practices = {path.stem: front_matter(path) for path in files if path.stem != "index"}
    values = {key: practice_values(content / "practices" / f"{key}.md", content) for key in practices}
    with serving(out) as root:
        yield Repository(root, practices, values)


def test_values_of_different_facets_combine_so_that_every_one_must_hold(tab: Page, repository: Repository) -> None:
    open_repository(tab, repository.root + INDEX)
    assert len(shown(tab)) == len(repository.practices)
    advocacy, labour = Value("type", "Advocacy"), Value("twg", short_name(CONTENT, "twgs", "lm"))
    facet_label(tab, advocacy).click()
    one_facet = shown(tab)
    assert set(one_facet) == repository.having(advocacy)
    assert count_beside(facet_label(tab, labour)) == len(repository.having(advocacy, labour))
    facet_label(tab, labour).click()
    both = shown(tab)
    assert set(both) == repository.having(advocacy, labour)
    assert 0 < len(both) < len(one_facet), "a second facet must narrow, not widen"
    assert count_beside(facet_label(tab, advocacy)) == count_beside(facet_label(tab, labour)) == len(both)
    assert filters(tab)["type"] and filters(tab)["twg"]


def test_two_values_of_one_facet_show_practices_with_either(tab: Page, repository: Repository) -> None:
    open_repository(tab, repository.root + INDEX)
    advocacy, service = Value("type", "Advocacy"), Value("type", "Service delivery")
    facet_label(tab, advocacy).click()
    facet_label(tab, service).click()
    assert set(shown(tab)) == repository.having(advocacy) | repository.having(service)
    assert len(filters(tab)["type"]) == 2


def is_sorted(items: list[Any], key: Callable[[Any], Any], reverse: bool = False) -> bool:
    return items == sorted(items, key=key, reverse=reverse)


def test_sorting_orders_by_title_alphabetically_and_by_date_newest_first(
    session_browser: Browser, tab: Page, repository: Repository
) -> None:
    submitted = {data["title"]: data["date_submitted"] for data in repository.practices.values()}
    open_repository(tab, repository.root + INDEX)
    by_date = shown(tab)
    assert set(by_date) == set(submitted)
    assert is_sorted([submitted[t] for t in by_date], key=lambda d: d, reverse=True), by_date
    # The made-up records are chosen so that the two orders differ, or this would prove nothing.
    assert by_date != sorted(by_date, key=str.casefold)

    tab.get_by_label("Sort by").select_option(label="Title")
    by_title = shown(tab)
    assert by_title == sorted(submitted, key=str.casefold)
    assert filters(tab)["sort"] == ["title"]
    again = session_browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        open_repository(again, tab.url)
        assert shown(again) == by_title
    finally:
        again.close()

    tab.get_by_label("Sort by").select_option(label="Newest first")
    assert shown(tab) == by_date
