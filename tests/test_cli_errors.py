"""The one failure handler: what a user can cause ends in a plain sentence and exit 2."""

from __future__ import annotations

import errno
import importlib
import json
from pathlib import Path

import click
import pytest
from conftest import MakeRegister, run_cli, valid_record_text

from disputes.cli.errors import handle_failures, os_error_message
from disputes.errors import DisputesError
from disputes.history.git import GitError
from disputes.records.config import ConfigError
from disputes.records.find import EditError, UnknownRecord
from disputes.site.build import SiteConfigError, SiteError

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "disputes"

RECORD = {"records/2026/PD-2026-0007.md": valid_record_text()}


def test_output_under_a_file_is_a_plain_exit_2(make_register: MakeRegister) -> None:
    root = make_register(RECORD)
    blocker = root / "notes.txt"
    blocker.write_text("not a folder\n")
    result = run_cli(
        [
            "report",
            "--root",
            str(root),
            "--as-of",
            "2026-11-22",
            "--format",
            "csv",
            "--output",
            str(blocker / "report"),
        ]
    )
    assert result.exit_code == 2
    assert "notes.txt" in result.stderr and "Part of that path is a file" in result.stderr
    assert "Traceback" not in result.output


def test_a_broken_policy_file_is_a_plain_exit_2(make_register: MakeRegister) -> None:
    root = make_register(RECORD)
    (root / "schema" / "policy.yml").write_text("timescales: [unclosed\n")
    result = run_cli(["report", "--root", str(root), "--as-of", "2026-11-22"])
    assert result.exit_code == 2
    assert "policy.yml" in result.stderr and "Traceback" not in result.output


def test_an_unreadable_schema_is_a_plain_exit_2(make_register: MakeRegister) -> None:
    root = make_register(RECORD)
    schema = root / "schema" / "dispute.schema.json"
    schema.unlink()
    schema.mkdir()  # a folder where the schema file should be: reading it fails
    result = run_cli(["validate", "--root", str(root), "--as-of", "2026-11-22"])
    assert result.exit_code == 2
    assert "dispute.schema.json" in result.stderr and "Traceback" not in result.output


def test_os_error_messages_say_what_where_and_how() -> None:
    full = os_error_message(OSError(errno.ENOSPC, "No space left on device", "/tmp/x.csv"))
    assert full == (
        "could not use /tmp/x.csv: no space left on device. "
        "The disk is full: free some space and run the command again."
    )
    denied = os_error_message(PermissionError(errno.EACCES, "Permission denied", Path("/r")))
    assert denied.startswith("could not use /r: permission denied. You may not use that path")


def _package_exceptions() -> dict[str, type[BaseException]]:
    """Every public exception class the package defines, by module:name."""
    found: dict[str, type[BaseException]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(("disputes", *path.relative_to(PACKAGE).with_suffix("").parts))
        if module.endswith(("__main__", "__init__")):
            continue
        for name, value in vars(importlib.import_module(module)).items():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == module
                and not name.startswith("_")
            ):
                found[f"{module}:{name}"] = value
    return found


def test_every_failure_of_the_package_has_the_one_base() -> None:
    """A new exception class outside that base would escape the handler as a traceback."""
    from disputes.cli.errors import RegisterError

    found = _package_exceptions()
    assert len(found) >= 15, sorted(found)
    strays = [
        where
        for where, cls in found.items()
        if not issubclass(cls, DisputesError) and cls is not RegisterError
    ]
    assert strays == [], f"these do not subclass disputes.errors.DisputesError: {strays}"
    assert {cls.exit_code for cls in found.values() if issubclass(cls, DisputesError)} == {1, 2}


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (GitError("not a git repository: run it in the register's clone"), 2),
        (ConfigError("schema/policy.yml cannot be read"), 2),
        (UnknownRecord("no record PD-2026-0099"), 2),  # a subclass overrides its base's status
        (EditError("the record is resolved: reopen it first"), 1),
        (SiteConfigError("mkdocs.yml names no disputes plugin"), 2),
        (SiteError("the public site would show a case reference"), 1),
    ],
)
def test_the_handler_exits_with_the_status_the_class_carries(
    error: DisputesError, status: int
) -> None:
    with pytest.raises(click.ClickException) as caught, handle_failures():
        raise error
    assert caught.value.exit_code == status
    assert caught.value.format_message() == str(error)


def test_a_failure_caught_at_the_command_line_is_one_sentence(make_register: MakeRegister) -> None:
    """An unknown id (a could-not-run failure from edit/) ends with exit 2 and no usage text."""
    root = make_register(RECORD)
    result = run_cli(["show", "PD-2026-0099", "--root", str(root), "--as-of", "2026-11-22"])
    assert result.exit_code == 2
    assert "PD-2026-0099" in result.stderr and "Traceback" not in result.output
    assert "Usage:" not in result.stderr


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("([", "the compiled meta-schema check refuses it too"),
        (r"\p{L}+", "a pattern the compiled validator's dialect reads but Python's cannot"),
    ],
)
def test_a_schema_with_a_broken_pattern_is_refused_with_exit_2(
    make_register: MakeRegister, pattern: str, why: str
) -> None:
    """validate's fast schema check never lets through what Python's check refuses."""
    root = make_register(RECORD)
    schema = root / "schema" / "dispute.schema.json"
    data = json.loads(schema.read_text("utf-8"))
    data["properties"]["title"]["pattern"] = pattern
    schema.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli(["validate", "--root", str(root), "--as-of", "2026-11-22"])
    assert result.exit_code == 2, why
    assert "not a valid JSON Schema" in result.stderr and "regex" in result.stderr
    assert "Traceback" not in result.output
