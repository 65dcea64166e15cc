"""Staff put one large photo in content/; readers' browsers get a copy the size of their screen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser import PHONE, serving
from bs4 import BeautifulSoup, Tag
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw
from playwright.sync_api import Browser
from sitebuild import REPO, mkdocs_build

from generator.content.body_html import tags
from generator.content.pictures import _may_show_a_picture

EXAMPLIA = REPO / "tests" / "fixtures" / "examplia"
STORY = "news/photo-story/"
ORIENTATION = 0x0112
CAMERA = 0x010F  # EXIF 'Make'


def photo(path: Path, size: tuple[int, int], **save: object) -> None:
    """A picture with detail in it (a flat colour would compress to nothing and hide mistakes)."""
    image = Image.new("RGB", size, (30, 120, 200))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(x % 256, 90, 40), width=4)
    draw.rectangle([(0, 0), (size[0] // 4, size[1] // 4)], fill=(250, 250, 250))  # marks the top left
    image.save(path, **save)


def network(folder: Path, story_image: str = "images/harbour.jpg", body_image: str = "../images/small.png") -> Path:
    """Examplia with a news story that has a photo in front matter and pictures in its body."""
    shutil.copytree(EXAMPLIA, folder)
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates")), encoding="utf-8"
    )
    images = folder / "content" / "images"
    images.mkdir(exist_ok=True)  # the made-up network has a picture of its own
    exif = Image.Exif()
    exif[CAMERA] = "Examplia PhoneCam"
    photo(images / "harbour.jpg", (2000, 1200), quality=92, exif=exif)
    photo(images / "small.png", (300, 200))
    sideways = Image.Exif()
    sideways[ORIENTATION] = 6  # stored lying down: turn 90° clockwise to show
    photo(images / "sideways.jpg", (800, 600), exif=sideways)
    (images / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    (folder / "content" / "news" / "photo-story.md").write_text(
        "---\n"
        "title: A story with a photo\n"
        "summary: The harbour at dawn.\n"
        "date: 2024-02-10\n"
        "twgs: [return]\n"
        "image:\n"
        f"  src: {story_image}\n"
        "  alt: Boats in the harbour at dawn\n"
        "  caption: Photo by the secretariat\n"
        "---\n"
        "The harbour, seen from the pier.\n\n"
        f'![A small red square]({body_image} "Our square")\n\n'
        "![The harbour again](../images/harbour.jpg)\n\n"
        "![A phone photo](../images/sideways.jpg)\n\n"
        "![The mark](../images/mark.svg)\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return network(tmp_path_factory.mktemp("images") / "examplia")


@pytest.fixture(scope="module")
def site(source: Path) -> Path:
    out = source.parent / "site"
    result = mkdocs_build(source, out)
    assert result.returncode == 0, result.stderr
    return out


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def candidates(srcset: str) -> list[tuple[str, int]]:
    """A srcset's addresses and their claimed widths."""
    pairs = []
    for candidate in srcset.split(","):
        url, descriptor = candidate.split()
        assert descriptor.endswith("w"), candidate
        pairs.append((url, int(descriptor[:-1])))
    return pairs


def file_of(site: Path, page_url: str, address: str) -> Path:
    """The file a browser on `page_url` fetches for `address`."""
    resolved = urljoin("http://site.test/" + page_url, address)
    return site / unquote(urlsplit(resolved).path).lstrip("/")


def picture_of(img: Tag) -> Tag:
    parent = img.parent
    assert parent is not None and parent.name == "picture", img
    return parent


def body_img(site: Path, alt: str) -> Tag:
    img = page(site, STORY).select_one(f'.nw-body img[alt="{alt}"]')
    assert img is not None, alt
    return img


