"""The policy page's figures, from `schema/policy.yml`: each stage's name and timescale.

`site/policy.md` is the partnership's own words; where it holds the line `POLICY_TABLE`
the build puts the stages as the policy file sets them, so the page cannot say 48 hours
while the reports count 72.
"""

from __future__ import annotations

import html
import re

from disputes.policy.settings import Policy, Timescale

POLICY_TABLE = "{{ stages from schema/policy.yml }}"
STAGES = (1, 2, 3, 4, 5)
LAST_STAGE = 5
CLOCK_STARTS = {
    "started": "the stage starting",
    "group_date": "the QAPM group's date",
    "referred": "the referral",
}
CLOCK_STOPS = {
    "raised": "concern raised with the other agency's manager",
    "ended": "resolved or escalated",
    "group_date": "the QAPM group meets",
}


def timescale_words(timescale: Timescale | None) -> str:
    """A timescale as the page states it: what must happen, within what, from when."""
    if timescale is None:
        return "none set"
    stops = CLOCK_STOPS.get(timescale.clock_stops, timescale.clock_stops)
    if timescale.stage == LAST_STAGE and timescale.clock_stops == "ended":
        stops = "an outcome reached"  # the last stage cannot be escalated
    starts = CLOCK_STARTS.get(timescale.clock_starts, timescale.clock_starts)
    return f"{stops} within {timescale.allowance} of {starts}"


def policy_table(policy: Policy) -> str:
    """The stages, their names and timescales as a Markdown table."""
    rows = ["| Stage | Who | Timescale |", "|---|---|---|"]
    for stage in STAGES:
        words = timescale_words(policy.timescale(stage))
        if policy.referral is not None and policy.referral.stage == stage:
            words += f"; before the group has a date: {timescale_words(policy.referral)}"
        rows.append(f"| {stage} | {_cell(policy.stage_name(stage))} | {_cell(words)} |")
    return "\n".join(rows)


def fill_policy_page(markdown: str, policy: Policy) -> str:
    """The page with its `POLICY_TABLE` line replaced by the policy's stages."""
    lines = markdown.splitlines()
    if POLICY_TABLE not in (line.strip() for line in lines):
        return markdown
    table = policy_table(policy)
    return "\n".join(table if line.strip() == POLICY_TABLE else line for line in lines) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: HTML escaped, Markdown's marks and `|` taken literally
    (quotes stay as they are: the page shows them as typed)."""
    return re.sub(r"([\\`*_{}\[\]|<>#!])", r"\\\1", html.escape(text, quote=False))
