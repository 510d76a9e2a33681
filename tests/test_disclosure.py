"""Disclosure control over every published number: an attacker solving the open data.

The attacker here reads only what the public profile publishes (figures.json), knows
how the tables relate (a total is the sum of its parts; the disputes resolved at a
stage are counted in two tables...), knows that "fewer than 5" means 0-4 (1-4, or a 0
hidden to protect them) and that "withheld" means 5 or more, and solves for the smallest and largest whole value of
each hidden cell (integer programming, scipy's milp). No hidden cell may be pinned, and
no "fewer than 5" cell narrowed to two neighbouring values.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from conftest import REPO_ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from disputes.disclosure.counts import report_counts
from disputes.disclosure.public import ANOTHER_AGENCY, public_report
from disputes.policy.settings import load_policy
from disputes.records.model import Record, Resolution, Stage, Withdrawal
from disputes.site.opendata import figures_json

LISTED = ["Kent Police", "Children's Social Care", "Community Health Services", "Housing Services"]
UNLISTED = ["Kent  police", "Neighbourhood Watch Group", "Dr Notreal's Clinic"]
AS_OF = date(2026, 11, 22)
POLICY = load_policy(REPO_ROOT)
Key = tuple[str, str, str]


def make_record(n: int, spec: dict[str, Any]) -> Record:
    """A fictional record from a drawn spec."""
    opened = date(2026, 1, 5) + timedelta(days=spec["opened"])
    starts = [opened + timedelta(days=sum(spec["gaps"][:i])) for i in range(spec["stages"])]
    stages = tuple(Stage(stage=i + 1, started=d) for i, d in enumerate(starts))
    end = starts[-1] + timedelta(days=spec["gaps"][-1])
    status = spec["status"]
    return Record(
        file=f"records/2026/PD-2026-{n:04d}.md",
        id=f"PD-2026-{n:04d}",
        title=f"Fictional dispute {n}",
        status=status,
        opened=opened,
        immediate_risk=False,
        categories=tuple(spec["categories"]),
        child_reference=f"C-{900000 + n}",
        challenger_agency=spec["agencies"][0],
        challenged_agency=spec["agencies"][1],
        stages=stages,
        level_of_need=spec["level"],
        resolution=Resolution(spec["stages"], end, spec["outcome"])
        if status == "resolved"
        else None,
        withdrawn=Withdrawal(end, "No longer needed") if status == "withdrawn" else None,
    )


SPEC = st.fixed_dictionaries(
    {
        "opened": st.integers(0, 330),
        "gaps": st.lists(st.integers(0, 40), min_size=5, max_size=5),
        "stages": st.integers(1, 5),
        "status": st.sampled_from(["open", "resolved", "resolved", "withdrawn"]),
        "categories": st.lists(
            st.sampled_from(["levels-of-need", "communication", "need-for-action", "other"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        "level": st.sampled_from([None, "early-help", "child-in-need", "child-protection"]),
        "outcome": st.sampled_from([None, "decision-changed", "decision-upheld"]),
        "agencies": st.lists(
            st.sampled_from(LISTED + UNLISTED), min_size=2, max_size=2, unique=True
        ),
    }
)


def published(
    records: list[Record], *, primary_only: bool = False
) -> tuple[dict[Key, dict], dict[str, Any]]:
    """What the public profile publishes for these records, keyed (table, row, column)."""
    report = public_report(records, POLICY, LISTED, AS_OF)
    counts = report_counts(report, public=True)
    if primary_only:  # the attack's control: what 1-4 suppression alone would publish
        counts.complementary.clear()
    document = json.loads(figures_json(report, counts, "Test partnership"))
    return {(f["table"], f["row"], f["column"]): f for f in document["figures"]}, report


def relations(figures: dict[Key, dict]) -> list[tuple[list[Key], list[Key], bool]]:
    """What any reader knows about how the published tables add up: (left, right, equal)."""
    rows = lambda table: sorted({k[1] for k in figures if k[0] == table})  # noqa: E731
    total = lambda kind: ("totals", kind, "count")  # noqa: E731
    found = [([total("open"), total("resolved"), total("withdrawn")], [total("records")], True)]
    for kind in ("resolved", "open"):
        found.append(([("stages", s, kind) for s in rows("stages")], [total(kind)], True))
    found.append(([("stages", "1", "reached")], [total("records")], True))
    for s in rows("stages"):
        found.append(
            ([("stages", s, "resolved"), ("stages", s, "open")], [("stages", s, "reached")], False)
        )
        if s != "1":
            found.append(
                ([("stages", s, "reached")], [("stages", str(int(s) - 1), "reached")], False)
            )
        if s != "5":  # resolved or still open at a stage: not among those reaching the next
            found.append(
                (
                    [
                        ("stages", s, "resolved"),
                        ("stages", s, "open"),
                        ("stages", str(int(s) + 1), "reached"),
                    ],
                    [("stages", s, "reached")],
                    False,
                )
            )
    for s in rows("timescales"):
        outcomes = [("timescales", s, o) for o in ("met", "breached", "pending", "overdue")]
        found.append((outcomes, [("stages", s, "reached")], False))
        found.append((outcomes, [("stages", s, "reached")], True))  # where no stage lacks one
        found.append((outcomes[2:], [("stages", s, "open")], True))
    agencies = rows("agencies")
    for a in agencies:
        found.append(
            ([("agency_matrix", a, b) for b in agencies], [("agencies", a, "challenger")], True)
        )
        found.append(
            ([("agency_matrix", b, a) for b in agencies], [("agencies", a, "challenged")], True)
        )
        found.append(
            (
                [("agencies", a, "challenger"), ("agencies", a, "challenged")],
                [total("records")],
                False,
            )
        )
    for side in ("challenger", "challenged"):
        found.append(([("agencies", a, side) for a in agencies], [total("records")], True))
    for table, whole in (
        ("outcomes", "resolved"),
        ("levels_of_need", "records"),
        ("open_by_age", "open"),
    ):
        found.append(([(table, r, "count") for r in rows(table)], [total(whole)], True))
    categories = [("categories", r, "count") for r in rows("categories")]
    found.append(([total("records")], categories, False))
    found += [([category], [total("records")], False) for category in categories]
    return found


def true_value(report: dict[str, Any], key: Key) -> int:
    table, row, column = key
    if table == "totals":
        return int(report["totals"][row])
    if column == "count":
        return int(report[table][row])
    source = report["agency_matrix"] if table == "agency_matrix" else report[table]
    return int(source[row][column])


def attack(figures: dict[Key, dict], report: dict[str, Any]) -> dict[Key, tuple[float, float]]:
    """The smallest and largest whole value of each hidden count, given all that is published."""
    hidden = [k for k, f in figures.items() if f["status"] in ("fewer-than-5", "withheld")]
    index = {k: i for i, k in enumerate(hidden)}
    rows, low, high = [], [], []
    for left, right, equal in relations(figures):
        if not all(k in figures for k in left + right):
            continue
        truth = sum(true_value(report, k) for k in left) - sum(true_value(report, k) for k in right)
        if truth != 0 and (equal or truth > 0):
            continue  # not true of these data: a reader cannot rely on it
        row, constant = np.zeros(len(hidden)), 0.0
        for sign, side in ((1, left), (-1, right)):
            for k in side:
                if k in index:
                    row[index[k]] += sign
                else:
                    constant -= sign * figures[k]["value"]
        if row.any():
            rows.append(row)
            low.append(constant if equal else -np.inf)
            high.append(constant)
    fewer = [figures[k]["status"] == "fewer-than-5" for k in hidden]
    # "no cap" as a large number: HiGHS cannot tell an unbounded integer programme from an
    # infeasible one, and a feasible one is what every true set of figures must give
    bounds = Bounds([0 if f else 5 for f in fewer], [4 if f else 10**6 for f in fewer])
    constraints = [LinearConstraint(np.array(rows), low, high)] if rows else []
    matrix = np.array(rows) if rows else None
    equal_rows = [i for i, (lo, hi) in enumerate(zip(low, high, strict=True)) if lo == hi]
    upper_rows = [i for i in range(len(rows)) if i not in equal_rows]
    ranges = {}
    for k, i in index.items():
        ends = []
        for sign in (1, -1):
            objective = np.zeros(len(hidden))
            objective[i] = sign
            relaxed = linprog(  # a whole-number optimum of the relaxation is the exact answer
                objective,
                A_eq=matrix[equal_rows] if equal_rows else None,
                b_eq=np.array(high)[equal_rows] if equal_rows else None,
                A_ub=matrix[upper_rows] if upper_rows else None,
                b_ub=np.array(high)[upper_rows] if upper_rows else None,
                bounds=list(zip(bounds.lb, bounds.ub, strict=True)),
                method="highs",
            )
            if (
                relaxed.status == 0
                and float(relaxed.fun).is_integer()
                and np.allclose(relaxed.x, np.round(relaxed.x))
            ):
                ends.append(sign * relaxed.fun)
                continue
            result = milp(
                objective, constraints=constraints, bounds=bounds, integrality=np.ones(len(hidden))
            )
            assert result.status == 0, (k, result.message)  # the truth is always feasible
            ends.append(sign * result.fun)
        ranges[k] = (ends[0], ends[1])
    return ranges


def register(specs: list[dict[str, Any]]) -> list[Record]:
    return [make_record(n, spec) for n, spec in enumerate(specs, 1)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SPEC, max_size=45))
def test_no_hidden_count_can_be_worked_out_from_everything_published(specs: list) -> None:
    figures, report = published(register(specs))
    for key, figure in figures.items():
        value = figure["value"]
        if figure["status"] == "published" and figure["table"] != "days_to_resolution":
            assert value == true_value(report, key) and not 1 <= value <= 4, (key, figure)
        if figure["status"] == "fewer-than-5":
            assert 0 <= true_value(report, key) <= 4 and value is None  # 0 only to protect others
    for key, (low, high) in attack(figures, report).items():
        assert low <= true_value(report, key) <= high, key
        assert high - low >= 1, f"{key} is pinned to {low} by the published figures"
        if figures[key]["status"] == "fewer-than-5":  # not narrowed to 3-or-4, say
            assert high - low >= 2, f"{key} is narrowed to {low}-{high} by the published figures"


def test_the_issue_s_attack_resolved_at_stage_2_minus_the_other_rows() -> None:
    # Two disputes resolved at stage 2, many at stage 3; before, the days-to-resolution
    # table published the count chosen to protect stage 2, so total - others gave it away.
    base = {
        "opened": 10,
        "gaps": [3, 3, 3, 3, 3],
        "categories": ["communication"],
        "level": None,
        "outcome": None,
        "agencies": LISTED[:2],
    }
    specs = [{**base, "stages": 2, "status": "resolved"}] * 2
    specs += [{**base, "stages": 3, "status": "resolved"}] * 9 + [
        {**base, "stages": 1, "status": "open"}
    ] * 6
    figures, report = published(register(specs))
    assert (
        figures[
            (
                "stages",
                "2",
                "resolved",
            )
        ]["status"]
        == "fewer-than-5"
    )
    shown = {k: f["value"] for k, f in figures.items() if f["status"] == "published"}
    others = [shown.get(("stages", s, "resolved")) for s in "1345"]
    total = shown.get(("totals", "resolved", "count"))
    assert total is None or None in others  # the subtraction cannot be done
    low, high = attack(figures, report)[("stages", "2", "resolved")]
    assert high - low >= 1
    naive, _ = published(register(specs), primary_only=True)  # the attack does work:
    assert attack(naive, report)[("stages", "2", "resolved")] == (2, 2)


def test_complementary_cells_are_labelled_withheld_not_fewer_than_5() -> None:
    base = {
        "opened": 10,
        "gaps": [3, 3, 3, 3, 3],
        "categories": ["communication"],
        "level": None,
        "outcome": None,
        "agencies": LISTED[:2],
        "status": "resolved",
    }
    specs = [{**base, "stages": 2}] * 2 + [{**base, "stages": 3}] * 19
    figures, report = published(register(specs))
    withheld = [k for k, f in figures.items() if f["status"] == "withheld"]
    assert withheld
    assert all(true_value(report, k) >= 5 for k in withheld)  # never read as "fewer than 5"


def test_unlisted_agencies_are_one_fixed_row_and_never_named() -> None:
    base = {
        "opened": 10,
        "gaps": [3, 3, 3, 3, 3],
        "categories": ["communication"],
        "level": None,
        "outcome": None,
        "status": "open",
        "stages": 1,
    }
    specs = [
        {**base, "agencies": ["Neighbourhood Watch Group", LISTED[0]]},
        {**base, "agencies": ["Kent  police", LISTED[1]]},
    ]
    figures, report = published(register(specs))
    assert {k[1] for k in figures if k[0] == "agencies"} == {*LISTED, ANOTHER_AGENCY}
    assert (
        report["agencies"][ANOTHER_AGENCY]["challenger"] == 1
    )  # the spacing/case variant is Kent Police
    assert report["agencies"]["Kent Police"] == {"challenger": 1, "challenged": 1}
    assert "Neighbourhood" not in json.dumps(list(figures.values()))


def test_two_builds_within_a_quarter_publish_the_same_figures() -> None:
    base = {
        "gaps": [3, 3, 3, 3, 3],
        "categories": ["communication"],
        "level": None,
        "outcome": None,
        "agencies": LISTED[:2],
        "stages": 2,
    }
    before_october = [{**base, "opened": d, "status": "open"} for d in range(0, 250, 9)]
    records = register(before_october)
    late = make_record(99, {**base, "opened": 300, "status": "open"})  # opened in November
    resolution = Resolution(2, date(2026, 11, 15), "other")
    resolved_later = [replace(r, status="resolved", resolution=resolution) for r in records]
    first = published(records)[0]
    assert published(records + [late])[0] == first
    assert published(resolved_later + [late])[0] == first  # a resolution after the quarter
    next_quarter = public_report(records + [late], POLICY, LISTED, date(2027, 1, 4))
    assert next_quarter["period"]["quarter"] == "2026-Q4"
    assert next_quarter["totals"]["records"] == len(records) + 1
