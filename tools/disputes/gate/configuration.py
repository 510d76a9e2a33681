"""A change to the register's configuration, judged as data: nothing from the change runs.

Everything a change touches outside records/ is configuration. Beside records it is refused
(`rules.mixed_configuration`); alone it is judged here from git objects, head against
fork. The files that say how records are judged (schema/) are read by safe parsers and
every record is validated with them; mkdocs.yml and the site's pages are read as text
(`siteconfig`, `pagescan`); anything that can run code or put script in a page (the tool,
tests, workflows, packaging, hooks, plugins, templates, raw HTML) is named for an
administrator's review, a non-failing severity of its own, since no check can tell what
code will do without running it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from disputes.gate.listing import Changed, Tree, tree_changes
from disputes.gate.pagescan import in_folder, page_issues
from disputes.gate.siteconfig import MKDOCS, SiteConfig, read_site_config, site_config_issues
from disputes.history.git import ALLOWED_SIGNERS, RECORDS_DIR, run_git
from disputes.history.hostsign import HOST_FILES, host_file_problem
from disputes.history.tree import REGULAR, Entry, read_blobs, record_sources, texts_at, with_sizes
from disputes.policy.settings import POLICY_SCHEMA, policy_from_text
from disputes.records.config import (
    AGENCIES_FILE,
    POLICY_FILE,
    SCHEMA_FILE,
    ConfigError,
    agencies_from_text,
    schema_from_text,
)
from disputes.records.frontmatter import MAX_BYTES
from disputes.records.load import Register
from disputes.records.model import Issue
from disputes.records.snapshot import Source, validate_sources
from disputes.records.stagemodel import StageModel, stage_model_from_text
from disputes.records.yamlsafe import MAX_DEPTH

POLICY_SCHEMA_FILE = POLICY_SCHEMA.as_posix()
RULES = (SCHEMA_FILE, AGENCIES_FILE, POLICY_FILE)  # how records are judged
DATA = (*RULES, POLICY_SCHEMA_FILE, ALLOWED_SIGNERS, *HOST_FILES)  # read as data, never flagged
# Code, or settings of what runs code: reviewed by an administrator, whatever they hold.
CODE = (
    ("tools/", "the tool's own code: the checks and the site builder"),
    ("tests/", "the tool's tests: code that continuous integration runs"),
    (
        ".github/",
        "GitHub reads this folder: its workflows run with the repository's "
        "permissions (publishing the site among them) and CODEOWNERS decides who "
        "must review",
    ),
    ("examples/", "continuous-integration set-ups that partnerships copy into their own"),
    ("pyproject.toml", "packaging: what is installed, and which commands run, with the tool"),
    (".pre-commit-", "pre-commit hooks: commands that run on the computer of whoever commits"),
    (".gitattributes", "tells git how to compare, merge and check out files, records among them"),
    (".gitmodules", "tells git where to fetch submodules from and which changes to hide"),
    (
        "requirements.txt",
        "the pin: which release of the tool the register's checks, "
        "verify and site build install and run",
    ),
    (
        "constraints.txt",
        "the versions of the tool's dependencies that the register's "
        "checks, verify and site build install",
    ),
    ("setup.py", "packaging: code that runs when the tool is built"),
    ("MANIFEST.in", "packaging: which files the tool is built from"),
)
DOCUMENTS = (".md", ".txt", ".rst")  # outside the site's pages: read by people, not run
PLAIN = ("LICENSE", "COPYING", "NOTICE", ".gitignore", ".editorconfig")
_ASK = "Ask an administrator to review it before it is merged"
_OUTSIDE = re.compile(r"^(?:\.\./)+")


def outside_records(root: Path, fork: str, head: str) -> dict[str, Changed]:
    """Every path the change alters outside records/, named from the register's folder
    (`../` before a path outside that folder, so no two paths share a name), in one
    `git diff-tree`."""
    prefix = run_git(root, "rev-parse", "--show-prefix").strip()
    found = {}
    for path, changed in tree_changes(root, fork, head, everywhere=True).items():
        if not path.startswith(prefix):
            found[posixpath.relpath(path, prefix)] = changed
        elif (name := path.removeprefix(prefix)) != RECORDS_DIR and not name.startswith(
            RECORDS_DIR + "/"
        ):
            found[name] = changed
    return found


def judge_configuration(
    root: Path, fork: str, head: str, outside: dict[str, Changed], records: Tree, today: date
) -> tuple[list[Issue], int]:
    """Problems and reviews of a change to configuration alone, and how many records were
    validated again (all of them when schema/ changes how records are judged)."""
    texts = _texts(root, [e for c in outside.values() for e in (c.old, c.new) if e])
    site = _site_configs(root, head, outside.get(MKDOCS), texts)
    folders = {"site", *(s.docs_dir() for s in site.values() if s)}
    issues = site_config_issues(site["old"], site["new"]) if MKDOCS in outside else []
    for path, changed in sorted(outside.items()):
        issues += _path_issues(path, changed, folders, texts)
    checked = 0
    if any(path in outside for path in (*RULES, POLICY_SCHEMA_FILE)):
        found, checked = _register_issues(root, fork, head, outside, records, today, texts)
        issues += found
    return issues, checked


def _texts(root: Path, entries: list[Entry]) -> dict[str, str | None]:
    """Each regular blob's text by id (None: too big to read), sizes asked of git first."""
    sized = with_sizes(root, [e for e in entries if e.mode in REGULAR])
    blobs = read_blobs(root, [e.blob for e in sized if 0 <= e.size <= MAX_BYTES])
    return {
        e.blob: blobs[e.blob].decode("utf-8", "replace") if e.blob in blobs else None for e in sized
    }


