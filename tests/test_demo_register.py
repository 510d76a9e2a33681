"""The demo register is clean and shows every case the site and reports can show."""

import json

from conftest import REPO_ROOT, run_cli

AS_OF = "2026-11-22"


def test_demo_register_is_valid_even_strictly() -> None:
    result = run_cli(["validate", "--root", str(REPO_ROOT), "--as-of", AS_OF, "--strict"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("records checked: no problems found.\n")


def test_demo_register_covers_every_case() -> None:
    result = run_cli(["report", "--root", str(REPO_ROOT), "--as-of", AS_OF, "--format", "json"])
    report = json.loads(result.stdout)
    assert report["totals"]["records"] >= 15
    assert all(report["totals"][s] > 0 for s in ("open", "resolved", "withdrawn"))
    for stage in "12345":
        assert report["stages"][stage]["resolved"] > 0, f"nothing resolved at stage {stage}"
        assert report["stages"][stage]["open"] > 0, f"nothing open at stage {stage}"
    for stage in "345":
        assert all(
            report["timescales"][stage][o] > 0 for o in ("met", "breached", "pending", "overdue")
        )
    assert all(count > 0 for count in report["categories"].values())
    assert all(count > 0 for count in report["outcomes"].values())
    assert all(count > 0 for count in report["levels_of_need"].values())


def test_demo_register_has_the_awkward_cases() -> None:
    texts = {p.name: p.read_bytes() for p in (REPO_ROOT / "records").rglob("*.md")}
    assert any(b"\r\n" in t for t in texts.values()), "a CRLF record"
    assert any(b'opened: "' in t for t in texts.values()), "quoted dates"
    assert any(b"T09:30:00+01:00" in t for t in texts.values()), "date-times with offsets"
    assert any(b"immediate_risk: true" in t for t in texts.values()), "immediate risk"
    assert any(b"<script>" in t for t in texts.values()), "raw HTML the site must escape"
    assert any(b"# " in t.split(b"\n---", 1)[0] for t in texts.values()), "YAML comments"
