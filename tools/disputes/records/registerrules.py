"""The rules across the register: what no one record can show, run on what was seen of all.

`records.validate.run_pipeline` runs exactly the rules in `REGISTER_RULES`, with the
severity given there, and the Record format page lists them (`records/rulebook.py`): a
rule added to the list is both documented and run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from disputes.records.model import Issue, Severity

IdPlace = tuple[str, int]  # a record's file and the line of its id


@dataclass
class Seen:
    """What the rules across the register read: every file counted, each record's id."""

    files: list[str] = field(default_factory=list)
    ids: dict[str, list[IdPlace]] = field(default_factory=lambda: defaultdict(list))


def file_place(seen: Seen) -> Iterator[Issue]:
    """A record file is at records/<year opened>/<id>.md, whatever its content."""
    for file in sorted(seen.files):
        if (issue := location_issue(file)) is not None:
            yield issue


def location_issue(file: str) -> Issue | None:
    """The problem with where one file is, if it is not at records/<year>/<id>.md."""
    parts = PurePosixPath(file).parts
    if len(parts) == 3 and parts[0] == "records" and len(parts[1]) == 4 and parts[1].isdigit():
        return None
    return Issue(
        file, 1, "", "a record file must be at records/<year opened>/<id>.md; move it there"
    )


def unique_ids(seen: Seen) -> Iterator[Issue]:
    """Every record has its own id: no two files in the register share one. Checking
    some files compares them with the files named for their ids; a copy under another
    name or in another folder breaks its own place rule and is reported, with the id
    it shares, when it or the register is checked."""
    for record_id, places in seen.ids.items():
        for file, line in sorted(places) if len(places) > 1 else []:
            others = sorted(f for f, _ in places if f != file)
            yield duplicate_id_issue(file, line, record_id, others)


def duplicate_id_issue(file: str, line: int, record_id: str, others: list[str]) -> Issue:
    """The problem of a file whose id other files also use."""
    return Issue(
        file,
        line,
        "id",
        (
            f"the id {record_id} is also used by {', '.join(others)}; every record needs its "
            "own id (`disputes new` picks the next free one)"
        ),
    )


RegisterRule = Callable[[Seen], Iterable[Issue]]
# The rules across the register: `run_pipeline` runs exactly these, and the Record format
# page lists them (records/rulebook.py). A rule added here is documented and run.
REGISTER_RULES: list[tuple[str, RegisterRule, Severity]] = [
    ("file_place", file_place, "error"),
    ("unique_ids", unique_ids, "error"),
]
