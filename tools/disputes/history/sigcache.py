"""Signature checks remembered between runs, inside the repository's git folder.

git checks each signed commit with its own ssh-keygen (or gpg) process, about 12 ms
each, so a register with thousands of sign-offs would spend minutes on every site
build. A commit never changes, and an SSH check depends only on the allowed-signers
file, so results are kept per version of that file. GPG results are not kept: a GPG
key can be revoked later in the keyring.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

CACHE_FILE = "disputes-signatures.tsv"
# git's %G? in our words
SIGNATURE_STATUS = {
    "G": "good",
    "B": "bad",
    "X": "bad",  # expired signature
    "Y": "bad",  # made by an expired key
    "R": "bad",  # made by a revoked key
    "U": "unknown-key",  # valid, but the key is not in the allowed-signers file
    "E": "unknown-key",  # cannot be checked: the key is missing
    "N": "unsigned",
}
NOT_SSH = "not-ssh"  # GPG or X.509: checked against a keyring, not schema/allowed_signers


@dataclass(frozen=True)
class Signature:
    """A commit's signature as checked against the allowed-signers file."""

    status: str  # good | bad | unknown-key | unsigned | not-ssh
    signer: str = ""  # the principal the allowed-signers file gives the key
    key: str = ""


def signature_of(code: str, signer: str, key: str) -> Signature:
    """Our word for git's %G?: a GPG or X.509 signature (no SHA256: SSH key) never counts,
    for git checks it against this computer's keyring, not the register's list."""
    status = SIGNATURE_STATUS.get(code, "unknown-key")
    if status != "unsigned" and key and not key.startswith("SHA256:"):
        status = NOT_SSH
    return Signature(status, signer, key)


def rememberable(signature: Signature) -> bool:
    """Whether a check may be remembered: an SSH one, or a commit with no signature."""
    return signature.status == "unsigned" or signature.key.startswith("SHA256:")


def cache_key(allowed_signers: str) -> str:
    """A short fingerprint of the allowed-signers file's content."""
    try:
        content = Path(allowed_signers).read_bytes() if allowed_signers != os.devnull else b""
    except OSError:
        content = b""
    return hashlib.sha256(content).hexdigest()[:16]


def load_cache(git_dir: Path | None, key: str) -> dict[str, Signature]:
    """The remembered checks made against this allowed-signers content."""
    if git_dir is None:
        return {}
    try:
        lines = (git_dir / CACHE_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    found = {}
    for line in lines:
        parts = line.split("\t")
        if len(parts) == 5 and parts[0] == key:
            found[parts[1]] = Signature(parts[2], parts[3], parts[4])
    return found


def save_cache(git_dir: Path | None, key: str, checked: dict[str, Signature]) -> None:
    """Remember new SSH and unsigned results (best effort: a read-only clone just re-checks)."""
    keep = [
        f"{key}\t{sha}\t{s.status}\t{s.signer}\t{s.key}\n"
        for sha, s in checked.items()
        if rememberable(s)
    ]
    if git_dir is None or not keep:
        return
    try:
        with open(git_dir / CACHE_FILE, "a", encoding="utf-8") as out:
            out.write("".join(keep))
    except OSError:
        pass
