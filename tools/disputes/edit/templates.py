"""The register files `init` writes: found in the installed wheel (or this checkout), filled in.

A wheel carries them under `disputes/template/` (setup.py copies the repository's own
register files there); a development checkout reads the repository's files themselves, so
the demo register and what `init` writes are one set of files. Filling in changes only the
partnership's name (mkdocs.yml's `site_name`, the README) and its agencies (the list in
schema/agencies.yml); everything else is written as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

import disputes
from disputes.edit.manifest import OWN, SHARED, TEMPLATE_DIR, stored
from disputes.records.config import ConfigError, agencies_from_text

_SITE_NAME = re.compile(r"^site_name:.*$", re.M)
_AGENCY_LIST = re.compile(r"^agencies:\n(?:[ \t]+-.*\n)*", re.M)
# mkdocs.yml's settings that are the register's own, kept by an upgrade (one line each).
KEPT_SETTINGS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "repo_url",
    "repo_name",
    "edit_uri",
    "copyright",
)
_PLAIN = re.compile(r"[A-Za-z0-9(][\w ,.'()&/-]*")


@dataclass(frozen=True)
class Template:
    """One file of a new register: its path there, who owns it, and its text as shipped
    (bytes for a file that is not text, such as a guide's screenshot)."""

    path: str
    kind: str
    text: str | bytes


BINARY = {".png"}  # template files kept as bytes: the guides' screenshots


def template_files() -> list[Template]:
    """Every template file of the installed tool, sorted by path."""
    wheel = Path(str(resources.files(disputes))) / TEMPLATE_DIR
    checkout = Path(disputes.__file__).resolve().parents[2]
    in_wheel = (wheel / stored("schema/dispute.schema.json")).is_file()
    if not in_wheel and not (checkout / "setup.py").is_file():
        raise ConfigError(
            "this installation of disputes has no register templates: install it from a "
            "wheel built with `python -m build` (or `pip install .` in the tool's folder)"
        )
    found = []
    for path, kind in (SHARED | OWN).items():
        base = wheel if in_wheel or path in OWN else checkout
        source = base / (stored(path) if base == wheel else path)
        if source.is_dir():
            names = sorted(
                p.relative_to(source).as_posix()
                for p in source.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            )
            found += [Template(f"{path}/{n}", kind, _read(source / n)) for n in names]
        else:
            found.append(Template(path, kind, _read(source)))
    return sorted(found, key=lambda t: t.path)


def _read(path: Path) -> str | bytes:
    try:
        data = path.read_bytes()
        return data.decode("utf-8") if path.suffix not in BINARY else data
    except OSError as exc:
        raise ConfigError(f"a register template cannot be read: {path} ({exc.strerror})") from None


def yaml_text(value: str) -> str:
    """`value` as a YAML scalar: plain where that reads back the same, else double-quoted."""
    if _PLAIN.fullmatch(value) and value == value.strip():
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def check_name(name: str) -> str:
    """The partnership's name, trimmed; ValueError if it cannot be a site's title."""
    name = name.strip()
    if not name:
        raise ValueError(
            "write the partnership's name, for example 'Northshire Safeguarding Children Partnership'"
        )
    if len(name) > 120 or any(ord(c) < 32 for c in name):
        raise ValueError("keep the name on one line and under 120 characters")
    return name


def check_agencies(agencies: list[str]) -> list[str]:
    """The agency names, trimmed; ValueError if fewer than two or one is given twice."""
    names = [a.strip() for a in agencies if a.strip()]
    seen: dict[str, str] = {}
    for name in names:
        if len(name) > 120 or any(ord(c) < 32 for c in name):
            raise ValueError(
                f"'{name[:40]}': keep each agency's name on one line and under 120 characters"
            )
        if name.casefold() in seen:
            raise ValueError(f"'{name}' is given twice (as '{seen[name.casefold()]}')")
        seen[name.casefold()] = name
    if len(names) < 2:
        raise ValueError("name at least two agencies: a dispute is between two of them")
    return names


def fill(template: Template, name: str, agencies: list[str] | None) -> str | bytes:
    """The template's text for this partnership (agencies None: the list is left as shipped)."""
    text = template.text
    if isinstance(text, bytes):
        return text
    if template.path == "mkdocs.yml":
        text = _SITE_NAME.sub(lambda _: f"site_name: {yaml_text(name)}", text, count=1)
    elif template.path == "README.md":
        text = text.replace("{{name}}", name)
    elif template.path == "schema/agencies.yml" and agencies is not None:
        items = "".join(f"  - {yaml_text(a)}\n" for a in agencies)
        text, found = _AGENCY_LIST.subn(lambda _: f"agencies:\n{items}", text, count=1)
        if not found or agencies_from_text(text) != agencies:
            raise ConfigError(
                "schema/agencies.yml: the template's agency list could not be filled in"
            )
    return text


def keep_settings(text: str, current: str) -> str:
    """mkdocs.yml as shipped, with the register's own one-line settings carried over.

    Its name, its address and the repository's (which the record pages' forms link to), and
    the like are the partnership's, set once; an upgrade must not take them away.
    """
    for key in KEPT_SETTINGS:
        mine = re.search(rf"^{key}:[ \t].*$", current, re.M)
        if mine is None:
            continue
        line = mine.group(0)
        text, found = re.subn(rf"^{key}:[ \t].*$", _as_is(line), text, count=1, flags=re.M)
        if not found:
            at = _SITE_NAME.search(text)
            text = f"{text[: at.end()]}\n{line}{text[at.end() :]}" if at else f"{line}\n{text}"
    return text


def _as_is(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for re.sub that inserts `text` as it is (no backslash escapes)."""
    return lambda _: text


def site_name(root: Path) -> str | None:
    """The name in a register's mkdocs.yml (None if it has none), kept by an upgrade."""
    try:
        match = _SITE_NAME.search((root / "mkdocs.yml").read_text(encoding="utf-8"))
    except OSError:
        return None
    try:
        value = yaml.safe_load(match.group(0)) if match else None
    except yaml.YAMLError:
        return None
    named = value.get("site_name") if isinstance(value, dict) else None
    return named if isinstance(named, str) else None


def pin_text(requirement: str) -> str:
    """requirements.txt: the one pin of the tool every workflow installs."""
    return (
        "# The release of the disputes tool this register's checks and site run: every\n"
        "# workflow installs this file. Move it with `disputes init --upgrade`, in a pull\n"
        "# request of its own (`disputes check` refuses it beside records).\n"
        f"{requirement}\n"
    )


def default_requirement() -> str:
    """The installed tool's version, as a requirement."""
    return f"disputes=={disputes.__version__}"
