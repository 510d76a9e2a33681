"""The package's layout keeps its promises (ARCHITECTURE.md): one-way imports, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "disputes"

# Which of the package's own steps each step may import (ARCHITECTURE.md, "The rooms").
ALLOWED = {
    "records": {"records"},
    "policy": {"policy", "records"},
    "history": {"history", "records", "policy"},  # the gate reads a changed policy as data
    "gate": {"gate", "records", "policy", "history"},  # the pull-request gate, one package
    "report": {"report", "records", "policy"},
    "disclosure": {"disclosure", "records", "policy", "report"},  # no site/, no MkDocs
    "edit": {"edit", "records", "policy", "history"},
    # site/ reads the route's step table for the record page's links to the forms.
    "site": {"site", "records", "policy", "history", "report", "disclosure", "route"},
    "importer": {"importer", "records", "policy", "history", "edit"},
    "remind": {"remind", "records", "policy", "history", "report"},  # what waits for whom
    "route": {"route", "records", "policy", "history", "edit"},
    "cli": {
        "cli",
        "records",
        "policy",
        "history",
        "gate",
        "report",
        "disclosure",
        "edit",
        "site",
        "importer",
        "remind",
        "route",
    },
}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def _step(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _id(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


@pytest.mark.parametrize("path", MODULES, ids=_id)
def test_imports_point_one_way(path: Path) -> None:
    step = _step(path)
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "disputes" and len(parts) > 1 and parts[1] in ALLOWED:
            assert parts[1] in ALLOWED[step], f"{_id(path)} ({step}) imports {name}"
        if parts[0] == "click":
            assert step == "cli", f"only cli/ may import click: {_id(path)}"
        if parts[0] == "mkdocs":
            assert step == "site", f"only site/ may import mkdocs: {_id(path)}"


@pytest.mark.parametrize("path", MODULES, ids=_id)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text("utf-8").splitlines())
    # A module's size follows its concept; this bound only catches a module that has become
    # several concepts (formatted by `ruff format`, so lines are counted as the formatter lays them).
    assert lines <= 500, f"{_id(path)} has {lines} lines; it holds more than one concept: split it"


def test_no_module_is_named_with_a_siblings_prefix() -> None:
    for folder in {p.parent for p in MODULES}:
        names = {p.stem for p in folder.glob("*.py")} | {
            p.name for p in folder.iterdir() if p.is_dir()
        }
        for name in names:
            prefix = name.split("_")[0]
            assert prefix == name or prefix not in names | {folder.name}, (
                f"{folder.relative_to(PACKAGE)}/{name} is named with the prefix of {prefix}: "
                "give it a subpackage or a name of its own"
            )


def test_command_modules_do_not_import_the_group() -> None:
    for path in (PACKAGE / "cli").glob("*.py"):
        if path.name not in ("app.py", "__init__.py"):
            assert not [n for n in _imports(path) if n in ("disputes.cli", "disputes.cli.app")], (
                f"{_id(path)} imports the command group back: an import circle"
            )


def test_nothing_below_the_command_line_prints_or_exits() -> None:
    for path in MODULES:
        if _step(path) == "cli":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                owner = getattr(getattr(func, "value", None), "id", "")
                assert not (owner == "sys" and name == "exit"), f"{_id(path)} calls sys.exit"
                assert name != "exit" or owner, f"{_id(path)} calls exit()"


@pytest.mark.parametrize("path", MODULES, ids=_id)
def test_mkdocs_is_used_through_its_public_names_only(path: Path) -> None:
    """The site runs through MkDocs' public API and plugin events, so MkDocs can move within
    its version range: a private function (`_build_page`, `_populate_page`) changes without
    notice between releases."""
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "mkdocs":
            private = [a.name for a in node.names if a.name.startswith("_")]
            private += [p for p in (node.module or "").split(".") if p.startswith("_")]
            assert not private, f"{_id(path)} imports MkDocs' private {private}"
