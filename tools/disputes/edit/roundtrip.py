"""Round-trip edits of a record's front matter that keep everything they do not touch."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import PlainScalarString

from disputes.records.find import EditError
from disputes.records.frontmatter import FileProblem, Split, split_front
from disputes.records.stagemodel import signing_managers
from disputes.records.yamlsafe import reads_as_text

ROLES = ("challenger_manager", "challenged_manager")
MANAGER_FIELDS = ("name", "designation", "agency", "email")


def split_record(text: str) -> Split:
    """Cut a record's text so that only the front matter is ever re-written.

    The cut is `validate`'s own (`records.frontmatter.split_front`): an edit never reads
    fields that `validate`, the gate or the history would read otherwise.
    """
    try:
        return split_front(text)
    except FileProblem as problem:
        raise EditError(f"line {problem.line}: {problem.message}") from None


def _indents(yaml_text: str) -> tuple[int, int, int]:
    """The (mapping, sequence, offset) indentation the file already uses."""
    mapping, offset = 2, 2
    nested = re.search(r"^[A-Za-z_]+:[ \t]*(#.*)?\n( +)[A-Za-z_\"']", yaml_text, re.M)
    if nested:
        mapping = len(nested.group(2))
    dash = re.search(r"^([A-Za-z_]+):[ \t]*(#.*)?\n( *)- ", yaml_text, re.M)
    if dash:
        offset = len(dash.group(3))
    return mapping, offset + 2, offset


class _Representer(RoundTripRepresenter):
    """Writes a new text value so that `validate`'s reader (YAML 1.1) reads it back as text.

    ruamel reads and writes YAML 1.2, where `No`, `on` or `1:20` are text; PyYAML, which
    `validate`, the gate and MkDocs use, reads them as false, true and 80. Such a value is
    written quoted. A value already in the file is written as it was (see `_keep_plain`).
    """

    def represent_str(self, data: str) -> Any:
        """A text value: quoted where YAML 1.1 would read it as something else."""
        if type(data) is str and (not reads_as_text(data) or data[:1] in _V12_PLAIN_STARTS):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)


_Representer.add_representer(str, _Representer.represent_str)
# YAML 1.2 lets a plain value start with these before a non-space (`:0`, `-x`); PyYAML's
# 1.1 does not everywhere (not in a `{name: ...}` mapping), so such a value is quoted.
_V12_PLAIN_STARTS = "-?:"


def _keep_plain(node: Any) -> None:
    """Mark unquoted values read from the file to be written unquoted again, unchanged."""
    pairs = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(pairs):
        if type(value) is str and not reads_as_text(value):
            node[key] = PlainScalarString(value)
        elif isinstance(value, (dict, list)):
            _keep_plain(value)


def _yaml(yaml_text: str) -> YAML:
    """A round-trip YAML that writes back in the file's own style."""
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    mapping, sequence, offset = _indents(yaml_text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def edit_front_matter(text: str, change: Callable[[CommentedMap], None]) -> str:
    """Apply `change` to the front matter mapping; the body and line endings stay as they were."""
    parts = split_record(text)
    yaml = _yaml(parts.yaml_text)
    try:
        data = yaml.load(parts.yaml_text)
    except YAMLError as error:
        raise EditError(f"the front matter is not valid YAML: {error}") from None
    if not isinstance(data, CommentedMap):
        raise EditError("the front matter must be a list of 'field: value' lines")
    _keep_plain(data)
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    front = out.getvalue()
    if parts.newline != "\n":
        front = front.replace("\n", parts.newline)
    return parts.bom + parts.opening + front + parts.rest


def fresh(day: date) -> date:
    """A new date object, so the YAML writer never ties two fields with an anchor."""
    return date.fromordinal(day.toordinal())


def flow_map(**values: Any) -> CommentedMap:
    """A mapping written on one line, `{name: ..., agency: ...}`, as the records use."""
    mapping = CommentedMap((k, v) for k, v in values.items() if v is not None)
    mapping.fa.set_flow_style()
    return mapping


def flow_list(values: list[str]) -> CommentedSeq:
    """A list written on one line, `[a, b, c]`."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def insert_after(data: CommentedMap, key: str, value: Any, after: tuple[str, ...]) -> None:
    """Set `key`, placing a new key after the last of `after` that the record has."""
    if key in data:
        data[key] = value
        return
    keys = list(data)
    positions = [keys.index(k) + 1 for k in after if k in data]
    data.insert(max(positions, default=len(keys)), key, value)


def require_open(data: CommentedMap, action: str) -> None:
    """Refuse to change a closed record."""
    status = data.get("status")
    if status != "open":
        raise EditError(
            f"the record is {status}, so it cannot be {action}; a closed record is changed "
            "only by an amendment commit carrying an 'Amends: <id> <reason>' trailer"
        )


def last_stage(data: dict[str, Any]) -> int:
    """The number of the record's last stage (0 if none)."""
    stages = data.get("stages") or []
    return int(stages[-1].get("stage", 0)) if stages else 0


def record_data(text: str) -> CommentedMap:
    """The record's front matter as a mapping (read only)."""
    holder: list[CommentedMap] = []
    edit_front_matter(text, holder.append)
    return holder[0]


def next_stage(text: str) -> int:
    """The stage an escalation of this record would add."""
    return last_stage(record_data(text)) + 1


def resolve(
    text: str,
    on: date,
    stage: int,
    outcome: str | None = None,
    effectiveness: str | None = None,
    suggestions: str | None = None,
) -> str:
    """Close the record as resolved at `stage`; from stage 3 the managers' sign-off is added."""

    def change(data: CommentedMap) -> None:
        require_open(data, "resolved")
        if stage != last_stage(data):
            raise EditError(
                f"the record's last stage is {last_stage(data)}, so it can only be resolved at "
                f"stage {last_stage(data)} (escalate it first to resolve it at stage {stage})"
            )
        data["status"] = "resolved"
        resolution = CommentedMap([("stage", stage), ("date", fresh(on))])
        for key, value in (
            ("outcome", outcome),
            ("effectiveness", effectiveness),
            ("suggestions", suggestions),
        ):
            if value:
                resolution[key] = value
        insert_after(data, "resolution", resolution, ("stages",))
        if stage >= 3:
            insert_after(data, "sign_off", sign_off_from(data, on), ("stages", "resolution"))

    return edit_front_matter(text, change)


def sign_off_from(data: dict[str, Any], on: date) -> CommentedMap:
    """Both managers' sign-off, from the stage it was resolved at (`signing_managers`)."""
    managers = signing_managers(data)
    if not managers:
        stage = last_stage(data)
        raise EditError(
            f"no stage names the two managers who sign off the form; name them at stage {stage} "
            f"first: disputes amend {data.get('id')} --stage {stage} --reason 'managers named' "
            "--challenger-manager-name ... (and the other manager's options), then resolve"
        )
    sign = CommentedMap()
    for role in ROLES:
        manager = managers.get(role) or {}
        sign[role] = flow_map(
            name=manager.get("name"),
            designation=manager.get("designation"),
            agency=manager.get("agency"),
            date=fresh(on),
        )
    return sign


def withdraw(text: str, on: date, reason: str) -> str:
    """Close the record as withdrawn on `on`, for `reason`."""

    def change(data: CommentedMap) -> None:
        require_open(data, "withdrawn")
        data["status"] = "withdrawn"
        insert_after(
            data, "withdrawn", CommentedMap([("date", on), ("reason", reason)]), ("stages",)
        )

    return edit_front_matter(text, change)
