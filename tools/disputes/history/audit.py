"""A record's audit trail: its commits, oldest first, with what changed in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from disputes.history import RECORDS_DIR, Commit, FileChange, History, Signature
from disputes.history.hostsign import HostTrust, host_entry_words, through_host
from disputes.history.versions import Versions

ROLE_WORDS = {
    "challenger_manager": "challenger manager",
    "challenged_manager": "challenged manager",
}


@dataclass(frozen=True)
class AuditEntry:
    """One commit in a record's audit trail."""

    hash: str
    date: str
    author: str
    committer: str
    subject: str
    trailers: tuple[tuple[str, str], ...]
    signature: str
    signer: str
    changes: tuple[str, ...]
    host: str = ""  # a sign-off made through the hosting site, in words ("" if not)
    host_counts: bool = False  # its host signature, identity and account hold

    def as_dict(self) -> dict[str, Any]:
        """The entry as `disputes audit --format json` shows it."""
        return {
            "hash": self.hash,
            "date": self.date,
            "author": self.author,
            "committer": self.committer,
            "subject": self.subject,
            "trailers": [{"key": k, "value": v} for k, v in self.trailers],
            "signature": self.signature,
            "signer": self.signer,
            "changes": list(self.changes),
            "host": self.host,
        }


def shown(value: Any) -> str:
    """A value in plain words: dates ISO, lists comma-separated."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {shown(v)}" for k, v in value.items())
    return str(value)


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted key paths; lists stay whole."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def field_changes(path: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Differences between two flattened mappings, one sentence each."""
    words = []
    for key in [*old, *(k for k in new if k not in old)]:
        label = f"{path}{key}"
        if key not in new:
            words.append(f"{label} removed (was {shown(old[key])})")
        elif key not in old:
            words.append(f"{label} added: {shown(new[key])}")
        elif old[key] != new[key]:
            words.append(f"{label} {shown(old[key])} → {shown(new[key])}")
    return words


def stage_changes(old: Any, new: Any) -> list[str]:
    """Stages added, removed or edited, by stage number."""
    before = {s.get("stage"): s for s in old or [] if isinstance(s, dict)}
    after = {s.get("stage"): s for s in new or [] if isinstance(s, dict)}
    words = []
    for number, stage in after.items():
        if number not in before:
            words.append(f"stage {number} added, started {shown(stage.get('started'))}")
        else:
            words += field_changes(f"stage {number} ", flatten(before[number]), flatten(stage))
    words += [f"stage {n} removed" for n in before if n not in after]
    return words


def section_changes(key: str, old: Any, new: Any) -> list[str]:
    """Resolution, withdrawal and sign-off in the words a manager would use."""
    if old == new:
        return []
    if key == "resolution" and isinstance(new, dict) and not old:
        return [f"resolution added: stage {new.get('stage')} on {shown(new.get('date'))}"]
    if key == "withdrawn" and isinstance(new, dict) and not old:
        return [f"withdrawn on {shown(new.get('date'))}: {shown(new.get('reason'))}"]
    if key == "sign_off":
        return sign_off_changes(old or {}, new or {})
    if not new:
        return [f"{key} removed"]
    return field_changes(f"{key}.", flatten(old or {}), flatten(new))


def sign_off_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Sign-offs added, removed or changed, per manager."""
    words = []
    for role, who in ROLE_WORDS.items():
        if role in new and role not in old:
            words.append(f"sign-off by {who} added")
        elif role in old and role not in new:
            words.append(f"sign-off by {who} removed")
        elif old.get(role) != new.get(role):
            words += field_changes(f"sign-off by {who}: ", old[role], new[role])
    return words


SECTIONS = ("stages", "resolution", "withdrawn", "sign_off")
LAYOUT = "comments or layout changed"  # the record says the same (see change_words)
RENAMED = "file renamed from "


def record_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed between two versions of a record's front matter, in plain words."""
    plain_old = flatten({k: v for k, v in old.items() if k not in SECTIONS})
    plain_new = flatten({k: v for k, v in new.items() if k not in SECTIONS})
    words = field_changes("", plain_old, plain_new)
    words += stage_changes(old.get("stages"), new.get("stages"))
    for key in SECTIONS[1:]:
        words += section_changes(key, old.get(key), new.get(key))
    return words


def change_words(change: FileChange, versions: Versions) -> list[str]:
    """Plain words for one commit's change to the record file."""
    if change.status == "D":
        return ["record deleted"]
    for sha, which in ((change.new_blob, "this version"), (change.old_blob, "the version before")):
        problem = versions.problem(sha)
        if problem:  # reported, never parsed: it could crash or hang the reader
            return [
                f"{which} of the record cannot be read, so what changed is not shown: {problem}"
            ]
    keys = versions.differing(change)
    new = versions.fields(change.new_blob, keys)
    if change.status == "A":
        return [f"record created: status {shown(new.get('status'))}"]
    words = [f"{RENAMED}{change.old_path}"] if change.status == "R" else []
    words += record_changes(versions.fields(change.old_blob, keys), new)
    if versions.body_changed(change):
        words.append("body text changed")
    elif keys and not words:
        words.append(LAYOUT)
    return words


def _entry(
    commit: Commit, signature: Signature, changes: list[str], host: tuple[str, bool] = ("", False)
) -> AuditEntry:
    """An audit entry for one commit."""
    return AuditEntry(
        hash=commit.hash,
        date=commit.author_date,
        author=f"{commit.author_name} <{commit.author_email}>",
        committer=f"{commit.committer_name} <{commit.committer_email}>",
        subject=commit.subject,
        trailers=commit.trailers,
        signature=signature.status,
        signer=signature.signer,
        changes=tuple(changes),
        host=host[0],
        host_counts=host[1],
    )


def audit_trail(
    record_file: str,
    history: History,
    versions: Versions | None = None,
    host: HostTrust | None = None,
) -> list[AuditEntry]:
    """The record's commits, oldest first, each with what it changed in the record's fields
    (and a sign-off made through the hosting site checked against `host`)."""
    versions = versions or Versions(history)
    found = history.commits_for(record_file)
    paths = _paths_of(record_file, found)
    commits = [(c, [ch for ch in c.changes if ch.path in paths]) for c in found]
    history.verify(found)
    return [
        _entry(
            c,
            history.signature(c),
            [w for ch in changes for w in change_words(ch, versions)],
            host_entry_words(host, history.root, c),
        )
        for c, changes in commits
    ]


def audit_trails(history: History, host: HostTrust | None = None) -> dict[str, list[AuditEntry]]:
    """Every record's audit trail (as the site needs them), reading blobs and YAML in bulk."""
    changes = [
        ch for c in history.commits for ch in c.changes if ch.path.startswith(RECORDS_DIR + "/")
    ]
    history.prefetch(sha for ch in changes for sha in (ch.old_blob, ch.new_blob) if sha)
    versions = Versions(history)
    versions.load(t for ch in changes for t in versions.needed(ch))
    history.verify(history.commits)
    if host is not None:
        host.verify(history.root, (c for c in history.commits if through_host(c)))
    return {f: audit_trail(f, history, versions, host) for f in history.record_files()}


def _paths_of(record_file: str, commits: list[Commit]) -> set[str]:
    """Every path the record has had (it may have been renamed)."""
    paths = {record_file}
    for commit in reversed(commits):
        for change in commit.changes:
            if change.status == "R" and change.path in paths and change.old_path:
                paths.add(change.old_path)
    return paths
