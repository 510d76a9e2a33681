"""The gate's tree listing (gate/listing.py) answers as parsing every entry would.

`check` searches `git ls-tree -z` text instead of parsing 10,000 entries, and builds the
head's and the base's trees from the fork's listing and git's diffs. Both shortcuts are
held here to the plain answer, entry by entry, over trees with hostile names: tabs that
make a path look like another entry, `.md` folders, a file named `.md`, links, submodules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import RECORD, GitRepo, fixture_record
from hypothesis import given, settings
from hypothesis import strategies as st

from disputes.gate.listing import Changed, Listing, Overlay, file_stem, listing
from disputes.history.tree import Entry, entry_problems

PIECES = [
    "records",
    "2026",
    "PD-1.md",
    "PD-1",
    ".md",
    "a.md",
    "x.MD",
    "t\tab",
    "b.txt",
    "PD-1.md\trecords",
    "100644 blob 00\tPD-1.md",
    "PD-2.md",
    "PD-1.x.md",
    "p",
]
MODES = ["100644", "100755", "120000", "160000"]
STEMS = ["PD-1", "PD-2", ".md", "a", "PD-1.x", "p", "b", "x", "records"]

paths = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("/".join)
trees = st.dictionaries(
    paths, st.tuples(st.sampled_from(MODES), st.sampled_from("0123")), max_size=12
)


def text_of(tree: dict[str, tuple[str, str]]) -> str:
    """The tree as `git ls-tree -r -z` prints it."""
    return "".join(
        f"{mode} {'commit' if mode == '160000' else 'blob'} {blob * 40}\t{path}\0"
        for path, (mode, blob) in sorted(tree.items())
    )


def entries_of(tree: dict[str, tuple[str, str]]) -> list[Entry]:
    return [Entry(p, mode, blob * 40, -1) for p, (mode, blob) in sorted(tree.items())]


def same_answers(found: Listing | Overlay, tree: dict[str, tuple[str, str]]) -> None:
    """Every question the gate asks, against the answer from every entry parsed."""
    entries = entries_of(tree)
    assert sorted(found.problems()) == sorted(entry_problems(entries))
    for path in [*tree, *PIECES, "records/PD-1.md"]:
        assert found.entry(path) == next((e for e in entries if e.path == path), None)
    for stem in STEMS:
        assert sorted(found.named(stem), key=lambda e: e.path) == [
            e for e in entries if file_stem(e.path) == stem
        ]


@settings(max_examples=400, deadline=None)
@given(trees)
def test_a_listing_answers_as_every_entry_parsed(tree: dict[str, tuple[str, str]]) -> None:
    same_answers(Listing(text_of(tree)), tree)


@settings(max_examples=400, deadline=None)
@given(trees, trees)
def test_a_listing_and_a_diff_answer_as_the_other_tree(
    before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]
) -> None:
    old = {e.path: e for e in entries_of(before)}
    new = {e.path: e for e in entries_of(after)}
    changes = {
        p: Changed(p, old.get(p), new.get(p))
        for p in old.keys() | new.keys()
        if old.get(p) != new.get(p)
    }
    same_answers(Overlay(Listing(text_of(before)), changes), after)


@pytest.mark.usefixtures("isolated_git")
def test_an_entry_is_read_as_git_lists_it(tmp_path: Path) -> None:
    """git's own listing, with a path that holds a tab and another record's path."""
    repo = GitRepo(tmp_path / "register")
    repo.write(RECORD, fixture_record())
    hostile = "records/2026/x\trecords/2026/PD-2026-0007.md"
    repo.write(hostile, "not a record\n")
    (repo.path / "records/2026/link.md").symlink_to("PD-2026-0007.md")
    repo.commit("Records", when="2026-03-06T09:00:00Z")
    listed = listing(repo.path, "HEAD")
    record = listed.entry(RECORD)
    assert record is not None and record.mode == "100644" and record.path == RECORD
    assert [e.path for e in listed.named("PD-2026-0007")] == [RECORD, hostile]
    problems = listed.problems()
    assert [path for path, _ in problems] == ["records/2026/link.md"]
    assert "symbolic link" in problems[0][1]
