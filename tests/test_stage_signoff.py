"""Issue 12: a dispute that starts at stage 4 or 5 is closed and signed with the commands alone.

Real git repositories, real SSH keys, the real CLI: the managers who sign are those named
at the stage the dispute was resolved at (or the highest stage naming managers).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import CLERK, GitRepo, as_identity

from disputes.cli import main
from disputes.records.stagemodel import signing_managers

pytestmark = pytest.mark.usefixtures("isolated_git")

AS_OF = "2026-04-20"
RECORD = "records/2026/PD-2026-0001.md"
PAT = ("Pat Doe", "pat.doe@yjs.example")
KAY = ("Kay Lin", "kay.lin@csc.example")
ANN = ("Ann Lee", "ann.lee@police.example")
NEW_AT_4 = [
    "new", "--title", "Immediate risk: nowhere safe to go", "--opened", "2026-04-15",
    "--child-reference", "C-200517", "--challenger-agency", "Youth Justice Service",
    "--challenged-agency", "Children's Social Care", "--category", "need-for-action",
    "--immediate-risk", "--level-of-need", "child-protection", "--stage", "4",
    "--worker-name", "Lee Cole", "--worker-designation", "Case Manager",
    "--summary", "A young person leaving custody has nowhere safe to go.",
]  # fmt: skip
MANAGERS = [
    "--challenger-manager-name", PAT[0], "--challenger-manager-designation", "Operations Manager",
    "--challenger-manager-agency", "Youth Justice Service", "--challenger-manager-email", PAT[1],
    "--challenged-manager-name", KAY[0], "--challenged-manager-designation", "Safeguarding Lead",
    "--challenged-manager-agency", "Children's Social Care", "--challenged-manager-email", KAY[1],
]  # fmt: skip
RESOLVE = [
    "resolve", "PD-2026-0001", "--date", "2026-04-16", "--outcome", "decision-changed",
    "--decision", "A placement the same evening", "--agreed", "Social care found a placement.",
    "--shared-with", "Lee Cole", "--debrief", "--outstanding", "None.",
    "--effectiveness", "The right people on the day.", "--suggestions", "None.",
]  # fmt: skip


def cli(repo: GitRepo, *args: str) -> tuple[int, str]:
    day = [] if args[0] in ("sign", "check") else ["--as-of", AS_OF]
    result = CliRunner().invoke(main, [*args, "--root", str(repo.path), *day])
    return result.exit_code, result.output


def check(repo: GitRepo) -> tuple[int, list[str]]:
    code, out = cli(repo, "check", "--base", "main", "--require-signatures", "--format", "json")
    assert code in (0, 1), out
    return code, [i["message"] for i in json.loads(out) if i["severity"] == "error"]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    made = GitRepo(tmp_path / "register")
    (made.path / "records").mkdir()
    made.allow((PAT[1], made.key("pat")), (KAY[1], made.key("kay")), (ANN[1], made.key("ann")))
    made.commit("The register", when="2026-04-01T09:00:00Z")
    made.git("checkout", "-q", "-b", "pr")
    return made


def sign(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, who: tuple[str, str], key: str, role: str
) -> tuple[int, str]:
    as_identity(monkeypatch, who, "2026-04-17T10:00:00Z", repo.key(key))
    return cli(repo, "sign", "PD-2026-0001", "--role", role, "--require-signature")


def raise_at_stage_4(repo: GitRepo, *extra: str) -> None:
    code, out = cli(repo, *NEW_AT_4, *extra)
    assert code == 0, out
    code, out = cli(repo, *RESOLVE)
    assert code == 0, out
    repo.commit("PD-2026-0001: raised at stage 4 and resolved", when="2026-04-16T12:00:00Z")


def test_started_at_stage_4_is_resolved_and_signed_by_its_managers(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    raise_at_stage_4(repo, *MANAGERS)
    text = repo.read(RECORD)
    assert "sign_off:\n  challenger_manager: {name: Pat Doe" in text
    for who, key, role in ((PAT, "pat", "challenger-manager"), (KAY, "kay", "challenged-manager")):
        code, out = sign(repo, monkeypatch, who, key, role)
        assert code == 0, out
        assert f"(signature: good by {who[1]})." in out  # sign names whose key signed
    assert check(repo) == (0, [])


def test_someone_not_named_at_the_resolving_stage_cannot_sign(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    raise_at_stage_4(repo, *MANAGERS)
    code, out = sign(repo, monkeypatch, ANN, "ann", "challenger-manager")
    assert code == 1
    assert "but the challenger manager who signs is Pat Doe <pat.doe@yjs.example>" in out
    # A forged commit by Ann claiming the role does not count either.
    repo.commit(
        "Sign-off PD-2026-0001 as challenger-manager\n\nSign-off: PD-2026-0001 "
        f"challenger-manager\nSigned-off-by: {ANN[0]} <{ANN[1]}>",
        who=ANN,
        key=repo.key("ann"),
        when="2026-04-17T11:00:00Z",
    )
    code, errors = check(repo)
    assert code == 1
    assert any("no sign-off by the challenger manager (pat.doe@yjs.example)" in m for m in errors)


def test_a_resolved_record_naming_no_managers_does_not_pass_the_gate_unsigned(
    repo: GitRepo,
) -> None:
    # Before issue 12 such a record passed `check --require-signatures` with a warning only.
    text = (
        Path(__file__).parent / "fixtures/valid/immediate_risk_starts_at_stage_4/"
        "records/2026/PD-2026-0007.md"
    ).read_text(encoding="utf-8")
    signed = "{name: Ann Lee, designation: DS, agency: Kent Police, date: 2026-03-09}"
    text = (
        text.replace("status: open ", "status: resolved ")
        .replace(
            "    started: 2026-03-02\n---\n",
            "    started: 2026-03-02\nresolution: {stage: 4, date: 2026-03-09}\nsign_off:\n"
            f"  challenger_manager: {signed}\n  challenged_manager: {signed}\n---\n",
        )
        .replace("## Agreed outcomes and actions\n", "## Agreed outcomes and actions\n\nAgreed.\n")
    )
    repo.write("records/2026/PD-2026-0007.md", text)
    repo.commit("PD-2026-0007 resolved at stage 4", who=CLERK, when="2026-04-10T09:00:00Z")
    code, errors = check(repo)
    assert code == 1
    assert any("no challenger manager with an email is named" in m for m in errors)


def test_resolve_without_managers_says_how_to_name_them(repo: GitRepo) -> None:
    code, out = cli(
        repo,
        *NEW_AT_4[: NEW_AT_4.index("--stage")],
        "--stage",
        "5",
        *NEW_AT_4[NEW_AT_4.index("--stage") + 2 :],
    )
    assert code == 0, out
    code, out = cli(repo, *RESOLVE)
    assert code == 1
    assert "no stage names the two managers who sign off the form" in out
    assert "disputes amend PD-2026-0001 --stage 5" in out


@pytest.mark.parametrize(
    ("resolved_at", "expected"),
    [(4, "Pat Doe"), (3, "Ann Lee"), (5, "Pat Doe")],
)
def test_signing_managers_rule(resolved_at: int, expected: str) -> None:
    def named(name: str) -> dict[str, dict[str, str]]:
        return {"challenger_manager": {"name": name}, "challenged_manager": {"name": "Other"}}

    data = {
        "stages": [{"stage": 3, **named("Ann Lee")}, {"stage": 4, **named("Pat Doe")},
                   {"stage": 5}][: resolved_at - 2],
        "resolution": {"stage": resolved_at},
    }  # fmt: skip
    assert signing_managers(data)["challenger_manager"]["name"] == expected
    assert signing_managers({"stages": [{"stage": 4}], "resolution": {"stage": 4}}) == {}
