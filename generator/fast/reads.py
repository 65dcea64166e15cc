"""What a shared part of a page reads while it is rendered, noted as questions with the answers they gave.

A shared part (the menu, the header, the footer) is rendered once and its HTML used again on other pages. What it
shows is its template and what it reads: each name it looks up in the page's context, each attribute, item,
length, truth or text of what it found there, and each call that looks at the page (the `url` filter, say).
While a part is rendered, each such read is noted as a question and its answer (`Recording`); another page uses
the HTML again only where asking every question again (`Asking`) gives the same answers. A value compared by
value (text, numbers, dates, frozen dataclasses) or by identity (what stays the same for the whole build: the
graph, its items, functions) answers for everything below it; anything else (MkDocs' page, the menu, the
configuration) reaches the template wrapped (`Tracked`), so that what is read below it is noted too. A read that
cannot be noted so stops the build with one line naming the template (`CannotKeyError`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import Enum
from types import (
    BuiltinFunctionType,
    FunctionType,
    MethodDescriptorType,
    MethodType,
    MethodWrapperType,
    ModuleType,
    WrapperDescriptorType,
)
from typing import Any

from jinja2 import Environment
from jinja2.environment import TemplateModule
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro, Undefined
from jinja2.utils import _PassArg, missing, pass_context
from markupsafe import escape

from generator.content.build_now import Now

Key = tuple[Any, ...]
Step = tuple[Any, ...]
Path = tuple[Any, Step]  # the read below (None for a name) and one step
Question = tuple[Path, Step]
# Compared by value.
_PLAIN = (str, int, float, bytes, type(None), dt.date, dt.time, dt.timedelta, Enum, Decimal)
_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "in": lambda value, item: item in value,
}
_MEASURES: dict[str, Callable[[Any], Any]] = {
    "bool": bool, "len": len, "str": str, "html": escape, "hash": hash, "int": int, "float": float,
}
VALUE: Step = ("value",)
OPAQUE: Key = ("opaque",)
_ABSENT = object()
# Whether `value[name]` can be asked of a value of each type (a class can be, by its __class_getitem__).
_SUBSCRIPTABLE: dict[type, bool] = {}
# The part being rendered now, if any (pages are rendered one at a time, on one thread).
_recording: Recording | None = None


class CannotKeyError(Exception):
    """A shared part read something its key cannot hold: said in one line naming the template."""


class _Raised:
    """A read that raised, as noted: its answer is the exception's type."""

    def __init__(self, error: Exception) -> None:
        self.error = error


def key_of(value: Any, values: dict[Key, Any] | None = None) -> Key | None:
    """What `value` is compared by (kept in `values`, to be handed to templates again), or None if it cannot be."""
    category = _CATEGORIES.get(type(value))
    if category is None:
        category = _CATEGORIES[type(value)] = _category(type(value))
    if category == "plain":
        return ("v", type(value), value)
    key: Key | None
    if category == "id":
        key = ("id", id(value))
    elif value is missing:
        return ("missing",)
    elif category == "now":
        key = ("now",)  # the same on every page of a build; what is asked of it is noted apart (build_now)
    elif category == "frozen":
        key = _frozen_key(value)
    elif category == "tuple":
        inner = tuple(key_of(item, values) for item in value)
        if None in inner:
            return None
        key = ("tuple", type(value), inner if isinstance(value, tuple) else frozenset(inner))
    elif category == "method":
        owner = getattr(value, "__self__", None)
        if owner is None or isinstance(owner, ModuleType):
            key = ("id", id(value))
        else:
            owner_key = key_of(owner, values)  # a method is made anew at each read: known by whose it is
            if owner_key is None:
                return None
            key = ("method", owner_key, value.__name__)
    elif category == "undefined":
        key = ("undefined", type(value), value._undefined_name)
    elif category == "macro":
        key = macro_key(value, values)
    elif category == "module":
        key = _module_key(value, values)
        if key is None:
            return None
    elif category == "eval":
        key = ("eval", value.autoescape, value.volatile)
    else:
        return None
    if values is not None:
        values[key] = value
    return key


# How values of each type are compared, worked out once per type.
_CATEGORIES: dict[type, str] = {}


