"""GP201/GP202: every grade is a known code of a known scheme, and complete."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline

_GRADED = """\
id: liver
title: Liver metastases
sections:
  - id: liver-local-therapy
    title: Local therapy
    recommendations:
      - id: liver-resection
        text: Resection of liver metastases
        grades: %s
"""
UNKNOWN_GRADE = Code(
    "GP201", ERROR, "unknown grade code",
    example=Example("source/chapters/liver.yml", _GRADED % '{loe: 2d, gr: B, ago: "+"}'),
    fix="use a code of the scheme (the message lists them)")
GRADE_MISSING = Code(
    "GP202", ERROR, "grade missing, or for a scheme the guideline does not use",
    example=Example("source/chapters/liver.yml", _GRADED % "{loe: 2b, gr: B}"),
    fix="give one code for every scheme in `guideline.yml` `grading`")

CODES = (UNKNOWN_GRADE, GRADE_MISSING)


def check(g: Guideline) -> Iterator[Diagnostic]:
    schemes = {s.id: s for s in g.schemes}
    for rec in g.all_recommendations():
        if not rec.grades:
            continue
        present = set()
        for grade in rec.grades:
            present.add(grade.scheme)
            scheme = schemes.get(grade.scheme)
            if scheme is None:
                yield GRADE_MISSING.at(grade.pos, f"'{grade.scheme}' is not a grading scheme of this guideline; "
                                       f"use {', '.join(schemes)}")
            elif scheme.rank(grade.code) is None:
                allowed = " ".join(c.code for c in scheme.codes)
                yield UNKNOWN_GRADE.at(grade.pos, f"'{grade.code}' is not a {scheme.label} code; use one of: "
                                       f"{allowed}")
        missing = [s for s in schemes if s not in present]
        if missing:
            yield GRADE_MISSING.at(rec.pos, f"recommendation '{rec.id}' has no {', '.join(missing)} grade; "
                                   "give a code for every scheme")
