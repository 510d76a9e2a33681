"""The policy file read as YAML, its time zone, and "today": the day in that zone.

Light on purpose (no calendars, no schema): every command asks for today, and `validate`
must not load the bank-holiday library to learn it.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from disputes.records.config import ConfigError
from disputes.records.yamlsafe import load_config_yaml

POLICY_FILE = Path("schema") / "policy.yml"
DEFAULT_ZONE = "Europe/London"


def policy_today(root: Path) -> date:
    """Today in the policy's time zone: the partnership's day, whatever the machine's zone.

    The only place the clock is read for a day: with the machine's zone a record opened
    today in London would be "in the future" on a laptop set to Alaska's Aleutian time."""
    path = root / POLICY_FILE
    return policy_day(read_policy(path) if path.is_file() else None, str(path))


def policy_day(text: str | None, where: str = str(POLICY_FILE)) -> date:
    """Today in the zone a policy.yml's text names (the pull-request gate gives the base
    branch's): its `timezone`, Europe/London when there is no policy or it names none. Only
    that field is read, so a command that needs no timescale does not fail on the rest."""
    data = parse_policy(text, where) if text is not None else {}
    return datetime.now(zone_named(str(data.get("timezone", DEFAULT_ZONE)), where)).date()


def read_policy(path: Path) -> str:
    """The policy file's text, or ConfigError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the policy file ({error.strerror}).") from error


def parse_policy(text: str, path: str) -> dict[str, Any]:
    """A policy.yml's text as a mapping (stage keys as text), or ConfigError."""
    try:
        data = load_config_yaml(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: should be a mapping with timezone, bank_holidays and stages.")
    if isinstance(data.get("stages"), dict):
        # YAML reads `3:` as a number; the schema names stages as strings.
        data["stages"] = {str(k): v for k, v in data["stages"].items()}
    return data


def zone_named(name: str, path: str) -> ZoneInfo:
    """The time zone called `name`, or ConfigError naming the policy file."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(
            f"{path}: timezone: {name!r} is not a known time zone; use one such as Europe/London."
        ) from error
