"""GP203: a statement without grades must head graded children (or be of an ungraded kind)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..examples import RESECTION
from ..model import Guideline, Recommendation

UNGRADED = Code(
    "GP203",
    ERROR,
    "recommendation with neither grades nor graded children",
    example=Example(
        "source/chapters/liver.yml",
        RESECTION,
    ),
    fix="add `grades` or graded `children`",
)

CODES = (UNGRADED,)


def _settled(g: Guideline, rec: Recommendation) -> bool:
    return bool(rec.grades) or g.ungraded(rec) or any(_settled(g, c) for c in rec.children)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for rec in g.all_recommendations():
        if _settled(g, rec) or not any(s.required and s.applies(rec.kind) for s in g.schemes):
            continue
        what = "has no children" if not rec.children else "has no graded children"
        yield UNGRADED.at(
            rec.pos, f"recommendation '{rec.id}' has no grades and {what}; add 'grades' or graded 'children'"
        )
