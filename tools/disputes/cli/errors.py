"""The one place where failures a user can cause become a plain message and an exit status.

Core functions raise; they never print or exit. The command group calls every command
through `handle_failures`, so an unreadable file, a full disk, a broken configuration or a
git problem ends with one sentence saying what and where, and exit status 2. Core failures
share one base, `disputes.errors.DisputesError`, whose subclasses carry their exit status;
the handler catches the base once and imports none of the modules that raise them.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

import click

from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.records.text import for_terminal

_HINTS = {
    errno.ENOSPC: "The disk is full: free some space and run the command again.",
    errno.EDQUOT: "The disk quota is used up: free some space and run the command again.",
    errno.EACCES: "You may not use that path: check its permissions or choose another.",
    errno.EPERM: "You may not use that path: check its permissions or choose another.",
    errno.EROFS: "That disk is read-only: choose a path you can write to.",
    errno.ENOENT: "Check that the path exists and is spelled correctly.",
    errno.ENOTDIR: "Part of that path is a file, not a folder: check the path.",
    errno.EISDIR: "That path is a folder: give a file name.",
    errno.ENAMETOOLONG: "That path is too long: choose a shorter one.",
    errno.EEXIST: "Something is already there: remove it or choose another path.",
}


class RegisterError(click.ClickException):
    """The register (not a record) cannot be used: exit status 2."""

    exit_code = 2


def os_error_message(error: OSError) -> str:
    """A plain sentence for an operating-system failure: what, where, how to fix it."""
    # Without a file name it was the command's own output (a pipe, or a redirect to a file).
    what = f"use {error.filename}" if error.filename else "write the command's output"
    reason = (error.strerror or str(error) or "it could not be used").rstrip(".")
    hint = _HINTS.get(error.errno or 0, "Check the path and run the command again.")
    return f"could not {what}: {reason.lower()}. {hint}"


@contextmanager
def handle_failures() -> Iterator[None]:
    """Turn the failures a user can cause into Click errors with a plain message."""
    try:
        yield
    except DisputesError as error:  # its class says which status: 1 a check failed, 2 could not run
        could_not_run = error.exit_code == COULD_NOT_RUN
        raise (RegisterError if could_not_run else click.ClickException)(
            for_terminal(str(error))
        ) from None
    except OSError as error:
        raise RegisterError(for_terminal(os_error_message(error))) from None
    except RecursionError:
        raise RegisterError(
            "a file is nested too deeply to read: look for a value with hundreds of levels "
            "of brackets or dashes and simplify it."
        ) from None
