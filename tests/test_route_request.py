"""Issue 22 item 1: every ordinary step from an issue form to a commit, as the command line
makes it, through the `requests` workflow's steps run here against a bare repository."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from gitrepo import fixture_record
from routehost import (
    AS_OF,
    RECORD,
    by_command,
    checkout,
    disputes,
    event,
    git,
    github_body,
    host_branches,
    host_register,
    host_signs,
    list_host_key,
    merge,
    run_workflow,
)

from disputes.history.attest import short, version_of_text

ID = "PD-2026-0007"
TRAILERS = re.compile(r"^Host-(Account|Request): .*\n", re.M)
MANAGERS_4 = {
    "challenger_manager_name": "Ann Lee", "challenger_manager_designation": "Detective Sergeant",
    "challenger_manager_agency": "Kent Police", "challenger_manager_email": "ann.lee@police.example",
    "challenged_manager_name": "Bo Khan", "challenged_manager_designation": "Team Manager",
    "challenged_manager_agency": "Children's Social Care",
    "challenged_manager_email": "bo.khan@csc.example",
}  # fmt: skip
CLOSING = {
    "date": "2026-03-20", "stage": "3", "decision": "Social care assesses", "debrief": "Yes",
    "shared_with": "Sam Patel\nBo Khan", "outstanding": "None.",
    "effectiveness": "It worked.", "suggestions": "None.",
}  # fmt: skip
# Each step: its form's answers, and the same step's command line.
CASES: dict[str, tuple[dict[str, Any], list[str]]] = {
    "raised": ({"id": ID, "date": "2026-03-07"}, ["raised", ID, "--date", "2026-03-07"]),
    "escalate": (
        {"id": ID, "date": "2026-03-12", "decision": "No agreement at stage 3", **MANAGERS_4},
        ["escalate", ID, "--date", "2026-03-12", "--decision", "No agreement at stage 3",
         *[w for k, v in MANAGERS_4.items() for w in (f"--{k.replace('_', '-')}", v)]],
    ),
    "refer": (
        {"id": ID, "date": "2026-03-13", "decision": "Stage 3 could not agree",
         "group_date": "2026-03-30", "representations_received": "Yes"},
        ["refer", ID, "--date", "2026-03-13", "--decision", "Stage 3 could not agree",
         "--group-date", "2026-03-30", "--representations-received"],
    ),
    "note": (
        {"id": ID, "text": "Managers spoke by phone.", "date": "2026-03-08"},
        ["note", ID, "Managers spoke by phone.", "--date", "2026-03-08"],
    ),
    "resolve": (
        {"id": ID, **CLOSING},
        ["resolve", ID, "--date", "2026-03-20", "--stage", "3", "--decision",
         "Social care assesses", "--debrief", "--shared-with", "Sam Patel", "--shared-with",
         "Bo Khan", "--outstanding", "None.", "--effectiveness", "It worked.",
         "--suggestions", "None."],
    ),
    "withdraw": (
        {"id": ID, "date": "2026-03-21", "reason": "Agreed after new information"},
        ["withdraw", ID, "--date", "2026-03-21", "--reason", "Agreed after new information"],
    ),
    "amend": (
        {"id": ID, "reason": "Stage 3 decision recorded", "stage": "3",
         "decision": "Kept at stage 3"},
        ["amend", ID, "--reason", "Stage 3 decision recorded", "--stage", "3", "--decision",
         "Kept at stage 3"],
    ),
    "new": (
        {"title": "Threshold for early help", "opened": "2026-03-25",
         "child_reference": "C-200001", "challenger_agency": "Kent Police",
         "challenged_agency": "Children's Social Care", "categories": ["levels-of-need"],
         "immediate_risk": "No", "challenger_worker_name": "Sam Patel",
         "challenger_worker_designation": "Detective Constable", "supervisor_name": "Di Shah",
         "supervisor_designation": "Detective Sergeant", "aim": "An early help assessment",
         "no_names": True},
        ["new", "--title", "Threshold for early help", "--opened", "2026-03-25",
         "--child-reference", "C-200001", "--challenger-agency", "Kent Police",
         "--challenged-agency", "Children's Social Care", "--category", "levels-of-need",
         "--no-immediate-risk", "--challenger-worker-name", "Sam Patel",
         "--challenger-worker-designation", "Detective Constable", "--supervisor-name",
         "Di Shah", "--supervisor-designation", "Detective Sergeant", "--aim",
         "An early help assessment"],
    ),
}  # fmt: skip


PREPARED = {"refer": "escalate", "reopen": "resolve"}  # the step made first, by command
CASES["reopen"] = (
    {"id": ID, "reason": "The plan was not followed", "date": "2026-03-28"},
    ["reopen", ID, "--reason", "The plan was not followed", "--date", "2026-03-28"],
)


def _prepared(step: str, tmp: Path) -> str:
    """The fixture record as the step needs it, made by the command line."""
    if step not in PREPARED:
        return fixture_record()
    host = host_register(tmp / "prep")
    work = by_command(host, tmp / "prep", CASES[PREPARED[step]][1], None)
    return (work / RECORD).read_bytes().decode("utf-8")


def _same_commit(run: Path, terminal: Path, tmp: Path) -> str:
    """The request's commit matches the command line's: tree, and message but for the host's
    two trailers. The request's message."""
    made = git(run, "log", "-1", "--format=%T%n%B", home=tmp)
    expected = git(terminal, "log", "-1", "--format=%T%n%B", home=tmp)
    assert TRAILERS.sub("", made).rstrip() == expected.rstrip()
    assert git(run, "rev-parse", "HEAD^", home=tmp) == git(terminal, "rev-parse", "HEAD^", home=tmp)
    return made


