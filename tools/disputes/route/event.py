"""The hosting site's `issues` event, as it sends it to a workflow: the request's text, its
number and the account that sent it (which the host vouches for), read with bounds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.records.accounts import ACCOUNT
from disputes.route.steps import REQUEST_LABEL

MOST_BYTES = 4_000_000  # an event with a full issue and its labels is far smaller


class EventError(DisputesError):
    """The event file is not an issue event the route can read (exit 2)."""

    exit_code = COULD_NOT_RUN


@dataclass(frozen=True)
class Request:
    """One request: its text, the issue's number and labels, and the sender's account."""

    body: str
    number: int | None = None
    account: str | None = None
    labels: tuple[str, ...] = ()


def _field(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def read_event(path: Path) -> Request:
    """The request in an `issues` event payload (EventError saying what is wrong)."""
    with path.open("rb") as handle:
        raw = handle.read(MOST_BYTES + 1)
    if len(raw) > MOST_BYTES:
        raise EventError(f"{path}: more than {MOST_BYTES:,} bytes; not an issue event")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise EventError(f"{path}: not an event payload in JSON ({error})") from None
    body, number = _field(data, "issue", "body"), _field(data, "issue", "number")
    login = _field(data, "sender", "login")
    if body is None:
        body = ""  # an issue with no text: answered as a form with no answers
    if (
        not isinstance(body, str)
        or not isinstance(number, int)
        or isinstance(number, bool)
        or number <= 0
    ):
        raise EventError(f"{path}: not an issue event (no issue text and number)")
    if not isinstance(login, str) or not ACCOUNT.match(login):
        raise EventError(f"{path}: the event names no sender account")
    found = _field(data, "issue", "labels")
    labels = tuple(
        str(label.get("name")) for label in (found if isinstance(found, list) else [])
        if isinstance(label, dict)
    )  # fmt: skip
    if REQUEST_LABEL not in labels:
        raise EventError(
            f"{path}: issue #{number} does not carry the label '{REQUEST_LABEL}', so it is not a "
            "request made with one of the register's forms"
        )
    return Request(body, number, login, labels)


def read_form_file(path: Path) -> Request:
    """A downloaded form (the issue's layout) sent by someone without an account."""
    with path.open("rb") as handle:
        raw = handle.read(MOST_BYTES + 1)
    try:
        return Request(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise EventError(f"{path}: not UTF-8 text; save the form as UTF-8") from None
