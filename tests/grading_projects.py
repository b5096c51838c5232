"""Projects graded other than the default: tests/projects/ and the presets.

A test project holds its own ``source/`` and ``bib/``; the schemes it names
without a file of its own come from a preset, copied in as a new project
would copy them. The tool's templates and mkdocs.yml are the default
project's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from guidepress import presets
from guidepress.project_files import copy_parts

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = Path(__file__).parent / "projects"


def with_tool_files(dest: Path) -> Path:
    """``dest`` with the default project's templates and mkdocs.yml."""
    return copy_parts(ROOT, dest, ("templates", "mkdocs.yml"))


def copy_test_project(name: str, preset: str | None, dest: Path) -> Path:
    """A writable copy of tests/projects/``name`` with ``preset``'s scheme files
    (None: the project has a file for each of its schemes)."""
    with_tool_files(dest)
    for part in ("source", "bib"):
        shutil.copytree(PROJECTS / name / part, dest / part)
    for rel, text in presets.load(preset).files.items() if preset is not None else ():
        path = dest / "source" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based line where ``text`` first occurs (after ``after``, when given)."""
    body = path.read_text(encoding="utf-8")
    at = body.index(text, body.index(after) if after else 0)
    return body.count("\n", 0, at) + 1


def bilingual(dest: Path) -> Path:
    """A writable copy of tests/projects/bilingual (English with German, and the versions for patients) with
    the GRADE preset's scheme files."""
    return copy_test_project("bilingual", "grade", dest)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """``root/rel`` with its first ``old`` (which must be there) replaced by ``new``."""
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")
