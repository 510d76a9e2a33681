"""Small-number suppression: no count from 1 to 4 is shown or can be worked out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from disputes.disclosure.solve import Published
from disputes.disclosure.suppress import (
    THRESHOLD,
    Relation,
    at_most,
    suppress,
    suppressed_cells,
    total_of,
)


def test_small_counts_are_hidden_and_zero_and_large_are_shown() -> None:
    counts = {"a": 0, "b": 3, "c": 7, "d": 12, "total": 22}
    hidden = suppressed_cells(counts, [["a", "b", "c", "d", "total"]])
    assert "b" in hidden and "a" not in hidden and "d" not in hidden


def test_a_lone_hidden_cell_in_a_line_takes_the_next_smallest_with_it() -> None:
    counts = {"a": 2, "b": 6, "c": 9, "total": 17}
    hidden = suppressed_cells(counts, [["a", "b", "c", "total"]])
    assert hidden == {"a", "b"}  # otherwise a = total - b - c


def test_secondary_suppression_spreads_across_rows_and_columns() -> None:
    # a 2x2 table with row and column totals: hiding one cell forces three more
    counts = {
        ("r1", "c1"): 3,
        ("r1", "c2"): 10,
        ("r2", "c1"): 8,
        ("r2", "c2"): 20,
        ("r1", "t"): 13,
        ("r2", "t"): 28,
        ("t", "c1"): 11,
        ("t", "c2"): 30,
    }
    lines = [
        [("r1", "c1"), ("r1", "c2"), ("r1", "t")],
        [("r2", "c1"), ("r2", "c2"), ("r2", "t")],
        [("r1", "c1"), ("r2", "c1"), ("t", "c1")],
        [("r1", "c2"), ("r2", "c2"), ("t", "c2")],
    ]
    hidden = suppressed_cells(counts, lines)
    for line in lines:
        assert len([c for c in line if c in hidden]) != 1, line


@settings(deadline=None)  # each example solves integer programmes: timings vary with load
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=8))
def test_no_line_ever_has_exactly_one_hidden_cell(values: list[int]) -> None:
    counts = {f"c{i}": v for i, v in enumerate(values)}
    counts["total"] = sum(values)
    line = list(counts)
    hidden = suppressed_cells(counts, [line])
    assert all(c in hidden for c, v in counts.items() if 0 < v < THRESHOLD)
    assert len([c for c in line if c in hidden]) != 1  # one unknown could be subtracted out


def _table(cells: list[int]) -> tuple[dict, list[Relation]]:
    """A 2-row table with row, column and grand totals, and 'stops at most' bounds like
    the stages table's (the second row is at most the first, cell by cell)."""
    width = len(cells) // 2
    rows = [cells[:width], cells[width : 2 * width]]
    counts: dict = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    counts |= {(r, "t"): sum(row) for r, row in enumerate(rows)}
    counts |= {("t", c): rows[0][c] + rows[1][c] for c in range(width)}
    counts[("t", "t")] = sum(map(sum, rows))
    relations = [total_of([(r, c) for c in range(width)], (r, "t")) for r in (0, 1)]
    relations += [total_of([(0, c), (1, c)], ("t", c)) for c in range(width)]
    relations += [total_of([(r, "t") for r in (0, 1)], ("t", "t"))]
    relations += [at_most([(1, c)], [(0, c)]) for c in range(width)]
    return counts, relations


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=8), st.data())
def test_hiding_more_never_exposes_a_cell_found_safe(cells: list[int], data: st.DataObject) -> None:
    """Why suppress() audits only new and pinned cells each round: hiding another count only
    widens what a reader can work out, so a cell safe before stays safe."""
    counts, relations = _table(cells)
    known = [r for r in relations if r.holds(counts)]
    fewer = {c for c, v in counts.items() if 0 < v < THRESHOLD}
    others = sorted(set(counts) - fewer, key=repr)
    first = set(data.draw(st.lists(st.sampled_from(others), unique=True))) if others else set()
    more = first | (
        set(data.draw(st.lists(st.sampled_from(others), unique=True))) if others else set()
    )

    def published(extra: set) -> Published:
        zeros = {c for c in extra if counts[c] == 0}  # a hidden 0 is "fewer than 5"
        return Published(counts, known, fewer | zeros, extra - zeros)

    safe_before = (fewer | first) - set(published(first).pinned())
    assert not safe_before & set(published(more).pinned())


def test_fewer_than_5_is_read_as_1_to_4_unless_a_0_is_hidden() -> None:
    """Four disputes: 2 open, 1 resolved, 1 withdrawn, all "fewer than 5". Read as 0-4 (the
    old check) nothing is pinned; read as 1-4, as a reader does when no 0 is hidden, the
    total is 3 or 4. The check now reads it so, and reports what it cannot protect."""
    counts = {"records": 4, "open": 2, "resolved": 1, "withdrawn": 1}
    relations = [total_of(["open", "resolved", "withdrawn"], "records")]
    hidden = set(counts)
    assert Published(counts, relations, hidden, set()).pinned() == []  # the old reading
    assert "records" in Published(counts, relations, hidden, set(), zero_ok=()).pinned()
    assert "records" in suppress(counts, relations).exposed
