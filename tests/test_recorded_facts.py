"""Issue 23 item 4: the QAPM decision's acceptance by each agency, a decision at every stage
and the raising worker among those told: written by the step commands, checked, shown; a
record made before them validates and reads "not recorded"."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT
from gitrepo import CLERK, RECORD, GitRepo, as_identity, fixture_record

from disputes.cli import main
from disputes.site.data import collect
from disputes.site.leakcheck import dispute_dates, secrets
from disputes.site.pages.record import record_page

AS_OF = "2026-04-01"
CASES = REPO_ROOT / "tests" / "fixtures"
OLD = CASES / "valid" / "format_2_resolved_at_stage_5"  # written before these facts
NEW = CASES / "valid" / "format_2_group_decision_accepted_and_raising_worker_told"
STAGE_4 = (
    *("--challenger-manager-name", "Pat Doe", "--challenger-manager-designation", "Lead"),
    *("--challenger-manager-agency", "Kent Police", "--challenger-manager-email", "pat@x.example"),
    *("--challenged-manager-name", "Kim Loe", "--challenged-manager-designation", "Lead"),
    *("--challenged-manager-agency", "Children's Social Care"),
    *("--challenged-manager-email", "kim@x.example"),
)
CLOSING = (
    *("--date", "2026-03-31", "--decision", "The assessment goes ahead"),
    *("--shared-with", "Sam Patel", "--debrief", "--effectiveness", "It worked"),
    *("--suggestions", "None", "--outstanding", "None.", "--agreed", "The plan goes ahead."),
)


def invoke(root: Path, *args: str, stdin: str | None = None, day: str = AS_OF) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root), "--as-of", day], input=stdin)
    return result.exit_code, result.output


def case_register(tmp_path: Path, case: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    shutil.copytree(case / "records", root / "records")
    return root


@pytest.fixture
def at_stage_5(tmp_path: Path) -> Path:
    """The fixture record escalated to stage 4, then referred to the group, which met."""
    root = tmp_path / "register"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    (root / RECORD).parent.mkdir(parents=True)
    (root / RECORD).write_text(fixture_record(), encoding="utf-8")
    steps = [
        ("escalate", "PD-2026-0007", "--date", "2026-03-09", "--decision", "Not agreed", *STAGE_4),
        ("refer", "PD-2026-0007", "--date", "2026-03-16", "--decision", "Still not agreed"),
    ]
    for step in steps:
        code, out = invoke(root, *step)
        assert code == 0, out
    text = (root / RECORD).read_text(encoding="utf-8")  # the group's date, as amend would set it
    referred = "    referred: 2026-03-16\n"
    assert referred in text
    met = (
        "    group_date: 2026-03-20\n    panel: [Kent Police, Children's Social Care, "
        "Probation Service]\n    representations_received: true\n"
    )
    (root / RECORD).write_text(text.replace(referred, referred + met), encoding="utf-8")
    return root


def test_an_older_record_validates_and_reads_not_recorded(tmp_path: Path) -> None:
    root = case_register(tmp_path, OLD)
    assert invoke(root, "validate", day="2026-11-22") == (
        0,
        "1 record checked: no problems found.\n",
    )
    code, out = invoke(root, "show", "PD-2026-0007", day="2026-11-22")
    assert code == 0, out
    assert re.search(r"Raising worker among them: +not recorded", out)
    assert (
        "Group decision accepted or challenged: Ambulance Service: not recorded; "
        "Children's Social Care: not recorded"
    ) in out
    assert "Decision:                              not recorded" in out
    data = collect(root, date(2026, 11, 22), with_history=False)
    page = record_page(data.records[0], data, show_emails=False)
    assert (
        '<th scope="row">Worker who raised the concern told the outcome</th><td>not recorded'
    ) in page
    assert "Ambulance Service: not recorded; Children&#x27;s Social Care: not recorded" in page


def test_the_recorded_facts_show_in_show_and_on_the_page(tmp_path: Path) -> None:
    root = case_register(tmp_path, NEW)
    code, out = invoke(root, "show", "PD-2026-0007", day="2026-11-22")
    assert code == 0, out
    assert (
        "Ambulance Service: accepted on 2026-11-11; Children's Social Care: challenged on "
        "2026-11-12"
    ) in out
    assert re.search(r"Raising worker among them: +yes", out)
    assert "The child stays in hospital until a joint plan is agreed" in out
    data = collect(root, date(2026, 11, 22), with_history=False)
    page = record_page(data.records[0], data, show_emails=False)
    assert "Children&#x27;s Social Care: challenged on 2026-11-12" in page
    assert '<th scope="row">Worker who raised the concern told the outcome</th><td>yes' in page
    assert "The child stays in hospital until a joint plan is agreed" in page


def test_resolve_at_stage_5_records_each_agency_s_answer_and_the_raising_worker(
    at_stage_5: Path,
) -> None:
    code, out = invoke(
        at_stage_5,
        "resolve",
        "PD-2026-0007",
        *CLOSING,
        "--acceptance",
        "kent police; accepted; 2026-03-23",
        "--acceptance",
        "Children's Social Care; challenged; 2026-03-24",
        "--raising-worker-told",
    )
    assert code == 0, out
    text = (at_stage_5 / RECORD).read_text(encoding="utf-8")
    assert (
        "    decision: The assessment goes ahead\n"
        "    acceptance:\n"
        "      - {agency: Kent Police, response: accepted, date: 2026-03-23}\n"
        "      - {agency: Children's Social Care, response: challenged, date: 2026-03-24}\n"
    ) in text
    assert "  raising_worker_told: true\n" in text
    assert "    decision: Not agreed\n" in text and "    decision: Still not agreed\n" in text
    assert invoke(at_stage_5, "validate")[0] == 0


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("Kent Police; agreed; 2026-03-23", "'agreed' should be 'accepted' or 'challenged'"),
        ("Probation Service; accepted; 2026-03-23", "'Probation Service' is not an agency in"),
        ("Kent Police; accepted; 2026-13-01", "'2026-13-01' is not a real date"),
        ("Kent Police; accepted", "should be 'Agency; accepted or challenged; YYYY-MM-DD'"),
    ],
)
def test_a_malformed_answer_is_refused_before_anything_is_written(
    at_stage_5: Path, answer: str, says: str
) -> None:
    before = (at_stage_5 / RECORD).read_bytes()
    code, out = invoke(at_stage_5, "resolve", "PD-2026-0007", *CLOSING, "--acceptance", answer)
    assert code == 2 and says in out and "--acceptance" in out
    assert (at_stage_5 / RECORD).read_bytes() == before


def test_an_answer_before_the_group_met_is_refused_by_the_rules(at_stage_5: Path) -> None:
    before = (at_stage_5 / RECORD).read_bytes()
    args = ("--acceptance", "Kent Police; accepted; 2026-03-19")
    code, out = invoke(at_stage_5, "resolve", "PD-2026-0007", *CLOSING, *args)
    assert code == 1
    assert (
        "records/2026/PD-2026-0007.md:42: stages[5].acceptance[1].date: Kent Police accepted "
        "the decision on 2026-03-19, before the group met on 2026-03-20"
    ) in out
    assert (at_stage_5 / RECORD).read_bytes() == before


def test_resolve_asks_for_the_answers_last_and_enter_leaves_one_out(at_stage_5: Path) -> None:
    # accepted by Kent Police on the day asked; Enter: the other agency's answer not known
    answers = "accepted\n2026-03-25\n\nyes\n"
    code, out = invoke(at_stage_5, "resolve", "PD-2026-0007", *CLOSING, stdin=answers)
    assert code == 0, out
    assert "Did Kent Police accept or challenge the QAPM group's decision?" in out
    assert "Was Sam Patel, who raised the concern, among those told the outcome?" in out
    text = (at_stage_5 / RECORD).read_text(encoding="utf-8")
    assert "      - {agency: Kent Police, response: accepted, date: 2026-03-25}\n" in text
    assert "Children's Social Care, response" not in text
    assert "  raising_worker_told: true\n" in text


def test_without_a_terminal_the_facts_are_left_out_not_refused(at_stage_5: Path) -> None:
    code, out = invoke(at_stage_5, "resolve", "PD-2026-0007", *CLOSING)
    assert code == 0, out
    text = (at_stage_5 / RECORD).read_text(encoding="utf-8")
    assert "acceptance" not in text and "raising_worker_told" not in text


def test_escalate_asks_for_the_decision_of_the_stage_it_leaves(tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    (root / RECORD).parent.mkdir(parents=True)
    (root / RECORD).write_text(fixture_record(), encoding="utf-8")
    code, out = invoke(
        root, "escalate", "PD-2026-0007", "--date", "2026-03-09", *STAGE_4, stdin="No\nNot agreed\n"
    )
    assert code == 0, out
    assert "The decision reached at stage 3" in out and "write at least 3 characters" in out
    text = (root / RECORD).read_text(encoding="utf-8")
    assert "    decision: Not agreed\n    ended: 2026-03-09\n  - stage: 4\n" in text


def test_the_report_counts_what_the_records_hold_and_an_older_record_as_not_recorded(
    tmp_path: Path,
) -> None:
    old = collect(case_register(tmp_path / "old", OLD), date(2026, 11, 22), with_history=False)
    new = collect(case_register(tmp_path / "new", NEW), date(2026, 11, 22), with_history=False)
    assert {k: v for k, v in old.report["recording"].items() if v} == {
        "stage-decision-not-recorded": 1,
        "group-decision-answer-not-recorded": 2,
        "raising-worker-told-not-recorded": 1,
    }
    assert {k: v for k, v in new.report["recording"].items() if v} == {
        "stage-decision-recorded": 1,
        "group-decision-accepted": 1,
        "group-decision-challenged": 1,
        "raising-worker-told": 1,
    }
    code, out = invoke(case_register(tmp_path / "text", NEW), "report", day="2026-11-22")
    assert code == 0 and "  Group decision challenged               1\n" in out


@pytest.mark.usefixtures("isolated_git")
def test_an_answer_given_later_is_added_by_a_recorded_amendment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo(tmp_path / "git-register")
    repo.write(RECORD, (OLD / "records/2026/PD-2026-0007.md").read_text(encoding="utf-8"))
    repo.commit("PD-2026-0007: resolved", when="2026-11-20T09:00:00Z")
    as_identity(monkeypatch, CLERK, "2026-11-22T09:00:00Z")
    answers = (
        *("--acceptance", "Ambulance Service; accepted; 2026-11-12"),
        *("--acceptance", "Children's Social Care; challenged; 2026-11-13"),
    )
    code, out = invoke(
        repo.path, "amend", "PD-2026-0007", "--stage", "5", "--reason", "Answers came", *answers,
        day="2026-11-22",
    )  # fmt: skip
    assert code == 0, out
    text = repo.read(RECORD)
    assert "      - {agency: Ambulance Service, response: accepted, date: 2026-11-12}\n" in text
    assert "Amends: PD-2026-0007 Answers came" in repo.git("log", "-1", "--format=%B")
    # An agency outside the dispute is refused by the rules, and nothing is committed.
    head = repo.git("rev-parse", "HEAD")
    code, out = invoke(
        repo.path, "amend", "PD-2026-0007", "--stage", "5", "--reason", "Wrong agency",
        "--acceptance", "Kent Police; accepted; 2026-11-12", day="2026-11-22",
    )  # fmt: skip
    assert "'Kent Police' is not an agency in this dispute" in out
    assert repo.git("rev-parse", "HEAD") == head


def test_the_new_free_text_and_days_are_kept_off_the_public_site(tmp_path: Path) -> None:
    data = collect(case_register(tmp_path, NEW), date(2026, 11, 22), with_history=False)
    [record] = data.records
    assert {date(2026, 11, 11), date(2026, 11, 12)} <= dispute_dates(record)
    wanted = secrets([record], date(2026, 11, 22))
    assert any("stays in hospital" in text for text in wanted)
