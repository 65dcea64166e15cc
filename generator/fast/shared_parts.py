"""Parts of pages that come out the same on many pages (the menu, the tabs, the header, the footer, a card).

Each is rendered once for every way it comes out and reused as HTML. Which way a part comes out on a page is
found from what it read when it was rendered (generator/fast/reads.py): every name it looked up in the page's
context, everything it read below those, every filter that looks at the page (the `url` filter, whose answers
make its links relative to the page). A page reuses a part's HTML only where asking each of those questions
again gives the answers they gave; nothing lists by hand what a part reads, so a network's own template that
reads more (the page's title in its footer) is rendered for each page that answers otherwise, and one that reads
what cannot be compared stops the build with one line naming the template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context, Macro
from markupsafe import Markup

from generator.content import build_now
from generator.fast.reads import (
    OPAQUE,
    Asking,
    CannotKeyError,
    Key,
    PageReads,
    Question,
    ReadingContext,
    Recording,
    active,
    file_of,
    key_of,
    macro_key,
    reading_attributes,
    recording,
    watched,
)

# Parts kept at once, the least recently used dropped first: 1,000 items in two languages use 4,720 (6 MB of HTML),
# and keeping 2,000 renders but 3 more; the bound keeps 10,000 items' cards from holding 60 MB to the end.
KEEP = 4000
# Macros whose keys are kept: a page's cards are called with a few.
MACROS_KEPT = 64
Render = Callable[[Recording | None], Markup]


class SharedPartError(CannotKeyError):
    """A shared part read what its key cannot hold: one line naming the template and the value."""


@dataclass
class _Rendered:
    """A part's HTML for one set of answers, and what it asked of the build's 'now' then."""

    html: Markup
    dates: tuple[build_now.Asked, ...]


@dataclass
class _Question:
    """A question a part asked, and where each answer leads: the next question, or the HTML."""

    question: Question
    answers: dict[Key, _Question | _Rendered] = field(default_factory=dict)


@dataclass
class _Part:
    """One shared part: its questions, as a tree (what it asks next depends on what it was answered), and the values
    its questions and its key hold (kept alive, so that an identity in them stays that object's)."""

    values: dict[Key, Any]
    first: _Question | _Rendered | None = None

    def find(self, asking: Asking) -> _Rendered | None:
        """The HTML rendered for a page that answers every question as this page does, if any."""
        node = self.first
        answer = asking.answer  # a question with no operand is answered once per page, whichever part asked it
        while type(node) is _Question:
            node = node.answers.get(answer(node.question))
        return node  # type: ignore[return-value]

    def add(self, asked: list[tuple[Question, Key]], rendered: _Rendered) -> bool:
        """Keep the HTML under the answers it was rendered for; False where the part asked otherwise than before."""
        if not asked:
            if self.first is not None and not isinstance(self.first, _Rendered):
                return False
            self.first = rendered
            return True
        if self.first is None:
            self.first = _chain(asked, rendered)
            return True
        node = self.first
        for index, (question, answer) in enumerate(asked):
            if not isinstance(node, _Question) or node.question != question:
                return False
            following = node.answers.get(answer)
            if following is None:
                node.answers[answer] = _chain(asked[index + 1:], rendered)
                return True
            node = following
        return False


def _chain(asked: list[tuple[Question, Key]], rendered: _Rendered) -> _Question | _Rendered:
    node: _Question | _Rendered = rendered
    for question, answer in reversed(asked):
        node = _Question(question, {answer: node})
    return node


class SharedParts:
    """The shared parts of one build's pages: `shared_part(name)` and `shared_call(macro, ...)` in templates."""

    def __init__(self, env: Environment, keep: int = KEEP, share: bool = True,
                 stop: type[Exception] = SharedPartError) -> None:
        self.env = env
        self.stop = stop  # what a part that cannot be keyed raises (the engine's own error, said in one line)
        self.keep = keep
        self.share = share
        self.parts: dict[Key, _Part] = {}  # in the order they were last used
        self.rendered = 0  # parts rendered, first or in place
        self.reused = 0
        self._macros: dict[int, tuple[Macro, Key, dict[Key, Any]]] = {}
        # Reads, kept once for every part: the menu, the tabs and the header of a page read much the same.
        self._paths: dict[Any, Any] = {}
        self._page: tuple[Context, Asking] | None = None
        self._page_reads: PageReads | None = None
        self._shapes: dict[int, Any] = {}
        if share:
            # Every name a template looks up, and every filter and test it calls, can be noted while a part renders.
            env.context_class = ReadingContext
            reading_attributes(env)
            for table in (env.filters, env.tests):
                for name, function in list(table.items()):
                    table[name] = watched(function)
        env.globals["shared_part"] = self.part
        env.globals["shared_call"] = self.call

    @pass_context
    def part(self, context: Context, name: str) -> Markup:
        """`{{ shared_part("partials/footer.html") }}`: what `{% include %}` would write (the variables set around
        it aside), rendered once for all the pages it comes out alike on."""
        template = self.env.get_template(name)

        def render(reads: Recording | None) -> Markup:
            # As Jinja's own `{% include %}` does: the template's root, in a context sharing the page's.
            parts = template.root_render_func(template.new_context(context.get_all(), True))
            return Markup(self.env.concat(parts))  # type: ignore[attr-defined]

        key = ("part", name, template.filename)
        return self._shared(context, key, template.filename or name, (), {}, render)

    @pass_context
    def call(self, context: Context, macro: Macro, *arguments: Any) -> Markup:
        """`{{ shared_call(card, item, "h3") }}`: `card(item, "h3")`, rendered once for pages it comes out alike on."""

        def render(reads: Recording | None) -> Markup:
            given = arguments if reads is None else tuple(
                reads.tracked(reads.path(None, ("arg", index)), argument) for index, argument in enumerate(arguments))
            return Markup(macro(*given))

        if not self.share or active():
            return self._in_place(render)
        values: dict[Key, Any] = {}
        try:
            shown = tuple(key_of(argument, values) or OPAQUE for argument in arguments)
            key = ("call", macro.name, self._macro_key(macro, values), shown)
        except CannotKeyError as error:
            raise self.stop(str(error)) from None
        return self._shared(context, key, file_of(macro), arguments, values, render)

    def _macro_key(self, macro: Macro, values: dict[Key, Any]) -> Key:
        """A macro's key, worked out once for the cards of a page (a template imported anew for each page)."""
        found = self._macros.get(id(macro))
        if found is None or found[0] is not macro:
            kept: dict[Key, Any] = {}
            found = self._macros[id(macro)] = (macro, macro_key(macro, kept), kept)
            if len(self._macros) > MACROS_KEPT:
                del self._macros[next(iter(self._macros))]
        values.update(found[2])
        return found[1]

    def _asking(self, context: Context, arguments: tuple[Any, ...], values: dict[Key, Any]) -> Asking:
        """The questions of a page: what the page gave one part (of the same reads) is what it gives the next."""
        if self._page_reads is None or self._page_reads.context is not context:
            self._page_reads = PageReads(context, self._shapes)
        if arguments:
            return Asking(context, arguments, values, self._page_reads)
        if self._page is None or self._page[0] is not context:
            page = Asking(context, (), values)
            page.found, page.lists, page.answered = (
                self._page_reads.found, self._page_reads.lists, self._page_reads.answered)
            self._page = (context, page)
        asking = self._page[1]
        asking.values = values
        return asking

    def _in_place(self, render: Render) -> Markup:
        self.rendered += 1
        return render(None)

    def _shared(self, context: Context, key: Key, where: str | None, arguments: tuple[Any, ...], values: dict[Key, Any],
                render: Render) -> Markup:
        if not self.share or active():
            return self._in_place(render)  # sharing is off, or a part inside a part: rendered with it
        part = self.parts.pop(key, None)
        if part is None:
            part = _Part(values)
        else:
            found = part.find(self._asking(context, arguments, part.values))
            if found is not None:
                self.parts[key] = part  # now the most recently used
                self.reused += 1
                build_now.tell(found.dates)  # what it asked of 'now' is the page's too
                return found.html
        self.parts[key] = part
        if len(self.parts) > self.keep:
            del self.parts[next(iter(self.parts))]
        reads = Recording(where, context, arguments, part.values, self._paths)
        try:
            with build_now.noting() as dates, recording(reads):
                html = render(reads)
        except CannotKeyError as error:
            raise self.stop(str(error)) from None
        except Exception:  # a template that cannot be read this way is rendered as it would be alone
            return self._in_place(render)
        self.rendered += 1
        part.add(reads.asked, _Rendered(html, build_now.distinct(dates)))
        return html
