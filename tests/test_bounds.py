"""Work that is bounded by construction: hostile bodies, numbers and pictures are one mistake each, never a hang.

An attacker (or a slip of the paste key) meets a limit said in one line, at the file and line; staff's
ordinary long pages, big phone photos and logos still publish. `check` and the build give the same verdict.
Time is never asserted: a scanner that stopped being linear would take hours on these inputs, far past
each test's generous timeout.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image
from sitebuild import examplia_copy, mistakes, mkdocs_build, network_site

from generator.content import limits
from generator.content.links import links_in_line

# Far longer than any of these takes when linear; a quadratic scanner or Markdown would still be running.
GENEROUS = 240

HEAD = "title: Hostile\nsummary: A file that tries to keep the build busy.\ndate: 2024-01-10\n"
WORDS = "The network met returnees and their families in Port Example. "

# Bodies Python-Markdown (or our own scanners) would read for minutes or hours: (body, line of the body it is
# refused at, what the mistake says it found). A mark left open is refused where the count goes over (None).
HOSTILE_BODIES = {
    # The examples, and more of their kind: openings that are never closed, scanned again and again.
    "brackets": ("[" * 250_000, 1, "links, tags or other marks"),
    "link-openers": ("[a](" * 60_000, 1, "links, tags or other marks"),
    "tags-left-open": ((("<a " + WORDS * 30) + "\n") * 120, None, "left open over"),
    "cdata-left-open": ("Intro.\n\n" + "<![CDATA[" * 300 + WORDS * 1000, 3, "left open over"),
    "references-left-open": ("Intro.\n\n" + ("[a][" + WORDS * 40 + "\n") * 90, None, "left open over"),
    "attributes-left-open": ("Intro.\n\n# Title " + "{" * 40 + WORDS * 2000, 3, "left open over"),
    "links-one-paragraph": (("[a](b) " * 40_000), 1, "links, tags or other marks"),
    "too-long": (WORDS * 5000, 1, f"{len(WORDS) * 5000 + 2:,}"),  # with the line ends around it
}
# Characters never typed on purpose, refused in a body as in front matter: (name, character).
CONTROLS = {"nul": "\x00", "escape": "\x1b", "form-feed": "\x0c", "delete": "\x7f", "next-line": "\x85"}
# Numbers no field holds: YAML that Python cannot read as an int, digits int() refuses, a 10-digit count.
HOSTILE_NUMBERS = {
    "sdg-5000-digits": ("sdgs: [" + "1" * 5000 + "]\n", 5, "sdgs (the first)", "an SDG number from 1 to 17"),
    "sdg-quoted-digits": ('sdgs: ["' + "1" * 5000 + '"]\n', 5, "sdgs (the first)", "an SDG number from 1 to 17"),
    "gcm-hexadecimal": ("gcm_objectives: [0x" + "f" * 5000 + "]\n", 5, "gcm_objectives (the first)",
                        "a GCM objective number from 1 to 23"),
    "sdg-superscript": ("sdgs: ['²']\n", 5, "sdgs (the first)", "an SDG number from 1 to 17"),
}


def hostile_news(content: Path, name: str, front: str, body: str) -> None:
    (content / "news" / f"{name}.md").write_text(f"---\n{HEAD}{front}---\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up network with one hostile file of each kind beside its good ones."""
    config = examplia_copy(tmp_path_factory.mktemp("bounds") / "examplia")
    content = config.parent / "content"
    for name, (body, _, _) in HOSTILE_BODIES.items():
        hostile_news(content, name, "", body)
    for name, char in CONTROLS.items():
        hostile_news(content, f"control-{name}", "", f"A first line.\n\nA second with a {char} pasted in.")
    for name, (front, _, _, _) in HOSTILE_NUMBERS.items():
        hostile_news(content, name, front, "Body.")
    event = content / "events" / "return-forum.md"
    event.write_text(event.read_text(encoding="utf-8").replace("participants: 80", "participants: " + "9" * 5000),
                     encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def checked(hostile_site: Path) -> subprocess.CompletedProcess[str]:
    return network_site(hostile_site, "check", timeout=GENEROUS)


def hostile_site_content(checked: subprocess.CompletedProcess[str]) -> Path:
    """The content/ folder `check` ran on (its config is the argument after -f)."""
    return Path(checked.args[checked.args.index("-f") + 1]).parent / "content"


def mistake_of(output: str, name: str) -> str:
    [line] = [line for line in mistakes(output) if f"/{name}.md:" in line]
    return line


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_a_body_markdown_would_read_for_minutes_is_one_mistake_at_its_line(
    checked: subprocess.CompletedProcess[str], name: str
) -> None:
    _, line, found = HOSTILE_BODIES[name]
    mistake = mistake_of(checked.stdout, name)
    assert f"news/{name}.md:" in mistake and f": body: expected {limits.BODY_RULE}, found " in mistake
    said = mistake.split(", found ", 1)[1]
    assert found in said
    at = int(mistake.split(f"news/{name}.md:", 1)[1].split(":", 1)[0])
    if line is not None:
        assert at == HEAD.count("\n") + 3 + line - 1
    else:  # the line named holds the mark named, at the column named
        mark, column = said.split("'")[1], int(said.split("at column ")[1].split()[0])
        text = (hostile_site_content(checked) / "news" / f"{name}.md").read_text(encoding="utf-8").split("\n")
        assert text[at - 1][column - 1] == mark


@pytest.mark.parametrize("name", list(CONTROLS))
def test_a_control_character_in_a_body_is_refused_at_its_line_and_column(
    checked: subprocess.CompletedProcess[str], name: str
) -> None:
    mistake = mistake_of(checked.stdout, f"control-{name}")
    code = f"U+{ord(CONTROLS[name]):04X}"
    assert f"control-{name}.md:8: body: expected {limits.BODY_RULE}, found the control character {code} at column 17" \
        in mistake


@pytest.mark.parametrize("name", list(HOSTILE_NUMBERS))
def test_a_number_no_field_holds_is_one_mistake_at_its_field(
    checked: subprocess.CompletedProcess[str], name: str
) -> None:
    _, line, field, expected = HOSTILE_NUMBERS[name]
    assert f"news/{name}.md:{line}: {field}: expected {expected}, found " in mistake_of(checked.stdout, name)


def test_a_count_of_5000_digits_is_a_mistake_at_its_field(checked: subprocess.CompletedProcess[str]) -> None:
    mistake = mistake_of(checked.stdout, "return-forum")
    assert "events/return-forum.md:10: participants: expected a whole number, like 40 (at most 9 digits), found '999" \
        in mistake


def test_check_says_each_in_one_line_and_nothing_else(checked: subprocess.CompletedProcess[str]) -> None:
    assert checked.returncode == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    count = len(HOSTILE_BODIES) + len(CONTROLS) + len(HOSTILE_NUMBERS) + 1
    assert len(mistakes(checked.stdout)) == count, checked.stdout[-3000:]


def test_the_build_stops_on_the_same_mistakes_and_publishes_nothing(
    checked: subprocess.CompletedProcess[str], hostile_site: Path, tmp_path: Path
) -> None:
    built = mkdocs_build(hostile_site, tmp_path / "site", timeout=GENEROUS)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert mistakes(built.stderr) == mistakes(checked.stdout)
    assert not (tmp_path / "site").exists()


# --- as staff meet it -------------------------------------------------------------------------------------------


def long_report() -> str:
    """A long report as staff write one: 100,000 characters of headed sections, links, emphasis, a table, Bangla."""
    section = textwrap.dedent("""\
        ## Findings from the district consultations

        Returnees in *Port Example* told the [working group](../twgs/return.md) that **jobs** come first;
        see the [UNHCR page](../organizations/unhcr.md) and the [forum](../events/return-forum.md) (day two).
        Tabs\tand a line break at the end of this line are fine.{BREAK}
        প্রত্যাবর্তনকারী অভিবাসীদের জন্য সেবা [brackets in prose] and a < b, with {braces} too.

        | District | Returnees | Services |
        | --- | --- | --- |
        | North | 1,200 | [counselling](../twgs/return.md) |
        | South | 950 | *training* |

        """).replace("{BREAK}", "  ")
    return section * (100_000 // len(section))


def test_an_ordinary_long_report_with_tabs_bangla_and_tables_is_within_every_limit() -> None:
    report = long_report()
    assert len(report) > 90_000
    assert limits.body_problem(report) is None


def test_an_ordinary_long_report_and_plain_numbers_publish(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    content = config.parent / "content"
    hostile_news(content, "long-report", "sdgs: ['10', 8]\ngcm_objectives: [7]\n", long_report())
    built = mkdocs_build(config, tmp_path / "site", timeout=GENEROUS)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (tmp_path / "site" / "news" / "long-report" / "index.html").read_text(encoding="utf-8")
    assert page.count("Findings from the district consultations") >= 100
    assert "প্রত্যাবর্তনকারী" in page and "<table>" in page


def test_a_mistake_in_a_long_body_names_the_line_staff_can_go_to(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    content = config.parent / "content"
    report = long_report()
    lines = report.count("\n")
    hostile_news(content, "pasted", "", report + "Copied from a terminal: \x1b[31mred\x1b[0m\n")
    checked = network_site(config, "check", timeout=GENEROUS)
    mistake = mistake_of(checked.stdout, "pasted")
    assert f"pasted.md:{HEAD.count(chr(10)) + 3 + lines}: body: expected " in mistake
    assert mistake.endswith("found the control character U+001B at column 25")


# --- the link scanner ----------------------------------------------------------------------------------------------


def test_the_link_scanner_finds_links_pictures_and_a_picture_inside_a_link() -> None:
    line = 'See [the forum](events/forum.md "Forum") and [![a map](map.png)](about.md), not [this] (x.md).'
    assert links_in_line(line) == [
        (False, "the forum", "events/forum.md"),
        (False, "![a map](map.png)", "about.md"),
        (True, "a map", "map.png"),
    ]


def test_the_link_scanner_reads_a_million_hostile_characters_in_one_pass() -> None:
    # Each of these took the old regular-expression scanner time growing with the square of the line.
    script = textwrap.dedent("""\
        from generator.content.links import links_in_line
        for line in ("[a](" * 250_000, "[" * 500_000 + "](" * 250_000, '[a](b "' * 150_000,
                     "``a`" * 250_000 + "[a](b)", "[a](" + " " * 1_000_000):
            links_in_line(line)
        print("done")
        """)
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=GENEROUS, check=False)
    assert ran.stdout == "done\n", ran.stderr[-2000:]


# --- pictures --------------------------------------------------------------------------------------------------------


def png_bomb(path: Path, side: int = 30_000) -> None:
    """A PNG of side × side black pixels: about 100 KB on disk, gigabytes once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + side // 8)  # filter byte, then one bit a pixel
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row * 1000) for _ in range(side // 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def phone_photo(path: Path, size: tuple[int, int] = (8000, 6000)) -> None:
    """A 48-megapixel JPEG as a phone takes it (gradients, so that it stays a few megabytes)."""
    ramp = Image.linear_gradient("L")
    Image.merge("RGB", (ramp.resize(size), ramp.rotate(90).resize(size), ramp.resize(size[::-1]).rotate(90,
                expand=True).resize(size))).save(path, quality=85)


def with_logo(config: Path, logo: str) -> None:
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("        country: Examplia\n", f"        country: Examplia\n        logo: {logo}\n"),
                      encoding="utf-8")


@pytest.fixture(scope="module")
def bombed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up network whose pictures include decompression bombs: an item's image and one in a body."""
    config = examplia_copy(tmp_path_factory.mktemp("bombs") / "examplia")
    content = config.parent / "content"
    png_bomb(content / "images" / "bomb.png")
    png_bomb(content / "images" / "wide-bomb.png", 9_000)  # under Pillow's own limit, over ours
    hostile_news(content, "bomb-image", "image: {src: images/bomb.png, alt: A harmless-looking picture}\n", "Text.")
    hostile_news(content, "bomb-in-body", "", "Text.\n\n![A harmless-looking picture](../images/wide-bomb.png)")
    return config


def test_a_decompression_bomb_is_one_mistake_at_the_field_or_line_that_shows_it_and_the_build_agrees(
    bombed_site: Path, tmp_path: Path
) -> None:
    checked = network_site(bombed_site, "check", timeout=GENEROUS)
    found = mistakes(checked.stdout)
    assert any("bomb-image.md:5: image.src: expected a JPEG or PNG picture, found 'images/bomb.png', which is a "
               f"picture of more than {limits.PICTURE_PIXELS:,} pixels (a decompression bomb?)" in line
               for line in found), checked.stdout
    assert any("bomb-in-body.md:8: image: expected a JPEG or PNG picture, found 'images/wide-bomb.png', which is "
               f"a picture of 9,000 × 9,000 pixels, more than {limits.PICTURE_PIXELS:,}" in line for line in found)
    assert len(found) == 2 and "Traceback" not in checked.stdout + checked.stderr
    built = mkdocs_build(bombed_site, tmp_path / "site", timeout=GENEROUS)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert mistakes(built.stderr) == found


def test_a_logo_that_is_a_decompression_bomb_stops_check_and_the_build_with_one_line(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    png_bomb(config.parent / "content" / "images" / "logo.png")
    with_logo(config, "images/logo.png")
    said = ("mkdocs.yml: plugins.network.network.logo: expected a PNG or JPEG picture, found logo.png, a picture of "
            f"more than {limits.PICTURE_PIXELS:,} pixels (a decompression bomb?)")
    checked = network_site(config, "check", timeout=GENEROUS)
    assert checked.returncode == 1 and said in checked.stderr and "Traceback" not in checked.stderr
    built = mkdocs_build(config, tmp_path / "site", timeout=GENEROUS)
    assert built.returncode == 1 and said in built.stderr and "Traceback" not in built.stderr
    assert not (tmp_path / "site").exists()


def test_a_big_phone_photo_publishes_with_copies_no_wider_than_any_screen_needs(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    content = config.parent / "content"
    phone_photo(content / "images" / "field-visit.jpg")
    hostile_news(content, "field-visit", "image: {src: images/field-visit.jpg, alt: Staff meet returnees}\n",
                 "Text.\n\n![Returnees at the district office](../images/field-visit.jpg)")
    built = mkdocs_build(config, tmp_path / "site", timeout=GENEROUS)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (tmp_path / "site" / "news" / "field-visit" / "index.html").read_text(encoding="utf-8")
    assert "field-visit-2560w.jpg.webp 2560w" in page and "field-visit-2560w.jpg 2560w" in page
    assert "field-visit.jpg 8000w" not in page
    largest = Image.open(tmp_path / "site" / "images" / "field-visit-2560w.jpg")
    assert largest.size == (2560, 1920)
    # The copy is the photo, not a blank decoded from the wrong part: its corners keep the gradients' colours.
    assert largest.getpixel((5, 5)) != largest.getpixel((2554, 1914))


def test_pictures_resized_at_once_never_hold_more_memory_than_the_budget_however_many_threads() -> None:
    from generator.outputs.images import _Budget

    budget, held, most = _Budget(100), [0], [0]
    lock = threading.Lock()

    def resize(amount: int) -> None:
        with budget.hold(amount):
            with lock:
                held[0] += min(amount, 100)
                most[0] = max(most[0], held[0])
            time.sleep(0.01)
            with lock:
                held[0] -= min(amount, 100)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(resize, [40, 70, 30, 250, 10, 60] * 5))
    assert 0 < most[0] <= 100


def test_a_bomb_written_as_html_in_a_body_is_the_same_one_line_from_check_and_the_build(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    content = config.parent / "content"
    png_bomb(content / "images" / "html-bomb.png")
    # Raw HTML is left as written: its address is read from the page's own, news/html-bomb/.
    hostile_news(content, "html-bomb", "", 'Text.\n\n<img src="../../images/html-bomb.png" alt="A picture">')
    checked = network_site(config, "check", timeout=GENEROUS)
    found = mistakes(checked.stdout)
    [said] = found
    assert "html-bomb.md:8: image:" in said and "images/html-bomb.png" in said, found
    built = mkdocs_build(config, tmp_path / "site", timeout=GENEROUS)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert mistakes(built.stderr) == found
