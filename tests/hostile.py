"""A register whose every string is a script payload: records, file text and commit metadata.

Each payload carries a marker element (`<b class=pwned>`), an event handler that calls
alert(), an attribute break-out and, where a field may hold several lines, a blank line
followed by a Markdown `javascript:` link: the ways a string can become markup.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO_ROOT
from gitrepo import GitRepo

MARK = "pwned"


def payload(n: int) -> str:
    """One line that is markup in every context it could be pasted into unescaped."""
    return (
        f"x{n}\"'></title></textarea></script><b class={MARK}>{n}</b>"
        f"<img src=x{n} onerror=alert({n})>"
    )


def lines(n: int) -> str:
    """Several lines: the blank line would end an HTML block and start Markdown."""
    return f"{payload(n)}\n\n[click {n}](javascript:alert({n}))\n\n<svg onload=alert({n})>"


def _person(n: int, *, email: bool = True, signed: bool = False) -> dict[str, Any]:
    person: dict[str, Any] = {
        "name": payload(n),
        "designation": payload(n + 1),
        "agency": payload(n + 2),
    }
    if email:
        person["email"] = f'"><b/class={MARK}/onclick=alert({n})>@x.example'
    if signed:
        person["date"] = date(2026, 4, 2)
        person.pop("email")
    return person


def _records() -> dict[str, dict[str, Any]]:
    resolved = {
        "id": "PD-2026-0101",
        "title": payload(1),
        "status": "resolved",
        "opened": date(2026, 3, 2),
        "immediate_risk": False,
        "level_of_need": "child-in-need",
        "categories": ["levels-of-need", "communication"],
        "child": {"reference": "C-990101"},
        "challenger": {"agency": payload(10), "worker": _person(20)},
        "challenged": {"agency": payload(11), "worker": _person(30)},
        "stages": [
            {"stage": 1, "started": date(2026, 3, 2)},
            {"stage": 2, "started": date(2026, 3, 3)},
            {
                "stage": 3,
                "started": date(2026, 3, 5),
                "raised": date(2026, 3, 6),
                "challenger_manager": _person(40),
                "challenged_manager": _person(50),
            },
            {"stage": 4, "started": date(2026, 3, 12)},
            {
                "stage": 5,
                "started": date(2026, 3, 20),
                "group_date": date(2026, 3, 25),
                "panel": [payload(60), payload(61), payload(62)],
            },
        ],
        "resolution": {
            "stage": 5,
            "date": date(2026, 4, 2),
            "outcome": "decision-changed",
            "effectiveness": lines(70),
            "suggestions": lines(71),
        },
        "sign_off": {
            "challenger_manager": _person(40, signed=True),
            "challenged_manager": _person(50, signed=True),
        },
    }
    withdrawn = {
        **{k: v for k, v in resolved.items() if k not in ("resolution", "sign_off")},
        "id": "PD-2026-0102",
        "title": lines(100),
        "status": "withdrawn",
        "child": {"reference": "C-990102"},
        "stages": resolved["stages"][:2],
        "withdrawn": {"date": date(2026, 3, 10), "reason": lines(101)},
    }
    still_open = {  # overdue at stage 4: on the dashboard's overdue table too
        **{k: v for k, v in withdrawn.items() if k != "withdrawn"},
        "id": "PD-2026-0103",
        "title": lines(110),
        "status": "open",
        "child": {"reference": "C-990103"},
        "stages": resolved["stages"][:4],
    }
    return {r["id"]: r for r in (resolved, withdrawn, still_open)}


def _text(front: dict[str, Any], n: int) -> str:
    return (
        "---\n"
        + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
        + f"---\n\n## Summary of reason for dispute\n\n{lines(n)}\n\n"
        f'<a href="javascript:alert({n + 1})">raw link</a> {payload(n + 2)}\n\n'
        f"![pixel {n}](https://tracker.example/{n}.png)\n\n"
        f"## Views of the agencies\n\n{payload(n + 3)}\n\n"
        f"## Agreed outcomes and actions\n\n{payload(n + 4)}\n\n"
        f"## Additional notes\n\n{payload(n + 5)}\n"
    )


def hostile_register(path: Path) -> Path:
    """The register, committed by an author and with a subject and trailers that are payloads."""
    repo = GitRepo(path)
    shutil.copytree(REPO_ROOT / "site", repo.path / "site")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", repo.path / "mkdocs.yml")
    for n, (record_id, front) in enumerate(_records().items()):
        repo.write(f"records/2026/{record_id}.md", _text(front, 200 + 10 * n))
    # A file that fails validation is named on the dashboard: its name is a payload too.
    repo.write(f"records/2026/[click 400](javascript:alert(400)) <b class={MARK}>.md", "x\n")
    author = ('x" onmouseover="alert(300)" \'&amp; x', f'"onfocus=alert(301)"@{MARK}.example')
    subject = payload(302)
    trailers = f"Sign-off: PD-2026-0101 challenger-manager\nNote: {payload(303)}"
    repo.commit(f"{subject}\n\n{lines(304)}\n\n{trailers}", who=author, when="2026-04-03T10:00:00Z")
    return repo.path
