"""The vocabulary content types are declared in: field types that check what staff write, and markers.

Every field type carries its constraint with it (one line, a date within 1900–2100, a safe web
address, a file inside content/) and a `Kind` that says what it holds, so that validation, the
guide, `new` and the browser editor read the same declaration. References, uniqueness and
translatability are markers on the field itself (`Annotated[Ids, Ref("twgs")]`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from generator.content.dates import PartialDate, partial_date
from generator.content.taxonomies import GCM_OBJECTIVES, SDG_TARGETS, SDGS, SdgTarget, targets_of

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Dates outside these years are typing mistakes (2204 for 2024), and break feeds and archives.
FIRST_YEAR, LAST_YEAR = 1900, 2100
# What `network-site new` and `bulletin` write where only staff can say what goes: a file holding it is unfinished.
PLACEHOLDER = "TODO"


# --- markers: what a field is, read by the loader, the graph, the guide, `new` and the editor ----------
@dataclass(frozen=True)
class Kind:
    """What a field holds: text, prose, (known) date, datetime, month, number, flag, url, id, choice, sdg, gcm, file."""

    name: str
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Ref:
    """The field holds ids of items of the type in content/<target>/; `acyclic` forbids chains that loop back."""

    target: str
    acyclic: bool = False


@dataclass(frozen=True)
class Unique:
    """No two items of the type may hold the same value (a bulletin's number)."""


@dataclass(frozen=True)
class Translatable:
    """A translation may restate this field in its own language (issue 17); every other field is inherited."""


def expected(what: str) -> PydanticCustomError:
    """A refusal that reads as the house's messages: 'expected <what>'."""
    # Our own error type carries the human phrase, so the report never shows pydantic's wording.
    return PydanticCustomError("expected", "expected {expected}", {"expected": what})


# Characters no text of ours may hold: they break XML feeds and iCalendar, and are never typed on purpose. The
# surrogates (Unicode's category Cs) are half characters, left by a broken copy. Searched at C speed: every text
# field of every item is checked on every build.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def _control_character(text: str) -> str | None:
    found = _CONTROL.search(text)
    return f"U+{ord(found[0]):04X}" if found is not None else None


def _placeholder(text: str) -> None:
    if text.startswith(PLACEHOLDER):
        raise expected(f"your own text in place of the placeholder '{PLACEHOLDER}: …' left for you to fill in")


def one_line(value: Any) -> str:
    """Text on one line, trimmed, without control characters or placeholders."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise expected("text")
    text = str(value).strip()
    if not text:
        raise expected("some text")
    if (bad := _control_character(text)) is not None:
        raise expected(f"text without control characters (a {bad} was pasted in)")
    if "\n" in text or "\r" in text or "\t" in text:
        raise expected("one line of text (join its lines)")
    _placeholder(text)
    return text


def _prose(value: Any) -> str:
    # Plain sentences for cards, feeds and search results: line breaks a YAML block keeps are spaces.
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise expected("text")
    text = " ".join(str(value).split())
    if not text:
        raise expected("some text")
    if (bad := _control_character(text)) is not None:
        raise expected(f"text without control characters (a {bad} was pasted in)")
    _placeholder(text)
    return text


def _in_range(value: dt.date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise expected(f"a year from {FIRST_YEAR} to {LAST_YEAR} (a typing mistake?)")


def _when(value: Any) -> dt.date | dt.datetime:
    when: dt.date | dt.datetime | None = value if isinstance(value, dt.date) else None
    if isinstance(value, str):
        text = value.strip()
        try:
            when = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            when = None
    if when is None:
        raise expected("a date like 2023-08-02 or a date and time like 2023-08-02 10:00")
    _in_range(when)
    if isinstance(when, dt.datetime) and when.tzinfo is not None and when.utcoffset() is None:
        raise expected("a time with a fixed offset like +06:00")
    return when


def _day(value: Any) -> dt.date:
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if day is None:
        raise expected("a date like 2023-08-02")
    _in_range(day)
    return day


def _known_day(value: Any) -> dt.date | PartialDate:
    # YAML reads `2019` as a number and `2018-02` as text: both are what the network knows, kept as written.
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    known = partial_date(value)
    if known is not None or re.fullmatch(r"\d{4}-\d{1,2}", text) or isinstance(value, int):
        pass
    else:
        try:
            return _day(value)
        except PydanticCustomError:
            known = None
    if known is None:
        raise expected("a date like 2023-08-02, or a month like 2023-08 or a year like 2023 when that is all known")
    if not FIRST_YEAR <= known.year <= LAST_YEAR:  # before any date is made of it: year 0 has none
        raise expected(f"a year from {FIRST_YEAR} to {LAST_YEAR} (a typing mistake?)")
    return known


def _month(value: Any) -> dt.date:
    # A bulletin covers a month: `2023-08` or any date within it.
    month: dt.date | None = None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
        year, number = value.strip().split("-")
        month = dt.date(int(year), int(number), 1) if 1 <= int(number) <= 12 else None
    elif isinstance(value, dt.date):
        month = value.replace(day=1)
    elif isinstance(value, str):
        try:
            month = dt.date.fromisoformat(value.strip()).replace(day=1)
        except ValueError:
            month = None
    if month is None:
        raise expected("a month like 2023-08")
    _in_range(month)
    return month


ID_EXPECTED = "an id in lower case letters, digits and hyphens (a file name without .md)"


def _id(value: Any) -> str:
    if isinstance(value, str) and ID_PATTERN.match(value.strip()):
        return value.strip()
    raise expected(ID_EXPECTED)


# Only these schemes become links: `javascript:` or `data:` in a front-matter field must never be clickable.
SAFE_SCHEMES = ("http", "https", "mailto")


def _url(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(text) if text and not re.search(r"[\s<>\"'`\\]", text) else None
    if parts is None or parts.scheme.lower() not in SAFE_SCHEMES or _control_character(text):
        raise expected("a web address starting with https:// (or mailto:)")
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        raise expected("a web address with a host, like https://example.org/page")
    return text


def _local_file(value: Any) -> str:
    # Where the file is, is checked against content/ by the loader; here only its form.
    text = one_line(value)
    if "://" in text:
        return _url(text)
    parts = text.replace("\\", "/").split("/")
    # A drive (C:) or a scheme (javascript:, data:) first: browsers and MkDocs read it as an address, not a file.
    if text.startswith(("/", "~")) or ".." in parts or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise expected("a path inside content/, like images/photo.jpg (no '..', no absolute path)")
    return text


# The most digits a number field is read from: more is a typing mistake, and Python refuses to read over 4,300.
NUMBER_DIGITS = 9


def _whole_number(value: Any, low: int, high: int) -> int | None:
    """A whole number from low to high, written as a number or as digits; None for anything else."""
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= NUMBER_DIGITS:
        value = int(value.strip())  # isdecimal, unlike isdigit, holds only what int() reads (not '²')
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def _number_in(taxonomy: dict[int, str] | Any, name: str) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        number = _whole_number(value, min(taxonomy), max(taxonomy))
        if number is not None and number in taxonomy:
            return number
        raise expected(f"{name} number from 1 to {len(taxonomy)}")

    return check


def _sdg(value: Any) -> int | SdgTarget:
    # A goal (10), or one of its targets (10.7, 10.c): YAML reads 10.7 as a number, kept as staff wrote it.
    if isinstance(value, int) or (isinstance(value, str) and "." not in value):
        return _number_in(SDGS, "an SDG")(value)
    text = getattr(value, "written", value) if isinstance(value, str | float) else ""
    code = str(text).strip().lower()
    if code in SDG_TARGETS:
        return SdgTarget(code)
    goal = _whole_number(code.partition(".")[0], min(SDGS), max(SDGS))
    if goal is None:
        raise expected("an SDG number from 1 to 17, or a target of one like 10.7 or 10.c")
    raise expected(f"a target of SDG {goal}: {_spans(targets_of(goal))}")


def _spans(codes: tuple[str, ...]) -> str:
    # '10.1 to 10.7 or 10.a to 10.c': a goal's numbered targets, then its lettered ones (means of implementation).
    numbered = [code for code in codes if code.split(".")[1].isdigit()]
    lettered = [code for code in codes if not code.split(".")[1].isdigit()]
    runs = [f"{run[0]} to {run[-1]}" if len(run) > 1 else run[0] for run in (numbered, lettered) if run]
    return " or ".join(runs)


def _count(value: Any) -> int:
    number = _whole_number(value, 0, 10**NUMBER_DIGITS - 1)
    if number is None:
        raise expected(f"a whole number, like 40 (at most {NUMBER_DIGITS} digits)")
    return number


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    raise expected("true or false")


def spelling(text: str) -> str:
    """A word as compared for choices: case, hyphens, underscores and spaces do not matter."""
    return re.sub(r"[\s_-]+", " ", text.strip().casefold())


@dataclass(frozen=True)
class Choice:
    """A field that holds one of `options`: accepted in any case and with hyphens or spaces, stored as declared."""

    options: tuple[str, ...]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self.read, handler(source))

    def read(self, value: Any) -> str:
        canonical = {spelling(option): option for option in self.options}
        if isinstance(value, str) and spelling(value) in canonical:
            return canonical[spelling(value)]
        raise expected("one of " + one_of(self.options))


Text = Annotated[str, BeforeValidator(one_line), Kind("text")]
Prose = Annotated[str, BeforeValidator(_prose), Kind("prose")]
Id = Annotated[str, BeforeValidator(_id), Kind("id")]
Url = Annotated[str, BeforeValidator(_url), Kind("url")]
LocalFile = Annotated[str, BeforeValidator(_local_file), Kind("file")]
When = Annotated[dt.date | dt.datetime, BeforeValidator(_when), Kind("datetime")]
Day = Annotated[dt.date, BeforeValidator(_day), Kind("date")]
# A day, or only the month or year where that is all a network knows (when a TWG was set up).
KnownDay = Annotated[dt.date | PartialDate, BeforeValidator(_known_day), Kind("known date")]
Month = Annotated[dt.date, BeforeValidator(_month), Kind("month")]
Count = Annotated[int, BeforeValidator(_count), Kind("number")]
Flag = Annotated[bool, BeforeValidator(_flag), Kind("flag")]
Sdg = Annotated[
    int | SdgTarget, BeforeValidator(_sdg), Kind("sdg", tuple((str(n), t) for n, t in SDGS.items()))
]
GcmObjective = Annotated[
    int,
    BeforeValidator(_number_in(GCM_OBJECTIVES, "a GCM objective")),
    Kind("gcm", tuple((str(n), t) for n, t in GCM_OBJECTIVES.items())),
]


def _as_list(value: Any) -> Any:
    # Staff often write `twgs: ctip` for a single value; read it as a list of one.
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [value]
    if value is None:
        return []
    return value


def _unique(values: tuple[Any, ...]) -> tuple[Any, ...]:
    seen: list[Any] = []
    for value in values:
        if value in seen:
            raise expected(f"each value once, but {value!s} is listed twice")
        seen.append(value)
    return values


# List fields also take a single value, and reject repeats.
AS_LIST = (BeforeValidator(_as_list), AfterValidator(_unique))
Ids = Annotated[tuple[Id, ...], *AS_LIST]
Texts = Annotated[tuple[Text, ...], *AS_LIST]
Sdgs = Annotated[tuple[Sdg, ...], *AS_LIST]
GcmObjectives = Annotated[tuple[GcmObjective, ...], *AS_LIST]
# What staff read about `sdgs` wherever a type has it: other YAML tools (the browser editor) read 17.10 as 17.1.
SDGS_DESCRIPTION = "SDG numbers (1–17), or their targets (10.7, 10.c; quote '17.10': others read 17.1)"


class Schema(BaseModel):
    """Front matter is read strictly: unknown fields are mistakes (a typo would be lost)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def needs_full_form(example: str) -> PydanticCustomError:
    """A short form staff wrote that cannot be read unambiguously: the message shows the full form to copy."""
    return expected(f"the full form, like {example}")


class Image(Schema):
    """A picture with the text a screen reader says for it."""

    src: LocalFile = Field(description="path of the image file inside content/, like images/photo.jpg")
    alt: Annotated[Text, Translatable()] = Field(description="what the picture shows, for readers who cannot see it")
    caption: Annotated[Text | None, Translatable()] = Field(
        None, description="credit or caption shown under the picture"
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # `image: photo.jpg` says nothing a screen reader could read out.
        if isinstance(value, str):
            raise needs_full_form("image: {src: images/photo.jpg, alt: what the picture shows}")
        return value


class Common(Schema):
    """Fields every content type has."""

    title: Annotated[Text, Translatable()] = Field(description="the headline or name, as readers see it")
    summary: Annotated[Prose, Translatable()] = Field(
        description="one or two plain sentences, used in cards, feeds and search results"
    )
    image: Image | None = Field(None, description="a picture for the item (src and alt)")
    draft: Flag = Field(False, description="true keeps the item off the published site")
    updated: When | None = Field(
        None, description="when the item was last changed in substance; set it when you move an event, "
        "so calendar apps take the change"
    )
    tags: Texts = Field((), description="free keywords")


def one_of(values: Iterable[str]) -> str:
    """Values listed for a message: 'a', 'b' or 'c'."""
    quoted = [f"'{value}'" for value in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
