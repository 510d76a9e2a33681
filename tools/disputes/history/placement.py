"""A sign-off's place in history: it counts only after the change it signs.

A manager signs one version of a record, and the same version can come back later: a
pull request that restores an old text (with an `Amends:` trailer or without) makes the
record read exactly as it did when it was signed. The sign-offs given then were given to
the record's past, not to this change. So a sign-off counts only if it was made after the
latest commit that changed the record's version (or its `sign_off:` block, whose names,
designations and dates the printed form shows beside the signatures): a descendant of that commit in git,
dated no earlier than it, and not dated in the future (a date moved back or forward would
also bring an expired or not-yet-valid key back to life, see `signers`).

git's log shows no change for a merge, so a version brought back by a merge alone (one
that keeps its own side, `git merge -s ours`) is placed at the latest commit that changed
the version on either side: the change the merge threw away. Its sign-offs must be newer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath

from disputes.history.attest import state_of_text
from disputes.history.git import RECORDS_DIR
from disputes.history.hostsign import HostTrust
from disputes.history.log import Commit, History
from disputes.history.ops import is_ancestor
from disputes.history.signers import Signer
from disputes.records.domains import Domains

SKEW = timedelta(minutes=15)  # two computers' clocks may differ this much, honestly


@dataclass
class Rules:
    """How strictly sign-offs are checked, and against what."""

    signatures: bool  # a good signature from the manager's listed key is required
    where: str = "the base branch"  # whose schema/allowed_signers is used, for messages
    legacy_ok: bool = False  # legacy sign-offs are a warning (verify), not an error (check)
    domains: Domains = field(default_factory=dict)
    signers: list[Signer] = field(default_factory=list)  # allowed_signers, for key windows
    today: date | None = None  # the day of the check: a sign-off dated later is refused
    notes: list[str] = field(default_factory=list)  # paper sign-offs found attested
    host: HostTrust | None = None  # sign-offs made through the hosting site (`hostsign`)


def producing_commit(
    history: History, file: str, version: str, blob: str | None = None, block: str | None = None
) -> Commit | None:
    """The latest commit (in the register's order) that changed the record's version or its
    `sign_off:` block (a sign-off commit changes neither): the one that made `version`, or a
    later one whose change a merge threw away; None if no commit in the history did.
    `blob`: the record's current blob, whose version and `block` are known (a record's YAML
    is read only when it must be)."""
    name = "/" + PurePosixPath(file).name  # the record's file name, in any folder
    State = tuple[str | None, str | None]
    known: dict[str, State] = {blob: (version, block)} if blob and block is not None else {}

    def version_at(sha: str | None) -> State:
        if sha is None:
            return None, None
        if sha not in known:
            known[sha] = state_of_text(history.blob_text(sha))
        return known[sha]

    for commit in reversed(history.commits_for(file)):
        for change in commit.changes:
            if (
                change.new_blob is None
                or change.new_blob == change.old_blob
                or not change.path.endswith(name)
                or not change.path.startswith(RECORDS_DIR + "/")
            ):
                continue
            if version_at(change.new_blob) != version_at(change.old_blob):
                return commit
    return None


def descends(history: History, commit: Commit, ancestor: Commit) -> bool:
    """Whether `ancestor` is in `commit`'s history (and is not the commit itself)."""
    if commit.hash == ancestor.hash:
        return False
    floor = history.position(ancestor.hash) or 0
    todo, seen = list(commit.parents), set()
    while todo:
        sha = todo.pop()
        if sha == ancestor.hash:
            return True
        index = history.position(sha)
        if index is None:  # a history read in part (the gate's): git knows the rest
            return is_ancestor(history.root, ancestor.hash, commit.hash)
        if sha not in seen and index > floor:  # commits before the ancestor cannot lead to it
            seen.add(sha)
            todo.extend(history.commits[index].parents)
    return False


def placement_problem(
    history: History, claim: Commit, made: Commit | None, today: date | None
) -> str | None:
    """Why a sign-off of the current version is out of place (None when it counts)."""
    when = _date(claim.committer_date)
    if today is not None and when is not None and when.date() > today + timedelta(days=1):
        return (
            f"(commit {claim.hash[:10]}) is dated {claim.committer_date[:10]}, in the future: "
            "a sign-off carries the date it was made, and a key is judged at that date"
        )
    if made is None:
        return None
    if not descends(history, claim, made):
        return (
            f"(commit {claim.hash[:10]}) was made before commit {made.hash[:10]} "
            f"('{made.subject}'), the latest change to what the record says: it signed an "
            "earlier time the record read the same, not the record as it came to be, so a "
            "version that comes back needs new sign-offs"
        )
    before = _date(made.committer_date)
    if when is None or (before is not None and when < before - SKEW):
        return (
            f"(commit {claim.hash[:10]}) is dated {claim.committer_date[:10]}, before the "
            f"change it signs (commit {made.hash[:10]}, {made.committer_date[:10]}): a "
            "sign-off's date cannot be moved back"
        )
    return None


def _date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
