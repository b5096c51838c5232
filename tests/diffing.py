"""The default project edited and diffed against itself, both ways (what the diff tests share)."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project
from releases import apply_edit

from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.releases import Changes, diff

CHAPTER = "source/chapters/sites-of-metastases.yml"
BIB = "bib/sites-of-metastases.bib"


def edited(tmp_path: Path, *edits: tuple[str, str, str]) -> Guideline:
    """The default project with ``edits`` (file, old, new) applied, checked."""
    root = copy_project(tmp_path / "edited")
    for rel, old, new in edits:
        path = root / rel
        path.write_text(apply_edit(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    result = check(root)
    assert result.ok and result.guideline is not None, [d.as_text() for d in result.diagnostics]
    return result.guideline


def both_ways(old: Guideline, new: Guideline) -> Changes:
    changes = diff(old, new)
    assert changes.inverted() == diff(new, old)
    return changes
