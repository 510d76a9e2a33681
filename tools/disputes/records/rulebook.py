"""Every rule `validate` applies beyond the schema, named once and explained in plain words.

The names are the rule functions' names; the explanations are their docstrings. The site's
"Record format" page lists them, so adding a rule function documents it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from disputes.records import registerrules
from disputes.records.rules import RULES, WARNING_RULES
from disputes.records.validate import agency_names


@dataclass(frozen=True)
class RuleDoc:
    """A rule's name, what it checks, whether it warns or fails, and its scope."""

    name: str
    explanation: str
    severity: str  # "error" or "warning"
    scope: str  # "record" or "register"


def _doc(func: Callable[..., Any]) -> str:
    return " ".join((func.__doc__ or "").split())


def rule_catalogue() -> list[RuleDoc]:
    """The record rules, then the rules across the register, in the order they run."""
    docs = [RuleDoc(r.__name__, _doc(r), "error", "record") for r in RULES]
    docs += [RuleDoc(r.__name__, _doc(r), "warning", "record") for r in WARNING_RULES]
    docs.append(RuleDoc("listed_agencies", _doc(agency_names), "warning", "record"))
    docs += [
        RuleDoc(name, _doc(r), severity, "register")
        for name, r, severity in registerrules.REGISTER_RULES
    ]
    return docs
