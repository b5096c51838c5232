"""GP204: a grade may be weaker than its evidence allows, never stronger.

The rules are data in the scheme files (``rules``), so any board's scheme
relations are checked without code changes.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline

TOO_STRONG = Code(
    "GP204", ERROR, "grade stronger than its evidence allows",
    example=Example("source/chapters/liver.yml", """\
id: liver
title: Liver metastases
sections:
  - id: liver-local-therapy
    title: Local therapy
    recommendations:
      - id: liver-resection
        text: Resection of liver metastases
        # source/grading/gr.yml: "Grade A needs level 1 evidence (1a, 1b or 1c)."
        grades: {loe: 2b, gr: A, ago: "+"}
"""),
    fix="lower the grade or correct the level of evidence")

CODES = (TOO_STRONG,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    schemes = {s.id: s for s in g.schemes}
    for rec in g.all_recommendations():
        grades = {gr.scheme: gr for gr in rec.grades}
        for scheme_id, grade in grades.items():
            scheme = schemes.get(scheme_id)
            if scheme is None:
                continue
            for rule in scheme.rules:
                other = schemes.get(rule.scheme)
                evidence = grades.get(rule.scheme)
                if rule.code != grade.code or other is None or evidence is None:
                    continue
                have, limit = other.rank(evidence.code), other.rank(rule.at_least)
                if have is None or limit is None or have <= limit:
                    continue
                why = rule.message or f"{scheme.label} {rule.code} needs {other.label} {rule.at_least} or stronger."
                yield TOO_STRONG.at(grade.pos, f"{scheme.label} '{grade.code}' is stronger than {other.label} "
                                    f"'{evidence.code}' allows: {why} Lower the grade or correct the evidence "
                                    "level.")
