"""A command loads what it uses: the group imports a command's module only when it runs.

Each light command runs in a fresh process that writes, at exit, the modules it imported;
none may import the libraries only the site and its disclosure control need (SciPy, NumPy,
MkDocs, Material, pygal), and each stays within the third-party set recorded here.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import REPO_ROOT, demo_register_copy
from gitrepo import fixture_record, open_on_main

from disputes.cli import main
from disputes.cli.app import COMMANDS

pytestmark = pytest.mark.usefixtures("isolated_git")

HEAVY = {"scipy", "numpy", "mkdocs", "material", "pygal"}
# The third-party libraries (top-level names) each light command may import; a new import
# beyond this is a choice to make here, with its cost measured (tools/bench/bench_startup.py).
CORE = {
    "click",
    "yaml",
    "_yaml",
    "jsonschema",
    "jsonschema_specifications",
    "referencing",
    "rpds",
    "attr",
    "attrs",
    "idna",
    "jsonschema_rs",
    "typing_extensions",
}
# The Python JSON Schema library and what it brings: loaded only when a record or the
# schema fails the compiled check, for its detailed messages (validate's memory, issue 25).
PYTHON_SCHEMA = {"jsonschema", "jsonschema_specifications", "referencing", "rpds", "attr", "attrs"}
ALLOWED = {
    "--help": {"click"},
    "--version": {"click"},
    "validate": CORE - PYTHON_SCHEMA,
    "list": CORE | {"holidays", "dateutil", "six"},
    "show": CORE | {"holidays", "dateutil", "six"},
    # one record's trail: git and the YAML of the record, the policy and the signers only
    "audit": {"click", "yaml", "_yaml"},
    # the gate reads round-trip edits
    "check": CORE | {"holidays", "dateutil", "six", "ruamel", "filelock"},
}
# Runs the command in this process, then writes the top-level third-party names it imported
# (not those the interpreter's start-up imported, such as a .pth file's).
PROBE = """
import atexit, json, sys
_START = set(sys.modules)
def _write():
    names = {m.split(".")[0] for m in set(sys.modules) - _START}
    ours = {n for n in names - set(sys.stdlib_module_names) - {"disputes", "cython_runtime"}
            if not n.startswith(("_cython_", "_sysconfigdata_"))}  # C extensions' runtime
    with open(sys.argv[1], "w") as out:
        json.dump(sorted(ours), out)
