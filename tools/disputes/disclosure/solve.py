"""What a reader can work out: each hidden count's whole-number range, given all that is shown.

The published figures and the relations between them are linear constraints on
the hidden counts; a hidden count is exposed when its smallest and largest whole
values agree, or for a "fewer than 5" count, differ by less than 2. A reader takes
"fewer than 5" as 1 to 4 unless the release says zeros are hidden too. Counts no
table publishes (the disputes withdrawn at a stage; what a release added to the one
before) are unknowns from 0 up; those that are secrets (a quarter's own 1 to 4) are
protected like a "fewer than 5" count. A 0 hidden as "fewer than 5" (only ever to
protect others) is protected like any other: were it worked out as 0, a later revision
could publish it as 0 without news, and the reader would learn which of a table's
"fewer than 5" are not disputes. Two speed-ups keep a public build quick without
weakening the check:
a linear programme's answer is used when it is already whole (it is then also the
integer programme's), and a count seen with two different values in any solutions
found so far cannot be pinned, so it needs no programme of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

FEWER_RANGE = (0, 4)  # a "fewer than 5" cell where the release says zeros are hidden too
FEWER_NOT_ZERO = (1, 4)  # otherwise: a reader takes "fewer than 5" as 1 to 4
WITHHELD_LOW = 5
# How far apart a hidden cell's smallest and largest possible values must be: a
# "fewer than 5" cell may not be narrowed to two neighbouring values (3 or 4, say),
# a withheld cell only not to one.
FEWER_SPREAD = 2
WITHHELD_SPREAD = 1


class Relation(Protocol):
    """sum(left) == sum(right), or <= when not `equal` (see suppress.Relation)."""

    @property
    def left(self) -> tuple[Hashable, ...]: ...

    @property
    def right(self) -> tuple[Hashable, ...]: ...

    @property
    def equal(self) -> bool: ...


class Published:
    """The hidden counts as unknowns, bound by every relation and shown count."""

    def __init__(
        self,
        values: Mapping[Any, int],
        relations: Sequence[Relation],
        fewer: Collection[Hashable],
        withheld: Collection[Hashable],
        *,
        free: Collection[Hashable] = (),
        secret: Collection[Hashable] = (),
        zero_ok: Collection[Hashable] | None = None,
    ) -> None:
        """`free`: unknowns no table shows (0 or more), of which `secret` must not be pinned
        or narrowed to two values; `zero_ok`: the "fewer than 5" cells that may be 0 (all
        when None)."""
        self.cells = sorted({*fewer, *withheld, *free}, key=repr)
        index = {cell: i for i, cell in enumerate(self.cells)}
        rows: dict[bool, tuple[list[np.ndarray], list[float]]] = {True: ([], []), False: ([], [])}
        for relation in relations:
            row, constant = np.zeros(len(self.cells)), 0.0
            for sign, side in ((1, relation.left), (-1, relation.right)):
                for cell in side:
                    if cell in index:
                        row[index[cell]] += sign
                    else:
                        constant -= sign * values[cell]
            if row.any():
                rows[relation.equal][0].append(row)
                rows[relation.equal][1].append(constant)
        self.eq = _stack(rows[True], len(self.cells))
        self.ub = _stack(rows[False], len(self.cells))
        cap = sum(values.values()) + WITHHELD_LOW  # bounded, so never "unbounded or infeasible"
        zero = set(fewer if zero_ok is None else zero_ok)
        fewer, withheld, secret = set(fewer), set(withheld), set(secret)
        self.bounds = [
            (FEWER_RANGE if c in zero else FEWER_NOT_ZERO) if c in fewer
            else (WITHHELD_LOW, cap) if c in withheld
            else (0, cap)
            for c in self.cells
        ]  # fmt: skip
        self.spread = [
            FEWER_SPREAD if c in fewer or c in secret
            else WITHHELD_SPREAD if c in withheld
            else 0
            for c in self.cells
        ]  # fmt: skip

    def extreme(self, i: int, sign: int) -> np.ndarray:
        """A whole-number solution that minimises (sign 1) or maximises (-1) unknown i."""
        objective = np.zeros(len(self.cells))
        objective[i] = sign
        relaxed = linprog(
            objective, A_ub=self.ub[0], b_ub=self.ub[1], A_eq=self.eq[0], b_eq=self.eq[1],
            bounds=self.bounds, method="highs",
        )  # fmt: skip
        if relaxed.status == 0 and np.allclose(relaxed.x, np.round(relaxed.x), atol=1e-9):
            return np.round(relaxed.x)
        constraints = [
            LinearConstraint(matrix, low, high)
            for matrix, low, high in (
                (self.eq[0], self.eq[1], self.eq[1]),
                (self.ub[0], -np.inf, self.ub[1]),
            )
            if matrix is not None
        ]
        limits = Bounds([low for low, _ in self.bounds], [high for _, high in self.bounds])
        exact = milp(objective, constraints=constraints, bounds=limits, integrality=1)
        if exact.status != 0:  # the true counts always satisfy the relations: a bug if reached
            raise RuntimeError(f"the suppression check could not be solved: {exact.message}")
        return np.round(exact.x)

    def pinned(self, audited: Collection[Hashable] | None = None) -> list[Hashable]:
        """The hidden cells (of `audited`, all when None) whose possible whole values are
        too close together (or one)."""
        seen: list[set[float]] = [set() for _ in self.cells]
        pinned = []
        for i, cell in enumerate(self.cells):
            if (audited is not None and cell not in audited) or not self.spread[i]:
                continue
            if seen[i] and max(seen[i]) - min(seen[i]) >= self.spread[i]:
                continue  # solutions found already are far enough apart on it
            low, high = self.extreme(i, 1), self.extreme(i, -1)
            for solution in (low, high):
                for j, value in enumerate(solution):
                    seen[j].add(float(value))
            if high[i] - low[i] < self.spread[i]:
                pinned.append(cell)
        return pinned


def _stack(rows: tuple[list[np.ndarray], list[float]], n: int) -> tuple[Any, Any]:
    if not rows[0]:
        return None, None
    return np.array(rows[0]).reshape(len(rows[0]), n), np.array(rows[1])
