"""Acceptance cases as folders: a new case is a new folder under tests/fixtures/, no code.

`valid/<case>/` and `invalid/<case>/` hold files laid over a register made of the
repo's schema/ (a case may bring its own `schema/agencies.yml`). An invalid case's
`expected.txt` is the exact output of `disputes validate --as-of 2026-11-22`, with
`{today}` standing for the real today (dates are checked against the clock, whatever day
the register is viewed as of); the exit status is 1 when its summary counts an error, 0
when it counts only warnings.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import AS_OF, REPO_ROOT, run_cli

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "{today}"  # in expected.txt: the real today, the day dates are checked against
MARKER = "PWNED"  # what a YAML tag would create if it were ever executed (see python_tag case)


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / kind).iterdir() if p.is_dir())


def _register(case: Path, tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return root


def _validate(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(root)  # so a command smuggled into a record would write here
    result = run_cli(["validate", "--as-of", AS_OF])
    assert result.stderr == ""
    assert not (root / MARKER).exists(), "a YAML tag was executed"
    return result.exit_code, result.stdout


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _register(case, tmp_path)
    count = len(list((root / "records").rglob("*.md")))
    exit_code, stdout = _validate(root, monkeypatch)
    noun = "record" if count == 1 else "records"
    assert stdout == f"{count} {noun} checked: no problems found.\n"
    assert exit_code == 0


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exit_code, stdout = _validate(_register(case, tmp_path), monkeypatch)
    today = date.today().isoformat()
    if os.environ.get("UPDATE_EXPECTED"):  # after a deliberate wording change; review the diff
        (case / "expected.txt").write_text(stdout.replace(today, TODAY), encoding="utf-8")
    expected = (case / "expected.txt").read_text(encoding="utf-8").replace(TODAY, today)
    assert stdout == expected
    summary = expected.splitlines()[-1]
    assert exit_code == (1 if re.match(r"\d+ errors? ", summary) else 0)


def test_every_invalid_case_has_expected_output() -> None:
    missing = [c.name for c in _cases("invalid") if not (c / "expected.txt").is_file()]
    assert missing == []


def test_fixture_bytes_survive_checkout() -> None:
    """The BOM, CRLF and 0xff cases test what they say (no editor or git rewrote them)."""
    crlf = (FIXTURES / "valid/bom_crlf/records/2026/PD-2026-0007.md").read_bytes()
    assert crlf.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in crlf.replace(b"\r\n", b"")
    raw = (FIXTURES / "invalid/not_utf8/records/2026/PD-2026-0007.md").read_bytes()
    assert b"\xff" in raw
