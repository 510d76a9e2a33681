"""A build's second process ends when the build does, however the build ended.

The process reading the audit trails (`trails`) and the forked copy making a share of the
record pages (`sharedbuild`) are ended by the build when it finishes or fails. A build that
is killed (SIGKILL, a CI job cancelled, a terminal closed) ends nothing: the trails worker
would wait for its next task for ever. So each second process asks, as it starts, to be
killed when its parent ends: on Linux the kernel does it (PR_SET_PDEATHSIG); elsewhere a
thread watches for the parent to go.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 0.5  # where the kernel cannot do it: how often the parent is looked for


def end_with_parent(parent: int) -> None:
    """In a second process: end when process `parent` (the build) ends."""
    if not _ask_the_kernel():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the build ended before the request took hold
        os._exit(1)


def _ask_the_kernel() -> bool:
    """Linux: have the kernel kill this process when its parent ends; whether it will."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    """End this process once `parent` is no longer its parent (it ended)."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
