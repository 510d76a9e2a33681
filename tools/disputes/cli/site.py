"""`disputes build` and `disputes serve`: the register site, through MkDocs."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import FrameType

import click

from disputes.cli.options import root_option, view_option
from disputes.records.config import check_root
from disputes.site.build import build_site, serve_site
from disputes.site.hostcheck import is_loopback

_PROFILE = click.option(
    "--profile",
    type=click.Choice(["internal", "public"]),
    default="internal",
    show_default=True,
    help="internal: every record, for the partnership; public: aggregate reports only.",
)


def _settings(root: Path, profile: str, as_of: date | None) -> Path:
    """Point the plugin at this register, profile and day (mkdocs.yml reads them with !ENV)."""
    check_root(root)
    os.environ["DISPUTES_PROFILE"] = profile
    os.environ["DISPUTES_AS_OF"] = as_of.isoformat() if as_of else ""
    return root / "mkdocs.yml"


@contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """End on SIGTERM (a CI job cancelled, `kill`) as on Ctrl+C, so the temporary folders
    (the public site being staged, the site `serve` built) are removed on the way out."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    try:
        before = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: the caller's handling stands
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


@click.command()
@root_option
@_PROFILE
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site. Default: build/site (public: build/public).",
)
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning.")
@view_option
def build(
    root: Path, profile: str, site_dir: Path | None, strict: bool, as_of: date | None
) -> None:
    """Build the register site as static files (no server, no network needed).

    \b
    Example:
      disputes build
      disputes build --profile public -d build/public
    """
    config_file = _settings(root, profile, as_of)
    target = site_dir or root / "build" / ("public" if profile == "public" else "site")
    with _sigterm_as_ctrl_c():
        build_site(config_file, target.resolve(), profile=profile, strict=strict)
    click.echo(f"Built the {profile} site in {target}. Open {target / 'index.html'} in a browser.")


@click.command()
@root_option
@_PROFILE
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="Address and port to serve on.",
)
@view_option
def serve(root: Path, profile: str, dev_addr: str, as_of: date | None) -> None:
    """Serve the register site locally, rebuilding it when a record changes.

    \b
    Example:
      disputes serve
      disputes serve --profile public -a 127.0.0.1:8001
    """
    config_file = _settings(root, profile, as_of)
    if not is_loopback(dev_addr.rsplit(":", 1)[0]):
        reached = (
            "the internal register, with every record, names and all,"
            if profile == "internal"
            else "the public site"
        )
        click.echo(
            f"Warning: serving on {dev_addr} makes {reached} reachable from other machines "
            "on the network, with no password. Stop it (Ctrl+C) and serve on 127.0.0.1 "
            "unless that is what you mean.",
            err=True,
        )
    click.echo(f"Serving the {profile} site at http://{dev_addr}/ (Ctrl+C to stop).")
    with _sigterm_as_ctrl_c():
        serve_site(
            config_file, dev_addr, watch=[root / "records", root / "schema"], profile=profile
        )
