"""Files a preview writes into the folder it is serving: a reader's browser, fetching while they are written, gets
the old file or the new, never part of one, and never a search entry naming files that are not there yet."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from generator.fast.search_stable import ENTRY
from generator.outputs.search import write_bundle
from generator.pipeline.outputs import WrittenWhenChanged
from generator.pipeline.staging import replace_whole


def test_a_reader_of_a_file_written_over_again_and_again_gets_one_whole_version_each_time(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    versions = [bytes([65 + number]) * 2_000_000 for number in range(6)]
    replace_whole(str(target), versions[0])
    done = threading.Event()

    def write_over() -> None:
        for _ in range(5):
            for version in versions:
                replace_whole(str(target), version)
        done.set()

    writer = threading.Thread(target=write_over)
    writer.start()
    reads = 0
    while not done.is_set():
        assert target.read_bytes() in versions, "a reader got part of a file"
        reads += 1
    writer.join()
    assert reads > 1, "the reader read while the file was being written"
    assert [path.name for path in tmp_path.iterdir()] == ["feed.xml"], "nothing is left beside the file"


def test_a_search_index_names_no_file_a_reader_cannot_fetch_yet(tmp_path: Path) -> None:
    bundle = {
        ENTRY: json.dumps({"languages": {"en": {"hash": "en_1234567", "wasm": "en"}}}).encode(),
        "pagefind.en_1234567.pf_meta": b"meta",
        "wasm.en.pagefind": b"wasm",
        "index/en_abcdef0.pf_index": b"index",
        "fragment/en_0fedcba.pf_fragment": b"fragment",
    }
    missing_when_the_entry_arrived: list[str] = []

    def write(path: str, data: bytes) -> None:
        if Path(path).name == ENTRY:
            missing_when_the_entry_arrived.extend(
                name for name in bundle if not (tmp_path / "pagefind" / name).exists()
            )
        replace_whole(path, data)

    write_bundle(bundle, tmp_path, write)
    assert missing_when_the_entry_arrived == [ENTRY]
    assert {str(path.relative_to(tmp_path / "pagefind")) for path in (tmp_path / "pagefind").rglob("*")
            if path.is_file()} == set(bundle)


def test_a_preview_writes_again_only_the_files_whose_bytes_changed_and_those_gone(tmp_path: Path) -> None:
    written = WrittenWhenChanged()
    same, changed, removed = (tmp_path / name for name in ("same.pf_fragment", "feed.xml", "gone.pf_fragment"))
    for path in (same, changed, removed):
        written(str(path), b"as the last save wrote it")
    before = {path: path.stat().st_ino for path in (same, changed)}  # each write is a new file renamed into place
    removed.unlink()
    written(str(same), b"as the last save wrote it")
    written(str(changed), b"as this save made it")
    written(str(removed), b"as the last save wrote it")
    assert same.stat().st_ino == before[same], "a file with the same bytes is left as it is"
    assert changed.read_bytes() == b"as this save made it"
    assert removed.read_bytes() == b"as the last save wrote it", "a file gone since is written again"
