"""Parts of pages that come out the same on many pages (the menu, the tabs, the header, the footer).

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
from jinja2.runtime import Context
from markupsafe import Markup

from generator.content import build_now
from generator.fast.reads import (
    Asking,
    CannotKeyError,
    Key,
    Question,
    ReadingContext,
    Recording,
    active,
    quick_attributes,
    recording,
    watched,
)

# Parts kept at once, the least recently used dropped first: 1,000 items in two languages use 4,720 (6 MB of HTML),
# and keeping 2,000 renders but 3 more; the bound keeps 10,000 items' cards from holding 60 MB to the end.
KEEP = 4000
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
        answered, answer = asking.answered, asking.answer_of
        while type(node) is _Question:
            question = node.question
            if len(question[1]) == 1:  # no operand: answered once per page, whichever part asked it first
                found = answered.get(id(question))
                if found is None:
                    found = answered[id(question)] = answer(question)
            else:
                found = answer(question)
            node = node.answers.get(found)
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
    """The shared parts of one build's pages: `shared_part(name)` in templates.

    A card (a macro called with an item) is not shared: its questions (the item's address from the page, its
    dates in the page's words) cost what rendering it does, so templates call card macros as they are.
    """

    def __init__(self, env: Environment, keep: int = KEEP, share: bool = True,
                 stop: type[Exception] = SharedPartError) -> None:
        self.env = env
        self.stop = stop  # what a part that cannot be keyed raises (the engine's own error, said in one line)
        self.keep = keep
        self.share = share
        self.parts: dict[Key, _Part] = {}  # in the order they were last used
        self.rendered = 0  # parts rendered, first or in place
        self.reused = 0
        # Reads, kept once for every part: the menu, the tabs and the header of a page read much the same.
        self._paths: dict[Any, Any] = {}
        self._page: tuple[Context, Asking] | None = None
        if share:
            # Every name a template looks up, and every filter and test it calls, can be noted while a part renders.
            env.context_class = ReadingContext
            # Jinja's own reads of `value.name`, without an error raised and caught for each one that is not there
            # (unless something else reads them already); while a part renders, `recording` reads them through it.
            own = env.__dict__.get("getattr")
            if own is None or getattr(own, "quick", False):
                env.getattr = quick_attributes(env)  # type: ignore[method-assign, assignment]
            for table in (env.filters, env.tests):
                for name, function in list(table.items()):
                    table[name] = watched(function)
        env.globals["shared_part"] = self.part

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
        return self._shared(context, key, template.filename or name, {}, render)

    def _asking(self, context: Context, values: dict[Key, Any]) -> Asking:
        """The questions of a page: what the page gave one part (of the same reads) is what it gives the next."""
        if self._page is None or self._page[0] is not context:
            self._page = (context, Asking(context, values))
        asking = self._page[1]
        asking.values = values
        return asking

    def _in_place(self, render: Render) -> Markup:
        self.rendered += 1
        return render(None)

    def _shared(self, context: Context, key: Key, where: str | None, values: dict[Key, Any], render: Render) -> Markup:
        if not self.share or active():
            return self._in_place(render)  # sharing is off, or a part inside a part: rendered with it
        part = self.parts.pop(key, None)
        if part is None:
            part = _Part(values)
        else:
            found = part.find(self._asking(context, part.values))
            if found is not None:
                self.parts[key] = part  # now the most recently used
                self.reused += 1
                build_now.tell(found.dates)  # what it asked of 'now' is the page's too
                return found.html
        self.parts[key] = part
        if len(self.parts) > self.keep:
            del self.parts[next(iter(self.parts))]
        reads = Recording(where, context, part.values, self._paths)
        try:
            with build_now.noting() as dates, recording(reads, self.env):
                html = render(reads)
        except CannotKeyError as error:
            raise self.stop(str(error)) from None
        except Exception:  # a template that cannot be read this way is rendered as it would be alone
            return self._in_place(render)
        self.rendered += 1
        part.add(reads.asked, _Rendered(html, build_now.distinct(dates)))
        return html