def assert_responsive(
    site: Path, img: Tag, original: tuple[int, int], original_format: str, loading: str = "lazy"
) -> None:
    """What a browser relies on: every candidate exists at the width it claims, in the format it claims.

    Pictures load when they come near the screen, but for an item's own picture, at the top of its page.
    """
    webp = picture_of(img).find("source", type="image/webp")
    assert webp is not None and webp["sizes"] == img["sizes"]
    for srcset, expected_format in ((webp["srcset"], "WEBP"), (img["srcset"], original_format)):
        listed = candidates(str(srcset))
        assert [width for _, width in listed] == sorted(width for _, width in listed)
        assert max(width for _, width in listed) == original[0]
        for url, width in listed:
            with Image.open(file_of(site, STORY, url)) as variant:
                assert variant.format == expected_format, url
                assert variant.width == width, url
                assert abs(variant.height - width * original[1] / original[0]) <= 1, url
    assert (int(str(img["width"])), int(str(img["height"]))) == original
    assert img["loading"] == loading and img["decoding"] == "async"
    with Image.open(file_of(site, STORY, str(img["src"]))) as full:
        assert full.format == original_format


def test_an_items_photo_comes_in_phone_tablet_and_laptop_widths_as_webp_and_jpeg(site: Path) -> None:
    figure = page(site, STORY).select_one(".nw-figure")
    assert figure is not None
    img = figure.find("img")
    assert isinstance(img, Tag)
    assert img["alt"] == "Boats in the harbour at dawn"
    assert figure.figcaption is not None and figure.figcaption.get_text() == "Photo by the secretariat"
    assert_responsive(site, img, (2000, 1200), "JPEG", loading="eager")
    widths = [width for _, width in candidates(str(img["srcset"]))]
    assert widths[:2] == [320, 640]  # small enough for a phone


def test_a_photo_in_the_body_becomes_a_responsive_picture_keeping_its_alt_and_title(site: Path) -> None:
    assert_responsive(site, body_img(site, "The harbour again"), (2000, 1200), "JPEG")
    small = body_img(site, "A small red square")
    assert small["title"] == "Our square"


def test_a_small_picture_is_never_enlarged(site: Path) -> None:
    img = body_img(site, "A small red square")
    assert_responsive(site, img, (300, 200), "PNG")
    assert candidates(str(img["srcset"])) == [(str(img["src"]), 300)]
    assert not list((site / "images").glob("small-*.png"))


def test_a_phone_photo_taken_sideways_is_published_upright(site: Path) -> None:
    img = body_img(site, "A phone photo")
    assert (img["width"], img["height"]) == ("600", "800")
    url, _ = candidates(str(img["srcset"]))[0]
    with Image.open(file_of(site, STORY, url)) as variant:
        assert variant.size == (320, 427)
        corner = variant.convert("RGB").getpixel((variant.width - 5, 5))  # the white corner, now top right
        assert isinstance(corner, tuple) and min(corner) > 200


def test_the_copies_carry_no_camera_metadata(site: Path) -> None:
    with Image.open(site / "images" / "harbour.jpg") as original:
        assert original.getexif().get(CAMERA) == "Examplia PhoneCam"  # staff's file is published as it is
    for variant in (site / "images").glob("harbour-*"):
        with Image.open(variant) as copy:
            assert not copy.getexif(), variant.name


def test_svg_pictures_and_addresses_elsewhere_stay_plain_images(site: Path) -> None:
    img = body_img(site, "The mark")
    assert not img.has_attr("srcset")
    assert img.parent is not None and img.parent.name != "picture"


def test_a_second_build_writes_the_same_bytes(site: Path, source: Path) -> None:
    again = source.parent / "again"
    result = mkdocs_build(source, again)
    assert result.returncode == 0, result.stderr
    first = {path.name: path.read_bytes() for path in (site / "images").iterdir()}
    second = {path.name: path.read_bytes() for path in (again / "images").iterdir()}
    assert first.keys() == second.keys() and len(first) > 10
    assert first == second
    assert (site / STORY / "index.html").read_bytes() == (again / STORY / "index.html").read_bytes()


def test_a_rebuild_reuses_the_copies_of_an_unchanged_photo_whatever_its_date(tmp_path: Path) -> None:
    config = network(tmp_path / "examplia")
    out = tmp_path / "site"
    assert mkdocs_build(config, out).returncode == 0
    copy = out / "images" / "small-300w.png.webp"
    made = copy.stat().st_mtime_ns
    # Staff save the same picture again (an editor touched it): nothing to encode.
    later = made + 10**9
    os.utime(config.parent / "content" / "images" / "small.png", ns=(later, later))
    assert mkdocs_build(config, out).returncode == 0
    assert copy.stat().st_mtime_ns == made


