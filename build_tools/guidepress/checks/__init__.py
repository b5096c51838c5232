"""Validation rules, one per module. Each exposes ``CODES`` and ``check(guideline)``.

``run_checks`` runs them all and returns every problem found, so one run
reports everything (yamllint-style), not just the first problem.
"""

from __future__ import annotations

from typing import Callable, Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline
from . import (bib_fields, citations, duplicate_works, editorial_notes, footnotes, glossary, grade_codes,
               grade_format, grade_rules, kinds, parents, scheme_rules, see_also, tables, uncited, unique_ids)

RULES: tuple[Callable[[Guideline], Iterator[Diagnostic]], ...] = tuple(
    m.check for m in (unique_ids, scheme_rules, kinds, grade_format, grade_codes, grade_rules, parents,
                      footnotes, tables, see_also, glossary, citations, uncited, duplicate_works, bib_fields,
                      editorial_notes)
)


def run_checks(guideline: Guideline) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in RULES:
        out.extend(rule(guideline))
    return out
