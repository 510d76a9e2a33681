"""Sign the demo register again under the rules of issue 10 (a sign-off attests a version).

The demo's sign-offs were made before sign-offs named the version they sign, so
`disputes verify` calls them "legacy, version not attested". This makes, for every
record resolved at stage 3 or later, each named manager's sign-off of the record as it
is committed now, with `disputes sign` acting as that (fictional) manager. Run it once
on main, with a clean working tree, after all branches are merged:

    .venv/bin/python tools/resign_demo.py            # in the register's folder
    .venv/bin/disputes verify                        # no "legacy" warnings left

A sign-off that already attests the current version is left alone, so running it twice
changes nothing. Only for the demo register: real managers sign on their own computers.
Run it where git is not set up to sign commits (no user.signingkey, commit.gpgsign
false): the fictional managers have no keys, and a signature made with your key would
be someone else's key on their sign-offs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from disputes.edit.signoff import ROLES, SignError, sign_record
from disputes.history.ops import file_at
from disputes.history.signoffs import managers, needs_sign_off
from disputes.history.verify import record_blobs
from disputes.records.frontmatter import FileProblem, parse_record_text


@contextmanager
def acting_as(name: str, email: str) -> Iterator[None]:
    """Make git (run by `disputes sign`) author and commit as this person, then restore."""
    names = [f"GIT_{part}_{what}" for part in ("AUTHOR", "COMMITTER") for what in ("NAME", "EMAIL")]
    before = {key: os.environ.get(key) for key in names}
    for key in names:
        os.environ[key] = name if key.endswith("NAME") else email
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def records_to_sign(root: Path) -> Iterator[tuple[str, str, str, str]]:
    """(record id, role option, manager name, email) for each sign-off the demo needs."""
    for file in sorted(record_blobs(root, "HEAD")):
        try:
            parsed = parse_record_text(file_at(root, "HEAD", file) or "")
        except FileProblem:
            continue  # `disputes validate` reports it; nothing to sign
        if not needs_sign_off(parsed.data):
            continue
        people = managers(parsed.data)
        for option, role in ROLES.items():
            person = people[role]
            if person.get("email"):
                yield str(parsed.data["id"]), option, str(person["name"]), str(person["email"])


def resign(root: Path) -> list[str]:
    """Make every missing sign-off; one line per record and role saying what was done."""
    done = []
    for record_id, option, name, email in list(records_to_sign(root)):
        with acting_as(name, email):
            try:
                commit, _, _ = sign_record(root, record_id, option, require_signature=False)
            except SignError as error:
                done.append(f"{record_id} {option}: not signed ({error})")
                continue
        done.append(f"{record_id} {option}: signed by {name} in {commit.hash[:10]}")
    return done


def main() -> int:
    """Re-sign the register in the current folder (or the one given)."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    for line in resign(root):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
