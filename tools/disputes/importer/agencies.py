"""Agency names as a source spells them, read through the aliases in schema/agencies.yml.

    aliases:
      Kent Police: [Police, KP, Kent Constabulary]

A name matches an agency when, compared loosely (case, spaces, punctuation, '&'), it is
the agency's own name or one of its aliases; anything else is listed, never guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from disputes.importer.values import Unreadable, text_of, words
from disputes.records.config import AGENCIES_FILE, ConfigError, agencies_from_text, agency_lists


class Agencies:
    """The partnership's agencies and every spelling that means one of them."""

    def __init__(self, names: list[str], aliases: dict[str, list[str]]) -> None:
        self.names = names
        self.by_words = {words(n): n for n in names}
        for agency, spellings in aliases.items():
            for spelling in spellings:
                self.by_words.setdefault(words(spelling), agency)

    def read(self, value: Any) -> str | None:
        """The listed agency a cell names (None if blank); Unreadable if none."""
        text = text_of(value)
        if not text:
            return None
        found = self.by_words.get(words(text))
        if found is None:
            raise Unreadable(
                f"is not an agency in {AGENCIES_FILE} nor one of their aliases; if it means a "
                "listed agency, add it to that agency's list under 'aliases:' there, then "
                "import again"
            )
        return found


def parse_aliases(text: str, names: list[str], where: str = AGENCIES_FILE) -> dict[str, list[str]]:
    """The `aliases:` mapping of agencies.yml text: each listed agency to its other spellings."""
    found = agency_lists(text, "aliases", where, "spellings", "Kent Police: [Police, KP]")
    unknown = [str(k) for k in found if k not in names]
    if unknown:
        raise ConfigError(
            f"{where}: 'aliases:' names {', '.join(unknown)}, which is not in 'agencies:'; "
            "give aliases only to listed agencies"
        )
    owner: dict[str, str] = {words(n): n for n in names}
    for agency, spellings in found.items():
        for spelling in spellings:
            other = owner.setdefault(words(spelling), str(agency))
            if other != agency:
                raise ConfigError(
                    f"{where}: '{spelling}' is an alias of {agency} but already means {other}; "
                    "an alias may mean one agency only"
                )
    return {str(k): list(v) for k, v in found.items()}


def load_agencies_with_aliases(root: Path) -> Agencies:
    """The register's agencies and their aliases."""
    path = root / AGENCIES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"{AGENCIES_FILE}: cannot be read ({exc}); the import maps agency "
            "names to the partnership's list"
        ) from None
    names = agencies_from_text(text)
    try:
        return Agencies(names, parse_aliases(text, names))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{AGENCIES_FILE}: cannot be read ({exc})") from None