def _category(kind: type) -> str:
    if issubclass(kind, Now):
        return "now"
    if issubclass(kind, _PLAIN):
        return "plain"
    if kind is type(missing):
        return "missing"
    if issubclass(kind, Undefined):
        return "undefined"
    if issubclass(kind, Macro):
        return "macro"
    if issubclass(kind, TemplateModule):
        return "module"
    if issubclass(kind, tuple | frozenset):
        return "tuple"
    if issubclass(kind, EvalContext):
        return "eval"
    if dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        return "frozen"
    if issubclass(kind, MethodType | BuiltinFunctionType | MethodWrapperType):
        return "method"
    # What stays the same for the whole build: declared so by its class (the graph), or code.
    if getattr(kind, "READ_ONLY", False) is True or issubclass(
            kind, FunctionType | type | functools.partial | Environment | WrapperDescriptorType | MethodDescriptorType):
        return "id"
    return "opaque"


def _frozen_key(value: Any) -> Key:
    """A frozen dataclass: by its fields where it compares by them, else by identity."""
    if value.__dataclass_params__.eq:
        try:
            hash(value)
            return ("v", type(value), value)
        except TypeError:
            pass
    return ("id", id(value))


def macro_key(macro: Macro, values: dict[Key, Any] | None, seen: frozenset[int] = frozenset()) -> Key:
    """A macro: its template's code, and what of its template it holds (other macros, values set at its top)."""
    function = macro._func
    code = function.__code__
    if values is not None:
        values[("code", id(code))] = code  # kept alive, so that its identity stays its own
    if id(code) in seen:
        return ("macro", id(code))
    held: list[tuple[str, Key]] = []
    for name, cell in zip(code.co_freevars, function.__closure__ or (), strict=False):
        if not name.startswith("l_"):
            continue  # the context, the environment and the filters: the same for every page, or noted as read
        try:
            content = cell.cell_contents
        except ValueError:
            continue
        if isinstance(content, Macro):
            held.append((name, macro_key(content, values, seen | {id(code)})))
            continue
        key = key_of(content, values)
        if key is None:
            raise CannotKeyError(f"{template_of(macro)}: the macro {macro.name} reads {name.split('_', 2)[-1]}, "
                            f"set in its template to {_shown(content)}, which a shared part cannot be keyed by")
        held.append((name, key))
    return ("macro", id(code), tuple(held))


def _module_key(module: TemplateModule, values: dict[Key, Any] | None) -> Key | None:
    """An imported template: its name, what it wrote and what it exports."""
    exported = []
    for name, value in sorted(vars(module).items()):
        if name.startswith("_"):
            continue
        key = key_of(value, values)
        if key is None:
            return None
        exported.append((name, key))
    return ("module", module.__name__, tuple(str(part) for part in module._body_stream), tuple(exported))


def template_of(macro: Macro) -> str:
    """The file of the template a macro is written in, as staff know it (its name, for one not read from a file)."""
    filename = macro._func.__code__.co_filename
    return shown_path(filename if filename != "<template>" else macro._func.__globals__.get("name"))


def shown_path(path: str | None) -> str:
    """A template's path relative to where the command runs, when it is below."""
    if not path:
        return "a template"
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def described(path: Path) -> str:
    """A read as a template writes it: `page.meta.tags[0]`."""
    steps: list[Step] = []
    node: Path | None = path
    while node is not None:
        steps.append(node[1])
        node = node[0]
    words = ""
    for step in reversed(steps):
        kind = step[0]
        if kind == "name":
            words += step[1]
        elif kind == "fn":
            words += "a call(…)"
        elif kind in (".", "attr"):
            words += f".{step[1]}"
        elif kind == "[]":
            words += f"[{_term_words(step[1])}]"
        elif kind == "iter":
            words += f"[{step[1]}]"
        elif kind == "call":
            words += "(…)"
    return words


def _term_words(term: Key) -> str:
    if term[0] == "k" and term[1][0] == "v":
        return repr(term[1][2])
    return "…"


