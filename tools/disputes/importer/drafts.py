"""A record as the import drafts it from one row or form, and its text.

Whatever the source does not give is written 'not recorded'; what a record never
carries (a child's or family member's name) is left out and said to be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from disputes.edit.create import scalar
from disputes.records.frontmatter import Parsed
from disputes.records.stagemodel import StageModel
from disputes.records.unrecorded import UNRECORDED

ROLES = ("challenger_manager", "challenged_manager")
LEFT_OUT = "[name left out]"


@dataclass
class Signer:
    """A manager's signature on a paper form (any box may be blank)."""

    name: str = ""
    designation: str = ""
    agency: str = ""
    date: date | None = None


@dataclass
class Draft:
    """One record to be, from one row of a log or one filled form."""

    source: dict[str, object]  # file, and sheet and row, or form: true
    where: str  # the source in words, for messages
    challenger: str = ""
    challenged: str = ""
    title: str = ""
    status: str = "resolved"
    opened: date | None = None
    immediate_risk: bool | None = None
    categories: tuple[str, ...] | None = None
    level_of_need: str | None = None
    reference: str | None = None
    first_stage: int | None = None
    last_stage: int | None = None
    started: dict[int, date] = field(default_factory=dict)
    resolved: date | None = None
    withdrawn: date | None = None
    outcome: str | None = None
    effectiveness: str = ""
    days_taken: int | None = None
    signers: dict[str, Signer] = field(default_factory=dict)  # a paper form's two signatures
    summary: str = ""
    views: str = ""
    agreed: str = ""
    notes: str = ""
    left_out: list[str] = field(default_factory=list)
    rendered: str = field(default="", repr=False)  # the text checked, under `placeholder`
    checked: Parsed | None = field(default=None, repr=False)  # that text, parsed

    @property
    def placeholder(self) -> str:
        """The id a draft is checked under: its year's, numbered only when it is written."""
        return f"PD-{self.year or 1:04d}-0000"

    def text(self, record_id: str) -> str:
        """The checked record's text under its id."""
        return self.rendered.replace(f"id: {self.placeholder}\n", f"id: {record_id}\n", 1)

    def digest_data(self, record_id: str) -> Parsed:
        """The checked record as parsed, under its id (for the import commit's version)."""
        assert self.checked is not None, "only a checked draft is written"
        return replace(self.checked, data={**self.checked.data, "id": record_id})

    def dates(self) -> list[date]:
        """Every date the source gives."""
        found = [self.opened, self.resolved, self.withdrawn, *self.started.values()]
        found += [s.date for s in self.signers.values()]
        return [d for d in found if d is not None]

    @property
    def year(self) -> int | None:
        """The year of the record's id and folder: opened, else the earliest date given."""
        if self.opened is not None:
            return self.opened.year
        dates = self.dates()
        return min(dates).year if dates else None


NO_NAME = {"", "n a", "na", "none", "not known", "unknown", "not applicable", "tbc", "nil"}


