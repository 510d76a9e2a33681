"""The Python API (`disputes.api`): its guide's examples run, its answers are the commands'.

Each ```python block of site/guides/python-api.md runs, in order and in one namespace, in
a git repository holding a copy of the demo register (one commit, fixed author and day);
a ```text block right after it is what the block must print.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO_ROOT, demo_register_copy, run_cli
from test_guides import blocks

import disputes.api as api
from disputes.api import ConfigError, Register, ValidationResult

GUIDE = REPO_ROOT / "site/guides/python-api.md"
AS_OF = date(2026, 11, 22)
CLERK = {
    "GIT_AUTHOR_NAME": "Demo Clerk",
    "GIT_AUTHOR_EMAIL": "clerk@example.org",
    "GIT_COMMITTER_NAME": "Demo Clerk",
    "GIT_COMMITTER_EMAIL": "clerk@example.org",
    "GIT_AUTHOR_DATE": "2026-03-02T10:00:00Z",
    "GIT_COMMITTER_DATE": "2026-03-02T10:00:00Z",
}


@pytest.fixture
def register(tmp_path: Path, isolated_git: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo register committed once to a fresh repository; the current folder."""
    root = demo_register_copy(tmp_path / "register")
    env = {**os.environ, **CLERK}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    monkeypatch.chdir(root)
    return root


def examples() -> list[tuple[int, str, str | None]]:
    """(line, code, the output shown after it or None) for each python block of the guide."""
    found = blocks(GUIDE.read_text(encoding="utf-8"))
    return [
        (
            line,
            "\n".join(code),
            "\n".join(after[2]) + "\n" if after and after[1] == "text" else None,
        )
        for (line, lang, code, _), after in zip(found, [*found[1:], None], strict=True)
        if lang == "python"
    ]


def test_every_example_in_the_guide_runs_and_prints_what_it_shows(register: Path) -> None:
    namespace: dict[str, object] = {"__name__": "guide"}
    assert len(examples()) >= 6
    for line, code, shown in examples():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{GUIDE.name}:{line}", "exec"), namespace)  # noqa: S102
        if shown is not None:
            assert out.getvalue() == shown, f"{GUIDE.name}:{line} printed otherwise"


def test_the_report_as_a_dict_is_the_golden_json(register: Path) -> None:
    report = Register.open(register).report(today=AS_OF)
    golden = (REPO_ROOT / "tests/golden/report.json").read_text(encoding="utf-8")
    assert json.loads(golden) == report.as_dict()
    assert report.totals.records == 22 and report.stages["5"].reached == 5
    assert report.left_out == {}


def test_a_record_with_an_error_is_left_out_of_the_report_and_named(register: Path) -> None:
    path = register / "records/2026/PD-2026-0007.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: [", 1), "utf-8")
    report = Register.open(register).report(today=AS_OF)
    assert list(report.left_out) == ["records/2026/PD-2026-0007.md"]
    assert report.totals.records == 21
    assert "left_out" not in report.as_dict()  # the JSON contract is unchanged


def test_validate_gives_the_issues_the_command_prints(register: Path) -> None:
    path = register / "records/2026/PD-2026-0007.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: ", "status: sideways #", 1), "utf-8"
    )
    result = Register.open(register).validate(today=AS_OF)
    assert isinstance(result, ValidationResult) and not result.ok
    assert {i.file for i in result.errors} == {"records/2026/PD-2026-0007.md"}
    printed = json.loads(run_cli(["validate", "--root", str(register), "--format", "json"]).stdout)
    assert printed == [
        {
            "file": i.file,
            "line": i.line,
            "path": i.path,
            "message": i.message,
            "severity": i.severity,
        }
        for i in result.issues
    ]
    one = Register.open(register).validate(["records/2026/PD-2026-0001.md"], today=AS_OF)
    assert (one.checked, one.issues) == (1, ())


def test_history_is_the_trail_audit_prints(register: Path) -> None:
    trail = Register.open(register).history("PD-2026-0007", today=AS_OF)
    printed = json.loads(
        run_cli(["audit", "PD-2026-0007", "--root", str(register), "--format", "json"]).stdout
    )
    assert printed["file"] == trail.file and printed["version"] == trail.version
    assert [c["hash"] for c in printed["commits"]] == [e.hash for e in trail.entries]
    assert printed["sign_offs"] == trail.sign_offs


def test_a_folder_that_is_not_a_register_is_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not a disputes register: schema/dispute"):
        Register.open(tmp_path)


def test_every_name_the_api_promises_is_there_and_in_its_guide() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for name in api.__all__:
        assert getattr(api, name) is not None, name
        assert f"`{name}`" in guide, f"{name} is in disputes.api.__all__ but not in the guide"
    assert "Register" in api.__all__ and "validate_streamed" not in api.__all__


def test_importing_the_package_or_the_api_stays_light() -> None:
    """`import disputes` loads nothing of the API; the API loads no git, site or charts."""
    code = (
        "import sys, disputes; before = set(sys.modules); import disputes.api; "
        "print(sorted(before & {'disputes.api', 'jsonschema', 'yaml'})); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'mkdocs', 'scipy', 'numpy', 'pygal', 'material'} or m.startswith('disputes.history')"
        " or m.startswith('disputes.site')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n[]\n"


@pytest.mark.parametrize("bad", ["../2025/PD-2025-0001", "*", "PD-2026-000?", "PD-2026-0007\n"])
def test_an_id_that_is_a_path_or_a_pattern_is_no_record(register: Path, bad: str) -> None:
    """A script passing user input as the id gets no other record's trail."""
    from disputes.api import UnknownRecord

    with pytest.raises(UnknownRecord, match="no record"):
        Register.open(register).history(bad)


def test_a_commits_changes_are_in_the_files_order_in_every_run(register: Path) -> None:
    """The trail once listed changed fields in a set's order, so `audit` differed per run."""
    path = register / "records/2026/PD-2026-0003.md"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("title: Early", "title: Late"),
        ("immediate_risk: false", "immediate_risk: true"),
        ("level_of_need: early-help", "level_of_need: targeted"),
        ("C-910003", "C-910004"),
        ("Tam Notreal", "Tam Madeup"),
    ):
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, **CLERK}
    subprocess.run(
        ["git", "commit", "-qam", "Edit PD-2026-0003"], cwd=register, env=env, check=True
    )
    code = (
        "from disputes.api import Register; "
        "print(Register.open('.').history('PD-2026-0003').entries[-1].changes)"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=register,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert runs == {
        str(
            (
                "title Early help offer after a school exclusion → Late help offer after a school exclusion",
                "immediate_risk false → true",
                "level_of_need early-help → targeted",
                "child.reference C-910003 → C-910004",
                "challenger.worker.name Tam Notreal → Tam Madeup",
            )
        )
        + "\n"
    }