@pytest.mark.parametrize("step", sorted(CASES))
def test_each_step_from_issue_to_commit_is_the_command_lines_commit(
    step: str, tmp_path: Path
) -> None:
    host = host_register(tmp_path, _prepared(step, tmp_path))
    answers, args = CASES[step]
    code, answer, run = run_workflow(host, tmp_path, event(github_body(step, answers), 41))
    assert code == 0, answer
    assert answer.startswith("**Done: ") and "request/41" in answer
    assert "request/41" in host_branches(host)  # pushed to the host
    message = "PD-2026-0008: new record" if step == "new" else None
    made = _same_commit(run, by_command(host, tmp_path, args, message), tmp_path)
    assert made.rstrip().endswith("Host-Account: ann-lee\nHost-Request: 41")
    assert "---" not in answer and "stages:" not in answer  # never YAML to the manager


def test_a_refused_answer_is_told_in_plain_words_and_makes_no_branch(tmp_path: Path) -> None:
    host = host_register(tmp_path)
    answers = {"id": ID, "date": "2026-13-45", **{k: v for k, v in MANAGERS_4.items()
                                                 if "email" not in k}}  # fmt: skip
    answers["challenger_manager_email"] = "not an address"
    code, answer, run = run_workflow(host, tmp_path, event(github_body("escalate", answers)))
    assert code == 1
    assert "**The day the new stage started**: '2026-13-45' is not a real date" in answer
    assert host_branches(host) == ["main"]
    assert git(run, "status", "--porcelain", home=tmp_path) == ""
    assert git(run, "branch", "--list", "request/*", home=tmp_path) == ""


def test_a_rule_the_record_breaks_names_the_question(tmp_path: Path) -> None:
    host = host_register(tmp_path)
    answers = {"id": ID, "date": "2026-03-12", **MANAGERS_4}
    answers["challenged_manager_email"] = "bo.khan@elsewhere.example"  # not the agency's domain?
    answers["date"] = "2026-03-01"  # before stage 3 started
    code, answer, _ = run_workflow(host, tmp_path, event(github_body("escalate", answers)))
    assert code == 1, answer
    assert answer.count("\n- ") >= 1 and "Nothing was changed" in answer
    assert host_branches(host) == ["main"]


