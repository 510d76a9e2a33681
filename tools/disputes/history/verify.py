"""`disputes verify`: the whole register's integrity on main, for a scheduled job.

Reads only git objects at one revision (never the working files): every record
resolved at stage 3 or later is signed off by both its managers at its current
version, and no record that ever existed is missing. A sign-off dropped by a squash
or rebase merge shows up as a missing or unsigned sign-off, and the message names the
commit that replaced it.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path, PurePosixPath

from disputes.history.git import ALLOWED_SIGNERS, RECORDS_DIR, run_git
from disputes.history.hostsign import (
    HOST_FILES,
    host_file_problem,
    host_trust_from_texts,
    through_host,
)
from disputes.history.log import History, read_history
from disputes.history.ops import file_at, is_ancestor, resolve_rev
from disputes.history.placement import Rules
from disputes.history.signers import parse_signers, signer_issues
from disputes.history.signoffs import sign_off_problems
from disputes.records.config import AGENCIES_FILE
from disputes.records.domains import parse_email_domains
from disputes.records.frontmatter import MAX_BYTES, FileProblem, parse_record_text
from disputes.records.model import Issue
from disputes.records.yamlsafe import format_path

RECORD_PATH = re.compile(r"^records/\d{4}/[^/]+\.md$")
REGULAR = ("100644", "100755")


def verify_register(
    root: Path,
    rev: str = "HEAD",
    *,
    today: date | None = None,
    since: str | None = None,
    notes: list[str] | None = None,
) -> tuple[list[Issue], int]:
    """Every integrity problem of the register at `rev`, and how many records were read.

    `since`: the last commit verified before; if `rev` no longer has it, main was rewritten.
    Paper sign-offs found attested by a signed import commit are added to `notes`.
    """
    commit = resolve_rev(root, rev)
    with tempfile.TemporaryDirectory() as folder:
        signers = Path(folder) / "allowed_signers"
        listed = file_at(root, commit, ALLOWED_SIGNERS) or ""
        signers.write_text(listed, encoding="utf-8")
        history = read_history(root, allowed_signers=signers, rev=commit, remember=False)
        hosts = {f: file_at(root, commit, f) for f in HOST_FILES}
        try:
            rules = Rules(
                signatures=bool(listed.strip()),
                where=rev,
                legacy_ok=True,
                domains=parse_email_domains(file_at(root, commit, AGENCIES_FILE) or ""),
                signers=parse_signers(listed),
                today=today,
                notes=notes if notes is not None else [],
                host=host_trust_from_texts(hosts, rev),
            )
            records = record_blobs(root, commit)
            # every record read once, streamed through one cat-file, not one round trip each
            history.prefetch(blob for blob, size in records.values() if size <= MAX_BYTES)
            if rules.signatures:  # every sign-off's signature in one git process, not one each
                history.verify(
                    c
                    for c in history.commits
                    if c.trailer_values("Sign-off") and not through_host(c)
                )
            if rules.host is not None:  # and the host's, in one more (a keyring made once)
                rules.host.verify(
                    root,
                    (
                        c
                        for c in history.commits
                        if through_host(c) and c.trailer_values("Sign-off")
                    ),
                )
            issues = rewritten(root, since, commit, rev) + signer_issues(rules.signers)
            issues += [
                Issue(path, 1, "", problem)
                for path, text in hosts.items()
                if (problem := host_file_problem(path, text))
            ]
            issues += deleted_records(history, set(records), rev)
            for file, (blob, size) in records.items():
                issues += record_problems(file, blob, size, history, rules)
        finally:
            history.close()
    return sorted(set(issues)), len(records)


def rewritten(root: Path, since: str | None, commit: str, rev: str) -> list[Issue]:
    """The history verified last time is gone: main was force-pushed (rewritten)."""
    if not since or is_ancestor(root, since, commit):
        return []
    return [
        Issue(
            rev,
            1,
            "",
            (
                f"main was rewritten: {since} is no longer in its history ({rev} is {commit[:10]}). "
                "Someone force-pushed, so commits verified before (sign-offs among them) may have been "
                "changed or removed. Find who pushed in the hosting site's audit log, compare with a "
                f"clone that still has {since[:10]} (`git log --oneline {since[:10]} ^{rev}` there "
                "lists what main lost), restore what was lost by a pull request, and protect main "
                "against force pushes. Then the administrator clears the remembered commit (the "
                "'verify-main' caches under Actions > Caches) so the next run starts from main"
            ),
        )
    ]


def record_blobs(root: Path, commit: str) -> dict[str, tuple[str, int]]:
    """Regular record files at the commit: path to (blob, size)."""
    found = {}
    output = run_git(root, "ls-tree", "-r", "-l", "-z", commit, "--", RECORDS_DIR)
    for entry in output.split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 4 and parts[0] in REGULAR and RECORD_PATH.match(path):
            found[path] = (parts[2], int(parts[3]))
    return found


def record_problems(file: str, blob: str, size: int, history: History, rules: Rules) -> list[Issue]:
    """The sign-off problems of one record as committed (or why it cannot be read)."""
    if size > MAX_BYTES:
        return [Issue(file, 1, "", f"the record is {size} bytes; it cannot be a record")]
    try:
        parsed = parse_record_text(history.blob_text(blob))
    except FileProblem as problem:
        return [
            Issue(
                file,
                problem.line,
                format_path(problem.path),
                f"{problem.message} (run `disputes validate`)",
            )
        ]
    return sign_off_problems(file, parsed, history, rules, blob)


def deleted_records(history: History, present: set[str], rev: str) -> list[Issue]:
    """Records that existed at some point in the history and are not at `rev`."""
    have = {PurePosixPath(p).stem for p in present}
    issues = []
    for path in history.record_files():
        record_id = PurePosixPath(path).stem
        if not RECORD_PATH.match(path) or record_id in have:
            continue
        have.add(record_id)  # one message per record, however many paths it had
        issues.append(Issue(path, 1, "", _deleted_words(history, path, record_id, rev)))
    return issues


def _deleted_words(history: History, path: str, record_id: str, rev: str) -> str:
    """Which commit removed the record, and how to restore it."""
    removal = next(
        (
            c
            for c in reversed(history.commits)
            for ch in c.changes
            if (ch.old_path or ch.path) == path and ch.status in "DR"
        ),
        None,
    )
    by = (
        f"commit {removal.hash[:10]} ('{removal.subject}', {removal.author_name}, "
        f"{removal.author_date[:10]}) removed it"
        if removal is not None
        else "a merge commit removed it"
    )
    return (
        f"{record_id} is not in the register at {rev} but was once at {path}; {by}. "
        "Records are never deleted: restore the file from the commit before (`git checkout "
        f"<commit>^ -- {path}`) by a pull request, and withdraw the record instead"
    )
