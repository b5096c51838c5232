"""Shared fixtures: the repository root and disposable copies of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guidepress.model import Guideline
from guidepress.phases import check

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("source", "bib", "templates", "mkdocs.yml")


def copy_project(dest: Path) -> Path:
    """Copy what a build reads (not site/, not the venv) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the default project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def guideline() -> Guideline:
    """The default content, loaded and validated once per session."""
    result = check(ROOT)
    assert result.ok, "\n".join(d.as_text() for d in result.diagnostics)
    assert result.guideline is not None
    return result.guideline
