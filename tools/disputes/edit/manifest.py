"""Which files make a register, where the package keeps them, and who owns each one.

Plain data, importing nothing of the package: `setup.py` reads it to copy the shared files
into the wheel, so the list is written once. A register's path maps to the package's copy
under `disputes/template/` with each leading dot dropped (`.github/` is kept as `github/`),
so no packaging tool skips it as hidden.
"""

from __future__ import annotations

# Kinds of template file, by who owns it once the register exists:
TOOL = "tool"  # the tool's: `init --upgrade` replaces it with this version's (after a diff)
NAMED = "named"  # the tool's, but holding the partnership's name, which an upgrade keeps
YOURS = "yours"  # the partnership's from the start: written by `init`, never replaced

# This repository's own register files, which `init` writes: copied into the wheel when it
# is built (setup.py), read from the checkout when the tool runs from one.
SHARED: dict[str, str] = {
    "schema/dispute.schema.json": TOOL,
    "schema/policy.schema.json": TOOL,
    "schema/policy.yml": YOURS,
    "schema/agencies.yml": YOURS,
    "mkdocs.yml": NAMED,
    "site": TOOL,  # every file below it: the pages, guides and the download form
    ".github/workflows/pr-check.yml": TOOL,
    ".github/workflows/site.yml": TOOL,
    ".github/workflows/verify.yml": TOOL,
    ".github/workflows/reminders.yml": TOOL,
    ".github/workflows/requests.yml": TOOL,
    ".github/PULL_REQUEST_TEMPLATE.md": TOOL,
    # The hosting site's forms, one per step (made from route/steps.py), read by requests.yml.
    ".github/ISSUE_TEMPLATE": TOOL,
    "examples/gitlab-ci.yml": TOOL,
    # The dependency versions this release was tested with; the workflows install with it.
    "constraints.txt": TOOL,
}

# Files a register has that this repository does not have in the same form (the tool's own
# repository has its own CODEOWNERS, pre-commit checks and README): kept in the package.
OWN: dict[str, str] = {
    ".github/CODEOWNERS": YOURS,
    ".pre-commit-config.yaml": YOURS,
    ".gitignore": YOURS,
    "README.md": YOURS,
}

# The one pin of the tool's version, which every workflow installs from; `init` writes it
# and `init --upgrade` moves it to the installed version.
PIN_FILE = "requirements.txt"

TEMPLATE_DIR = "template"


def stored(path: str) -> str:
    """Where the package keeps a register file: its path with each leading dot dropped."""
    return "/".join(part.lstrip(".") for part in path.split("/"))
