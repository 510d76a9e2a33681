"""Agencies' email domains: a manager's email must be in their own agency's domains."""

from __future__ import annotations

from pathlib import Path

from conftest import AS_OF, REPO_ROOT, MakeRegister, run_cli, valid_record_text

DOMAINS = (
    'email_domains:\n  Kent Police: [police.example]\n  "Children\'s Social Care": [csc.example]\n'
)


def register(make_register: MakeRegister, text: str) -> Path:
    root = make_register({"records/2026/PD-2026-0007.md": text})
    agencies = (REPO_ROOT / "schema/agencies.yml").read_text(encoding="utf-8")
    (root / "schema/agencies.yml").write_text(agencies + DOMAINS, encoding="utf-8")
    return root


def test_a_manager_outside_their_agencys_domain_is_an_error(make_register: MakeRegister) -> None:
    text = valid_record_text().replace("bo.khan@csc.example", "bo.khan@police.example")
    result = run_cli(["validate", "--root", str(register(make_register, text)), "--as-of", AS_OF])
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "records/2026/PD-2026-0007.md:25: stages[3].challenged_manager.email: "
        "bo.khan@police.example is not an email address of Children's Social Care "
        "(schema/agencies.yml lists @csc.example)"
    )


def test_managers_in_their_own_domains_pass(make_register: MakeRegister) -> None:
    root = register(
        make_register, valid_record_text().replace("@csc.example", "@north.csc.example")
    )
    result = run_cli(["validate", "--root", str(root), "--as-of", AS_OF, "--strict"])
    assert result.exit_code == 0, result.stdout


def test_a_malformed_domain_list_is_a_register_error(make_register: MakeRegister) -> None:
    root = make_register({"records/2026/PD-2026-0007.md": valid_record_text()})
    with open(root / "schema/agencies.yml", "a", encoding="utf-8") as out:
        out.write("email_domains: [police.example]\n")
    result = run_cli(["validate", "--root", str(root), "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "'email_domains:' must map each agency's name to a list of domains" in result.output
