"""Summary statistics for the report: median and 90th percentile of whole days."""

from __future__ import annotations

import math
from collections.abc import Sequence

Number = int | float


def _tidy(value: float) -> Number:
    """A whole number as an int, so JSON shows 12 rather than 12.0."""
    return int(value) if float(value).is_integer() else value


def median(values: Sequence[int]) -> Number | None:
    """The middle value; of an even count, the mean of the middle two (None if empty)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return _tidy((ordered[middle - 1] + ordered[middle]) / 2)


def percentile(values: Sequence[int], percent: int) -> int | None:
    """The nearest-rank percentile: the smallest value at or above `percent`% of values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(percent / 100 * len(ordered)), 1)
    return ordered[rank - 1]
