"""The package as the next engineer reads it: stages in their own folders, imports one way, MkDocs behind one door."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
STAGES = ("content", "graph", "outputs", "pipeline", "fast", "staff", "engine")
ENGINES = ("mkdocs", "material", "properdocs")


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (the browser editor's vendored files aside)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "admin" in path.relative_to(PACKAGE).parts:
            continue
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        found[dotted] = path
    return found


def imports(path: Path) -> set[str]:
    """Every module a file imports, wherever the import stands (inside functions and under TYPE_CHECKING too)."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            named.add(node.module)
            named.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
    return named


def test_no_module_of_the_package_imports_itself_round_a_cycle() -> None:
    found = modules()
    edges = {name: {other for other in imports(path) if other in found and other != name}
             for name, path in found.items()}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, "an import cycle: " + " → ".join([*visiting[visiting.index(name):], name])
        visiting.append(name)
        for other in sorted(edges[name]):
            visit(other)
        visiting.pop()
        done.add(name)

    for name in sorted(found):
        visit(name)


def test_every_module_sits_in_the_folder_of_its_stage() -> None:
    loose = [name for name, path in modules().items() if path.parent == PACKAGE and path.name != "__init__.py"]
    assert loose == [], f"modules outside the stages' folders {STAGES}: {loose}"
    assert {name.split(".")[1] for name in modules() if name.count(".") >= 1} == set(STAGES)


@pytest.mark.parametrize("stage", [stage for stage in STAGES if stage != "engine"])
def test_only_the_engine_adapter_imports_an_engine(stage: str) -> None:
    for name, path in modules().items():
        if name.split(".")[1:2] == [stage]:
            engines = {found for found in imports(path) if found.split(".")[0] in ENGINES}
            assert engines == set(), f"{path.relative_to(PACKAGE.parent)} imports {sorted(engines)}"
