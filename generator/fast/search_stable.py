"""Pagefind's index made byte-identical from build to build.

Pagefind 1.5 writes each filter's values, and so the names of the filter and metadata files
that point at them, in hash-map order, which changes from run to run (its maintainer notes the
filter and metadata files are not yet stable, Pagefind/pagefind#638). Our builds promise
byte-identical output, so the filter files are rewritten with their values sorted, and the
files that name them follow. Everything else Pagefind makes is already stable.

The bundle is handled in memory, as a mapping from each file's path inside the bundle to its
bytes, before anything is written.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

import cbor2

# Every Pagefind index file is gzip of this signature followed by CBOR.
SIGNATURE = b"pagefind_dcd"
FILTER_HASH_LENGTH = 7
META_HASH_LENGTH = 10
ENTRY = "pagefind-entry.json"


def make_stable(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with its filter and metadata files in a fixed order, each named by its content."""
    stable = dict(bundle)
    renamed = {}
    for path in sorted(name for name in bundle if name.startswith("filter/") and name.endswith(".pf_filter")):
        name, values = _read(path, stable.pop(path))
        data = _encode([name, sorted(values, key=lambda value: value[0])])
        old_hash = path.removeprefix("filter/").removesuffix(".pf_filter")
        renamed[old_hash] = new_hash = _content_hash(old_hash, data, FILTER_HASH_LENGTH)
        stable[f"filter/{new_hash}.pf_filter"] = data
    entry = json.loads(stable[ENTRY])
    for info in entry["languages"].values():
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path, stable.pop(meta_path))
        meta[3] = sorted([name, renamed.get(file_hash, file_hash)] for name, file_hash in meta[3])
        data = _encode(meta)
        info["hash"] = _content_hash(info["hash"], data, META_HASH_LENGTH)
        stable[f"pagefind.{info['hash']}.pf_meta"] = data
    entry["languages"] = dict(sorted(entry["languages"].items()))
    stable[ENTRY] = entry_bytes(entry)
    return stable


def entry_bytes(entry: dict[str, Any]) -> bytes:
    """The entry file's bytes, as Pagefind writes it (compact JSON, UTF-8)."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _read(path: str, raw_gzip: bytes) -> Any:
    raw = gzip.decompress(raw_gzip)
    if not raw.startswith(SIGNATURE):
        raise RuntimeError(f"the search index file {path} is not in the format this build knows")
    return cbor2.loads(raw[len(SIGNATURE):])


def _encode(value: Any) -> bytes:
    # mtime=0: gzip would otherwise stamp the clock into every file.
    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def _content_hash(old_hash: str, data: bytes, length: int) -> str:
    """A hash made from `data`, keeping the old hash's language prefix ("en_…")."""
    language = old_hash.split("_", 1)[0]
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"
