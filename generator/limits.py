"""How large a content file may be: far above any real item, low enough that a mistake cannot exhaust the machine.

A pasted 20 MB log, a YAML alias bomb or thousands of nested brackets would otherwise hang or
crash `check` and the build; each is reported as a content mistake instead. The largest file of
the real content has about 1,200 characters of front matter, 3 levels of nesting, under 100
values and a body of 5,000 characters.
"""

from __future__ import annotations

# Characters between the two '---' lines.
FRONT_MATTER_CHARACTERS = 100_000
# Lists and fields within fields (`organizations: {organizers: [iom]}` is 2 deep).
NESTING_LEVELS = 50
# Every field name and value, each alias (*name) counted as all the values it stands for.
VALUES = 10_000
# Characters of Markdown after the front matter (a long report is about 100,000).
BODY_CHARACTERS = 1_000_000
