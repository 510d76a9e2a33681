"""Issue 10 item 2: CODEOWNERS gives every configuration path and the gate an owner.

GitHub applies the last matching line, so each path is looked up as GitHub would.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUSINESS_UNIT = "@safeguarding-partnership/business-unit"


def owners(path: str) -> list[str]:
    """The owners GitHub would ask for `path` (last matching rule wins)."""
    found: list[str] = []
    for line in (ROOT / ".github/CODEOWNERS").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *who = line.split()
        rule = pattern.lstrip("/")
        if rule.endswith("/"):
            hit = path.startswith(rule)
        else:
            hit = fnmatch.fnmatch(path, rule) or path.startswith(rule + "/")
        if hit:
            found = who
    return found


@pytest.mark.parametrize(
    "path",
    [
        "records/2026/PD-2026-0007.md",
        "schema/dispute.schema.json",
        "schema/policy.yml",
        "schema/allowed_signers",
        "mkdocs.yml",
        ".github/workflows/pr-check.yml",
        ".github/CODEOWNERS",
        "examples/gitlab-ci.yml",
        "tools/disputes/gate/check.py",
        "tools/disputes/gate/rules.py",
        "tools/disputes/records/entries.py",
        # issue 19: the gate's judge of configuration, and configuration it judges
        "tools/disputes/gate/configuration.py",
        "tools/disputes/gate/siteconfig.py",
        "tools/disputes/gate/pagescan.py",
        "tools/disputes/gate/walk.py",
        "tools/disputes/gate/listing.py",
        "tools/disputes/gate/scoped.py",
        "tools/disputes/gate/new_module.py",
        "tools/disputes/history/signoffs.py",
        "tools/disputes/history/tree.py",
        "site/guides/manager.md",
        "site/assets/route-form.js",
        ".gitattributes",
        ".gitmodules",
        ".pre-commit-config.yaml",
        "pyproject.toml",
        "constraints.txt",  # issue 20: the dependency versions CI and the workflows install
    ],
)
def test_the_business_unit_reviews(path: str) -> None:
    assert BUSINESS_UNIT in owners(path)


def test_the_tool_has_maintainers() -> None:
    assert owners("tools/disputes/cli/app.py") == ["@safeguarding-partnership/register-maintainers"]
