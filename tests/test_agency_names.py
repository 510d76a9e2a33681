"""The "did you mean" for agency names guesses only when the guess is good."""

import pytest

from disputes.records.validate import _closest_agency

AGENCIES = ["Kent Police", "Children's Social Care", "Community Health Services"]


@pytest.mark.parametrize(
    ("given", "guess"),
    [
        ("Social Care", "Children's Social Care"),  # all its words are in one listed name
        ("Kent Polce", "Kent Police"),  # a typo
        ("Metropolitan Police", None),  # another force: no misleading guess
        ("Social Care Services", None),  # words spread over two agencies
    ],
)
def test_closest_agency(given: str, guess: str | None) -> None:
    assert _closest_agency(given, AGENCIES) == guess
