"""Bangla queries as a reader types them, the pages each should find, and what the search page really finds.

A page should be found when one of its words begins with the query's letters (vowel signs and hasanta
included): Pagefind finds words by their beginning, so নীতি finds নীতিমালা, কাজ finds কাজে, and নিতে
finds neither নীতি nor নতুন.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import html
from playwright.sync_api import Browser

from generator.outputs.search import searchable

# The brief's queries, then words the real index files under one key (নীতি/নিতে/নতুন, তৈরি/তার, শ্রম/শরম …).
QUERIES = (
    "নীতি", "নিতে", "নতুন", "কাজ", "কাজে", "শ্রমিক", "স্বাস্থ্য", "অভিবাসন", "প্রত্যাবাসন",
    "তৈরি", "তার", "আমরা", "আমার", "কিছু", "কাছে", "জন্য", "জানায়", "নিয়ে", "নয়", "দেশ", "দশ", "বাস", "শ্রম", "শরম",
)
# Joiners shape conjuncts on screen and are not letters: a reader may or may not type them.
JOINERS = {"\u200c", "\u200d"}


def letters(word: str) -> str:
    """A word as a reader means it: canonical (NFC) letters and marks, without joiners."""
    return "".join(c for c in unicodedata.normalize("NFC", word) if c not in JOINERS)


def words_of(text: str) -> set[str]:
    """The words of a text: runs of letters, marks and digits (a danda, a hyphen or a space ends one)."""
    found, current = set(), []
    for character in letters(text):
        if unicodedata.category(character)[0] in "LMN":
            current.append(character.lower())
        elif current:
            found.add("".join(current))
            current = []
    if current:
        found.add("".join(current))
    return found


def page_words(output: str) -> set[str]:
    """The words Pagefind is given for a built page: its searchable body's text and image descriptions."""
    document = searchable(output)
    if document is None:
        return set()
    tree = html.fromstring(document)
    for ignored in tree.xpath("//*[@data-pagefind-ignore] | //script | //style"):
        ignored.drop_tree()
    texts = [tree.text_content(), *tree.xpath("//img/@alt")]
    return set().union(*(words_of(text) for text in texts))


def pages_in(site: Path, language: str) -> dict[str, set[str]]:
    """Every searchable page of the built site in `language`: its address from the root, and its words."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        output = path.read_text(encoding="utf-8")
        root = html.fromstring(output.encode("utf-8"))
        if root.get("lang", "").split("-")[0] != language or searchable(output) is None:
            continue
        address = "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        pages[address] = page_words(output)
    return pages


def should_find(pages: dict[str, set[str]], query: str) -> set[str]:
    """The pages with a word that begins with the query."""
    wanted = letters(query).lower()
    return {address for address, words in pages.items() if any(word.startswith(wanted) for word in words)}


def found_by_reader(browser: Browser, search_page: str, query: str) -> set[str]:
    """The pages a reader reaches typing `query` into the search page: every result, on every page of results."""
    page = browser.new_page()
    try:
        page.goto(search_page)
        page.fill("input[name=q]", query)
        page.press("input[name=q]", "Enter")
        searching = json.loads(page.get_attribute("[data-nw-search]", "data-words") or "{}").get("searching", "")
        found: set[str] = set()
        while True:
            page.wait_for_function(
                "(searching) => { const s = document.querySelector('[data-nw-search-status]').textContent;"
                " return s && s !== searching; }", arg=searching)
            hrefs = page.eval_on_selector_all(".nw-result__title a", "links => links.map(a => a.pathname)")
            found.update(hrefs)
            following = page.locator("[data-nw-search-pages] a[rel=next]")
            if not following.count():
                return found
            status = page.locator("[data-nw-search-status]").inner_text()
            following.click()
            page.wait_for_function(
                "(before) => document.querySelector('[data-nw-search-status]').textContent !== before", arg=status)
    finally:
        page.close()


@dataclass(frozen=True)
class Score:
    """How precise and complete a set of queries' results are, summed over the queries."""

    right: int
    found: int
    wanted: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.wanted if self.wanted else 1.0


def score(outcomes: Iterable[tuple[set[str], set[str]]]) -> Score:
    """Precision and recall over (found, should find) pairs, one per query."""
    right = found = wanted = 0
    for got, expected in outcomes:
        right += len(got & expected)
        found += len(got)
        wanted += len(expected)
    return Score(right, found, wanted)


# Short Bangla pages that put words Pagefind 1.5 merges (নীতি/নিতে/নতুন, কাজ/কাজে, তৈরি/তার …) on different pages.
CONFUSABLE_PAGES = {
    "policy": "শ্রম অভিবাসন নীতি।",
    "policy-framework": "নীতিমালা অনুমোদিত।",
    "taking": "তথ্য নিতে আসুন।",
    "new": "নতুন কেন্দ্র খোলা হলো।",
    "work": "কাজ শেষ।",
    "at-work": "সবাই কাজে ব্যস্ত।",
    "workers": "শ্রমিক অধিকার।",
    "health": "স্বাস্থ্য সেবা।",
    "bus": "বাস ভাড়া।",
    "return": "প্রত্যাবাসন কর্মসূচি।",
    "migration": "নিরাপদ অভিবাসন।",
    "we": "আমরা একসাথে।",
    "my": "আমার কথা।",
    "some": "কিছু তথ্য।",
    "near": "অফিসের কাছে।",
    "made": "তৈরি পোশাক।",
    "his": "তার বাড়ি।",
    "for": "সবার জন্য।",
    "informs": "মন্ত্রণালয় জানায়।",
    "with": "বিষয় নিয়ে।",
    "not": "সহজ নয়।",
    "country": "দেশের মানুষ।",
    "ten": "দশ দিন।",
    "shyness": "শরম লাগে।",
}


def write_confusable_pages(content: Path) -> None:
    """Each confusable page as a plain page in English and its Bangla translation, titled by a number alone."""
    for number, (name, text) in enumerate(CONFUSABLE_PAGES.items(), start=1):
        (content / f"{name}.md").write_text(
            f"---\ntitle: Page {number}\nsummary: Page {number}.\n---\nPage {number}.\n", encoding="utf-8")
        (content / f"{name}.bn.md").write_text(
            f"---\ntitle: পাতা {number}\nsummary: পাতা {number}।\nreviewed: true\n---\n{text}\n", encoding="utf-8")
