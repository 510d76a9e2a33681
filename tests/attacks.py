"""One record edited by an attack, and `validate` (plain and --strict) refusing it."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeRegister, run_cli, valid_record_text

FILE = "records/2026/PD-2026-0007.md"


def edited_record(old: str, new: str) -> str:
    """The example record with its first `old` replaced by `new` (which must be there)."""
    text = valid_record_text()
    assert old in text
    return text.replace(old, new, 1)


Attack = tuple[str, str, int, str, str]  # old text, new text, line, field, message words


def attacked_register(make_register: MakeRegister, attack: Attack) -> Path:
    """A register of the one record the attack edits; `validate` must refuse it."""
    old, new, line, field, words = attack
    root = make_register({FILE: edited_record(old, new)})
    validate_refuses(root, line, field, words)
    return root


def validate_refuses(root: Path, line: int, field: str, words: str) -> None:
    """`validate`, plain and --strict, fail naming FILE, the line and the field."""
    for strict in ([], ["--strict"]):
        result = run_cli(["validate", "--root", str(root), *strict])
        assert result.exit_code == 1, result.output
        assert f"{FILE}:{line}: {field}: " in result.output, result.output
        assert words in result.output
        assert "Traceback" not in result.output
