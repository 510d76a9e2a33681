"""Small-number suppression: no count from 1 to 4 is shown or can be worked out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from disputes.site.suppress import THRESHOLD, suppressed_cells


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
    counts = {("r1", "c1"): 3, ("r1", "c2"): 10, ("r2", "c1"): 8, ("r2", "c2"): 20,
              ("r1", "t"): 13, ("r2", "t"): 28, ("t", "c1"): 11, ("t", "c2"): 30}
    lines = [[("r1", "c1"), ("r1", "c2"), ("r1", "t")], [("r2", "c1"), ("r2", "c2"), ("r2", "t")],
             [("r1", "c1"), ("r2", "c1"), ("t", "c1")], [("r1", "c2"), ("r2", "c2"), ("t", "c2")]]
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
