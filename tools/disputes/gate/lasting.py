"""What each commit of a change leaves in the register's history for good.

A pull request is judged by what it leaves: its records must be valid at its head, so a
mistake is put right by another commit (a manager in a browser cannot rewrite a branch).
But every commit of it stays in `main`'s history once merged (merge commits only, so the
managers' signed commits survive), and `audit`, the site's record pages and `verify` read
that history. What a later commit cannot undo is judged at every commit:

- **a record on the base branch deleted** (or renamed, or replaced by something that is
  not a plain record file), even if a later commit restores it: the restored file is a new
  version shown against nothing, so the trail no longer shows what changed across the gap
  (a closed record deleted and re-added with other content would hide its rewrite), and
  the sign-offs given before it stop counting (`history.placement`);
- **a closed record changed before its amendment**: a record closed where the change began
  and before the commit, changed by a commit when neither it nor an earlier commit of the
  change carries `Amends: <id> <reason>`. The unexplained change stays in the trail even if
  a later commit changes the record back or part of it; commits after the amendment
  continue it (a typo in the amendment is corrected by another commit);
- **a version no reader of history may parse** (too big, nested too deep, YAML anchors and
  aliases, a symbolic link, a submodule or a folder in a record's place);
- **a name in the child's case reference**, the one field whose form keeps names out: a
  name once committed stays in the history that `audit` and the record pages show.

The head commit is judged from what the head's own checks read (a deletion there is
`rules.deleted_records`'; a version too big or too deep there is reported by validation),
so a one-commit change costs no more reads than before. None of these can be taken back by
another commit, and the gate never asks for history to be rewritten: the message says to close the pull request and make the change again on a new
branch. Everything else (a broken field, a missing date, a typo, a file misnamed) is judged
at the head only. Sign-offs are bound to their version over the whole history at the head
(`history.placement`): a sign-off followed by any change to the record no longer counts,
whatever a later commit restores.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from disputes.gate.rules import CLOSED, Version, amends, status_of
from disputes.gate.walk import Step
from disputes.history.log import History
from disputes.history.safety import version_problem
from disputes.history.tree import Entry, entry_problems, record_sources, with_sizes
from disputes.records.entries import WRONG_NAME
from disputes.records.frontmatter import MAX_BYTES, FileProblem, split_front, too_big
from disputes.records.model import Issue
from disputes.records.snapshot import Source

if TYPE_CHECKING:
    from disputes.gate.check import Change

IDENTIFYING = frozenset({"child.reference"})  # never a name: the schema's pattern refuses one

Validate = Callable[[Mapping[str, Source]], list[Issue]]


def undo_advice(base: str) -> str:
    """What to do about a commit that no later commit can undo."""
    return (
        "; another commit cannot undo this, because every commit stays in the register's "
        f"history: close this pull request and make the change again on a new branch from {base}"
    )


@dataclass
class Lasting:
    """What the change's commits leave in history for good: the issues, and the records
    changed before their amendment (`rules.unamended_rewrites` leaves them to these)."""

    issues: list[Issue] = field(default_factory=list)
    unamended: set[str] = field(default_factory=set)


def lasting_issues(
    found: list[Step],
    change: Change,
    at_fork: Mapping[str, Version],
    validate: Validate,
    at_head: list[Issue],
) -> Lasting:
    """Problems a commit of the change leaves in history for good (see the module's notes).
    `at_fork`: each changed record's blob and status where the change began; `at_head`: the
    issues of the records at the head."""
    root, fix, result = change.history.root, undo_advice(change.base), Lasting()
    closed = {path: version for path, version in at_fork.items() if version[1] in CLOSED}
    before = statuses_before(change.history, found, closed)
    first_amended = first_amendments(change, closed)
    for step in found:
        at = change.history.position(step.commit)
        amended = {i for i, where in first_amended.items() if at is not None and where <= at}
        core = unamended_step(step, closed, before, amended)
        result.unamended |= {i.file for i in core}
        core += [
            Issue(
                path,
                1,
                "",
                f"deletes this record, which is on {change.base}; records "
                "are never deleted (to take one out of use, withdraw it)",
            )
            for path in step.removed
            if change.is_protected(path) and step.commit != change.head  # see deleted_records
        ]
        core += not_files(step.written)
        if step.commit == change.head:  # as the head's checks found it (read once), so the
            # author learns now that a later commit will not put it right
            written = {e.path for e in step.written}
            core += [i for i in at_head if i.file in written and identifying(i)]
        else:
            core += unreadable(root, step.written)
            core += [i for i in validate(record_sources(root, step.written)) if identifying(i)]
        result.issues += [
            Issue(i.file, i.line, i.path, f"in {step.label}: {i.message}{fix}") for i in core
        ]
    return result


def statuses_before(
    history: History, found: list[Step], closed: Mapping[str, Version]
) -> dict[str, str | None]:
    """The status, by blob, of each version a commit changed of a record closed at the fork
    (the fork's own is known: only later versions are read, through one bounded reader)."""
    wanted = {
        blob
        for step in found
        for path, blob in step.before
        if path in closed and blob != closed[path][0]
    }
    try:
        return {blob: status_of(history.blob_text(blob)) for blob in sorted(wanted)}
    finally:
        history.close()  # the reader's process ends here; a later read starts another


def unamended_step(
    step: Step,
    closed: Mapping[str, Version],
    before: Mapping[str, str | None],
    amended: set[str],
) -> list[Issue]:
    """The records closed at the fork and before `step` that it changes when no commit of
    the change up to it carries their amendment (`amended`: the ids one does)."""
    issues = []
    written = {e.path: e.blob for e in step.written}
    for path, blob in sorted(step.before):
        record_id = PurePosixPath(path).stem
        if path not in closed or record_id in amended or written.get(path) == closed[path][0]:
            continue  # open at the fork, amended, or back to the base's own text
        fork_blob, status = closed[path]
        if blob != fork_blob and before.get(blob) not in CLOSED:
            continue  # open before this commit: what an amendment reopened
        issues.append(
            Issue(
                path,
                1,
                "",
                f"changes {record_id}, which was already {status}, before any commit of this "
                "change records an amendment of it; a closed record is changed only by a "
                "recorded amendment: a commit whose message ends with the line "
                f"'Amends: {record_id} <why it is amended>'",
            )
        )
    return issues


def identifying(issue: Issue) -> bool:
    """Whether the issue is a value that may be a name, where a name never goes."""
    return issue.severity == "error" and issue.path in IDENTIFYING


def not_files(written: tuple[Entry, ...]) -> list[Issue]:
    """Entries in a record's place that are not files at all (a link, a submodule, a
    folder); a misnamed file is the head's to judge."""
    return [Issue(p, 1, "", why) for p, why in entry_problems(written) if why != WRONG_NAME]


def unreadable(root: Path, written: tuple[Entry, ...]) -> list[Issue]:
    """Versions no reader of the history may parse (see `history.safety`)."""
    issues: list[Issue] = []
    sized = [e for e in with_sizes(root, written) if e.is_record_file]
    issues += [Issue(e.path, 1, "", too_big(e.size)) for e in sized if e.size > MAX_BYTES]
    for path, source in sorted(record_sources(root, sized).items()):
        if isinstance(source, FileProblem):
            continue  # too big (above) or not UTF-8 text (a mistake the head judges)
        try:
            split_front(source)
        except FileProblem:
            continue  # no front matter to parse: history's readers read nothing of it
        if (why := version_problem(source)) is not None:
            issues.append(Issue(path, 1, "", why))
    return issues


def first_amendments(change: Change, closed: Mapping[str, Version]) -> dict[str, int]:
    """For each record closed at the fork, the place (in the change's commits, oldest
    first) of the first commit that carries its amendment, whether it changes a file or not."""
    ids = {PurePosixPath(path).stem for path in closed}
    found: dict[str, int] = {}
    for index, commit in enumerate(change.history.commits):
        for record_id in ids - set(found):
            if amends(commit, record_id):
                found[record_id] = index
    return found