def _site_configs(
    root: Path, head: str, changed: Changed | None, texts: dict[str, str | None]
) -> dict[str, SiteConfig | None]:
    """mkdocs.yml before and after the change (as at the head when the change leaves it)."""
    if changed is None:
        text = texts_at(root, head, [MKDOCS])[MKDOCS]
        same = None if text is None else read_site_config(text)
        return {"old": same, "new": same}
    found: dict[str, SiteConfig | None] = {}
    for side, entry in (("old", changed.old), ("new", changed.new)):
        text = None if entry is None else texts.get(entry.blob)
        found[side] = (
            None
            if entry is None
            else read_site_config(text)
            if text is not None
            else SiteConfig(problems=[Issue(MKDOCS, 1, "", _unreadable(entry))])
        )
    return found


def _unreadable(entry: Entry) -> str:
    return (
        "this file is larger than 1 MB, too big for the check to read"
        if entry.mode in REGULAR
        else "this is not a plain file, so the check cannot read it"
    )


def _path_issues(
    path: str, changed: Changed, folders: set[str], texts: dict[str, str | None]
) -> list[Issue]:
    """What one changed path outside records/ needs: nothing, an error, or a review."""
    new = changed.new
    if new is not None and new.mode not in REGULAR:
        return [
            Issue(
                path,
                1,
                "",
                (
                    "this is a symbolic link or a submodule: what it points to is not in the change, "
                    f"so the check cannot read it. {_ASK}"
                ),
                "review",
            )
        ]
    if path in HOST_FILES:  # who signs through the hosting site: read as data here
        problem = host_file_problem(path, texts.get(new.blob) if new else None)
        return [Issue(path, 1, "", problem)] if problem else []
    if path in (MKDOCS, *DATA):
        return []  # read as data: mkdocs.yml above, schema/ by validating every record
    top = _OUTSIDE.sub("", path)  # a path outside the register's folder, from the top
    for prefix, why in CODE:
        if top.startswith(prefix):
            return [_review(path, why)]
    if path.endswith(".py"):
        return [_review(path, "Python code")]
    if top == path and (folder := in_folder(path, folders)):
        if new is not None and texts.get(new.blob) is None and path.endswith(".md"):
            return [_review(path, f"a page under {folder}/ too big for the check to read")]
        before = texts.get(changed.old.blob) if changed.old else None
        return page_issues(path, folder, before, texts.get(new.blob) if new else None)
    name = posixpath.basename(path)
    if name.endswith(DOCUMENTS) or name.startswith(PLAIN):
        return []
    return [
        _review(
            path,
            "the check reads records, schema/, mkdocs.yml, the site's pages and "
            "documents as data, and cannot tell what this file does",
        )
    ]


