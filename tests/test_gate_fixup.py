"""Issue 22 item 3: a pull request is judged by what it leaves; a mistake is put right by
another commit, yet what protects signed and closed records holds at every commit.

Each attack is split across commits so that the head alone looks honest; each honest
fix-up beside it passes. Real git repositories, real SSH keys (see test_gate_trust).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import test_gate_trust
from gitrepo import RECORD, GitRepo, escalate, fixture_record, open_on_main
from test_gate_trust import check, doctored, sign_both

from disputes.edit.roundtrip import resolve

pytestmark = pytest.mark.usefixtures("isolated_git")
closed = test_gate_trust.closed  # the fixture: a resolved record signed by both, on main

AMEND = "\n\nAmends: PD-2026-0007 the outcome was recorded wrongly"
UNDO = "another commit cannot undo this"


@pytest.fixture
def open_record(tmp_path: Path) -> GitRepo:
    """main: PD-2026-0007 open at stage 3; branch `pr` made."""
    return open_on_main(tmp_path / "register")


def no_rewrite_advice(errors: list[str]) -> None:
    """A browser cannot rewrite a branch: no message asks for it."""
    assert not any("rebase" in e or "--force" in e or "reset" in e for e in errors), errors


# --- the honest path: a mistake, then another commit that puts it right -------------------


@pytest.mark.parametrize(
    "mistake",
    [
        ("immediate_risk: false", "immediate_risk: maybe"),  # a value the schema refuses
        ("immediate_risk: false", "immediate_risk false"),  # broken YAML
        ("title: Threshold", "titel: Threshold"),  # a misspelt field
    ],
    ids=["schema", "yaml", "field"],
)
def test_a_fix_up_commit_puts_a_mistake_right(
    open_record: GitRepo, mistake: tuple[str, str]
) -> None:
    good = open_record.read(RECORD)
    open_record.write(RECORD, good.replace(*mistake))
    open_record.commit("Edit in the browser")
    code, errors = check(open_record)
    assert code == 1 and errors and all(UNDO not in e for e in errors)
    no_rewrite_advice(errors)
    open_record.write(RECORD, good.replace("Threshold for", "Threshold of"))
    open_record.commit("Fix the mistake")
    assert check(open_record) == (0, [])


def test_a_resolution_corrected_by_a_second_commit_passes_once_signed(
    open_record: GitRepo,
) -> None:
    """Resolved in the change (open at the fork): correcting it is not an amendment."""
    text = escalate(open_record.read(RECORD), date(2026, 3, 12))
    open_record.write(RECORD, resolve(text, date(2026, 3, 20), 4, "decision-changed"))
    open_record.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")
    open_record.write(RECORD, doctored(open_record))  # the outcome chosen by mistake
    open_record.commit("Correct the outcome", when="2026-03-20T10:00:00Z")
    sign_both(open_record)
    assert check(open_record) == (0, [])


def test_an_amendment_corrected_by_a_second_commit_passes_once_signed(closed: GitRepo) -> None:
    """After the amendment, later commits of the change continue it."""
    closed.write(RECORD, closed.read(RECORD).replace("title: Threshold", "title: Th threshold"))
    closed.commit("Amend the title" + AMEND)
    closed.write(RECORD, closed.read(RECORD).replace("title: Th threshold", "title: The threshold"))
    closed.commit("Typo")  # no trailer: it corrects the amendment above
    sign_both(closed, when="2026-04-02T09:00:00Z")
    assert check(closed) == (0, [])


# --- attacks split across commits -----------------------------------------------------


def test_a_signed_record_deleted_then_added_back_with_other_content_is_refused(
    closed: GitRepo,
) -> None:
    """The re-added file is shown against nothing: the trail would hide what changed."""
    other = doctored(closed)
    closed.git("rm", "-q", RECORD)
    closed.commit("Tidy")
    closed.write(RECORD, other)
    closed.commit("Add it back" + AMEND)
    sign_both(closed, when="2026-04-02T09:00:00Z")  # both managers even sign the new text
    code, errors = check(closed)
    assert code == 1
    assert any(
        e.startswith(f"{RECORD}: in commit ")
        and "('Tidy'): deletes this record, which is on main" in e
        and UNDO in e
        for e in errors
    ), errors
    no_rewrite_advice(errors)


def test_a_closed_record_rewritten_then_restored_is_refused(closed: GitRepo) -> None:
    """The rewrite stays in the trail without a reason, though the head reads as before
    (the old gate let this through: the head showed no change)."""
    good = closed.read(RECORD)
    closed.write(RECORD, doctored(closed))
    closed.commit("Quiet change")
    closed.write(RECORD, good)
    closed.commit("Put it back")
    code, errors = check(closed)
    assert code == 1
    assert any(
        "('Quiet change'): changes PD-2026-0007, which was already resolved, before any "
        "commit of this change records an amendment of it"
        in e
        and "'Amends: PD-2026-0007 <why it is amended>'" in e
        and UNDO in e
        for e in errors
    ), errors
    assert not any("('Put it back'): " in e for e in errors)  # the restoring commit is not blamed
    assert any("made before commit" in e and "('Put it back')" in e for e in errors)  # signed
    no_rewrite_advice(errors)


def test_a_closed_record_rewritten_then_part_restored_by_an_amendment_is_refused(
    closed: GitRepo,
) -> None:
    """An amendment after the fact does not explain the rewrite before it."""
    good = closed.read(RECORD)
    closed.write(RECORD, doctored(closed).replace("title: Threshold", "title: A threshold"))
    closed.commit("Quiet change")
    closed.write(RECORD, good.replace("title: Threshold", "title: A threshold"))
    closed.commit("Put the outcome back" + AMEND)
    sign_both(closed, when="2026-04-02T09:00:00Z")
    code, errors = check(closed)
    assert code == 1
    assert any("('Quiet change'): changes PD-2026-0007" in e for e in errors), errors
    assert len([e for e in errors if "PD-2026-0007" in e]) == 1  # said once, of that commit


def test_a_closed_record_rewritten_in_one_commit_is_told_once(closed: GitRepo) -> None:
    closed.write(RECORD, doctored(closed))
    closed.commit("Quiet change")
    code, errors = check(closed)
    assert code == 1 and len(errors) >= 1
    assert [e for e in errors if "Amends" in e] == [
        e for e in errors if "('Quiet change'): changes PD-2026-0007" in e
    ]


@pytest.mark.parametrize("restore", [False, True], ids=["changed", "changed-and-restored"])
def test_a_change_after_the_sign_offs_is_refused(open_record: GitRepo, restore: bool) -> None:
    """Sign-offs bound to their version: a change after them, even one undone, voids them."""
    text = escalate(open_record.read(RECORD), date(2026, 3, 12))
    open_record.write(RECORD, resolve(text, date(2026, 3, 20), 4, "decision-changed"))
    open_record.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")
    signed = open_record.read(RECORD)
    sign_both(open_record)
    open_record.write(RECORD, doctored(open_record))
    open_record.commit("After the sign-offs", when="2026-03-22T09:00:00Z")
    if restore:
        open_record.write(RECORD, signed)
        open_record.commit("Back as signed", when="2026-03-23T09:00:00Z")
    code, errors = check(open_record)
    assert code == 1
    assert len(errors) == 2  # both managers' sign-offs
    if restore:
        assert all("before commit" in e and "('Back as signed')" in e for e in errors), errors
    else:
        assert all("signed an earlier version of PD-2026-0007" in e for e in errors), errors


def test_a_signed_record_changed_and_restored_in_the_change_needs_new_sign_offs(
    closed: GitRepo,
) -> None:
    """Amended and amended back: the head reads as signed, but the restored text is a new
    version (the old gate did not look, as the head showed no change; `verify` would then
    fail on main)."""
    good = closed.read(RECORD)
    closed.write(RECORD, doctored(closed))
    closed.commit("Amend" + AMEND)
    closed.write(RECORD, good)
    closed.commit("Amend back" + AMEND)
    code, errors = check(closed)
    assert code == 1 and any("('Amend back')" in e and "latest change" in e for e in errors)
    sign_both(closed, when="2026-04-02T09:00:00Z")
    assert check(closed) == (0, [])


def test_a_name_in_the_case_reference_of_a_middle_commit_is_refused(open_record: GitRepo) -> None:
    """A name once committed stays in the history that audit and the record pages show."""
    good = open_record.read(RECORD)
    open_record.write(RECORD, good.replace('"C-104233"', '"Jane Smith"'))
    open_record.commit("Add the child")
    open_record.write(RECORD, good)
    open_record.commit("Take the name out")
    code, errors = check(open_record)
    assert code == 1
    assert any("('Add the child'): 'Jane Smith' is not in the expected form" in e for e in errors)
    assert all(UNDO in e for e in errors)


def test_a_name_in_the_case_reference_at_the_head_is_told_it_cannot_be_undone(
    open_record: GitRepo,
) -> None:
    """Told at once, so nobody puts it right with a second commit and is refused again."""
    open_record.write(RECORD, open_record.read(RECORD).replace('"C-104233"', '"Jane Smith"'))
    open_record.commit("Add the child")
    code, errors = check(open_record)
    assert code == 1
    assert any("('Add the child'): 'Jane Smith'" in e and UNDO in e for e in errors), errors


def test_a_new_record_added_in_the_change_may_be_removed_again(open_record: GitRepo) -> None:
    """Only a record on the base branch is protected: a draft of this change may go."""
    other = RECORD.replace("0007", "0008")
    open_record.write(other, fixture_record().replace("PD-2026-0007", "PD-2026-0008"))
    open_record.commit("Open PD-2026-0008 by mistake")
    (open_record.path / other).unlink()
    open_record.commit("Not needed after all")
    assert check(open_record) == (0, [])


def test_a_branch_that_merges_an_amendment_made_on_main_is_not_blamed_for_it(
    closed: GitRepo,
) -> None:
    """The merge brings main's amended closed record: the change itself did not touch it."""
    other = RECORD.replace("0007", "0008")
    closed.write(other, fixture_record().replace("PD-2026-0007", "PD-2026-0008"))
    closed.commit("Open PD-2026-0008", when="2026-03-22T09:00:00Z")
    closed.git("checkout", "-q", "main")
    closed.write(RECORD, closed.read(RECORD).replace("title: Threshold", "title: The threshold"))
    closed.commit("Amend the title" + AMEND, when="2026-03-23T09:00:00Z")
    sign_both(closed, when="2026-03-23T10:00:00Z")
    closed.git("checkout", "-q", "pr")
    closed.git("merge", "-q", "--no-edit", "main", when="2026-03-24T09:00:00Z")
    assert check(closed) == (0, [])
    closed.git("checkout", "-q", "main")  # and main moving on after the merge changes nothing
    closed.write("records/2026/PD-2026-0009.md", fixture_record().replace("0007", "0009"))
    closed.commit("Open PD-2026-0009", when="2026-03-25T09:00:00Z")
    closed.git("checkout", "-q", "pr")
    assert check(closed) == (0, [])


def test_an_amendment_names_the_record_it_amends(closed: GitRepo) -> None:
    """'Amends: PD-2026-0008' does not explain a change to PD-2026-0007; an empty commit
    that carries the amendment before the change does."""
    good = closed.read(RECORD)
    closed.commit("Amend another\n\nAmends: PD-2026-0008 another record")
    closed.write(RECORD, doctored(closed))
    closed.commit("Quiet change")
    code, errors = check(closed)
    assert code == 1 and any("('Quiet change'): changes PD-2026-0007" in e for e in errors)
    closed.git("checkout", "-q", "main")
    closed.git("checkout", "-q", "-b", "pr2")
    closed.commit("Amend PD-2026-0007" + AMEND, when="2026-04-02T08:00:00Z")
    closed.write(RECORD, doctored(closed))
    closed.commit("The amendment itself", when="2026-04-02T08:30:00Z")
    sign_both(closed, when="2026-04-02T09:00:00Z")
    assert check(closed) == (0, [])
    assert good != closed.read(RECORD)
