"""One search index from several Pagefind runs, each over a part of the pages, as one run over all would write it.

Pagefind holds every page it is given until it writes the index, and needs about three times
that to write it: two gigabytes at 10,000 items. Given the pages in parts (a fresh Pagefind for
each, one after the other), each run stays small; their indexes are then joined here the way
Pagefind joins pages (Pagefind/pagefind, pagefind/src/index/mod.rs at v1.5.2): pages numbered on
from the part before, each word's pages in order, words re-chunked by the same size rule and
named by the same hash. A reader's browser gets one index, as before: one WebAssembly file,
one metadata file, one chunk per word range (Pagefind's own merging of separate indexes in the
browser would fetch each part's WebAssembly and metadata on the first query).

Index chunks are written here even for a single run, so the index is the same bytes whatever
the number of parts.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import heapq
import itertools
import json
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import cbor2

from generator.fast.search_stable import ENTRY, SIGNATURE

# Pages one Pagefind indexes (it holds them all until it writes, and then about three times as much: about 300 MB
# at 1,500 pages). A site of more is indexed in parts of a quarter to a half of this, and an edit indexes only its
# part again: at 500, an edit to a 1,000-item site sends Pagefind 125 to 250 pages rather than all 1,250. Smaller
# parts let an edit's part be indexed while the last pages render (0.1 to 0.3 s of a 1,000-item edit at 200), but
# joining holds one decoded index chunk of every part at once: the 130 parts of 10,000 items at 200 held the search
# process to 720-766 MB, against 472 MB for 40 parts at 500.
SEARCH_PART_PAGES = 500
# Pagefind's default chunk size, in location entries (options.rs, default_index_chunk_size).
CHUNK_SIZE = 20000
# The length of the hashes Pagefind names files by, past the language and '_' (index/mod.rs).
SHORT_HASH = 7


@dataclass
class _Language:
    """One language's index in one part."""

    meta: list[Any]
    chunks: list[str]  # the part's index chunk files, in word order
    filters: dict[str, list[Any]] = field(default_factory=dict)  # filter name → [[value, [pages]], …]


