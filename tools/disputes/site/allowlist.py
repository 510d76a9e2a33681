"""What the public profile may publish: its generated pages, the pages listed here, the theme.

Anything else in site/ (a stray CSV, a YAML file, an internal script) stays out, whatever
its name or suffix: the public site is built from an allow-list, never from what is there.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.disputes")

PUBLIC_PAGES = frozenset({"policy.md"})  # hand-written pages in site/ the public may read
PUBLIC_CSS = ("disputes/register.css",)  # the plugin's assets the public pages need
PUBLIC_JS = ("disputes/a11y.js",)  # names for the theme's controls; no table sorting or forms
PUBLIC_ASSETS = (*PUBLIC_CSS, *PUBLIC_JS)


def theme_dirs(config: MkDocsConfig) -> list[Path]:
    """The installed theme's folders: a custom_dir holds the register's own files, not the
    theme's, so it is not on the list."""
    custom = config.theme.custom_dir
    dirs = [Path(d).resolve() for d in config.theme.dirs if d != custom]
    return dirs


def public_files(files: Files, config: MkDocsConfig) -> Files:
    """Keep the pages on the allow-list and the theme's own files; say what was left out."""
    themes = theme_dirs(config)
    docs = Path(config.docs_dir).resolve()
    keep, dropped = [], []
    for file in files:
        source = Path(file.src_dir).resolve() if file.src_dir else None
        if source == docs and file.src_uri in PUBLIC_PAGES:
            keep.append(file)
        elif source is not None and source in themes:
            keep.append(file)
        elif source == docs:
            dropped.append(file)
    _report(dropped)
    return Files(keep)


def _report(dropped: list[File]) -> None:
    """Info, not a warning: the internal pages under site/ are meant to stay out."""
    if dropped:
        names = ", ".join(sorted(f.src_uri for f in dropped)[:10])
        log.info(
            "disputes: the public site leaves out %d file(s) from site/ that are not on its "
            "list (%s): only %s and the theme are published.",
            len(dropped),
            names,
            ", ".join(sorted(PUBLIC_PAGES)),
        )


def public_assets(config: MkDocsConfig) -> None:
    """The public pages load the theme, the register's stylesheet and the accessibility
    script, no other script or style.

    A script or stylesheet named in mkdocs.yml would be missing from the public site (it is
    not on the allow-list), so it is taken out of the pages rather than left to fail.
    """
    extra = [str(p) for p in (*config.extra_css, *config.extra_javascript)]
    dropped = [p for p in extra if p not in PUBLIC_ASSETS]
    if dropped:
        log.info("disputes: the public site does not load %s (internal only).", ", ".join(dropped))
    config.extra_css = list(PUBLIC_CSS)
    config.extra_javascript = list(PUBLIC_JS)
