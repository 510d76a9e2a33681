"""The only git user: the register's history read once, sign-off commits, revisions.

`read_history(root)` runs one `git log` for the whole register; `History.commits_for(file)`
gives a record's commits, following renames. Nothing else in the package starts git.
"""

from disputes.history.git import (
    ALLOWED_SIGNERS,
    RECORDS_DIR,
    SHALLOW_FIX,
    GitError,
    allowed_signers_path,
    ensure_full_history,
    run_git,
)
from disputes.history.log import (
    LOG_FORMAT,
    Commit,
    FileChange,
    History,
    Signature,
    parse_log,
    parse_raw,
    read_history,
    verify_commits,
)
from disputes.history.ops import (
    changed_records,
    commit_record,
    file_at,
    files_at,
    git_config,
    history_state,
    last_commit,
    merge_base,
    range_hashes,
    resolve_rev,
    signing_configured,
    staged_paths,
)
from disputes.history.sigcache import SIGNATURE_STATUS

__all__ = [
    "ALLOWED_SIGNERS",
    "LOG_FORMAT",
    "RECORDS_DIR",
    "SHALLOW_FIX",
    "SIGNATURE_STATUS",
    "Commit",
    "FileChange",
    "GitError",
    "History",
    "Signature",
    "allowed_signers_path",
    "changed_records",
    "commit_record",
    "ensure_full_history",
    "file_at",
    "files_at",
    "git_config",
    "last_commit",
    "merge_base",
    "parse_log",
    "parse_raw",
    "range_hashes",
    "read_history",
    "history_state",
    "resolve_rev",
    "run_git",
    "signing_configured",
    "staged_paths",
    "verify_commits",
]
