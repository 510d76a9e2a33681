"""Run MkDocs on a register's mkdocs.yml: build once, or serve with live reload."""

from __future__ import annotations

import glob
import io
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.site.allowlist import theme_dirs
from disputes.site.profile import ProfileConflict, chosen_plugin
from disputes.site.public import PublicLeak, check_public_site

PROFILE_ENV = "DISPUTES_PROFILE"
STAGING_LOCK = "building.lock"  # held by the build staging the public site in that folder


class SiteError(DisputesError):
    """The site could not be built; the message says why."""


class SiteConfigError(SiteError):
    """mkdocs.yml contradicts the command: the build could not run (exit status 2)."""

    exit_code = COULD_NOT_RUN


class _ToStderr(logging.Handler):
    """Writes to whatever sys.stderr is at the time (so test runners capture it too)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr)


def _show_warnings() -> None:
    """MkDocs' warnings and errors (and the plugin's) on stderr, as `mkdocs build` shows them."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _ToStderr) for h in logger.handlers):
        handler = _ToStderr(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)


DEFAULT_CONFIG = """\
site_name: Professional disagreements register
docs_dir: {docs}
theme: {{name: material, font: false, features: [navigation.sections, navigation.top]}}
plugins:
  - search
  - disputes: {{root: {root}, as_of: !ENV [DISPUTES_AS_OF, ""]}}
markdown_extensions: [tables, attr_list, md_in_html, admonition]
"""


def build_site(
    config_file: Path, site_dir: Path, *, profile: str = "internal", strict: bool = False
) -> None:
    """Build the site described by `config_file` (or a default one) into `site_dir`.

    A public build is made in a folder beside `site_dir`, leak-checked once every plugin has
    finished, and only then moved into place: a refused build leaves nothing to publish.
    """
    _show_warnings()
    with ExitStack() as stack:
        try:
            source = _config_source(config_file, stack)
            target = _staging(site_dir, stack) if profile == "public" else site_dir
            with _profile_env(profile):
                config = load_config(config_file=source, site_dir=str(target), strict=strict)
            plugin = chosen_plugin(config, profile, config_file.parent)
            build(config)
            if plugin is not None and plugin.data is not None and profile == "public":
                check_public_site(target, plugin.data, theme_dirs(config))
        except ProfileConflict as exc:
            raise SiteConfigError(str(exc)) from None
        except PublicLeak as exc:
            raise SiteError(f"the site was not built: {exc}") from None
        except MkDocsException as exc:
            raise SiteError(f"the site was not built: {exc}".rstrip("!")) from None
        if target != site_dir:
            _publish(target, site_dir)


@contextmanager
def _profile_env(profile: str) -> Iterator[None]:
    """mkdocs.yml's `!ENV [DISPUTES_PROFILE, ...]` reads the profile asked for here, whatever
    an earlier command in this process left in the environment."""
    before = os.environ.get(PROFILE_ENV)
    os.environ[PROFILE_ENV] = profile
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PROFILE_ENV, None)
        else:
            os.environ[PROFILE_ENV] = before


def _config_source(config_file: Path, stack: ExitStack) -> str | io.StringIO:
    """mkdocs.yml, or for a register without one (or without site/) a default config."""
    if config_file.is_file():
        return str(config_file)
    docs = stack.enter_context(tempfile.TemporaryDirectory())
    return io.StringIO(
        DEFAULT_CONFIG.format(
            docs=json.dumps(docs), root=json.dumps(str(config_file.parent.resolve()))
        )
    )


def _staging(site_dir: Path, stack: ExitStack) -> Path:
    """An empty folder beside `site_dir`, removed when the build ends (moved or not).

    A killed build cannot remove its own: the next build removes every one whose build no
    longer holds its lock (a build still running keeps its own).
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in site_dir.parent.glob(glob.escape(_staging_prefix(site_dir)) + "*"):
        _remove_if_abandoned(stale)
    folder = Path(
        stack.enter_context(
            tempfile.TemporaryDirectory(prefix=_staging_prefix(site_dir), dir=site_dir.parent)
        )
    )
    stack.enter_context(FileLock(str(folder / STAGING_LOCK)))
    return folder / "site"


def _staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}.staging-"


def _remove_if_abandoned(folder: Path) -> None:
    """Remove a staging folder unless a build running now holds its lock."""
    if folder.is_symlink() or not folder.is_dir():
        return
    try:
        with FileLock(str(folder / STAGING_LOCK), timeout=0):
            shutil.rmtree(folder, ignore_errors=True)
    except Timeout:
        return  # another build is using it


def _publish(built: Path, site_dir: Path) -> None:
    """Replace `site_dir` with the checked build (as MkDocs itself empties it first)."""
    if site_dir.is_dir():
        shutil.rmtree(site_dir)
    elif site_dir.exists():
        site_dir.unlink()
    os.replace(built, site_dir)


def serve_site(
    config_file: Path, dev_addr: str, *, watch: list[Path], profile: str = "internal"
) -> None:
    """Serve the site with live reload, also watching the records and schema folders.

    MkDocs reads mkdocs.yml itself on every rebuild, so it is checked first: it must leave
    the profile to the command (through DISPUTES_PROFILE) or name the same one.
    """
    try:
        plugin = chosen_plugin(
            load_config(config_file=str(config_file)), profile, config_file.parent
        )
    except ProfileConflict as exc:
        raise SiteConfigError(str(exc)) from None
    except MkDocsException as exc:
        raise SiteError(f"the site cannot be served: {exc}".rstrip("!")) from None
    if plugin is not None and (plugin.profile_in_config or "internal") != profile:
        raise SiteConfigError(
            f"mkdocs.yml does not pass the profile to the disputes plugin, so `serve` would "
            f"show the internal site, not the {profile} one: write `profile: !ENV "
            "[DISPUTES_PROFILE, internal]` under the plugin's settings in mkdocs.yml."
        )
    # A dirty rebuild remakes only the pages whose file says it changed (site/kept): a save
    # remakes its record's page, the register, the dashboard and the reports, not every page.
    # MkDocs warns on each dirty build that links may go stale; kept.py keeps them right.
    logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)
    serve(
        config_file=str(config_file),
        dev_addr=dev_addr,
        livereload=True,
        build_type="dirty",
        watch=[str(p) for p in watch if p.exists()],
    )


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    """Leave out MkDocs' warning that a dirty build's links may be stale (see serve_site)."""
    return "'dirty' build" not in record.getMessage()
