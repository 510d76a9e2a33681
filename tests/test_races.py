"""Edits never race: real `disputes` processes at once, and a change is never silently lost."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from gitrepo import RECORD, GitRepo, escalate, fixture_record, open_committed
from procs import (
    FINISH_WAIT,
    TO_STAGE_4,
    answer,
    cli_env,
    escalated,
    finish,
    start,
    wait_for_prompt,
)

from disputes.edit.atomic import write_atomic
from disputes.edit.lock import EditConflict, register_lock
from disputes.edit.roundtrip import withdraw
from disputes.history.workdir import lock_file

AS_OF = "2026-11-22"
NEW_WITHOUT_TITLE = [
    "--opened", "2026-11-20", "--child-reference", "C-104233",
    "--challenger-agency", "Kent Police", "--challenged-agency", "Children's Social Care",
    "--category", "levels-of-need",
    # Issue 12: what stage 1 needs; with the title left to ask, every other question is
    # answered here, so the title is the only prompt.
    "--no-immediate-risk", "--level-of-need", "child-in-need", "--stage", "1",
    "--started", "2026-11-20", "--summary", "Police asked for an assessment.",
    "--worker-name", "Sam Patel", "--worker-designation", "Detective Constable",
    "--supervisor-name", "Di Shah", "--supervisor-designation", "Detective Sergeant",
    "--aim", "An assessment of the child's needs",
]  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A register in git holding the open stage-3 fixture record, committed."""
    return open_committed(tmp_path / "register")


def test_new_at_once_gives_every_record_its_own_id(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "register")
    home = tmp_path
    processes = [
        start(["new", "--root", str(repo.path), "--as-of", AS_OF, *NEW_WITHOUT_TITLE], home)
        for _ in range(4)
    ]
    for process in processes:  # every one has started and is waiting for its title
        wait_for_prompt(process, "Title (no names): ")
    for number, process in enumerate(processes):
        answer(process, f"Disagreement number {number}\n")
    results = [finish(process) for process in processes]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], results
    files = sorted((repo.path / "records" / "2026").iterdir())
    assert [f.name for f in files] == [f"PD-2026-000{n}.md" for n in (1, 2, 3, 4)]
    titles = {
        next(line for line in f.read_text().split("\n") if line.startswith("title: "))
        for f in files
    }
    assert titles == {f"title: Disagreement number {n}" for n in range(4)}  # none lost
    printed = sorted(out.split("(")[1].split(")")[0] for _, out, _ in results)
    assert printed == [f"PD-2026-000{n}" for n in (1, 2, 3, 4)]  # each said its own id


def test_escalate_and_withdraw_at_once_one_fails_and_nothing_is_lost(repo: GitRepo) -> None:
    root = str(repo.path)
    up = start(
        ["escalate", "PD-2026-0007", "--root", root, "--as-of", AS_OF, *TO_STAGE_4],
        repo.path.parent,
    )
    out = start(
        [
            "withdraw",
            "PD-2026-0007",
            "--root",
            root,
            "--as-of",
            AS_OF,
            "--reason",
            "Agreed after new information",
        ],
        repo.path.parent,
    )
    wait_for_prompt(up, f"Date the new stage started (YYYY-MM-DD) [{AS_OF}]: ")
    wait_for_prompt(out, f"Date withdrawn (YYYY-MM-DD) [{AS_OF}]: ")  # both have read the record
    answer(up, "2026-03-12\n")
    answer(out, "2026-03-13\n")
    (up_code, _, up_err), (out_code, _, out_err) = finish(up), finish(out)
    assert sorted([up_code, out_code]) == [0, 2], (up_err, out_err)
    loser = up_err if up_code else out_err
    assert "was changed by someone else while this command was running" in loser
    assert "Traceback" not in up_err + out_err
    up_text = escalated(fixture_record(), date(2026, 3, 12))
    withdrawn = withdraw(fixture_record(), date(2026, 3, 13), "Agreed after new information")
    assert repo.read(RECORD) == (withdrawn if up_code else up_text)  # the winner's, whole


def test_escalate_then_withdraw_one_after_the_other_both_count(repo: GitRepo) -> None:
    from procs import run

    root, home = str(repo.path), repo.path.parent
    first = run(
        [
            "escalate",
            "PD-2026-0007",
            "--root",
            root,
            "--as-of",
            AS_OF,
            "--date",
            "2026-03-12",
            *TO_STAGE_4,
        ],
        home,
    )
    second = run(
        [
            "withdraw",
            "PD-2026-0007",
            "--root",
            root,
            "--as-of",
            AS_OF,
            "--date",
            "2026-03-13",
            "--reason",
            "Agreed after new information",
        ],
        home,
    )
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    assert repo.read(RECORD) == withdraw(
        escalated(fixture_record(), date(2026, 3, 12)),
        date(2026, 3, 13),
        "Agreed after new information",
    )


