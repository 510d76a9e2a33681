"""Writing files: the mode and line endings kept, and a refused or failed write changes nothing.

Permission errors are real (the `disputes` process cannot override file permissions), a
full disk is a real tiny tmpfs (in a private mount namespace) and /dev/full.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import RECORD, SCHEMA, fixture_record
from procs import TO_STAGE_4, cli_env, escalated, new_options, run, without_file_permission_override

from disputes.cli import main

AS_OF = "2026-04-01"
NEW = new_options("2026-03-20")


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A register (no git) holding the open stage-3 fixture record."""
    root = tmp_path / "register"
    shutil.copytree(SCHEMA, root / "schema")
    (root / RECORD).parent.mkdir(parents=True)
    (root / RECORD).write_bytes(fixture_record().encode())
    return root


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root), "--as-of", AS_OF])
    return result.exit_code, result.output


def escalate_args(root: Path) -> list[str]:
    return [
        "escalate",
        "PD-2026-0007",
        "--root",
        str(root),
        "--as-of",
        AS_OF,
        "--date",
        "2026-03-12",
        *TO_STAGE_4,
    ]


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664, 0o444])
def test_an_edit_keeps_the_file_mode(register: Path, mode: int) -> None:
    (register / RECORD).chmod(mode)
    code, out = invoke(register, "escalate", "PD-2026-0007", "--date", "2026-03-12", *TO_STAGE_4)
    assert code == 0, out
    assert stat.S_IMODE((register / RECORD).stat().st_mode) == mode
    assert "stage: 4" in (register / RECORD).read_text()


def test_a_new_record_gets_the_usual_mode_for_new_files(register: Path) -> None:
    old = os.umask(0o027)
    try:
        code, out = invoke(register, "new", *NEW)
    finally:
        os.umask(old)
    assert code == 0, out
    created = register / "records" / "2026" / "PD-2026-0008.md"
    assert stat.S_IMODE(created.stat().st_mode) == 0o640  # 0666 less the umask, as editors do


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_an_edit_keeps_the_line_endings(register: Path, newline: str) -> None:
    from datetime import date

    (register / RECORD).write_bytes(fixture_record().replace("\n", newline).encode())
    code, out = invoke(register, "escalate", "PD-2026-0007", "--date", "2026-03-12", *TO_STAGE_4)
    assert code == 0, out
    after = (register / RECORD).read_bytes().decode()
    assert after == escalated(fixture_record(), date(2026, 3, 12)).replace("\n", newline)
    code, out = invoke(register, "validate")
    assert code == 0 and "no problems found" in out, out


def read_only_refusal() -> list[str]:
    prefix = without_file_permission_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return prefix


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_edit_in_a_read_only_folder_is_a_clear_exit_2(register: Path) -> None:
    prefix = read_only_refusal()
    folder = (register / RECORD).parent
    folder.chmod(0o555)
    try:
        done = run(escalate_args(register), register.parent, prefix=prefix)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2
    assert "could not use" in done.stderr and "PD-2026-0007.md: permission denied" in done.stderr
    assert "check its permissions" in done.stderr and "Traceback" not in done.stderr
    assert (register / RECORD).read_bytes().decode() == fixture_record()
    assert leftovers(folder) == []
    honest = run(escalate_args(register), register.parent, prefix=prefix)
    assert honest.returncode == 0, honest.stderr


def test_new_in_a_read_only_folder_is_a_clear_exit_2(register: Path) -> None:
    prefix = read_only_refusal()
    folder = (register / RECORD).parent
    folder.chmod(0o555)
    try:
        done = run(
            ["new", *NEW, "--root", str(register), "--as-of", AS_OF], register.parent, prefix=prefix
        )
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2
    assert "PD-2026-0008.md: permission denied" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["PD-2026-0007.md"]


