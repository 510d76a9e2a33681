"""The one base of the failures a user can cause, each carrying the exit status it ends with.

Core code raises a subclass of `DisputesError` with one plain sentence (what, where, how to
fix it); it never prints or exits. The command line's one handler (`cli/errors.py`) catches
the base and exits with the subclass' `exit_code`: 1 when a record or the site fails a check,
2 when the command could not run. Every package may import this module; it imports nothing.
"""

from __future__ import annotations

FAILED = 1  # a record (or the site made from the records) fails a check
COULD_NOT_RUN = 2  # the register, its configuration, git or the command's input is unusable


class DisputesError(Exception):
    """A failure a user can cause; `exit_code` is the command's exit status for it."""

    exit_code = FAILED
