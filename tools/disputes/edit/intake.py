"""The import commit: the imported records, committed together by the administrator.

Its message carries one `Imported: <id> <version>` trailer per record (the version as
history/attest.py digests it) and `Imported-by:`; signed, it is what attests a paper
sign-off (history/paper.py).
"""

from __future__ import annotations

from pathlib import Path

from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.history import Commit, Signature, last_commit, run_git, staged_paths
from disputes.history.paper import IMPORTED_BY, IMPORTED_TRAILER
from disputes.history.workdir import Identity


class ImportRefused(DisputesError):
    """The import cannot be committed (the message says why and what to do)."""

    exit_code = COULD_NOT_RUN


def refuse_staged(root: Path) -> None:
    """Refuse to start while other changes are staged: the import commit carries records only."""
    staged = staged_paths(root)
    if staged:
        raise ImportRefused(
            f"other changes are staged ({', '.join(staged[:5])}); the import commit carries "
            "only the imported records. Commit or unstage them (`git restore --staged FILE`) first"
        )


def import_message(sources: list[str], records: list[tuple[str, str]], who: Identity) -> str:
    """The commit message: what was imported from where, one trailer per record."""
    named = ", ".join(sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
    trailers = [f"{IMPORTED_TRAILER}: {record_id} {version}" for record_id, version in records]
    return (
        f"Import {len(records)} past dispute{'s' if len(records) != 1 else ''} from {named}\n\n"
        f"{who.name} imported these records with `disputes import`; what the sources did not "
        "give is 'not recorded'. A paper sign-off in them is attested by this commit's "
        "signature.\n\n" + "\n".join(trailers) + f"\n{IMPORTED_BY}: {who.name} <{who.email}>\n"
    )


def commit_import(
    root: Path, files: list[str], message: str, *, sign: bool
) -> tuple[Commit, Signature]:
    """Commit the imported record files, signed if asked; the new commit."""
    for start in range(0, len(files), 200):
        run_git(root, "add", "--", *files[start : start + 200])
    run_git(root, "commit", "-q", *(["-S"] if sign else []), "-F", "-", input_text=message)
    return last_commit(root)
