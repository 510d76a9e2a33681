"""Run MkDocs on a register's mkdocs.yml: build once, or serve with live reload."""

from __future__ import annotations

import io
import json
import logging
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


class SiteError(Exception):
    """The site could not be built; the message says why."""


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
  - disputes: {{root: {root}, profile: !ENV [DISPUTES_PROFILE, internal],
                as_of: !ENV [DISPUTES_AS_OF, ""]}}
markdown_extensions: [tables, attr_list, md_in_html, admonition]
"""


def build_site(config_file: Path, site_dir: Path, *, strict: bool = False) -> None:
    """Build the site described by `config_file` (or a default one) into `site_dir`."""
    _show_warnings()
    try:
        if config_file.is_file():
            build(load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict))
            return
        with tempfile.TemporaryDirectory() as docs:  # a register without site/ or mkdocs.yml
            text = DEFAULT_CONFIG.format(
                docs=json.dumps(docs), root=json.dumps(str(config_file.parent.resolve()))
            )
            build(load_config(config_file=io.StringIO(text), site_dir=str(site_dir), strict=strict))
    except MkDocsException as exc:
        raise SiteError(f"the site was not built: {exc}".rstrip("!")) from None


def serve_site(config_file: Path, dev_addr: str, *, watch: list[Path]) -> None:
    """Serve the site with live reload, also watching the records and schema folders."""
    serve(
        config_file=str(config_file),
        dev_addr=dev_addr,
        livereload=True,
        watch=[str(p) for p in watch if p.exists()],
    )
