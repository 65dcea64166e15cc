"""Responsive pictures: each photo in content/ also published at the widths phones and screens need.

Staff commit one large JPEG or PNG. Every build writes smaller copies of it (and WebP versions,
which are about a third lighter) next to the original, and each page's <img> lists them in
`srcset`, so a phone downloads a 640-pixel picture instead of the 4000-pixel original.
Nothing here knows the graph or MkDocs: paths in, immutable descriptions and files out.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import io
import os
import posixpath
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

from PIL import Image, ImageOps, UnidentifiedImageError, features

from generator.content import body_html, limits
from generator.content.errors import ContentError, ContentErrors
from generator.content.front_matter import SourceFile
from generator.content.paths import below, output_path
from generator.content.schemas import Image as ImageField

# Phones (1× and 2×), tablets and laptops; a variant is never wider than the original.
WIDTHS = (320, 640, 960, 1280)
# The widest copy published: the article column at its widest (900 CSS pixels) on a screen of 2.8 pixels to
# each. A wider photo gets a copy this wide instead of one at its own width, so it is never decoded in full.
LARGEST = 2560
# The formats staff upload that are worth resizing; SVG scales by itself and GIF may be animated.
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
WEBP = features.check("webp")
# How wide an article's text column is at the site's breakpoints (the root font grows at 100em and
# 125em; the facts column sits beside the text from 60em; network.css). The browser takes the
# smallest copy at least this wide times its pixel density.
SIZES = (
    "(min-width: 125em) 900px, (min-width: 100em) 830px, (min-width: 76.25em) 740px, "
    "(min-width: 60em) calc(100vw - 464px), calc(100vw - 32px)"
)
# Fixed encoder settings: the same source always gives the same bytes, and no metadata (EXIF
# with its camera, place and time) is copied into the variants.
_SAVE: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
# A copy keeps its original's whole name, so photo.jpg's and photo.png's copies never meet.
_COPY = re.compile(r"^(?P<stem>.+)-(?P<width>[0-9]+)w(?P<suffix>\.[^./]+)(?P<webp>\.webp)?$")
_ORIENTATION = 0x0112  # the EXIF tag with which phones say "turn me"; 5 to 8 swap width and height
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Characters a srcset address may not hold as they are: spaces and commas separate its candidates.
_URL_SAFE = "/:@!$&'()*+;=-._~%"


@dataclass(frozen=True)
class Use:
    """Where a content file uses a picture, to name it in a mistake."""

    path: str
    line: int
    field: str


class ImageError(ValueError):
    """A picture file that cannot be published: which file, and why."""

    def __init__(self, src: str, error: BaseException, reason: str | None = None) -> None:
        self.src = src
        self.reason = reason or (
            "not a picture" if isinstance(error, UnidentifiedImageError) else f"a damaged file ({error})"
        )
        super().__init__(f"'{src}' is {self.reason}")

    def at(self, use: Use) -> ContentError:
        """The mistake as staff read it, at the field or line that uses the picture."""
        found = f"'{self.src}', which is {self.reason}"
        return ContentError(use.path, use.line, use.field, "a JPEG or PNG picture", found)


# Where a picture is used, worked out only if a mistake needs saying (finding a body's line reads the file).
Where = Callable[[], Use]


@dataclass(frozen=True)
class Variant:
    """One published copy of a picture: its path below the site root, its size and format."""

    path: str
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class Responsive:
    """A local picture and all its published copies; paths are below the site root."""

    src: str
    width: int
    height: int
    format: str
    # Smallest first; the last is as wide as the original. `fallback` ends with the original itself.
    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]

    @property
    def written(self) -> tuple[Variant, ...]:
        """The copies a build writes (the original itself is copied by MkDocs)."""
        return tuple(variant for variant in (*self.fallback, *self.webp) if variant.path != self.src)

    def for_page(self, page_url: str, sizes: str = SIZES) -> Picture:
        """What a page's <picture> says about this picture, with addresses relative to that page.

        `sizes` says how wide the picture is shown (an article's column by default, a card's in a grid).
        """
        def srcset(variants: tuple[Variant, ...]) -> str:
            return ", ".join(f"{_srcset_url(relative_url(v.path, page_url))} {v.width}w" for v in variants)

        return Picture(
            src=relative_url(self.src, page_url),
            srcset=srcset(self.fallback),
            webp_srcset=srcset(self.webp),
            sizes=sizes,
            width=self.width,
            height=self.height,
        )


@dataclass(frozen=True)
class Picture:
    """The attributes of one <picture> on one page (not HTML-escaped)."""

    src: str
    srcset: str
    webp_srcset: str
    sizes: str
    width: int
    height: int


def is_resizable(src: str) -> bool:
    """Whether `src` names a local JPEG or PNG (not a web address, an SVG or a GIF)."""
    return not _SCHEME.match(src) and not src.startswith("//") and _suffix(src) in FORMATS


def plan(file: Path, src: str) -> Responsive:
    """The copies of the picture at `file`, published at `src` below the site root; reads only its header."""
    format_ = FORMATS[_suffix(src)]
    with open_picture(file, src) as image:
        width, height = image.size
        if _turned(image):
            width, height = height, width
    fallback = [_variant(src, w, width, height, format_) for w in WIDTHS if w < width]
    # The original is the largest copy, unless it is wider than any screen needs.
    fallback.append(Variant(src, width, height, format_) if width <= LARGEST else
                    _variant(src, LARGEST, width, height, format_))
    webp = [_variant(src, v.width, width, height, "WEBP") for v in fallback] if WEBP else []
    return Responsive(src, width, height, format_, tuple(webp), tuple(fallback))


@contextlib.contextmanager
def open_picture(file: Path, src: str) -> Iterator[Image.Image]:
    """A picture opened with only its header read; ImageError if it is not one, or claims too many pixels.

    Every picture the site reads (photos and the logo) is opened here, so a decompression bomb is refused
    before a byte of it is decoded; a picture found damaged while it is decoded in the block is an ImageError too.
    """
    try:
        with Image.open(file) as image:
            if image.width * image.height > limits.PICTURE_PIXELS:
                raise ImageError(src, ValueError(), reason=(
                    f"a picture of {image.width:,} × {image.height:,} pixels, more than {limits.PICTURE_PIXELS:,} "
                    "(save it smaller first)"))
            yield image
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, ImageError):
            raise
        if isinstance(error, Image.DecompressionBombError):
            raise ImageError(src, error, reason=f"a picture of more than {limits.PICTURE_PIXELS:,} pixels "
                             "(a decompression bomb?)") from None
        raise ImageError(src, error) from None


def relative_url(path: str, page_url: str) -> str:
    """The address of `path` (below the site root) from the page at `page_url` ('' is the home page)."""
    return posixpath.relpath(path, _folder(page_url) or ".")


class Source(Protocol):
    """A content item as far as its picture goes."""

    @property
    def source(self) -> SourceFile: ...

    @property
    def image(self) -> ImageField | None: ...


class ResponsiveImages:
    """The pictures one build uses: planned once each, their copies written at the end."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self._planned: dict[str, Responsive] = {}
        self._uses: dict[str, Where] = {}

    def get(self, src: str, where: Where) -> Responsive | None:
        """The copies of the picture at `src` (below the site root); None if it is not a local JPEG or PNG.

        A missing file is None too: the content check already names it, and MkDocs warns.
        """
        src = src.lstrip("/")
        if src in self._planned:
            return self._planned[src]
        file = below(self.content_dir, src)  # outside content/: a mistake the content check names
        if not is_resizable(src) or file is None or not file.is_file():
            return None
        try:
            responsive = plan(file, src)
        except ImageError as problem:
            raise ContentErrors([problem.at(where())]) from None
        self._planned[src] = responsive
        self._uses[src] = where
        return responsive

    def check_items(self, items: Iterable[Source]) -> list[ContentError]:
        """Plan every item's `image:`; each picture that cannot be read is a mistake at that field."""
        errors: list[ContentError] = []
        for item in items:
            if item.image is None:
                continue
            where = functools.partial(Use, item.source.display, item.source.line_of(("image", "src")), "image.src")
            try:
                self.get(item.image.src, where)
            except ContentErrors as mistakes:
                errors.extend(mistakes.errors)
        return errors

    def rewrite(self, body: str, page_url: str, source: SourceFile | None) -> tuple[str, list[ContentError]]:
        """The rendered body with each local JPEG or PNG <img> turned into a responsive <picture>."""
        errors: list[ContentError] = []
        if "<img" not in body.lower():
            return body, errors
        replacements: list[tuple[body_html.Tag, str]] = []
        pictures = 0  # an <img> already inside a <picture> is the author's own choice of copies
        for tag in body_html.tags(body):
            if tag.name == "picture":
                pictures = max(0, pictures - 1) if tag.closing else pictures + 1
            elif tag.name == "img" and not tag.closing and not pictures:
                picture = self._picture_of(tag, page_url, source, errors)
                if picture is not None:
                    replacements.append((tag, picture))
        return body_html.replaced(body, replacements), errors

    def _picture_of(
        self, tag: body_html.Tag, page_url: str, source: SourceFile | None, errors: list[ContentError]
    ) -> str | None:
        """The <picture> an <img> of a body becomes; None where it stays as written."""
        attrs = tag.attributes()
        src = attrs.get("src", "")
        parts = urlsplit(src)
        if not src or parts.scheme or parts.netloc or parts.query or src.startswith("/"):
            return None  # another site, or an address MkDocs already warns about
        path = posixpath.normpath(posixpath.join(_folder(page_url), unquote(parts.path)))
        if path.startswith("../"):
            return None  # outside the site
        try:
            responsive = self.get(path, lambda: _body_use(source, path))
        except ContentErrors as mistakes:
            errors.extend(mistakes.errors)
            return None
        if responsive is None:
            return None
        return picture_html(responsive.for_page(page_url), attrs)

    def write(self, site_dir: Path, previous: Path | None = None) -> int:
        """Write every planned picture's copies into `site_dir`; the number of copies encoded.

        The copies in `previous` (the last published site) are reused when its original has the
        same bytes as the photo: a live preview rebuilds on every save, and resizing is the slow part.
        """
        def write_one(responsive: Responsive) -> int | ContentError:
            source = self.content_dir / responsive.src
            try:
                return _write_one(source, responsive, site_dir, previous)
            except ImageError as problem:
                return problem.at(self._uses[responsive.src]())

        # Pillow lets go of the interpreter while it decodes, resizes and encodes: threads share the work.
        with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
            results = list(pool.map(write_one, [r for r in self._planned.values() if r.written]))
        errors = [result for result in results if isinstance(result, ContentError)]
        if errors:
            raise ContentErrors(errors)
        return sum(result for result in results if isinstance(result, int))


