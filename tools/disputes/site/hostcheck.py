"""`serve` answers only to its own host names, so a web page elsewhere cannot read the register.

A page on another site can make its own name point at 127.0.0.1 (DNS rebinding) and then
read whatever the local server answers, as if it were its own: every record of the internal
site. The browser still names that other site in the request's Host header, so a server that
answers only to the names it is really reached by (localhost, 127.0.0.1, [::1], the address
it was bound to) gives such a page nothing. An address given as digits cannot be rebound,
so a server bound to every address (0.0.0.0) also answers to any address and to this
machine's own name.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any

WILDCARDS = {"0.0.0.0", "::"}  # noqa: S104 - the addresses meaning "every address"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def is_loopback(host: str) -> bool:
    """Whether an address (or `localhost`) is reachable from this machine only."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The host named by a Host header, without its port or brackets, in lower case."""
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8000
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def answers_to(name: str, bound: str) -> bool:
    """Whether a server bound to `bound` answers a request for host `name`."""
    bound = bound.strip("[]").lower()
    if name in LOOPBACK_NAMES or name == bound:
        return True
    if bound not in WILDCARDS:
        return False
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return name in {socket.gethostname().lower(), socket.getfqdn().lower()}


def refuse_other_hosts(app: Wsgi, bound: str) -> Wsgi:
    """`app`, answering 403 with a plain message to a request for any other host."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        header = environ.get("HTTP_HOST")
        if header is None or answers_to(host_name(header), bound):
            return app(environ, start_response)
        message = (
            f"This server answers only at its own address (such as localhost), not at "
            f"{header!r}, so the request was refused: a page on another site may be trying to "
            "read the register. Open the address `disputes serve` printed.\n"
        ).encode()
        start_response(
            "403 Forbidden",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(message)))],
        )
        return [message]

    return guarded
