"""`disputes check --base REV`: the CI gate for a change to the register.

Everything is read from git objects: the base branch's tip, the point where the change
left it (the fork), the change's head and every commit in between. The working files
are never read, so an uncommitted edit can neither hide nor cause a problem.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from disputes.gate.configuration import (
    judge_configuration,
    outside_records,
    rules_from_texts,
)
from disputes.gate.lasting import lasting_issues
from disputes.gate.listing import Changed, Overlay, Tree, listing, tree_changes
from disputes.gate.rules import (
    closed_since_fork,
    deleted_records,
    fork_versions,
    mixed_configuration,
    parallel_ids,
    rewritten_paths,
    unamended_rewrites,
)
from disputes.gate.scoped import range_commits, scoped_history, touched_records
from disputes.gate.walk import steps
from disputes.history import (
    ALLOWED_SIGNERS,
    FileChange,
    History,
    allowed_signers_path,
    changed_records,
    merge_base,
    resolve_rev,
)
from disputes.history.hostsign import HOST_FILES, host_trust_from_texts
from disputes.history.placement import Rules
from disputes.history.signers import parse_signers, signer_issues
from disputes.history.signoffs import needs_sign_off, sign_off_problems
from disputes.history.tree import record_sources, texts_at
from disputes.policy.zone import policy_day
from disputes.records.config import AGENCIES_FILE, POLICY_FILE, SCHEMA_FILE
from disputes.records.domains import parse_email_domains
from disputes.records.load import Register
from disputes.records.model import Issue
from disputes.records.snapshot import validate_sources


@dataclass
class Change:
    """What a change to the register did, as git tells it."""

    base: str  # the name given, for messages
    base_commit: str
    fork: str  # where the change left the base branch
    head: str
    files: tuple[FileChange, ...]  # record files changed between fork and head
    new_commits: set[str]
    history: History
    trees: dict[str, Tree] = field(default_factory=dict)  # base, fork, head
    forked: dict[str, Changed] = field(default_factory=dict)  # fork → head, by path
    moved: dict[str, Changed] = field(default_factory=dict)  # fork → base, by path
    outside: dict[str, Changed] = field(default_factory=dict)  # configuration: all but records
    touched: set[str] = field(default_factory=set)  # record files the change writes or names
    base_files: dict[str, str | None] = field(default_factory=dict)  # BASE's configuration

    @property
    def configuration(self) -> list[str]:
        """The configuration paths the change alters: every path outside records/."""
        return sorted(self.outside)

    def is_protected(self, path: str) -> bool:
        """Whether `path` is a record file on the base branch that the change started from
        (never to go)."""
        at_fork = self.trees["fork"].entry(path)
        return (
            at_fork is not None
            and at_fork.is_record_file
            and self.trees["base"].entry(path) is not None
        )


@dataclass
class GateResult:
    """What `check` found, how many records it read, and whether only configuration changed
    (then judged as data by `configuration`; nothing of the change is run)."""

    issues: list[Issue]
    checked: int
    configuration_only: bool
    notes: list[str] = field(default_factory=list)  # paper sign-offs found attested


def read_change(root: Path, base: str, signers: Path) -> Change:
    """The change from BASE to HEAD; signatures checked against BASE's allowed signers."""
    base_commit = resolve_rev(root, base)
    head = resolve_rev(root, "HEAD")
    fork = merge_base(root, base_commit, head)
    base_files = texts_at(
        root, base_commit, [ALLOWED_SIGNERS, SCHEMA_FILE, AGENCIES_FILE, POLICY_FILE, *HOST_FILES]
    )
    signers.write_text(base_files[ALLOWED_SIGNERS] or "", encoding="utf-8")
    # One listing (the fork's, the id index); the head and the base are it and git's diffs.
    at_fork = listing(root, fork)
    forked, moved = tree_changes(root, fork, head), tree_changes(root, fork, base_commit)
    trees: dict[str, Tree] = {
        "fork": at_fork,
        "head": Overlay(at_fork, forked),
        "base": Overlay(at_fork, moved) if moved else at_fork,
    }
    # Only the change's own commits: cost follows the change (see sign_off_issues).
    files, own = changed_records(root, fork, head), range_commits(root, fork, head)
    touched = touched_records(files, own, trees["head"])
    history = History(root, own[::-1], allowed_signers_path(root, signers), None)  # no cache
    change = Change(
        base,
        base_commit,
        fork,
        head,
        files,
        {c.hash for c in own},
        history,
        trees,
        forked,
        moved,
        touched=touched,
        base_files=base_files,
    )
    change.outside = outside_records(root, fork, head)
    return change


