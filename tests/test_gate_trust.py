"""Issue 10 items 1, 2, 5: attacks on `disputes check --base`, each beside the honest path.

Every test is a real git repository with real SSH keys; the attack must be refused and
the honest way of doing the same thing must pass.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import (
    ANN,
    BO,
    RECORD,
    GitRepo,
    escalate,
    fixture_record,
    open_on_main,
    resolved_register,
    sign_off_message,
)

from disputes.cli import main
from disputes.edit.roundtrip import resolve

AS_OF = "2026-04-01"
pytestmark = pytest.mark.usefixtures("isolated_git")


def sign_both(repo: GitRepo, when: str = "2026-03-21T09:00:00Z") -> None:
    """Each manager's own signed sign-off commit, attesting the record as committed now."""
    for who, role, key in ((ANN, "challenger-manager", "ann"), (BO, "challenged-manager", "bo")):
        repo.commit(sign_off_message(repo, who, role), who=who, key=repo.key(key), when=when)


@pytest.fixture
def closed(tmp_path: Path) -> GitRepo:
    """main: PD-2026-0007 resolved at stage 4 and signed by both managers; branch `pr` made."""
    repo = GitRepo(tmp_path / "register")
    repo.allow((ANN[1], repo.key("ann")), (BO[1], repo.key("bo")))
    resolved_register(repo)
    sign_both(repo)
    repo.git("checkout", "-q", "-b", "pr")
    return repo


@pytest.fixture
def open_record(tmp_path: Path) -> GitRepo:
    """main: PD-2026-0007 open at stage 3; branch `pr` made."""
    return open_on_main(tmp_path / "register")


def check(repo: GitRepo, *extra: str) -> tuple[int, list[str]]:
    """`disputes check --base main`: exit status and the error messages (file: message)."""
    result = CliRunner().invoke(
        main, ["check", "--base", "main", "--format", "json", "--root", str(repo.path), *extra]
    )
    assert result.exit_code in (0, 1), result.output
    issues = json.loads(result.stdout)
    return result.exit_code, [
        f"{i['file']}: {i['message']}" for i in issues if i["severity"] == "error"
    ]


def doctored(repo: GitRepo) -> str:
    """The closed record with its agreed outcome quietly changed."""
    return repo.read(RECORD).replace("outcome: decision-changed", "outcome: decision-upheld")


# --- item 1: a record on the base missing from the head in any way is refused -----------


@pytest.mark.parametrize(
    "target",
    [
        "records/2026/PD-2026-0007.txt",
        "records/2026/PD-2026-0007.MD",
        "records/PD-2026-0007.md",
        "notes/PD-2026-0007.md",
    ],
)
def test_closed_record_renamed_away_is_refused(closed: GitRepo, target: str) -> None:
    (closed.path / target).parent.mkdir(parents=True, exist_ok=True)
    closed.git("mv", RECORD, target)
    closed.commit("Tidy up")
    code, errors = check(closed)
    assert code == 1
    assert any(e.startswith(f"{RECORD}: this record, which is on main, is missing") for e in errors)


def test_closed_record_replaced_by_a_symlink_to_a_doctored_copy_is_refused(closed: GitRepo) -> None:
    closed.write("notes/copy.md", doctored(closed))
    (closed.path / RECORD).unlink()
    os.symlink("../../notes/copy.md", closed.path / RECORD)
    closed.commit("Point at the notes")
    code, errors = check(closed)
    assert code == 1
    assert f"{RECORD}: this is a symbolic link, not a record file" in "\n".join(errors)
    assert any("is missing from this change" in e for e in errors)
    assert run(["validate", "--root", str(closed.path)])[0] == 1  # validate says the same


def test_honest_edit_of_an_open_record_passes(open_record: GitRepo) -> None:
    open_record.write(RECORD, open_record.read(RECORD).replace("Threshold for", "Threshold of"))
    open_record.commit("Clearer title")
    assert check(open_record) == (0, [])


def test_deleted_and_restored_in_a_middle_commit_is_refused(closed: GitRepo) -> None:
    text = closed.read(RECORD)
    closed.git("rm", "-q", RECORD)
    closed.commit("Gone")
    closed.write(RECORD, text)
    closed.commit("Back again")
    code, errors = check(closed)
    assert code == 1  # a later commit cannot undo a deletion: every commit stays in history
    assert any(
        "('Gone'): deletes this record, which is on main" in e
        and "another commit cannot undo this" in e
        and "make the change again on a new branch from main" in e
        for e in errors
    )
    assert not any("rebase" in e for e in errors)


# --- item 1: one front-matter syntax; closed records judged by the validate loader -------


def test_closed_record_rewritten_behind_a_dots_closing_is_refused(closed: GitRepo) -> None:
    text = doctored(closed)
    front_end = text.index("\n---\n", 4)
    closed.write(RECORD, text[:front_end] + "\n...\n" + text[front_end + 5 :])
    closed.commit("Fix layout")
    code, errors = check(closed)
    assert code == 1
    joined = "\n".join(errors)
    assert "end it with a line '---' instead" in joined
    assert "'Amends: PD-2026-0007 <why it is amended>'" in joined


