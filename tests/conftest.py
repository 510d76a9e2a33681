"""Shared test set-up: the package under tools/ importable without installing, registers in tmp_path."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

from click.testing import CliRunner, Result  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-22"  # the fixed "today" of every test

MakeRegister = Callable[..., Path]


def valid_record_text(record_id: str = "PD-2026-0007") -> str:
    """A complete example record, with body text: valid as of 2026-11-22."""
    return _FRONT.replace("PD-2026-0007", record_id) + _BODY


_FRONT = """\
---
id: PD-2026-0007
title: Threshold for a child in need assessment
status: resolved              # open | resolved | withdrawn
opened: 2026-03-02            # date the disagreement was first raised
immediate_risk: false
level_of_need: child-in-need  # optional
categories: [levels-of-need, need-for-action]
child:
  reference: C-104233         # the agencies' case reference; never a name
challenger:
  agency: Kent Police
  worker: {name: Sam Patel, designation: Detective Constable}
challenged:
  agency: Children's Social Care
stages:
  - stage: 1
    started: 2026-03-02
  - stage: 2
    started: 2026-03-03
  - stage: 3
    started: 2026-03-05
    raised: 2026-03-06        # concern reached the other agency's manager
    challenger_manager: {name: Ann Lee, designation: Detective Sergeant, agency: Kent Police, email: ann.lee@police.example}
    challenged_manager: {name: Bo Khan, designation: Team Manager, agency: Children's Social Care, email: bo.khan@csc.example}
  - stage: 4
    started: 2026-03-12
resolution:
  stage: 4
  date: 2026-03-20
  outcome: decision-changed
  effectiveness: The policy gave a clear route; stage 3 took too long to arrange.
  suggestions: Publish a contact list of named managers per agency.
sign_off:
  challenger_manager: {name: Ann Lee, designation: Detective Sergeant, agency: Kent Police, date: 2026-03-20}
  challenged_manager: {name: Bo Khan, designation: Team Manager, agency: Children's Social Care, date: 2026-03-21}
---
"""

_BODY = """\
## Summary of reason for dispute

The police asked for a child in need assessment; social care closed the referral.

## Views of the agencies

### Kent Police

Repeated incidents at home meet the threshold.

### Children's Social Care

The family had accepted early help.

## Agreed outcomes and actions

An assessment was opened on 2026-03-20.

## Additional notes

None.
"""


@pytest.fixture
def repo_root() -> Path:
    """The repository this test suite belongs to."""
    return REPO_ROOT


@pytest.fixture
def make_register(tmp_path: Path) -> MakeRegister:
    """A function making a register in tmp_path: the repo's schema/ plus the given files."""

    def make(files: Mapping[str, str | bytes] | None = None, name: str = "register") -> Path:
        root = tmp_path / name
        shutil.copytree(REPO_ROOT / "schema", root / "schema")
        (root / "records").mkdir()
        for relative, content in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return root

    return make


def run_cli(args: Sequence[str], input: str | None = None) -> Result:
    """Run `disputes ARGS` in-process; stdout and stderr stay apart (click 8.2+)."""
    from disputes.cli import main

    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git with no user or system configuration, so tests see only what they set up."""
    from gitrepo import isolated_env

    for name, value in isolated_env(tmp_path).items():
        monkeypatch.setenv(name, value)


def demo_register_copy(root: Path) -> Path:
    """The demo register (schema, records, site pages, mkdocs.yml) copied to `root`."""
    for name in ("schema", "records", "site"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def with_every_table(register: Path, copy: Path) -> Path:
    """A copy of `register` whose public release keeps every table, few as its records are
    (a small period publishes its totals only unless the policy says otherwise)."""
    shutil.copytree(register, copy)
    policy = copy / "schema/policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "public_totals_only_below: 0\n",
                      encoding="utf-8")  # fmt: skip
    return copy


def spy_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The argument list of every process started from now on (they still run)."""
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], *rest: object, **kw: object) -> object:
        calls.append(list(args))
        return real_popen(args, *rest, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


def spy_env(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str] | None]]:
    """The argument list and environment of every process started from now on (they run)."""
    calls: list[tuple[list[str], dict[str, str] | None]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], *rest: object, **kw: object) -> object:
        calls.append((list(args), kw.get("env")))  # type: ignore[arg-type]
        return real_popen(args, *rest, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


@contextmanager
def another_thread() -> Iterator[None]:
    """A second thread running meanwhile, as `serve`'s live-reload server runs one."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        yield
    finally:
        stop.set()
        other.join()
