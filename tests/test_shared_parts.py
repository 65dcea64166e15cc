"""Parts every page shows (the menu, header, footer, cards) are rendered once and reused: each page still gets
exactly what rendering the part for that page would give, its links relative to where that page sits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jinja2 import DictLoader, Environment, pass_context
from mkdocs.utils.templates import url_filter
from sitebuild import examplia_copy, mkdocs_build, real_copy

from generator.fast.shared_parts import SharedPartError, SharedParts

FOOTER = (
    '<footer><a href="{{ \'organizations/\' | url }}">{{ t }}</a> <a href="{{ \'feed.xml\' | url }}">Feed</a></footer>'
)
CARD = (
    '{% macro card(item) %}<a href="{{ item.url | url }}">{{ item.title }}</a>'
    '{% if item.image %}<img src="{{ item.image | picture }}">{% endif %}{% endmacro %}'
)
# A page with its footer shared, and the same page with it included; cards are called as they are in both.
PAGE_SHARED = (
    '{% import "card.html" as c with context %}{{ shared_part("footer.html") }}|'
    "{% for item in items %}{{ c.card(item) }}{% endfor %}"
)
PAGE_IN_PLACE = (
    '{% import "card.html" as c with context %}{% include "footer.html" %}|'
    "{% for item in items %}{{ c.card(item) }}{% endfor %}"
)


class FakePage:
    """A page as MkDocs hands one to templates: an object of its own on each page, compared by nothing."""

    def __init__(self, url: str, title: str = "") -> None:
        self.url = url
        self.title = title


@dataclass(frozen=True)
class FakeItem:
    url: str
    title: str
    image: str = ""


@pass_context
def _picture(context: Any, image: str) -> str:
    return f"{context['page'].url}|{image}"


def _environment(parts: dict[str, str], keep: int = 100) -> tuple[Environment, SharedParts]:
    env = Environment(loader=DictLoader(parts), autoescape=True)
    env.filters["url"] = url_filter
    env.filters["picture"] = _picture
    return env, SharedParts(env, keep)


def _render(env: Environment, name: str, page: FakePage, graph: object, **values: Any) -> str:
    return env.get_template(name).render(page=page, base_url=".", graph=graph, **values)


PAGES = [FakePage("news/a/"), FakePage("news/b/"), FakePage("events/c/"), FakePage("news/"), FakePage(""),
         FakePage("news/a/"), FakePage("bn/news/a/")]
ITEMS = [FakeItem("news/a/", "A", "images/a.png"), FakeItem("news/b/", "B"), FakeItem("events/c/", "C")]


def test_each_page_gets_the_part_as_it_would_be_rendered_for_it_where_the_part_is_reused() -> None:
    templates = {"footer.html": FOOTER, "card.html": CARD, "shared.html": PAGE_SHARED, "in_place.html": PAGE_IN_PLACE}
    env, shared = _environment(templates)
    english, bangla = object(), object()
    for page in PAGES:
        graph = bangla if page.url.startswith("bn/") else english
        expected = _render(env, "in_place.html", page, graph, items=ITEMS, t="Members")
        assert _render(env, "shared.html", page, graph, items=ITEMS, t="Members") == expected
    # news/a/ and news/b/ link the footer's pages alike, as does the second news/a/.
    assert shared.reused >= 2


def test_a_part_is_rendered_again_in_each_language() -> None:
    env, _ = _environment({"footer.html": FOOTER, "page.html": '{{ shared_part("footer.html") }}'})
    assert "Members" in _render(env, "page.html", FakePage("news/a/"), object(), t="Members")
    assert "সদস্য" in _render(env, "page.html", FakePage("news/b/"), object(), t="সদস্য")


def test_a_part_that_reads_the_page_title_shows_each_page_its_own_and_is_shared_by_pages_of_one_title() -> None:
    titled = '<footer>{{ page.title }} <a href="{{ \'feed.xml\' | url }}">Feed</a></footer>'
    env, shared = _environment({"footer.html": titled, "page.html": '{{ shared_part("footer.html") }}'})
    pages = [FakePage("news/a/", "Dialogue"), FakePage("news/b/", "Forum"), FakePage("news/c/", "Dialogue")]
    outputs = [_render(env, "page.html", page, object()) for page in pages]
    assert outputs == [f'<footer>{title} <a href="../../feed.xml">Feed</a></footer>'
                       for title in ("Dialogue", "Forum", "Dialogue")]
    assert (shared.rendered, shared.reused) == (2, 1)


class Note:
    """A page's note held as an attribute, where another page holds it as a key of a dict."""

    def __init__(self, note: str) -> None:
        self.note = note


