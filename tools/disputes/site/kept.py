"""`serve` remakes what a save touches: a record page is kept while nothing it shows changed.

MkDocs' `serve` remakes every page after each save. Served as a dirty build
(`build_type="dirty"`, MkDocs' public option), it remakes only the pages whose file says
it was modified (`File.is_modified`). A record page's file says so when its record's text,
or anything every record page shows, changed since this process last made it: the day,
the files under schema/ (policy, agencies, allowed signers, the schema), mkdocs.yml, the
commit at HEAD (the audit trails) and the plugin's options. Every other page (the
dashboard, the register, the reports, the guides) is remade on every save, as before, so
the menu, the search index and every figure stay current. `disputes build` is never
dirty: it makes every page.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from disputes.history import history_state

_MADE: dict[str, str] = {}  # record page -> what it was last made from, in this process
_MAKING: dict[str, str] = {}  # the same for this build, kept once the build has finished
_DIRTY = {"serve": False}  # set once per process, when `serve` starts (on_startup)


def serving_dirty(dirty: bool) -> None:
    """Note whether this process serves with dirty rebuilds (MkDocs tells the first plugin
    instance only; `serve` makes a new one for each rebuild)."""
    _DIRTY["serve"] = dirty
    _MADE.clear()
    _MAKING.clear()


def dirty() -> bool:
    """Whether this build is a dirty rebuild of `serve`."""
    return _DIRTY["serve"]


class KeptPage(File):
    """A record page that MkDocs may leave as it was made last time."""

    def is_modified(self) -> bool:
        return False


class RemadePage(File):
    """A page of the docs folder, remade on each dirty rebuild as on each full build."""

    def is_modified(self) -> bool:
        return True


def site_key(root: Path, config: MkDocsConfig, options: Any, today: date) -> str:
    """What every record page shows besides its record, as one digest."""
    digest = hashlib.sha256(f"{today} {history_state(root)} {options!r}".encode())
    digest.update(repr(config.nav).encode())
    for path in sorted((root / "schema").glob("*")) + [Path(config.config_file_path)]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def record_file(config: MkDocsConfig, path: str, content: str, source: Path, site: str) -> File:
    """A record page's file: kept if its record and the site are as when it was last made
    (a full build, never dirty, reads nothing more)."""
    if not dirty():
        return File.generated(config, path, content=content)
    key = hashlib.sha256(site.encode() + source.read_bytes()).hexdigest()
    kept = _MADE.get(path) == key
    _MAKING[path] = key
    return (KeptPage if kept else File).generated(config, path, content=content)


def built() -> None:
    """The build finished: its record pages are as their keys say (a failed build's are
    made again next time)."""
    _MADE.clear()
    _MADE.update(_MAKING)
    _MAKING.clear()


def remade(files: Files) -> Files:
    """On a dirty rebuild, every page of the docs folder marked to be remade."""
    if not dirty():
        return files
    for file in list(files.documentation_pages()):
        if file.generated_by is None and file.abs_src_path is not None:
            files.remove(file)
            files.append(
                RemadePage(
                    file.src_uri,
                    file.src_dir,
                    file.dest_dir,
                    file.use_directory_urls,
                    dest_uri=file.dest_uri,
                    inclusion=file.inclusion,
                )
            )
    return files