def test_many_withdrawals_at_once_exactly_one_is_kept(repo: GitRepo) -> None:
    reasons = [f"Reason number {n} agreed by both" for n in range(5)]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "disputes",
                "withdraw",
                "PD-2026-0007",
                "--root",
                str(repo.path),
                "--as-of",
                AS_OF,
                "--date",
                "2026-03-13",
                "--reason",
                reason,
            ],
            env=cli_env(repo.path.parent),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for reason in reasons
    ]
    results = [finish(p)[::2] for p in processes]  # (exit status, stderr), never a hang
    winners = [reason for reason, (code, _) in zip(reasons, results, strict=True) if code == 0]
    assert len(winners) == 1, results
    assert f"reason: {winners[0]}" in repo.read(RECORD)
    for code, err in results:
        assert "Traceback" not in err
        if code:  # read before the winner wrote, or after: a clear refusal either way
            assert ("changed by someone else" in err and code == 2) or (
                "the record is withdrawn, so it cannot be withdrawn" in err and code == 1
            )


HOLD = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


def hold_lock(path: Path) -> subprocess.Popen[str]:
    """Another process holding the register's lock until it ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=0,
    )
    wait_for_prompt(holder, "held\n")
    return holder


def end(holder: subprocess.Popen[str]) -> None:
    """Kill the holder without it releasing: the operating system frees the lock."""
    holder.kill()
    holder.wait(timeout=FINISH_WAIT)


def test_an_edit_waits_for_the_lock_and_a_killed_holder_frees_it(repo: GitRepo) -> None:
    holder = hold_lock(lock_file(repo.path))
    edit = start(
        [
            "escalate",
            "PD-2026-0007",
            "--root",
            str(repo.path),
            "--as-of",
            AS_OF,
            "--date",
            "2026-03-12",
            *TO_STAGE_4,
        ],
        repo.path.parent,
    )
    time.sleep(1.5)
    assert edit.poll() is None  # still waiting: the holder has the lock
    assert repo.read(RECORD) == fixture_record()
    end(holder)  # dies without releasing: the operating system frees the lock
    code, out, err = finish(edit)
    assert code == 0, err
    assert repo.read(RECORD) == escalated(fixture_record(), date(2026, 3, 12))


def test_a_lock_held_too_long_is_a_clear_refusal(repo: GitRepo) -> None:
    holder = hold_lock(lock_file(repo.path))
    try:
        with (
            pytest.raises(EditConflict, match="still holds its lock"),
            register_lock(repo.path, wait=0.3),
        ):
            pass
    finally:
        end(holder)
    with register_lock(repo.path, wait=5):  # the honest path: free again
        pass


def test_the_lock_lives_in_the_git_folder_never_in_the_register(repo: GitRepo) -> None:
    assert lock_file(repo.path) == (repo.path / ".git" / "disputes.lock").resolve()
    with register_lock(repo.path):
        pass
    assert repo.git("status", "--porcelain", "--ignored") == ""


def test_new_never_replaces_what_is_already_at_its_path(tmp_path: Path) -> None:
    from procs import run

    repo = GitRepo(tmp_path / "register")
    folder = repo.path / "records" / "2026"
    folder.mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    (folder / "PD-2026-0001.md").symlink_to(outside)  # dangling: not a record, but taken
    done = run(
        [
            "new",
            "--root",
            str(repo.path),
            "--as-of",
            AS_OF,
            "--title",
            "A title",
            *NEW_WITHOUT_TITLE,
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "PD-2026-0002" in done.stdout
    assert (folder / "PD-2026-0001.md").is_symlink() and not outside.exists()
    assert "id: PD-2026-0002" in (folder / "PD-2026-0002.md").read_text()


def test_exclusive_write_refuses_an_existing_file_and_leaves_it(tmp_path: Path) -> None:
    target = tmp_path / "PD-2026-0001.md"
    target.write_text("theirs")
    with pytest.raises(FileExistsError):
        write_atomic(target, "mine", exclusive=True)
    assert target.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["PD-2026-0001.md"]  # no temp left
    write_atomic(tmp_path / "PD-2026-0002.md", "mine", exclusive=True)
    assert (tmp_path / "PD-2026-0002.md").read_text() == "mine"


def test_an_edit_inside_an_edit_of_the_same_process_does_not_wait(repo: GitRepo) -> None:
    from disputes.edit.apply import apply_edit

    with register_lock(repo.path, wait=0.3):
        result = apply_edit(
            repo.path,
            "PD-2026-0007",
            lambda text: escalate(text, date(2026, 3, 12)),
            date(2026, 4, 1),
        )
    assert result.written
    holder = hold_lock(lock_file(repo.path))  # and it was released at the end
    end(holder)


def test_sign_waits_for_an_edit_in_progress(tmp_path: Path) -> None:
    from gitrepo import ANN, resolved_register

    repo = GitRepo(tmp_path / "register")
    resolved_register(repo)  # only a resolved record is signed off
    before = repo.git("log", "--format=%s").splitlines()
    holder = hold_lock(lock_file(repo.path))
    repo.git("config", "user.name", ANN[0])  # the manager named at stage 3 signs
    repo.git("config", "user.email", ANN[1])
    signing = start(
        ["sign", "PD-2026-0007", "--role", "challenger-manager", "--root", str(repo.path)],
        repo.path.parent,
    )
    time.sleep(1.5)
    assert signing.poll() is None  # waiting for the lock, no commit yet
    assert repo.git("log", "--format=%s").splitlines() == before
    end(holder)
    code, out, err = finish(signing)
    assert code == 0, err
    assert repo.git("log", "-1", "--format=%s").startswith("Sign-off PD-2026-0007")


# Issue 19: `migrate` took no lock, and a note added while it ran was lost (3 trials in 12).
NOTE = "Operations managers met; a second meeting is on Friday."


def test_a_note_added_while_migrate_runs_is_kept(repo: GitRepo) -> None:
    import threading

    from procs import run

    import disputes.edit.migrate as migrate

    read, noted = threading.Event(), threading.Event()
    upgrade = migrate.upgrade_text

    def upgrade_then_pause(text: str, model: object) -> str:
        new = upgrade(text, model)  # type: ignore[arg-type]
        if not read.is_set():  # migrate has read the record: now the note lands
            read.set()
            noted.wait(timeout=FINISH_WAIT)
        return new

    migrate.upgrade_text = upgrade_then_pause  # type: ignore[assignment]
    try:
        result: list[object] = []
        running = threading.Thread(
            target=lambda: result.append(migrate.migrate_register(repo.path, date(2026, 11, 22)))
        )
        running.start()
        assert read.wait(timeout=FINISH_WAIT)
        done = run(
            [
                "note",
                "PD-2026-0007",
                NOTE,
                "--root",
                str(repo.path),
                "--as-of",
                AS_OF,
                "--date",
                "2026-03-07",
            ],
            repo.path.parent,
        )
        assert done.returncode == 0 and "note" in done.stdout.lower(), done.stderr
        noted.set()
        running.join(timeout=FINISH_WAIT)
    finally:
        migrate.upgrade_text = upgrade  # type: ignore[assignment]
        noted.set()
    text = repo.read(RECORD)
    assert NOTE in text  # the note the user was told was added is there
    assert "version: 2" in text  # and the record was upgraded all the same
    assert result and result[0].upgraded == [RECORD]  # type: ignore[attr-defined]


WRITERS = {
    "migrate": ["migrate"],
    "note": ["note", "PD-2026-0007", NOTE, "--date", "2026-03-07"],
    "new": ["new", "--title", "A second disagreement", *NEW_WITHOUT_TITLE],
    "amend": [
        "amend",
        "PD-2026-0007",
        "--reason",
        "A note was missed",
        "--stage",
        "3",
        "--note",
        NOTE,
    ],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_every_writer_waits_for_the_lock(repo: GitRepo, command: str) -> None:
    args = WRITERS[command]
    as_of = [] if command == "migrate" else ["--as-of", AS_OF]
    repo.git("config", "user.name", "Reg Clerk")  # amend commits
    repo.git("config", "user.email", "clerk@lscp.example")
    before = sorted(
        p.relative_to(repo.path).as_posix() for p in repo.path.rglob("*") if ".git" not in p.parts
    )
    holder = hold_lock(lock_file(repo.path))
    writer = start([*args, "--root", str(repo.path), *as_of], repo.path.parent)
    with pytest.raises(subprocess.TimeoutExpired):  # time to start, read and write: it waits
        writer.wait(timeout=6)
    assert repo.read(RECORD) == fixture_record()
    assert before == sorted(
        p.relative_to(repo.path).as_posix() for p in repo.path.rglob("*") if ".git" not in p.parts
    )
    end(holder)
    code, _, err = finish(writer)
    assert code == 0, err
    if command == "new":
        assert (repo.path / "records/2026/PD-2026-0008.md").is_file()
    else:
        assert repo.read(RECORD) != fixture_record()
