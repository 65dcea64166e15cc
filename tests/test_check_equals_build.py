"""`network-site check` and `mkdocs build` agree on every file, and neither ever shows staff a traceback.

Hypothesis mutates the made-up network's files the way staff and editors do by accident (and, in the
second test, its bodies' links and pictures, the files in content/ and mkdocs.yml's values and menu): a field
set to the wrong kind of value, text with line breaks, control characters or markup, a year
typed as 2204, a list where one value belongs, a field removed or misspelt, a body with odd
characters. For each mutated site, check's verdict must be the build's: both accept it, or both
reject it with content mistakes; never a crash. The number of examples is bounded for CI
(`CHECK_EQUALS_BUILD_EXAMPLES`, 40 by default); the seed is fixed so a failure reproduces.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from sitebuild import EXAMPLIA, REPO, mistakes

from generator.content.registry import walk
from generator.content.types import BUILT_IN
from generator.staff.cli import main as network_site

EXAMPLES = int(os.environ.get("CHECK_EQUALS_BUILD_EXAMPLES", "40"))
# Changes to bodies, the tree and mkdocs.yml: fewer, as each builds a whole site (about 3 s each).
TREE_EXAMPLES = int(os.environ.get("CHECK_EQUALS_BUILD_TREE_EXAMPLES", "30"))
# CI runs the same examples every time; set CHECK_EQUALS_BUILD_EXPLORE=1 to hunt with fresh ones.
FIXED_SEED = not os.environ.get("CHECK_EQUALS_BUILD_EXPLORE")

# Text as it arrives from word processors, chat apps and keyboards: markup, quotes, line breaks, controls, Bangla.
awkward_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&\"'`=+-@:#/\\\n\r\t \u00a0\u200b\u2028\x00\x01\x08\x0b\x1b\x7f\ufeff")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("অভিবাসনজাতীয়সংলাপ")),
    ),
    max_size=40,
)
dates = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2300, 1, 1),
                 timezones=st.one_of(st.none(), st.timezones())).map(lambda d: d.isoformat(sep=" ")),
    st.sampled_from(["2204-01-01", "2023-02-30", "2023-13", "0000-01-01", "2023-08-02T25:00", "soon"]),
)
scalars = st.one_of(
    awkward_text, dates, st.integers(-(10**12), 10**12), st.booleans(), st.none(), st.floats(allow_nan=True),
    st.sampled_from(["iom", "ctip", "return", "unhcr", "news/update-1", "events/return-forum", "online",
                     "https://example.org/x", "javascript:alert(1)", "../../etc/passwd", "images/none.jpg"]),
)
values = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(awkward_text, inner, max_size=3)),
    max_leaves=6,
)


def _typed_files() -> list[str]:
    content = EXAMPLIA / "content"
    return sorted(path.relative_to(content).as_posix() for path in content.rglob("*.md") if "/" in
                  path.relative_to(content).as_posix())


def _paths_of(relative: str) -> list[tuple[str, ...]]:
    folder = relative.split("/", 1)[0]
    return [tuple(map(str, path)) for path, _ in walk(BUILT_IN.fields(folder))]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str, tuple[str, ...], Any]:
    """One accident in one file: (file, what happens, field path, new value)."""
    relative = draw(st.sampled_from(_typed_files()))
    action = draw(st.sampled_from(["set", "set", "set", "remove", "rename", "body"]))
    path = draw(st.sampled_from(_paths_of(relative)))
    value = draw(values) if action in ("set", "body") else draw(awkward_text)
    return relative, action, path, value


def _apply(site: Path, relative: str, action: str, path: tuple[str, ...], value: Any) -> None:
    file = site / "content" / relative
    post = frontmatter.loads(file.read_text(encoding="utf-8"))
    data: dict[str, Any] = post.metadata
    holder: Any = data
    for part in path[:-1]:
        if not isinstance(holder.get(part), dict):
            holder[part] = {}
        holder = holder[part]
    last = path[-1]
    if action == "set":
        holder[last] = value
    elif action == "remove":
        holder.pop(last, None)
    elif action == "rename" and last in holder:
        holder[str(value) or "x"] = holder.pop(last)
    elif action == "body":
        post.content = f"{post.content}\n\n{value}\n"
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    file.write_text(f"---\n{front}---\n{post.content}\n", encoding="utf-8")


def _network(root: Path) -> Path:
    site = root / "examplia"
    shutil.copytree(EXAMPLIA, site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../templates", str(REPO / "templates")),
                      encoding="utf-8")
    return site


def _check_accepts(site: Path) -> bool:
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
        status = network_site(["check", "-f", str(site / "mkdocs.yml")])
    assert status in (0, 1), f"check could not run:\n{out.getvalue()}{err.getvalue()}"
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return status == 0


def _build_accepts(site: Path) -> bool:
    """A strict build as CI runs it; only content mistakes and warnings may stop it, never a crash."""
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"), strict=True)
    # Warnings must reach MkDocs' counter (a strict build fails on them), but not the test's output.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with contextlib.redirect_stderr(io.StringIO()) as said:
        try:
            build(config)
        except (Abort, BuildError, PluginError) as stopped:
            assert "Traceback" not in str(stopped) + said.getvalue()
            return False
    assert "Traceback" not in said.getvalue()
    return True


@settings(max_examples=EXAMPLES, deadline=None, derandomize=FIXED_SEED, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutations())
def test_check_and_the_build_give_the_same_verdict_on_a_mistaken_file(
    mutation: tuple[str, str, tuple[str, ...], Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = _network(Path(folder))
        _apply(site, *mutation)
        accepted_by_check = _check_accepts(site)
        accepted_by_build = _build_accepts(site)
        assert accepted_by_check == accepted_by_build, (
            f"check {'accepts' if accepted_by_check else 'rejects'} what the build "
            f"{'accepts' if accepted_by_build else 'rejects'}: {mutation}"
        )


# Links and pictures as staff write them in a body, right and wrong.
body_lines = st.sampled_from([
    "[x](update-2.md#nowhere)", "[x](update-2.md)", "[x](../events/return-forum/)", "[x](../events/missing/)",
    "[x](../../events/return-forum/)", "[x](/news/)", "[x][r]\n\n[r]: missing.md", "[x][r]\n\n[r]: update-2.md",
    "![A](../images/return-forum.jpg)", "![A](/images/return-forum.jpg)", "![A](../../../images/return-forum.jpg)",
    "![](../images/return-forum.jpg)", "![A](../images/new.jpg)", "![A](../images/new.png)", "[x](../about.md)",
    "[x](../about/)", "[x](../events/return-forum.md#agenda)", "## Agenda", "[x](#agenda)", "[x](#nope)",
    "[x](../events/return-forum/#agenda)", "[x](update-2.md#nowhere)",
])
# Files staff or an attacker add to content/, by name; their contents are a picture, a damaged one, text or a page.
file_names = st.sampled_from([
    "images/new.jpg", "images/new.png", "images/New.JPG", "images/return-forum-320w.jpg",
    "images/return-forum-640w.jpg.webp", "images/a#b.jpg", "images/50%.png", "images/what?.jpg", "x.MD",
    "y.markdown", "admin.md", "bn.md", "bn/x.md", "assets/network.css", "news/feed.xml", "index.html",
    "About.md", "docs/report.pdf", "news/update-1/index.html", "pagefind/x.js", "notes.md",
])
file_kinds = st.sampled_from(["picture", "damaged", "text", "page"])
# Values put into mkdocs.yml's network block and menu.
config_edits = st.sampled_from([
    ("email: secretariat@", 'email: "line\\nbreak@'), ("name: Examplia UN", 'name: "Two\\nLines'),
    ("- About: about.md", "- About: missing.md"), ("- About: about.md", "- About: news/update-1.md"),
    ("- About: about.md", "- About: https://example.org/"), ("short_name: EUNNM", 'short_name: "EU\\tNNM"'),
    # The real site's link checks (a missing anchor, an absolute or an unrecognised link fails its build), drawn often.
    *[("extra_css:", "validation:\n  anchors: warn\n  absolute_links: warn\n  unrecognized_links: warn\nextra_css:"),
      ("extra_css:", "validation:\n  anchors: warn\nextra_css:")] * 3,
])


# The bodies the lines go into: an item (links from news/ and events/) and a plain page at the root.
body_files = st.sampled_from(["news/update-1.md", "news/update-2.md", "events/return-forum.md", "about.md"])


@st.composite
def tree_changes(draw: st.DrawFn) -> list[tuple[str, Any, Any]]:
    """A few accidents at once: maybe one in mkdocs.yml, maybe a file added to content/, and lines added to bodies."""
    config = draw(st.lists(st.tuples(st.just("config"), config_edits, st.none()), max_size=1))
    files = draw(st.lists(st.tuples(st.just("file"), file_names, file_kinds), max_size=1))
    bodies = draw(st.lists(st.tuples(st.just("body"), body_files, body_lines), min_size=1, max_size=2))
    return [*config, *files, *bodies]


def _change(site: Path, what: str, first: Any, second: Any) -> None:
    content = site / "content"
    if what == "body":
        file = content / first
        file.write_text(f"{file.read_text(encoding='utf-8')}\n{second}\n", encoding="utf-8")
    elif what == "file":
        file = content / first
        file.parent.mkdir(parents=True, exist_ok=True)
        photo = (content / "images" / "return-forum.jpg").read_bytes()
        data = {"picture": photo, "damaged": photo[: len(photo) // 3], "text": b"hello",
                "page": b"---\ntitle: A page\nsummary: Words.\n---\nWords.\n"}[second]
        if second == "picture" and first.lower().endswith(".png"):
            buffer = io.BytesIO()
            from PIL import Image
            Image.new("RGB", (700, 400), "blue").save(buffer, format="PNG")
            data = buffer.getvalue()
        file.write_bytes(data)
    else:
        config = site / "mkdocs.yml"
        old, new = first
        text = config.read_text(encoding="utf-8")
        line = next((line for line in text.splitlines() if old in line), None)
        if line is not None:
            closing = '"' if new.count('"') % 2 else ""
            config.write_text(text.replace(line, line.replace(old, new) + closing, 1), encoding="utf-8")


def _check_says(site: Path) -> tuple[bool, set[str]]:
    """Whether check accepts the site, and its mistake lines; a mkdocs.yml it cannot read (status 2) is a refusal."""
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
        status = network_site(["check", "-f", str(site / "mkdocs.yml")])
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return status == 0, mistakes(out.getvalue())


def _build_says(site: Path) -> tuple[bool, set[str]]:
    """Whether a strict build accepts the site, and the content mistakes it stopped on."""
    try:
        config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"), strict=True)
    except ConfigurationError:
        return False, set()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with contextlib.redirect_stderr(io.StringIO()) as said:
        try:
            build(config)
        except (Abort, BuildError, PluginError) as stopped:
            assert "Traceback" not in str(stopped) + said.getvalue()
            return False, mistakes(str(stopped))
    assert "Traceback" not in said.getvalue()
    return True, set()


@settings(max_examples=TREE_EXAMPLES, deadline=None, derandomize=FIXED_SEED, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tree_changes())
def test_check_and_the_build_give_the_same_verdict_on_changed_bodies_files_and_configuration(
    changes: list[tuple[str, Any, Any]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = _network(Path(folder))
        for change in changes:
            _change(site, *change)
        accepted_by_check, said_by_check = _check_says(site)
        accepted_by_build, said_by_build = _build_says(site)
        assert accepted_by_check == accepted_by_build, (
            f"check {'accepts' if accepted_by_check else 'rejects'} what the build "
            f"{'accepts' if accepted_by_build else 'rejects'}: {changes}"
        )
        # Every mistake the build stops on, check names in the same words (check also decodes every picture).
        assert said_by_build <= said_by_check, f"{said_by_build - said_by_check} not said by check: {changes}"