class Reads:
    """Questions about what a page gives a part, answered from that page's context.

    A read is a path: the read below it and one step (a name, an attribute, an item, the n-th of its items, a
    call). Paths are kept once per part (`paths`), so that what a read gave on a page is found by its identity.
    """

    def __init__(self, context: Context, values: dict[Key, Any]) -> None:
        self.context = context
        self.values = values
        self.found: dict[int, Any] = {}  # what each read gave on this page (a _Raised where it raised)
        self.lists: dict[int, list[Any]] = {}
        # What this page answered to each question with no operand, by the question's identity (kept once per build).
        self.answered: dict[int, Key] = {}
        self.attribute = quick_attributes(context.environment)

    def value_at(self, path: Path) -> Any:
        """What the page gives at `path`; raises what reading it raised."""
        found = self.found.get(id(path), missing)
        if found is missing:
            try:
                found = self._read(path)
            except Exception as error:  # the answer is that it raised
                found = _Raised(error)
            self.found[id(path)] = found
        if type(found) is _Raised:
            raise found.error
        return found

    def _read(self, path: Path) -> Any:
        base_path, step = path
        kind = step[0]
        if kind == "name":
            return Context.resolve_or_missing(self.context, step[1])
        if kind == "fn":
            _, function, passes, arguments, keywords = step
            return self._call(self.term_value(function), passes, arguments, keywords)
        assert base_path is not None
        base = self.value_at(base_path)
        if kind == ".":
            return getattr(base, step[1])
        if kind == "attr":  # as Jinja reads `base.name`: the attribute, else the item, else undefined
            return self.attribute(base, step[1])
        if kind == "[]":
            return base[self.term_value(step[1])]
        if kind == "iter":
            return self.listed(base_path, base)[step[1]]
        if kind == "call":
            return self._call(base, _PassArg.from_obj(base), step[1], step[2])
        raise ValueError(f"not a read: {step!r}")

    def listed(self, path: Path, value: Any) -> list[Any]:
        """The items of the value read at `path`, listed once per page."""
        found = self.lists.get(id(path))
        if found is None:
            found = self.lists[id(path)] = list(value)
        return found

    def _call(self, function: Any, passes: Any, arguments: tuple[Key, ...], keywords: tuple[tuple[str, Key], ...]
              ) -> Any:
        given = [self.term_value(term) for term in arguments]
        named = {name: self.term_value(term) for name, term in keywords}
        if passes is _PassArg.context:
            given.insert(0, self.context)
        elif passes is _PassArg.eval_context:
            given.insert(0, self.context.eval_ctx)
        elif passes is _PassArg.environment:
            given.insert(0, self.context.environment)
        return function(*given, **named)

    def term_value(self, term: Key) -> Any:
        """What a question's operand is on this page: a read of the page's, or a value given as it was."""
        if term[0] == "p":
            return self.value_at(term[1])
        key = term[1]
        if key[0] == "v":
            return key[2]
        return missing if key[0] == "missing" else self.values[key]

    def answer(self, question: Question) -> Key:
        """What the page answers to `question`: asked once per page where it has no operand (parts share questions)."""
        if len(question[1]) != 1:
            return self.answer_of(question)
        found = self.answered.get(id(question))
        if found is None:
            found = self.answered[id(question)] = self.answer_of(question)
        return found

    def answer_of(self, question: Question) -> Key:
        """What the page answers to `question`, worked out."""
        path, step = question
        try:
            value = self.value_at(path)
            what = step[0]
            if what == "value":
                return key_of(value) or OPAQUE
            if what in _COMPARISONS:
                return key_of(_COMPARISONS[what](value, self.term_value(step[1]))) or OPAQUE
            if what == "end":
                return ("v", int, len(self.listed(path, value)))
            return key_of(_MEASURES[what](value)) or OPAQUE
        except Exception as error:  # the answer is that it raised
            return ("raise", type(error))


class Asking(Reads):
    """A part's questions asked of another page (with its context)."""


