"""The hosting site stood in for: a bare repository, the issue event as the host sends it,
and the `requests` workflow's steps run as the workflow runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from gitrepo import ANN, BO, GitRepo, fixture_record, isolated_env

RECORD = "records/2026/PD-2026-0007.md"
AS_OF = "2026-04-01"
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
ACCOUNTS = f"accounts:\n  {ANN[1]}: ann-lee\n  {BO[1]}: bo-khan\n"
TOOLS = str(Path(__file__).resolve().parents[1] / "tools")
FORMS = Path(__file__).resolve().parents[1] / ".github" / "ISSUE_TEMPLATE"


def host_register(tmp: Path, record: str = fixture_record()) -> Path:
    """The host's bare repository, its main holding the fixture record and the accounts."""
    tmp.mkdir(parents=True, exist_ok=True)
    repo = GitRepo(tmp / "start")
    repo.write(RECORD, record)
    repo.write("schema/accounts.yml", ACCOUNTS)
    repo.commit("Open PD-2026-0007", when="2026-03-06T09:00:00Z")
    host = tmp / "host.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(host)], check=True)
    repo.git("push", "-q", str(host), "main")
    return host


def env(home: Path) -> dict[str, str]:
    """A runner's environment: git as the workflow's bot at a fixed time, no outside config."""
    made = {**os.environ, **isolated_env(home), "PYTHONPATH": TOOLS}
    for part in ("AUTHOR", "COMMITTER"):
        made |= {f"GIT_{part}_NAME": BOT[0], f"GIT_{part}_EMAIL": BOT[1],
                 f"GIT_{part}_DATE": "2026-04-01T10:00:00Z"}  # fmt: skip
    return made


def git(where: Path, *args: str, home: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=where, env=env(home), capture_output=True, text=True, check=True
    ).stdout


def checkout(host: Path, where: Path) -> Path:
    """What actions/checkout does: the host's main, cloned."""
    subprocess.run(["git", "clone", "-q", "-b", "main", str(host), str(where)], check=True,
                   env=env(where.parent))  # fmt: skip
    return where


def github_body(step: str, answers: dict[str, Any]) -> str:
    """An issue's text as the hosting site renders an answered issue form (read from the
    form file itself): `### Label`, a blank line, the answer or `_No response_`; a
    checkbox as `- [X] label`; several choices joined by ', '."""
    form = yaml.safe_load((FORMS / f"{step}.yml").read_text("utf-8"))
    parts = []
    for field in form["body"]:
        if field["type"] == "markdown":
            continue
        label, given = field["attributes"]["label"], answers.get(field["id"])
        if field["type"] == "checkboxes":
            boxes = [f"- [{'X' if given else ' '}] {o['label']}"
                     for o in field["attributes"]["options"]]  # fmt: skip
            value = "\n".join(boxes)
        elif isinstance(given, list):
            value = ", ".join(given)
        else:
            value = given if given else "_No response_"
        parts.append(f"### {label}\n\n{value}")
    return "\n\n".join(parts)


def event(body: str, number: int = 12, login: str = "ann-lee") -> dict[str, Any]:
    """An `issues` event payload as the host sends it (the parts a workflow reads, and more)."""
    user = {"login": login, "id": 1001, "type": "User"}
    return {
        "action": "opened",
        "issue": {
            "number": number, "title": "A request", "body": body, "user": user,
            "labels": [{"id": 1, "name": "disputes-request", "color": "ededed"}],
            "state": "open", "html_url": f"https://github.example/o/r/issues/{number}",
        },
        "repository": {"full_name": "lscp/register", "default_branch": "main"},
        "sender": user,
    }  # fmt: skip


def run_workflow(host: Path, tmp: Path, payload: dict[str, Any] | str) -> tuple[int, str, Path]:
    """The workflow's steps: check out main, `disputes request` as a process, and push the
    request's branch when it was made. Exit status, the answer, the checkout."""
    tmp.mkdir(parents=True, exist_ok=True)
    work = checkout(host, tmp / "runner")
    event_file, answer = tmp / "event.json", tmp / "answer.md"
    event_file.write_text(payload if isinstance(payload, str) else json.dumps(payload), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "disputes", "request", "--event", str(event_file),
         "--answer", str(answer), "--as-of", AS_OF],
        cwd=work, env=env(tmp), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    if done.returncode == 0:
        branch = git(work, "rev-parse", "--abbrev-ref", "HEAD", home=tmp).strip()
        git(work, "push", "-q", "origin", branch, home=tmp)
    return done.returncode, answer.read_text("utf-8") if answer.exists() else "", work


