"""Small-number suppression for the public profile.

Counts from 1 to 4 are shown as "fewer than 5" (primary suppression). Where a
line of counts (a row, a column, or a group with its total) has exactly one
suppressed cell, the next smallest cell of that line is suppressed too
(secondary suppression), so no suppressed count can be worked out by subtraction.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

FEWER = "fewer than 5"
THRESHOLD = 5

Cell = TypeVar("Cell", bound=Hashable)


def suppressed_cells(counts: dict[Cell, int], lines: Iterable[Sequence[Cell]]) -> set[Cell]:
    """The cells to hide: counts of 1-4, then enough others that no line reveals one."""
    hidden = {cell for cell, n in counts.items() if 0 < n < THRESHOLD}
    lines = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        for line in lines:
            in_line = [c for c in line if c in hidden]
            if len(in_line) != 1:
                continue
            shown = sorted(
                (c for c in line if c not in hidden and counts[c] > 0), key=lambda c: counts[c]
            )
            if shown:
                hidden.add(shown[0])
                changed = True
    return hidden
