"""`guidepress diff OLD NEW` and `guidepress diff --since REV`: what changed between two releases.

Each side is a project folder, an export or ``git:REV`` (releases/sides.py).
Exit 0 when nothing changed, 1 when something did (as ``git diff
--exit-code``), 2 when a side cannot be read or does not pass ``check``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..diagnostics import Diagnostic, format_json, format_text
from ..load.memo import FileMemo
from ..releases import diff
from ..releases.report import render_markdown, render_text, text_lines, to_json
from ..releases.sides import GIT, Side, SideError, comparable, read_side

FORMATS = ("text", "json", "markdown")


def run_diff(old: str, new: str, root: Path, fmt: str) -> int:
    memo = FileMemo()  # shared: a file the same on both sides is parsed once
    sides: list[Side] = []
    problems: list[Diagnostic] = []
    for spec, role in ((old, "old"), (new, "new")):
        try:
            sides.append(read_side(spec, role, root, memo))
        except SideError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        if fmt == "json":
            sys.stdout.write(format_json(problems))
        else:
            sys.stderr.write(format_text(problems))
            print("guidepress diff: nothing was compared; fix the side named above", file=sys.stderr)
        return 2
    a, b = sides
    changes = diff(*comparable(a, b))
    if fmt == "json":
        sys.stdout.write(json.dumps(to_json(changes, a.label, b.label), ensure_ascii=False, indent=2) + "\n")
    else:
        for warning in changes.warnings:
            print(f"guidepress diff: warning: {warning}", file=sys.stderr)
        if fmt == "markdown":
            sys.stdout.write(render_markdown(changes, a.label, b.label))
        else:
            sys.stdout.write(render_text(text_lines(changes, a.label, b.label), color=_color()))
    return 0 if changes.empty else 1


def since_sides(rev: str, root: Path) -> tuple[str, str]:
    """``--since REV``: the project at REV against the project as it is now."""
    return GIT + rev, str(root)


def _color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
