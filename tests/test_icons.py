"""One logo in content/ becomes the favicon, the home-screen icon and the feeds' images."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageChops, ImageDraw, ImageStat
from sitebuild import REPO, mkdocs_build

from generator.outputs.icons import icon_path, render_icons

EXAMPLIA = REPO / "tests" / "fixtures" / "examplia"
ROOT = "https://migration-network.examplia.test/"


def network_with_logo(tmp_path: Path, size: tuple[int, int]) -> Path:
    folder = tmp_path / "examplia"
    shutil.copytree(EXAMPLIA, folder)
    (folder / "content" / "images").mkdir(exist_ok=True)
    Image.new("RGB", size, (200, 30, 30)).save(folder / "content" / "images" / "mark.png")
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates"))
    text = text.replace("        country: Examplia\n", "        country: Examplia\n        logo: images/mark.png\n")
    config.write_text(text, encoding="utf-8")
    return config


def picture(site: Path, url: str) -> Image.Image:
    path = site / url.removeprefix(ROOT)
    return Image.open(io.BytesIO(path.read_bytes()))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("logo")
    out = folder / "site"
    result = mkdocs_build(network_with_logo(folder, (600, 600)), out)
    assert result.returncode == 0, result.stderr
    return out


def test_every_page_has_a_favicon_and_a_home_screen_icon_from_the_logo(site: Path) -> None:
    head = BeautifulSoup((site / "news" / "index.html").read_text(encoding="utf-8"), "html.parser").head
    icon = head.find("link", rel="icon")["href"]
    touch = head.find("link", rel="apple-touch-icon")["href"]
    assert Image.open(site / "news" / icon).size == (32, 32)
    assert Image.open(site / "news" / touch).size == (180, 180)
    share = head.find("meta", property="og:image")["content"]
    assert picture(site, share).size == (512, 512)


def test_the_rss_channel_image_fits_the_validators_limits(site: Path) -> None:
    channel = feedparser.parse((site / "feed.xml").read_bytes()).feed
    image = picture(site, channel.image.href)
    assert image.size[0] <= 144 and image.size[1] <= 400
    assert channel.image.link == ROOT


def test_the_atom_icon_and_the_json_feed_icons_are_square_pictures(site: Path) -> None:
    atom = feedparser.parse((site / "twgs" / "return" / "atom.xml").read_bytes()).feed
    assert picture(site, atom.icon).size[0] == picture(site, atom.icon).size[1]
    document = json.loads((site / "news" / "feed.json").read_text(encoding="utf-8"))
    assert picture(site, document["icon"]).size == (512, 512)
    assert picture(site, document["favicon"]).size[0] <= 64


def test_a_logo_that_is_not_square_stops_the_build_and_says_what_is_needed(tmp_path: Path) -> None:
    result = mkdocs_build(network_with_logo(tmp_path, (800, 300)), tmp_path / "site")
    assert result.returncode != 0
    assert "network.logo: expected a square picture of at least 512×512 pixels, found 800×300" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_network_without_a_logo_gets_no_broken_icon_links(tmp_path: Path) -> None:
    out = tmp_path / "site"
    config = tmp_path / "examplia" / "mkdocs.yml"
    shutil.copytree(EXAMPLIA, config.parent)
    config.write_text(
        config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates")), encoding="utf-8"
    )
    assert mkdocs_build(config, out).returncode == 0
    head = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser").head
    assert head.find("link", rel="apple-touch-icon") is None
    assert (out / head.find("link", rel="icon")["href"]).is_file()
    assert b"<image>" not in (out / "feed.xml").read_bytes()


def test_a_flat_logo_is_published_lighter_and_looks_the_same(tmp_path: Path) -> None:
    logo = Image.new("RGBA", (512, 512), (0, 90, 170, 255))
    ImageDraw.Draw(logo).ellipse((96, 96, 416, 416), outline=(255, 255, 255, 255), width=24)
    logo.save(tmp_path / "logo.png")
    header = render_icons(tmp_path / "logo.png")[icon_path(64)]
    truecolour = io.BytesIO()
    expected = logo.resize((64, 64), Image.Resampling.LANCZOS)
    expected.save(truecolour, format="PNG", optimize=True)
    assert len(header) < len(truecolour.getvalue())
    drawn = Image.open(io.BytesIO(header)).convert("RGBA")
    assert max(ImageStat.Stat(ImageChops.difference(drawn, expected)).rms) <= 6


def test_a_logo_with_a_smooth_gradient_keeps_every_colour(tmp_path: Path) -> None:
    logo = Image.new("RGB", (512, 512))
    logo.putdata([(x // 2, y // 2, (x + y) // 4) for y in range(512) for x in range(512)])
    logo.save(tmp_path / "logo.png")
    icon = Image.open(io.BytesIO(render_icons(tmp_path / "logo.png")[icon_path(512)]))
    assert len(set(icon.convert("RGB").get_flattened_data())) > 256
