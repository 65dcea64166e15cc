"""The search index's page texts packed several to a file, for a site over the number of files its host takes.

Pagefind writes one fragment per page (the page's text and metadata, which a result is shown from), so a site is
two files a page: 24,000 files at 10,000 items, over the 20,000 a Cloudflare Pages site on the free plan may hold.
Pagefind has no option to write fewer (Pagefind/pagefind#74). So when the site would be over the limit its network
names (`host_file_limit`), the fragments of consecutive pages are put one after another in one file, a pack, as few
pages to a pack as brings the site within the limit, and the index names each page by its pack and where its
fragment lies in it: `<pack>-<start>-<length>`. Pagefind asks for `fragment/<that name>.pf_fragment`, and
assets/search.js answers with those bytes of the pack, fetched as a range (or cut from the whole pack, from a host
that sends whole files whatever is asked, as Cloudflare Pages does: there a result costs its pack's other pages too).

A site within its limit keeps Pagefind's own fragments, one a page, byte for byte.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from generator.fast.search_merge import decode, encode_raw, meta_name, short_name
from generator.fast.search_stable import ENTRY, entry_bytes

FRAGMENTS = "fragment/"
PACK = ".pf_pack"
# The fewest files a host takes of the common static hosts: Cloudflare Pages' (and Workers' static assets') free plan.
HOST_FILE_LIMIT = 20000


@dataclass(frozen=True)
class Fitted:
    """The search index as it is published: its files, and how many pages' texts share a file (1: Pagefind's own)."""

    bundle: dict[str, bytes]
    pages_per_pack: int
    files: int  # the site's files with this index


def fit(bundle: dict[str, bytes], other_files: int, limit: int) -> Fitted:
    """The index with its pages' texts in as few packs as keep the site's files within `limit`, if it is over.

    `other_files` is the number of the site's files besides the index. A site that would be over the limit however
    its texts were packed keeps them one a page: packing would make search slower and the site no less refused."""
    pages = _pages_by_language(bundle)
    texts = sum(pages)
    files = other_files + len(bundle)
    if files <= limit:
        return Fitted(bundle, 1, files)
    room = limit - other_files - (len(bundle) - texts)
    if room < len(pages):
        return Fitted(bundle, 1, files)
    per_pack = max(1, math.ceil(texts / room))
    while sum(math.ceil(count / per_pack) for count in pages) > room:
        per_pack += 1
    packed = packed_texts(bundle, per_pack)
    return Fitted(packed, per_pack, other_files + len(packed))


def packed_texts(bundle: dict[str, bytes], per_pack: int) -> dict[str, bytes]:
    """The index with each run of `per_pack` pages' fragments (in the index's order of pages) in one pack."""
    fitted = {name: data for name, data in bundle.items() if not name.startswith(FRAGMENTS)}
    entry = json.loads(bundle[ENTRY])
    for code, info in entry["languages"].items():
        meta = decode(fitted.pop(f"pagefind.{info['hash']}.pf_meta"))
        for first in range(0, len(meta[1]), per_pack):
            pages = meta[1][first: first + per_pack]
            texts = [bundle[f"{FRAGMENTS}{page[0]}.pf_fragment"] for page in pages]
            data = b"".join(texts)
            pack = short_name(code, data, lambda candidate: f"{FRAGMENTS}{candidate}{PACK}" in fitted)
            fitted[f"{FRAGMENTS}{pack}{PACK}"] = data
            start = 0
            for page, text in zip(pages, texts, strict=True):
                page[0] = f"{pack}-{start}-{len(text)}"
                start += len(text)
        data = cbor2.dumps(meta)
        info["hash"] = meta_name(code, data)
        fitted[f"pagefind.{info['hash']}.pf_meta"] = encode_raw(data)
    fitted[ENTRY] = entry_bytes(entry)
    return fitted


def _pages_by_language(bundle: dict[str, bytes]) -> list[int]:
    entry: dict[str, Any] = json.loads(bundle[ENTRY])
    return [int(info["page_count"]) for info in entry["languages"].values()]


def files_besides(site_dir: Path, left_out: Sequence[str]) -> int:
    """How many files the site's folder holds, those under its top-level folders `left_out` not counted."""
    count = 0
    for folder, subfolders, files in os.walk(site_dir):
        if folder == str(site_dir):
            subfolders[:] = [name for name in subfolders if name not in left_out]
        count += len(files)
    return count
