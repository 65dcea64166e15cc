"""The network's own words beside mkdocs.yml (words/<code>.yml), and which words each published language lacks.

A network gives or overrides any of the package's words (generator/strings/<code>.yml) in a file per language,
written as the package's are: sections, keys, and `{name}` places. What a file cannot mean (a language the site
does not publish, a key nobody asks for, a place the English does not fill) is a mistake at its line, and so is a
published language whose words are incomplete: check and the build say the same lines.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from string import Formatter

import jinja2
import jinja2.nodes
import yaml

from generator.content.errors import ContentError, found_text
from generator.content.reading import display_path
from generator.content.registry import Registry
from generator.content.taxonomies import GCM_OBJECTIVES, SDG_STATEMENTS, SDGS
from generator.content.types import BUILT_IN
from generator.graph import languages
from generator.graph.strings import FALLBACK, TRANSLATED_ONLY, NetworkWords, Strings, strings, table

# The folder beside mkdocs.yml a network writes its words in, one file a language.
FOLDER = "words"
# Keys a network may add in any language without the English having them: its own words for tags and short names.
FREE = ("tags.", "short_names.", "nav.")
# More missing keys than this are named by the file to write rather than one by one.
LISTED = 12
_PLACE = re.compile(r"\{(\w*)[^{}]*\}")
# A content type's label in a language, the network's own types' among them (their folders are known later).
_TYPE_LABEL = re.compile(r"types\.[a-z0-9_-]+\.(label|plural)")


def read_network_words(config_dir: Path | None, published: tuple[str, ...]) -> NetworkWords:
    """The network's words from `words/` beside mkdocs.yml, with the mistakes its files hold."""
    folder = (config_dir or Path(".")) / FOLDER
    if not folder.is_dir():
        return NetworkWords(folder=display_path(folder))
    tables: dict[str, dict[str, str]] = {}
    lines: dict[str, dict[str, int]] = {}
    mistakes: list[ContentError] = []
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.suffix not in (".yml", ".yaml"):
            continue  # a note beside the words (README.md) is not words
        shown, code = display_path(path), path.stem
        if code not in published:
            mistakes.append(ContentError(shown, 1, "file", f"one file per published language, named like "
                                         f"{published[0]}.yml ({', '.join(published)})", f"'{path.name}'"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
            root = yaml.compose(text)
        except (OSError, UnicodeDecodeError) as error:
            mistakes.append(ContentError(shown, 1, "file", "a text file in UTF-8", found_text(str(error))))
            continue
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            mistakes.append(ContentError(shown, mark.line + 1 if mark else 1, "file", "words written as in "
                                         "generator/strings/en.yml (section:, then key: words)",
                                         found_text(getattr(error, "problem", None) or str(error))))
            continue
        digest.update(f"{code}\0{text}\0".encode())
        tables[code], lines[code] = {}, {}
        if root is None:
            continue
        if not isinstance(root, yaml.MappingNode):
            mistakes.append(ContentError(shown, root.start_mark.line + 1, "file",
                                         "sections of words (pages:, header: …)", "a single value"))
            continue
        for key, line, value in _leaves(root, ""):
            if value is None:
                mistakes.append(ContentError(shown, line, key, "words (text on the same line, or below)",
                                             "a list or nothing"))
            else:
                tables[code][key], lines[code][key] = value, line
    english = {**table(FALLBACK), **tables.get(FALLBACK, {})}
    for code, words in tables.items():
        wrong = list(_wrong_keys(folder / f"{code}.yml", code, words, lines[code], english))
        mistakes += wrong
        for mistake in wrong:  # words a page could not be made with: left out, so check can read on and tell them
            words.pop(mistake.field, None)
    return NetworkWords(display_path(folder), digest.hexdigest(), tables, lines, tuple(mistakes))


def _leaves(node: yaml.MappingNode, prefix: str) -> Iterator[tuple[str, int, str | None]]:
    """Each key of a table with its line and words ('header.menu', 5, 'Menu'); None where no words are."""
    for key_node, value_node in node.value:
        key = f"{prefix}{key_node.value}"
        line = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.MappingNode):
            yield from _leaves(value_node, f"{key}.")
        elif isinstance(value_node, yaml.ScalarNode) and not value_node.tag.endswith(":null"):
            yield key, line, value_node.value
        else:
            yield key, line, None


def _places(text: str) -> set[str]:
    return {match.group(1) for match in _PLACE.finditer(text)}


def _wrong_keys(path: Path, code: str, words: Mapping[str, str], lines: Mapping[str, int],
                english: Mapping[str, str]) -> Iterator[ContentError]:
    """A key no page asks for (a misspelling), or words that fill places the English does not give."""
    shown = display_path(path)
    for key, text in words.items():
        line = lines[key]
        if key in english:
            wanted = _places(english[key])
            if not _places(text) <= wanted:
                given = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "none"
                yield ContentError(shown, line, key, f"only the places the English fills ({given})",
                                   found_text(text))
            elif _broken_braces(text):
                yield ContentError(shown, line, key, "braces only around a place's name, like {network}",
                                   found_text(text))
        elif not key.startswith(TRANSLATED_ONLY + FREE) and not _TYPE_LABEL.fullmatch(key) and code != FALLBACK:
            yield ContentError(shown, line, key, f"a key of the English words (generator/strings/en.yml, or "
                               f"{FOLDER}/en.yml for the network's own)", f"'{key}'")


def _broken_braces(text: str) -> bool:
    try:
        list(Formatter().parse(text))
    except ValueError:
        return True
    return False


def named_in_templates(types: Registry, theme_dirs: tuple[Path, ...]) -> set[str]:
    """The words a network's own type's template names (`t("publications.download")`), where check can read them."""
    built_in = {t.folder for t in BUILT_IN}
    named: set[str] = set()
    environment = jinja2.Environment()
    for content_type in types:
        if content_type.folder in built_in:
            continue
        path = next((found for folder in theme_dirs if (found := folder / content_type.item_template).is_file()), None)
        if path is None:
            continue
        try:
            tree = environment.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
            continue  # the build says what is wrong with the template itself
        for call in tree.find_all(jinja2.nodes.Call):
            callee = call.node
            said = (isinstance(callee, jinja2.nodes.Name) and callee.name == "t") or (
                isinstance(callee, jinja2.nodes.Getattr) and isinstance(callee.node, jinja2.nodes.Name)
                and callee.node.name == "t" and callee.attr == "markup")
            if said and call.args and isinstance(call.args[0], jinja2.nodes.Const) and isinstance(
                    call.args[0].value, str):
                named.add(call.args[0].value)
    return named


def missing_words(words: NetworkWords, published: tuple[languages.Language, ...], types: Registry,
                  menu_titles: tuple[str, ...], theme_dirs: tuple[Path, ...] = ()) -> Iterator[ContentError]:
    """One line for each published language that lacks words a page says: how many, and which (or the file)."""
    default = published[0].code
    default_words = strings(default, words)
    own_keys = {key for key in words.of(FALLBACK) if not key.startswith(TRANSLATED_ONLY + FREE)}
    own_keys |= named_in_templates(types, theme_dirs)
    for language in published:
        code = language.code
        given = {**table(code), **words.of(code)}
        needed = set(table(FALLBACK)) | own_keys
        english = code.split("-")[0].lower() == FALLBACK
        if not english:
            needed |= {f"sdgs.{n}" for n in SDGS} | {f"gcm.{n}" for n in GCM_OBJECTIVES}
            needed |= {f"sdg_statements.{n}" for n in SDG_STATEMENTS}
            needed |= {f"types.{t.folder}.{part}" for t in types for part in ("label", "plural")}
        missing = sorted(key for key in needed if key not in given)
        if code != default:
            here = Strings(code, words)
            missing += [f"nav.{title}" for title in menu_titles if here.menu_title(title, default_words) is None]
        if not missing:
            continue
        path = display_path(Path(words.folder) / f"{code}.yml")
        what = f"words in {language.name} ({code})"
        if len(missing) > LISTED:
            shown = (f"{len(missing)} missing: write them in {path} (copy generator/strings/{FALLBACK}.yml there and "
                     f"translate each line), beginning {', '.join(missing[:3])} …")
        else:
            shown = f"{len(missing)} missing: {', '.join(missing)}"
        yield ContentError(path, 1, what, "every word a page in this language says", shown)