def test_a_replaced_photo_is_never_published_in_its_old_copies_even_when_its_file_is_older(tmp_path: Path) -> None:
    config = network(tmp_path / "examplia")
    out = tmp_path / "site"
    assert mkdocs_build(config, out).returncode == 0
    copies = sorted((out / "images").glob("harbour-*w.*"))
    before = {path.name: path.read_bytes() for path in copies}
    # The photo is withdrawn and replaced by another, copied from an old folder with its old date.
    harbour = config.parent / "content" / "images" / "harbour.jpg"
    Image.new("RGB", (2000, 1200), (20, 160, 60)).save(harbour, quality=92)
    os.utime(harbour, ns=(10**18, 10**18))  # 2001: older than every copy
    assert mkdocs_build(config, out).returncode == 0
    after = {path.name: path.read_bytes() for path in sorted((out / "images").glob("harbour-*w.*"))}
    assert after.keys() == before.keys()
    assert all(after[name] != before[name] for name in before), "every copy is made again"
    with Image.open(out / "images" / "harbour-640w.jpg") as shown:
        red, green, _ = shown.convert("RGB").getpixel((320, 190))
    assert green > 120 and red < 60, "readers see the new photo"


@pytest.mark.parametrize(
    ("story_image", "body_image", "expected"),
    [
        ("images/broken.jpg", "../images/small.png",
         ":7: image.src: expected a JPEG or PNG picture, found 'images/broken.jpg', which is not a picture"),
        ("images/harbour.jpg", "../images/broken.jpg",
         ":13: image: expected a JPEG or PNG picture, found 'images/broken.jpg', which is not a picture"),
        ("images/cut.jpg", "../images/small.png",
         ":7: image.src: expected a JPEG or PNG picture, found 'images/cut.jpg', which is a damaged file"),
    ],
)
def test_a_file_that_is_not_a_picture_is_a_content_mistake_naming_the_file_and_field(
    tmp_path: Path, story_image: str, body_image: str, expected: str
) -> None:
    config = network(tmp_path / "examplia", story_image, body_image)
    images = config.parent / "content" / "images"
    (images / "broken.jpg").write_text("<html>a web page saved with the wrong name</html>", encoding="utf-8")
    (images / "cut.jpg").write_bytes((images / "harbour.jpg").read_bytes()[:4000])  # an upload cut short
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert f"content/news/photo-story.md{expected}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serving(site) as root:
        yield root


def test_a_phone_downloads_a_small_copy_not_the_original(session_browser: Browser, served: str) -> None:
    context = session_browser.new_context(viewport=PHONE, device_scale_factor=1)  # type: ignore[arg-type]
    tab = context.new_page()
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.goto(served + STORY)
    tab.locator(".nw-figure img").scroll_into_view_if_needed()
    tab.wait_for_function("document.querySelector('.nw-figure img').complete")
    shown = tab.evaluate("document.querySelector('.nw-figure img').currentSrc")
    context.close()
    harbour = [url for url in fetched if "/images/harbour" in url]
    assert shown in harbour
    assert all("-320w." in url or "-640w." in url for url in harbour), harbour
    assert shown.endswith(".webp")


@given(st.lists(st.sampled_from(["<", ">", "/", " ", "img", "IMG", "Img", "iMg", "İmg", "im", "g", "src=a.jpg", "<!--",
                                  "-->", "<p>", "Cox's Bazar", "\n"]), max_size=12).map("".join))
def test_the_quick_look_for_a_bodys_own_pictures_misses_no_img_tag_the_html_parser_finds(body: str) -> None:
    # The quick look lets the build skip parsing bodies without pictures: it may say yes wrongly, never no.
    parsed = any(tag.name == "img" and not tag.closing for tag in tags(body))
    assert _may_show_a_picture(body) or not parsed
