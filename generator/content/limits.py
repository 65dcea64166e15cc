"""How large a content file may be: far above any real item, low enough that a mistake cannot exhaust the machine.

A pasted 20 MB log, a YAML alias bomb or thousands of nested brackets would otherwise hang or
crash `check` and the build; each is reported as a content mistake instead. The largest file of
the real content has about 1,200 characters of front matter, 3 levels of nesting, under 100
values and a body of 5,000 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters between the two '---' lines.
FRONT_MATTER_CHARACTERS = 100_000
# Lists and fields within fields (`organizations: {organizers: [iom]}` is 2 deep).
NESTING_LEVELS = 50
# Every field name and value, each alias (*name) counted as all the values it stands for.
VALUES = 10_000
# Pixels a picture may hold, read from its header before anything is decoded: a 48-megapixel phone photo has
# 48,000,000; a file that says it has more is a scan to shrink first, or a decompression bomb.
PICTURE_PIXELS = 64_000_000
# Bytes the pictures being resized at once may take between them, however many cores share the work: one
# 48-megapixel photo decoded at half size takes about a quarter of it.
PICTURE_MEMORY = 512 * 1024**2
# Characters of Markdown after the front matter (a long report is about 100,000). Python-Markdown reads
# 300,000 characters of dense links or tags in under 10 seconds; only a pasted log or document is longer.
BODY_CHARACTERS = 300_000
# Python-Markdown's inline work in a paragraph grows with its marks ('[', '<', '*', '_', '`', '&', '\\') times its
# length; summed over the body's paragraphs, this much takes about a second. A real body sums under 20,000.
PARAGRAPH_WORK = 1_000_000_000
# From each '[', a link's '(', '{' and '<tag', Python-Markdown scans to where it closes, or to the end of the
# paragraph (of the line for '{', of the body for '<') if it never does: 2,000,000 characters scanned take about
# 2 seconds. A real body scans a few thousand (a link's text, a tag's attributes).
OPEN_WORK = 2_000_000
# One line for staff: what a body may hold before the Markdown library reads it.
BODY_RULE = (
    f"at most {BODY_CHARACTERS:,} characters, no control characters, each '[', '(', '{{' and '<' closed near where "
    f"it opens, and paragraphs broken by blank lines"
)
# C0 controls but tab and line ends, DEL, C1 controls (NEL among them) and the two non-characters: never typed on
# purpose, invisible on the page, and invalid in the XML of feeds.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# A '<' that the Markdown library's HTML reader takes for the start of a tag, a comment or a declaration.
_TAG_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")
# The characters that open or close what is scanned; a regular expression skips the rest at C speed.
_OPENERS = re.compile(r"[\[\](){}<>\\\n]")
# The characters from which a scan starts.
_OPENING = "[({<"
# The characters that start one of Python-Markdown's inline patterns (links, emphasis, code, tags, entities, escapes).
_MARKS = "[<*_`&\\"


@dataclass(frozen=True)
class BodyProblem:
    """Why a body is refused before Markdown reads it: the line (0 is the body's first) and what was found."""

    line: int
    found: str


def body_problem(body: str) -> BodyProblem | None:
    """The first thing in `body` beyond BODY_RULE; a few passes over it, so linear in its length."""
    if len(body) > BODY_CHARACTERS:
        return BodyProblem(1, f"{len(body):,}")
    control = CONTROL_CHARACTERS.search(body)
    if control is not None:
        return BodyProblem(_line(body, control.start()),
                           f"the control character U+{ord(control[0]):04X} at column {_column(body, control.start())}")
    return _paragraph_problem(body) or _open_problem(body)


def _paragraph_problem(body: str) -> BodyProblem | None:
    """Each paragraph's marks times its length, summed over the body; refused at the paragraph that goes over."""
    # No paragraph holds more marks or characters than the whole body: a body under the bound is never over.
    if sum(map(body.count, _MARKS)) * len(body) <= PARAGRAPH_WORK:
        return None
    work = start = 0
    for blank in (*re.finditer(r"\n[ \t]*(?=\n)", body), None):
        end = blank.start() if blank is not None else len(body)
        paragraph = body[start:end]
        marks = sum(map(paragraph.count, _MARKS))
        work += marks * len(paragraph)
        if work > PARAGRAPH_WORK:
            first = start + len(paragraph) - len(paragraph.lstrip())
            found = f"a paragraph of {len(paragraph):,} characters with {marks:,} links, tags or other marks"
            return BodyProblem(_line(body, first), f"{found}, more than the body can hold (break it with blank lines)")
        start = end
    return None


def _open_problem(body: str) -> BodyProblem | None:
    """How far Python-Markdown scans from each opening mark to its close; too far in all is refused at the mark."""
    # Each opening mark is scanned from at most once, and never past the body's end: under the bound, never over.
    if sum(map(body.count, _OPENING)) * len(body) <= OPEN_WORK:
        return None
    scanned = 0
    brackets: list[int] = []  # positions of '[' still open in this paragraph
    parens: list[int] = []  # of '(' inside a link's address: [text](…
    braces: list[int] = []  # of '{' still open on this line
    tags: list[int] = []  # of '<tag' not yet closed by '>'
    line_start = 0
    skip = -1  # the position a backslash escapes
    for match in _OPENERS.finditer(body):
        at, char = match.start(), match[0]
        ended: list[int] = []
        if char == "\n":
            ended = braces
            braces = []
            if not body[line_start:at].strip():  # a blank line: the paragraph's open brackets never close
                ended = [*ended, *brackets, *parens]
                brackets, parens = [], []
            line_start = at + 1
        elif at == skip:
            continue
        elif char == "\\":
            skip = at + 1
        elif char == "[":
            brackets.append(at)
        elif char == "(" and (parens or body[at - 1 : at] == "]"):
            parens.append(at)
        elif char == "{":
            braces.append(at)
        elif char == "<" and body[at + 1 : at + 2] in _TAG_START:
            tags.append(at)
        else:
            opened = {"]": brackets, ")": parens, "}": braces, ">": tags}.get(char)
            if opened:
                ended = [opened.pop()]
        for position in ended:
            scanned += at - position
            if scanned > OPEN_WORK:
                return _too_open(body, position)
    for position in sorted([*brackets, *parens, *braces, *tags]):
        scanned += len(body) - position
        if scanned > OPEN_WORK:
            return _too_open(body, position)
    return None


def _too_open(body: str, position: int) -> BodyProblem:
    return BodyProblem(_line(body, position), f"'{body[position]}' at column {_column(body, position)} and others "
                       f"left open over {OPEN_WORK:,} characters in all")


def _line(body: str, position: int) -> int:
    return body.count("\n", 0, position)


def _column(body: str, position: int) -> int:
    return position - body.rfind("\n", 0, position)
