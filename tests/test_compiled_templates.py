"""Templates compiled by one build are run by the next only where they would compile to the same code.

Each test renders templates through a Jinja environment whose compiled templates are kept in a build cache, saves
it as a build does, and renders again in a fresh environment, as the next build would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import DictLoader, Environment, pass_context
from jinja2.runtime import Context

from generator.fast.build_cache import BuildCache
from generator.fast.compiled_templates import CompiledTemplates

PAGE = "{{ title | labelled }}"


def _plain(value: str) -> str:
    return f"label: {value}"


@pass_context
def _from_the_page(context: Context, value: str) -> str:
    return f"{context['section']}: {value}"


@contextmanager
def _build(folder: Path, templates: dict[str, str], **filters: Callable[..., Any]) -> Iterator[Environment]:
    """An environment of one build: its compiled templates read from the cache in `folder` and kept there after."""
    cache = BuildCache(folder, "salt")
    env = Environment(loader=DictLoader(templates), autoescape=True)
    env.filters.update(filters)
    compiled = CompiledTemplates()
    compiled.use(env, cache)
    yield env
    compiled.keep()
    cache.save()
    cache.close()


@contextmanager
def _compiling_counted(env: Environment) -> Iterator[list[str]]:
    """The names of the templates `env` compiles from their source, while inside."""
    names: list[str] = []
    compile_source = env.compile

    def counted(source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(str(name))
        return compile_source(source, name, *args, **kwargs)

    env.compile = counted  # type: ignore[method-assign]
    yield names


def test_the_next_build_of_the_same_templates_compiles_none_again_and_renders_the_same(tmp_path: Path) -> None:
    with _build(tmp_path, {"page.html": PAGE}, labelled=_plain) as env:
        first = env.get_template("page.html").render(title="Floods")
    with _build(tmp_path, {"page.html": PAGE}, labelled=_plain) as env, _compiling_counted(env) as compiled:
        again = env.get_template("page.html").render(title="Floods")
    assert compiled == []
    assert again == first == "label: Floods"


def test_a_template_edited_since_the_last_build_is_compiled_again_and_shows_the_edit(tmp_path: Path) -> None:
    with _build(tmp_path, {"page.html": PAGE, "footer.html": "Bangladesh"}, labelled=_plain) as env:
        env.get_template("page.html").render(title="Floods")
        env.get_template("footer.html").render()
    edited = {"page.html": PAGE, "footer.html": "Bangladesh UN Network on Migration"}
    with _build(tmp_path, edited, labelled=_plain) as env, _compiling_counted(env) as compiled:
        footer = env.get_template("footer.html").render()
        env.get_template("page.html").render(title="Floods")
    assert footer == "Bangladesh UN Network on Migration"
    assert compiled == ["footer.html"]


def test_a_filter_that_now_reads_the_page_is_given_it_by_a_template_compiled_last_build_without(
        tmp_path: Path) -> None:
    # Jinja compiles whether a filter is handed the page's context into the template: the same text, compiled
    # where the filter took none, would call it without the context.
    with _build(tmp_path, {"page.html": PAGE}, labelled=_plain) as env:
        env.get_template("page.html").render(title="Floods")
    with _build(tmp_path, {"page.html": PAGE}, labelled=_from_the_page) as env:
        shown = env.get_template("page.html").render(title="Floods", section="News")
    assert shown == "News: Floods"


def test_templates_escaped_last_build_are_compiled_again_where_nothing_is_escaped(tmp_path: Path) -> None:
    with _build(tmp_path, {"page.html": "{{ title }}"}) as env:
        assert env.get_template("page.html").render(title="Rohingya <b>response</b>") == \
            "Rohingya &lt;b&gt;response&lt;/b&gt;"
    cache = BuildCache(tmp_path, "salt")
    env = Environment(loader=DictLoader({"page.html": "{{ title }}"}), autoescape=False)
    CompiledTemplates().use(env, cache)
    assert env.get_template("page.html").render(title="Rohingya <b>response</b>") == "Rohingya <b>response</b>"
    cache.close()
