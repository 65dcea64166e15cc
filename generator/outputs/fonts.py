"""The fonts a site serves for the scripts it is published in: the network's own, else the package's Noto cuts.

A script's font is declared once, here or in mkdocs.yml (`fonts:`), and everything a page says about fonts comes from
it: its @font-face rules, each limited (unicode-range) to the characters its file has, so a browser fetches it only
for text in that script; the family list that puts the page's own script first; the file a page in that language
fetches ahead of its stylesheet; and the small font of language names the switcher uses on every other page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.content.paths import below
from generator.content.settings import ScriptFont
from generator.graph.languages import script_of

FONTS = "assets/fonts"
# The package's cuts (bench/subset_font.py makes them, in the theme folder's assets/fonts/).
PACKAGE_FONTS = {
    "Beng": ScriptFont("Beng", "Noto Sans Bengali", f"{FONTS}/noto-sans-bengali-bengali-400-normal.woff2",
                       names=f"{FONTS}/noto-sans-bengali-names-700-normal.woff2"),
    "Arab": ScriptFont("Arab", "Noto Sans Arabic", f"{FONTS}/noto-sans-arabic-arabic-400-normal.woff2",
                       bold=f"{FONTS}/noto-sans-arabic-arabic-700-normal.woff2",
                       names=f"{FONTS}/noto-sans-arabic-names-700-normal.woff2"),
}
# Latin letters, digits and punctuation stay with the system fonts on every page (their metrics lay the site out).
SYSTEM_TEXT = range(0x0100)
# The switcher's links are bold (network.css).
NAMES_WEIGHT = 700
WOFF2 = b"wOF2"


@dataclass(frozen=True)
class FontFace:
    """One @font-face rule: a family's file for one weight, and the characters it is fetched for."""

    family: str
    weight: int
    path: str  # the file's address from the site's root
    unicode_range: str


@dataclass(frozen=True)
class PageFonts:
    """What a page in one language says about fonts: its rules, its family lists, and the file it fetches ahead."""

    faces: tuple[FontFace, ...]
    families: tuple[str, ...]  # the scripts' families, the page's own first (network.css goes on with system fonts)
    names: tuple[str, ...]  # the families of the switcher's language names, in the same order
    ahead: tuple[str, ...]


def site_fonts(chosen: Iterable[ScriptFont], codes: Iterable[str], theme_dir: Path | None,
               docs_dir: Path) -> dict[str, PageFonts]:
    """Each language's fonts: the network's for each script it names, the package's for its languages' others."""
    codes = tuple(codes)
    own = {font.script: font for font in chosen}
    # A script the network names a font for is served even if no language of the site is written in it (a quote).
    scripts = [script for script in dict.fromkeys([*(script_of(code) for code in codes), *own])
               if script in own or script in PACKAGE_FONTS]
    faces: list[FontFace] = []
    names: dict[str, str] = {}  # each script's family for the switcher's names
    for script in scripts:
        font, folder = (own[script], docs_dir) if script in own else (PACKAGE_FONTS[script], theme_dir)
        faces += [FontFace(font.family, weight, path, unicode_range(_file(folder, path)))
                  for weight, path in ((400, font.regular), (700, font.bold)) if path is not None]
        # A network's font without a cut of the names: the package's, so other pages need not fetch its whole font.
        named, named_in = (font, folder) if font.names or script not in PACKAGE_FONTS else (PACKAGE_FONTS[script],
                                                                                          theme_dir)
        if named.names is not None:
            names[script] = f"{named.family} Names"
            characters_named = unicode_range(_file(named_in, named.names))
            faces.append(FontFace(names[script], NAMES_WEIGHT, named.names, characters_named))
    families = {script: (own.get(script) or PACKAGE_FONTS[script]).family for script in scripts}
    return {code: _page_fonts(code, families, names, tuple(faces)) for code in codes}


def unused_package_fonts(fonts: Iterable[PageFonts]) -> tuple[str, ...]:
    """The package's font files (and each family's licence) that no page of the site asks for: the theme's folder
    publishes them all, and a site in English and Bangla has no use for the Arabic cut."""
    used = {face.path for page in fonts for face in page.faces}
    unused: list[str] = []
    for font in PACKAGE_FONTS.values():
        files = [path for path in (font.regular, font.bold, font.names) if path is not None]
        unused += [path for path in files if path not in used]
        if not used.intersection(files):
            unused.append(f"{FONTS}/OFL-{font.family.lower().replace(' ', '-')}.txt")
    return tuple(unused)


def _page_fonts(code: str, families: dict[str, str], names: dict[str, str], faces: tuple[FontFace, ...]) -> PageFonts:
    script = script_of(code)
    ordered = sorted(families, key=lambda each: each != script)  # the page's own script wins shared characters
    return PageFonts(
        faces=faces,
        families=tuple(families[each] for each in ordered),
        names=tuple(names[each] for each in ordered if each in names),
        ahead=tuple(face.path for face in faces if face.family == families.get(script) and face.weight == 400),
    )


def _file(folder: Path | None, path: str) -> Path:
    if folder is None or not (folder / path).is_file():
        raise ValueError(f"fonts: expected the font file {path} in {folder or 'the theme folder'}, found none")
    return folder / path


def font_problem(chosen: Iterable[ScriptFont], docs_dir: Path) -> str | None:
    """The build's one line about the network's font files, if one is not a readable WOFF2 font inside content/."""
    for font in chosen:
        for name, path in (("regular", font.regular), ("bold", font.bold), ("names", font.names)):
            if path is None:
                continue
            where = f"mkdocs.yml: plugins.network.fonts.{font.script}.{name}"
            file = below(docs_dir, path)
            if file is None or not file.is_file():
                return f"{where}: expected a .woff2 file in content/, found '{path}', not there"
            with file.open("rb") as opened:
                if opened.read(4) != WOFF2:
                    return f"{where}: expected a WOFF2 font, found '{path}', which is not one"
            try:
                characters(file)
            except Exception:  # fontTools raises many kinds on a damaged file
                return f"{where}: expected a WOFF2 font that can be read, found '{path}', damaged"
    return None


def unicode_range(path: Path) -> str:
    """The characters the font file has, but Latin-1's, as a CSS unicode-range (U+0980-0983, U+0985-098C…)."""
    ranges: list[list[int]] = []
    for code in sorted(set(characters(path)) - set(SYSTEM_TEXT)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ", ".join(f"U+{first:04X}" if first == last else f"U+{first:04X}-{last:04X}" for first, last in ranges)


def characters(path: Path) -> frozenset[int]:
    """The characters a font file maps to glyphs."""
    return _characters(path, path.stat().st_mtime_ns, path.stat().st_size)


@lru_cache(maxsize=32)
def _characters(path: Path, _mtime: int, _size: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # only a network's own font is read: most builds never need fontTools

    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()
