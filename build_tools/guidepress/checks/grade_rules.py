"""GP204/GP216: a grade may be weaker than its evidence allows, never stronger.

The rules are data in the scheme files (``rules``), so any board's scheme
relations are checked without code changes. A rule of ``severity: warning``
(GP216) is reported without stopping the build: GRADE boards, for one, may
make a strong recommendation from low certainty evidence when they say why.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, WARNING, Code, Diagnostic, Example
from ..examples import RESECTION
from ..model import Guideline

TOO_STRONG = Code(
    "GP204",
    ERROR,
    "grade stronger than its evidence allows",
    example=Example(
        "source/chapters/liver.yml",
        RESECTION
        + """\
        # source/grading/gr.yml: "Grade A needs level 1 evidence (1a, 1b or 1c)."
        grades: {loe: 2b, gr: A, ago: "+"}
""",
    ),
    fix="lower the grade or correct the level of evidence",
)
WARNING_RULE = Code(
    "GP216",
    WARNING,
    "grade stronger than a `severity: warning` rule of its scheme allows",
    example=Example(
        "source/grading/gr.yml",
        """\
id: gr
label: GR
name: Grades of Recommendation
codes:
  - {code: A, meaning: Consistent level 1 studies}
  - {code: B, meaning: Consistent level 2 or 3 studies}
rules:
  - code: A
    scheme: loe
    at_least: 1c
    severity: warning
    message: Grade A asks for level 1 evidence (1a, 1b or 1c); say why when it is given on less.
""",
        also=(
            (
                "source/chapters/liver.yml",
                RESECTION
                + """\
        grades: {loe: 2b, gr: A, ago: "+"}
    references:
      - statement: liver-resection
        refs: [smith2020]
""",
            ),
        ),
    ),
    fix="check the grades; the rule's message says what the scheme asks for",
)

CODES = (TOO_STRONG, WARNING_RULE)


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
                    yield WARNING_RULE.at(
                        grade.pos, f"{scheme.label} '{grade.code}' with {other.label} '{evidence.code}': {why}"
                    )
                    continue
                yield TOO_STRONG.at(
                    grade.pos,
                    f"{scheme.label} '{grade.code}' is stronger than {other.label} "
                    f"'{evidence.code}' allows: {why} Lower the grade or correct the evidence "
                    "level.",
                )
