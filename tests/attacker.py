"""An attacker apart from the suppressor: what every published release gives away together.

It reads only published files (each release's figures.json) and relations it writes out
itself, true of any valid register; it imports nothing from disputes.site (not the code
that lists the suppressor's relations). Given the true values (each release's
unpublished.json) only to drop a relation that happens not to hold (the strongest
reader guesses right), it solves linear programmes (scipy's linprog, rounded inwards)
for the smallest and largest value of every hidden count, and of what a release added
to the one before for a count that only grows (a quarter's own count). Between a quarter's
release and its revisions it guesses that a count did not change wherever that is true.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linprog

Key = tuple[str, str, str, str]  # release label, table, row, column
Terms = list[tuple[int, Key]]
GROW = {("totals", "records"), ("totals", "resolved"), ("totals", "withdrawn")}
GROW_TABLES = ("agencies", "agency_matrix", "categories", "outcomes", "levels_of_need")


@dataclass
class Finding:
    """A hidden count, or a quarter's own count, and the range a reader can give it."""

    what: str
    low: int
    high: int
    truth: int
    spread: int  # how far apart low and high must be


def _doc_relations(label: str, doc: dict[str, Any]) -> Iterator[tuple[Terms, bool]]:
    """sum(terms) == 0 (True) or <= 0 (False), about one release's tables."""
    figs = {(f["table"], f["row"], f["column"]) for f in doc["figures"]}
    rows = lambda t: sorted({k[1] for k in figs if k[0] == t})  # noqa: E731
    k = lambda t, r, c="count": (label, t, r, c)  # noqa: E731
    tot = lambda r: k("totals", r)  # noqa: E731

    def eq(left: list[Key], right: list[Key]) -> tuple[Terms, bool]:
        return [(1, x) for x in left] + [(-1, x) for x in right], True

    def le(left: list[Key], right: list[Key]) -> tuple[Terms, bool]:
        return [(1, x) for x in left] + [(-1, x) for x in right], False

    yield eq([tot("open"), tot("resolved"), tot("withdrawn")], [tot("records")])
    stages = rows("stages")
    for kind in ("resolved", "open"):
        yield eq([k("stages", s, kind) for s in stages], [tot(kind)])
    yield eq([k("stages", "1", "reached")], [tot("records")])
    stopped: list[Key] = []  # withdrawn at s: reached(s) - resolved(s) - open(s) - reached(s+1)
    for i, s in enumerate(stages):
        nxt = [k("stages", stages[i + 1], "reached")] if i + 1 < len(stages) else []
        parts = [k("stages", s, "resolved"), k("stages", s, "open"), *nxt]
        yield le(parts, [k("stages", s, "reached")])
        if nxt:
            yield le(nxt, [k("stages", s, "reached")])
        stopped += parts
    yield (
        [(1, k("stages", s, "reached")) for s in stages]
        + [(-1, x) for x in stopped]
        + [(-1, tot("withdrawn"))],
        True,
    )
    for s in rows("timescales"):
        outs = [k("timescales", s, o) for o in ("met", "breached", "pending", "overdue")]
        yield eq(outs, [k("stages", s, "reached")])
        yield eq(outs[2:], [k("stages", s, "open")])
    agencies = rows("agencies")
    for a in agencies:
        yield eq([k("agency_matrix", a, b) for b in agencies], [k("agencies", a, "challenger")])
        yield eq([k("agency_matrix", b, a) for b in agencies], [k("agencies", a, "challenged")])
    for side in ("challenger", "challenged"):
        yield eq([k("agencies", a, side) for a in agencies], [tot("records")])
    for table, whole in (("outcomes", "resolved"), ("levels_of_need", "records"),
                         ("open_by_age", "open")):  # fmt: skip
        yield eq([k(table, r) for r in rows(table)], [tot(whole)])
    # overdue at a stage: open at least its timescale (the policy, as the release states it)
    least = doc.get("release", {}).get("overdue_min_age", {})
    bands = {"0-7": 7, "8-14": 14, "15-30": 30, "31-60": 60, "over 60": 10**6}
    for days in least.values():
        late = [k("timescales", s, "overdue") for s, d in least.items() if d >= days
                and s in rows("timescales")]  # fmt: skip
        old = [k("open_by_age", b) for b in rows("open_by_age") if bands.get(b, 10**6) >= days]
        yield le(late, old)
    cats = [k("categories", r) for r in rows("categories")]
    yield le([tot("records")], cats)
    for c in cats:
        yield le([c], [tot("records")])


def _grows(table: str, row: str, column: str) -> bool:
    if table == "stages":
        return column in ("reached", "resolved")
    if table == "timescales":
        return column in ("met", "breached")
    return (table, row) in GROW or table in GROW_TABLES


