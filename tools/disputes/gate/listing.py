"""A git tree's listing under records/ as one string, asked about a few paths at a time.

`check` must not cost the register: parsing each of 10,000 entries into Python objects for
every tree it compares was most of the gate's time. The listing stays the text
`git ls-tree -r -z` gives, and is searched in C (str.find, one regular expression) for the
few paths and ids a change concerns. Every entry is still judged by the rule in
`records.entries`: those that are plainly record files are skipped by the expression,
and the rest go through `git_entry_problem` one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from disputes.history.git import RECORDS_DIR, run_git
from disputes.history.tree import Entry
from disputes.records.entries import git_entry_problem

# An entry that is plainly a record file: a regular blob, no folder named like a record,
# a name of at least one character before `.md`. Anchored at an entry's start, so a path
# holding text like an entry cannot end a match early (tests/test_check_scope.py holds this
# to the rule in records.entries).
_RECORD_FILE = re.compile(
    r"(?:^|(?<=\0))100(?:644|755) blob [0-9a-f]+\t"
    r"(?:[^/\0]*(?<!\.md)/)*[^/\0]+\.md\0"
)


def file_stem(path: str) -> str:
    """`PurePosixPath(path).stem` by string work."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def parse_entry(item: str) -> Entry:
    """One `ls-tree -z` item (`mode type blob<TAB>path`) as an Entry (size unknown)."""
    meta, path = item.split("\t", 1)
    mode, _kind, blob = meta.split()[:3]
    return Entry(path, mode, blob, -1)


@dataclass(frozen=True)
class Listing:
    """Every file under records/ at one revision, as git lists them."""

    text: str  # `git ls-tree -r -z` output

    def _items_holding(self, needle: str) -> Iterator[str]:
        """Each listed item whose text holds `needle` (found in C, not entry by entry)."""
        text, start = self.text, 0
        while (found := text.find(needle, start)) >= 0:
            begin = text.rfind("\0", 0, found) + 1
            end = text.find("\0", found)
            end = len(text) if end < 0 else end
            yield text[begin:end]
            start = end + 1

    def entry(self, path: str) -> Entry | None:
        """The entry at `path`, or None."""
        for item in self._items_holding(f"\t{path}"):
            entry = parse_entry(item)
            if entry.path == path:  # not a longer path that ends the same way
                return entry
        return None

    def named(self, stem: str) -> list[Entry]:
        """Entries whose file name, less its suffix, is `stem` (a record's id), in order."""
        return [e for e in map(parse_entry, self._items_holding(stem)) if file_stem(e.path) == stem]

    def entries(self) -> list[Entry]:
        """Every entry (a configuration change re-validates the whole register)."""
        return [parse_entry(item) for item in self.text.split("\0") if item]

    def problems(self) -> list[tuple[str, str]]:
        """(path, why) for each entry that is not a record file (see records.entries)."""
        rest = _RECORD_FILE.sub("", self.text)
        entries = [parse_entry(item) for item in rest.split("\0") if item]
        return [(e.path, why) for e in entries if (why := git_entry_problem(e.path, e.mode))]


@dataclass(frozen=True)
class Overlay:
    """Another revision's tree as a listing and git's diff from it: a path the diff does not
    name is as in the listing, so one `ls-tree` serves the fork, the head and the base."""

    below: Listing | Overlay
    changes: dict[str, Changed]  # from `tree_changes(below's revision, this revision)`

    def entry(self, path: str) -> Entry | None:
        """The entry at `path`, or None."""
        changed = self.changes.get(path)
        return self.below.entry(path) if changed is None else changed.new

    def named(self, stem: str) -> list[Entry]:
        """Entries whose file name, less its suffix, is `stem`, in path order."""
        kept = [e for e in self.below.named(stem) if e.path not in self.changes]
        new = [c.new for c in self.changes.values() if c.new and file_stem(c.path) == stem]
        return sorted([*kept, *new], key=lambda e: e.path)

    def entries(self) -> list[Entry]:
        """Every entry, as `Listing.entries`."""
        kept = [e for e in self.below.entries() if e.path not in self.changes]
        return sorted(
            [*kept, *(c.new for c in self.changes.values() if c.new)], key=lambda e: e.path
        )

    def problems(self) -> list[tuple[str, str]]:
        """(path, why) for each entry that is not a record file (see records.entries)."""
        kept = [(p, why) for p, why in self.below.problems() if p not in self.changes]
        new = [
            (c.path, why)
            for c in self.changes.values()
            if c.new and (why := git_entry_problem(c.path, c.new.mode))
        ]
        return sorted([*kept, *new])


Tree = Listing | Overlay


def listing(root: Path, rev: str) -> Listing:
    """The listing of records/ at `rev` (paths relative to the register folder)."""
    return Listing(run_git(root, "ls-tree", "-r", "-z", rev, "--", RECORDS_DIR))


@dataclass(frozen=True)
class Changed:
    """One path that differs between two trees, with both sides (None: not on that side)."""

    path: str
    old: Entry | None
    new: Entry | None

    @property
    def rewritten(self) -> bool:
        """On both sides with different content (not only a new mode)."""
        return self.old is not None and self.new is not None and self.old.blob != self.new.blob


def tree_changes(root: Path, old: str, new: str, *, everywhere: bool = False) -> dict[str, Changed]:
    """Paths under records/ that differ between two commits, by path (renames as a deletion
    and an addition), from `git diff-tree`: the trees are compared by git, not here.
    `everywhere`: every path of the repository instead, from its top."""
    if old == new:
        return {}
    relative, where = ([], []) if everywhere else (["--relative"], ["--", RECORDS_DIR])
    output = run_git(
        root,
        "diff-tree",
        "-r",
        "-z",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        *relative,
        "--ignore-submodules=none",  # whatever .gitmodules says
        old,
        new,
        *where,
    )
    fields = output.split("\0")
    found = {}
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(":"):
            continue
        old_mode, new_mode, old_blob, new_blob, status = meta[1:].split()[:5]
        found[path] = Changed(
            path,
            None if status.startswith("A") else Entry(path, old_mode, old_blob, -1),
            None if status.startswith("D") else Entry(path, new_mode, new_blob, -1),
        )
    return found
