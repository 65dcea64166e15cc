"""Parts of pages that come out the same on many pages (the menu, the tabs, the header, the footer, a card).

Each is rendered once for every way it comes out and reused as HTML. What a part shows is its template and
what its key says: the language's graph (its words, dates and names), what `SHOWS` names for it (or, for a
macro, its arguments) and its addresses. Addresses are the one thing that varies from page to page inside a
part: `url` and `picture` make them relative to the page. They are recorded while a part is first rendered,
and looked up again for each page, so two pages share a part's HTML exactly when its links resolve alike.
A part may read the page only through those filters; one that reads more is caught (`SharedPartError`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context, Macro
from markupsafe import Markup

# The filters whose output depends on where the page is: recorded inside a shared part.
ADDRESS_FILTERS = ("url", "picture")
# What a page's context says a part shows besides its language and addresses; NOT_SHARED: render it in place.
NOT_SHARED = object()
# Parts kept at once, the least recently used dropped first: 1,000 items in two languages use 4,720 (6 MB of HTML),
# and keeping 2,000 renders but 3 more; the bound keeps 10,000 items' cards from holding 60 MB to the end.
KEEP = 4000
Shows = Callable[[Context], Any]


class SharedPartError(RuntimeError):
    """A shared part followed other addresses on two pages its key calls alike: it reads more than its key."""


def _menu_state(context: Context) -> Any:
    """The menu's entries and which are open; a page in the menu holds its own contents there, so it is not shared."""
    nav, page = context.get("nav"), context.get("page")
    if nav is None or page is None or page in nav.pages:
        return NOT_SHARED
    return nav, tuple(entry.active for entry in _entries(nav.items))  # a Navigation is hashed by identity


def _entries(items: Any) -> Iterator[Any]:
    for entry in items:
        yield entry
        yield from _entries(entry.children or ())


# The theme's parts that every page shows, and what each shows besides the page's language and addresses.
SHOWS: Mapping[str, Shows] = {
    "partials/header.html": lambda context: context.get("language_links"),
    "partials/footer.html": lambda context: (),
    "partials/icons.html": lambda context: (),  # mkdocs-material's icon styles, from mkdocs.yml alone
    "partials/nav.html": _menu_state,
    "partials/tabs.html": _menu_state,
}


@dataclass
class _Part:
    """One shared part: the address filters it calls, in order, and its HTML for each set of their answers."""

    calls: tuple[tuple[str, tuple[Any, ...]], ...]
    kept: tuple[Any, ...]  # what the key holds by identity (the graph, a macro's arguments): kept alive with it
    html: dict[tuple[Any, ...], Markup] = field(default_factory=dict)


class SharedParts:
    """The shared parts of one build's pages: `shared_part(name)` and `shared_call(macro, ...)` in templates."""

    def __init__(self, env: Environment, shows: Mapping[str, Shows] = SHOWS, keep: int = KEEP) -> None:
        self.env = env
        self.shows = shows
        self.keep = keep
        self.filters: dict[str, Callable[..., Any]] = {name: env.filters[name] for name in ADDRESS_FILTERS}
        self.parts: dict[Hashable, _Part] = {}  # in the order they were last used
        self.rendered = 0  # parts rendered, first or in place
        self.reused = 0
        self._recording: list[tuple[str, tuple[Any, ...], Any]] | None = None
        for name in ADDRESS_FILTERS:
            env.filters[name] = self._recorded(name)
        env.globals["shared_part"] = self.part
        env.globals["shared_call"] = self.call

    def _recorded(self, name: str) -> Callable[..., Any]:
        original = self.filters[name]

        @pass_context
        def filter_(context: Context, *args: Any) -> Any:
            answer = original(context, *args)
            if self._recording is not None:
                self._recording.append((name, args, answer))
            return answer

        filter_.__doc__ = original.__doc__
        return filter_

    @pass_context
    def part(self, context: Context, name: str) -> Markup:
        """`{{ shared_part("partials/footer.html") }}`: what `{% include %}` would write (the variables set around
        it aside), rendered once for all the pages it comes out alike on."""

        def render() -> Markup:
            template = self.env.get_template(name)
            # As Jinja's own `{% include %}` does: the template's root, in a context sharing the page's.
            parts = template.root_render_func(template.new_context(context.get_all(), True))
            return Markup(self.env.concat(parts))  # type: ignore[attr-defined]

        shows = self.shows.get(name)
        return self._shared(context, (name, shows(context) if shows else NOT_SHARED), (), render)

    @pass_context
    def call(self, context: Context, macro: Macro, *args: Any) -> Markup:
        """`{{ shared_call(card, item, "h3") }}`: `card(item, "h3")`, rendered once for pages it comes out alike on."""
        identities = tuple(arg if isinstance(arg, str | int | float | bool | None) else id(arg) for arg in args)
        return self._shared(context, (macro.name, identities), args, lambda: Markup(macro(*args)))

    def _shared(self, context: Context, shows: tuple[Any, Any], kept: tuple[Any, ...],
                render: Callable[[], Markup]) -> Markup:
        graph = context.get("graph")
        if shows[1] is NOT_SHARED or graph is None or context.get("page") is None or self._recording is not None:
            self.rendered += 1
            return render()  # no page (the 404 page), a part not shared on this page, or a part inside one
        key = (id(graph), *shows)
        part = self.parts.pop(key, None)
        if part is not None:
            self.parts[key] = part  # now the most recently used
            answers = tuple(self.filters[name](context, *args) for name, args in part.calls)
            found = part.html.get(answers)
            if found is not None:
                self.reused += 1
                return found
        calls, html = self._record(render)
        if part is None:
            part = self.parts[key] = _Part(tuple((name, args) for name, args, _ in calls), (graph, *kept))
            if len(self.parts) > self.keep:
                del self.parts[next(iter(self.parts))]
        elif tuple((name, args) for name, args, _ in calls) != part.calls:
            raise SharedPartError(f"{shows[0]} follows other addresses on two pages it is shared by")
        part.html[tuple(answer for _, _, answer in calls)] = html
        return html

    def _record(self, render: Callable[[], Markup]) -> tuple[list[tuple[str, tuple[Any, ...], Any]], Markup]:
        calls: list[tuple[str, tuple[Any, ...], Any]] = []
        self._recording = calls
        try:
            html = render()
        finally:
            self._recording = None
        self.rendered += 1
        return calls, html
