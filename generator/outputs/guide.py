"""The 'How to publish' guide for staff, generated from the registry of content types so that it never drifts."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from generator.content import limits
from generator.content.registry import FieldSpec, Registry, Scaffolding, walk
from generator.graph.languages import Language
from generator.graph.site import Site
from generator.outputs import editor
from generator.staff.scaffold import skeleton


@dataclass(frozen=True)
class FieldDoc:
    """One front-matter field as the guide explains it."""

    name: str
    required: bool
    description: str
    kind: str


@dataclass(frozen=True)
class TypeDoc:
    """A content type: where its files go, an example file, and every field."""

    folder: str
    label: str
    command: str
    example: str
    fields: tuple[FieldDoc, ...]
    sections: tuple[str, ...] = ()
    translated: tuple[str, ...] = ()  # what a translation of this type restates; every other field is the original's


# What each kind of message means, and what to do.
ERRORS: tuple[tuple[str, str], ...] = (
    ("expected valid YAML", "The front matter cannot be read. Often a value with ': ' that needs quotes, "
     "a tab instead of spaces, or an unclosed quote or bracket on that line."),
    ("expected a value (…); this field is required", "A required field is missing: add it."),
    ("expected one of the known fields (did you mean '…'?)", "A field name is misspelt or not used by this type."),
    ("expected your own text in place of the placeholder 'TODO…'", "`network-site new` wrote TODO where only you "
     "can say what goes; the file is not published until each TODO is replaced."),
    ("expected a date like 2023-08-02", "Write dates as year-month-day; add a time as 2023-08-02 10:00."),
    ("expected a year from 1900 to 2100", "A date with a typing mistake in its year, like 2204 for 2024."),
    ("expected one line of text", "Titles, names and tags are one line: join the lines (summaries may run "
     "over several lines)."),
    ("expected text without control characters", "An invisible character was pasted in with the text: "
     "retype the value."),
    ("expected one of '…'", "The field takes one of a few words; case, hyphens and spaces do not matter "
     "('un agency' is 'UN agency')."),
    ("expected the full form, like …", "A short form that could mean several things: copy the full form shown."),
    ("expected the id of a TWG / an organization / an event …", "A reference names a file that does not exist; "
     "the suggestion is the nearest id by file name or by title, and when there are few, all of them are listed."),
    ("expected another … than this one itself", "An item refers to itself (an organization that is its own parent, "
     "a bulletin that carries itself)."),
    ("expected an organization that does not lead back to this one", "Parents that go round in a loop."),
    ("expected an id used once among …", "Two files have the same name in one folder (perhaps in subfolders)."),
    ("expected a number no other bulletin has", "Two bulletins have the same number: one would replace the other."),
    ("expected an address of its own", "Two files would be published at the same address (or at addresses that "
     "differ only in capital letters, or at one the site keeps for itself: /admin/, a language's tree, a feed, the "
     "theme's files, a picture's copies), so one would replace the other: rename yours."),
    ("expected a Markdown file name ending in .md", "Only .md files are read as pages: rename x.MD or x.markdown."),
    ("expected a file name without #, ?, %", "These characters change what an address means: rename the file."),
    ("expected each item once", "A bulletin names one item twice (news/x and news/x/ are the same item)."),
    ("expected a path relative to this file", "A link or picture starting with / works only where the site sits at "
     "its host's root: write it from this file, like ../images/photo.jpg."),
    ("expected the address of a page of the site", "A link like ../events/x/ names no page: check the id, or link "
     "to the file (../events/x.md)."),
    ("expected an anchor", "A link's #part names no heading of that page: copy it from the heading's link."),
    ("nav: expected a page of the site", "The menu in mkdocs.yml names a page that was renamed or deleted."),
    ("template: expected a template of the theme", "A page's template: names a template the site does not have."),
    ("expected a file name other than index.md", "A type's folder cannot hold index.md: the site makes that "
     "listing itself."),
    ("expected a day on or after the start", "The event ends before it starts."),
    ("expected a '## …' section, which every practice needs", "A practice lacks a required section."),
    ("expected UTF-8 text", "The file was saved in another encoding: save it as UTF-8."),
    ("expected a file inside content/", "The path is wrong, points outside content/, or the file was not committed."),
    ("expected a web address starting with https://", "Only web and e-mail addresses become links."),
    ("expected at most 300 characters", "The summary is too long for cards and feeds: shorten it."),
    ("expected a file or folder inside content/", "The file is a link to a file or folder elsewhere on the "
     "computer, which is never published: put a copy of it in content/ instead."),
    ("body: expected a link to a web page, an e-mail address or a file in content/",
     "A link in the text runs a script (javascript:, vbscript:) or opens a made-up page (data:): the site "
     "never publishes it as a link, and feeds and e-mail leave it out. Link to a page or a file instead."),
    ("found '…', which is outside content/",
     "A link or picture in the text leads out of content/ with ../: point it at a file inside content/."),
    ("expected a time after the start (…)", "The event ends before it starts; times without an offset are "
     "in the site's time zone, times with one (+06:00, Z) are compared as the same moment."),
    ("expected a date that has come", "'updated:' lies in the future: feeds and the sitemap never carry "
     "a date after the build. Use the day the item really changed."),
    (f"expected front matter of at most {limits.FRONT_MATTER_CHARACTERS:,} characters",
     "The block between the --- lines is far larger than any item needs: move long text into the body."),
    (f"expected lists and fields nested at most {limits.NESTING_LEVELS} deep",
     "Brackets or indentation nest far deeper than any field: look for unclosed [ or { on that line."),
    (f"expected at most {limits.VALUES:,} values", "The front matter holds, or through YAML aliases "
     "(&name, *name) stands for, more values than any item needs: write the values out instead of aliases."),
    ("expected an alias (*name) used outside the value it names", "A YAML alias refers to the value it is in, "
     "which would never end: remove the alias."),
    (f"body: expected at most {limits.BODY_CHARACTERS:,} characters",
     "The text after the front matter is larger than any page readers can use, often a log or a document "
     "pasted by mistake: split it into several pages, or attach the document as a file."),
    ("body: … found the control character U+001B at column …", "An invisible character (an escape, a NUL, a form "
     "feed, DEL or a C1 control such as U+0085) came with pasted text: delete it at that column."),
    ("body: … found '[' at column … left open", "A '[', a link's '(', a '{' or a '<' is never closed: Markdown "
     "would read the rest of the page again for each one. Close it, or write \\[ for a bracket that opens nothing."),
    ("body: … found a paragraph of … links, tags or other marks", "One paragraph holds so many links, tags or "
     "marks that Markdown would take minutes: break it into paragraphs with blank lines."),
)


KIND_WORDS = {
    "text": "text on one line",
    "prose": "plain sentences",
    "date": "date",
    "known date": "date, or only its month (2023-08) or year (2023) when that is all that is known",
    "datetime": "date, or date and time",
    "month": "month, like 2023-08",
    "number": "whole number",
    "flag": "true or false",
    "url": "web address",
    "id": "id",
    "file": "file inside content/",
    "sdg": "SDG number (1–17) or target (10.7, 10.c)",
    "gcm": "GCM objective number (1–23)",
    "entry": "<type>/<id> or a page's path",
    "object": "fields",
    "image": "picture: src and alt",
}


def _kind(types: Registry, spec: FieldSpec) -> str:
    """What a field holds, in words staff read in the guide."""
    if spec.target is not None:
        target = types[spec.target]
        words = f"id of {'an' if target.one[:1] in 'aeiou' else 'a'} {target.one} (content/{target.folder}/)"
    elif spec.kind == "choice":
        words = "one of: " + ", ".join(value for value, _ in spec.choices)
    elif spec.kind == "object":
        words = "fields: " + ", ".join(inner.name for inner in spec.fields)
    else:
        words = KIND_WORDS.get(spec.kind, spec.kind)
    if spec.many:
        words = f"list of: {words}"
    if spec.unique:
        words += "; no two items may share it"
    return words


def _fields(types: Registry, specs: tuple[FieldSpec, ...], prefix: str = "") -> tuple[FieldDoc, ...]:
    docs: list[FieldDoc] = []
    for spec in specs:
        name = f"{prefix}{spec.name}"
        docs.append(FieldDoc(name, spec.required, spec.description, _kind(types, spec)))
        if spec.fields and spec.kind != "image":
            docs.extend(_fields(types, spec.fields, f"{name}."))
    return tuple(docs)


def type_docs(types: Registry, today: dt.date) -> tuple[TypeDoc, ...]:
    """Every content type, with an example file written by `new` and its field reference."""
    docs = []
    for content_type in types:
        single = content_type.singular
        example_ids = {t.folder: (f"{t.singular}-id",) for t in types}
        scaffolding = Scaffolding(f"Title of the {single}", today, example_ids, {})
        docs.append(
            TypeDoc(
                folder=content_type.folder,
                label=content_type.plural,
                command=f'network-site new {single} "Title of the {single}"',
                example=skeleton(types, content_type, scaffolding),
                fields=_fields(types, types.fields(content_type.folder)),
                sections=content_type.body.required_sections,
                translated=tuple(".".join(map(str, path)) for path, spec in walk(types.fields(content_type.folder))
                                 if spec.translatable),
            )
        )
    return tuple(docs)


# The language a guide shows translations in when the site has only one: a UN working language other than its own.
EXAMPLE_LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class TranslationExample:
    """A translation the guide shows, from the network's own files: its path, and its original's."""

    translation: str
    original: str

    @property
    def folder(self) -> str:
        """The folder of the original below content/ ('news'), where `new --lang` finds it."""
        return self.original.rpartition("/")[0]


@dataclass(frozen=True)
class TranslationExamples:
    """The guide's examples of translations: in the site's second language, of the network's own item and page."""

    default: str  # the site's default language
    language: str
    item: TranslationExample
    page: TranslationExample


