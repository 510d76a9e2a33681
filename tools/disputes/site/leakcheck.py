"""The public build's last check: nothing that identifies a single dispute was published."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from disputes.records.model import Person, Record

TEXT_SUFFIXES = {".html", ".json", ".xml", ".svg", ".txt", ".js", ".csv", ".md"}
_SENTENCE = re.compile(r"[^.!?\n]{25,}")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Leak:
    """Something case-level found in a published file."""

    file: str
    kind: str
    text: str


def secrets(records: list[Record], today: date) -> dict[str, str]:
    """Every string the public site must not contain, with what it is."""
    found: dict[str, str] = {}
    for record in records:
        found[record.id] = "record id"
        found[record.child_reference] = "child's case reference"
        found[record.title] = "record title"
        for person in _people(record):
            found[person.name] = "a person's name"
            if person.email:
                found[person.email] = "an email address"
        for text in _free_text(record):
            for sentence in _SENTENCE.findall(text):
                found[sentence.strip()] = "free text from a record"
        found.update({d: "the date of a single dispute" for d in _dates(record, today)})
    return found


def _people(record: Record) -> Iterator[Person]:
    for person in (record.challenger_worker, record.challenged_worker):
        if person:
            yield person
    for stage in record.stages:
        for person in (stage.challenger_manager, stage.challenged_manager):
            if person:
                yield person
    yield from record.sign_off.values()


def _free_text(record: Record) -> Iterator[str]:
    yield record.body
    if record.resolution:
        yield record.resolution.effectiveness
        yield record.resolution.suggestions
    if record.withdrawn:
        yield record.withdrawn.reason


def _dates(record: Record, today: date) -> set[str]:
    days = {record.opened, *(s.started for s in record.stages)}
    days |= {record.closed_on} if record.closed_on else set()
    return {d.isoformat()[:10] for d in days if d and d.isoformat()[:10] != today.isoformat()}


def find_leaks(site_dir: Path, records: list[Record], today: date) -> list[Leak]:
    """Every case-level string found in the built site's text files."""
    wanted = secrets(records, today)
    by_first_word: dict[str, list[str]] = {}
    for text in wanted:
        words = _WORDS.findall(text.casefold())
        if words:
            by_first_word.setdefault(words[0], []).append(text)
    leaks = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        content = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
        present = set(_WORDS.findall(content.casefold()))
        for word in present & by_first_word.keys():
            for text in by_first_word[word]:
                if text in content:
                    leaks.append(Leak(path.relative_to(site_dir).as_posix(), wanted[text], text))
    return leaks
