"""The engine boundary: ProperDocs builds the same site as MkDocs, and staff's commands need no engine at all."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import FIXED_EPOCH, REPO, examplia_copy, inheriting_config, mistakes

from generator.engine.mkdocs_options import PluginOptions
from generator.pipeline.options import NETWORK, PLUGIN, read_options
from generator.staff.config_file import read_config

# The folders .ci/run makes beside .venv: ProperDocs with the package, and the package without any engine.
PROPERDOCS_VENV = REPO / ".venv-properdocs"
STAFF_VENV = REPO / ".venv-staff"
HOW_TO_MAKE_THEM = "make it as `.ci/run` does (the lines under '== The engines'), or run `bash .ci/run`"
ENGINES = ("mkdocs", "material", "properdocs")

# A Python that finds no module of MkDocs, mkdocs-material or ProperDocs, as on a machine where none is installed.
REFUSING_ENGINES = f"""
import sys
class RefuseEngines:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {ENGINES!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, RefuseEngines())
"""
NETWORK_SITE_WITHOUT_ENGINES = REFUSING_ENGINES + """
import runpy
sys.argv[0] = "network-site"
runpy.run_module("generator.staff.cli", run_name="__main__")
"""

Run = Callable[[Sequence[str]], subprocess.CompletedProcess[str]]


def network_site_in(command: Sequence[str]) -> Run:
    """Run `network-site` as `command` starts it, with the build's date fixed."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    return lambda args: subprocess.run([*command, *args], capture_output=True, text=True, env=env, check=False)


WITH_ENGINES = network_site_in([sys.executable, "-m", "generator.staff.cli"])
WITHOUT_ENGINES = network_site_in([sys.executable, "-c", NETWORK_SITE_WITHOUT_ENGINES])


def real_site_copy(folder: Path) -> Path:
    """A copy of the real content/ in `folder`, with a mkdocs.yml inheriting the real one; returns it."""
    shutil.copytree(REPO / "content", folder / "content")
    return inheriting_config(folder, docs_dir=str(folder / "content"))


COPIES = {"the real site": real_site_copy, "the example network": examplia_copy}


def staff_session(config: Path, network_site: Run) -> list[tuple[int, str, str]]:
    """What a member of staff does in a day, each command's exit status and words (the folder's own path left out)."""
    content = config.parent / "content"
    good = next(path for path in sorted((content / "news").glob("*.md")) if "." not in path.stem)  # not a translation
    # A good file (a copy of a published item under a new name) and a bad one beside it.
    (content / "news" / "a-copy-of-a-good-item.md").write_bytes(good.read_bytes())
    (content / "news" / "a-bad-date.md").write_text(
        "---\ntitle: A bad date\nsummary: Its date is not a date.\ndate: sometime\n---\nText.\n", encoding="utf-8")
    bad_options = config.with_name("bad-options.yml")
    bad_options.write_text(yaml.safe_dump({"INHERIT": config.name, "site_url": "nowhere"}), encoding="utf-8")
    commands = [
        ["new", "news", "Dialogue on labour migration held in Dhaka", "--date", "2023-08-02"],
        ["new", "--lang", "bn", f"news/{good.stem}"],
        ["new", "twg"],
        ["check"],
        ["check", "--format", "json"],
        ["bulletin", "--since", "2023-01-01", "--until", "2023-12-31"],
        ["check", "-f", str(bad_options)],
    ]
    runs = [network_site(["-f", str(config), *command]) for command in commands]
    return [(run.returncode, *(text.replace(str(config.parent), "<site>") for text in (run.stdout, run.stderr)))
            for run in runs]


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_python_the_tests_refuse_engines_in_finds_none_of_them() -> None:
    for engine in ENGINES:
        found = subprocess.run([sys.executable, "-c", f"{REFUSING_ENGINES}\nimport {engine}"],
                               capture_output=True, text=True, check=False)
        assert found.returncode != 0 and f"No module named '{engine}'" in found.stderr


@pytest.fixture(scope="module")
def with_engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[tuple[int, str, str]], dict]]:
    """Each network's staff session as it goes with the engines installed: what was said, and content/ after it."""
    told = {}
    for network, copy_of in COPIES.items():
        config = copy_of(tmp_path_factory.mktemp("with-engines") / "network")
        told[network] = staff_session(config, WITH_ENGINES), files_of(config.parent / "content")
    return told


