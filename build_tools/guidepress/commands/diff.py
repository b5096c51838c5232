"""`guidepress diff OLD NEW` and `guidepress diff --since REV`: what changed between two releases.

Each side is a project folder, an export or ``git:REV`` (releases/sides.py).
Exit 0 when nothing changed, 1 when something did (as ``git diff
--exit-code``), 2 when a side cannot be read or does not load.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..diagnostics import format_json, format_text
from ..releases import diff
from ..releases.report import render_markdown, render_text, text_lines, to_json
from ..releases.sides import GIT, SideError, comparable, read_sides

FORMATS = ("text", "json", "markdown")


def run_diff(old: str, new: str, root: Path, fmt: str) -> int:
    try:
        a, b = read_sides(old, new, root)
    except SideError as exc:
        if fmt == "json":
            sys.stdout.write(format_json(exc.diagnostics))
        else:
            sys.stderr.write(format_text(exc.diagnostics))
            print("guidepress diff: nothing was compared; fix the side named above", file=sys.stderr)
        return 2
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
