"""The e-mail sign-up as readers meet it: on Subscribe, the home page, a bulletin and every footer, posting to the
network's mailing tool (here a local stand-in that checks the fields each tool expects) only when they submit it."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from browser import serving
from lxml import html
from playwright.sync_api import Browser, Page
from sitebuild import REPO, examplia_copy, mkdocs_build, network_site
from test_accessibility import describe, violations
from test_html_validity import html_errors

from generator.pipeline.options import read_options, to_settings

LISTS = ("4b0c5e6a-1f2d-4c3b-9a8e-7d6c5b4a3f21", "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")
ADDRESS = "reader@example.org"
# The pages that carry the sign-up (besides the footer every page has), in both languages.
PAGES = ("subscribe/", "", "bulletins/1/", "bn/subscribe/")
BULLETIN = """---
title: The first E-Bulletin
summary: The network's first bulletin.
number: 1
date: 2024-03
items:
  - news/update-1
  - news/update-2
---

Welcome to the first E-Bulletin.
"""


def words(language: str) -> dict[str, str]:
    return yaml.safe_load((REPO / "generator" / "strings" / f"{language}.yml").read_text(encoding="utf-8"))["signup"]


@dataclass
class Received:
    """One request the stand-in for the mailing tool received: how, where, and the form's fields."""

    method: str
    path: str
    query: dict[str, list[str]]
    fields: dict[str, list[str]]
    content_type: str
    problem: str | None = None


def listmonk_problem(request: Received) -> str | None:
    """What listmonk's public form handler (/subscription/form) would refuse: no address, or no list UUID."""
    if request.path != "/subscription/form":
        return f"posted to {request.path}, not /subscription/form"
    if request.fields.get("email") != [ADDRESS]:
        return f"email is {request.fields.get('email')}"
    if tuple(request.fields.get("l", [])) != LISTS:
        return f"the lists (l) are {request.fields.get('l')}"
    if request.fields.get("nonce", [""]) != [""]:
        return "the robots' trap (nonce) is filled"
    return None


def mailchimp_problem(request: Received) -> str | None:
    """What Mailchimp's embedded form action (/subscribe/post?u=…&id=…) would refuse."""
    query = (request.query.get("u"), request.query.get("id"))
    if request.path != "/subscribe/post" or query != (["abc123"], ["def456"]):
        return f"posted to {request.path}?{request.query}, not /subscribe/post?u=abc123&id=def456"
    if request.fields.get("EMAIL") != [ADDRESS]:
        return f"EMAIL is {request.fields.get('EMAIL')}"
    return None


def buttondown_problem(request: Received) -> str | None:
    """What Buttondown's embed-subscribe endpoint would refuse."""
    if request.path != "/api/emails/embed-subscribe/examplia":
        return f"posted to {request.path}"
    if request.fields.get("email") != [ADDRESS] or request.fields.get("embed") != ["1"]:
        return f"the fields are {request.fields}"
    return None


@dataclass(frozen=True)
class Tool:
    """A mailing tool: its options in mkdocs.yml (with the stand-in's address) and what its endpoint checks."""

    name: str
    path: str  # where the tool's form posts, below the stand-in
    problem: Any
    lists: tuple[str, ...] = ()


TOOLS = {
    "listmonk": Tool("listmonk", "/subscription/form", listmonk_problem, LISTS),
    "mailchimp": Tool("mailchimp", "/subscribe/post?u=abc123&id=def456", mailchimp_problem),
    "buttondown": Tool("buttondown", "/api/emails/embed-subscribe/examplia", buttondown_problem),
}


@dataclass
class StandIn:
    """A local HTTP endpoint in the mailing tool's place, recording every request it gets."""

    tool: Tool
    root: str = ""
    site: Path = Path()  # the site built to post to it
    received: list[Received] = field(default_factory=list)

    @property
    def posts(self) -> list[Received]:
        return [request for request in self.received if request.method == "POST"]



