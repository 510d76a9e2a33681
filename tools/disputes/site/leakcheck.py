"""The public build's last check: nothing that identifies a single dispute was published.

Every file of the output is read, whatever its suffix (gzip files unpacked), and
compared as normalised text: HTML entities and JSON escapes decoded, Unicode NFKC,
zero-width characters dropped, dashes made one dash, case and runs of white space
ignored, and also with HTML tags taken out. Dates are recognised in the common
written forms (2026-04-20, 20/04/2026, 20.4.26, 20 April 2026, April 20th, 2026, and
without the year: Monday 20th April); names as people write them (Notreal, Ivy; Ms
Notreal); references with or without their dashes (C-910007, C910007). Files
byte-identical to one of the theme's own (or the package's vendored assets) are not
dispute data and are skipped, so a theme's banner date is never taken for a dispute's.
"""

from __future__ import annotations

import gzip
import html
import io
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.utils import get_build_date

from disputes.disclosure.public import ANOTHER_AGENCY
from disputes.records.model import Person, Record, day_of
from disputes.records.unrecorded import UNRECORDED
from disputes.site.writtendates import dates_in, days_in

_SENTENCE = re.compile(r"[^.!?\n]{25,}")
_WORDS = re.compile(r"\w+")
_TAGS = re.compile(r"<[^<>]*>")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([\\/\"bfnrt])")
_PERCENT = re.compile(r"%([0-9a-fA-F]{2})")
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2060, 0xFEFF],
    None,
)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_SIMPLE_ESCAPES = {"b": " ", "f": " ", "n": " ", "r": " ", "t": " "}
MAX_UNPACKED = 64 * 1024 * 1024  # a gzip file is read up to this much


@dataclass(frozen=True)
class Leak:
    """Something case-level found in a published file."""

    file: str
    kind: str
    text: str


def normalise(text: str) -> str:
    """Text as the leak check compares it: decoded, folded, invisible characters gone."""
    text = _JSON_ESCAPE.sub(_unescape_json, text)
    text = html.unescape(html.unescape(text))  # twice: an entity may itself be escaped
    text = _PERCENT.sub(lambda m: chr(int(m[1], 16)), text)
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_DASHES)
    return " ".join(text.casefold().split())


def _unescape_json(match: re.Match[str]) -> str:
    if match[1]:
        return chr(int(match[1], 16))
    return _SIMPLE_ESCAPES.get(match[2], match[2])


def secrets(
    records: list[Record], today: date, agencies: Iterable[str] = ()
) -> dict[str, tuple[str, str]]:
    """Every normalised string the public site must not contain: {text: (what, as written)}."""
    found: dict[str, tuple[str, str]] = {}

    def add(text: str, kind: str, *, always: bool = False) -> None:
        key = normalise(text)
        if key.strip(" .") == UNRECORDED:  # what an imported source did not give: no detail
            return
        if key and (always or (len(key) >= 8 and " " in key)):  # one word is too common
            found.setdefault(key, (kind, text))

    for record in records:
        for reference, kind in ((record.id, "record id"),
                                (record.child_reference, "child's case reference")):  # fmt: skip
            add(reference, kind, always=True)
            add(re.sub(r"[\W_]", "", reference), kind, always=len(reference) >= 5)  # C910007
        add(record.title, "record title")
        for person in _people(record):
            for form in name_forms(person.name):
                add(form, "a person's name", always=True)
            if person.email:
                add(person.email, "an email address", always=True)
        for text in _free_text(record):
            for sentence in _SENTENCE.findall(text):
                add(sentence.strip(), "free text from a record")
    agencies = list(agencies)
    listed = " | ".join(normalise(a) for a in [*agencies, ANOTHER_AGENCY])
    unlisted = {n for r in records for n in _agency_names(r)} if agencies else set()
    for name in sorted(unlisted):  # without a list, no name is "unlisted" (as in validate)
        if len(normalise(name)) >= 4 and normalise(name) not in listed:
            add(name, "an agency name not in schema/agencies.yml", always=True)
    return found


TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr")


def name_forms(name: str) -> Iterator[str]:
    """A person's name as people write it: 'Ivy Notreal', 'Notreal, Ivy', 'Ms Notreal',
    'I. Notreal'. A name of one word is too common a word to look for alone."""
    words = normalise(name).replace(".", " ").split()
    if len(words) < 2 or len(" ".join(words)) < 5:
        return
    first, last = words[0], words[-1]
    yield " ".join(words)
    yield f"{last}, {first}"
    yield f"{first[0]}. {last}"
    for title in TITLES:
        yield f"{title} {last}"
        yield f"{title}. {last}"


def raw_secrets(texts: Iterable[str]) -> tuple[dict[str, tuple[str, str]], set[date]]:
    """What a record file that could not be read as a valid record still names: ids,
    references, names, emails and titles from its lines, and its dates."""
    found: dict[str, tuple[str, str]] = {}
    days: set[date] = set()
    field = re.compile(r"(?m)(?:^|[{,])[ \t-]*(id|reference|child_reference|name|email|title):"
                       r"[ \t]*['\"]?([^'\",}\n#]+)")  # fmt: skip
    for text in texts:
        for key, value in field.findall(text):
            value = value.strip()
            forms = name_forms(value) if key == "name" else [value]
            for form in forms:
                if len(normalise(form)) >= 4:
                    found.setdefault(normalise(form), (f"{key} in a record left out", form))
        days |= {day for day, _ in dates_in(text)}
    return found, days