def test_closed_record_amended_honestly_passes_once_signed_again(closed: GitRepo) -> None:
    closed.write(RECORD, closed.read(RECORD).replace("title: Threshold", "title: The threshold"))
    closed.commit("Clearer title\n\nAmends: PD-2026-0007 the title was unclear")
    code, errors = check(closed)
    assert code == 1 and any("sign" in e for e in errors)  # what was signed changed
    sign_both(closed, when="2026-04-02T09:00:00Z")
    assert check(closed) == (0, [])


# --- item 1: a record closed on the base since the branch forked -------------------------


def close_on_main(repo: GitRepo) -> None:
    """Meanwhile on main: the record is resolved and signed off."""
    repo.git("checkout", "-q", "main")
    repo.write(
        RECORD,
        resolve(
            escalate(repo.read(RECORD), date(2026, 3, 12)), date(2026, 3, 20), 4, "decision-changed"
        ),
    )
    repo.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")
    sign_both(repo)
    repo.git("checkout", "-q", "pr")


def test_branch_forked_before_the_record_closed_cannot_edit_it(open_record: GitRepo) -> None:
    open_record.write(
        RECORD,
        open_record.read(RECORD).replace("missing episodes.", "missing episodes from school."),
    )
    open_record.commit("Clearer views")
    close_on_main(open_record)
    code, errors = check(open_record)
    assert code == 1
    assert any("was closed on main after this branch began" in e for e in errors)
    open_record.git("merge", "-q", "--no-edit", "main")  # the honest path: catch up, amend
    code, errors = check(open_record)  # the merge still rewrites a closed record unamended
    assert code == 1 and "'Amends: PD-2026-0007 <why it is amended>'" in errors[0]
    open_record.commit("Amend after catching up\n\nAmends: PD-2026-0007 clearer views")
    sign_both(open_record, when="2026-04-02T09:00:00Z")  # what they signed changed: again
    assert check(open_record) == (0, [])


# --- item 1: check reads what is committed, not the working files ------------------------


def test_an_uncommitted_fix_does_not_hide_a_committed_error(open_record: GitRepo) -> None:
    good = open_record.read(RECORD)
    open_record.write(RECORD, good.replace("immediate_risk: false", "immediate_risk: maybe"))
    open_record.commit("Unsure")
    open_record.write(RECORD, good)  # fixed on disk only
    code, errors = check(open_record)
    assert code == 1 and errors[0].startswith(f"{RECORD}: ")
    open_record.commit("Sure after all")  # issue 22: a mistake is put right by another commit
    assert check(open_record) == (0, [])


# --- item 2: configuration is not changed alongside records -----------------------------

LOOSE = '"pattern": "^.{2,40}$"'


def loosen_schema(repo: GitRepo) -> None:
    path = repo.path / "schema/dispute.schema.json"
    path.write_text(
        path.read_text().replace('"pattern": "^(?=[^ ]*[0-9])[A-Za-z0-9/._-]{2,40}$"', LOOSE)
    )


def test_loosened_schema_with_a_record_it_alone_accepts_is_refused(open_record: GitRepo) -> None:
    loosen_schema(open_record)
    other = RECORD.replace("0007", "0008")
    open_record.write(
        other,
        fixture_record()
        .replace("PD-2026-0007", "PD-2026-0008")
        .replace('"C-104233"', '"Jane Smith"'),
    )
    open_record.commit("Open PD-2026-0008")
    code, errors = check(open_record)
    assert code == 1
    joined = "\n".join(errors)
    assert "schema/dispute.schema.json: this change alters the register's configuration" in joined
    assert f"{other}: " in joined  # judged by main's schema, which refuses a name


@pytest.mark.parametrize(
    "path",
    [
        "mkdocs.yml",
        ".github/workflows/pr-check.yml",
        "schema/allowed_signers",
        "schema/agencies.yml",
        ".gitattributes",
    ],
)
def test_any_configuration_beside_a_record_is_refused(open_record: GitRepo, path: str) -> None:
    target = open_record.path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a") as handle:
        handle.write("\n# changed\n")
    open_record.write(RECORD, open_record.read(RECORD).replace("Threshold for", "Threshold of"))
    open_record.commit("Both at once")
    code, errors = check(open_record)
    assert code == 1
    assert errors == [f"{path}: {MIXED}"]


# Changed on purpose (issue 19): everything outside records/ is configuration, and judged
# as data without running anything from the change.
MIXED = (
    "this change alters the register's configuration (everything outside records/) and "
    "its records together; split it in two: first the configuration on its own (every "
    "record checked with it, and anything that can run code named for an administrator's "
    "review), then the records, which are checked against the configuration on main"
)


