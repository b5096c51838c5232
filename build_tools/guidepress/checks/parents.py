"""GP203: a statement without grades must head graded children."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline, Recommendation

CODES = ("GP203",)


def _graded(rec: Recommendation) -> bool:
    return bool(rec.grades) or any(_graded(c) for c in rec.children)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for rec in g.all_recommendations():
        if not rec.grades and not any(_graded(c) for c in rec.children):
            what = "has no children" if not rec.children else "has no graded children"
            yield Diagnostic("GP203", f"recommendation '{rec.id}' has no grades and {what}; add 'grades' "
                             "or graded 'children'", rec.pos)