def host_branches(host: Path) -> list[str]:
    out = subprocess.run(["git", "for-each-ref", "--format=%(refname:short)", "refs/heads"],
                         cwd=host, capture_output=True, text=True, check=True).stdout  # fmt: skip
    return out.split()


def by_command(host: Path, tmp: Path, args: list[str], message: str | None) -> Path:
    """The same step made on the command line in a clone of main, committed as its output
    says (`git commit -am ...`), or by the command itself (an amendment)."""
    work = checkout(host, tmp / "terminal")
    done = subprocess.run(
        [sys.executable, "-m", "disputes", *args, "--as-of", AS_OF],
        cwd=work, env=env(tmp), capture_output=True, text=True, stdin=subprocess.DEVNULL,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    hint = re.search(r"Commit it: git commit -am '(.+)'$", done.stdout, re.M)
    if hint or message:
        git(work, "add", "-A", home=tmp)
        git(work, "commit", "-q", "-m", message or hint.group(1), home=tmp)  # type: ignore[union-attr]
    return work


def merge(host: Path, tmp: Path, branch: str) -> None:
    """The business unit merges the request's pull request (a merge commit) into main."""
    work = tmp / f"merge-{branch.replace('/', '-')}"
    checkout(host, work)
    git(work, "fetch", "-q", "origin", branch, home=tmp)
    git(work, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", "FETCH_HEAD", home=tmp)
    git(work, "push", "-q", "origin", "main", home=tmp)


def disputes(where: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`disputes ARGS` as a process in `where`."""
    return subprocess.run(
        [sys.executable, "-m", "disputes", *args], cwd=where, env=env(tmp),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


HOST = ("GitHub", "noreply@github.com")  # the committer the site records for its API commits


def list_host_key(host: Path, tmp: Path) -> Path:
    """The administrator lists the site's key and the request workflow's identity on main
    (schema/host_signers, the `host:` block of schema/accounts.yml); the stand-in key."""
    key = tmp / "host-key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "host", "-f", str(key)],
                   check=True)  # fmt: skip
    work = checkout(host, tmp / "list-host")
    public = Path(f"{key}.pub").read_text("utf-8").strip()
    (work / "schema/host_signers").write_text(f"{HOST[1]} {public}\n", "utf-8")
    block = f"host:\n  request_author: {BOT[0]} <{BOT[1]}>\n  request_committer: {HOST[0]} <{HOST[1]}>\n"
    (work / "schema/accounts.yml").write_text(block + ACCOUNTS, "utf-8")
    git(work, "add", "-A", home=tmp)
    git(work, "commit", "-q", "-m", "List the hosting site's key", home=tmp)
    git(work, "push", "-q", "origin", "main", home=tmp)
    return key


def host_signs(host: Path, tmp: Path, branch: str, key: Path) -> None:
    """What the workflow has the site do with a sign-off: re-create the branch's last commit
    through the site's API (the same tree, parent and message), committed as the site and
    signed with the site's key; the branch moved to it."""
    work = tmp / f"sign-{branch.replace('/', '-')}"
    checkout(host, work)
    git(work, "fetch", "-q", "origin", branch, home=tmp)
    git(work, "checkout", "-q", "-B", branch, "FETCH_HEAD", home=tmp)
    subprocess.run(
        ["git", "-c", "gpg.format=ssh", "-c", f"user.signingkey={key}", "commit", "-q", "-S",
         "--amend", "--no-edit", "--allow-empty"],
        cwd=work, check=True, capture_output=True,
        env={**env(tmp), "GIT_COMMITTER_NAME": HOST[0], "GIT_COMMITTER_EMAIL": HOST[1]},
    )  # fmt: skip
    git(work, "push", "-q", "-f", "origin", branch, home=tmp)
