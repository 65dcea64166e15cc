"""Page weight and Lighthouse scores: our pages beside a stock mkdocs-material page of the same text.

    python bench/weight.py [--gzip] [--json PATH] [--news SLUG] [--no-lighthouse]

Builds the real site and a stock mkdocs-material site (theme defaults, its search plugin, one
page made from a news item's Markdown body), serves each on localhost, and loads pages in a
fresh headless Chromium (no cache) on a phone viewport, summing every response's bytes by
type. Text responses are also counted as gzip (level 6) because python's http.server sends
them uncompressed while any real host compresses them; fonts and images are already compressed
and count as they are. Then it runs Lighthouse (npm, bench/package.json; mobile, the default)
on each page and lists every audit that scored below 1 on our pages. Prints Markdown. With
--gzip the server sends text gzipped, as a host would, so Lighthouse times what readers get.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import PHONE, chromium, chromium_path  # noqa: E402 - the tests' browser, from tests/
from playwright.sync_api import Browser, Response  # noqa: E402
from sitebuild import mkdocs_build  # noqa: E402

KINDS = ("HTML", "CSS", "JS", "fonts", "images", "other")
CATEGORIES = {"performance": "performance", "accessibility": "accessibility",
              "best-practices": "best practices", "seo": "SEO"}
# Audits whose score says nothing about the page (diagnostics, or not applicable to it).
UNSCORED = {"informative", "notApplicable", "manual"}
# Ours: one page of each kind a reader lands on. The news item is also the text of the stock page.
DEFAULT_NEWS = "border-management-workshop-and-summer-school-2023"
OUR_PAGES = {"event": "events/border-management-workshop-2023/", "TWG": "twgs/lm/",
             "practice": "practices/bangladesh-un-network-on-migration/",
             # The listings and the other page types a reader lands on, each held to the same first-visit budget.
             "news listing": "news/", "events listing": "events/", "repository": "practices/", "SDG": "sdgs/5/",
             "organization": "organizations/iom/", "tag": "tags/trafficking-in-persons/", "bulletin": "bulletins/3/",
             "subscribe": "subscribe/", "search": "search/", "staff guide": "guide/",
             # Pages in Bangla, which also fetch the site's Bangla font: the targets name home, a news item
             # and search in both languages.
             "home in Bangla": "bn/", "news item in Bangla": f"bn/news/{DEFAULT_NEWS}/",
             "search in Bangla": "bn/search/"}
STOCK_LABEL = "stock material"
# Audits about how the site is hosted (python's http.server: no compression, no cache headers), not the pages.
HOST_AUDITS = {"uses-text-compression", "uses-long-cache-ttl", "cache-insight", "document-latency-insight"}
TEXT_TYPES = ("text/", "javascript", "json", "xml", "svg")


@dataclass
class Weight:
    """What a first visit fetched: requests, and bytes per kind as served (raw) and as a host would send them."""

    requests: int = 0
    raw: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    sent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    failed: list[str] = field(default_factory=list)


@dataclass
class Audit:
    """One Lighthouse audit that scored below 1."""

    id: str
    title: str
    score: float | None
    shown: str
    where: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Lighthouse's four scores (0–100) and the audits that fell short."""

    scores: dict[str, int | None]
    failing: list[Audit]