def test_a_person_half_named_is_asked_for_what_is_missing_not_what_was_given(
    tmp_path: Path,
) -> None:
    # The command asked for a given name again (setdefault evaluated its prompt), so a form
    # naming the manager was told the name was missing.
    host = host_register(tmp_path)
    answers = {"id": ID, "date": "2026-03-12", "challenger_manager_name": "Ann Lee"}
    code, answer, _ = run_workflow(host, tmp_path, event(github_body("escalate", answers)))
    assert code == 1
    assert "**The challenging agency's manager's job title**: needs an answer" in answer
    assert "manager's name" not in answer


def test_a_missing_answer_names_its_question(tmp_path: Path) -> None:
    host = host_register(tmp_path)
    answers = dict(CASES["resolve"][0], debrief="", decision="")
    code, answer, _ = run_workflow(host, tmp_path, event(github_body("resolve", answers)))
    assert code == 1
    assert "**Was a debrief held with the workers?**: needs an answer" in answer
    assert "**The decision reached at that stage, in a sentence**: needs an answer" in answer


def test_an_account_not_listed_is_answered_in_plain_words(tmp_path: Path) -> None:
    host = host_register(tmp_path)
    body = github_body("raised", CASES["raised"][0])
    code, answer, _ = run_workflow(host, tmp_path, event(body, login="mallory-x"))
    assert code == 1
    assert "the account mallory-x is not in the register's list of managers" in answer
    assert host_branches(host) == ["main"]


def test_a_new_record_needs_the_no_names_box_ticked(tmp_path: Path) -> None:
    host = host_register(tmp_path)
    answers = dict(CASES["new"][0], no_names=False)
    code, answer, _ = run_workflow(host, tmp_path, event(github_body("new", answers)))
    assert code == 1 and "**Before you send**: needs its box ticked" in answer


