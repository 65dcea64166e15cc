"""Pages that look finished: no box with nothing in it, words in an event's tense, codes said with their names."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html
from sitebuild import examplia_copy, mkdocs_build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example network with an event still to come, a TWG that has only just been proposed, and a GCM goal."""
    folder = tmp_path_factory.mktemp("unfinished")
    config = examplia_copy(folder / "examplia")
    content = config.parent / "content"
    (content / "events" / "forum-to-come.md").write_text(
        "---\ntitle: Forum still to come\nsummary: A forum the network holds next year.\nstart: 2099-03-01\n"
        "announced: 2024-01-10\nlocation: {city: Port Example, country: Examplia}\norganizers: [ministry-labour]\n"
        "gcm_objectives: [5]\n---\nThe agenda follows.\n", encoding="utf-8")
    (content / "twgs" / "proposed.md").write_text(
        "---\ntitle: Proposed Working Group on Data\nshort_name: D-TWG\nsummary: Proposed by the network.\n"
        "status: proposed\n---\nProposed at the last meeting.\n", encoding="utf-8")
    built = mkdocs_build(config, folder / "site")
    assert built.returncode == 0, built.stderr
    return folder / "site"


def read(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_bytes() if path else (site / "index.html").read_bytes())


def test_no_box_beside_an_article_has_a_heading_over_nothing(site: Path) -> None:
    for path in ("twgs/proposed", "twgs/return", "events/forum-to-come", "events/return-forum"):
        for box in read(site, path).xpath('//section[contains(@class, "nw-aside__section")]'):
            heading = box.xpath("./h2")[0].text_content().strip()
            rest = "".join(node.text_content() for node in box if node.tag != "h2").strip()
            assert rest, f"/{path}/: the box '{heading}' has nothing in it"


def test_a_twg_with_no_chair_or_members_yet_draws_no_box_for_them(site: Path) -> None:
    headings = [h.text_content().strip() for h in read(site, "twgs/proposed").xpath("//h2")]
    assert "The group" not in headings
    assert "The group" in [h.text_content().strip() for h in read(site, "twgs/return").xpath("//h2")]


def test_an_event_to_come_says_who_takes_part_and_one_that_is_over_who_took_part(site: Path) -> None:
    assert read(site, "events/forum-to-come").xpath('//h2[normalize-space()="Who takes part"]')
    assert read(site, "events/return-forum").xpath('//h2[normalize-space()="Who took part"]')


def test_an_organiser_is_named_with_its_short_name_beside(site: Path) -> None:
    [organisers] = read(site, "events/forum-to-come").xpath('//dt[starts-with(normalize-space(), "Organised")]'
                                                               '/following-sibling::dd[1]')
    said = organisers.text_content()
    assert "Ministry of Labour of Examplia" in said and "MoL" in said


def test_a_gcm_objective_shows_its_name_not_only_its_number(site: Path) -> None:
    page = read(site, "events/forum-to-come")
    [objective] = page.xpath('//a[contains(@href, "gcm/5/")]')
    visible = "".join(node.text_content() for node in objective.xpath('./*[not(contains(@class, "nw-sr-only"))]'))
    assert "5" in visible and "regular migration" in visible.lower(), f"the GCM objective shows only {visible!r}"


def test_cards_of_one_kind_do_not_each_repeat_it_and_mixed_cards_say_theirs(site: Path) -> None:
    news = read(site, "news")
    kinds = [p.text_content().strip() for p in news.xpath('//p[contains(@class, "nw-card__kind")]')]
    assert kinds and all("News" not in kind for kind in kinds), kinds
    # A year of the archive holds every kind: each card says what it is.
    year = next(path for path in sorted((site / "archive").glob("*/index.html")))
    said = {p.text_content().strip().split(" · ")[0] for p in
            html.fromstring(year.read_bytes()).xpath('//p[contains(@class, "nw-card__kind")]')}
    assert {"News", "Event"} <= said, f"{year}: {said}"
