"""The one error type for content mistakes, and the report that gathers them."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in one content file: where it is, and what was expected instead."""

    path: str
    line: int
    field: str
    expected: str
    found: str

    def __str__(self) -> str:
        # One mistake, one line: a title pasted with a line break must not split the report.
        return visible(f"{self.path}:{self.line}: {self.field}: expected {self.expected}, found {self.found}")

    def as_dict(self) -> dict[str, str | int]:
        """The error as plain data, for `check --format json`."""
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "expected": self.expected,
            "found": self.found,
            "message": str(self),
        }


class ContentErrors(Exception):  # noqa: N818 - a collection of ContentError, raised once
    """Every content mistake of the whole site, raised once loading has seen all files."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = tuple(sorted(set(errors)))
        super().__init__(self.report())

    def report(self) -> str:
        """One line per mistake, then a count, as staff read it in a terminal."""
        count = len(self.errors)
        noun = "mistake" if count == 1 else "mistakes"
        lines = [str(error) for error in self.errors]
        lines.append(f"{count} {noun} in content.")
        return "\n".join(lines)


def found_text(value: object, limit: int = 60) -> str:
    """How a found value reads in a message: quoted text, short, never a Python repr of a dict."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if not value.strip():
            return "empty text"
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"'{visible(text)}'"
    if isinstance(value, dict):
        keys = ", ".join(str(key) for key in list(value)[:4])
        return f"a mapping ({keys})" if keys else "an empty mapping"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, int) and value.bit_length() > 3 * limit:  # Python refuses to print over 4,300 digits
        return f"a number of about {value.bit_length() * 3 // 10:,} digits"
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_SHOWN = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """Text with line breaks and control characters written out, so that a message stays on one line."""
    return "".join(
        _SHOWN.get(char) or (f"\\u{ord(char):04x}" if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char)
        for char in text
    )
