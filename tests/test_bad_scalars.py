"""Bad YAML scalars and numbers that are not the schema's integers: a plain error, never a
traceback, from every command that reads records; `stage: 3.0` no longer passes as 3."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from attacks import FILE, attacked_register, edited_record
from click.testing import CliRunner
from conftest import AS_OF, REPO_ROOT, MakeRegister, run_cli, valid_record_text
from gitrepo import RECORD, escalate, open_on_main

from disputes.cli import main
from disputes.edit.roundtrip import resolve

# (what the attack writes, the line it sits on, the field, words the message must hold)
ATTACKS = {
    "int tag on text": (
        "  - stage: 1\n",
        '  - stage: !!int "abc"\n',
        17,
        "stages[1].stage",
        "'abc' is tagged !!int",
    ),
    "float tag on text": (
        "  - stage: 1\n",
        '  - stage: !!float "abc"\n',
        17,
        "stages[1].stage",
        "'abc' is tagged !!float",
    ),
    "bool tag on maybe": (
        "immediate_risk: false",
        'immediate_risk: !!bool "maybe"',
        6,
        "immediate_risk",
        "'maybe' is tagged !!bool",
    ),
    "5,000 digits": (
        "  - stage: 1\n",
        f"  - stage: {'9' * 5000}\n",
        17,
        "stages[1].stage",
        "far too long (5,000 characters)",
    ),
    "hex past int-to-text": (
        "  - stage: 1\n",
        f"  - stage: 0x{'f' * 5000}\n",
        17,
        "stages[1].stage",
        "far too long",
    ),
    "stage 3.0": (
        "resolution:\n  stage: 4",
        "resolution:\n  stage: 4.0",
        29,
        "resolution.stage",
        "Write 4, a whole number",
    ),
    "stage 1.0 in stages": (
        "  - stage: 1\n",
        "  - stage: 1.0\n",
        17,
        "stages[1].stage",
        "Write 1, a whole number",
    ),
    "stage true": (
        "  - stage: 1\n",
        "  - stage: true\n",
        17,
        "stages[1].stage",
        "should be a whole number, not 'true'",
    ),
}


def attacked(name: str) -> str:
    old, new, *_ = ATTACKS[name]
    return edited_record(old, new)


@pytest.mark.parametrize("name", ATTACKS)
def test_validate_names_file_line_and_field(name: str, make_register: MakeRegister) -> None:
    attacked_register(make_register, ATTACKS[name])


@pytest.mark.parametrize("name", ATTACKS)
def test_every_reading_command_says_so_plainly(
    name: str, make_register: MakeRegister, tmp_path: Path
) -> None:
    root = make_register({FILE: attacked(name)})
    shown = run_cli(["show", "PD-2026-0007", "--root", str(root)])
    assert shown.exit_code == 1 and ATTACKS[name][4] in shown.output
    for command in (["list"], ["report"], ["overdue"]):
        result = run_cli([*command, "--root", str(root), "--as-of", AS_OF])
        # The existing contract of the listing commands: the record is left out, and named.
        assert result.exit_code == 0, result.output
        assert f"left out of these figures: {FILE}" in result.output
    built = run_cli(["build", "--root", str(root), "-d", str(tmp_path / "site"), "--as-of", AS_OF])
    # The build's contract: a record with errors is left out of the site, with the reason.
    assert built.exit_code == 0, built.output
    assert f"{FILE} is left out of the site: " in built.output
    assert ATTACKS[name][4] in built.output
    assert "Traceback" not in built.output


def test_the_honest_whole_numbers_still_pass(make_register: MakeRegister) -> None:
    root = make_register({FILE: valid_record_text()})
    assert run_cli(["validate", "--strict", "--root", str(root)]).exit_code == 0
    text = valid_record_text().replace("  - stage: 1\n", "  - stage: !!int 1\n", 1)
    root = make_register({FILE: text}, name="tagged")
    assert run_cli(["validate", "--strict", "--root", str(root)]).exit_code == 0


@pytest.mark.usefixtures("isolated_git")
def test_stage_written_3_0_does_not_switch_off_sign_off_in_check(tmp_path: Path) -> None:
    """The attack: resolved at stage `3.0` with nobody signing; `check --strict` passed."""
    repo = open_on_main(tmp_path / "register")
    text = resolve(repo.read(RECORD), date(2026, 3, 20), 3)
    repo.write(
        RECORD, text.replace("  stage: 3\n  date: 2026-03-20", "  stage: 3.0\n  date: 2026-03-20")
    )
    assert "stage: 3.0" in repo.read(RECORD)
    repo.commit("PD-2026-0007: resolved", when="2026-03-20T09:00:00Z")
    result = CliRunner().invoke(
        main, ["check", "--base", "main", "--strict", "--format", "json", "--root", str(repo.path)]
    )
    assert result.exit_code == 1, result.output
    issues = json.loads(result.output)
    assert any(
        i["path"] == "resolution.stage" and "Write 3, a whole number" in i["message"]
        for i in issues
    ), issues


@pytest.mark.usefixtures("isolated_git")
@pytest.mark.parametrize("name", ["int tag on text", "5,000 digits", "bool tag on maybe"])
def test_check_reports_bad_scalars_in_a_change(name: str, tmp_path: Path) -> None:
    repo = open_on_main(tmp_path / "register")
    old, new, *_ = ATTACKS[name]
    text = escalate(repo.read(RECORD), date(2026, 3, 12))
    target = "  - stage: 4\n" if old == "  - stage: 1\n" else old
    replacement = new.replace("stage: 1", "stage: 4") if old == "  - stage: 1\n" else new
    assert target in text
    repo.write(RECORD, text.replace(target, replacement, 1))
    repo.commit("PD-2026-0007: stage 4", when="2026-03-12T09:00:00Z")
    result = CliRunner().invoke(main, ["check", "--base", "main", "--root", str(repo.path)])
    assert result.exit_code == 1, result.output
    assert RECORD in result.output and ATTACKS[name][4] in result.output
    assert "Traceback" not in result.output


def test_the_example_register_still_builds_clean(tmp_path: Path) -> None:
    """Honest records, whole numbers throughout: validate --strict passes on the demo."""
    root = tmp_path / "demo"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    shutil.copytree(REPO_ROOT / "records", root / "records")
    result = run_cli(["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        (
            "schema/policy.yml",
            "{amount: 48, unit: hours}",
            '{amount: !!int "abc", unit: hours}',
            "a value cannot be read (invalid literal for int() with base 10: 'abc')",
        ),
        (
            "schema/policy.yml",
            "{amount: 48, unit: hours}",
            "{amount: 48.0, unit: hours}",
            "stages.3.allowance.amount: 48.0 is not of type 'integer'",
        ),
        (
            "schema/policy.yml",
            "{amount: 48, unit: hours}",
            f"{{amount: {'9' * 5000}, unit: hours}}",
            "a value cannot be read (Exceeds the limit (4300 digits)",
        ),
        (
            "schema/agencies.yml",
            "  - Kent Police\n",
            '  - !!bool "maybe"\n',
            "a value cannot be read ('maybe')",
        ),
    ],
)
def test_bad_scalars_in_the_configuration_are_said_plainly(
    make_register: MakeRegister, file: str, old: str, new: str, words: str
) -> None:
    root = make_register({FILE: valid_record_text()})
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # validate reads the policy's stages, not its timescales: 48.0 stops the reports only.
    commands = (["report"], ["list"]) if "48.0" in new else (["validate"], ["report"], ["list"])
    for command in commands:
        result = run_cli([*command, "--root", str(root)])
        assert result.exit_code == 2, result.output
        assert f"{path}: " in result.output or f"{file}: " in result.output, result.output
        assert words in result.output


def test_a_bad_scalar_in_the_email_domains_is_said_plainly(make_register: MakeRegister) -> None:
    """The email-domain list is read by the sign-off rules: the same plain error, no traceback."""
    root = make_register({FILE: valid_record_text()})
    path = root / "schema/agencies.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + 'email_domains:\n  Kent Police: [!!int "abc"]\n',
        encoding="utf-8",
    )
    from disputes.records.config import ConfigError
    from disputes.records.domains import load_email_domains

    with pytest.raises(
        ConfigError,
        match=r"schema/agencies.yml: cannot be read \(.*a value "
        r"cannot be read",
    ):
        load_email_domains(root)
    result = run_cli(["validate", "--root", str(root)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "schema/agencies.yml: cannot be read" in result.output, result.output
