"""GP201/GP202: every grade is a known code of a known scheme, and complete."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP201", "GP202")


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
                yield Diagnostic("GP202", f"'{grade.scheme}' is not a grading scheme of this guideline; "
                                 f"use {', '.join(schemes)}", grade.pos)
            elif scheme.rank(grade.code) is None:
                allowed = " ".join(c.code for c in scheme.codes)
                yield Diagnostic("GP201", f"'{grade.code}' is not a {scheme.label} code; use one of: {allowed}",
                                 grade.pos)
        missing = [s for s in schemes if s not in present]
        if missing:
            yield Diagnostic("GP202", f"recommendation '{rec.id}' has no {', '.join(missing)} grade; "
                             "give a code for every scheme", rec.pos)
