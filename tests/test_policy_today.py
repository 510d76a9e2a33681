""" "Today" is the policy's day (schema/policy.yml's `timezone`, Europe/London by default),
never the machine's: real `disputes` processes run with TZ set to the zones furthest
behind and ahead of London.

At any hour one of the two lies on another day than London (Adak, UTC-10, before 10:00
UTC; Kiritimati, UTC+14, from 10:00 UTC), so the old code, which took the machine's day,
failed one of these assertions whenever they ran.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import TOOLS, MakeRegister, valid_record_text

FILE = "records/2026/PD-2026-0007.md"
ZONES = ("America/Adak", "Pacific/Kiritimati")


def opened_on(day: date) -> str:
    """An open record whose every date is `day`."""
    _, front, body = valid_record_text().split("---\n", 2)
    text = "---\n" + front[: front.index("resolution:")] + "---\n" + body
    text = text.replace("status: resolved", "status: open")
    return re.sub(r"2026-03-\d\d", day.isoformat(), text)


def validate(root: Path, machine_zone: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": machine_zone, "PYTHONPATH": str(TOOLS)}
    return subprocess.run(
        [sys.executable, "-m", "disputes", "validate", "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def day_in(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()


@pytest.mark.parametrize("machine_zone", ZONES)
def test_a_record_opened_today_in_london_is_never_in_the_future(
    make_register: MakeRegister, machine_zone: str
) -> None:
    for _ in range(2):  # once more if London's midnight passed while the command ran
        london = day_in("Europe/London")
        today = make_register({FILE: opened_on(london)}, name=f"today-{london}")
        tomorrow = make_register(
            {FILE: opened_on(london + timedelta(days=1))}, name=f"tomorrow-{london}"
        )
        honest, ahead = validate(today, machine_zone), validate(tomorrow, machine_zone)
        if day_in("Europe/London") == london:
            break
    assert honest.returncode == 0, honest.stdout + honest.stderr
    assert ahead.returncode == 1, ahead.stdout + ahead.stderr
    assert f"is in the future (today is {london})" in ahead.stdout


def test_the_policy_names_the_partnerships_zone(make_register: MakeRegister) -> None:
    """A partnership elsewhere names its zone: today is that zone's day, not London's."""
    for _ in range(2):
        there = day_in("Pacific/Kiritimati")
        root = make_register({FILE: opened_on(there)}, name=f"kiritimati-{there}")
        policy = root / "schema/policy.yml"
        policy.write_text(
            policy.read_text(encoding="utf-8").replace(
                "timezone: Europe/London", "timezone: Pacific/Kiritimati"
            ),
            encoding="utf-8",
        )
        result = validate(root, "America/Adak")
        if day_in("Pacific/Kiritimati") == there:
            break
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_policy_without_a_zone_is_london_and_a_wrong_zone_is_said_plainly(
    make_register: MakeRegister,
) -> None:
    root = make_register({FILE: opened_on(day_in("Europe/London"))})
    policy = root / "schema/policy.yml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("timezone: Europe/London\n", ""), encoding="utf-8")
    assert validate(root, "Pacific/Kiritimati").returncode == 0
    policy.write_text(
        text.replace("timezone: Europe/London", "timezone: Europe/Londn"), encoding="utf-8"
    )
    wrong = validate(root, "UTC")
    assert wrong.returncode == 2
    assert "'Europe/Londn' is not a known time zone; use one such as Europe/London" in (
        wrong.stderr
    )


def test_zones_are_found_on_a_machine_without_a_zone_database(
    make_register: MakeRegister,
) -> None:
    """Windows and slim containers have no /usr/share/zoneinfo: the declared `tzdata`
    package gives `zoneinfo` the zones (PYTHONTZPATH pointing nowhere stands for that)."""
    root = make_register({FILE: opened_on(day_in("Europe/London"))})
    env = {
        **os.environ,
        "TZ": "UTC",
        "PYTHONPATH": str(TOOLS),
        "PYTHONTZPATH": str(root / "no-zones-here"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "disputes", "validate", "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.usefixtures("isolated_git")
@pytest.mark.parametrize("machine_zone", ZONES)
def test_the_gate_checks_on_the_bases_policy_day(tmp_path: Path, machine_zone: str) -> None:
    """`check` in CI, on a runner in another zone: a stage started today in London passes,
    one started tomorrow does not. The day is the base branch's policy's."""
    from gitrepo import RECORD, escalate, isolated_env, open_on_main

    results = {}
    for _ in range(2):
        london = day_in("Europe/London")
        for name, day in (("today", london), ("tomorrow", london + timedelta(days=1))):
            repo = open_on_main(tmp_path / f"{name}-{london}")
            repo.write(RECORD, escalate(repo.read(RECORD), day))
            repo.commit("PD-2026-0007: stage 4", when="2026-03-12T09:00:00Z")
            env = {
                **os.environ,
                **isolated_env(tmp_path),
                "TZ": machine_zone,
                "PYTHONPATH": str(TOOLS),
            }
            results[name] = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "disputes",
                    "check",
                    "--base",
                    "main",
                    "--root",
                    str(repo.path),
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        if day_in("Europe/London") == london:
            break
    assert results["today"].returncode == 0, results["today"].stdout
    assert results["tomorrow"].returncode == 1, results["tomorrow"].stdout
    assert f"is in the future (today is {london})" in results["tomorrow"].stdout