def test_report_output_to_a_folder_that_cannot_be_written(register: Path, tmp_path: Path) -> None:
    prefix = read_only_refusal()
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    args = ["report", "--format", "csv", "--root", str(register), "--as-of", "2026-11-22"]
    done = run([*args, "--output", str(locked / "csv")], tmp_path, prefix=prefix)
    assert done.returncode == 2
    assert f"could not use {locked / 'csv'}: permission denied" in done.stderr
    assert "Traceback" not in done.stderr
    (tmp_path / "a-file").write_text("x")
    done = run([*args, "--output", str(tmp_path / "a-file" / "csv")], tmp_path)
    assert done.returncode == 2 and "Part of that path is a file" in done.stderr
    honest = run([*args, "--output", str(tmp_path / "csv")], tmp_path)
    assert honest.returncode == 0, honest.stderr


FULL_DISK = """
set -e
mount -t tmpfs -o size=1m tmpfs "$MNT"
cp -a "$REGISTER" "$MNT/reg"
dd if=/dev/zero of="$MNT/fill" bs=4k 2>/dev/null || true
set +e
"$PYTHON" -m disputes escalate PD-2026-0007 --root "$MNT/reg" --as-of 2026-04-01 \
    --date 2026-03-12 "$@" 2>"$OUT/edit.err"
echo $? > "$OUT/edit.rc"
cp "$MNT/reg/records/2026/PD-2026-0007.md" "$OUT/after.md"
ls -a "$MNT/reg/records/2026" > "$OUT/listing"
"$PYTHON" -m disputes report --format csv --output "$MNT/csv" --root "$MNT/reg" \
    --as-of 2026-11-22 2>"$OUT/report.err"
echo $? > "$OUT/report.rc"
mkdir "$OUT/csv"
cp -a "$MNT/csv/." "$OUT/csv/" 2>/dev/null
true
"""


def test_a_full_disk_is_a_clear_exit_2_and_no_half_written_file(
    register: Path, tmp_path: Path
) -> None:
    unshare = shutil.which("unshare")
    probe = (
        subprocess.run([unshare or "unshare", "-rm", "true"], capture_output=True, check=False)
        if unshare
        else None
    )
    if probe is None or probe.returncode != 0:
        pytest.skip("no private mount namespace here, so no tiny tmpfs to fill")
    mount, out = tmp_path / "disk", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    env = {
        **cli_env(tmp_path),
        "MNT": str(mount),
        "REGISTER": str(register),
        "OUT": str(out),
        "PYTHON": sys.executable,
    }
    script = [unshare or "unshare", "-rm", "sh", "-c", FULL_DISK, "sh", *TO_STAGE_4]  # "$@"
    done = subprocess.run(script, env=env, capture_output=True, text=True, timeout=120, check=False)
    if not (out / "edit.rc").exists():
        pytest.skip(f"a tmpfs could not be mounted: {done.stderr}")
    assert (out / "edit.rc").read_text().strip() == "2"
    error = (out / "edit.err").read_text()
    assert "PD-2026-0007.md: no space left on device. The disk is full" in error
    assert "Traceback" not in error
    assert (out / "after.md").read_bytes().decode() == fixture_record()  # untouched
    assert ".tmp" not in (out / "listing").read_text()
    assert (out / "report.rc").read_text().strip() == "2"
    assert "The disk is full" in (out / "report.err").read_text()
    roomy = tmp_path / "roomy"
    assert (
        run(
            [
                "report",
                "--format",
                "csv",
                "--output",
                str(roomy),
                "--root",
                str(register),
                "--as-of",
                "2026-11-22",
            ],
            tmp_path,
        ).returncode
        == 0
    )
    for written in (out / "csv").iterdir():  # any CSV there is whole, never a part
        assert written.read_bytes() == (roomy / written.name).read_bytes()


def test_output_to_a_full_disk_is_a_clear_exit_2(register: Path, tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "disputes",
                "report",
                "--root",
                str(register),
                "--as-of",
                "2026-11-22",
            ],
            env=cli_env(tmp_path),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert "could not write the command's output: no space left on device" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_record_that_is_a_symbolic_link_is_not_edited(register: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_bytes(fixture_record().encode())
    (register / RECORD).unlink()
    (register / RECORD).symlink_to(elsewhere)
    code, out = invoke(register, "escalate", "PD-2026-0007", "--date", "2026-03-12", *TO_STAGE_4)
    assert code == 1 and "is a symbolic link, not a record file" in out
    assert (register / RECORD).is_symlink()
    assert elsewhere.read_bytes().decode() == fixture_record()
