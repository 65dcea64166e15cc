"""The network's mark at the sizes browsers, phones and feed readers ask for, made from one picture."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from generator.outputs.images import ImageError, open_picture

ICON_DIR = "assets/icons"
# Browser tab, JSON Feed favicon, RSS channel image (its maximum width), home-screen icon, JSON Feed icon.
FAVICON, SMALL, FEED_IMAGE, TOUCH, LARGE = 32, 64, 144, 180, 512
SIZES = (FAVICON, SMALL, FEED_IMAGE, TOUCH, LARGE)
SMALLEST_SOURCE = 512
# The header's logo is fetched on every first visit: a palette of 256 colours makes it a third of the size, and is
# used where it looks the same (every channel's root-mean-square difference within this many levels of 255; a logo's
# flat colours and anti-aliased edges stay near 3, a gradient or photograph that would band does not).
PALETTE_TOLERANCE = 6


def icon_path(size: int) -> str:
    """Where the icon of this size is published, below the site root."""
    return f"{ICON_DIR}/icon-{size}.png"


def read_logo(path: Path) -> Image.Image:
    """The network's logo, checked to be a square picture large enough for every icon."""
    if not path.is_file():
        raise ValueError(f"network.logo: expected a picture in content/, found no file at {path}")
    try:
        # The same guarded read as every photo: a decompression bomb is refused from its header.
        with open_picture(path, path.name) as image:
            image.load()
            picture = image.copy()
    except ImageError as error:
        raise ValueError(f"network.logo: expected a PNG or JPEG picture, found {path.name}, {error.reason}") from None
    width, height = picture.size
    if width != height or width < SMALLEST_SOURCE:
        raise ValueError(
            f"network.logo: expected a square picture of at least {SMALLEST_SOURCE}×{SMALLEST_SOURCE} pixels, "
            f"found {width}×{height} in {path.name}"
        )
    return picture.convert("RGBA")


def render_icons(logo: Path) -> dict[str, bytes]:
    """Every icon size as PNG bytes, by path below the site; the same logo always gives the same bytes."""
    source = read_logo(logo)
    files: dict[str, bytes] = {}
    for size in SIZES:
        buffer = io.BytesIO()
        _lightest(source.resize((size, size), Image.Resampling.LANCZOS)).save(buffer, format="PNG", optimize=True)
        files[icon_path(size)] = buffer.getvalue()
    return files


def _lightest(picture: Image.Image) -> Image.Image:
    """The picture in 256 colours where that cannot be told from it, else as it is."""
    palette = picture.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    difference = ImageStat.Stat(ImageChops.difference(picture, palette.convert("RGBA"))).rms
    return palette if max(difference) <= PALETTE_TOLERANCE else picture