def _people(record: Record) -> Iterator[Person]:
    for person in (record.challenger_worker, record.challenged_worker):
        if person:
            yield person
    for stage in record.stages:
        for person in (stage.challenger_manager, stage.challenged_manager):
            if person:
                yield person
    yield from record.sign_off.values()


def _agency_names(record: Record) -> Iterator[str]:
    yield record.challenger_agency
    yield record.challenged_agency
    yield from (p.agency for p in _people(record) if p.agency)


def _free_text(record: Record) -> Iterator[str]:
    yield record.body
    yield from (stage.decision for stage in record.stages if stage.decision)
    if record.resolution:
        yield record.resolution.effectiveness
        yield record.resolution.suggestions
    if record.withdrawn:
        yield record.withdrawn.reason


def dispute_dates(record: Record) -> set[date]:
    """Every day a record names: opened, stages, meetings and the answers to the group's
    decision, resolution, withdrawal, sign-offs."""
    days: set[date] = {record.opened}
    for stage in record.stages:
        days |= {day_of(m) for m in (stage.started, stage.raised, stage.group_date) if m}
        days |= {answer.date for answer in stage.acceptance}
    days |= {p.date for p in _people(record) if p.date}
    days |= {record.closed_on} if record.closed_on else set()
    return days


def find_leaks(
    site_dir: Path,
    records: list[Record],
    today: date,
    *,
    agencies: Iterable[str] = (),
    theme_dirs: Iterable[Path] = (),
    left_out: Iterable[str] = (),
) -> list[Leak]:
    """Every case-level string or date found in any file of the built site; `left_out`: the
    text of record files left out of the figures (invalid, or opened later), checked too."""
    wanted = secrets(records, today, agencies)
    extra, extra_days = raw_secrets(left_out)
    wanted = {**extra, **wanted}
    by_first_word: dict[str, list[str]] = {}
    for text in wanted:
        words = _WORDS.findall(text)
        by_first_word.setdefault(words[0] if words else "", []).append(text)
    # A sitemap's "last modified" is the build's day (MkDocs' own, in UTC), not a case's.
    build_days = {today, date.fromisoformat(get_build_date())}
    days = {d: r.id for r in records for d in dispute_dates(r) if d not in build_days}
    days |= {d: "a record left out" for d in extra_days if d not in build_days}
    month_days = {(d.month, d.day) for d in days} - {(d.month, d.day) for d in build_days}
    theme = ThemeFiles(theme_dirs)
    leaks: list[Leak] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if theme.has(raw):
            continue
        name = path.relative_to(site_dir).as_posix()
        views = _views(_decode(raw))
        for view in views:
            leaks += _string_leaks(name, view, wanted, by_first_word)
        leaks += [  # dates from the text with its markup: cells joined up are not a date
            Leak(name, "the date of a single dispute", f"{day.isoformat()} (written '{text}')")
            for day, text in dates_in(views[0])
            if day in days
        ]
        leaks += [
            Leak(name, "the day of a single dispute", f"{day[1]}/{day[0]} (written '{text}')")
            for day, text in days_in(views[0])
            if day in month_days
        ]
    return list(dict.fromkeys(leaks))


def _string_leaks(
    name: str, view: str, wanted: dict[str, tuple[str, str]], index: dict[str, list[str]]
) -> Iterator[Leak]:
    present = set(_WORDS.findall(view)) | {""}
    for word in present & index.keys():
        for text in index[word]:
            if text in view and re.search(rf"(?<!\w){re.escape(text)}(?!\w)", view):
                kind, written = wanted[text]
                yield Leak(name, kind, written)


def _decode(raw: bytes) -> str:
    if raw[:2] == b"\x1f\x8b":  # gzip, as in sitemap.xml.gz
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unpacked:
                raw = unpacked.read(MAX_UNPACKED)
        except (OSError, EOFError, zlib.error):
            pass
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    return raw.decode("utf-8", errors="replace")


def _views(text: str) -> tuple[str, ...]:
    """The text normalised, and again without markup (a name split by a tag)."""
    plain = normalise(text)
    untagged = normalise(_TAGS.sub("", text))
    return (plain,) if untagged == plain else (plain, untagged)


class ThemeFiles:
    """The files of the theme and the package's assets, found by their bytes."""

    def __init__(self, dirs: Iterable[Path]) -> None:
        self.by_size: dict[int, list[Path]] = {}
        for folder in dirs:
            for path in folder.rglob("*") if folder.is_dir() else ():
                if path.is_file():
                    self.by_size.setdefault(path.stat().st_size, []).append(path)

    def has(self, raw: bytes) -> bool:
        """Whether these bytes are exactly one of the theme's files."""
        return any(p.read_bytes() == raw for p in self.by_size.get(len(raw), ()))
