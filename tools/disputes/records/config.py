"""Where a register keeps things: records, schema, agencies."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.records.frontmatter import kind_of
from disputes.records.yamlsafe import load_config_yaml

RECORDS_DIR = "records"
SCHEMA_FILE = "schema/dispute.schema.json"
AGENCIES_FILE = "schema/agencies.yml"
POLICY_FILE = "schema/policy.yml"


class ConfigError(DisputesError):
    """The register itself (not a record) is missing or unreadable: exit status 2."""

    exit_code = COULD_NOT_RUN


def check_root(root: Path) -> Path:
    """The register root, or ConfigError saying how to point at one."""
    if not (root / SCHEMA_FILE).is_file():
        raise ConfigError(
            f"{root} is not a disputes register: {SCHEMA_FILE} was not found there. "
            "Run the command in the register's folder, or pass --root FOLDER"
        )
    check_records_folder(root)
    return root


def check_records_folder(root: Path) -> bool:
    """Whether the register has a records/ folder; ConfigError if records is something else
    (a file or a symlink named records would otherwise pass as a register with no records)."""
    top = root / RECORDS_DIR
    try:
        mode = top.lstat().st_mode
    except FileNotFoundError:
        return False  # a register with no records yet
    if not stat.S_ISDIR(mode):
        raise ConfigError(
            f"{top} is {kind_of(mode)}, not a folder, so the register's records cannot be read. "
            "Records live in a folder named records (records/<year>/<id>.md): rename or move "
            f"{top} and make records a folder"
        )
    return True


def load_schema(root: Path) -> dict[str, Any]:
    """The record JSON Schema of the register at `root`."""
    try:
        text = (root / SCHEMA_FILE).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{SCHEMA_FILE}: the schema cannot be read ({exc})") from None
    return schema_from_text(text)


def schema_from_text(text: str, where: str = SCHEMA_FILE) -> dict[str, Any]:
    """A record JSON Schema from its text (a file, or a git blob named by `where`)."""
    try:
        schema = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"{where}: the schema cannot be read ({exc})") from None
    if not _fast_schema_check(schema):  # Python's check is the judge, and says what is wrong
        from jsonschema import Draft202012Validator  # imported only for a schema that fails
        from jsonschema.exceptions import SchemaError

        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            raise ConfigError(f"{where}: not a valid JSON Schema ({exc.message})") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"{where}: not a valid JSON Schema (expected an object)")
    return schema


@cache
def _meta_validator() -> Any:
    """Draft 2020-12's meta-schema, which the compiled library holds itself (no network,
    and without importing the Python library that a valid schema never needs)."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator({"$ref": META_SCHEMA}, validate_formats=True)


META_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


def _patterns(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern":
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def _fast_schema_check(schema: Any) -> bool:
    """True if the compiled meta-schema check passes and every pattern is a Python regex
    (the one format Python's check tests that the compiled one reads in another dialect):
    then Python's slower `check_schema` would pass too, and is skipped (a tenth of
    `validate`'s start-up)."""
    if not _meta_validator().is_valid(schema):
        return False
    try:
        for pattern in _patterns(schema):
            re.compile(pattern)
    except (re.error, TypeError):
        return False
    return True


def load_agencies(root: Path) -> list[str]:
    """The partnership's agency names from schema/agencies.yml (empty if absent)."""
    path = root / AGENCIES_FILE
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{AGENCIES_FILE}: cannot be read ({exc})") from None
    return agencies_from_text(text)


def agencies_from_text(text: str, where: str = AGENCIES_FILE) -> list[str]:
    """The agency names from the text of an agencies.yml (a file, or a git blob)."""
    try:
        data = load_config_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: cannot be read ({exc})") from None
    agencies = data.get("agencies") if isinstance(data, dict) else None
    if not isinstance(agencies, list) or not all(isinstance(a, str) for a in agencies):
        raise ConfigError(f"{where}: expected 'agencies:' followed by a list of names")
    return agencies


def record_files(root: Path) -> list[Path]:
    """Every regular `*.md` file under records/ (symlinks not followed), sorted.

    Everything else there is reported by `records.entries`, not silently skipped.
    """
    from disputes.records.entries import scan_records  # entries builds on this module

    return [path for path, problem in scan_records(root) if problem is None]


def relative(path: Path, root: Path) -> str:
    """`path` relative to the register root, with forward slashes, for messages. A link is
    named where it is, not where it points (a link to outside is still this file)."""
    full = path.parent.resolve() / path.name if path.is_symlink() else path.resolve()
    try:
        return full.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def agency_lists(text: str, key: str, where: str, what: str, example: str) -> dict[str, list[str]]:
    """A block of agencies.yml mapping each agency's name to a list of strings (`key`:
    `email_domains`, `aliases`) of `what`, {} when absent; ConfigError naming `where` if it
    cannot be read or has another shape (`example` shows the right one)."""
    try:
        data = load_config_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: cannot be read ({exc})") from None
    found: Any = data.get(key) if isinstance(data, dict) else None
    if found is None:
        return {}
    if not isinstance(found, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(s, str) for s in v)
        for k, v in found.items()
    ):
        raise ConfigError(
            f"{where}: '{key}:' must map each agency's name to a list of {what}, "
            f"for example `{example}`"
        )
    return found