@pytest.mark.parametrize("network", list(COPIES))
def test_check_new_and_bulletin_say_the_same_with_no_engine_importable_as_with_one(
    tmp_path: Path, network: str, with_engines: dict[str, tuple[list[tuple[int, str, str]], dict]]
) -> None:
    without = COPIES[network](tmp_path / "network")
    said, content = with_engines[network]
    assert staff_session(without, WITHOUT_ENGINES) == said
    assert files_of(without.parent / "content") == content
    # What was compared is what staff rely on: the bad file named on its line, the good one not at all.
    (_, check_output, _) = said[3]
    assert any(line.split(":")[0].endswith("content/news/a-bad-date.md") for line in mistakes(check_output))
    assert "a-copy-of-a-good-item" not in check_output and "date: expected" in check_output
    assert said[3][0] == 1 and said[2][0] != 0 and "site_url" in said[-1][2] and said[-1][0] == 2


def test_staff_commands_run_where_the_package_is_installed_with_no_engine(
    tmp_path: Path, with_engines: dict[str, tuple[list[tuple[int, str, str]], dict]]
) -> None:
    python = STAFF_VENV / "bin" / "python"
    assert python.is_file(), f"{STAFF_VENV} is missing: {HOW_TO_MAKE_THEM}"
    installed = subprocess.run(
        [str(python), "-c", f"import importlib.util as u; print([e for e in {ENGINES!r} if u.find_spec(e)])"],
        capture_output=True, text=True, check=True)
    assert installed.stdout.strip() == "[]", f"{STAFF_VENV} has an engine installed: {HOW_TO_MAKE_THEM}"
    without = examplia_copy(tmp_path / "network")
    said, content = with_engines["the example network"]
    assert staff_session(without, network_site_in([str(STAFF_VENV / "bin" / "network-site")])) == said
    assert files_of(without.parent / "content") == content


# --- The options, read by MkDocs and by generator.pipeline.options ---------------------------------------------------

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3000), st.sampled_from(["", "Asia/Dhaka", "en", "listmonk", "x"]),
    st.dates(dt.date(1999, 1, 1), dt.date(2030, 1, 1)), st.lists(st.sampled_from(["en", "bn", 3, {"code": "bn"}])),
    st.dictionaries(st.sampled_from(["bn", "name", "tool"]), st.sampled_from(["x", "mailchimp", 1]), max_size=2),
)
NAMES = sorted({*PLUGIN, *(name for name, _ in PluginOptions._schema), "unknown"})


def sub_options(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from([*schema, "unknown"]), VALUES, max_size=4)


OPTIONS = st.fixed_dictionaries(
    {"network": st.one_of(st.none(), st.just({"name": "N", "short_name": "S"}), sub_options(NETWORK))},
    optional={name: VALUES if name not in ("editor", "email") else sub_options(PLUGIN[name].options)
              for name in NAMES if name != "network"},
)


def plain(value: Any) -> Any:
    """MkDocs' options (sub-options and all) as plain dicts."""
    return {key: plain(item) for key, item in value.items()} if isinstance(value, Mapping) else value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPTIONS)
def test_the_plugin_options_check_reads_are_the_ones_a_strict_mkdocs_build_accepts(given_options: dict) -> None:
    # MkDocs' options are shared by every PluginOptions, and keep their warnings after a failed validation.
    for _, option in PluginOptions._schema:
        option.reset_warnings()
    mkdocs = PluginOptions()
    mkdocs.load_dict(copy.deepcopy(given_options))
    failed, warnings = mkdocs.validate()
    try:
        read = read_options(copy.deepcopy(given_options))
    except ValueError:
        read = None
    # `mkdocs build --strict`, as staff and CI build, stops on the options' warnings (an unknown name) too.
    assert (read is None) == bool(failed or warnings), (failed, warnings, read)
    if read is not None:
        assert read == plain(mkdocs)


# --- The site, built by ProperDocs and by MkDocs --------------------------------------------------------------------

