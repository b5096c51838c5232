"""The two sides of a comparison: a project folder, an export, or a git revision.

A side is named on the command line as

- a project folder (holding ``source/guideline.yml``): loaded as ``guidepress
  check`` loads it; a side with loading errors (a file that does not parse,
  a missing chapter) is not compared. The rules ``check`` runs over the
  loaded model are not run: whether a release is valid is ``check``'s
  question, and running them on both sides made a diff cost more than a check;
- an export: a ``guideline.json`` file, or a folder holding one (a built
  ``site/`` with ``export/guideline.json``, or the export folder itself);
- ``git:REV``: the project (``--root``) as it is at revision REV (a tag,
  branch or commit), read from the repository without checking anything out.

Two project sides are loaded through one FileMemo: a file whose text is the
same on both sides is parsed once, and gives the same model objects on both,
which the comparison then skips; a .bib file the same on both is not parsed
at all (same_files.py).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import Diagnostic, Severity, SourcePos, sorted_unique
from ..load.memo import FileMemo
from ..model import Guideline
from ..phases import load
from .from_export import ExportError, guideline_from_export, through_csl
from .git_tree import GitError, write_tree
from .same_files import SkippingMemo, same_bib_files

GIT = "git:"
EXPORT_FILES = ("export/guideline.json", "guideline.json")


@dataclass(frozen=True, slots=True)
class Side:
    label: str  # as named on the command line
    guideline: Guideline
    from_export: bool


class SideError(Exception):
    """A side cannot be compared; ``diagnostics`` say why, each naming the side and its file."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.as_text() for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True, slots=True)
class _Project:
    """A side that is a project folder (or a revision written to one), not loaded yet."""

    label: str
    path: Path
    shown: str  # put before each of its files' paths in a message


def read_sides(old: str, new: str, root: Path) -> tuple[Side, Side]:
    """The sides ``old`` and ``new`` (git revisions of the project at ``root``);
    raises SideError with the problems of both."""
    problems: list[Diagnostic] = []
    with tempfile.TemporaryDirectory(prefix="guidepress-diff-") as tmp:
        found: list[Side | _Project | None] = []
        for spec, role in ((old, "old"), (new, "new")):
            try:
                found.append(_locate(spec, role, root, Path(tmp) / role))
            except SideError as exc:
                problems.extend(exc.diagnostics)
                found.append(None)
        projects = [f for f in found if isinstance(f, _Project)]
        memo = SkippingMemo(same_bib_files(*(p.path for p in projects))) if len(projects) == 2 else FileMemo()
        sides = []
        for item, role in zip(found, ("old", "new"), strict=True):
            if isinstance(item, _Project):
                try:
                    item = Side(item.label, _loaded(item.path, item.shown, role, memo), from_export=False)
                except SideError as exc:
                    problems.extend(exc.diagnostics)
                    continue
            if item is not None:
                sides.append(item)
    if problems:
        raise SideError(problems)
    return sides[0], sides[1]


def _locate(spec: str, role: str, root: Path, tmp: Path) -> Side | _Project:
    """The side ``spec`` ("old" or "new" is ``role``): an export read, or a project
    to load (a revision written under ``tmp``); raises SideError."""
    if spec.startswith(GIT):
        try:
            shown = write_tree(root, spec[len(GIT) :], tmp)
        except GitError as exc:
            raise _error("GP001", f"{role} side: {exc}", spec) from None
        return _Project(spec, tmp, shown)
    path = Path(spec)
    if not path.exists():
        raise _error(
            "GP001",
            f"{role} side: no such file or folder; give a project folder, an export "
            "(guideline.json) or git:REV for a revision of the project",
            spec,
        )
    if path.is_dir():
        if (path / "source").is_dir():
            return _Project(spec, path, spec.rstrip("/") + "/")
        for name in EXPORT_FILES:
            if (path / name).is_file():
                return _export_side(path / name, spec, role)
        raise _error(
            "GP001",
            f"{role} side: the folder holds neither source/ (a project) nor guideline.json "
            "or export/guideline.json (an export)",
            spec,
        )
    return _export_side(path, spec, role)


def comparable(old: Side, new: Side) -> tuple[Guideline, Guideline]:
    """The two guidelines on equal terms: when only one side is an export, the
    other's references go through the export's CSL-JSON mapping too (it writes
    page ranges with a hyphen, for one), so that only real changes show."""
    a, b = old.guideline, new.guideline
    if old.from_export and not new.from_export:
        b = _via_csl(b)
    elif new.from_export and not old.from_export:
        a = _via_csl(a)
    return a, b


def _via_csl(g: Guideline) -> Guideline:
    return replace(g, references=tuple(through_csl(r) for r in g.references))


def _error(code: str, message: str, file: str, line: int = 0, col: int = 0) -> SideError:
    """One problem of the side itself (line 0: the file or folder as a whole)."""
    return SideError([Diagnostic(code, message, SourcePos(file, line, col))])


def _loaded(root: Path, shown: str, role: str, memo: FileMemo) -> Guideline:
    """The project at ``root`` loaded; its loading errors, with ``shown`` before each file, if any."""
    guideline, diags = load(root, memo)
    errors = [
        Diagnostic(d.code, f"{role} side: {d.message}", SourcePos(shown + d.pos.file, d.pos.line, d.pos.col))
        for d in sorted_unique(diags)
        if d.severity is Severity.ERROR
    ]
    if guideline is None or errors:
        raise SideError(errors)
    return guideline


def _export_side(path: Path, spec: str, role: str) -> Side:
    shown = path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error(
            "GP003", f"{role} side: the file cannot be read ({exc.strerror}); check permissions", shown, 1, 1
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _error("GP002", f"{role} side: not valid UTF-8; an export is UTF-8 JSON", shown, line, 1) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(
            "GP003",
            f"{role} side: not valid JSON ({exc.msg}); give the guideline.json that guidepress export writes",
            shown,
            exc.lineno,
            exc.colno,
        ) from None
    try:
        return Side(spec, guideline_from_export(doc), from_export=True)
    except ExportError as exc:
        raise _error("GP003", f"{role} side: not a guidepress export: {exc}", shown, 1, 1) from None
