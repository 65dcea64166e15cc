"""Search that tells Bangla words apart: the letters Pagefind would drop are kept, and the reader's query matches them.

Pagefind 1.5 files each word under a key without its combining marks (নীতি "policy", নিতে "to take" and
নতুন "new" share one), and remembers the word as written beside it only when the word's characters are
letters or digits: the hasanta (্) and the nukta (়) are neither, so শ্রমিক was remembered as শরমিক.
Kept as `include_characters`, they stay in the remembered word (the key is unchanged, so the index is
not larger), and search.js asks Pagefind for the words as written (`exactDiacritics`) whenever a query
has Bangla letters. Text and queries are both made canonical (NFC), so a vowel sign typed as two code
points (ে + া) is the same word as ো.
"""

from __future__ import annotations

import unicodedata

# Bengali sign virama (hasanta) and nukta: not alphanumeric to Pagefind, and in every conjunct and য়, ড়, ঢ়.
INCLUDE_CHARACTERS = "\u09cd\u09bc"


def for_index(document: str) -> str:
    """A page's searchable document with its text in canonical form (NFC), as search.js makes the query."""
    return unicodedata.normalize("NFC", document)
