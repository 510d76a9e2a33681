"""What earlier releases published, as constraints a new release is checked against.

Each stored release (see releases.py) keeps what it published (`data/figures.json`) and
the true values of the counts it hid (`unpublished.json`, which is never published). A
new release is suppressed against all of them at once: their published counts are
fixed, their hidden ones are unknowns in the range their marker says, and between
releases of neighbouring quarters, what the later one added to a count that only grows
(disputes opened, reached a stage, resolved...) is a count of its own, the quarter's:
where it is 1 to 4 it must not be worked out by subtraction. A quarter's revisions are
checked with every count a reader may guess unchanged from the version before.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from disputes.disclosure.counts import (
    SECTIONS,
    STAGES,
    TIMESCALE_STAGES,
    Cell,
    report_cells,
    unshown,
)
from disputes.disclosure.suppress import Earlier, Relation, total_of

GROWING_TOTALS = ("records", "resolved", "withdrawn")
GROWING = ("agencies", "matrix", "categories", "outcomes", "levels_of_need")


def grows(cell: Cell) -> bool:
    """Whether a count can only grow from one quarter's release to the next, for the same
    register: a dispute opened, a stage reached, a resolution or a kept timescale stays so."""
    kind = cell[0]
    if kind == "totals":
        return cell[1] in GROWING_TOTALS
    if kind == "stages":
        return cell[2] in ("reached", "resolved")
    if kind == "timescales":
        return cell[2] in ("met", "breached")
    return kind in GROWING


def figure_cell(figure: Mapping[str, Any]) -> Cell | None:
    """The cell an open-data row stands for (None for a median, which is not a count)."""
    if figure["table"] == "days_to_resolution":
        return None
    table = "matrix" if figure["table"] == "agency_matrix" else figure["table"]
    if figure["column"] == "count":
        return (table, figure["row"])
    return (table, figure["row"], figure["column"])


def report_of(values: Mapping[Cell, int]) -> dict[str, Any]:
    """The report shape report_cells reads, rebuilt from a release's cells."""
    report: dict[str, Any] = {
        "totals": {},
        "stages": {s: {} for s in STAGES},
        "timescales": {s: {} for s in TIMESCALE_STAGES},
        "agencies": {},
        "agency_matrix": {},
        **{section: {} for section in SECTIONS},
    }
    for cell, n in values.items():
        kind = str(cell[0])
        if kind in ("stages", "timescales"):
            report[kind][cell[1]][cell[2]] = n
        elif kind in ("agencies", "matrix"):
            table = "agencies" if kind == "agencies" else "agency_matrix"
            report[table].setdefault(cell[1], {})[cell[2]] = n
        else:
            report[kind][cell[1]] = n
    return report


def _whole(values: Mapping[Cell, int]) -> bool:
    """Whether a release published every table, not its totals only."""
    return ("stages", "1", "reached") in values


def _prefixed(relation: Relation, prefix: Cell) -> Relation:
    def each(cells: Iterable[Hashable]) -> tuple[Hashable, ...]:
        return tuple((*prefix, *c) for c in cells)  # type: ignore[misc]

    return Relation(each(relation.left), each(relation.right), relation.equal)


def release_context(
    stored: Iterable[tuple[str, str, Mapping[str, Any], Mapping[Cell, int]]],
    quarter: str,
    current: Mapping[Cell, int],
) -> Earlier:
    """Every stored release (label, quarter, figures.json, hidden values) as cells keyed by
    label, with their relations, and what neighbouring quarters added, for a new release
    of `quarter` whose cells (unprefixed) are `current`."""
    context = Earlier()
    versions: dict[str, list[tuple[Cell, Mapping[Cell, int]]]] = {quarter: []}
    for label, of, document, hidden in stored:
        prefix: Cell = (label,)
        values: dict[Cell, int] = {}
        fewer: set[Cell] = set()
        withheld: set[Cell] = set()
        for figure in document["figures"]:
            cell = figure_cell(figure)
            if cell is None:
                continue
            values[cell] = figure["value"] if figure["status"] == "published" else hidden[cell]
            {"fewer-than-5": fewer, "withheld": withheld}.get(figure["status"], set()).add(cell)
        zero = bool(document.get("release", {}).get("fewer_than_5_may_be_0", True))
        keyed: dict[Hashable, int] = {(*prefix, *c): n for c, n in values.items()}
        rebuilt = report_of(values)
        rebuilt["overdue_min_age"] = document.get("release", {}).get("overdue_min_age", {})
        relations = report_cells(rebuilt)[1] if _whole(values) else []
        context.add(
            Earlier(
                values=keyed,
                relations=[_prefixed(r, prefix) for r in relations],
                fewer={(*prefix, *c) for c in fewer},
                withheld={(*prefix, *c) for c in withheld},
                zero_ok={(*prefix, *c) for c in fewer} if zero else set(),
            )
        )
        if _whole(values):  # a release of totals only has no stages to reason with
            context.add(unshown(keyed, prefix))
        else:
            parts = [(*prefix, "totals", k) for k in ("open", "resolved", "withdrawn")]
            context.relations.append(total_of(parts, (*prefix, "totals", "records")))
        versions.setdefault(of, []).append((prefix, values))
    versions[quarter].append(((), current))
    for labelled in versions.values():  # a quarter's release and its revisions
        context.relations += _unchanged(labelled)
    order = sorted(versions)
    for before, after in zip(order, order[1:], strict=False):
        for old_prefix, old in versions[before]:
            for new_prefix, new in versions[after]:
                context.add(_added(old_prefix, old, new_prefix, new))
    return context


def _unchanged(versions: list[tuple[Cell, Mapping[Cell, int]]]) -> list[Relation]:
    """A correction changes few counts, so a reader may guess that any count is the same in
    a quarter's release and its revisions: where it is (the check keeps only relations
    that hold), the versions must protect each other's hidden counts."""
    return [
        Relation(((*one, *cell),), ((*other, *cell),))
        for (one, first), (other, second) in zip(versions, versions[1:], strict=False)
        for cell in first.keys() & second.keys()
    ]


def _added(
    old_prefix: Cell, old: Mapping[Cell, int], new_prefix: Cell, new: Mapping[Cell, int]
) -> Earlier:
    """What the later release added to each growing count: unknowns a reader can reason
    with, and secrets where 1 to 4."""
    added = Earlier()
    for cell, before in old.items():
        if not grows(cell) or cell not in new or new[cell] < before:
            continue
        name: Cell = ("added", old_prefix, new_prefix, *cell)
        added.values[name] = new[cell] - before
        added.free.add(name)
        if 0 < new[cell] - before < 5:
            added.secret.add(name)
        added.relations.append(total_of([(*old_prefix, *cell), name], (*new_prefix, *cell)))
    return added
