"""Each typed content file's check against its type, kept from one build (and one save) to the next.

A check (the schema, the type's rules, the summary's length, the files the fields name, the body's
sections) is made from the file's text, its address and the name staff know it by, the site's types
and time zone, and what the disk said of each file its fields name. The types and zone are the
build's context (generator/fast/per_file.py); the text, address and name are the file's key; the
disk's answers are kept beside the check and asked again before it is used, so a picture deleted
since makes the file be checked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.fast.build_cache import BuildCache, digest, stable_text
from generator.fast.per_file import PerFile, Results

# What is wrong with a file named in the fields (a picture, an attachment), as the disk says; None if nothing.
Where = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Checked:
    """One file's check: its checked fields (None if it failed), its mistakes, and what the disk said of the
    files its fields name (each value and its answer)."""

    data: Any
    problems: tuple[Any, ...]
    files: tuple[tuple[str, str | None], ...]


class CheckedFiles:
    """The checks of one build: the last build's where a file and the files it names are as they were."""

    def __init__(self, results: Results, where: Where) -> None:
        self.results = results
        self._where = where

    @staticmethod
    def file_key(text_digest: bytes, src_uri: str, display: str, body_refused: bool) -> bytes:
        return digest(text_digest, src_uri, display, b"refused" if body_refused else b"read")

    def check(self, key: bytes, make: Callable[[Where], tuple[Any, list[Any]]]) -> tuple[Any, list[Any]]:
        """The file's checked fields and mistakes, made by `make` (given how to ask about a named file) if need be."""
        asked: list[tuple[str, str | None]] = []

        def where(value: str) -> str | None:
            answer = self._where(value)
            asked.append((value, answer))
            return answer

        def made() -> Checked:
            data, problems = make(where)
            return Checked(data, tuple(problems), tuple(asked))

        def still_right(kept: Checked) -> bool:
            return all(self._where(value) == answer for value, answer in kept.files)

        checked: Checked = self.results.result(key, made, still_right)
        return checked.data, list(checked.problems)


class KeptChecks:
    """The checks of the last build, kept under the site's types and zone."""

    def __init__(self) -> None:
        self._kept = PerFile("checked files")

    def start(self, kept: BuildCache | None, types: Any, zone: Any, where: Where) -> CheckedFiles:
        # The types as values (their fields, and their rules and hooks by name: their code is in the cache's own
        # key), so that a network adding or removing a type checks every file again.
        return CheckedFiles(self._kept.start(kept, digest(stable_text(types), str(zone))), where)

    def keep(self, kept: BuildCache | None, checked: CheckedFiles) -> None:
        self._kept.keep(kept, checked.results)