def translation_examples(site: Site, translated: Collection[tuple[str, str]]) -> TranslationExamples:
    """The network's own translated item and page (the shortest names, a readable example), else its own files with
    the language's suffix, else placeholders; `translated` holds each translation's original and language."""
    codes = [language.code for language in site.settings.languages]
    code = codes[1] if len(codes) > 1 else next(c for c in EXAMPLE_LANGUAGES if c != codes[0])
    shortest = functools.partial(sorted, key=lambda uri: (len(uri), uri))
    first_type = next(iter(site.types)).folder
    folders = {content_type.folder for content_type in site.types}
    originals = [original for original, language in translated if language == code]
    items = shortest(original for original in originals if original.split("/")[0] in folders)
    pages = shortest(original for original in originals if original.split("/")[0] not in folders)
    own_items = shortest(item.source.src_uri for item in site.of_kind(first_type))
    own_pages = shortest(page.source.src_uri for page in site.pages if page.source.src_uri != "index.md")
    item = (items or own_items or [f"{first_type}/<id>.md"])[0]
    page = (pages or own_pages or ["about.md"])[0]
    return TranslationExamples(codes[0], code, _example(item, code), _example(page, code))


def _example(original: str, code: str) -> TranslationExample:
    return TranslationExample(f"{original.removesuffix('.md')}.{code}.md", original)


def guide_context(types: Registry, today: dt.date, languages: tuple[Language, ...],
                  examples: TranslationExamples) -> dict[str, Any]:
    """What the guide page renders: every type, every message, the editor's versions, the site's languages, and the
    network's own files as examples of translations."""
    return {"types": type_docs(types, today), "errors": ERRORS, **editor.versions(), "languages": languages,
            "other_languages": languages[1:], "examples": examples,
            # The translations' summary is written in Bangla only: shown to a network that publishes in it.
            "bangla_summary": any(language.code == "bn" for language in languages)}