atexit.register(_write)
from disputes.cli import main
main(sys.argv[2:], prog_name="disputes")
"""


def imported_by(args: list[str], cwd: Path, tmp_path: Path) -> tuple[int, set[str]]:
    """Run `disputes ARGS` in a fresh process; its exit status and third-party imports."""
    record = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(record), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, set(json.loads(record.read_text()))


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("--help", ["--help"]),
        ("--version", ["--version"]),
        ("validate", ["validate", "--as-of", "2026-11-22"]),
        ("list", ["list", "--as-of", "2026-11-22"]),
        ("show", ["show", "PD-2026-0007", "--as-of", "2026-11-22"]),
    ],
)
def test_a_light_command_imports_no_heavy_library(
    command: str, args: list[str], tmp_path: Path
) -> None:
    root = demo_register_copy(tmp_path / "register")
    status, modules = imported_by(args, root, tmp_path)
    assert status == 0
    assert modules & HEAVY == set(), f"`disputes {command}` imports {sorted(modules & HEAVY)}"
    assert modules <= ALLOWED[command], (
        f"`disputes {command}` now also imports {sorted(modules - ALLOWED[command])}: "
        "import it where it is used, or add it to ALLOWED if this command needs it"
    )


def test_a_failing_record_still_gets_the_detailed_schema_message(tmp_path: Path) -> None:
    """The Python validator, not loaded for a valid register, is loaded for a failing one."""
    root = demo_register_copy(tmp_path / "register")
    record = next((root / "records").rglob("*.md"))
    record.write_text(record.read_text("utf-8").replace("status: ", "status: sideways #", 1))
    status, modules = imported_by(["validate", "--as-of", "2026-11-22"], root, tmp_path)
    assert status == 1 and "jsonschema" in modules


def test_the_gate_imports_no_heavy_library(tmp_path: Path) -> None:
    """`check --base main` on a real repository: a change to a record, judged."""
    repo = open_on_main(tmp_path / "register")
    repo.write(
        "records/2026/PD-2026-0007.md", fixture_record().replace("title: ", "title: Amended ", 1)
    )
    repo.commit("Edit PD-2026-0007")
    status, modules = imported_by(["check", "--base", "main"], repo.path, tmp_path)
    assert status in (0, 1)
    assert modules & HEAVY == set(), f"`disputes check` imports {sorted(modules & HEAVY)}"
    assert modules <= ALLOWED["check"], sorted(modules - ALLOWED["check"])


# What only a writer or a failing record needs: the round-trip YAML writer and the lock
# (`edit/`), the Python JSON Schema library, and the site.
WRITER_AND_SITE = {"ruamel", "filelock", "jsonschema", "mkdocs", "material"}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_audit_loads_neither_the_writer_nor_the_schema_library(fmt: str, tmp_path: Path) -> None:
    """`disputes audit ID` reads one record's history: at 1,000 records its cost is mostly
    start-up (issue 25), so it loads no library it does not use."""
    repo = open_on_main(tmp_path / "register")
    repo.write(
        "records/2026/PD-2026-0007.md", fixture_record().replace("title: ", "title: Amended ", 1)
    )
    repo.commit("Edit PD-2026-0007")
    status, modules = imported_by(["audit", "PD-2026-0007", "--format", fmt], repo.path, tmp_path)
    assert status == 0
    assert modules & WRITER_AND_SITE == set(), f"`disputes audit` imports {sorted(modules)}"
    assert modules <= ALLOWED["audit"], (
        f"`disputes audit` now also imports {sorted(modules - ALLOWED['audit'])}: "
        "import it where it is used, or add it to ALLOWED if audit needs it"
    )


def test_the_heavy_libraries_are_still_reached_by_the_build() -> None:
    """The probe can see a heavy import: the site command's module does import MkDocs."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, disputes.cli.site; print('mkdocs' in sys.modules)"],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "True", done.stderr


def _commands_of(module: str) -> dict[str, click.Command]:
    found = vars(importlib.import_module(f"disputes.cli.{module}")).items()
    return {
        command.name or name: command
        for name, command in found
        if isinstance(command, click.Command)
        and getattr(command.callback, "__module__", None) == f"disputes.cli.{module}"
    }


def test_the_table_lists_every_command_of_every_command_module() -> None:
    """A command written in a cli/ module but left out of COMMANDS would never be reachable."""
    modules = {path.stem for path in (REPO_ROOT / "tools" / "disputes" / "cli").glob("*.py")}
    written = {
        name: f"{module}:{command.callback.__name__}"  # type: ignore[union-attr]
        for module in sorted(modules - {"__init__", "app"})
        for name, command in _commands_of(module).items()
    }
    assert written == {name: target for name, (target, _) in COMMANDS.items()}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_short_help_in_the_table_is_the_docstrings_first_paragraph(name: str) -> None:
    """--help lists the table's words without importing the module: they cannot drift."""
    command = main.commands[name]
    first = " ".join((command.help or "").split("\n\n")[0].split())
    assert COMMANDS[name][1] == first


def test_help_lists_every_command_without_loading_one(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom disputes.cli import main\n"
            "try:\n    main(['--help'], prog_name='disputes')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('disputes.cli.')))",
        ],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    listed = [line.split()[0] for line in done.stdout.split("Commands:\n")[1].splitlines()[:-1]]
    assert listed == sorted(COMMANDS)
    assert "Check records against the schema and the policy's rules." in done.stdout
    assert done.stdout.splitlines()[-1] == "['disputes.cli.app', 'disputes.cli.errors']"