class Recording(Reads):
    """What a part reads while it is rendered for one page: each question and its answer, in order."""

    def __init__(self, template: str | None, context: Context, values: dict[Key, Any], paths: dict[Any, Any]) -> None:
        super().__init__(context, values)
        self.template = template
        self.paths = paths  # reads and questions, each kept once for the build: known by identity
        self.asked: list[tuple[Question, Key]] = []
        self._noted: set[tuple[int, Step]] = set()
        self._inner: dict[int, Context] = {}  # contexts made while the part renders (its own, its imports')

    def note(self, question: Question, answer: Key) -> None:
        """Note a question and its answer; a question asked again on the same page is answered alike, once is enough."""
        seen = (id(question[0]), question[1])
        if seen not in self._noted:
            self._noted.add(seen)
            self.asked.append((self.paths.setdefault(("question", question), question), answer))

    def cannot(self, what: str) -> CannotKeyError:
        """The one line that stops the build."""
        return CannotKeyError(f"{shown_path(self.template)}: {what}, which a shared part cannot be keyed by")

    def path(self, base: Path | None, step: Step) -> Path:
        """The part's own copy of the read `step` below `base`."""
        path = (base, step)
        return self.paths.setdefault(path, path)

    def tracked(self, path: Path, value: Any) -> Any:
        """`value`, read at `path`: noted with its key, or wrapped where what is read below it must be noted."""
        key = key_of(value, self.values)
        self.found[id(path)] = value
        if key is None:
            # Every use of a wrapped value is noted as its own question: that it was read decides nothing.
            return Tracked(value, path, self)
        self.note((path, VALUE), key)
        return value

    def step(self, base: Tracked, step: Step) -> Any:
        """Read one step below a tracked value: noted with what it gave, or with the error it raised."""
        path = self.path(base._path, step)
        try:
            value = self.value_at(path)
        except Exception as error:
            self.note((path, VALUE), ("raise", type(error)))
            raise
        return self.tracked(path, value)

    def measure(self, base: Tracked, step: Step) -> Any:
        """A truth, length, text or comparison of a tracked value: noted with its answer."""
        question = (base._path, step)
        with paused():
            try:
                if step[0] in _COMPARISONS:
                    result = _COMPARISONS[step[0]](base._raw, self.term_value(step[1]))
                else:
                    result = _MEASURES[step[0]](base._raw)
            except Exception as error:
                self.note(question, ("raise", type(error)))
                raise
        self.note(question, key_of(result) or OPAQUE)
        return result

    def iterate(self, base: Tracked) -> Iterator[Any]:
        """The items of a tracked value, each noted as it is read, and where they end."""
        with paused():
            listed = self.listed(base._path, base._raw)
        for index in range(len(listed)):
            yield self.step(base, ("iter", index))
        self.note((base._path, ("end",)), ("v", int, len(listed)))

    def term(self, value: Any, what: str) -> Key:
        """A question's operand: a read of the page's, or a value the part made, kept to be handed again."""
        if isinstance(value, Tracked):
            return ("p", value._path)
        key = key_of(value, self.values) or _made_key(value, self.values)
        if key is None:
            # Not the page's (that is tracked): read from what stays the same for the build (an item's picture), or
            # made while rendering (then a new object on each page, never taken for another's).
            key = ("id", id(value))
            self.values[key] = value
        return ("k", key)

    def call(self, function: Any, passes: Any, arguments: tuple[Any, ...], keywords: dict[str, Any],
             base: Tracked | None = None) -> Any:
        """A call whose answer depends on the page (a filter that reads it, or one handed a tracked value)."""
        name = getattr(function, "__name__", "a function")
        terms = tuple(self.term(argument, f"hands {name}") for argument in arguments)
        named = tuple((key, self.term(value, f"hands {name}")) for key, value in sorted(keywords.items()))
        if base is not None:
            path = self.path(base._path, ("call", terms, named))
        else:
            path = self.path(None, ("fn", self.term(function, "calls"), passes, terms, named))
        with paused():
            try:
                value = self.value_at(path)
            except Exception as error:
                self.note((path, VALUE), ("raise", type(error)))
                raise
        return self.tracked(path, value)

    def resolved(self, context: Context, name: str, value: Any) -> Any:
        """A name the part looked up: noted where the page gives it, left alone where the part set it."""
        inner = id(context) in self._inner
        if inner and name in context.vars:
            return value  # set by the part itself, from what it read
        given = Context.resolve_or_missing(self.context, name)
        if given is not value:
            if inner:
                return value  # handed down by the part to a template it imports
            raise self.cannot(f"reads {name}, which is {_shown(value)} where it is read but {_shown(given)} on "
                              "the page")
        return self.tracked(self.path(None, ("name", name)), value)

    def made(self, context: Context) -> None:
        """A context made while the part renders: what is set in it is the part's own."""
        self._inner[id(context)] = context


def _made_key(value: Any, values: dict[Key, Any]) -> Key | None:
    """A list or dict the part made from values compared by value (a default, a literal)."""
    if isinstance(value, list):
        inner = tuple(key_of(item) for item in value)
        key: Key = ("list", inner)
    elif isinstance(value, dict):
        inner = tuple((key_of(name), key_of(item)) for name, item in value.items())
        key = ("dict", inner)
    else:
        return None
    if any(item is None or (isinstance(item, tuple) and None in item) for item in inner):
        return None
    values[key] = value
    return key


