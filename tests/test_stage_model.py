"""Issue 12: the stage model as data, migrate, --as-of as a view, and the new record rules."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import REPO_ROOT, MakeRegister, run_cli

AS_OF = "2026-11-22"
FIXTURES = Path(__file__).parent / "fixtures"
OLD = FIXTURES / "valid" / "spec_example" / "records" / "2026" / "PD-2026-0007.md"
HISTORY = FIXTURES / "history" / "PD-2026-0007.md"


def validate(root: Path, *extra: str) -> tuple[int, str]:
    result = run_cli(["validate", "--root", str(root), "--as-of", AS_OF, *extra])
    return result.exit_code, result.stdout


def demo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    shutil.copytree(REPO_ROOT / "records", root / "records")
    return root


# ---------------------------------------------------------------- migrate


def test_migrate_is_lossless_and_keeps_old_records_valid(make_register: MakeRegister) -> None:
    crlf = HISTORY.read_text(encoding="utf-8").replace("\n", "\r\n")
    root = make_register({"records/2026/PD-2026-0007.md": "\ufeff" + crlf})
    before = (root / "records/2026/PD-2026-0007.md").read_bytes()
    assert validate(root)[0] == 0  # an older record stays valid under the new tool
    result = run_cli(["migrate", "--root", str(root), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert "1 upgraded, 0 already current, 0 kept at format 1." in result.stdout
    after = (root / "records/2026/PD-2026-0007.md").read_bytes()
    # Only lines were added: every comment, quote, BOM, CRLF and the body stay byte for byte.
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    added = [line for line in new_lines if line not in old_lines]
    assert [line for line in new_lines if line not in added] == old_lines
    assert added == [
        b"version: 2",
        b"    not_recorded: [supervisor, aim]",
        b"    not_recorded: [challenged_worker]",
    ]
    assert validate(root) == (0, "1 record checked: no problems found.\n")
    again = run_cli(["migrate", "--root", str(root), "--as-of", AS_OF])
    assert "0 upgraded, 1 already current" in again.stdout
    assert (root / "records/2026/PD-2026-0007.md").read_bytes() == after


def test_migrate_leaves_an_invalid_record_alone(make_register: MakeRegister) -> None:
    broken = OLD.read_text(encoding="utf-8").replace("opened: 2026-03-02", "opened: 2026-13-02")
    root = make_register({"records/2026/PD-2026-0007.md": broken})
    run_cli(["migrate", "--root", str(root), "--as-of", AS_OF])
    assert (root / "records/2026/PD-2026-0007.md").read_text(encoding="utf-8") == broken


def test_the_demo_register_is_in_the_new_format(tmp_path: Path) -> None:
    root = demo_copy(tmp_path)
    result = run_cli(["migrate", "--root", str(root), "--as-of", AS_OF, "--dry-run"])
    assert "0 would upgrade, 22 already current" in result.stdout


# ---------------------------------------------------------------- rules


def v2(text: str) -> str:
    return text.replace("id: PD-2026-0007\n", "id: PD-2026-0007\nversion: 2\n", 1)


def test_a_new_format_stage_must_name_its_people(make_register: MakeRegister) -> None:
    text = HISTORY.read_text(encoding="utf-8")
    assert validate(make_register({"records/2026/PD-2026-0007.md": text}, "old"))[0] == 0
    code, out = validate(make_register({"records/2026/PD-2026-0007.md": v2(text)}, "new"))
    assert code == 1
    assert "stage 1 (Worker and supervisor) needs the worker's supervisor" in out
    assert "stage 2 (The two workers) needs the challenged agency's worker" in out
    assert "disputes amend PD-2026-0007 --stage 1 --supervisor-name ..." in out


def test_policy_yml_says_what_a_stage_needs(make_register: MakeRegister) -> None:
    text = (
        v2(HISTORY.read_text(encoding="utf-8"))
        .replace(
            "  - stage: 1\n    started: 2026-03-02\n",
            "  - stage: 1\n    started: 2026-03-02\n    not_recorded: [supervisor, aim]\n",
        )
        .replace(
            "    started: 2026-03-03\n",
            "    started: 2026-03-03\n    not_recorded: [challenged_worker]\n",
        )
    )
    root = make_register({"records/2026/PD-2026-0007.md": text})
    assert validate(root)[0] == 0
    policy = (root / "schema/policy.yml").read_text(encoding="utf-8")
    (root / "schema/policy.yml").write_text(
        policy.replace(
            "needs: [challenger_manager, challenged_manager]\n    clock_starts: started"
            "      # the stage's `started` date",
            "needs: [challenger_manager, challenged_manager, decision]\n    clock_starts: started",
        ),
        encoding="utf-8",
    )
    code, out = validate(root)
    assert code == 1 and "stage 3 (Managers of the two agencies) needs the decision" in out


RESOLVED_AT_5 = """\
---
id: PD-2026-0007
version: 2
title: Immediate risk at hospital
status: {status}
opened: 2026-11-02
immediate_risk: true
categories: [need-for-action]
child:
  reference: C-1001
challenger:
  agency: Ambulance Service
  worker: {{name: Kit Madeup, designation: Paramedic}}
challenged:
  agency: Children's Social Care
  worker: {{name: Lou Notreal, designation: Social Worker}}
