"""Make the site's Bangla font files: Noto Sans Bengali cut to what Bangla text needs, its shaping kept whole.

    python bench/subset_font.py   (after `npm ci --prefix tests`, which brings the full font)

The full font comes from the pinned npm package @fontsource/noto-sans-bengali (its Bengali-script
files, tests/node_modules). The subset keeps the Bengali block as written in Bangladesh and India
(U+0980–09FE: letters, signs, digits, the Taka sign, fractions), the dandas, ZWNJ and ZWJ (which
writers use to choose between a conjunct and a visible hasanta) and the dotted circle shapers draw
under a lone sign; it drops the Vedic extensions, Devanagari stress signs and the rupee sign, which
Bangla prose does not use, and the hinting instructions, which browsers ignore for this font.
Every OpenType layout feature and every glyph they reach is kept (`--layout-features='*'`), so
conjuncts, reph, ya-, ra- and ba-phala and vowel signs shape as in the full font
(tests/test_bangla_font.py compares Chromium's drawing of both).

The language switcher on every page of the other languages names Bangla in Bangla ("বাংলা"): drawn from
the whole font, it would make every English page fetch it. Those letters come from a font of their own,
cut to them alone (under 1 KB), which the switcher's links use first.

Not cut to the characters the content uses: that would save about 3 KB a weight today, but a new
item with a letter nobody had used yet (ৎ, ৳, a rare conjunct's part) would be drawn by another
font, or as empty boxes, under a file name browsers keep in their caches.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

from generator.graph.languages import language

REPO = Path(__file__).resolve().parents[1]
FULL = REPO / "tests" / "node_modules" / "@fontsource" / "noto-sans-bengali" / "files"
FONTS = REPO / "templates" / "assets" / "fonts"
WEIGHTS = (400, 700)
# What Bangla text needs; the @font-face rules in templates/assets/network.css give the same ranges.
UNICODES = "U+0020,U+00A0,U+0964-0965,U+0980-09FE,U+200C-200D,U+25CC"
UNICODE_RANGE = "U+0964-0965, U+0980-09FE, U+200C-200D, U+25CC"


# The switcher's name for Bangla (CLDR's, as generator.graph.languages gives it), in its bold weight.
NAMES = language("bn").name
# Kept beside the name's letters: without the font's digit zero, Chromium draws the name a fraction of a pixel
# off the whole font's drawing (found by comparing the two; the digit is never asked for: see names_range).
NAMES_ALSO = "\u09e6"
NAMES_WEIGHT = 700
NAMES_FILE = f"noto-sans-bengali-names-{NAMES_WEIGHT}-normal.woff2"


def file_name(weight: int) -> str:
    return f"noto-sans-bengali-bengali-{weight}-normal.woff2"


def names_range() -> str:
    """The unicode-range of the names' font: each letter of the names, as network.css writes it."""
    return ", ".join(f"U+{code:04X}" for code in sorted({ord(letter) for letter in NAMES}))


def subset_font(source: Path, target: Path, layout_features: str = "*", text: str | None = None) -> None:
    """Write `source` cut to Bangla's characters (or to `text`'s) into `target` (WOFF2), with the layout features
    named."""
    characters = f"--text={text}" if text is not None else f"--unicodes={UNICODES}"
    subset.main([
        str(source), characters, f"--layout-features={layout_features}", "--no-hinting",
        "--drop-tables+=STAT", "--flavor=woff2", f"--output-file={target}",
    ])


def main() -> int:
    for weight in WEIGHTS:
        source = FULL / file_name(weight)
        if not source.is_file():
            print(f"{source} is missing: run `npm ci --prefix tests` first", file=sys.stderr)
            return 1
        target = FONTS / file_name(weight)
        subset_font(source, target)
        print(f"{target.relative_to(REPO)}: {source.stat().st_size:,} → {target.stat().st_size:,} bytes")
    names = FONTS / NAMES_FILE
    subset_font(FULL / file_name(NAMES_WEIGHT), names, text=NAMES + NAMES_ALSO)
    print(f"{names.relative_to(REPO)}: {NAMES!r} alone, {names.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
