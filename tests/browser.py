"""A real headless Chromium (Debian's, driven by Playwright) looking at a built site served on localhost."""

from __future__ import annotations

import functools
import http.server
import io
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import material
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

# Chromium comes from Debian (.ci/run installs it); Playwright cannot download browsers here.
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Without these, Chromium reaches for Google's services at start, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# The fonts the tests measure the site in, as Debian's Chromium draws it (.ci/run installs them): the
# site's font stacks (mkdocs-material's stylesheet, then ours) reach Helvetica and Arial, drawn in
# their metric twin Liberation Sans, and code `monospace`. Any other font lays the site out
# differently (DejaVu Sans is wider and writes "ﬁ" into PDFs). No system font is expected for Bangla.
SITE_STYLESHEETS = [
    *(Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"),
    Path(__file__).resolve().parents[1] / "templates" / "assets" / "network.css",
]
FONTS = {
    # what is drawn: (element in the sample, font family the tests expect, Debian package that has it)
    "text": (".md-typeset p", "Liberation Sans", "fonts-liberation"),
    "code": (".md-typeset code", "DejaVu Sans Mono", "fonts-dejavu-core"),
}
SAMPLE = '<article class="md-typeset"><p>Benefit and impact</p><p><code>network-site check</code></p></article>'


def chromium_path() -> str:
    found = next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
    assert found is not None, "Debian's chromium is installed by .ci/run"
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _RangesHandler(_QuietHandler):
    """A host that answers a request for one range of a file's bytes with those bytes (206), as GitHub Pages and
    Netlify do; Python's own server, like Cloudflare Pages, sends the whole file whatever is asked."""

    def send_head(self) -> Any:
        asked = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        unit, _, span = asked.partition("=")
        first, _, last = span.partition("-")
        if unit != "bytes" or not (first.isdigit() and last.isdigit()) or not path.is_file():
            return super().send_head()
        data = path.read_bytes()
        start, end = int(first), min(int(last), len(data) - 1)
        if start > end:
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return io.BytesIO(data[start: end + 1])


@contextmanager
def serving(site: Path, ranges: bool = False) -> Iterator[str]:
    """The built site at http://127.0.0.1:<port>/, as a static host would serve it (answering ranges, if `ranges`)."""
    handler = functools.partial(_RangesHandler if ranges else _QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium that draws the site in the fonts the tests expect, closed afterwards."""
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            missing = fonts_not_drawn(browser)
            assert not missing, "; ".join(missing)
            yield browser
        finally:
            browser.close()


def fonts_not_drawn(browser: Browser) -> list[str]:
    """One line for each kind of text Chromium draws in another font than the tests expect, naming the package."""
    page = browser.new_page()
    try:
        page.set_content(SAMPLE)
        for stylesheet in SITE_STYLESHEETS:
            page.add_style_tag(content=stylesheet.read_text(encoding="utf-8"))
        # Chrome DevTools says which installed font each element's glyphs were really drawn with.
        devtools = page.context.new_cdp_session(page)
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        root = devtools.send("DOM.getDocument")["root"]["nodeId"]
        missing = []
        for what, (selector, family, package) in FONTS.items():
            node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            fonts = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            drawn = sorted({font["familyName"] for font in fonts})
            if drawn != [family]:
                missing.append(
                    f"Chromium draws the site's {what} in {', '.join(drawn)}, not in {family} as the tests measure it: "
                    f"install Debian's {package} (bash .ci/run does)"
                )
        return missing
    finally:
        page.close()


def fonts_drawn(page: Page, selector: str) -> list[dict[str, object]]:
    """The fonts Chromium drew the first matching element's text with, as DevTools reports them."""
    devtools = page.context.new_cdp_session(page)
    try:
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        root = devtools.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts: list[dict[str, object]] = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return fonts
    finally:
        devtools.detach()


def _launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
