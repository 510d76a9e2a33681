"""Every count the report pages publish, and what a reader knows about how they relate.

All public tables, totals, charts and open-data files are one set of cells: a cell
shown on two pages is one cell (the disputes resolved at a stage appear in the
stages table and the days-to-resolution table), and suppression is decided over
all of them at once, against every relation between them (see suppress.py).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from disputes.disclosure.suppress import (
    FEWER,
    WITHHELD,
    Earlier,
    Relation,
    at_most,
    suppress,
    total_of,
)
from disputes.report.build import AGE_BANDS

Cell = tuple[Hashable, ...]
STAGES = ("1", "2", "3", "4", "5")
TIMESCALE_STAGES = ("3", "4", "5")
TOTALS: tuple[Cell, ...] = tuple(
    ("totals", k) for k in ("records", "open", "resolved", "withdrawn")
)
OUTCOMES = ("met", "breached", "pending", "overdue")
STATUS_KINDS = ("open", "resolved", "withdrawn")
SECTIONS = ("categories", "outcomes", "levels_of_need", "open_by_age")


@dataclass
class Counts:
    """Every count the report pages show; which the public may not see, and why."""

    values: dict[Cell, int]
    primary: set[Cell] = field(default_factory=set)  # 1 to 4: "fewer than 5"
    complementary: set[Cell] = field(default_factory=set)  # withheld to protect those
    public: bool = False
    exposed: list[Hashable] = field(default_factory=list)  # could not be protected

    @property
    def hidden(self) -> set[Cell]:
        """Every cell the public does not see."""
        return self.primary | self.complementary

    def status(self, *cell: Hashable) -> str:
        """'published', 'fewer-than-5' or 'withheld' (the open data's marker)."""
        if cell in self.primary:
            return "fewer-than-5"
        return "withheld" if cell in self.complementary else "published"

    def shown(self, *cell: Hashable) -> str:
        """The count as this site shows it."""
        if cell in self.primary:
            return FEWER
        return WITHHELD if cell in self.complementary else str(self.values[cell])

    def plotted(self, *cell: Hashable) -> int | None:
        """The count for a chart: None (left out) where it is hidden."""
        return None if cell in self.hidden else self.values[cell]

    def any_hidden(self, cells: list[Cell]) -> bool:
        """Whether a chart of these cells leaves any out."""
        return any(c in self.hidden for c in cells)


def report_counts(
    report: dict[str, Any],
    *,
    public: bool,
    earlier: Earlier | None = None,
    only: Collection[Cell] | None = None,
) -> Counts:
    """The cells of every table the report pages show (those of `only`, if given);
    suppressed as one set if public, checked against `earlier` releases too (see earlier.py)."""
    values, relations = report_cells(report)
    totals_only = only is not None
    if only is not None:
        values = {c: n for c, n in values.items() if c in only}
        relations = [r for r in relations if {*r.left, *r.right} <= values.keys()]
    counts = Counts(values, public=public)
    if public:
        context = Earlier()
        context.add(earlier or Earlier())
        if not totals_only:
            context.add(unshown(values, ()))
        result = suppress(values, relations, context)
        counts.primary = {c for c in result.primary if isinstance(c, tuple)}
        counts.complementary = {c for c in result.complementary if isinstance(c, tuple)}
        counts.exposed = result.exposed
    return counts


def report_cells(report: dict[str, Any]) -> tuple[dict[Cell, int], list[Relation]]:
    """The report's counts as cells, and every relation between them a reader could use."""
    values: dict[Cell, int] = {
        ("totals", k): report["totals"][k] for k in ("records", *STATUS_KINDS)
    }
    relations = [total_of([("totals", k) for k in STATUS_KINDS], ("totals", "records"))]
    for part in (_stages, _timescales, _agencies, _sections):
        relations += part(report, values)
    return values, relations + _overdue_ages(report)


def _overdue_ages(report: dict[str, Any]) -> list[Relation]:
    """A dispute overdue at a stage has been open at least that stage's timescale (from
    the policy, as `overdue_min_age` days): those overdue at it, and at stages with a
    longer timescale, are among the open disputes of the age bands that old or older."""
    least = {s: d for s, d in report.get("overdue_min_age", {}).items() if s in TIMESCALE_STAGES}
    relations = []
    for days in least.values():
        overdue = [("timescales", s, "overdue") for s, d in least.items() if d >= days]
        bands = [("open_by_age", name) for name, top in AGE_BANDS if top is None or top >= days]
        relations.append(at_most(overdue, bands))
    return relations


def unshown(values: Mapping[Any, int], prefix: Cell) -> Earlier:
    """The counts no table shows that a reader can still reason with: the disputes withdrawn
    at each stage (a dispute that reached a stage was resolved or withdrawn there, is still
    open there, or went on to the next), which add up to the withdrawn total."""
    cells: dict[Hashable, int] = {}
    relations = []
    for index, stage in enumerate(STAGES):
        cell = (*prefix, "withdrawn at", stage)
        later = [(*prefix, "stages", s, "reached") for s in STAGES[index + 1 : index + 2]]
        parts = [(*prefix, "stages", stage, k) for k in ("resolved", "open")] + later
        reached = values[(*prefix, "stages", stage, "reached")]
        cells[cell] = reached - sum(values[c] for c in parts)
        relations.append(total_of([*parts, cell], (*prefix, "stages", stage, "reached")))
    if any(n < 0 for n in cells.values()):  # not a valid register's figures: no relation
        return Earlier()
    relations.append(total_of(list(cells), (*prefix, "totals", "withdrawn")))
    return Earlier(values={**cells}, relations=relations, free=set(cells))


def _stages(report: dict[str, Any], values: dict[Cell, int]) -> list[Relation]:
    records = ("totals", "records")
    relations = [total_of([("stages", "1", "reached")], records)]  # if every dispute has stage 1
    for index, stage in enumerate(STAGES):
        for kind in ("reached", "resolved", "open"):
            values[("stages", stage, kind)] = report["stages"][stage][kind]
        reached = ("stages", stage, "reached")
        relations += [
            at_most([("stages", stage, "resolved"), ("stages", stage, "open")], [reached]),
            at_most([reached], [records]),
        ]
        if index:  # a dispute reaches a stage only through the ones before it
            relations.append(at_most([reached], [("stages", STAGES[index - 1], "reached")]))
            # and one resolved or still open at the stage before has not: reached(s) less
            # reached(s+1) bounds what stopped at s (13 and 12 reached: one stopped at 1)
            before = STAGES[index - 1]
            relations.append(
                at_most(
                    [("stages", before, "resolved"), ("stages", before, "open"), reached],
                    [("stages", before, "reached")],
                )
            )
    for kind in ("resolved", "open"):
        relations.append(total_of([("stages", s, kind) for s in STAGES], ("totals", kind)))
    return relations


def _timescales(report: dict[str, Any], values: dict[Cell, int]) -> list[Relation]:
    relations = []
    for stage in TIMESCALE_STAGES:
        cells = [("timescales", stage, o) for o in OUTCOMES]
        for cell in cells:
            values[cell] = report["timescales"][stage][cell[2]]
        reached = ("stages", stage, "reached")
        relations += [
            total_of(cells, reached),
            at_most(cells, [reached]),
            at_most(cells[:2], [reached]),
            total_of(cells[2:], ("stages", stage, "open")),
            at_most(cells[2:], [("stages", stage, "open")]),
        ]
    return relations


def _agencies(report: dict[str, Any], values: dict[Cell, int]) -> list[Relation]:
    agencies = list(report["agencies"])
    matrix = report["agency_matrix"]
    records = ("totals", "records")
    relations = []
    for a in agencies:
        for side in ("challenger", "challenged"):
            values[("agencies", a, side)] = report["agencies"][a][side]
        for b in agencies:
            values[("matrix", a, b)] = matrix.get(a, {}).get(b, 0)
        relations += [
            total_of([("matrix", a, b) for b in agencies], ("agencies", a, "challenger")),
            total_of([("matrix", b, a) for b in agencies], ("agencies", a, "challenged")),
            at_most([("agencies", a, "challenger"), ("agencies", a, "challenged")], [records]),
        ]
    for side in ("challenger", "challenged"):
        relations.append(total_of([("agencies", a, side) for a in agencies], records))
    return relations


def _sections(report: dict[str, Any], values: dict[Cell, int]) -> list[Relation]:
    relations = []
    for section, total in zip(SECTIONS, ("records", "resolved", "records", "open"), strict=True):
        cells = [(section, key) for key in report[section]]
        values.update({cell: report[section][cell[1]] for cell in cells})
        if section == "categories":  # a dispute has one or more categories
            relations.append(at_most([("totals", total)], cells))
            relations += [at_most([cell], [("totals", total)]) for cell in cells]
        else:
            relations.append(total_of(cells, ("totals", total)))
    return relations