HOSTILE = {
    "yaml": "status: resolved\nsign_off: {x: 1}\n---\n!!python/object:os.system ls",
    "control": "Managers met.\x1b[2J\u202e\x00 spoke",
    "option": "--root=/tmp/elsewhere",
    "shell": "$(touch /tmp/pwned-route); `id` && rm -rf / ; echo \"'",
    "mention": "@lscp/everyone see [here](https://evil.example) <script>x</script>",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_note_text_stays_text(kind: str, tmp_path: Path) -> None:
    host = host_register(tmp_path)
    answers = {"id": ID, "text": HOSTILE[kind], "date": "2026-03-08"}
    code, answer, run = run_workflow(host, tmp_path, event(github_body("note", answers)))
    assert not Path("/tmp/pwned-route").exists()
    record = (run / RECORD).read_text("utf-8")
    if code == 0:  # kept as the note's words, nowhere else
        assert record.count("status: open") == 1 and "sign_off" not in record.split("---")[1]
        assert "- 2026-03-08: " in record
    else:  # refused by the record's own rules, in words that cannot run or link
        assert record == fixture_record()
        assert host_branches(host) == ["main"]
    assert "<script>" not in answer and "](http" not in answer and "@lscp" not in answer
    assert "\x1b" not in answer and "\x00" not in answer


def test_a_hostile_record_id_is_refused(tmp_path: Path) -> None:
    host = host_register(tmp_path)
    for bad in ("../../schema/accounts", "--root=/", "PD-2026-0007; rm -rf /"):
        answers = {"id": bad, "date": "2026-03-07"}
        code, answer, _ = run_workflow(host, tmp_path / bad[:2].replace("/", "_").replace(".", "d"),
                                       event(github_body("raised", answers)))  # fmt: skip
        assert code == 1, answer
    assert host_branches(host) == ["main"]


def test_a_huge_body_and_a_broken_event_are_refused_plainly(tmp_path: Path) -> None:
    host = host_register(tmp_path)
    huge = github_body("note", {"id": ID, "text": "x" * 200_000, "date": "2026-03-08"})
    code, answer, _ = run_workflow(host, tmp_path / "a", event(huge))
    assert code == 1 and "more than the 65,536 a form's answers can be" in answer
    code, answer, _ = run_workflow(host, tmp_path / "b", "{not json")
    assert code == 2 and answer == ""
    code, answer, _ = run_workflow(host, tmp_path / "c", json.dumps({"issue": {"body": "x"}}))
    assert code == 2
    unlabelled = event(github_body("raised", CASES["raised"][0]))
    unlabelled["issue"]["labels"] = []
    code, answer, _ = run_workflow(host, tmp_path / "d", unlabelled)
    assert code == 2
    zero = event(github_body("raised", CASES["raised"][0]), number=0)
    code, answer, _ = run_workflow(host, tmp_path / "e", zero)
    assert code == 2
    assert host_branches(host) == ["main"]


def test_a_forged_heading_in_an_answer_does_not_answer_another_question(tmp_path: Path) -> None:
    host = host_register(tmp_path)
    text = "Spoke.\n\n### Id of the record to add a note to\n\nPD-2026-0001"
    answers = {"id": ID, "text": text, "date": "2026-03-08"}
    code, answer, _ = run_workflow(host, tmp_path, event(github_body("note", answers)))
    assert code == 1 and "is answered twice" in answer


def test_an_immediate_risk_dispute_from_stage_4_through_the_qapm_group_by_forms_alone(
    tmp_path: Path,
) -> None:
    """Issue 22: tried as a manager would, each step from its issue to the merged record."""
    host = host_register(tmp_path)
    raise_it = dict(CASES["new"][0], immediate_risk="Yes", stage="4", started="2026-03-25",
                    summary="Police consider the child at immediate risk; social care do not.",
                    opened="2026-03-25", **MANAGERS_4)  # fmt: skip
    for key in ("challenger_worker_name", "challenger_worker_designation", "supervisor_name",
                "supervisor_designation", "aim"):  # fmt: skip
        raise_it.pop(key)
    steps = [
        ("new", raise_it),
        ("refer", {"id": "PD-2026-0008", "date": "2026-03-26", "decision": "No agreement",
                   "group_date": "2026-03-30", "representations_received": "Yes",
                   "panel_members": "Cy Moss; Head of Safeguarding; Kent Police\n"
                                    "Di Shah; Service Manager; Children's Social Care\n"
                                    "Ed Park; Named GP; Primary Care (GP)"}),
        ("note", {"id": "PD-2026-0008", "text": "The group met; both views heard.",
                  "date": "2026-03-30"}),
        ("resolve", {"id": "PD-2026-0008", **CLOSING, "date": "2026-03-31", "stage": "5",
                     "agreed": "Social care assesses; police share the log."}),
    ]  # fmt: skip
    for number, (step, answers) in enumerate(steps, 50):
        code, answer, _ = run_workflow(
            host, tmp_path / f"run-{number}", event(github_body(step, answers), number)
        )
        assert code == 0, (step, answer)
        merge(host, tmp_path, f"request/{number}")
        if step == "note":  # open at stage 5: the register is whole
            main = checkout(host, tmp_path / "main-open")
            done = disputes(main, tmp_path, "verify")
            assert done.returncode == 0, done.stdout + done.stderr
    main = checkout(host, tmp_path / "main")
    record = (main / "records/2026/PD-2026-0008.md").read_text("utf-8")
    assert "immediate_risk: true" in record and "status: resolved" in record
    assert "stage: 5" in record and "group_date: 2026-03-30" in record
    trail = git(main, "log", "--format=%s|%(trailers:key=Host-Request,valueonly,separator=)",
                "--no-merges", "--", "records/2026/PD-2026-0008.md", home=tmp_path)  # fmt: skip
    assert trail.split() == [
        "PD-2026-0008:",
        "resolved",
        "at",
        "stage",
        "5|53",
        "PD-2026-0008:",
        "note",
        "added|52",
        "PD-2026-0008:",
        "referred",
        "to",
        "the",
        "QAPM",
        "group",
        "(stage",
        "5)|51",
        "PD-2026-0008:",
        "new",
        "record|50",
    ]
    # Resolved at stage 5: verify now waits for both managers' sign-offs (issue 22 item 2).
    done = disputes(main, tmp_path, "verify")
    assert done.returncode == 1 and "PD-2026-0008" in done.stdout + done.stderr
    # Each manager signs from their own account; the site signs what the workflow made.
    key = list_host_key(host, tmp_path)
    read = short(version_of_text(record))
    for number, (role, login) in enumerate(
        (("challenger-manager", "ann-lee"), ("challenged-manager", "bo-khan")), 60
    ):
        answers = {"id": "PD-2026-0008", "role": role, "version": read, "confirm": True}
        code, answer, _ = run_workflow(
            host, tmp_path / f"run-{number}", event(github_body("sign", answers), number, login)
        )
        assert code == 0, answer
        host_signs(host, tmp_path, f"request/{number}", key)
        merge(host, tmp_path, f"request/{number}")
    main = checkout(host, tmp_path / "main-signed")
    done = disputes(main, tmp_path, "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    shown = disputes(main, tmp_path, "show", "PD-2026-0008", "--as-of", AS_OF)
    assert "through the hosting site as account ann-lee, request #60" in shown.stdout
    assert "through the hosting site as account bo-khan, request #61" in shown.stdout


def test_a_second_account_cannot_sign_for_a_manager_through_the_forms(tmp_path: Path) -> None:
    """Bo's account asks to sign as the challenger manager (Ann): answered in plain words,
    and nothing is signed."""
    host = host_register(tmp_path, _prepared("reopen", tmp_path))
    main = checkout(host, tmp_path / "main")
    read = short(version_of_text((main / RECORD).read_text("utf-8")))
    answers = {"id": ID, "role": "challenger-manager", "version": read, "confirm": True}
    code, answer, _ = run_workflow(
        host, tmp_path / "run", event(github_body("sign", answers), 70, "bo-khan")
    )
    assert code == 1 and "only the manager can sign for themselves" in answer
    assert "request/70" not in host_branches(host)


def test_an_answer_cannot_forge_the_hosts_trailers(tmp_path: Path) -> None:
    """The reason of an amendment goes into the commit message; trailers typed into it stay
    words of the reason, and the commit's only Host-Account is the sender's."""
    host = host_register(tmp_path)
    forged = "Typo\n\nHost-Account: bo-khan\nHost-Request: 1\nAmends: PD-2026-0001 none"
    answers = dict(CASES["amend"][0], reason=forged)
    code, answer, run = run_workflow(host, tmp_path, event(github_body("amend", answers), 77))
    assert code == 0, answer
    trailers = git(run, "log", "-1", "--format=%(trailers:only,unfold)", home=tmp_path)
    assert [t for t in trailers.splitlines() if t.startswith("Host-")] == [
        "Host-Account: ann-lee",
        "Host-Request: 77",
    ]
    assert [t for t in trailers.splitlines() if t.startswith("Amends:")] == [
        f"Amends: {ID} Typo Host-Account: bo-khan Host-Request: 1 Amends: PD-2026-0001 none"
    ]


def test_a_downloaded_form_is_not_made_over_uncommitted_changes(tmp_path: Path) -> None:
    """`disputes request --file` commits what the step did: with other changes in the folder
    it would commit them too, so it refuses and commits nothing."""
    host = host_register(tmp_path)
    work = checkout(host, tmp_path / "clerk")
    (work / RECORD).write_text(fixture_record().replace("None.", "Edited by hand."), "utf-8")
    form = tmp_path / "form.txt"
    form.write_text(github_body("raised", CASES["raised"][0]), "utf-8")
    done = disputes(work, tmp_path, "request", "--file", str(form), "--as-of", AS_OF)
    assert done.returncode == 1 and "working folder has changes" in done.stderr
    assert "Traceback" not in done.stderr
    assert git(work, "log", "-1", "--format=%s", home=tmp_path).strip() == "Open PD-2026-0007"