def picture_html(picture: Picture, attrs: dict[str, str]) -> str:
    """A <picture> for a body image, keeping the author's attributes (alt, title, class…)."""
    img = dict(attrs)
    img["srcset"] = picture.srcset
    img["sizes"] = picture.sizes
    if "width" not in attrs and "height" not in attrs:  # an author's own size wins
        img["width"], img["height"] = str(picture.width), str(picture.height)
    img.setdefault("loading", "lazy")
    img.setdefault("decoding", "async")
    source = ""
    if picture.webp_srcset:
        source = f'<source type="image/webp" srcset="{_escape(picture.webp_srcset)}" sizes="{_escape(picture.sizes)}">'
    fields = " ".join(f'{name}="{_escape(value)}"' for name, value in img.items())
    return f"<picture>{source}<img {fields}></picture>"


def _write_one(file: Path, responsive: Responsive, site_dir: Path, previous: Path | None) -> int:
    """Write one picture's copies; how many were encoded (ImageError if the file is damaged).

    The last site's copies are reused only when its original has the same bytes as the photo now:
    a replaced photo is remade whatever its file's date, so a withdrawn picture never stays published.
    """
    targets = []
    for variant in responsive.written:
        try:
            target = output_path(site_dir, variant.path)
        except ValueError as error:  # the content check rejects such a picture; never write beside the output
            raise ImageError(responsive.src, error, reason="outside content/") from None
        target.parent.mkdir(parents=True, exist_ok=True)
        targets.append((variant, target))
    kept = previous if previous is not None and _same_bytes(file, previous / responsive.src) else None
    if previous == site_dir and kept is None:
        # A preview building in place: MkDocs copies a photo only when its file is newer than the copy.
        shutil.copyfile(file, site_dir / responsive.src)
    todo = [(variant, target) for variant, target in targets if kept is None or not _reuse(kept / variant.path, target)]
    if not todo:
        return 0
    widest = max((variant for variant, _ in todo), key=lambda variant: variant.width)
    with open_picture(file, responsive.src) as opened:
        size = (widest.height, widest.width) if _turned(opened) else (widest.width, widest.height)
        if opened.format == "JPEG" and opened.width >= 2 * size[0] and opened.height >= 2 * size[1]:
            opened.draft(None, size)  # decoded at 1/2, 1/4 or 1/8 of its size, still at least as large as needed
        # The decoded picture, its upright copy, the resized one and the encoder's own, each up to 4 bytes a pixel.
        with _MEMORY.hold(4 * (3 * opened.width * opened.height + 4 * widest.width * widest.height)):
            opened.load()
            factor = min(opened.width // size[0], opened.height // size[1])
            image = _prepared(opened.reduce(factor) if factor >= 2 else opened)
            encoded = [(target, _encode(image, variant)) for variant, target in todo]
            del image
    for target, data in encoded:  # a full disk is the output's problem, not the picture's
        target.write_bytes(data)
    return len(todo)


class _Budget:
    """Bytes shared by the threads that resize pictures: each waits until what it will take fits."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.used = 0
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def hold(self, amount: int) -> Iterator[None]:
        amount = min(amount, self.total)  # a picture larger than the whole budget waits to be alone
        with self._changed:
            self._changed.wait_for(lambda: self.used + amount <= self.total)
            self.used += amount
        try:
            yield
        finally:
            with self._changed:
                self.used -= amount
                self._changed.notify_all()


_MEMORY = _Budget(limits.PICTURE_MEMORY)


def _turned(image: Image.Image) -> bool:
    """Whether the picture's EXIF orientation swaps its width and height."""
    return image.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8)


