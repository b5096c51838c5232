"""GP201/GP202/GP219: every grade is a known code of a scheme the statement takes, and none is missing."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP201", "GP202", "GP219")


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
                yield Diagnostic("GP202", f"'{grade.scheme}' is not a grading scheme of this guideline; "
                                 f"use {', '.join(schemes)}", grade.pos)
            elif not scheme.applies(rec.kind):
                kinds = ", ".join(scheme.applies_to or ())
                yield Diagnostic("GP219", f"scheme '{scheme.id}' grades statements of kind {kinds} only; remove "
                                 f"this grade or set the statement's 'kind'", grade.pos)
            elif scheme.rank(grade.code) is None:
                allowed = " ".join(c.code for c in scheme.codes)
                yield Diagnostic("GP201", f"'{grade.code}' is not a {scheme.label} code; use one of: {allowed}",
                                 grade.pos)
        missing = [s.id for s in g.schemes if s.id not in present and s.required and s.applies(rec.kind)]
        if missing:
            yield Diagnostic("GP202", f"recommendation '{rec.id}' has no {', '.join(missing)} grade; "
                             "give a code for every scheme", rec.pos)