def build(engine: Path, config: Path, out: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([str(engine), "build", "--strict", "-f", str(config), "-d", str(out)],
                           capture_output=True, text=True, env=env, check=False)
    assert built.returncode == 0, built.stderr


def generator_lines(pages: dict[str, bytes]) -> dict[str, str]:
    """Each HTML page's `<meta name="generator">`: the engine that built it names itself there."""
    found = {}
    for name, page in pages.items():
        if name.endswith(".html"):
            meta = lxml.html.document_fromstring(page).xpath('//head/meta[@name="generator"]')
            found.update({name: meta[0].get("content")} if meta else {})
    return found


def without_generator_line(pages: dict[str, bytes]) -> dict[str, bytes]:
    """Every file as it is, but each HTML page that names its engine: that page parsed without its generator line."""
    kept = dict(pages)
    for name in generator_lines(pages):
        document = lxml.html.document_fromstring(pages[name])
        for meta in document.xpath('//head/meta[@name="generator"]'):
            meta.getparent().remove(meta)
        kept[name] = lxml.html.tostring(document, encoding="utf-8", doctype="<!doctype html>")
    return kept


def test_the_real_site_built_by_properdocs_is_the_one_mkdocs_builds_but_for_the_line_naming_the_engine(
    tmp_path: Path,
) -> None:
    properdocs, mkdocs = PROPERDOCS_VENV / "bin" / "properdocs", PROPERDOCS_VENV / "bin" / "mkdocs"
    assert properdocs.is_file() and mkdocs.is_file(), f"{PROPERDOCS_VENV} is missing: {HOW_TO_MAKE_THEM}"
    # Each built beside its own mkdocs.yml, so each with its own build cache.
    (tmp_path / "properdocs").mkdir()
    (tmp_path / "mkdocs").mkdir()
    by_properdocs, by_mkdocs = inheriting_config(tmp_path / "properdocs"), inheriting_config(tmp_path / "mkdocs")
    build(properdocs, by_properdocs, tmp_path / "properdocs-site")
    build(mkdocs, by_mkdocs, tmp_path / "mkdocs-site")
    from_properdocs, from_mkdocs = files_of(tmp_path / "properdocs-site"), files_of(tmp_path / "mkdocs-site")
    engines = generator_lines(from_properdocs), generator_lines(from_mkdocs)
    assert engines[0].keys() == engines[1].keys() and engines[0]
    assert all("ProperDocs" in line for line in engines[0].values())
    assert not any("ProperDocs" in line for line in engines[1].values())
    assert without_generator_line(from_properdocs) == without_generator_line(from_mkdocs)
    # A network that switches keeps its build cache (made by MkDocs): ProperDocs' site is the same bytes with it.
    build(properdocs, by_mkdocs, tmp_path / "properdocs-after-mkdocs")
    assert files_of(tmp_path / "properdocs-after-mkdocs") == from_properdocs


def settings_mkdocs_reads(config: Path) -> tuple[Any, Path]:
    """The settings and content folder the plugin works from in a build of `config`, read by MkDocs itself."""
    from mkdocs.config import load_config

    from generator.engine.plugin import NetworkPlugin
    from generator.pipeline.options import to_settings

    read = load_config(config_file=str(config))
    plugin = next(p for p in read.plugins.values() if isinstance(p, NetworkPlugin))
    language = str(read.theme.get("language") or "en")
    # As the plugin reads them: the network's words are found beside the configuration file.
    here = Path(read.config_file_path or ".").parent.resolve()
    return to_settings(plugin.config, read.site_url, language, preview=False, config_dir=here), Path(read.docs_dir)


@pytest.mark.parametrize("network", ["the real site", "the example network", "a site inheriting the real one"])
def test_check_reads_the_settings_and_content_folder_a_build_reads(
    tmp_path: Path, network: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    monkeypatch.setenv("NETWORK_SITE_URL", "https://migration.example.net/bd")
    config = {
        "the real site": lambda: REPO / "mkdocs.yml",
        "the example network": lambda: examplia_copy(tmp_path / "examplia"),
        # !ENV with a fallback, as a fork sets its address per deployment; the theme's tags beside it.
        "a site inheriting the real one": lambda: inheriting_config(tmp_path, site_url="!ENV [NETWORK_SITE_URL, x]"),
    }[network]()
    config.write_text(config.read_text(encoding="utf-8").replace("'!ENV [NETWORK_SITE_URL, x]'",
                                                                 "!ENV [NETWORK_SITE_URL, x]"), encoding="utf-8")
    read = read_config(config)
    assert (read.settings, read.content_dir) == settings_mkdocs_reads(config)
    if network == "a site inheriting the real one":
        assert read.settings.site_url == "https://migration.example.net/bd/"