class Tracked:
    """A value of the page's handed to a shared part's template: each read of it is noted while the part renders."""

    __slots__ = ("_path", "_raw", "_recording")

    def __init__(self, raw: Any, path: Path, recording: Recording) -> None:
        self._raw = raw
        self._path = path
        self._recording = recording

    def _active(self) -> Recording | None:
        return self._recording if _recording is self._recording else None

    def __getattr__(self, name: str) -> Any:
        recording = self._active()
        return getattr(self._raw, name) if recording is None else recording.step(self, (".", name))

    def __getitem__(self, key: Any) -> Any:
        recording = self._active()
        if recording is None:
            return self._raw[key]
        return recording.step(self, ("[]", recording.term(key, "looks up")))

    def __call__(self, *arguments: Any, **keywords: Any) -> Any:
        recording = self._active()
        if recording is None:
            return self._raw(*arguments, **keywords)
        return recording.call(self._raw, None, arguments, keywords, base=self)

    def __iter__(self) -> Iterator[Any]:
        recording = self._active()
        return iter(self._raw) if recording is None else recording.iterate(self)

    def _measure(self, what: str, other: Any = missing) -> Any:
        recording = self._active()
        if recording is None:
            raw = other._raw if isinstance(other, Tracked) else other
            return _MEASURES[what](self._raw) if other is missing else _COMPARISONS[what](self._raw, raw)
        if other is missing:
            return recording.measure(self, (what,))
        return recording.measure(self, (what, recording.term(other, "compares it with")))

    def __bool__(self) -> bool:
        return bool(self._measure("bool"))

    def __len__(self) -> int:
        return int(self._measure("len"))

    def __str__(self) -> str:
        return str(self._measure("str"))

    def __html__(self) -> str:
        return str(self._measure("html"))

    def __hash__(self) -> int:
        return int(self._measure("hash"))

    def __int__(self) -> int:
        return int(self._measure("int"))

    def __float__(self) -> float:
        return float(self._measure("float"))

    def __contains__(self, item: Any) -> bool:
        return bool(self._measure("in", item))

    def __eq__(self, other: object) -> Any:
        return self._measure("==", other)

    def __ne__(self, other: object) -> Any:
        return self._measure("!=", other)

    def __lt__(self, other: Any) -> Any:
        return self._measure("<", other)

    def __le__(self, other: Any) -> Any:
        return self._measure("<=", other)

    def __gt__(self, other: Any) -> Any:
        return self._measure(">", other)

    def __ge__(self, other: Any) -> Any:
        return self._measure(">=", other)

    def __repr__(self) -> str:
        return f"Tracked({described(self._path)})"


class paused:  # noqa: N801 - used as a block: `with paused():`
    """Nothing is noted inside the block (a call whose answer is noted as a whole)."""

    def __enter__(self) -> None:
        global _recording
        self._was, _recording = _recording, None

    def __exit__(self, *exc: object) -> None:
        global _recording
        _recording = self._was


class recording:  # noqa: N801 - used as a block: `with recording(reads, environment):`
    """Note what is read inside the block in `reads`; `environment`'s templates read `value.name` through the part
    (`_reading_attributes`) only inside it, so that pages and their cards read attributes as plain Jinja does."""

    def __init__(self, reads: Recording, environment: Environment | None = None) -> None:
        self.reads = reads
        self.environment = environment

    def __enter__(self) -> Recording:
        global _recording
        self._was, _recording = _recording, self.reads
        environment = self.environment
        if environment is not None:
            self._own = environment.__dict__.get("getattr", missing)
            environment.getattr = _reading_attributes(environment.getattr)  # type: ignore[method-assign, assignment]
        return self.reads

    def __exit__(self, *exc: object) -> None:
        global _recording
        _recording = self._was
        environment = self.environment
        if environment is not None:
            if self._own is missing:
                del environment.getattr
            else:
                environment.getattr = self._own  # type: ignore[method-assign]


def active() -> bool:
    """Whether a part is being recorded now."""
    return _recording is not None