def check_change(
    root: Path,
    base: str,
    *,
    today: date | None = None,
    require_signatures: bool = False,
    strict: bool = False,
) -> GateResult:
    """Every problem with the change: validity at the head (a mistake is put right by another
    commit), what each commit leaves in history for good (`lasting`: deletions, closed
    records changed before their amendment, unreadable versions, names), ids, amendments,
    configuration beside records, sign-offs.
    Every touched record is checked, whatever its dates: the gate has no "as of" view. The
    day is `today`, or else today in the zone of the base branch's policy (the change's own
    policy.yml is judged, not trusted)."""
    with tempfile.TemporaryDirectory() as folder:  # BASE's allowed signers, while checking
        change = read_change(root, base, Path(folder) / "allowed_signers")
        if today is None:
            today = policy_day(change.base_files[POLICY_FILE], f"{base}:{POLICY_FILE}")
        # The schema, agencies and the stages' needs as the base branch states them.
        schema, agencies, model = rules_from_texts(change.base_files, "(on the base branch)")
        head = change.trees["head"]
        touched = [e for path in sorted(change.touched) if (e := head.entry(path)) is not None]
        register = validate_sources(
            record_sources(root, touched),
            schema,
            agencies,
            today=today,
            strict=strict,
            model=model,
            elsewhere=ids_taken_elsewhere(change),
        )
        walked = steps(root, change.base_commit, change.head)
        before = [path for step in walked for path, _ in step.before]
        at_fork = fork_versions(change, root, [*rewritten_paths(change), *before])
        issues = list(register.issues)
        issues += [Issue(path, 1, "", why) for path, why in head.problems()]
        lasting = lasting_issues(
            walked,
            change,
            at_fork,
            lambda sources: (
                validate_sources(sources, schema, agencies, today=today, model=model).issues
            ),
            list(issues),
        )
        issues += lasting.issues
        issues += deleted_records(change)
        issues += parallel_ids(change)
        issues += unamended_rewrites(change, at_fork, lasting.unamended)
        issues += closed_since_fork(change, root)
        issues += mixed_configuration(change)
        rules = sign_off_rules(
            change.base_files[AGENCIES_FILE],
            Path(folder) / "allowed_signers",
            require_signatures,
            base,
            today,
        )
        rules.host = host_trust_from_texts(
            change.base_files, base
        )  # the base's, never the change's
        issues += sign_off_issues(change, register, rules) + proposed_signers(root, change)
    checked, configuration_only = register.checked, bool(change.outside) and not change.files
    if configuration_only:  # judged as data from git objects: nothing of the change runs
        found, checked = judge_configuration(
            root, change.fork, change.head, change.outside, head, today
        )
        issues += found
    if strict:  # a review stays a review: only an administrator can judge code
        issues = [replace(i, severity="error") if i.severity == "warning" else i for i in issues]
    return GateResult(sorted(set(issues)), checked, configuration_only, rules.notes)


def ids_taken_elsewhere(change: Change) -> Callable[[list[str]], dict[str, list[tuple[str, int]]]]:
    """Where a record file at the head, not touched, has an id (from the tree alone: a
    record's id is its file name, so the listing is the id index); the one duplicate-id
    rule (`records.registerrules.unique_ids`) judges."""
    head = change.trees["head"]
    return lambda ids: {
        record_id: [
            (e.path, 1)
            for e in head.named(record_id)
            if e.is_record_file and e.path not in change.touched
        ]
        for record_id in ids
    }


def sign_off_rules(
    agencies: str | None, signers: Path, require_signatures: bool, base: str, today: date
) -> Rules:
    """Sign-off rules from BASE's configuration: its allowed signers and email domains.

    Signatures are required when asked for or whenever BASE lists signers (safe by default).
    """
    text = signers.read_text(encoding="utf-8")
    domains = parse_email_domains(agencies or "")
    return Rules(
        signatures=require_signatures or bool(text.strip()),
        where=base,
        domains=domains,
        signers=parse_signers(text),
        today=today,
    )


def sign_off_issues(change: Change, register: Register, rules: Rules) -> list[Issue]:
    """Both managers' sign-offs of every record the change touched (see history.signoffs).

    Only a record that needs sign-off has its whole history read (earlier sign-offs count,
    and the messages name them): an edit of an open record costs no history walk at all.
    """
    touched = sorted(r.file for r in register.records if r.file in change.touched)
    wanted = [f for f in touched if needs_sign_off(register.parsed[f].data)]
    if not wanted:
        return []
    own = change.history
    history = scoped_history(own.root, change.head, own.commits[::-1], wanted, own.allowed_signers)
    return [
        issue
        for file in wanted
        for issue in sign_off_problems(file, register.parsed[file], history, rules)
    ]


def proposed_signers(root: Path, change: Change) -> list[Issue]:
    """Principals the change writes into schema/allowed_signers that are not plain-ASCII
    emails (the base's own are `verify`'s to report: a fix must be able to pass)."""
    if ALLOWED_SIGNERS not in change.configuration:
        return []
    return signer_issues(
        parse_signers(texts_at(root, change.head, [ALLOWED_SIGNERS])[ALLOWED_SIGNERS] or "")
    )
