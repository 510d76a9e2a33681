"""The rules of a record that a JSON Schema cannot express, one function each."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from pathlib import PurePosixPath

from disputes.records.model import BODY_HEADINGS, REQUIRED_WHEN_RESOLVED, Record, Stage, day_of

KeyPath = tuple[str | int, ...]
Finding = tuple[KeyPath, str]
Rule = Callable[[Record, date], Iterator[Finding]]


def file_location(record: Record, today: date) -> Iterator[Finding]:
    """The file is records/<year opened>/<id>.md."""
    path = PurePosixPath(record.file)
    if path.stem != record.id:
        yield (
            ("id",),
            (
                f"the id {record.id} does not match the file name {path.name}; "
                f"rename the file to {record.id}.md or correct the id"
            ),
        )
    folder = path.parent.name
    if folder != str(record.opened.year):
        yield (
            ("opened",),
            (
                f"a record opened in {record.opened.year} belongs in records/{record.opened.year}/, "
                f"not {path.parent.as_posix()}/"
            ),
        )
    if record.id[3:7] != str(record.opened.year):
        yield ("id",), f"the id {record.id} should carry the year opened, {record.opened.year}"


def stage_order(record: Record, today: date) -> Iterator[Finding]:
    """Stages in order, each at most once, no gaps, start dates never going back."""
    previous = None
    for index, stage in enumerate(record.stages):
        where: KeyPath = ("stages", index, "stage")
        if previous is not None and stage.stage <= previous.stage:
            yield (
                where,
                (
                    f"stage {stage.stage} comes after stage {previous.stage}; list each stage "
                    "once, in order"
                ),
            )
        elif previous is not None and stage.stage != previous.stage + 1:
            yield (
                where,
                (
                    f"stage {previous.stage} is followed by stage {stage.stage}; stage "
                    f"{previous.stage + 1} is missing (no stage may be skipped)"
                ),
            )
        if previous is not None and day_of(stage.started) < day_of(previous.started):
            yield (
                ("stages", index, "started"),
                (
                    f"stage {stage.stage} started on {day_of(stage.started)}, before stage "
                    f"{previous.stage} started ({day_of(previous.started)})"
                ),
            )
        previous = stage
    first = record.stages[0]
    if day_of(first.started) < record.opened:
        yield (
            ("stages", 0, "started"),
            (
                f"stage {first.stage} started on {day_of(first.started)}, before the dispute "
                f"was opened ({record.opened})"
            ),
        )


def stage_events(record: Record, today: date) -> Iterator[Finding]:
    """Stage 3 raised and stage 5 group date come after the stage started; panel distinct."""
    for index, stage in enumerate(record.stages):
        if stage.raised is not None and day_of(stage.raised) < day_of(stage.started):
            yield (
                ("stages", index, "raised"),
                (
                    f"the concern was raised on {day_of(stage.raised)}, before stage "
                    f"{stage.stage} started ({day_of(stage.started)})"
                ),
            )
        if stage.group_date is not None and stage.group_date < day_of(stage.started):
            yield (
                ("stages", index, "group_date"),
                (
                    f"the QAPM group met on {stage.group_date}, before stage 5 started "
                    f"({day_of(stage.started)})"
                ),
            )
        problem = panel_problem(stage.panel)
        if (
            stage.stage == 5
            and (stage.panel or stage.referred is None)  # a referral names its panel later
            and problem
            and not (record.imported and "panel" in stage.not_recorded)  # its source is silent
        ):
            yield ("stages", index, "panel"), problem
        if stage.stage < 3 and (stage.challenger_manager or stage.challenged_manager):
            yield (
                ("stages", index),
                "managers are named from stage 3 on; stages 1 and 2 name the workers and supervisor",
            )


def panel_problem(agencies: Iterable[str]) -> str | None:
    """Why a QAPM panel of these agencies is not one (None when it is)."""
    if len({a.strip().casefold() for a in agencies}) < 3:
        return "the QAPM panel needs representatives of at least three different agencies"
    return None


def not_in_future(record: Record, today: date) -> Iterator[Finding]:
    """No date lies after today: the real today, whatever past day `--as-of` views."""
    for path, moment in _dates(record):
        if path[-1] == "group_date" and _meeting_ahead(record, path):
            continue  # a referral may name the day the QAPM group will meet
        if day_of(moment) > today:
            yield path, f"the date {day_of(moment)} is in the future (today is {today})"


def _meeting_ahead(record: Record, path: KeyPath) -> bool:
    """An open referral (stage 5 with a referral date) whose QAPM group has not met yet."""
    index = path[1]
    last = index == len(record.stages) - 1
    referral = isinstance(index, int) and record.stages[index].referred is not None
    return referral and record.status == "open" and last


def _dates(record: Record) -> Iterator[tuple[KeyPath, date]]:
    yield ("opened",), record.opened
    for index, stage in enumerate(record.stages):
        yield ("stages", index, "started"), day_of(stage.started)
        for key in ("ended", "referred"):
            value = getattr(stage, key)
            if value is not None:
                yield ("stages", index, key), day_of(value)
        if stage.raised is not None:
            yield ("stages", index, "raised"), day_of(stage.raised)
        if stage.group_date is not None:
            yield ("stages", index, "group_date"), stage.group_date
        for number, answer in enumerate(stage.acceptance):
            yield ("stages", index, "acceptance", number, "date"), answer.date
    if record.resolution:
        yield ("resolution", "date"), record.resolution.date
    if record.withdrawn:
        yield ("withdrawn", "date"), record.withdrawn.date
    for role, person in record.sign_off.items():
        if person.date is not None:
            yield ("sign_off", role, "date"), person.date


def closing(record: Record, today: date) -> Iterator[Finding]:
    """Resolution and withdrawal agree with the stages."""
    last = record.stages[-1]
    if record.resolution is not None:
        if record.resolution.stage != last.stage:
            yield (
                ("resolution", "stage"),
                (
                    f"resolved at stage {record.resolution.stage}, but the last stage listed is "
                    f"{last.stage}; a dispute is resolved at its last stage"
                ),
            )
        if record.resolution.date < day_of(last.started):
            yield (
                ("resolution", "date"),
                (
                    f"resolved on {record.resolution.date}, before its last stage started "
                    f"({day_of(last.started)})"
                ),
            )
    if record.withdrawn is not None and record.withdrawn.date < day_of(last.started):
        yield (
            ("withdrawn", "date"),
            (
                f"withdrawn on {record.withdrawn.date}, before its last stage started "
                f"({day_of(last.started)})"
            ),
        )


def signing_stage(record: Record) -> Stage | None:
    """The stage whose managers sign: where it was resolved, else the highest naming managers.

    The same rule as `stagemodel.signing_stage`, on a typed Record.
    """

    def named(stage: Stage) -> bool:
        return stage.challenger_manager is not None and stage.challenged_manager is not None

    at = record.resolution.stage if record.resolution else None
    here = next((s for s in record.stages if s.stage == at), None)
    if here is not None and named(here):
        return here
    return next((s for s in reversed(record.stages) if named(s)), None)


def sign_off(record: Record, today: date) -> Iterator[Finding]:
    """Resolved at stage 3 or later: both managers of the signing stage have signed."""
    if record.resolution is None or record.resolution.stage < 3 or "sign_off" in record.unrecorded:
        return  # an imported record whose source holds no signatures says so
    if not record.sign_off:
        yield (
            ("sign_off",),
            (
                "resolved at stage 3 or later, so both managers must sign the form: add sign_off "
                "with challenger_manager and challenged_manager (name, designation, agency, date)"
            ),
        )
        return
    signing = signing_stage(record)
    for role, signer in record.sign_off.items():
        named = getattr(signing, role, None) if signing else None
        if named is not None and signer.name.strip() != named.name.strip():
            yield (
                ("sign_off", role, "name"),
                (
                    f"signed by {signer.name}, but the {role.replace('_', ' ')} named at stage "
                    f"{signing.stage if signing else ''} is {named.name}"
                ),
            )
        if signer.date is not None and signer.date < record.resolution.date:
            yield (
                ("sign_off", role, "date"),
                (
                    f"signed on {signer.date}, before the dispute was resolved "
                    f"({record.resolution.date})"
                ),
            )


def parties(record: Record, today: date) -> Iterator[Finding]:
    """The challenger and the challenged are two different agencies."""
    if record.challenger_agency.strip().casefold() == record.challenged_agency.strip().casefold():
        yield (
            ("challenged", "agency"),
            (
                "the challenged agency is the same as the challenger; a professional difference "
                "between two agencies names both"
            ),
        )


def qapm_acceptance(record: Record, today: date) -> Iterator[Finding]:
    """The QAPM group's decision is answered at stage 5, after the group met, once by each
    of the two agencies in the dispute (its decision binds them)."""
    agencies = {a.strip().casefold() for a in (record.challenger_agency, record.challenged_agency)}
    for index, stage in enumerate(record.stages):
        seen: set[str] = set()
        for number, answer in enumerate(stage.acceptance):
            where: KeyPath = ("stages", index, "acceptance", number)
            if stage.stage != 5:
                yield (
                    where,
                    (
                        f"stage {stage.stage} has no QAPM group decision to accept or challenge; "
                        "record 'acceptance' at stage 5"
                    ),
                )
                break
            name = answer.agency.strip().casefold()
            if name not in agencies:
                yield (
                    (*where, "agency"),
                    (
                        f"'{answer.agency}' is not an agency in this dispute; the decision binds "
                        f"{record.challenger_agency} and {record.challenged_agency}: name one of them"
                    ),
                )
            elif name in seen:
                yield (
                    (*where, "agency"),
                    (f"{answer.agency} answers the decision twice; keep one entry per agency"),
                )
            seen.add(name)
            if stage.group_date is None:
                yield (
                    (*where, "date"),
                    (
                        "the decision is answered after the QAPM group meets; give the stage's "
                        "group_date first"
                    ),
                )
            elif answer.date < stage.group_date:
                yield (
                    (*where, "date"),
                    (
                        f"{answer.agency} {answer.response} the decision on {answer.date}, before "
                        f"the group met on {stage.group_date}"
                    ),
                )


def raising_worker_told(record: Record, today: date) -> Iterator[Finding]:
    """The answer to "was the worker who raised the concern told the outcome?" agrees with
    who it was shared with: 'false' while `shared_with` names that worker is refused."""
    resolution, worker = record.resolution, record.challenger_worker
    if resolution is None or resolution.raising_worker_told is not False or worker is None:
        return
    named = {" ".join(n.split()).casefold() for n in resolution.shared_with}
    if " ".join(worker.name.split()).casefold() in named:
        yield (
            ("resolution", "raising_worker_told"),
            (
                f"says the worker who raised the concern was not told, but shared_with names "
                f"{worker.name}; set it to true, or take the name out of shared_with"
            ),
        )


_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)


def body_headings(record: Record, today: date) -> Iterator[Finding]:
    """Once resolved, the reason and the agreed outcome are written down."""
    if record.status != "resolved":
        return
    for problem in filter(None, (section_problem(record.body, h) for h in REQUIRED_WHEN_RESOLVED)):
        yield ("body",), problem


def section_problem(body: str, heading: str) -> str | None:
    """Why `## heading` of the text below the fields cannot close a dispute (None if it can)."""
    sections = _sections(body)
    if heading not in sections:
        return (
            f"the heading '## {heading}' is missing from the text below the fields; "
            "a resolved dispute needs it"
        )
    if not sections[heading].strip():
        return f"the section '## {heading}' is empty; a resolved dispute needs it"
    return None


def form_headings(record: Record, today: date) -> Iterator[Finding]:
    """The form's headings are all there (a warning: an open record may be a draft)."""
    sections = _sections(record.body)
    resolved = record.status == "resolved"
    for heading in BODY_HEADINGS:
        if heading not in sections and not (resolved and heading in REQUIRED_WHEN_RESOLVED):
            yield (
                ("body",),
                (f"the form's heading '## {heading}' is missing from the text below the fields"),
            )


@lru_cache(maxsize=1)  # three rules read one record's sections in turn: split once
def _sections(body: str) -> Mapping[str, str]:
    """The text under each `## heading` of a record's body, by heading (read only: shared)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")  # CR-only files (old Mac) too
    matches = list(_HEADING.finditer(body))
    sections: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        sections[match.group(1)] = body[match.end() : end]
    return sections


RULES: tuple[Rule, ...] = (
    file_location,
    stage_order,
    stage_events,
    not_in_future,
    closing,
    sign_off,
    parties,
    qapm_acceptance,
    raising_worker_told,
    body_headings,
)

WARNING_RULES: tuple[Rule, ...] = (form_headings,)
