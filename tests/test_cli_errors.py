"""The one failure handler: what a user can cause ends in a plain sentence and exit 2."""

from __future__ import annotations

import errno
from pathlib import Path

from conftest import MakeRegister, run_cli, valid_record_text

from disputes.cli.errors import os_error_message

RECORD = {"records/2026/PD-2026-0007.md": valid_record_text()}


def test_output_under_a_file_is_a_plain_exit_2(make_register: MakeRegister) -> None:
    root = make_register(RECORD)
    blocker = root / "notes.txt"
    blocker.write_text("not a folder\n")
    result = run_cli(["report", "--root", str(root), "--as-of", "2026-11-22", "--format", "csv",
                      "--output", str(blocker / "report")])
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
