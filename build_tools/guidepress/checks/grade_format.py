"""GP221: guideline.yml's ``grade_format`` names every scheme of ``grading`` once, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..grade_format import FormatError, parse
from ..model import Guideline

CODES = ("GP221",)


def check(g: Guideline) -> Iterator[Diagnostic]:
    if g.grade_format is None:
        return
    where = g.grade_format.pos
    try:
        named = parse(g.grade_format.template).scheme_ids
    except FormatError as problem:
        yield Diagnostic("GP221", f"grade_format '{g.grade_format.template}' cannot be read: {problem}", where)
        return
    schemes = [s.id for s in g.schemes]
    for sid in sorted(set(named) - set(schemes)):
        yield Diagnostic("GP221", f"grade_format names '{{{sid}}}', which is not a scheme of 'grading'; "
                         f"use {', '.join('{' + s + '}' for s in schemes)}", where)
    for sid in sorted({s for s in named if named.count(s) > 1}):
        yield Diagnostic("GP221", f"grade_format names '{{{sid}}}' twice; name each scheme once", where)
    missing = [s for s in schemes if s not in named]
    if missing:
        yield Diagnostic("GP221", f"grade_format leaves out {', '.join('{' + s + '}' for s in missing)}; "
                         "every scheme of 'grading' is printed, so name each one", where)
