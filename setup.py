"""Packaging step: this repository's register files go into the wheel, for `disputes init`.

The metadata is in pyproject.toml; this adds one thing to building the package: the files
listed in tools/disputes/edit/manifest.py (`SHARED`) are copied from the repository into
`disputes/template/`, so a wheel carries everything a new register needs and the repository
stays their one source. A file missing from the source stops the build.
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
MANIFEST = runpy.run_path(str(HERE / "tools" / "disputes" / "edit" / "manifest.py"))


def _files(path: str) -> list[Path]:
    source = HERE / path
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    if not source.is_file():
        raise FileNotFoundError(f"{path}: a register file the wheel must carry is missing")
    return [source]


class BuildWithTemplates(build_py):
    """build_py, then the shared register files copied in as package data."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the checkout
            return
        target = Path(self.build_lib) / "disputes" / MANIFEST["TEMPLATE_DIR"]
        for path in MANIFEST["SHARED"]:
            for file in _files(path):
                dest = target / MANIFEST["stored"](file.relative_to(HERE).as_posix())
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, dest)


setup(cmdclass={"build_py": BuildWithTemplates})