def decoded(file: Path, src: str) -> Image.Image:
    """The whole picture decoded, upright and ready to resize, read through the same guard as every picture;
    ImageError if its data is damaged (`check` decodes each picture so, as the build does when it resizes)."""
    try:
        with open_picture(file, src) as opened, _MEMORY.hold(4 * 2 * opened.width * opened.height):
            return _prepared(opened)
    except ImageError:
        raise  # said once, by the guard every picture is read through
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ImageError(src, error) from None


def _prepared(image: Image.Image) -> Image.Image:
    """The picture upright, in RGB (or RGBA if it has transparency), ready to resize."""
    profile = image.info.get("icc_profile") if image.mode != "CMYK" else None
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    converted = upright.convert("RGBA" if has_alpha else "RGB")
    converted.info = {"icc_profile": profile} if profile else {}  # colours kept, nothing else
    return converted


def _encode(image: Image.Image, variant: Variant) -> bytes:
    resized = image if image.width == variant.width else image.resize(
        (variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0
    )
    if variant.format == "JPEG" and resized.mode == "RGBA":
        resized = resized.convert("RGB")
    options = dict(_SAVE[variant.format])
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    buffer = io.BytesIO()
    resized.save(buffer, format=variant.format, **options)
    return buffer.getvalue()


def _same_bytes(source: Path, copy: Path) -> bool:
    """Whether the last site's copy of a photo holds the same bytes as the photo now."""
    try:
        if copy.stat().st_size != source.stat().st_size:
            return False
        with source.open("rb") as one, copy.open("rb") as other:
            return hashlib.file_digest(one, "sha256").digest() == hashlib.file_digest(other, "sha256").digest()
    except FileNotFoundError:
        return False


def _reuse(cached: Path, target: Path) -> bool:
    """Link (or copy) the last build's copy into place, if it is there."""
    if cached == target:  # a preview building in place: the copy is already there
        return cached.is_file()
    try:
        os.link(cached, target)
    except FileNotFoundError:
        return False
    except OSError:
        try:
            shutil.copy2(cached, target)
        except FileNotFoundError:
            return False
    return True


def _variant(src: str, width: int, full_width: int, full_height: int, format_: str) -> Variant:
    stem, suffix = posixpath.splitext(src)
    height = max(1, round(full_height * width / full_width))
    webp = ".webp" if format_ == "WEBP" else ""
    return Variant(f"{stem}-{width}w{suffix}{webp}", width, height, format_)


def copy_of(path: str) -> str | None:
    """The picture whose copy `path` would be named as (images/p-320w.jpg.webp → images/p.jpg), or None."""
    folder, name = posixpath.split(path)
    match = _COPY.match(name)
    if match is None or match["suffix"].lower() not in FORMATS:
        return None
    return posixpath.join(folder, f"{match['stem']}{match['suffix']}")


def _body_use(source: SourceFile | None, path: str) -> Use:
    """The line of a body that shows the picture at `path`: the first line naming its file."""
    if source is None:
        return Use(path, 1, "image")
    name = posixpath.basename(path)
    lines = source.path.read_text(encoding="utf-8").splitlines()
    line = next((number for number, text in enumerate(lines, 1) if name in unquote(text)), 1)
    return Use(source.display, line, "image")


def _folder(page_url: str) -> str:
    return page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"


def _srcset_url(url: str) -> str:
    return quote(url, safe=_URL_SAFE)


def _escape(value: str) -> str:
    return html.escape(value, quote=True)


def _suffix(src: str) -> str:
    return posixpath.splitext(urlsplit(src).path)[1].lower()

