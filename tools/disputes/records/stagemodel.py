"""The policy's stages as data: who and what each stage needs, and who signs the form.

`schema/policy.yml` says, per stage, which of `STAGE_NEEDS_VOCABULARY` a stage entry
must hold (`needs:`). Records written to format 2 (`version: 2`) are held to it; older
records are not: what a past record never had is shown as "not recorded", never
demanded after the fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from disputes.records.config import POLICY_FILE, ConfigError
from disputes.records.yamlsafe import load_config_yaml

CURRENT_VERSION = 2
ROLES = ("challenger_manager", "challenged_manager")

# What a stage may need, and where in the record it lives.
NEEDS_WORDS = {
    "challenger_worker": "the challenging agency's worker (challenger.worker)",
    "challenged_worker": "the challenged agency's worker (challenged.worker)",
    "supervisor": "the worker's supervisor",
    "aim": "what the worker and supervisor aim to achieve",
    "challenger_manager": "the challenging agency's manager",
    "challenged_manager": "the challenged agency's manager",
    "raised": "the date the concern reached the other agency's manager",
    "referred": "the date of the referral to the QAPM group",
    "group_date": "the date the QAPM group meets",
    "panel": "the QAPM panel's representatives",
    "decision": "the decision reached at the stage",
}
STAGE_NEEDS_VOCABULARY = tuple(NEEDS_WORDS)
_MANAGERS = ("challenger_manager", "challenged_manager")
_WORKERS = ("challenger_worker", "challenged_worker", "decision")
# Which fields a stage entry may hold: a stage's people and events, and its decision.
STAGE_FIELDS: dict[int, tuple[str, ...]] = {
    1: (*_WORKERS, "supervisor", "aim"),
    2: _WORKERS,
    3: (*_WORKERS, *_MANAGERS, "raised"),
    4: (*_WORKERS, *_MANAGERS),
    5: (*_WORKERS, *_MANAGERS, "referred", "group_date", "panel", "agencies_represented",
        "representations_received", "acceptance"),
}  # fmt: skip
TOP_LEVEL_NEEDS = {"challenger_worker": "challenger", "challenged_worker": "challenged"}

DEFAULT_NEEDS: dict[int, tuple[str, ...]] = {
    1: ("challenger_worker", "supervisor", "aim"),
    2: ("challenger_worker", "challenged_worker"),
    3: ("challenger_manager", "challenged_manager"),
    4: ("challenger_manager", "challenged_manager"),
    5: ("referred",),
}


@dataclass(frozen=True)
class StageModel:
    """Per stage: its name and what a format-2 stage entry must hold."""

    needs: Mapping[int, tuple[str, ...]]
    names: Mapping[int, str]

    def name(self, stage: int) -> str:
        """The stage's name as `policy.yml` gives it ("Stage N" where it gives none)."""
        return self.names.get(stage, f"Stage {stage}")


DEFAULT_MODEL = StageModel(DEFAULT_NEEDS, {})  # names come from policy.yml only


def load_stage_model(root: Path) -> StageModel:
    """The stage model of the register's policy.yml (the defaults where it is silent)."""
    path = root / POLICY_FILE
    if not path.is_file():
        return DEFAULT_MODEL
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{POLICY_FILE}: cannot be read ({exc})") from None
    return stage_model_from_text(text)


def stage_model_from_text(text: str | None, where: str = POLICY_FILE) -> StageModel:
    """The stage model of a policy.yml's text (a file, or a git blob; None: the defaults)."""
    if text is None:
        return DEFAULT_MODEL
    try:
        data = load_config_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: cannot be read ({exc})") from None
    stages = data.get("stages") if isinstance(data, dict) else None
    needs, names = dict(DEFAULT_NEEDS), dict[int, str]()
    for key, entry in (stages or {}).items() if isinstance(stages, dict) else ():
        if not isinstance(entry, dict) or str(key) not in {"1", "2", "3", "4", "5"}:
            continue
        if isinstance(entry.get("needs"), list):
            unknown = [n for n in entry["needs"] if n not in NEEDS_WORDS]
            if unknown:
                raise ConfigError(
                    f"{where}: stages.{key}.needs: {', '.join(map(str, unknown))} is not "
                    f"something a stage can hold; use {', '.join(STAGE_NEEDS_VOCABULARY)}"
                )
            needs[int(key)] = tuple(entry["needs"])
        if entry.get("name"):
            names[int(key)] = str(entry["name"])
    return StageModel(needs, names)


def is_current(data: Mapping[str, Any]) -> bool:
    """Whether front matter is written to the current record format."""
    return data.get("version") == CURRENT_VERSION


def has_managers(stage: Mapping[str, Any]) -> bool:
    """Whether a stage entry names both managers."""
    return all(isinstance(stage.get(role), Mapping) for role in ROLES)


def signing_stage(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The stage entry whose two managers sign off the form.

    The managers named at the stage where the dispute was resolved; if that stage
    names none (an older record), the highest stage that names managers.
    """
    stages = [s for s in data.get("stages") or [] if isinstance(s, Mapping)]
    resolved_at = (data.get("resolution") or {}).get("stage")
    at = next((s for s in stages if s.get("stage") == resolved_at), None)
    if at is not None and has_managers(at):
        return at
    naming = [s for s in stages if has_managers(s)]
    return naming[-1] if naming else None


def signing_managers(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The two managers who sign the form, by role ({} when no stage names them)."""
    stage = signing_stage(data)
    return {role: stage[role] for role in ROLES} if stage is not None else {}


def missing_needs(data: Mapping[str, Any], index: int, model: StageModel) -> list[str]:
    """What the stage entry at `index` lacks of what the policy says its stage needs."""
    stage = data["stages"][index]
    missing: list[str] = []
    excused = set(stage.get("not_recorded") or ())  # an older record's gaps, declared
    for need in model.needs.get(int(stage.get("stage", 0)), ()):
        if need in excused:
            continue
        if need in TOP_LEVEL_NEEDS:
            present = bool((data.get(TOP_LEVEL_NEEDS[need]) or {}).get("worker"))
        else:
            present = stage.get(need) not in (None, "", [])
        if not present:
            missing.append(need)
    return missing