def _review(path: str, why: str) -> Issue:
    return Issue(path, 1, "", f"{why}. {_ASK}", "review")


def _register_issues(
    root: Path,
    fork: str,
    head: str,
    outside: dict[str, Changed],
    records: Tree,
    today: date,
    read: dict[str, str | None],
) -> tuple[list[Issue], int]:
    """Every record validated with the head's schema, agencies and policy (read as data):
    the problems that the fork's configuration did not find (what this change causes)."""
    for path in (*RULES, POLICY_SCHEMA_FILE):
        changed = outside.get(path)
        if changed and changed.new and read.get(changed.new.blob) is None:
            return [Issue(path, 1, "", _unreadable(changed.new))], 0
    sources = record_sources(root, records.entries())
    try:
        register = _validate(root, head, sources, today)
    except ConfigError as error:
        file = next(
            (p for p in (*RULES, POLICY_SCHEMA_FILE) if str(error).startswith(p)), POLICY_FILE
        )
        return [
            Issue(
                file,
                1,
                "",
                f"{str(error).removeprefix(file + ': ')}; a configuration "
                "change must leave every record valid and the policy readable",
            )
        ], 0
    # Only the records with problems now are read with the fork's rules too (usually none).
    problems = {i.file for i in register.issues}
    try:
        before = {
            (i.file, i.path, i.message)
            for i in _validate(
                root, fork, {f: s for f, s in sources.items() if f in problems}, today
            ).issues
        }
    except ConfigError:  # unreadable before the change: every problem now is the change's
        before = set()
    return [
        Issue(i.file, i.line, i.path, f"with this change's configuration, {i.message}", i.severity)
        for i in register.issues
        if (i.file, i.path, i.message) not in before
    ], register.checked


def _validate(root: Path, rev: str, sources: dict[str, Source], today: date) -> Register:
    """The records validated with the schema, agencies and policy at `rev`, read as data."""
    texts = texts_at(root, rev, [*RULES, POLICY_SCHEMA_FILE])
    schema, agencies, model = rules_from_texts(texts, "")
    policy = texts[POLICY_FILE]
    if policy is None:
        raise ConfigError(f"{POLICY_FILE} is missing, so no timescale can be worked out")
    policy_from_text(policy, texts[POLICY_SCHEMA_FILE] or "", POLICY_FILE, POLICY_SCHEMA_FILE)
    return validate_sources(sources, schema, agencies, today=today, model=model)


def rules_from_texts(
    texts: Mapping[str, str | None], where: str
) -> tuple[dict[str, Any], list[str], StageModel]:
    """The record schema, agency list and stage model from their files' texts in git, read
    as data (`where` says which side, e.g. "(on the base branch)")."""
    schema_text, agencies_text, policy_text = (texts[p] for p in RULES)
    if schema_text is None:
        raise ConfigError(
            f"{SCHEMA_FILE} is missing{' ' + where if where else ''}, so records cannot be checked"
        )
    for text, name in ((agencies_text, AGENCIES_FILE), (policy_text, POLICY_FILE)):
        bounded_yaml(text or "", f"{name} {where}".strip())
    try:
        schema = schema_from_text(schema_text, f"{SCHEMA_FILE} {where}".strip())
    except RecursionError:
        raise ConfigError(f"{SCHEMA_FILE}: the schema is nested too deeply to read") from None
    agencies = (
        agencies_from_text(agencies_text, f"{AGENCIES_FILE} {where}".strip())
        if agencies_text
        else []
    )
    return schema, agencies, stage_model_from_text(policy_text, f"{POLICY_FILE} {where}".strip())


def bounded_yaml(text: str, where: str) -> None:
    """Refuse YAML that could stall or crash a parser (aliases that multiply, deep nesting)
    before any parser builds it: its events are counted, which is safe at any depth."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent):
                raise ConfigError(
                    f"{where}: YAML anchors and aliases (& and *) are not allowed "
                    "here; write each value out in full"
                )
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ConfigError(f"{where}: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the parse itself says what is wrong, with its line
