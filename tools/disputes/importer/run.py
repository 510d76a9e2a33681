"""An import from start to end: read the sources, draft, check, then write and commit.

`plan_import` writes nothing (it is all `--dry-run` does); `write_import` creates the
records through the one writer and commits them in one import commit. A row or form
already imported (the same file, sheet and row, or form) is skipped, so running the
same import twice makes nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from disputes.edit.allocate import create_many
from disputes.edit.intake import ImportRefused, commit_import, import_message, refuse_staged
from disputes.edit.signoff import SIGNING_HELP
from disputes.history import ALLOWED_SIGNERS, GitError, run_git, signing_configured
from disputes.history.paper import imported_version
from disputes.history.workdir import next_identity
from disputes.importer.agencies import load_agencies_with_aliases
from disputes.importer.columns import default_mapping, read_mapping
from disputes.importer.drafts import Draft, render
from disputes.importer.forms import draft_from_form
from disputes.importer.logrows import draft_from_row
from disputes.importer.problems import Unmapped, grouped
from disputes.importer.tables import TABLE_SUFFIXES, SourceError, read_table
from disputes.records.config import RECORDS_DIR, load_agencies, load_schema, record_files
from disputes.records.frontmatter import FileProblem, parse_record_text
from disputes.records.schemacheck import SchemaChecker
from disputes.records.stagemodel import StageModel, load_stage_model
from disputes.records.validate import Settings, check_source

FORM_SUFFIX = ".docx"


@dataclass
class Plan:
    """What an import would write, what it skipped, left out and could not map."""

    drafts: list[Draft] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # sources imported before
    unmapped: list[Unmapped] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    model: StageModel | None = None

    @property
    def left_out(self) -> list[str]:
        """What the drafts left out, in words: once per file, with the rows."""
        return grouped(
            [
                (str(d.source["file"]), f"row {d.source['row']}" if "row" in d.source else "", what)
                for d in self.drafts
                for what in d.left_out
            ]
        )


def source_files(paths: list[Path]) -> list[Path]:
    """The files to import: each file given, and every log and form in each folder given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not p.name.startswith(("~$", "."))
                and p.suffix.lower() in (*TABLE_SUFFIXES, FORM_SUFFIX)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder")
    return found


def source_key(source: dict[str, object]) -> tuple[str, ...]:
    """What identifies a row or form: file, sheet and row, or file and 'form'."""
    return tuple(str(source.get(k, "")) for k in ("file", "sheet", "row", "form"))


def imported_keys(root: Path) -> set[tuple[str, ...]]:
    """The source of every record already imported into the register."""
    keys = set()
    for path in record_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "\nimported:" not in text:
            continue
        try:
            source = parse_record_text(text).data.get("imported")
        except FileProblem:
            continue
        if isinstance(source, dict):
            keys.add(source_key(source))
    return keys


def plan_import(
    root: Path,
    paths: list[Path],
    *,
    today: date,
    mapping: Path | None = None,
    sheet: str | None = None,
) -> Plan:
    """Read, map and check every source; write nothing."""
    agencies = load_agencies_with_aliases(root)
    model = load_stage_model(root)
    plan = Plan(model=model)
    seen = imported_keys(root)
    drafts: list[Draft] = []
    for path in source_files(paths):
        plan.sources.append(path.name)
        if path.suffix.lower() == FORM_SUFFIX:
            draft, problems = draft_from_form(path, agencies)
            found = [draft] if draft else []
        else:
            table = read_table(path, sheet)
            columns = read_mapping(mapping) if mapping else default_mapping(table.headings)
            plan.unused_columns += [
                f"{table.file}: column '{h}' is not imported (no field)"
                for h in table.headings
                if h not in columns
            ]
            results = [draft_from_row(row, columns, agencies) for row in table.rows]
            found = [d for d, _ in results if d]
            problems = [p for _, ps in results for p in ps]
        plan.unmapped += problems
        for draft in found:
            if source_key(draft.source) in seen:
                plan.already.append(draft.where)
            else:
                seen.add(source_key(draft.source))
                drafts.append(draft)
    plan.drafts, failed = _checked(root, drafts, model, today)
    plan.unmapped += failed
    return plan


def _checked(
    root: Path, drafts: list[Draft], model: StageModel, today: date
) -> tuple[list[Draft], list[Unmapped]]:
    """The drafts that pass `validate --strict`; each other one's first problem."""
    settings = Settings(SchemaChecker(load_schema(root)), load_agencies(root), today, model)
    good, failed = [], []
    for draft in drafts:
        file = f"{RECORDS_DIR}/{draft.year or 1}/{draft.placeholder}.md"
        draft.rendered = render(draft, draft.placeholder, model)
        draft.checked = parse_record_text(draft.rendered)
        # the one pipeline's check of a source (no as_of day: always counted)
        _, _, issues = check_source(file, draft.rendered, settings) or (None, None, [])
        if not issues:
            good.append(draft)
            continue
        first = min(issues)
        failed.append(
            Unmapped(
                str(draft.source["file"]),
                draft.where.partition(", ")[2],
                first.path,
                "",
                f"the record would not pass validation: {first.message}",
            )
        )
    return good, failed


@dataclass(frozen=True)
class Written:
    """What an import wrote: each record's id and file, and the import commit."""

    records: list[tuple[str, str, str]]  # id, file, source in words
    commit: str
    signature: str


def write_import(root: Path, plan: Plan) -> Written:
    """Create the planned records and commit them in one import commit (signed if set up)."""
    if not plan.drafts:
        return Written([], "", "")
    refuse_staged(root)
    sign = signing_configured(root)
    if (root / ALLOWED_SIGNERS).is_file() and not sign:
        raise ImportRefused(
            "this register lists keys in schema/allowed_signers, and the import commit is what "
            f"attests the paper sign-offs it brings in, so it must be signed; {SIGNING_HELP}"
        )
    who = next_identity(root, "AUTHOR")
    if who is None:
        raise ImportRefused(
            'git does not know who you are: run `git config user.name "Your '
            'Name"` and `git config user.email you@agency.example`'
        )
    versions: dict[str, str] = {}

    def item(draft: Draft) -> tuple[int, Callable[[str], Path], Callable[[str], str]]:
        year = draft.year or 1

        def text(record_id: str) -> str:
            versions[record_id] = imported_version(draft.digest_data(record_id))
            return draft.text(record_id)

        return year, lambda rid: root / RECORDS_DIR / str(year) / f"{rid}.md", text

    created = create_many(root, [item(d) for d in plan.drafts])
    files = [c.file for c in created]
    message = import_message(
        plan.sources, [(c.record_id, versions[c.record_id]) for c in created], who
    )
    try:
        commit, signature = commit_import(root, files, message, sign=sign)
    except GitError:
        _undo(root, files)
        raise
    return Written(
        [(c.record_id, c.file, d.where) for c, d in zip(created, plan.drafts, strict=True)],
        commit.hash,
        signature.status,
    )


def _undo(root: Path, files: list[str]) -> None:
    """Take back records written by an import whose commit failed: nothing half done."""
    try:
        run_git(root, "reset", "-q", "--", *files)
    except GitError:
        pass
    for file in files:
        (root / file).unlink(missing_ok=True)