def test_configuration_alone_must_leave_the_register_valid(open_record: GitRepo) -> None:
    policy = open_record.path / "schema/policy.yml"
    good = policy.read_text()
    policy.write_text(good + "stages: [this is not a mapping\n")
    open_record.commit("Change the policy")
    code, errors = check(open_record)
    assert code == 1 and errors[0].startswith("schema/policy.yml: ")
    policy.write_text(good.replace("timezone:", "# reviewed\ntimezone:"))
    open_record.commit("A harmless policy change")
    assert check(open_record) == (0, [])


# --- item 5: history can never poison a read --------------------------------------------

DEEP = "- " * 30_000 + "x"
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def poisoned(text: str, payload: str) -> str:
    return text.replace(
        "level_of_need: child-in-need",
        "level_of_need:\n" + payload
        if payload == DEEP
        else "level_of_need: child-in-need\n" + payload,
    )


@pytest.mark.parametrize("payload", [DEEP, BOMB], ids=["deep", "alias-bomb"])
def test_a_poisoned_middle_commit_is_refused(open_record: GitRepo, payload: str) -> None:
    good = open_record.read(RECORD)
    open_record.write(RECORD, poisoned(good, payload))
    open_record.commit("Middle")
    open_record.write(RECORD, good.replace("Threshold for", "Threshold of"))
    open_record.commit("Revert the middle")
    code, errors = check(open_record)
    assert code == 1
    assert any(e.startswith(f"{RECORD}: in commit ") and "('Middle')" in e for e in errors)


# Broken YAML first: the whole-text checks stop there, yet the history parses each field
# on its own (history.versions), so the deep or aliased field after it must still be caught.
BROKEN_THEN_DEEP = "broken: [unclosed\nlater: " + "[" * 5000 + "]" * 5000 + "\n"
BROKEN_THEN_BOMB = "broken: [unclosed\n" + BOMB


@pytest.mark.parametrize(
    "payload",
    [DEEP, BOMB, BROKEN_THEN_DEEP, BROKEN_THEN_BOMB],
    ids=["deep", "alias-bomb", "broken-then-deep", "broken-then-bomb"],
)
def test_a_poisoned_history_on_main_is_reported_by_audit_and_build(
    open_record: GitRepo, payload: str, tmp_path: Path
) -> None:
    good = open_record.read(RECORD)
    open_record.git("checkout", "-q", "main")  # as if merged before the gate refused it
    open_record.write(RECORD, poisoned(good, payload))
    open_record.commit("Poison")
    open_record.write(RECORD, good)
    open_record.commit("Revert")
    code, output = run(["audit", "PD-2026-0007", "--root", str(open_record.path)])
    assert code == 0, output
    assert "this version of the record cannot be read, so what changed is not shown" in output
    code, output = run(
        ["build", "--root", str(open_record.path), "-d", str(tmp_path / "site"), "--as-of", AS_OF]
    )
    assert code == 0, output


def test_thirty_thousand_levels_are_a_clear_error_in_validate_and_check(
    open_record: GitRepo,
) -> None:
    open_record.write(RECORD, poisoned(open_record.read(RECORD), DEEP))
    code, output = run(["validate", "--root", str(open_record.path), "--as-of", AS_OF])
    assert code == 1 and "nested more than 32 levels deep" in output
    open_record.commit("Deep")
    code, errors = check(open_record)
    assert code == 1 and "nested more than 32 levels deep" in errors[0]


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output


def test_an_oversized_old_version_is_reported_not_read(open_record: GitRepo) -> None:
    good = open_record.read(RECORD)
    open_record.write(RECORD, good + "x" * (2 * 1024 * 1024))
    open_record.commit("Attach a case file")
    open_record.write(RECORD, good)
    open_record.commit("Take it out again")
    code, errors = check(open_record)
    assert code == 1 and any("('Attach a case file'): the file is 2.0 MB" in e for e in errors)
    open_record.git("checkout", "-q", "main")
    open_record.git("merge", "-q", "pr")  # as if merged before the gate refused it
    code, output = run(["audit", "PD-2026-0007", "--root", str(open_record.path)])
    assert (
        code == 0 and "cannot be read, so what changed is not shown: the file is 2.0 MB" in output
    )


def test_a_submodule_in_a_middle_commit_is_refused_whatever_git_config_hides(
    open_record: GitRepo,
) -> None:
    """The attack: a middle commit puts a submodule under records/ and the next removes it,
    in a clone whose git configuration hides submodule changes from `git log` and `diff`.
    The walk of the change's commits asks git to show them all the same."""
    hidden = "records/2026/PD-2026-0099.md"
    open_record.git("update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},{hidden}")
    open_record.git("commit", "-q", "-m", "Middle", when="2026-03-03T10:00:00Z")
    open_record.git("rm", "-q", "--cached", hidden)
    open_record.git("commit", "-q", "-m", "Remove it", when="2026-03-03T11:00:00Z")
    open_record.git("config", "diff.ignoreSubmodules", "all")
    code, errors = check(open_record)
    assert code == 1
    assert any(e.startswith(f"{hidden}: in commit ") and "submodule" in e for e in errors)
