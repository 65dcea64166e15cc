"""Pagefind's index made byte-identical from build to build.

Pagefind 1.5 writes each filter's values, and so the names of the filter and metadata files
that point at them, in hash-map order, which changes from run to run (its maintainer notes the
filter and metadata files are not yet stable, Pagefind/pagefind#638). Our builds promise
byte-identical output, so the filter files are rewritten with their values sorted, and the
files that name them follow. Everything else Pagefind writes is already stable.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

# Every Pagefind index file is gzip of this signature followed by CBOR.
SIGNATURE = b"pagefind_dcd"
FILTER_HASH_LENGTH = 7
META_HASH_LENGTH = 10


def make_stable(bundle: Path) -> None:
    """Rewrite the bundle's filter and metadata files in a fixed order, renaming them by content."""
    renamed = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _read(path)
        data = _encode([name, sorted(values, key=lambda value: value[0])])
        renamed[path.stem] = _replace(path, data, bundle / "filter", "{hash}.pf_filter", FILTER_HASH_LENGTH)
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for info in entry["languages"].values():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        meta[3] = sorted([name, renamed.get(file_hash, file_hash)] for name, file_hash in meta[3])
        info["hash"] = _replace(meta_path, _encode(meta), bundle, "pagefind.{hash}.pf_meta", META_HASH_LENGTH)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise RuntimeError(f"the search index file {path.name} is not in the format this build knows")
    return cbor2.loads(raw[len(SIGNATURE):])


def _encode(value: Any) -> bytes:
    # mtime=0: gzip would otherwise stamp the clock into every file.
    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def _replace(old: Path, data: bytes, folder: Path, pattern: str, length: int) -> str:
    """Write `data` under a name made from its content (keeping the language prefix); return the new hash."""
    language = old.name.removeprefix("pagefind.").split("_", 1)[0]
    new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"
    old.unlink()
    (folder / pattern.format(hash=new_hash)).write_bytes(data)
    return new_hash
