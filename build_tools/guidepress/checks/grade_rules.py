"""GP204/GP216: a grade may be weaker than its evidence allows, never stronger.

The rules are data in the scheme files (``rules``), so any board's scheme
relations are checked without code changes. A rule of ``severity: warning``
(GP216) is reported without stopping the build: GRADE boards, for one, may
make a strong recommendation from low certainty evidence when they say why.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP204", "GP216")


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
                if rule.severity == "warning":
                    yield Diagnostic("GP216", f"{scheme.label} '{grade.code}' with {other.label} '{evidence.code}': "
                                     f"{why}", grade.pos)
                    continue
                yield Diagnostic("GP204", f"{scheme.label} '{grade.code}' is stronger than {other.label} "
                                 f"'{evidence.code}' allows: {why} Lower the grade or correct the evidence level.",
                                 grade.pos)
