"""The report's counts as cells, and the lines they add up along, for suppression."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from disputes.site.suppress import FEWER, suppressed_cells

Cell = tuple[Hashable, ...]
STAGES = ("1", "2", "3", "4", "5")
TIMESCALE_STAGES = ("3", "4", "5")
OUTCOMES = ("met", "breached", "pending", "overdue")


@dataclass
class Counts:
    """Every count the report pages show; `hidden` holds those the public may not see."""

    values: dict[Cell, int]
    hidden: set[Cell] = field(default_factory=set)
    public: bool = False

    def shown(self, *cell: Hashable) -> str:
        """The count as this site shows it."""
        return FEWER if cell in self.hidden else str(self.values[cell])

    def plotted(self, *cell: Hashable) -> int | None:
        """The count for a chart: None (left out) where it is hidden."""
        return None if cell in self.hidden else self.values[cell]


def report_counts(report: dict[str, Any], *, public: bool) -> Counts:
    """The cells of every table the report pages show; suppressed as one set if public."""
    values: dict[Cell, int] = {}
    lines: list[Sequence[Cell]] = []
    for kind in ("records", "open", "resolved", "withdrawn"):
        values[("totals", kind)] = report["totals"][kind]
    lines.append([("totals", k) for k in ("records", "open", "resolved", "withdrawn")])
    _stages(report, values, lines)
    _timescales(report, values, lines)
    _agencies(report, values, lines)
    for section, total in (
        ("categories", None),
        ("outcomes", "resolved"),
        ("levels_of_need", "records"),
        ("open_by_age", "open"),
    ):
        cells = [(section, key) for key in report[section]]
        values.update({(section, key): n for key, n in report[section].items()})
        lines.append(cells + ([("totals", total)] if total else []))
    for stage, row in report["days_to_resolution"]["by_stage"].items():
        values[("resolved_count", stage)] = row["count"]
    counts = Counts(values, public=public)
    if public:
        counts.hidden = suppressed_cells(values, lines)
    return counts


def _stages(report: dict[str, Any], values: dict[Cell, int], lines: list[Sequence[Cell]]) -> None:
    for stage in STAGES:
        for kind in ("reached", "resolved", "open"):
            values[("stages", stage, kind)] = report["stages"][stage][kind]
        lines.append([("stages", stage, kind) for kind in ("reached", "resolved", "open")])
    for kind in ("resolved", "open"):
        lines.append([("stages", s, kind) for s in STAGES] + [("totals", kind)])


def _timescales(
    report: dict[str, Any], values: dict[Cell, int], lines: list[Sequence[Cell]]
) -> None:
    for stage in TIMESCALE_STAGES:
        for outcome in OUTCOMES:
            values[("timescales", stage, outcome)] = report["timescales"][stage][outcome]
        lines.append([("timescales", stage, o) for o in OUTCOMES])
    for outcome in OUTCOMES:
        lines.append([("timescales", s, outcome) for s in TIMESCALE_STAGES])


def _agencies(report: dict[str, Any], values: dict[Cell, int], lines: list[Sequence[Cell]]) -> None:
    agencies = sorted(report["agencies"])
    matrix = report["agency_matrix"]
    for agency in agencies:
        for side in ("challenger", "challenged"):
            values[("agencies", agency, side)] = report["agencies"][agency][side]
    for a in agencies:
        for b in agencies:
            values[("matrix", a, b)] = matrix.get(a, {}).get(b, 0)
        lines.append([("matrix", a, b) for b in agencies] + [("agencies", a, "challenger")])
        lines.append([("matrix", b, a) for b in agencies] + [("agencies", a, "challenged")])
    for side in ("challenger", "challenged"):
        lines.append([("agencies", a, side) for a in agencies] + [("totals", "records")])
