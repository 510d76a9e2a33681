"""Synthetic registers for benchmarks: N valid records with a realistic mix of cases.

Ids have four digits (PD-YYYY-NNNN, at most 9,999 a year), so a register of more than
29,997 records is spread over more years than the usual three, going back from 2026:
every record is valid at any size.

Usage: python tools/bench/generate.py DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AGENCIES = [
    "Kent Police",
    "Children's Social Care",
    "Community Health Services",
    "Education (Schools)",
    "Acute Hospitals Trust",
    "Early Help Service",
    "Mental Health Trust",
    "Probation Service",
]
CATEGORIES = [
    "levels-of-need",
    "roles-and-responsibilities",
    "need-for-action",
    "communication",
    "other",
]
OUTCOMES = ["decision-changed", "decision-upheld", "further-assessment", "other"]
TODAY = date(2026, 11, 22)
LAST_YEAR = 2026
PER_YEAR = 9999  # the schema's ids: PD-YYYY-NNNN


def record_places(n: int) -> list[tuple[int, int]]:
    """(year, number) of each of `n` records: at least three years, none over 9,999 ids."""
    years = max(3, math.ceil(n / PER_YEAR))
    first = LAST_YEAR - years + 1
    return [(first + index % years, index // years + 1) for index in range(n)]


def _manager(rng: random.Random, agency: str, n: int) -> str:
    return (
        f'{{name: Manager {n}, designation: Team Manager, agency: "{agency}", '
        f"email: manager{n}@agency.example}}"
    )


def _record(rng: random.Random, year: int, number: int) -> tuple[str, str]:
    record_id = f"PD-{year}-{number:04d}"
    opened = date(year, 1, 1) + timedelta(days=rng.randrange(230))
    challenger, challenged = rng.sample(AGENCIES, 2)
    last_stage = rng.choice([1, 2, 3, 3, 3, 4, 4, 5])
    day = opened
    stages = []
    for stage in range(1, last_stage + 1):
        stages.append(f"  - stage: {stage}\n    started: {day.isoformat()}\n")
        if stage == 3:
            stages[-1] += (
                f"    raised: {(day + timedelta(days=rng.choice([1, 2, 4]))).isoformat()}\n"
                f"    challenger_manager: {_manager(rng, challenger, number * 2)}\n"
                f"    challenged_manager: {_manager(rng, challenged, number * 2 + 1)}\n"
            )
        if stage == 5:
            panel = ", ".join(f'"{a}"' for a in rng.sample(AGENCIES, 3))
            stages[-1] += (
                f"    group_date: {(day + timedelta(days=3)).isoformat()}\n    panel: [{panel}]\n"
            )
        day += timedelta(days=rng.randrange(1, 20))
    status = rng.choice(["open", "resolved", "resolved", "resolved", "withdrawn"])
    end = min(day, TODAY)
    lines = [
        "---",
        f"id: {record_id}",
        f"title: Synthetic dispute {number} about thresholds",
        f"status: {status}",
        f"opened: {opened.isoformat()}",
        "immediate_risk: false",
        f"level_of_need: {rng.choice(['early-help', 'child-in-need', 'child-protection'])}",
        f"categories: [{', '.join(rng.sample(CATEGORIES, rng.randrange(1, 3)))}]",
        f"child:\n  reference: C-{100000 + number}",
        f'challenger:\n  agency: "{challenger}"',
        f'challenged:\n  agency: "{challenged}"',
        "stages:\n" + "".join(stages).rstrip("\n"),
    ]
    if status == "resolved":
        lines.append(
            f"resolution:\n  stage: {last_stage}\n  date: {end.isoformat()}\n"
            f"  outcome: {rng.choice(OUTCOMES)}\n  effectiveness: Worked as intended.\n"
            "  suggestions: Name a contact in each agency."
        )
        if last_stage >= 3:
            lines.append(
                "sign_off:\n"
                + "\n".join(
                    f"  {role}: {{name: Manager {number * 2 + k}, designation: Team Manager, "
                    f'agency: "{agency}", date: {end.isoformat()}}}'
                    for k, (role, agency) in enumerate(
                        [("challenger_manager", challenger), ("challenged_manager", challenged)]
                    )
                )
            )
    if status == "withdrawn":
        lines.append(f"withdrawn:\n  date: {end.isoformat()}\n  reason: Agreed locally.")
    body = (
        "## Summary of reason for dispute\n\nThe agencies disagreed about the threshold.\n\n"
        f"## Views of the agencies\n\n### {challenger}\n\nView one.\n\n### {challenged}\n\n"
        "View two.\n\n## Agreed outcomes and actions\n\nA joint review was agreed.\n\n"
        "## Additional notes\n\nNone.\n"
    )
    return f"records/{year}/{record_id}.md", "\n".join(lines) + "\n---\n" + body


def generate_register(root: Path, n: int, seed: int = 0) -> Path:
    """Write a register of `n` valid synthetic records (and the schema files) under `root`."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "schema", root / "schema", dirs_exist_ok=True)
    for year, number in record_places(n):
        file, text = _record(rng, year, number)
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate_register(args.root, args.n, args.seed)
