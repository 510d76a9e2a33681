"""`disputes renumber`: give a record whose id another change took the next free id.

File name, `id:` field and a commit, in one step, under the register's lock; if any part
fails, the record is put back as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from disputes.edit.allocate import free_id
from disputes.edit.atomic import write_atomic
from disputes.edit.lock import register_lock
from disputes.edit.roundtrip import edit_front_matter
from disputes.history import GitError, run_git, signing_configured
from disputes.history.ids import ID_PATTERN, base_commit, ids_at
from disputes.history.workdir import has_uncommitted_change, is_tracked
from disputes.records.config import relative
from disputes.records.find import EditError, find_record, read_record_text


@dataclass(frozen=True)
class Renumbered:
    """What renumbering did."""

    old_id: str
    new_id: str
    new_file: str
    commit: str | None  # None when the record was not committed yet (nor is it now)
    taken_on_base: bool


def renumber_record(root: Path, old_id: str, base: str | None = None) -> Renumbered:
    """Move record `old_id` to the next free id (here and on the base branch) and commit it."""
    with register_lock(root):
        path = find_record(root, old_id)
        old_file = relative(path, root)
        match = ID_PATTERN.match(old_id)
        if match is None:
            raise EditError(f"{old_id} is not an id like PD-2026-0007, so it cannot be renumbered")
        commit = base_commit(root, base)
        base_ids = ids_at(root, commit) if commit else {}
        tracked = is_tracked(root, old_file)
        if tracked:
            _refuse_if_merged(root, commit, old_id, old_file, base)
            if has_uncommitted_change(root, old_file):
                raise EditError(
                    f"{old_file} has changes that are not committed; commit them first "
                    f"(git commit -m '{old_id}: ...' -- {old_file}), then renumber"
                )
        new_id = free_id(root, int(match.group(1)), base)
        new_path = path.with_name(f"{new_id}.md")
        text = read_record_text(path, old_file)
        write_atomic(new_path, _with_id(text, new_id), exclusive=True)
        path.unlink()
        new_file = relative(new_path, root)
        made = _commit(root, old_file, new_file, text, old_id, new_id, base) if tracked else None
    return Renumbered(old_id, new_id, new_file, made, old_id in base_ids)


def _with_id(text: str, new_id: str) -> str:
    """The record with its `id:` changed and nothing else."""

    def change(data: CommentedMap) -> None:
        data["id"] = new_id

    return edit_front_matter(text, change)


def _refuse_if_merged(
    root: Path, commit: str | None, old_id: str, old_file: str, base: str | None
) -> None:
    """A record that was on the base branch before this branch began keeps its id for ever."""
    if commit is None:
        return
    try:
        fork = run_git(root, "merge-base", commit, "HEAD").strip()
    except GitError:
        return  # no commit on this branch yet, or no history in common: nothing merged
    if old_id in ids_at(root, fork):
        raise EditError(
            f"{old_id} was already on {base or 'origin/main'} before this branch began, so it "
            "keeps its id: ids in the register never change once merged. If this branch added "
            "another record with the same id, renumber the file this branch added instead"
        )


def _commit(
    root: Path,
    old_file: str,
    new_file: str,
    text: str,
    old_id: str,
    new_id: str,
    base: str | None,
) -> str:
    """Commit the rename alone (other staged changes stay staged); undo it if git fails."""
    message = (
        f"Renumber {old_id} to {new_id}: the id was taken on {base or 'origin/main'}\n\n"
        f"Another change gave {old_id} to a different record first, so this record takes the "
        f"next free id, {new_id}. Nothing else in it changed.\n\n"
        f"Renumbered: {old_id} {new_id}\n"
    )
    sign = ["-S"] if signing_configured(root) else []
    try:
        run_git(root, "add", "--", new_file)
        run_git(
            root, "commit", "-q", *sign, "-F", "-", "--", old_file, new_file, input_text=message
        )
    except GitError:
        run_git(root, "reset", "-q", "--", new_file)
        write_atomic(root / old_file, text, exclusive=True)
        (root / new_file).unlink()
        raise
    return run_git(root, "rev-parse", "HEAD").strip()