def attack(
    releases: list[tuple[str, dict[str, Any], dict[tuple[str, str, str], int]]],
) -> list[Finding]:
    """Every finding over these releases: (label, figures.json, true hidden values)."""
    known: dict[Key, int] = {}
    truth: dict[Key, int] = {}
    bounds: dict[Key, tuple[int, float]] = {}
    spread: dict[Key, int] = {}
    relations: list[tuple[Terms, bool]] = []
    by_quarter: dict[str, list[str]] = {}
    figures: dict[str, set[tuple[str, str, str]]] = {}
    for label, doc, hidden in releases:
        zero = bool(doc.get("release", {}).get("fewer_than_5_may_be_0", True))
        by_quarter.setdefault(doc["period"]["quarter"], []).append(label)
        figures[label] = set()
        for f in doc["figures"]:
            if f["table"] == "days_to_resolution":
                continue
            cell = (f["table"], f["row"], f["column"])
            key = (label, *cell)
            figures[label].add(cell)
            if f["status"] == "published":
                known[key] = truth[key] = f["value"]
            else:
                truth[key] = hidden[cell]
                few = f["status"] == "fewer-than-5"
                bounds[key] = (0 if zero else 1, 4) if few else (5, math.inf)
                spread[key] = 2 if few else 1
        relations += list(_doc_relations(label, doc))
    secrets: list[tuple[str, Terms]] = []
    quarters = sorted(by_quarter)
    for before, after in zip(quarters, quarters[1:], strict=False):
        for old in by_quarter[before]:
            for new in by_quarter[after]:
                for cell in sorted(figures[old] & figures[new]):
                    if _grows(*cell):
                        terms: Terms = [(1, (old, *cell)), (-1, (new, *cell))]
                        relations.append((terms, False))  # old <= new
                        secrets.append((f"{new} less {old}: {cell}", [(-a, x) for a, x in terms]))
    for labels in by_quarter.values():  # a correction changes a few counts: a reader may
        for one, other in zip(labels, labels[1:], strict=False):  # guess any other unchanged
            for cell in sorted(figures[one] & figures[other]):
                relations.append(([(1, (one, *cell)), (-1, (other, *cell))], True))
    relations = [(t, eq) for t, eq in relations if {a for a, _ in t} == {1, -1}]  # a table absent
    value = lambda terms: sum(a * truth[x] for a, x in terms)  # noqa: E731
    relations = [(t, eq) for t, eq in relations if all(x in truth for _, x in t)
                 and (value(t) == 0 if eq else value(t) <= 0)]  # fmt: skip
    unknown = sorted(bounds)
    index = {x: i for i, x in enumerate(unknown)}
    rows: dict[bool, tuple[list[np.ndarray], list[float]]] = {True: ([], []), False: ([], [])}
    for terms, eq in relations:
        row, const = np.zeros(len(unknown)), 0.0
        for a, x in terms:
            if x in index:
                row[index[x]] += a
            else:
                const -= a * known[x]
        if row.any():
            rows[eq][0].append(row)
            rows[eq][1].append(const)
    cap = 10 * max([1, *known.values()]) + 100
    lims = [(lo, min(hi, cap)) for lo, hi in (bounds[x] for x in unknown)]

    def solve(terms: Terms) -> tuple[int, int]:
        objective, const = np.zeros(len(unknown)), 0.0
        for a, x in terms:
            if x in index:
                objective[index[x]] += a
            else:
                const += a * known[x]
        if not objective.any():
            return int(const), int(const)
        ends = []
        for sign in (1, -1):
            result = linprog(
                sign * objective,
                A_eq=np.array(rows[True][0]) if rows[True][0] else None,
                b_eq=np.array(rows[True][1]) if rows[True][0] else None,
                A_ub=np.array(rows[False][0]) if rows[False][0] else None,
                b_ub=np.array(rows[False][1]) if rows[False][0] else None,
                bounds=lims, method="highs",
            )  # fmt: skip
            assert result.status == 0, result.message  # the truth is always feasible
            ends.append(sign * result.fun + const)
        return math.ceil(ends[0] - 1e-7), math.floor(ends[1] + 1e-7)

    found = []
    for x in unknown:
        low, high = solve([(1, x)])
        found.append(Finding(" ".join(x), low, high, truth[x], spread[x]))
    for what, terms in secrets:
        if 1 <= value(terms) <= 4:
            low, high = solve(terms)
            found.append(Finding(what, low, high, value(terms), 2))
    return found


def leaks(findings: list[Finding]) -> list[Finding]:
    """The findings that pin a hidden count or narrow a small one to two neighbouring
    values: a hidden 0 too, for a 0 worked out as 0 tells which "fewer than 5" are not
    disputes, and a later revision may publish it as 0 without news."""
    return [f for f in findings if f.high - f.low < f.spread]
