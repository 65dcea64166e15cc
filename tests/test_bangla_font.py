"""The site's Bangla font, cut to what Bangla needs, still shapes Bangla as the full Noto Sans Bengali does.

bench/subset_font.py makes templates/assets/fonts/*.woff2 from the pinned npm package's full font. These
tests make them again and find the same bytes, read their shaping tables, and have Chromium draw a
sentence full of conjuncts, reph, phalas and vowel signs in the full font and in the site's: the two
drawings are the same, and differ from a cut that threw the shaping away (so the comparison can fail).
"""

from __future__ import annotations

import base64
import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops
from playwright.sync_api import Browser
from sitebuild import REPO

# Conjuncts of two and three consonants (ক্ষ, ন্ত্র, ঙ্ক্ষ), reph (র্ক), ya-, ra- and ba-phala, khanda ta,
# chandrabindu, vowel signs on both sides, the Taka sign and Bangla digits.
SENTENCE = ("ক্ষুদ্র রাষ্ট্রের স্বাস্থ্য, বিজ্ঞান ও সংস্কৃতি; শ্রমিকের প্রত্যাবর্তন, মন্ত্রণালয়, "
            "আকাঙ্ক্ষা, কর্মসংস্থান, উৎসব, চাঁদ, কৌশল, ৳ ১২৩৪।")
# What a Bangla shaper needs from the font (OpenType's Bengali script, 'bng2'): conjuncts, half forms,
# reph, below and post-base forms, presentation forms, and marks placed on their bases.
SHAPING = {"akhn", "blwf", "half", "pstf", "rphf", "init", "nukt", "pres", "abvs", "blws", "psts"}
PLACING = {"abvm", "blwm", "mark"}


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("subset_font", REPO / "bench" / "subset_font.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def subset_font() -> ModuleType:
    module = tool()
    assert (module.FULL / module.file_name(400)).is_file(), (
        "the full Noto Sans Bengali is installed by `npm ci --prefix tests` (.ci/run does it)"
    )
    return module


def features(font: TTFont, table: str) -> set[str]:
    """The features the font offers Bengali text ('bng2') in one layout table."""
    layout = font[table].table
    found: set[str] = set()
    for script in layout.ScriptList.ScriptRecord:
        if script.ScriptTag != "bng2":
            continue
        systems = [script.Script.DefaultLangSys, *(record.LangSys for record in script.Script.LangSysRecord)]
        for system in filter(None, systems):
            found |= {layout.FeatureList.FeatureRecord[index].FeatureTag for index in system.FeatureIndex}
    return found


@pytest.mark.parametrize("weight", [400, 700])
def test_the_sites_font_files_are_what_the_tool_makes_from_the_pinned_full_font(
    subset_font: ModuleType, weight: int, tmp_path: Path
) -> None:
    made = tmp_path / "made.woff2"
    subset_font.subset_font(subset_font.FULL / subset_font.file_name(weight), made)
    published = subset_font.FONTS / subset_font.file_name(weight)
    assert made.read_bytes() == published.read_bytes(), "run `python bench/subset_font.py` and commit its files"
    assert published.stat().st_size < (subset_font.FULL / subset_font.file_name(weight)).stat().st_size


@pytest.mark.parametrize("weight", [400, 700])
def test_the_cut_font_keeps_every_bangla_character_and_its_shaping(subset_font: ModuleType, weight: int) -> None:
    full = TTFont(subset_font.FULL / subset_font.file_name(weight))
    cut = TTFont(subset_font.FONTS / subset_font.file_name(weight))
    bangla = {code for code in full.getBestCmap() if 0x0980 <= code <= 0x09FE}
    assert len(bangla) > 80
    assert bangla <= set(cut.getBestCmap()), "a Bangla letter, sign or digit was cut"
    assert {0x200C, 0x200D, 0x25CC, 0x0964, 0x0965} <= set(cut.getBestCmap())
    assert SHAPING <= features(cut, "GSUB") == features(full, "GSUB")
    assert PLACING <= features(cut, "GPOS") == features(full, "GPOS")


def test_the_stylesheet_asks_for_each_font_only_for_what_it_has(subset_font: ModuleType) -> None:
    css = (REPO / "templates" / "assets" / "network.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    ranges = {(re.findall(r"url\(fonts/([^)]+)\)", face)[0], re.findall(r"unicode-range:\s*([^;]+);", face)[0])
              for face in faces}
    assert ranges == {
        (subset_font.file_name(400), subset_font.UNICODE_RANGE),
        (subset_font.file_name(700), subset_font.UNICODE_RANGE),
        (subset_font.NAMES_FILE, subset_font.names_range()),
    }


def test_the_switchers_own_font_has_the_name_of_bangla_and_nothing_more(
    subset_font: ModuleType, tmp_path: Path
) -> None:
    made = tmp_path / "names.woff2"
    subset_font.subset_font(subset_font.FULL / subset_font.file_name(subset_font.NAMES_WEIGHT), made,
                            text=subset_font.NAMES + subset_font.NAMES_ALSO)
    published = subset_font.FONTS / subset_font.NAMES_FILE
    assert made.read_bytes() == published.read_bytes(), "run `python bench/subset_font.py` and commit its files"
    letters = subset_font.NAMES + subset_font.NAMES_ALSO
    assert set(TTFont(published).getBestCmap()) == {ord(letter) for letter in letters}
    assert published.stat().st_size < 2000


def drawing(browser: Browser, font: Path, text: str = SENTENCE) -> Image.Image:
    """The text (the sentence) as Chromium draws it in `font`, on a white page, as pixels."""
    data = base64.b64encode(font.read_bytes()).decode("ascii")
    page = browser.new_page(viewport={"width": 2400, "height": 200})
    try:
        page.set_content(
            "<style>@font-face { font-family: Test; src: url(data:font/woff2;base64," + data + ") format('woff2'); }"
            "body { margin: 0; background: #fff; }"
            "p { display: inline-block; font: 32px/1.6 Test; margin: 8px; white-space: nowrap; }"
            f"</style><p lang='bn'>{text}</p>"
        )
        page.evaluate("document.fonts.ready")
        assert page.evaluate("[...document.fonts].some(f => f.family === 'Test' && f.status === 'loaded')")
        return Image.open(io.BytesIO(page.locator("p").screenshot())).convert("RGB")
    finally:
        page.close()


@pytest.mark.parametrize("weight", [400, 700])
def test_chromium_draws_conjuncts_in_the_cut_font_exactly_as_in_the_full_one(
    subset_font: ModuleType, session_browser: Browser, weight: int, tmp_path: Path
) -> None:
    full = drawing(session_browser, subset_font.FULL / subset_font.file_name(weight))
    cut = drawing(session_browser, subset_font.FONTS / subset_font.file_name(weight))
    assert ImageChops.difference(full, cut).getbbox() is None, "the cut font draws the sentence differently"
    if weight == subset_font.NAMES_WEIGHT:
        name = subset_font.NAMES
        whole = drawing(session_browser, subset_font.FULL / subset_font.file_name(weight), name)
        alone = drawing(session_browser, subset_font.FONTS / subset_font.NAMES_FILE, name)
        assert ImageChops.difference(whole, alone).getbbox() is None, f"the switcher's font draws {name} differently"
    unshaped = tmp_path / "unshaped.woff2"
    subset_font.subset_font(subset_font.FULL / subset_font.file_name(weight), unshaped, layout_features="")
    assert ImageChops.difference(full, drawing(session_browser, unshaped)).getbbox() is not None, (
        "without its shaping features the font should draw the conjuncts apart: the comparison sees nothing"
    )
