"""Bangla search as a reader meets it: each query, typed into the Bangla search page, finds the pages with that word."""

from __future__ import annotations

from pathlib import Path

import pytest
from bangla_queries import (
    CONFUSABLE_PAGES,
    QUERIES,
    found_by_reader,
    letters,
    pages_in,
    score,
    should_find,
    write_confusable_pages,
)
from browser import serving
from playwright.sync_api import Browser
from sitebuild import examplia_copy, mkdocs_build


@pytest.fixture(scope="module")
def browser(session_browser: Browser) -> Browser:
    return session_browser


@pytest.fixture(scope="module")
def confusable_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up network with a short Bangla page for each confusable word, built strictly."""
    folder = tmp_path_factory.mktemp("confusable") / "project"
    config = examplia_copy(folder)
    write_confusable_pages(folder / "content")
    (folder / "content" / "accent.md").write_text(
        "---\ntitle: Meeting place\nsummary: Where we met.\n---\nMigrants met at the Café Port.\n", encoding="utf-8")
    out = folder.parent / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    return out


def beginnings(pages: dict[str, set[str]], query: str) -> set[str]:
    """Pages with a shorter word the query begins with (কাজে → কাজ): Pagefind finds those too, for every language."""
    wanted = letters(query).lower()
    return {address for address, words in pages.items() if any(wanted.startswith(word) for word in words)}


def outcomes(browser: Browser, site: Path) -> dict[str, tuple[set[str], set[str], set[str]]]:
    """Each query: the pages the reader found, those with a word beginning with it, and those with its beginnings."""
    pages = pages_in(site, "bn")
    with serving(site) as root:
        return {query: (found_by_reader(browser, root + "bn/search/", query), should_find(pages, query),
                        beginnings(pages, query)) for query in QUERIES}


@pytest.fixture(scope="module")
def confusable_results(browser: Browser, confusable_site: Path) -> dict[str, tuple[set[str], set[str], set[str]]]:
    return outcomes(browser, confusable_site)


def page(name: str) -> str:
    return f"/bn/{name}/"


@pytest.mark.parametrize(("query", "finds", "misses"), [
    ("নীতি", {"policy", "policy-framework"}, {"taking", "new"}),
    ("নিতে", {"taking"}, {"policy", "policy-framework", "new"}),
    ("নতুন", {"new"}, {"policy", "taking"}),
    ("কাজ", {"work", "at-work"}, set()),
    ("কাজে", {"at-work"}, set()),
    ("শ্রমিক", {"workers"}, {"policy"}),
    ("স্বাস্থ্য", {"health"}, {"bus"}),
    ("বাস", {"bus"}, {"health"}),
    ("অভিবাসন", {"policy", "migration"}, {"return"}),
    ("প্রত্যাবাসন", {"return"}, {"migration", "policy"}),
    ("তৈরি", {"made"}, {"his"}),
    ("তার", {"his"}, {"made"}),
    ("আমরা", {"we"}, {"my"}),
    ("আমার", {"my"}, {"we"}),
    ("কিছু", {"some"}, {"near"}),
    ("কাছে", {"near"}, {"some"}),
    ("জন্য", {"for"}, {"informs"}),
    ("জানায়", {"informs"}, {"for"}),
    ("নিয়ে", {"with"}, {"not"}),
    ("নয়", {"not"}, {"with"}),
    ("দেশ", {"country"}, {"ten"}),
    ("দশ", {"ten"}, {"country"}),
    # Told apart only by the hasanta, which Pagefind kept nowhere but in its index's spelling of the word.
    ("শ্রম", {"policy", "workers"}, {"shyness"}),
    ("শরম", {"shyness"}, {"policy", "workers"}),
])
def test_a_bangla_word_finds_the_pages_that_have_it_and_not_those_with_a_word_pagefind_spells_alike(
    confusable_results: dict[str, tuple[set[str], set[str], set[str]]], query: str, finds: set[str], misses: set[str]
) -> None:
    assert set(CONFUSABLE_PAGES) >= finds | misses
    found, _, _ = confusable_results[query]
    assert {page(name) for name in finds} <= found
    assert not {page(name) for name in misses} & found


def test_every_query_on_the_made_up_pages_finds_each_page_with_a_word_beginning_with_it_and_no_page_without(
    confusable_results: dict[str, tuple[set[str], set[str], set[str]]],
) -> None:
    for query, (found, expected, shorter) in confusable_results.items():
        assert expected <= found, query
        assert found <= expected | shorter, query
    assert score((found, expected) for found, expected, _ in confusable_results.values()).recall == 1.0


def test_every_query_on_the_real_bangla_pages_finds_each_page_with_its_word_and_no_page_without(
    browser: Browser, real_site: Path,
) -> None:
    for query, (found, expected, shorter) in outcomes(browser, real_site).items():
        assert expected <= found, query
        assert found <= expected | shorter, query


def test_a_bangla_query_typed_with_a_split_vowel_sign_or_a_joiner_finds_the_same_pages(
    browser: Browser, confusable_site: Path,
) -> None:
    with serving(confusable_site) as root:
        # নতুন typed as it looks, কাছে with a zero-width joiner a keyboard may add; ো typed as ে + া.
        assert found_by_reader(browser, root + "bn/search/", "কা\u200dছে") == {page("near")}
        assert found_by_reader(browser, root + "bn/search/", "প\u09c7\u09beশাক") == {page("made")}


def test_english_search_on_the_same_site_still_finds_a_word_typed_without_its_accent(
    browser: Browser, confusable_site: Path,
) -> None:
    with serving(confusable_site) as root:
        assert found_by_reader(browser, root + "search/", "cafe") == {"/accent/"}
        assert found_by_reader(browser, root + "search/", "café") == {"/accent/"}
