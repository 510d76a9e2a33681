"""The one definition of a timescale "kept", shared by `disputes report` and the site.

A stage counts once its deadline has passed or it is done: met (done by the deadline),
breached (done after it) or overdue (not done, deadline passed). Pending stages (not done,
deadline not yet passed) are not counted either way. Leaving overdue stages out, as the
dashboard once did, made the share look better the longer disputes were left.
"""

from __future__ import annotations

from collections.abc import Mapping

KEPT_DEFINITION = (
    "Kept: the share of stages met (done by the deadline) out of all stages whose deadline "
    "has passed or that are done: met, breached and overdue. Pending stages (deadline not "
    "yet passed) are not counted."
)


def kept_counts(counts: Mapping[str, int]) -> tuple[int, int]:
    """(kept, counted) for one stage's outcome counts: met, and met + breached + overdue."""
    return counts.get("met", 0), counts.get("met", 0) + counts.get("breached", 0) + counts.get(
        "overdue", 0
    )


def kept_share(counts: Mapping[str, int]) -> str:
    """The kept share as a whole percentage ("77%"), or "" when no stage counts yet."""
    kept, counted = kept_counts(counts)
    return f"{round(100 * kept / counted)}%" if counted else ""
