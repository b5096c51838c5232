"""The previous release that guideline.yml names (``previous_release:``), read for comparison.

It is a git tag of the project (read with git plumbing, as ``guidepress
diff git:TAG`` reads it) or the path of an export kept in the repository (a
path ending in ``.json``). A previous release that cannot be read is an
error at the ``previous_release`` line: the build was asked for the
comparison and cannot make it. A tagged release is immutable, so one read
is kept per commit for the rest of the process (the live preview reloads
the project on every save).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..diagnostics import ERROR, Code, Diagnostic, Example, SourcePos, sorted_unique
from ..examples import guideline
from ..load.guideline import load_project
from ..model import Guideline
from .from_export import ExportError, guideline_from_export
from .git_tree import GitError, commit_of, write_tree

_GUIDELINE = guideline(version="2024.1")
NO_EXPORT = Code(
    "GP230",
    ERROR,
    "`previous_release` names an export file that is not there",
    example=Example("source/guideline.yml", _GUIDELINE + "previous_release: releases/2023.1/guideline.json\n"),
    fix="give the path (from the project folder) of the previous release's guideline.json, or its git tag",
)
NOT_AN_EXPORT = Code(
    "GP231",
    ERROR,
    "`previous_release` names a file that is not a guidepress export",
    example=Example(
        "source/guideline.yml",
        _GUIDELINE + "previous_release: releases/2023.1.json\n",
        also=(("releases/2023.1.json", "[]\n"),),
    ),
    fix="keep the guideline.json that `guidepress export` wrote for the previous release at that path",
)
NO_TAG = Code(
    "GP232",
    ERROR,
    "`previous_release` names a git tag that cannot be read",
    example=Example("source/guideline.yml", _GUIDELINE + "previous_release: v2023.1\n"),
    fix="tag the previous release (`git tag v2023.1 <commit>`), correct the tag's name, or keep its export "
    "in the repository and name that file",
)
DOES_NOT_LOAD = Code(
    "GP233",
    ERROR,
    "the previous release does not load",
    example=Example(
        None,
        "$ guidepress check\nsource/guideline.yml:9:19: error GP233 the previous release 'v2023.1' does not load "
        "(v2023.1:source/chapters/liver.yml:3:5: unknown key 'sectons'); name a release that builds",
    ),
    fix="name a tag (or export) of a release that loads; a release tagged with errors can be exported from a "
    "fixed copy and kept as a file",
)
CODES = (NO_EXPORT, NOT_AN_EXPORT, NO_TAG, DOES_NOT_LOAD)

_TAGGED: dict[tuple[Path, str], Guideline] = {}  # (repository, commit) -> the release at that commit


def read_previous(root: Path, g: Guideline) -> tuple[Guideline | None, list[Diagnostic]]:
    """The release ``g.previous_release`` names, or None and why (nothing when it names none)."""
    name = g.previous_release
    if name is None:
        return None, []
    pos = g.previous_release_pos
    if name.endswith(".json"):
        return _export(root, name, pos)
    try:
        return tagged(root, name), []
    except GitError as exc:
        return None, [NO_TAG.at(pos, f"previous_release '{name}': {exc}")]
    except LoadError as exc:
        return None, [
            DOES_NOT_LOAD.at(pos, f"the previous release '{name}' does not load ({exc}); {DOES_NOT_LOAD.fix}")
        ]


class LoadError(Exception):
    """The release at a revision has loading errors; the message names the first."""


def tagged(root: Path, rev: str) -> Guideline:
    """The project at ``rev``; raises GitError (no such revision) or LoadError."""
    top, prefix, commit = commit_of(root, rev)
    key = (top, prefix + commit)
    if key not in _TAGGED:
        with tempfile.TemporaryDirectory(prefix="guidepress-release-") as tmp:
            shown = write_tree(root, rev, Path(tmp))
            loaded, diags = load_project(Path(tmp))
        errors = sorted_unique([d for d in diags if d.severity is ERROR])
        if loaded is None or errors:
            first = errors[0]
            raise LoadError(f"{shown}{first.pos.file}:{first.pos.line}:{first.pos.col}: {first.message}")
        _TAGGED[key] = loaded
    return _TAGGED[key]


def _export(root: Path, name: str, pos: SourcePos) -> tuple[Guideline | None, list[Diagnostic]]:
    path = root / name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else str(exc)
        return None, [NO_EXPORT.at(pos, f"previous_release '{name}': {reason}; {NO_EXPORT.fix}")]
    try:
        return guideline_from_export(json.loads(text)), []
    except json.JSONDecodeError as exc:
        problem = f"not valid JSON ({exc.msg} at line {exc.lineno})"
    except ExportError as exc:
        problem = f"not a guidepress export: {exc}"
    return None, [NOT_AN_EXPORT.at(pos, f"previous_release '{name}' is {problem}; {NOT_AN_EXPORT.fix}")]
