"""A configuration change must carry the whole register: validate and build with it.

`check` refuses configuration and records in one change; a change to configuration
alone is judged here by what it does to everything already recorded, read from the
committed head (not the working files).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from disputes.history.git import GitError
from disputes.history.ops import export_tree
from disputes.policy.settings import POLICY_FILE, load_policy
from disputes.records.config import ConfigError
from disputes.records.model import Issue
from disputes.records.validate import validate_register
from disputes.site.build import SiteError, build_site

_HOW = "; a configuration change must leave the whole register valid and the site buildable"


def check_configuration(
    root: Path, *, today: date, rev: str = "HEAD"
) -> list[Issue]:
    """Problems the committed configuration at `rev` causes for the whole register."""
    with tempfile.TemporaryDirectory() as folder:
        copy = export_tree(root, rev, Path(folder) / "clone")
        try:
            register = validate_register(copy, today=today)
            load_policy(copy)
        except ConfigError as error:
            return [Issue(POLICY_FILE.as_posix(), 1, "", f"{error}{_HOW}")]
        issues = [i for i in register.issues if i.severity == "error"]
        if issues:
            return issues
        try:
            build_site(copy / "mkdocs.yml", Path(folder) / "site", strict=False)
        except (SiteError, ConfigError, GitError) as error:
            return [Issue("mkdocs.yml", 1, "", f"{error}{_HOW}")]
    return []
