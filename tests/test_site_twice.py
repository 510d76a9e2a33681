"""The site is the same, file for file, however often it is built: in a new process, or
again in the same one with the audit trails remembered (as `serve` rebuilds it). Real git
repositories, real builds."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from conftest import REPO_ROOT, run_cli
from gitrepo import GitRepo

from disputes.site.trails import forget_history

AS_OF = "2026-11-22"
SITE_URL = "https://register.example.org/"  # so the sitemap lists every page


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo register in two commits (so every record page has an audit trail)."""
    root = tmp_path_factory.mktemp("twice") / "register"
    repo = GitRepo(root)  # with the schema
    for name in ("records", "site"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text("utf-8"), "utf-8")
    repo.commit("Add the register", when="2026-11-01T10:00:00Z")
    first = sorted((root / "records").rglob("*.md"))[0]
    first.write_text(first.read_text("utf-8") + "\nA note added later.\n", "utf-8")
    repo.commit("Add a note", when="2026-11-02T10:00:00Z")
    return root


def build(root: Path, out: Path) -> Path:
    result = run_cli(["build", "--root", str(root), "-d", str(out), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return out


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path (the gzipped sitemap by what it holds)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = (
            gzip.decompress(data) if path.suffix == ".gz" else data  # gzip stamps the time
        )
    return files


def test_two_builds_make_the_same_site_file_for_file(register: Path, tmp_path: Path) -> None:
    forget_history()
    first = site_files(build(register, tmp_path / "first"))
    again = site_files(build(register, tmp_path / "again"))  # the trails remembered
    forget_history()
    fresh = site_files(build(register, tmp_path / "fresh"))
    records = sorted(p for p in first if p.startswith("records/") and p.endswith(".html"))
    assert records and all(
        b"Add a note" in first[p] or b"Add the register" in first[p] for p in records
    )  # every record page with its audit trail
    assert first.keys() == again.keys() == fresh.keys()
    assert [p for p in first if first[p] != again[p]] == []
    assert [p for p in first if first[p] != fresh[p]] == []
    sitemap = first["sitemap.xml"].decode()
    assert all(f"{SITE_URL}{p.removesuffix('index.html')}" in sitemap for p in records)