stages:
  - stage: 5
    started: 2026-11-02
    referred: 2026-11-02
    group_date: {group_date}
    challenger_manager: {{name: Pat Doe, designation: Lead, agency: Ambulance Service, email: pat@a.example}}
    challenged_manager: {{name: Kay Lin, designation: Lead, agency: Children's Social Care, email: kay@c.example}}
    panel:
      - {{name: A One, agency: Kent Police}}
      - {{name: B Two, agency: Ambulance Service}}
      - {{name: C Three, agency: Children's Social Care}}
{extra}---
## Summary of reason for dispute

Text.

## Views of the agencies

## Agreed outcomes and actions

Agreed.

## Outstanding issues and how they will be pursued

None.

## Additional notes
"""
CLOSED = """\
    representations_received: true
resolution:
  stage: 5
  date: 2026-11-20
  shared_with: [Kit Madeup]
  debrief: false
  effectiveness: Quick.
  suggestions: None.
sign_off:
  challenger_manager: {name: Pat Doe, designation: Lead, agency: Ambulance Service, date: 2026-11-20}
  challenged_manager: {name: Kay Lin, designation: Lead, agency: Children's Social Care, date: 2026-11-20}
"""


def test_a_referral_is_recorded_before_the_group_meets(make_register: MakeRegister) -> None:
    text = RESOLVED_AT_5.format(status="open", group_date="2026-12-10", extra="")
    assert validate(make_register({"records/2026/PD-2026-0007.md": text}, "a")) == (
        0,
        "1 record checked: no problems found.\n",
    )
    resolved = RESOLVED_AT_5.format(status="resolved", group_date="2026-12-10", extra=CLOSED)
    code, out = validate(make_register({"records/2026/PD-2026-0007.md": resolved}, "b"))
    assert code == 1 and "the QAPM group date 2026-12-10 is in the future" in out
    met = RESOLVED_AT_5.format(status="resolved", group_date="2026-11-10", extra=CLOSED)
    assert validate(make_register({"records/2026/PD-2026-0007.md": met}, "c"))[0] == 0


def test_closing_at_stage_5_needs_the_representations_and_the_form(
    make_register: MakeRegister,
) -> None:
    closed = (
        CLOSED.replace("    representations_received: true\n", "")
        .replace("  shared_with: [Kit Madeup]\n  debrief: false\n", "")
        .replace("  effectiveness: Quick.\n", "")
    )
    text = RESOLVED_AT_5.format(status="resolved", group_date="2026-11-10", extra=closed)
    code, out = validate(make_register({"records/2026/PD-2026-0007.md": text}))
    assert code == 1
    for words in (
        "representations_received: true",
        "shared with",
        "whether a debrief was held",
        "the form asks for 'effectiveness'",
    ):
        assert words in out, words


# ---------------------------------------------------------------- --as-of


def test_as_of_a_past_day_is_a_view_not_an_error(tmp_path: Path) -> None:
    root = demo_copy(tmp_path)
    result = run_cli(["report", "--root", str(root), "--as-of", "2026-03-31", "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == ""  # before issue 12: "warning: N record files with errors ..."
    report = json.loads(result.stdout)
    opened = [
        p
        for p in (root / "records").rglob("*.md")
        if re.search(r"^opened: \"?(\d{4}-\d{2}-\d{2})", p.read_text(encoding="utf-8"), re.M)
        and re.search(
            r"^opened: \"?(\d{4}-\d{2}-\d{2})", p.read_text(encoding="utf-8"), re.M
        ).group(1)
        <= "2026-03-31"
    ]  # type: ignore[union-attr]
    assert report["totals"]["records"] == len(opened)
    listed = run_cli(["list", "--root", str(root), "--as-of", "2026-03-10", "--format", "json"])
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    # PD-2026-0004 reached stage 4 on 2026-03-16 and was resolved in June: on 10 March it
    # was open at stage 3.
    assert (rows["PD-2026-0004"]["status"], rows["PD-2026-0004"]["stage"]) == ("open", 3)
    assert "PD-2026-0005" in rows and "PD-2026-0006" not in rows


def test_a_stage_ends_when_the_record_says(make_register: MakeRegister) -> None:
    from datetime import date

    from disputes.policy.settings import load_policy
    from disputes.policy.timescales import stage_timescales
    from disputes.records.validate import validate_register

    text = HISTORY.read_text(encoding="utf-8").replace(
        "  - stage: 3\n", "  - stage: 3\n    ended: 2026-03-20\n", 1
    )
    text = text.replace(
        "---\n## Summary", "  - stage: 4\n    started: 2026-03-25\n---\n## Summary", 1
    )
    root = make_register({"records/2026/PD-2026-0007.md": text})
    code, out = validate(root)
    assert code == 0, out
    record = validate_register(root, today=date(2026, 4, 1)).records[0]
    spans = stage_timescales(record, load_policy(root), date(2026, 4, 1))
    assert spans[2].end == date(2026, 3, 20)  # not the day stage 4 started
    late = text.replace("    ended: 2026-03-20\n", "    ended: 2026-03-26\n")
    code, out = validate(make_register({"records/2026/PD-2026-0007.md": late}, "late"))
    assert code == 1 and "stage 3 ended on 2026-03-26, after stage 4 started (2026-03-25)" in out
