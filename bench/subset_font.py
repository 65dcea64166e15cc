"""Make the package's font files for the scripts it ships: Noto cut to what each language's text needs, shaping whole.

    python bench/subset_font.py   (after `npm ci --prefix tests`, which brings the full fonts)

The full fonts come from pinned npm packages (@fontsource/noto-sans-bengali and @fontsource/noto-sans-arabic,
tests/node_modules). Each cut keeps the characters its language is written with: for Bangla the Bengali block as
written in Bangladesh and India (U+0980–09FE: letters, signs, digits, the Taka sign, fractions) and the dandas; for
Arabic the letters, tatweel, harakat, hamza and maddah marks, superscript and wasla alef, Arabic-Indic digits and
Arabic punctuation (not the letters only Persian, Urdu or other languages written in Arabic script use). Both keep
ZWNJ and ZWJ (which writers use to choose a joining or a conjunct) and the dotted circle shapers draw under a lone
sign, and drop the hinting instructions, which browsers ignore for these fonts. Every OpenType layout feature and
every glyph it reaches is kept (`--layout-features='*'`), so conjuncts, reph, phalas and vowel signs, and Arabic's
joining forms and lam-alef, shape as in the full font (tests/test_script_fonts.py compares Chromium's drawings).

Bangla is cut in its regular weight only: bold Bangla is drawn from it by the browser (synthesized bold, the same
shaping), since a real bold would double what a Bangla first visit fetches (80 KB of fonts with both weights; one
variable font for both, cut the same way, is still 70 KB). Arabic needs few glyphs (about 10 KB a weight): it gets
its real bold. A network wanting a real Bangla bold names its own file in mkdocs.yml (`fonts:`).

The language switcher on every page of the other languages names each language in its own words ("বাংলা",
"العربية"): drawn from the whole font, it would make every English page fetch it. Those letters come from a font of
their own per script, cut to them alone (about 1 KB), which the switcher's links use first.

Not cut to the characters the content uses: that would save a few KB, but a new item with a letter nobody had used
yet (ৎ, ৳, a rare conjunct's part) would be drawn by another font, or as empty boxes, under a file name browsers keep
in their caches.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset

from generator.graph.languages import language

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "tests" / "node_modules" / "@fontsource"
FONTS = REPO / "templates" / "assets" / "fonts"
REGULAR = 400
# The switcher's links are bold: their names are cut from the bold weight.
NAMES_WEIGHT = 700


@dataclass(frozen=True)
class Cut:
    """One script's font as the package ships it: where the full font is, and what of it a language's text needs."""

    script: str  # ISO 15924, as CLDR's likely subtags give it (generator.graph.languages.script_of)
    family: str  # @fontsource/<family's folder name>, and the files' stem
    subset: str  # fontsource's file subset of that script
    unicodes: str
    language: str  # the language whose own name the names font draws
    weights: tuple[int, ...] = (REGULAR,)  # a bold beside the regular only where it costs a first visit little
    # Kept beside the name's letters, where Chromium needs them to draw the name exactly as the whole font does.
    names_also: str = ""

    @property
    def full(self) -> Path:
        return NODE_MODULES / self.family / "files"

    def file_name(self, weight: int = REGULAR) -> str:
        return f"{self.family}-{self.subset}-{weight}-normal.woff2"

    @property
    def names_file(self) -> str:
        return f"{self.family}-names-{NAMES_WEIGHT}-normal.woff2"

    @property
    def names(self) -> str:
        """The switcher's name for the language (CLDR's, as generator.graph.languages gives it)."""
        return language(self.language).name


CUTS = {
    # Without the font's digit zero (Bangla) or tatweel (Arabic), Chromium draws বাংলা and العربية a fraction of a
    # pixel off the whole font's drawing (found by comparing the two; neither character is in the name).
    "Beng": Cut("Beng", "noto-sans-bengali", "bengali", "U+0020,U+00A0,U+0964-0965,U+0980-09FE,U+200C-200D,U+25CC",
                "bn", names_also="\u09e6"),
    "Arab": Cut("Arab", "noto-sans-arabic", "arabic",
                "U+0020,U+00A0,U+060C,U+061B,U+061F,U+0621-063A,U+0640-0655,U+0660-066D,U+0670-0671,U+06D4,"
                "U+200C-200D,U+25CC", "ar", names_also="\u0640", weights=(REGULAR, 700)),
}


def subset_font(source: Path, target: Path, unicodes: str, layout_features: str = "*", text: str | None = None) -> None:
    """Write `source` cut to `unicodes` (or to `text`'s characters) into `target` (WOFF2), with the features named."""
    characters = f"--text={text}" if text is not None else f"--unicodes={unicodes}"
    subset.main([
        str(source), characters, f"--layout-features={layout_features}", "--no-hinting",
        "--drop-tables+=STAT", "--flavor=woff2", f"--output-file={target}",
    ])


def make(cut: Cut, folder: Path = FONTS) -> list[Path]:
    """The script's cuts (each weight it ships, then its names font), written into `folder`."""
    made = []
    for weight in cut.weights:
        made.append(folder / cut.file_name(weight))
        subset_font(cut.full / cut.file_name(weight), made[-1], cut.unicodes)
    made.append(folder / cut.names_file)
    subset_font(cut.full / cut.file_name(NAMES_WEIGHT), made[-1], cut.unicodes, text=cut.names + cut.names_also)
    return made


def main() -> int:
    for cut in CUTS.values():
        source = cut.full / cut.file_name()
        if not source.is_file():
            print(f"{source} is missing: run `npm ci --prefix tests` first", file=sys.stderr)
            return 1
        *weights, names = make(cut)
        for weight, made in zip(cut.weights, weights, strict=True):
            full = (cut.full / cut.file_name(weight)).stat().st_size
            print(f"{made.relative_to(REPO)}: {full:,} → {made.stat().st_size:,} bytes")
        print(f"{names.relative_to(REPO)}: {cut.names!r} alone, {names.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
