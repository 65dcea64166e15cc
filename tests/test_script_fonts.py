"""The site's Bangla and Arabic fonts, cut to what each language needs, still shape text as the full Noto fonts do.

bench/subset_font.py makes templates/assets/fonts/*.woff2 from the pinned npm packages' full fonts. These tests make
them again and find the same bytes, read their shaping tables, and have Chromium draw a sentence full of each
script's hard cases in the full font and in the site's, in regular and in bold (a real bold where the package ships
one, else the bold browsers make from the regular): the drawings are the same, and differ from a cut that threw the
shaping away (so the comparison can fail).
"""

from __future__ import annotations

import base64
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops
from playwright.sync_api import Browser
from sitebuild import REPO

# Bangla: conjuncts of two and three consonants (ক্ষ, ন্ত্র, ঙ্ক্ষ), reph (র্ক), ya-, ra- and ba-phala, khanda ta,
# chandrabindu, vowel signs on both sides, the Taka sign and Bangla digits.
# Arabic: each letter's joining forms (alone, first, middle, last), lam-alef (لا، لأ، لإ، لآ), lam-lam-ha (لله),
# harakat and shadda placed on their letters, tatweel, Arabic-Indic digits and Arabic punctuation.
SENTENCES = {
    "Beng": ("ক্ষুদ্র রাষ্ট্রের স্বাস্থ্য, বিজ্ঞান ও সংস্কৃতি; শ্রমিকের প্রত্যাবর্তন, মন্ত্রণালয়, "
             "আকাঙ্ক্ষা, কর্মসংস্থান, উৎসব, চাঁদ, কৌশল, ৳ ১২৩৪।"),
    "Arab": ("الهجرة الآمنة والمنظمة والنظامية؛ لا لأن لإدارة لآلاف، عمّال مُهاجرون، "
             "بلّغ ــ كـ ع عع ععع ه هه ههه، الله، ٢٠٢٤٪ ؟"),
}
LANGUAGES = {"Beng": "bn", "Arab": "ar"}
# What each script's shaper needs from the font: Bangla ('bng2') conjuncts, half forms, reph, below and post-base
# forms, presentation forms; Arabic joining forms and required ligatures (lam-alef); and marks placed on their bases.
SHAPING = {
    "Beng": ("bng2", {"akhn", "blwf", "half", "pstf", "rphf", "init", "nukt", "pres", "abvs", "blws", "psts"},
             {"abvm", "blwm", "mark"}),
    "Arab": ("arab", {"init", "medi", "fina", "rlig"}, {"mark", "mkmk"}),
}


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("subset_font", REPO / "bench" / "subset_font.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def subset_font() -> ModuleType:
    module = tool()
    for cut in module.CUTS.values():
        assert (cut.full / cut.file_name()).is_file(), (
            f"the full {cut.family} is installed by `npm ci --prefix tests` (.ci/run does it)"
        )
    return module


def features(font: TTFont, table: str, script: str) -> set[str]:
    """The features the font offers text of one OpenType script in one layout table."""
    layout = font[table].table
    found: set[str] = set()
    for record in layout.ScriptList.ScriptRecord:
        if record.ScriptTag != script:
            continue
        systems = [record.Script.DefaultLangSys, *(system.LangSys for system in record.Script.LangSysRecord)]
        for system in filter(None, systems):
            found |= {layout.FeatureList.FeatureRecord[index].FeatureTag for index in system.FeatureIndex}
    return found


SCRIPTS = ["Beng", "Arab"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_sites_font_files_are_what_the_tool_makes_from_the_pinned_full_fonts(
    subset_font: ModuleType, script: str, tmp_path: Path
) -> None:
    cut = subset_font.CUTS[script]
    for made in subset_font.make(cut, tmp_path):
        published = subset_font.FONTS / made.name
        assert made.read_bytes() == published.read_bytes(), "run `python bench/subset_font.py` and commit its files"
    for weight in cut.weights:
        published = subset_font.FONTS / cut.file_name(weight)
        assert published.stat().st_size < (cut.full / cut.file_name(weight)).stat().st_size
    assert (subset_font.FONTS / f"OFL-{cut.family}.txt").read_text(encoding="utf-8").count("SIL Open Font License")


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_cut_font_keeps_every_character_of_its_language_and_its_shaping(subset_font: ModuleType,
                                                                           script: str) -> None:
    cut = subset_font.CUTS[script]
    tag, shaping, placing = SHAPING[script]
    for weight in cut.weights:
        full = TTFont(cut.full / cut.file_name(weight))
        kept = TTFont(subset_font.FONTS / cut.file_name(weight))
        wanted = {ord(letter) for letter in SENTENCES[script]} - set(range(0x80))  # ASCII is the system fonts'
        assert wanted <= set(kept.getBestCmap()), "a letter, sign or digit of the sentence was cut"
        assert {0x200C, 0x200D} <= set(kept.getBestCmap())
        assert shaping <= features(kept, "GSUB", tag) == features(full, "GSUB", tag)
        assert placing <= features(kept, "GPOS", tag) == features(full, "GPOS", tag)


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_switchers_own_font_has_the_languages_name_and_little_more(subset_font: ModuleType, script: str) -> None:
    cut = subset_font.CUTS[script]
    published = subset_font.FONTS / cut.names_file
    assert set(TTFont(published).getBestCmap()) == {ord(letter) for letter in cut.names + cut.names_also}
    assert published.stat().st_size < 4000


def drawing(browser: Browser, font: Path, text: str, language: str, weight: int = 400) -> Image.Image:
    """The text as Chromium draws it in `font` at `weight` (bold made by the browser if the font is regular)."""
    data = base64.b64encode(font.read_bytes()).decode("ascii")
    page = browser.new_page(viewport={"width": 2400, "height": 200})
    try:
        page.set_content(
            "<style>@font-face { font-family: Test; src: url(data:font/woff2;base64," + data + ") format('woff2');"
            f" font-weight: {TTFont(font)['OS/2'].usWeightClass}; }}"
            "body { margin: 0; background: #fff; }"
            f"p {{ display: inline-block; font: {weight} 32px/1.6 Test; margin: 8px; white-space: nowrap; }}"
            f"</style><p lang='{language}'>{text}</p>"
        )
        page.evaluate("document.fonts.ready")
        assert page.evaluate("[...document.fonts].some(f => f.family === 'Test' && f.status === 'loaded')")
        return Image.open(io.BytesIO(page.locator("p").screenshot())).convert("RGB")
    finally:
        page.close()


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("weight", [400, 700])
def test_chromium_draws_the_hard_cases_in_the_cut_font_exactly_as_in_the_full_one(
    subset_font: ModuleType, session_browser: Browser, script: str, weight: int, tmp_path: Path
) -> None:
    cut = subset_font.CUTS[script]
    # The file a page uses for this weight: the real bold where the package ships one, else the regular.
    file = cut.file_name(weight if weight in cut.weights else subset_font.REGULAR)
    text, language = SENTENCES[script], LANGUAGES[script]
    full = drawing(session_browser, cut.full / file, text, language, weight)
    kept = drawing(session_browser, subset_font.FONTS / file, text, language, weight)
    assert ImageChops.difference(full, kept).getbbox() is None, "the cut font draws the sentence differently"
    if weight == subset_font.NAMES_WEIGHT:
        whole = drawing(session_browser, cut.full / cut.file_name(weight), cut.names, language, weight)
        alone = drawing(session_browser, subset_font.FONTS / cut.names_file, cut.names, language, weight)
        assert ImageChops.difference(whole, alone).getbbox() is None, f"the switcher's font draws {cut.names} apart"
    unshaped = tmp_path / "unshaped.woff2"
    subset_font.subset_font(cut.full / file, unshaped, cut.unicodes, layout_features="")
    assert ImageChops.difference(full, drawing(session_browser, unshaped, text, language, weight)).getbbox(), (
        "without its shaping features the font should draw the sentence apart: the comparison sees nothing"
    )