def stand_in_handler(stand_in: StandIn) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _record(self, method: str) -> Received:
            address = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            request = Received(method, address.path, parse_qs(address.query), parse_qs(body, keep_blank_values=True),
                               self.headers.get("Content-Type", ""))
            if method != "POST":
                request.problem = f"{method} before any form was submitted"
            elif request.content_type != "application/x-www-form-urlencoded":
                request.problem = f"sent as {request.content_type}, not as a form"
            else:
                request.problem = stand_in.tool.problem(request)
            stand_in.received.append(request)
            return request

        def do_GET(self) -> None:
            self._answer(self._record("GET"))

        def do_POST(self) -> None:
            self._answer(self._record("POST"))

        def _answer(self, request: Received) -> None:
            self.send_response(400 if request.problem else 200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            # Its own icon inline: the browser then asks the tool nothing more after the reader lands on its page.
            self.wfile.write(b'<!doctype html><link rel="icon" href="data:,"><title>Thanks</title><p>Check your inbox.')

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="module", params=list(TOOLS))
def tool_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[StandIn, str]]:
    """Examplia with a bulletin, signing readers up with one tool (its stand-in running), served: (stand-in, root)."""
    stand_in = StandIn(TOOLS[request.param])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), stand_in_handler(stand_in))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stand_in.root = f"http://127.0.0.1:{server.server_address[1]}"
    folder = tmp_path_factory.mktemp(f"signup-{request.param}")
    config = examplia_copy(folder / "examplia")
    (config.parent / "content" / "bulletins").mkdir()
    (config.parent / "content" / "bulletins" / "2024-03.md").write_text(BULLETIN, encoding="utf-8")
    lists = "".join(f"\n          - {uuid}" for uuid in stand_in.tool.lists)
    email = (f"      email:\n        tool: {stand_in.tool.name}\n        signup: {stand_in.root}{stand_in.tool.path}\n"
             + (f"        lists:{lists}\n" if lists else ""))
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      timezone: Africa/Nairobi", email + "      timezone: Africa/Nairobi"),
                      encoding="utf-8")
    built = mkdocs_build(config, folder / "site")
    assert built.returncode == 0, built.stderr
    stand_in.site = folder / "site"
    try:
        with serving(folder / "site") as root:
            yield stand_in, root
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def tab(session_browser: Browser) -> Iterator[Page]:
    page = session_browser.new_page(viewport={"width": 375, "height": 800})
    yield page
    page.close()


def test_every_sign_up_form_sends_the_address_to_the_tool_as_it_expects_and_nothing_before(
    tool_site: tuple[StandIn, str], tab: Page
) -> None:
    stand_in, root = tool_site
    for path in PAGES:
        tab.goto(root + path)
        forms = tab.locator("form.nw-signup__form")
        count = forms.count()
        assert count >= 2, f"/{path} offers {count} sign-up forms, not its own and the footer's"
        for index in range(count):
            tab.goto(root + path)
            assert stand_in.received == [], f"/{path} asked the mailing tool for something before any sign-up"
            form = tab.locator("form.nw-signup__form").nth(index)
            form.get_by_label(words("bn" if path.startswith("bn/") else "en")["label"]).fill(ADDRESS)
            with tab.expect_navigation():
                form.get_by_role("button").click()
            assert [(post.path, post.problem) for post in stand_in.posts] == [
                (urlsplit(stand_in.root + stand_in.tool.path).path, None)
            ], f"/{path}, form {index + 1}"
            assert len(stand_in.received) == 1
            stand_in.received.clear()


def test_a_reader_signs_up_by_keyboard_alone(tool_site: tuple[StandIn, str], tab: Page) -> None:
    stand_in, root = tool_site
    tab.goto(root + "subscribe/")
    for _ in range(80):
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.id") == "nw-signup-subscribe-email":
            break
    else:
        raise AssertionError("Tab never reaches the sign-up's address field on Subscribe")
    tab.keyboard.type(ADDRESS)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert [post.problem for post in stand_in.posts] == [None]
    stand_in.received.clear()


@pytest.mark.parametrize("language", ["en", "bn"])
def test_a_mistyped_address_is_held_back_and_the_reader_is_told_how_to_write_it_in_the_pages_language(
    tool_site: tuple[StandIn, str], tab: Page, language: str
) -> None:
    stand_in, root = tool_site
    tab.goto(root + ("bn/subscribe/" if language == "bn" else "subscribe/"))
    field = tab.locator("#nw-signup-subscribe-email")
    field.fill("reader.example.org")
    field.press("Enter")
    tab.wait_for_timeout(300)
    assert stand_in.received == [], "a mistyped address reached the mailing tool"
    assert field.evaluate("element => element.matches(':invalid')")
    described = field.get_attribute("aria-describedby") or ""
    told = " ".join(tab.locator(f"#{name}").inner_text() for name in described.split())
    assert words(language)["hint"] in told
    tool_name = {"listmonk": "listmonk", "mailchimp": "Mailchimp", "buttondown": "Buttondown"}[stand_in.tool.name]
    assert tool_name in told, "the reader is not told which tool receives the address"