def stock_site(news: Path, folder: Path) -> Path:
    """A stock mkdocs-material project whose one page is the news item's title and Markdown body."""
    _, head, body = news.read_text(encoding="utf-8").split("---\n", 2)
    title = yaml.safe_load(head)["title"]
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(f"# {title}\n\n{body.strip()}\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: Bangladesh UN Network on Migration\nsite_url: https://bdunnm.example.org/\n"
        "theme:\n  name: material\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    return config


def build(config: Path, out: Path) -> None:
    result = mkdocs_build(config, out)
    if result.returncode != 0:
        sys.exit(f"mkdocs build -f {config} failed:\n{result.stderr[-3000:]}")


def kind(response: Response) -> str:
    """HTML, CSS, JS, fonts, images or other, from what the browser asked for and what came back."""
    asked = response.request.resource_type
    mime = response.headers.get("content-type", "").split(";")[0].strip()
    if asked == "document" or mime == "text/html":
        return "HTML"
    if asked == "stylesheet" or mime == "text/css":
        return "CSS"
    if asked == "script" or "javascript" in mime:
        return "JS"
    if asked == "font" or mime.startswith("font/"):
        return "fonts"
    if asked == "image" or mime.startswith("image/"):
        return "images"
    return "other"


def compressible(mime: str) -> bool:
    return any(t in mime for t in TEXT_TYPES)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host; with `compress`, text goes out gzipped (level 6), as GitHub Pages or Netlify send it."""

    compress = False

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        mime = self.guess_type(str(path))
        if not (self.compress and path.is_file() and compressible(mime)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(site: Path, compress: bool) -> Iterator[str]:
    """`site` at http://127.0.0.1:<port>/ while the block runs."""
    handler = functools.partial(type("Handler", (_Handler,), {"compress": compress}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def weigh(browser: Browser, url: str) -> Weight:
    """Load `url` in a fresh context (empty cache) and count everything it fetched until the network is idle."""
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    responses: list[Response] = []
    weight = Weight()
    context.on("response", lambda response: responses.append(response))
    context.on("requestfailed", lambda request: weight.failed.append(request.url))
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            continue
        weight.requests += 1
        if response.status >= 400:
            weight.failed.append(f"{response.url} ({response.status})")
        kind_ = kind(response)
        weight.raw[kind_] += len(body)
        weight.sent[kind_] += (
            len(gzip.compress(body, 6)) if compressible(response.headers.get("content-type", "")) else len(body)
        )
    context.close()
    return weight


def ensure_lighthouse() -> None:
    if not (BENCH / "node_modules" / ".bin" / "lighthouse").exists():
        print("bench/node_modules is missing: running npm ci --prefix bench", file=sys.stderr)
        subprocess.run(["npm", "ci", "--prefix", str(BENCH)], check=True)


def lighthouse(url: str, out: Path) -> Report:
    """Run Lighthouse (mobile, simulated throttling: its defaults) on `url`; its JSON report is kept in `out`."""
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    command = [
        "npx", "--prefix", str(BENCH), "lighthouse", url, "--output=json", f"--output-path={out}", "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"lighthouse {url} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    scores = {
        name: None if category["score"] is None else round(category["score"] * 100)
        for name, category in result["categories"].items()
    }
    counted = {ref["id"] for category in result["categories"].values() for ref in category["auditRefs"]}
    failing = [
        Audit(audit["id"], audit["title"], audit["score"], audit.get("displayValue", "")
              or audit.get("errorMessage", ""), where(audit))
        for audit in result["audits"].values()
        if audit["id"] in counted and audit["scoreDisplayMode"] not in UNSCORED
        and (audit["score"] is None or audit["score"] < 1)
    ]
    return Report(scores, failing)


def where(audit: dict[str, Any]) -> list[str]:
    """What the audit points at (a file, an element, a console message), a few at most."""
    items = (audit.get("details") or {}).get("items") or []
    found: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        node = item.get("node") or {}
        place = item.get("url") or node.get("selector") or (item.get("sourceLocation") or {}).get("url")
        if isinstance(place, str) and place not in found:
            found.append(place)
    return found[:4]


def kb(count: int) -> str:
    return f"{count / 1000:,.1f}"


def weight_table(weights: dict[str, Weight]) -> str:
    lines = [
        "| page | requests | " + " | ".join(KINDS) + " | total |",
        "| --- | ---: | " + " | ".join("---:" for _ in KINDS) + " | ---: |",
    ]
    for label, w in weights.items():
        cells = [f"{kb(w.sent[k])} ({kb(w.raw[k])})" for k in KINDS]
        total = f"**{kb(sum(w.sent.values()))}** ({kb(sum(w.raw.values()))})"
        lines.append(f"| {label} | {w.requests} | " + " | ".join(cells) + f" | {total} |")
    return "\n".join(lines)


def failed_lines(weights: dict[str, Weight], roots: dict[str, str]) -> list[str]:
    """The requests that failed (no answer, or 4xx/5xx), per page, with local addresses shortened."""
    return [f"- {label}: {len(w.failed)} request(s) failed: "
            + ", ".join(sorted({u.replace(roots[label], "/") for u in w.failed}))
            for label, w in weights.items() if w.failed]


def score_table(reports: dict[str, Report]) -> str:
    lines = ["| page | " + " | ".join(CATEGORIES.values()) + " |", "| --- |" + " ---: |" * len(CATEGORIES)]
    for label, report in reports.items():
        cells = ["–" if report.scores.get(c) is None else str(report.scores[c]) for c in CATEGORIES]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def failing_list(reports: dict[str, Report]) -> str:
    """Each audit that scored below 1 on any of our pages, once, with what Lighthouse showed on each page."""
    titles: dict[str, str] = {}
    pages: dict[str, list[str]] = defaultdict(list)
    places: dict[str, list[str]] = defaultdict(list)
    for label, report in reports.items():
        if label == STOCK_LABEL:
            continue
        for audit in report.failing:
            titles[audit.id] = audit.title
            score = "error" if audit.score is None else f"{audit.score:.2f}"
            pages[audit.id].append(f"{label} {score}" + (f" ({audit.shown})" if audit.shown else ""))
            for place in audit.where:
                if (short := urlsplit(place).path or place) not in places[audit.id]:
                    places[audit.id].append(short)
    if not titles:
        return "Every scored audit passed on our pages."
    return "\n".join(
        f"- {title} (`{id_}`){' — hosting, not the page' if id_ in HOST_AUDITS else ''}: " + "; ".join(pages[id_])
        + (f". Where: {', '.join(f'`{p}`' for p in places[id_][:6])}" if places[id_] else "")
        for id_, title in titles.items()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the raw figures (and Lighthouse's failing audits) here")
    parser.add_argument("--news", default=DEFAULT_NEWS, help="the news item (slug) measured, and the stock page's text")
    parser.add_argument("--no-lighthouse", action="store_true", help="page weight only")
    parser.add_argument("--gzip", action="store_true", help="serve text gzipped, as a real host does (default: "
                        "python's http.server as is, uncompressed)")
    args = parser.parse_args()
    pages = {"home": "", "news item": f"news/{args.news}/", **OUR_PAGES}
    with tempfile.TemporaryDirectory(prefix="weight-") as tmp_name:
        tmp = Path(tmp_name)
        print("building our site and a stock mkdocs-material site…", file=sys.stderr)
        build(REPO / "mkdocs.yml", tmp / "ours")
        build(stock_site(REPO / "content" / "news" / f"{args.news}.md", tmp / "stock"), tmp / "stock-site")
        weights: dict[str, Weight] = {}
        reports: dict[str, Report] = {}
        with serving(tmp / "ours", args.gzip) as ours, serving(tmp / "stock-site", args.gzip) as stock:
            urls = {label: ours + path for label, path in pages.items()} | {STOCK_LABEL: stock}
            roots = {label: stock if label == STOCK_LABEL else ours for label in urls}
            with chromium() as browser:
                for label, url in urls.items():
                    weights[label] = weigh(browser, url)
            if not args.no_lighthouse:
                ensure_lighthouse()
                for label, url in urls.items():
                    print(f"lighthouse: {label} ({url})", file=sys.stderr)
                    reports[label] = lighthouse(url, tmp / "lighthouse.json")
    out = [
        "First visit, empty cache, phone viewport; KB as a host would send them (gzip for text), raw in brackets:",
        "", weight_table(weights), "", *failed_lines(weights, roots),
    ]
    if reports:
        served = "gzip" if args.gzip else "uncompressed"
        out += ["", f"Lighthouse 12.8.2, mobile (its default: simulated slow 4G, mid-range phone), localhost http, "
                f"text served {served}:",
                "", score_table(reports), "", "Audits below 1 on our pages (page, score, what Lighthouse showed):",
                "", failing_list(reports)]
    print("\n".join(out))
    if args.json:
        figures = {"urls": {label: path for label, path in pages.items()},
                   "weights": {label: asdict(w) for label, w in weights.items()},
                   "lighthouse": {label: asdict(r) for label, r in reports.items()}}
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