def merge(parts: Sequence[dict[str, bytes]]) -> dict[str, bytes]:
    """The bundle one Pagefind run over every part's pages, in order, would write; each part is a bundle by path."""
    if not parts:
        raise ValueError("no search index to merge")
    with _collector_paused():
        return _merge(parts)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: joining makes millions of small lists and no cycles, and the collector
    would walk them (and the rest of the build's objects) again and again: 40 % of the join at 10,000 pages."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _merge(parts: Sequence[dict[str, bytes]]) -> dict[str, bytes]:
    entries = [json.loads(part[ENTRY]) for part in parts]
    merged: dict[str, bytes] = {}
    for part in parts:  # the scripts and WebAssembly of every language: the same bytes in every part
        merged.update({name: data for name, data in part.items() if not _is_index(name)})
    languages: dict[str, Any] = {}
    for language in sorted({code for entry in entries for code in entry["languages"]}):
        found = [(part, entry["languages"][language]) for part, entry in zip(parts, entries, strict=True)
                 if language in entry["languages"]]
        files, info = _merge_language(language, [_read_language(part, info) for part, info in found], found)
        merged.update(files)
        languages[language] = info
    entry = dict(entries[0])
    entry["languages"] = languages
    merged[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return merged


def _is_index(name: str) -> bool:
    return name == ENTRY or name.endswith((".pf_meta", ".pf_index", ".pf_filter")) or name.startswith("fragment/")


def _read_language(part: dict[str, bytes], info: dict[str, Any]) -> _Language:
    meta = _decode(part[f"pagefind.{info['hash']}.pf_meta"])
    language = _Language(meta, [f"index/{chunk[2]}.pf_index" for chunk in meta[2]])
    for name, hashed in meta[3]:
        language.filters[name] = _decode(part[f"filter/{hashed}.pf_filter"])[1]
    if meta[4]:
        # Sort orders list pages by values Pagefind does not write: parts cannot be put in one order.
        raise RuntimeError("the search index uses sort keys (data-pagefind-sort), which cannot be built in parts")
    return language


def _merge_language(
    code: str, languages: list[_Language], found: list[tuple[dict[str, bytes], dict[str, Any]]]
) -> tuple[dict[str, bytes], dict[str, Any]]:
    files: dict[str, bytes] = {}
    fields = sorted({name for language in languages for name in language.meta[5]})
    pages: list[list[Any]] = []
    fragments: dict[str, bytes] = {}  # the short hash a fragment is named by → a digest of its JSON
    offsets: list[int] = []
    for language, (part, _) in zip(languages, found, strict=True):
        offsets.append(len(pages))
        for hashed, word_count in language.meta[1]:
            packed = part[f"fragment/{hashed}.pf_fragment"]
            data = gzip.decompress(packed)
            digest = hashlib.sha1(data).digest()
            name = _fragment_name(code, hashed, data, digest, fragments)
            fragments[name] = digest
            files[f"fragment/{name}.pf_fragment"] = packed if name == hashed else _encode_raw(data)
            pages.append([name, word_count])
    words = heapq.merge(
        *(_words(part, language, number, offsets[number], fields)
          for number, (language, (part, _)) in enumerate(zip(languages, found, strict=True))),
        key=lambda entry: entry[0].encode("utf-8"),
    )
    chunks: list[list[Any]] = []
    # zlib lets go of the interpreter while it compresses: chunks are compressed on a thread while the next are made.
    with ThreadPoolExecutor(1, thread_name_prefix="search-index-join") as compressing:
        compressed: dict[str, Future[bytes]] = {}
        for chunk in _chunks(_joined(words)):
            data = cbor2.dumps([chunk])
            name = _short_name(code, data, lambda candidate: f"index/{candidate}.pf_index" in compressed)
            chunks.append([chunk[0][0], chunk[-1][0], name])
            compressed[f"index/{name}.pf_index"] = compressing.submit(_encode_raw, data)
        files.update((path, future.result()) for path, future in compressed.items())
    filters = []
    for name in sorted({name for language in languages for name in language.filters}):
        values: dict[str, list[int]] = {}
        for language, offset in zip(languages, offsets, strict=True):
            for value, numbers in language.filters.get(name, []):
                values.setdefault(value, []).extend(number + offset for number in numbers)
        data = cbor2.dumps([name, sorted([value, numbers] for value, numbers in values.items())])
        hashed = _short_name(code, data, lambda candidate: f"filter/{candidate}.pf_filter" in files)
        files[f"filter/{hashed}.pf_filter"] = _encode_raw(data)
        filters.append([name, hashed])
    meta = [languages[0].meta[0], pages, _named_ranges(chunks), filters, [], fields]
    data = cbor2.dumps(meta)
    meta_hash = f"{code}_{_full_hash(data)[: len(code) + 8]}"
    files[f"pagefind.{meta_hash}.pf_meta"] = _encode_raw(data)
    info = dict(found[0][1])
    info.update(hash=meta_hash, page_count=len(pages))
    return files, info


def _words(
    part: dict[str, bytes], language: _Language, number: int, offset: int, fields: list[str]
) -> Iterator[tuple[str, int, list[Any]]]:
    """The part's words in order, one chunk read at a time: each with its pages (numbered on from `offset`) and
    the number of its last page, and its spelling variants the same way."""
    remap = {old: fields.index(name) for old, name in enumerate(language.meta[5])}
    same_fields = all(old == new for old, new in remap.items())
    for path in language.chunks:
        for word, word_pages, variants in _decode(part[path])[0]:
            yield word, number, [_pages(word_pages, offset, None if same_fields else remap),
                                 [[form, _pages(variant, offset, None if same_fields else remap)]
                                  for form, variant in variants]]


def _pages(stepped: list[list[Any]], offset: int, remap: dict[int, int] | None) -> tuple[list[list[Any]], int]:
    """A word's pages as stored (each numbered by its step from the one before), the first numbered on from
    `offset`; and the number of the last."""
    if remap is not None:  # meta field ids as the merged index numbers the fields
        stepped = [[step, locs, [-(remap[-value - 1]) - 1 if value < 0 else value for value in meta_locs]]
                   for step, locs, meta_locs in stepped]
    last = offset + sum(page[0] for page in stepped)
    if stepped and offset:
        stepped = [[stepped[0][0] + offset, *stepped[0][1:]], *stepped[1:]]
    return stepped, last


def _joined(words: Iterator[tuple[str, int, list[Any]]]) -> Iterator[list[Any]]:
    """Each word once, its pages from every part in page order, its spelling variants in the order first met.

    Pages stay numbered by steps: only the first page of each part's list is numbered again, from the last page
    of the list before it.
    """
    current: list[Any] | None = None
    for word, _, (word_pages, variants) in words:
        if current is None or current[0] != word:
            if current is not None:
                yield current
            current = [word, ([], 0), []]
        current[1] = _extend(current[1], word_pages)
        for form, variant_pages in variants:
            known = next((v for v in current[2] if v[0] == form), None)
            if known is None:
                current[2].append([form, _extend(([], 0), variant_pages)])
            else:
                known[1] = _extend(known[1], variant_pages)
    if current is not None:
        yield current


def _extend(pages: tuple[list[list[Any]], int], more: tuple[list[list[Any]], int]) -> tuple[list[list[Any]], int]:
    """Two lists of pages (numbered by steps) as one; each with the number of its last page."""
    stepped, last = pages
    added, added_last = more
    if not added:
        return pages
    first = [added[0][0] - last, *added[0][1:]]  # its number was counted from 0
    stepped.extend([first, *added[1:]])
    return stepped, added_last


def _chunks(words: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """Words in chunks of about CHUNK_SIZE locations (chunk_index)."""
    chunk: list[Any] = []
    size = 0
    for word, (word_pages, _), variants in words:
        size += sum(len(locs) + len(meta_locs) + 1 for _, locs, meta_locs in word_pages)
        chunk.append([word, word_pages, [[form, pages] for form, (pages, _) in variants]])
        if size >= CHUNK_SIZE:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _named_ranges(chunks: list[list[Any]]) -> list[list[Any]]:
    """Each chunk's word range, trimmed to the shortest prefixes that tell neighbours apart (chunk_meta)."""
    ranges = [list(chunk) for chunk in chunks]
    for first, second in itertools.pairwise(ranges):
        to, start = _prefixes(first[1], second[0])
        if to >= first[0]:
            first[1] = to
        second[0] = start
    return ranges


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    for left, right in zip(b, a, strict=False):
        if left != right:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _fragment_name(code: str, hashed: str, data: bytes, digest: bytes, known: dict[str, bytes]) -> str:
    """A fragment's name: its own, unless another part's fragment has it (then longer, as Pagefind does)."""
    if known.get(hashed, digest) == digest:
        return hashed
    full = f"{code}_{_full_hash(data[len(SIGNATURE):])}"
    length = len(hashed)
    while full[:length] in known and known[full[:length]] != digest:
        length += 1
    return full[:length]


def _short_name(code: str, data: bytes, taken: Any) -> str:
    """A file's name from its content's hash, made longer while another file has it (index/mod.rs)."""
    full = f"{code}_{_full_hash(data)}"
    length = len(code) + 1 + SHORT_HASH
    while taken(full[:length]) and length < len(full):
        length += 1
    return full[:length]


def _full_hash(data: bytes) -> str:
    # As Pagefind writes SHA-1 (utils.rs, full_hash): each byte in hex without a leading zero.
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _decode(raw_gzip: bytes) -> Any:
    raw = gzip.decompress(raw_gzip)
    if not raw.startswith(SIGNATURE):
        raise RuntimeError("a search index file is not in the format this build knows")
    return cbor2.loads(raw[len(SIGNATURE):])


def _encode_raw(data: bytes) -> bytes:
    # Level 6, as Pagefind compresses (flate2's default; 9 saves 0.4 % at twice the time); mtime=0: gzip would
    # otherwise stamp the clock into every file.
    return gzip.compress(data if data.startswith(SIGNATURE) else SIGNATURE + data, compresslevel=6, mtime=0)
