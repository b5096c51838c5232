"""GP201/GP202/GP219: every grade is a known code of a scheme the statement takes, and none is missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..examples import RESECTION
from ..model import Guideline

_GRADED = (
    RESECTION
    + """\
        grades: %s
"""
)
UNKNOWN_GRADE = Code(
    "GP201",
    ERROR,
    "unknown grade code",
    example=Example("source/chapters/liver.yml", _GRADED % '{loe: 2d, gr: B, ago: "+"}'),
    fix="use a code of the scheme (the message lists them)",
)
GRADE_MISSING = Code(
    "GP202",
    ERROR,
    "grade missing, or for a scheme the guideline does not use",
    example=Example("source/chapters/liver.yml", _GRADED % "{loe: 2b, gr: B}"),
    fix="give one code for every scheme in `guideline.yml` `grading`",
)
NOT_FOR_THIS_KIND = Code(
    "GP219",
    ERROR,
    "grade of a scheme whose `applies_to` does not list the statement's kind",
    example=Example(
        "source/grading/ago.yml",
        """\
id: ago
label: AGO
name: AGO Grades of Recommendation
# AGO grades therapy statements only; liver-resection has no kind, yet an AGO grade.
applies_to: [therapy]
kinds:
  - {id: therapy, label: Therapy}
codes:
  - {code: "++", meaning: Highly beneficial}
  - {code: "+", meaning: Of limited benefit}
""",
    ),
    fix="remove the grade or set the statement's `kind`",
)

CODES = (UNKNOWN_GRADE, GRADE_MISSING, NOT_FOR_THIS_KIND)


def check(g: Guideline) -> Iterator[Diagnostic]:
    schemes = {s.id: s for s in g.schemes}
    for rec in g.all_recommendations():
        # A statement without grades heads graded children (GP203); an
        # ungraded kind's grades are GP218.
        if not rec.grades or g.ungraded(rec):
            continue
        present = set()
        for grade in rec.grades:
            present.add(grade.scheme)
            scheme = schemes.get(grade.scheme)
            if scheme is None:
                yield GRADE_MISSING.at(
                    grade.pos, f"'{grade.scheme}' is not a grading scheme of this guideline; use {', '.join(schemes)}"
                )
            elif not scheme.applies(rec.kind):
                kinds = ", ".join(scheme.applies_to or ())
                yield NOT_FOR_THIS_KIND.at(
                    grade.pos,
                    f"scheme '{scheme.id}' grades statements of kind {kinds} "
                    "only; remove this grade or set the statement's 'kind'",
                )
            elif scheme.rank(grade.code) is None:
                allowed = " ".join(c.code for c in scheme.codes)
                yield UNKNOWN_GRADE.at(grade.pos, f"'{grade.code}' is not a {scheme.label} code; use one of: {allowed}")
        missing = [s.id for s in g.schemes if s.id not in present and s.required and s.applies(rec.kind)]
        if missing:
            yield GRADE_MISSING.at(
                rec.pos, f"recommendation '{rec.id}' has no {', '.join(missing)} grade; give a code for every scheme"
            )