def is_a_name(text: str) -> bool:
    """Whether a name box holds a name (not 'N/A', 'none', 'not known', blank)."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split()) not in NO_NAME


def redact(text: str, names: list[str]) -> str:
    """`text` with every word of the given names (two letters or more) replaced."""
    parts = {w for name in names if is_a_name(name) for w in re.findall(r"[^\W\d_]{2,}", name)}
    if not parts:
        return text
    pattern = r"\b(" + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)) + r")\b"
    text = re.sub(pattern, LEFT_OUT, text, flags=re.IGNORECASE)
    return re.sub(r"\[name left out\](?:[\s-]+\[name left out\])+", LEFT_OUT, text)


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ().'/&-]*[A-Za-z0-9).]")  # no flow indicators
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def plain(text: str) -> str:
    """Text as a YAML scalar: as it is when YAML reads it back unchanged, else quoted."""
    if _PLAIN.fullmatch(text) and text.casefold() not in _YAML_WORDS and "  " not in text:
        return text  # most values: no quoting, and no YAML emitter to run
    return scalar(text)


def _value(value: object) -> str:
    if value is None:
        return UNRECORDED
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return plain(value) if isinstance(value, str) else scalar(value)


def render(draft: Draft, record_id: str, model: StageModel) -> str:
    """The record's text: front matter, then the form's headings."""
    lines = [
        "---",
        f"id: {record_id}",
        "version: 2",
        f"title: {plain(draft.title)}",
        f"status: {draft.status}",
        f"opened: {_value(draft.opened)}",
        f"immediate_risk: {_value(draft.immediate_risk)}",
    ]
    if draft.level_of_need:
        lines.append(f"level_of_need: {draft.level_of_need}")
    categories = f"[{', '.join(draft.categories)}]" if draft.categories else UNRECORDED
    lines += [
        f"categories: {categories}",
        "child:",
        f"  reference: {_value(draft.reference)}   # the agencies' case reference; never a name",
        "challenger:",
        f"  agency: {plain(draft.challenger)}",
        "challenged:",
        f"  agency: {plain(draft.challenged)}",
        "stages:",
    ]
    lines += _stages(draft, model)
    lines += _closing(draft)
    lines += _imported(draft)
    return "\n".join([*lines, "---", *_body(draft)]) + "\n"


def _stages(draft: Draft, model: StageModel) -> list[str]:
    first = draft.first_stage or 1
    last = draft.last_stage or first
    lines = []
    for stage in range(first, last + 1):
        missing = list(model.needs.get(stage, ()))
        if stage == 5 and draft.status == "resolved" and stage == last:
            missing += [
                k for k in ("group_date", "panel", "representations_received") if k not in missing
            ]
        lines += [f"  - stage: {stage}", f"    started: {_value(draft.started.get(stage))}"]
        if missing:
            lines.append(f"    not_recorded: [{', '.join(missing)}]")
    return lines


def _closing(draft: Draft) -> list[str]:
    if draft.status == "withdrawn":
        return [
            "withdrawn:",
            f"  date: {_value(draft.withdrawn)}",
            "  reason: Withdrawn, as the imported log records; the reason is not recorded.",
        ]
    if draft.status != "resolved":
        return []
    lines = ["resolution:", f"  stage: {draft.last_stage}", f"  date: {_value(draft.resolved)}"]
    if draft.outcome:
        lines.append(f"  outcome: {draft.outcome}")
    unsaid = ["shared_with", "debrief", "suggestions", "outstanding"]
    if draft.effectiveness:
        lines.append(f"  effectiveness: {plain(draft.effectiveness)}")
    else:
        unsaid.insert(2, "effectiveness")
    lines.append(f"  not_recorded: [{', '.join(unsaid)}]")
    if (draft.last_stage or 0) < 3:
        return lines
    if len(draft.signers) < 2:
        return [*lines, f"sign_off: {UNRECORDED}"]
    lines.append("sign_off:")
    for role in ROLES:
        signer = draft.signers[role]
        lines.append(
            f"  {role}: {{name: {_value(signer.name or None)}, designation: "
            f"{_value(signer.designation or None)}, agency: {_value(signer.agency or None)}, "
            f"date: {_value(signer.date)}}}"
        )
    return [*lines, "  on_paper: true"]


def _imported(draft: Draft) -> list[str]:
    lines = ["imported:"]
    lines += [f"  {key}: {_value(value)}" for key, value in draft.source.items()]
    if draft.days_taken is not None:
        lines.append(f"  days_taken: {draft.days_taken}")
    if draft.left_out:
        lines.append(f"  left_out: [{', '.join(plain(w) for w in draft.left_out)}]")
    return lines


def _section(heading: str, text: str) -> list[str]:
    return [f"## {heading}", "", text.strip() or "Not recorded.", ""]


def _body(draft: Draft) -> list[str]:
    return [
        *_section("Summary of reason for dispute", draft.summary),
        *_section("Views of the agencies", draft.views),
        *_section("Agreed outcomes and actions", draft.agreed),
        *_section("Additional notes", draft.notes),
    ]