def test_a_part_that_reads_a_field_by_attribute_or_by_key_shows_each_page_what_including_it_would() -> None:
    footer = "<footer>{{ page.meta.note }}|{{ page.meta.title }}|{{ page.meta.missing is defined }}</footer>"
    templates = {"footer.html": footer, "shared.html": '{{ shared_part("footer.html") }}',
                 "in_place.html": '{% include "footer.html" %}'}
    env, shared = _environment(templates)
    metas: list[object] = [{"note": "Dialogue"}, {"note": "Forum", "title": "Kept"}, Note("Dialogue"), {},
                           {"note": "Dialogue"}, {"missing": "here"}, Note("Forum"), "not a mapping"]
    for index, meta in enumerate(metas):
        page = FakePage(f"news/{index}/")
        page.meta = meta  # type: ignore[attr-defined]
        expected = _render(env, "in_place.html", page, object())
        assert _render(env, "shared.html", page, object()) == expected
    # A read is one question, whether Jinja finds an attribute or a key: the same note either way is shared.
    assert shared.reused == 2


class Shelf:
    """A value read both by attribute and by item, as a designer's template meets one."""

    colour = "blue"

    def __getitem__(self, key: str) -> str:
        return {"colour": "red", "size": "tall"}[key]


class Lazy:
    """A value that makes up any attribute asked of it."""

    def __getattr__(self, name: str) -> str:
        return f"lazy {name}"


class Guarded:
    """A value whose attribute refuses to be read."""

    @property
    def note(self) -> str:
        raise AttributeError("no note")


class Counts(dict[str, int]):
    """A mapping that answers every missing key with nothing counted."""

    def __missing__(self, key: str) -> int:
        return 0


def test_every_kind_of_value_a_template_reads_shows_as_jinja_itself_shows_it_on_a_page_and_in_a_part() -> None:
    shown = ("{% for v in values %}{{ v.title }}|{{ v.colour }}|{{ v.size }}|{{ v.note }}|{{ v.a }}|{{ v.upper }}|"
             "{{ v.missing is defined }}|{{ v.meta is defined and v.meta.icon is defined }}\n{% endfor %}")
    templates = {"show.html": shown, "shared.html": '{{ shared_part("show.html") }}',
                 "in_place.html": '{% include "show.html" %}'}
    values = [{"title": "Dialogue"}, {"meta": {"icon": "x"}}, {"meta": {}}, Shelf(), Lazy(), Guarded(), Counts(a=1),
              [1, 2], "text", list, None, FakePage("news/a/", "Forum")]
    expected = Environment(loader=DictLoader(templates), autoescape=True).get_template("show.html").render(
        values=values, page=FakePage("news/a/"))
    env, shared = _environment(templates)
    for page in (FakePage("news/a/"), FakePage("news/b/")):
        for name in ("in_place.html", "shared.html", "show.html"):
            assert _render(env, name, page, object(), values=values) == expected
    assert shared.reused == 1


def test_a_part_that_calls_a_macro_whose_template_holds_the_page_in_a_variable_of_its_own_stops_with_one_line() -> None:
    held = '{% set current = page %}{% macro card(item) %}{{ item.title }} on {{ current.title }}{% endmacro %}'
    page_template = '{% import "card.html" as c with context %}{{ shared_part("footer.html") }}'
    env, _ = _environment({"card.html": held, "footer.html": "<footer>{{ c.card(item) }}</footer>",
                           "page.html": page_template})
    with pytest.raises(SharedPartError, match=r"^.*card\.html.*current.*cannot be keyed by$"):
        _render(env, "page.html", FakePage("news/a/", "One"), object(), item=ITEMS[0])


def test_a_part_dropped_to_bound_memory_is_rendered_again_the_same() -> None:
    both = '{{ shared_part("footer.html") }}{{ shared_part("feeds.html") }}'
    feeds = '<a href="{{ \'feed.xml\' | url }}">{{ t }}</a>'
    env, shared = _environment({"footer.html": FOOTER, "feeds.html": feeds, "page.html": both}, keep=1)
    pages = [(FakePage("news/a/"), "Members"), (FakePage("news/b/"), "Members")]
    outputs = [_render(env, "page.html", page, object(), t=words) for page, words in pages]
    assert outputs[0] == outputs[1]
    assert (shared.rendered, shared.reused, len(shared.parts)) == (4, 0, 1)


def _site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("network", ["the real network", "the example network in two languages"])
def test_every_page_with_shared_parts_is_the_page_rendered_on_its_own(tmp_path: Path, network: str) -> None:
    config = real_copy(tmp_path) if network == "the real network" else examplia_copy(tmp_path / "examplia")
    text = config.read_text(encoding="utf-8")
    own = config.with_name("own-parts.yml")
    own.write_text(text.replace("  - network:\n", "  - network:\n      shared_parts: false\n", 1), encoding="utf-8")
    assert own.read_text(encoding="utf-8") != text
    for name, built in (("shared", config), ("own", own)):
        result = mkdocs_build(built, tmp_path / name)
        assert result.returncode == 0, result.stderr
    assert _site_files(tmp_path / "shared") == _site_files(tmp_path / "own")

