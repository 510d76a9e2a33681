"""Real git repositories for tests: fixed authors and dates, real SSH signing keys."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "history"
SCHEMA = Path(__file__).parent.parent / "schema"
RECORD = "records/2026/PD-2026-0007.md"
CLERK = ("Reg Clerk", "clerk@lscp.example")
ANN = ("Ann Lee", "ann.lee@police.example")
BO = ("Bo Khan", "bo.khan@csc.example")
# The agencies' email domains of the test records, as a register that checks signatures needs.
TEST_DOMAINS = (
    "email_domains:\n  Kent Police: [police.example]\n"
    '  "Children\'s Social Care": [csc.example, c.example]\n'
    "  Ambulance Service: [a.example]\n  Youth Justice Service: [yjs.example]\n"
)


def isolated_env(home: Path) -> dict[str, str]:
    """Environment for git with no user or system configuration."""
    return {
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }


class GitRepo:
    """A register in a real git repository under a test's tmp_path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys = path.parent / "keys"
        self.keys.mkdir(exist_ok=True)
        path.mkdir()
        self.git("init", "-q", "-b", "main")
        shutil.copytree(SCHEMA, path / "schema")

    def git(
        self,
        *args: str,
        who: tuple[str, str] = CLERK,
        when: str = "2026-03-02T10:00:00Z",
        extra_env: dict[str, str] | None = None,
    ) -> str:
        """Run git as `who` at `when`; return stdout."""
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": who[0],
            "GIT_AUTHOR_EMAIL": who[1],
            "GIT_COMMITTER_NAME": who[0],
            "GIT_COMMITTER_EMAIL": who[1],
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            **(extra_env or {}),
        }
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, rel: str, text: str) -> None:
        """Write a file (bytes exactly as given)."""
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))

    def read(self, rel: str) -> str:
        """A file's text, bytes exactly as they are."""
        return (self.path / rel).read_bytes().decode("utf-8")

    def commit(
        self,
        message: str,
        *,
        who: tuple[str, str] = CLERK,
        when: str = "2026-03-02T10:00:00Z",
        key: Path | None = None,
    ) -> str:
        """Commit everything (empty allowed), SSH-signed with `key` if given; return the hash."""
        self.git("add", "-A")
        sign = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"] if key else []
        self.git(
            *sign,
            "commit",
            "-q",
            "--allow-empty",
            *(["-S"] if key else []),
            "-m",
            message,
            who=who,
            when=when,
        )
        return self.git("rev-parse", "HEAD").strip()

    def key(self, name: str) -> Path:
        """A fresh ed25519 key pair (no passphrase); the private key's path."""
        path = self.keys / name
        if not path.exists():
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
                check=True,
            )
        return path

    def allow(self, *signers: tuple[str, Path], options: str = "") -> None:
        """Write schema/allowed_signers listing each (email, key), each line with `options`
        (such as `valid-before="20260101"`), and the test agencies' email domains (which
        signed sign-offs need)."""
        lines = [
            f"{email} {options + ' ' if options else ''}"
            f"{Path(str(key) + '.pub').read_text().strip()}"
            for email, key in signers
        ]
        self.write("schema/allowed_signers", "\n".join(lines) + "\n")
        agencies = self.read("schema/agencies.yml")
        if "\nemail_domains:" not in agencies:
            self.write("schema/agencies.yml", agencies + TEST_DOMAINS)


def fixture_record() -> str:
    """The open stage-3 fixture record, exactly as stored."""
    return (FIXTURES / "PD-2026-0007.md").read_bytes().decode("utf-8")


def as_identity(monkeypatch, who: tuple[str, str], when: str, key: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    """Make git (run by the code under test) act as `who` at `when`, signing with `key`."""
    for part in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{part}_NAME", who[0])
        monkeypatch.setenv(f"GIT_{part}_EMAIL", who[1])
        monkeypatch.setenv(f"GIT_{part}_DATE", when)
    pairs = [("user.name", who[0]), ("user.email", who[1])]
    if key is not None:
        pairs += [("gpg.format", "ssh"), ("user.signingkey", str(key))]
    monkeypatch.setenv("GIT_CONFIG_COUNT", str(len(pairs)))
    for index, (name, value) in enumerate(pairs):
        monkeypatch.setenv(f"GIT_CONFIG_KEY_{index}", name)
        monkeypatch.setenv(f"GIT_CONFIG_VALUE_{index}", value)


def open_committed(path: Path, when: str = "2026-03-02T10:00:00Z") -> GitRepo:
    """A register in git holding the open stage-3 fixture record, committed."""
    repo = GitRepo(path)
    repo.write(RECORD, fixture_record())
    repo.commit("Open PD-2026-0007", when=when)
    return repo


def open_on_main(path: Path) -> GitRepo:
    """main: PD-2026-0007 open at stage 3, both managers' keys listed; branch `pr` made."""
    repo = GitRepo(path)
    repo.write(RECORD, fixture_record())
    repo.allow((ANN[1], repo.key("ann")), (BO[1], repo.key("bo")))
    repo.commit("Open PD-2026-0007", when="2026-03-06T09:00:00Z")
    repo.git("checkout", "-q", "-b", "pr")
    return repo


# Stage 4 of the fixture record, as `disputes escalate` requires it: the two managers of
# stage 3 carry the dispute on, so the sign-off keys of ANN and BO still sign it.
SAME_MANAGERS = {
    "challenger_manager": {
        "name": ANN[0],
        "designation": "Detective Sergeant",
        "agency": "Kent Police",
        "email": ANN[1],
    },
    "challenged_manager": {
        "name": BO[0],
        "designation": "Team Manager",
        "agency": "Children's Social Care",
        "email": BO[1],
    },
}


def escalate(text: str, on: date, fields: Mapping[str, Any] = SAME_MANAGERS) -> str:
    """`text` escalated to its next stage on `on` with `fields`, as `disputes escalate` does
    (the stage it leaves ends on `on`)."""
    from disputes.edit.stages import escalate_to
    from disputes.records.stagemodel import load_stage_model

    return escalate_to(text, on, load_stage_model(SCHEMA.parent), fields)


def resolved_register(repo: GitRepo) -> None:
    """Open at stage 3, escalated to stage 4, resolved at stage 4 (not yet signed off)."""
    from disputes.edit.roundtrip import resolve

    repo.write(RECORD, fixture_record())
    repo.commit("Open PD-2026-0007", when="2026-03-06T09:00:00Z")
    repo.write(RECORD, escalate(repo.read(RECORD), date(2026, 3, 12)))
    repo.commit("PD-2026-0007: escalate to stage 4", when="2026-03-12T09:00:00Z")
    repo.write(RECORD, resolve(repo.read(RECORD), date(2026, 3, 20), 4, "decision-changed"))
    repo.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")


def sign_off_message(
    repo: GitRepo,
    who: tuple[str, str],
    role: str,
    *,
    version: str | None = "current",
    record: str = RECORD,
) -> str:
    """A sign-off commit message as `disputes sign` writes it, naming the version it attests.

    `version="current"` attests the record as committed now; None leaves the version out,
    as sign-offs made before versions were attested did.
    """
    from disputes.history.attest import VERSION_TRAILER, version_of_text

    record_id = record.rsplit("/", 1)[-1].removesuffix(".md")
    if version == "current":
        version = version_of_text(repo.git("show", f"HEAD:{record}"))
    named = f"{VERSION_TRAILER}: {version}\n" if version else ""
    return (
        f"Sign-off {record_id} as {role}\n\nSign-off: {record_id} {role}\n{named}"
        f"Signed-off-by: {who[0]} <{who[1]}>"
    )
