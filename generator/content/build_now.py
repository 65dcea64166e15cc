"""The build's 'now', which notes every question asked of it, so that what was made from it is known.

Whether an event is still to come, whether an item is out yet, how many days are left before a meeting: each is
a question asked of the build's 'now' (a comparison, a difference, its day). Whoever wants to know what the date
decided in something made (a page kept from one build to the next, a part shared by pages) notes the questions
asked while it is made (`noting`), and later asks them again of another 'now' (`same_answers`): where every
answer is the same, what was made is what the other 'now' would make. No one lists by hand what depends on it.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

# A question: what is asked (an operator, a method or an attribute) and its arguments; then its answer.
Question = tuple[str, tuple[Any, ...]]
Asked = tuple[Question, Any]

_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
    "-": operator.sub, "+": operator.add, "r-": lambda now, other: other - now,
}
_FIELDS = ("year", "month", "day", "hour", "minute", "second", "microsecond")
# Everything noting now: a page being made, and a shared part being rendered within it.
_noting: list[list[Asked]] = []


def _plain(now: dt.datetime) -> dt.datetime:
    """The same moment as a plain datetime, read without asking (the C type's own fields)."""
    if type(now) is dt.datetime:
        return now
    kept = getattr(now, "__dict__", {}).get("plain")
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    year, month, day, hour, minute, second, micro = (getattr(dt.datetime, name).__get__(now) for name in _FIELDS)
    return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=dt.datetime.tzinfo.__get__(now),
                       fold=dt.datetime.fold.__get__(now))


def answer(now: dt.datetime, question: Question) -> Any:
    """What `now` answers to `question`."""
    what, arguments = question
    plain = _plain(now)
    if what in _OPERATORS:
        return _OPERATORS[what](plain, arguments[0])
    if what.startswith("."):
        return getattr(plain, what[1:])
    if what.endswith("="):  # a method with keyword arguments (replace, isoformat)
        return getattr(plain, what[:-1])(**dict(arguments))
    return getattr(plain, what)(*arguments)


class Now(dt.datetime):
    """The build's 'now': a datetime that notes each question asked of it while someone is noting."""

    def _ask(self, what: str, *arguments: Any) -> Any:
        found = answer(self, (what, arguments))
        for asked in _noting:
            asked.append(((what, arguments), found))
        return found

    def __lt__(self, other: Any) -> Any:
        return self._ask("<", other) if isinstance(other, dt.datetime) else NotImplemented

    def __le__(self, other: Any) -> Any:
        return self._ask("<=", other) if isinstance(other, dt.datetime) else NotImplemented

    def __gt__(self, other: Any) -> Any:
        return self._ask(">", other) if isinstance(other, dt.datetime) else NotImplemented

    def __ge__(self, other: Any) -> Any:
        return self._ask(">=", other) if isinstance(other, dt.datetime) else NotImplemented

    def __eq__(self, other: object) -> Any:
        return self._ask("==", other) if isinstance(other, dt.datetime) else NotImplemented

    def __ne__(self, other: object) -> Any:
        return self._ask("!=", other) if isinstance(other, dt.datetime) else NotImplemented

    # Its hash decides nothing a reader sees (only where it sits in a dict).
    __hash__ = dt.datetime.__hash__

    def __sub__(self, other: Any) -> Any:
        return self._ask("-", other)

    def __rsub__(self, other: Any) -> Any:
        return self._ask("r-", other)

    def __add__(self, other: Any) -> Any:
        return self._ask("+", other)

    __radd__ = __add__

    def __str__(self) -> str:
        return str(self._ask("__str__"))

    def __repr__(self) -> str:
        return repr(_plain(self))

    def __format__(self, spec: str) -> str:
        return str(self._ask("__format__", spec))

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (Now.of, (_plain(self),))

    @classmethod
    def of(cls, moment: dt.datetime) -> Now:
        """`moment` as the build's 'now'."""
        plain = _plain(moment)
        now = cls(plain.year, plain.month, plain.day, plain.hour, plain.minute, plain.second, plain.microsecond,
                  tzinfo=plain.tzinfo, fold=plain.fold)
        now.__dict__["plain"] = plain  # read at every question: made once
        return now


def _asking(name: str, keywords: bool = False) -> Any:
    if keywords:
        return lambda self, **values: self._ask(f"{name}=", *sorted(values.items()))
    return lambda self, *arguments: self._ask(name, *arguments)


for _method in ("date", "time", "timetz", "astimezone", "timestamp", "strftime", "weekday", "isoweekday",
                "isocalendar", "ctime", "utcoffset", "tzname", "dst", "toordinal", "timetuple", "utctimetuple"):
    setattr(Now, _method, _asking(_method))
for _method in ("replace", "isoformat"):
    setattr(Now, _method, _asking(_method, keywords=True))
def _reading(name: str) -> property:
    return property(lambda self: self._ask(name))


for _field in (*_FIELDS, "tzinfo", "fold"):
    setattr(Now, _field, _reading(f".{_field}"))


@contextmanager
def noting() -> Iterator[list[Asked]]:
    """Note the questions asked of the build's 'now' inside the block (also noted by whoever notes around it)."""
    asked: list[Asked] = []
    _noting.append(asked)
    try:
        yield asked
    finally:
        _noting.remove(asked)


def start() -> list[Asked]:
    """Begin noting (for something made across several calls: a page, from its context to its output)."""
    asked: list[Asked] = []
    _noting.append(asked)
    return asked


def stop(asked: list[Asked]) -> tuple[Asked, ...]:
    """End noting what `start` began: the questions asked, each once, in the order first asked."""
    if asked in _noting:
        _noting.remove(asked)
    return distinct(asked)


def tell(asked: Iterable[Asked]) -> None:
    """Note questions asked earlier (by a shared part whose HTML is used again) for everyone noting now."""
    found = tuple(asked)
    for noted in _noting:
        noted.extend(found)


def distinct(asked: Iterable[Asked]) -> tuple[Asked, ...]:
    """Each question once, in the order first asked."""
    return tuple(dict.fromkeys(asked))


def same_answers(asked: Iterable[Asked], now: dt.datetime) -> bool:
    """Whether `now` answers every question as it was answered."""
    try:
        return all(answer(now, question) == found for question, found in asked)
    except (TypeError, ValueError, AttributeError, OverflowError):
        return False