def test_without_a_mailing_tool_readers_get_a_ready_message_to_the_network(examplia_site: Path) -> None:
    for path in ("subscribe/index.html", "index.html", "news/index.html"):
        page = html.fromstring((examplia_site / path).read_bytes())
        assert page.xpath("//form[contains(@class, 'nw-signup')]") == [], f"{path} has a form that posts nowhere"
        links = page.xpath("//a[contains(@class, 'nw-signup__write')]/@href")
        assert links, f"{path} offers no way to ask for the E-Bulletin"
        assert all(link.startswith("mailto:secretariat@migration-network.examplia.test?subject=") for link in links)


@pytest.mark.parametrize(
    ("email", "said"),
    [
        ({"tool": "listmonk", "signup": "https://lists.examplia.org/subscription/form"},
         "email.lists: expected the UUID of each listmonk list readers join"),
        ({"tool": "listmonk", "signup": "https://lists.examplia.org/subscription/form", "lists": ["newsletter"]},
         "email.lists: expected listmonk list UUIDs"),
        ({"tool": "listmonk", "signup": "https://lists.examplia.org/", "lists": list(LISTS)},
         "email.signup: expected listmonk's public form address"),
        ({"tool": "mailchimp", "signup": "https://x.us1.list-manage.com/subscribe/post?u=abc"},
         "email.signup: expected the action of Mailchimp's embedded form"),
        ({"tool": "mailchimp", "signup": "http://x.us1.list-manage.com/subscribe/post?u=a&id=b"},
         "email.signup: expected the action of Mailchimp's embedded form"),
        ({"tool": "buttondown", "signup": "javascript:alert(1)"}, "email.signup: expected Buttondown's embed address"),
        ({"tool": "buttondown", "signup": "https://buttondown.com/examplia"}, "email.signup: expected Buttondown's"),
        ({"tool": "buttondown", "signup": "https://buttondown.com/api/emails/embed-subscribe/x", "lists": list(LISTS)},
         "email.lists: expected no lists for buttondown"),
        ({"signup": "https://buttondown.com/api/emails/embed-subscribe/x"}, "email.tool: expected the mailing tool"),
    ],
)
def test_a_sign_up_the_tool_would_refuse_is_one_line_naming_the_option(email: dict[str, Any], said: str) -> None:
    options = read_options({"network": {"name": "N", "short_name": "S"}, "email": email})
    with pytest.raises(ValueError, match="^" + said.replace("(", r"\(").replace(")", r"\)")) as raised:
        to_settings(options, "https://examplia.org/", "en", preview=False)
    assert "\n" not in str(raised.value) and "found" in str(raised.value)


def test_check_and_the_build_say_the_same_line_for_a_listmonk_form_without_lists(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(
        "      timezone: Africa/Nairobi",
        "      email: {tool: listmonk, signup: 'https://lists.examplia.org/subscription/form'}\n"
        "      timezone: Africa/Nairobi"), encoding="utf-8")
    checked = network_site(config, "check")
    built = mkdocs_build(config, tmp_path / "site")
    assert checked.returncode != 0 and built.returncode != 0
    lines = [line for line in (checked.stdout + checked.stderr).splitlines() if "email.lists" in line]
    assert len(lines) == 1, checked.stdout + checked.stderr
    assert "expected the UUID of each listmonk list readers join" in lines[0] and "found none" in lines[0]
    assert lines[0].split("email.lists", 1)[1] in built.stderr, built.stderr
    assert "Traceback" not in checked.stderr + built.stderr
    assert not (tmp_path / "site").exists(), "a build with a mistake in mkdocs.yml published a site"


def test_the_privacy_notice_names_the_tool_the_form_posts_to_in_each_language(
    tool_site: tuple[StandIn, str], tab: Page
) -> None:
    stand_in, root = tool_site
    tool_name = {"listmonk": "listmonk", "mailchimp": "Mailchimp", "buttondown": "Buttondown"}[stand_in.tool.name]
    for path in ("privacy/", "bn/privacy/"):
        tab.goto(root + path)
        assert tool_name in tab.locator("article").inner_text(), f"/{path} does not name {tool_name}"
    assert stand_in.received == []


def test_the_pages_that_carry_the_form_are_valid_html_and_meet_wcag_2_1_aa(
    tool_site: tuple[StandIn, str], tab: Page
) -> None:
    stand_in, root = tool_site
    files = [stand_in.site / path / "index.html" for path in PAGES]
    assert html_errors(files) == []
    for path in PAGES:
        for width in (375, 1280):
            tab.set_viewport_size({"width": width, "height": 800})
            tab.goto(root + path)
            found = violations(tab)
            assert found == [], f"/{path} at {width}px:\n{describe(found)}"
    assert stand_in.received == []
