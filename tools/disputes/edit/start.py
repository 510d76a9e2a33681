"""Start a register in an empty folder, and bring an existing one's template files up to date.

`start_register` writes every template file, filled in with the partnership's name and
agencies, and the pin of the tool (requirements.txt), then makes the git repository and its
first commit; if anything fails, what it wrote is removed. `upgrade_plan` works out what an
upgrade would change (never a record, never a file the partnership owns once it exists),
so the command can show the differences before `apply_plan` writes them.
"""

from __future__ import annotations

import difflib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from disputes import __version__
from disputes.edit.atomic import write_atomic
from disputes.edit.manifest import NAMED, PIN_FILE, YOURS
from disputes.edit.templates import (
    default_requirement,
    fill,
    keep_settings,
    pin_text,
    site_name,
    template_files,
)
from disputes.history.git import GitError, has_commits, run_git
from disputes.records.config import RECORDS_DIR, SCHEMA_FILE, ConfigError, check_root

DEFAULT_NAME = "Professional disagreements register"
_VERSION = re.compile(r"(?:==|@v?)(\d+\.\d+\.\d+)\b")


@dataclass(frozen=True)
class FileChange:
    """One file an upgrade writes: its path in the register, its text now (None: new), after."""

    path: str
    old: str | bytes | None
    new: str | bytes

    def diff(self) -> str:
        """The change as a unified diff (`a/` the register now, `b/` after the upgrade)."""
        if isinstance(self.old, bytes) or isinstance(self.new, bytes):
            return f"Binary file {self.path} {'added' if self.old is None else 'replaced'}\n"
        before = (self.old or "").splitlines(keepends=True)
        lines = difflib.unified_diff(
            before,
            self.new.splitlines(keepends=True),
            "/dev/null" if self.old is None else f"a/{self.path}",
            f"b/{self.path}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def refuse_unless_empty(folder: Path) -> None:
    """ConfigError unless `folder` is missing, empty, or holds only an empty git repository."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder} is a file: give the name of a new or empty folder")
    if (folder / SCHEMA_FILE).is_file():
        raise ConfigError(
            f"{folder} is already a register. To bring its template files up to this version "
            f"of the tool, run `disputes init --upgrade {folder}`"
        )
    entries = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if entries == [".git"] and not has_commits(folder):
        return
    if entries:
        shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
        raise ConfigError(
            f"{folder} is not empty ({shown}) and is not a register: `disputes init` starts a "
            "register only in a new or empty folder. Choose another folder, or make an empty one"
        )


def start_register(folder: Path, name: str, agencies: list[str], requirement: str) -> list[str]:
    """Write a new register in `folder` with its first commit; the files written, sorted."""
    refuse_unless_empty(folder)
    made_folder = not folder.exists()
    before = set(folder.iterdir()) if folder.is_dir() else set()
    try:
        files = {t.path: fill(t, name, agencies) for t in template_files()}
        files[PIN_FILE] = pin_text(requirement)
        for path, text in files.items():
            write_atomic(folder / path, text, exclusive=True)
        if not (folder / ".git").exists():
            run_git(folder, "init", "-q", "-b", "main")
        run_git(folder, "add", "--", *sorted(files))
        _commit(folder, name)
    except BaseException:
        _remove_new(folder, before, made_folder)
        raise
    return sorted(files)


def _commit(folder: Path, name: str) -> None:
    message = (
        f"Start the register: {name}\n\nMade by `disputes init` {__version__}: the schema, "
        "policy, agency list, site pages, checks and workflows; no records yet.\n"
    )
    try:
        run_git(folder, "commit", "-q", "--no-verify", "-F", "-", input_text=message)
    except GitError as error:
        if "identity" in str(error) or "user.email" in str(error):
            raise GitError(
                "git does not know who you are, so the register's first commit cannot be "
                'made: run `git config --global user.name "Your Name"` and `git config '
                "--global user.email you@agency.example`, then run `disputes init` again"
            ) from None
        raise


def _remove_new(folder: Path, before: set[Path], made_folder: bool) -> None:
    """Remove what a failed start wrote: nothing half-made is left behind."""
    if made_folder:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for entry in set(folder.iterdir()) - before if folder.is_dir() else ():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def upgrade_plan(root: Path, requirement: str | None = None) -> list[FileChange]:
    """What bringing the register at `root` up to this version changes, by path.

    The tool's files are replaced (mkdocs.yml keeps the register's name); the partnership's
    own files are written only if missing (the agency list never: it is the partnership's);
    requirements.txt names `requirement` (by default its pin moved to this version). Nothing
    under records/ is ever in the plan.
    """
    check_root(root)
    pinned = _pinned(_current(root / PIN_FILE) or "")
    _refuse_downgrade(pinned)
    if requirement is None:
        requirement = next_requirement(pinned)
    name = site_name(root) or DEFAULT_NAME
    wanted: dict[str, str | bytes] = {}
    for template in template_files():
        if template.kind == YOURS and (
            (root / template.path).exists() or template.path == "schema/agencies.yml"
        ):
            continue
        current = _current(root / template.path) if template.kind == NAMED else None
        wanted[template.path] = (
            keep_settings(template.text, current)
            if current and isinstance(template.text, str)
            else fill(template, name, None)
        )
    wanted[PIN_FILE] = pin_text(requirement)
    changes = []
    for path, new in sorted(wanted.items()):
        if path.split("/")[0] == RECORDS_DIR:  # never: a record is changed only by `migrate`
            continue
        _refuse_links(root, path)
        old = _current_bytes(root / path) if isinstance(new, bytes) else _current(root / path)
        if path == PIN_FILE and isinstance(old, str) and _pinned(old) == requirement:
            continue
        if old != new:
            changes.append(FileChange(path, old, new))
    return changes


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        return ""  # not text: shown as replaced whole


def _current_bytes(path: Path) -> bytes | None:
    """A file that is not text (a screenshot) as it is now, compared whole."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _refuse_downgrade(pinned: str) -> None:
    """ConfigError if the register already uses a newer release than the one installed."""
    found = list(_VERSION.finditer(pinned))
    if not found:
        return
    theirs = found[-1].group(1)
    if _numbers(theirs) > _numbers(__version__):
        raise ConfigError(
            f"the register uses disputes {theirs} (requirements.txt), newer than the "
            f"{__version__} installed here: install {theirs} or later before upgrading, "
            "so that nothing is taken back to an older version"
        )


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def _refuse_links(root: Path, path: str) -> None:
    """ConfigError if writing `path` would go through a symbolic link (into records/,
    or out of the register): an upgrade writes the register's own files only."""
    here = root
    for part in path.split("/"):
        here = here / part
        if here.is_symlink():
            raise ConfigError(
                f"{path}: {here.relative_to(root).as_posix()} is a symbolic link, so an "
                "upgrade would write somewhere else; replace it with a real folder or file"
            )


def next_requirement(pinned: str) -> str:
    """The pin moved to this version: `disputes==X`, or a tag `@vX` in a git address.

    No pin yet gives `disputes==<this version>`; `.` (the tool's own repository, which
    installs itself) stays; a pin without a version is left as the partnership wrote it.
    """
    if not pinned:
        return default_requirement()
    versions = list(_VERSION.finditer(pinned))
    if pinned == "." or not versions:
        return pinned
    last = versions[-1]
    return pinned[: last.start(1)] + __version__ + pinned[last.end(1) :]


def _pinned(text: str) -> str:
    """The requirement a requirements.txt names (its first line that is not a comment)."""
    lines = [line.strip() for line in text.splitlines()]
    return next((line for line in lines if line and not line.startswith("#")), "")


def apply_plan(root: Path, changes: list[FileChange]) -> None:
    """Write each change, each file whole or not at all."""
    for change in changes:
        write_atomic(root / change.path, change.new)
