"""Small-number suppression for the public profile, checked by solving what is published.

Counts from 1 to 4 are hidden and shown as "fewer than 5" (primary suppression).
Other counts are then withheld (complementary suppression) until no hidden count
can be narrowed to a single value (a "fewer than 5" one: to two neighbouring values)
from every published figure, every earlier release (see earlier.py) and every
relation a reader knows between them (a total is the sum of its parts, a count
is at most its total...). The check is an integer programme: for each hidden
cell, the smallest and largest whole values consistent with everything published,
given that a "fewer than 5" cell is 1 to 4 and a withheld cell is 5 or more.

A withheld cell is always 5 or more; where only a 0 can protect a small count
(every other count of its table is hidden), that 0 is hidden as "fewer than 5";
the release then says that its "fewer than 5" may be 0, and every one of them is
checked as 0 to 4.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from disputes.disclosure.solve import Published

FEWER = "fewer than 5"
WITHHELD = "withheld"
THRESHOLD = 5


@dataclass(frozen=True)
class Relation:
    """sum(left) == sum(right), or sum(left) <= sum(right) when `equal` is False."""

    left: tuple[Hashable, ...]
    right: tuple[Hashable, ...]
    equal: bool = True

    def holds(self, values: Mapping[Any, int]) -> bool:
        """Whether the relation is true of these counts (a reader may rely only on true ones);
        not if it names a count not among them (a table the release did not publish)."""
        if not {*self.left, *self.right} <= values.keys():
            return False
        left = sum(values[c] for c in self.left)
        right = sum(values[c] for c in self.right)
        return left == right if self.equal else left <= right


def total_of(parts: Iterable[Hashable], total: Hashable) -> Relation:
    """The parts add up to the total."""
    return Relation(tuple(parts), (total,))


def at_most(parts: Iterable[Hashable], bound: Iterable[Hashable]) -> Relation:
    """The parts add up to no more than the bound."""
    return Relation(tuple(parts), tuple(bound), equal=False)


@dataclass
class Suppression:
    """The cells shown as "fewer than 5" and those withheld to protect them."""

    primary: set[Hashable] = field(default_factory=set)
    complementary: set[Hashable] = field(default_factory=set)
    exposed: list[Hashable] = field(default_factory=list)  # pinned even with all else hidden

    @property
    def hidden(self) -> set[Hashable]:
        """Every cell the public does not see."""
        return self.primary | self.complementary


@dataclass
class Earlier:
    """What a new release is checked against but cannot change: the cells every earlier
    release published or hid (with their true values), and counts no table shows."""

    values: dict[Hashable, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    fewer: set[Hashable] = field(default_factory=set)
    withheld: set[Hashable] = field(default_factory=set)
    zero_ok: set[Hashable] = field(default_factory=set)  # earlier "fewer than 5" that may be 0
    free: set[Hashable] = field(default_factory=set)  # never shown: 0 or more
    secret: set[Hashable] = field(default_factory=set)  # never shown, 1-4, must stay so

    def add(self, other: Earlier) -> None:
        """Take in another release's cells and relations."""
        self.values.update(other.values)
        self.relations += other.relations
        for name in ("fewer", "withheld", "zero_ok", "free", "secret"):
            getattr(self, name).update(getattr(other, name))


def suppress(
    values: Mapping[Any, int], relations: Iterable[Relation], earlier: Earlier | None = None
) -> Suppression:
    """Primary cells, then complementary cells until every hidden cell is protected: this
    release's, every earlier release's, and each secret count no table shows.

    Only this release's cells (`values`) are hidden; earlier ones are as they were published.
    """
    before = earlier or Earlier()
    every = {**before.values, **values}
    known = [r for r in [*relations, *before.relations] if r.holds(every)]
    result = Suppression(primary={c for c, n in values.items() if 0 < n < THRESHOLD})
    # Hiding a count only widens what a reader can work out (its true value stays among
    # the possible ones), so a hidden cell once shown safe stays safe: each round audits
    # only the cells found pinned last round and those hidden since.
    safe: set[Hashable] = set()
    while True:
        unknown = result.hidden | before.fewer | before.withheld | before.free
        audited = (result.hidden | before.fewer | before.withheld | before.secret) - safe
        exposed = exposed_cells(every, known, result, before, audited)
        safe |= audited - set(exposed)
        if not exposed:
            return result
        changed: set[Hashable] = set()  # cells whose relations gained a hidden cell this round
        for cell in exposed:
            if cell in changed:
                continue  # its relations changed: audit again before hiding more
            partner = _partner(cell, every, known, unknown, values.keys())
            if partner is not None:
                (result.complementary if values[partner] else result.primary).add(partner)
                unknown.add(partner)
                changed |= {c for r in known if partner in _cells(r) for c in _cells(r)}
        if not changed:  # every count that could protect these is hidden already
            result.exposed = exposed
            return result


def exposed_cells(
    values: Mapping[Any, int],
    relations: Sequence[Relation],
    hidden: Suppression,
    earlier: Earlier | None = None,
    audited: Collection[Hashable] | None = None,
) -> list[Hashable]:
    """Hidden cells (of `audited`, all when None) the published figures pin down (see
    solve.Published.pinned). A reader takes this release's "fewer than 5" as 1 to 4
    unless one of them is a 0 (the release then says zeros are hidden too)."""
    before = earlier or Earlier()
    zero_ok = set(before.zero_ok)
    if any(values[c] == 0 for c in hidden.primary):
        zero_ok |= hidden.primary
    published = Published(
        values, relations, hidden.primary | before.fewer, hidden.complementary | before.withheld,
        free=before.free, secret=before.secret, zero_ok=zero_ok,
    )  # fmt: skip
    return published.pinned(audited)


def _cells(relation: Relation) -> set[Hashable]:
    return {*relation.left, *relation.right}


def _partner(
    cell: Hashable,
    values: Mapping[Any, int],
    relations: Sequence[Relation],
    hidden: set,
    choosable: Collection[Hashable],
) -> Hashable | None:
    """The shown count that best protects `cell`: the smallest in a relation that pins it.

    First a relation where `cell` is the only hidden count (it is its total less the
    rest), then any relation of `cell`, then any relation with a hidden count; a
    count above 0 if there is one, else a 0.
    """
    tiers = (
        [r for r in relations if _cells(r) & hidden == {cell}],
        [r for r in relations if cell in _cells(r)],
        [r for r in relations if _cells(r) & hidden],
    )
    for above_zero in (True, False):
        for tier in tiers:
            candidates = {
                c
                for r in tier
                for c in _cells(r)
                if c not in hidden and c in choosable and (values[c] > 0) == above_zero
            }
            if candidates:
                return min(candidates, key=lambda c: (values[c], repr(c)))
    return None


def suppressed_cells(counts: dict, lines: Iterable[Sequence[Hashable]]) -> set:
    """The cells to hide where each line's last cell is the total of the others."""
    relations = [total_of(line[:-1], line[-1]) for line in map(list, lines)]
    return suppress(counts, relations).hidden