class ReadingContext(Context):
    """Jinja's context, which tells the part being recorded (if any) each name looked up and each call made."""

    def __init__(self, *arguments: Any, **keywords: Any) -> None:
        super().__init__(*arguments, **keywords)
        if _recording is not None:
            _recording.made(self)

    def resolve_or_missing(self, key: str) -> Any:
        if key in self.vars:
            value = self.vars[key]
        elif key in self.parent:
            value = self.parent[key]
        else:
            value = missing
        reads = _recording
        return value if reads is None else reads.resolved(self, key, value)

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own signature
        reads = _recording
        if reads is None or isinstance(__obj, Macro):
            return Context.call(__self, __obj, *args, **kwargs)  # a macro's body is recorded as it renders
        if isinstance(__obj, Tracked):
            return __obj(*args, **_without_jinja_own(kwargs))
        # As Jinja's own call: a callable object may take the context in its __call__.
        own_call = getattr(__obj, "__call__", __obj)  # noqa: B004 - Jinja's own test, for its own protocol
        function = own_call if _PassArg.from_obj(own_call) is not None else __obj
        passes = _PassArg.from_obj(function)
        if passes is _PassArg.context or _any_tracked(args, kwargs):
            if passes is _PassArg.eval_context:
                args = (__self.eval_ctx, *args)
            elif passes is _PassArg.environment:
                args = (__self.environment, *args)
            passed = passes if passes is _PassArg.context else None
            return reads.call(function, passed, args, _without_jinja_own(kwargs))
        return Context.call(__self, __obj, *args, **kwargs)


def _reading_attributes(own: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """Jinja's `value.name` while a part is recorded: one question per read of a tracked value (what Jinja finds, the
    attribute or else the item), not one for the attribute and one for the item."""

    def read(value: Any, name: str) -> Any:
        if type(value) is Tracked:
            reads = value._active()
            if reads is not None:
                return reads.step(value, ("attr", name))
        return own(value, name)

    return read


def quick_attributes(environment: Environment) -> Callable[[Any, str], Any]:
    """Jinja's own `value.name` (the attribute, else the item, else undefined) for `environment`, without raising and
    catching an error where the value has neither: a menu entry's `meta.icon` is asked on every page."""
    if type(environment).getattr is not Environment.getattr:
        return functools.partial(type(environment).getattr, environment)  # an environment that reads otherwise

    def read(value: Any, name: str) -> Any:
        found = getattr(value, name, _ABSENT)  # raises nothing where there is none (what Jinja catches)
        if found is not _ABSENT:
            return found
        kind = type(value)
        if kind is dict:
            found = value.get(name, _ABSENT)
            return environment.undefined(obj=value, name=name) if found is _ABSENT else found
        subscriptable = _SUBSCRIPTABLE.get(kind)
        if subscriptable is None:
            subscriptable = _SUBSCRIPTABLE[kind] = issubclass(kind, type) or hasattr(kind, "__getitem__")
        if not subscriptable:
            return environment.undefined(obj=value, name=name)  # `value[name]` would raise TypeError
        try:
            return value[name]
        except (TypeError, LookupError, AttributeError):
            return environment.undefined(obj=value, name=name)

    read.quick = True  # type: ignore[attr-defined]
    return read


def _without_jinja_own(keywords: dict[str, Any]) -> dict[str, Any]:
    """The arguments a call is given, without the loop's and block's variables Jinja hands along."""
    return {name: value for name, value in keywords.items() if name not in ("_loop_vars", "_block_vars")}


def _any_tracked(arguments: tuple[Any, ...], keywords: dict[str, Any]) -> bool:
    return any(isinstance(value, Tracked) for value in (*arguments, *keywords.values()))


def watched(function: Any) -> Any:
    """A filter or test as templates call it: while a part is recorded, a call that reads the page (it takes the
    context) or is handed a tracked value is noted as a question."""
    passes = _PassArg.from_obj(function)
    if passes is _PassArg.context:

        @pass_context
        def reading_page(context: Context, *arguments: Any, **keywords: Any) -> Any:
            reads = _recording
            if reads is None:
                return function(context, *arguments, **keywords)
            return reads.call(function, _PassArg.context, arguments, keywords)

        return functools.update_wrapper(reading_page, function, updated=())

    def handed(*arguments: Any, **keywords: Any) -> Any:
        reads = _recording
        if reads is None or not _any_tracked(arguments, keywords):
            return function(*arguments, **keywords)
        return reads.call(function, None, arguments, keywords)

    handed = functools.update_wrapper(handed, function, updated=())
    if passes is not None:
        handed.jinja_pass_arg = passes  # type: ignore[attr-defined]
    return handed
