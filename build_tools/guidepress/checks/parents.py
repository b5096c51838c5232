"""GP203: a statement without grades must head graded children."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline, Recommendation

UNGRADED = Code(
    "GP203", ERROR, "recommendation with neither grades nor graded children",
    example=Example("source/chapters/liver.yml", """\
id: liver
title: Liver metastases
sections:
  - id: liver-local-therapy
    title: Local therapy
    recommendations:
      - id: liver-resection
        text: Resection of liver metastases
"""),
    fix="add `grades` or graded `children`")

CODES = (UNGRADED,)


def _graded(rec: Recommendation) -> bool:
    return bool(rec.grades) or any(_graded(c) for c in rec.children)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for rec in g.all_recommendations():
        if not rec.grades and not any(_graded(c) for c in rec.children):
            what = "has no children" if not rec.children else "has no graded children"
            yield UNGRADED.at(rec.pos, f"recommendation '{rec.id}' has no grades and {what}; add 'grades' "
                              "or graded 'children'")
