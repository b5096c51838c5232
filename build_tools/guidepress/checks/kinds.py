"""GP217/GP218/GP220: statement kinds are declared once, known, and ungraded ones carry no grade."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, SourcePos
from ..model import Guideline

CODES = ("GP217", "GP218", "GP220")


def check(g: Guideline) -> Iterator[Diagnostic]:
    declared = g.statement_kinds()
    first: dict[str, SourcePos] = {}
    for declared_kind in declared:
        if declared_kind.id in first:
            yield Diagnostic("GP220", f"statement kind '{declared_kind.id}' is already declared at "
                             f"{first[declared_kind.id]}; declare each kind once", declared_kind.pos)
        else:
            first[declared_kind.id] = declared_kind.pos
    for scheme in g.schemes:
        for kind_id in scheme.applies_to or ():
            if kind_id not in first:
                yield Diagnostic("GP220", f"scheme '{scheme.id}' applies to kind '{kind_id}', which is not "
                                 f"declared; {_declare(first)}", scheme.pos)
    for rec in g.all_recommendations():
        if rec.kind is None:
            continue
        kind = g.kind(rec.kind)
        if kind is None:
            yield Diagnostic("GP217", f"recommendation '{rec.id}' has kind '{rec.kind}', which is not declared; "
                             f"{_declare(first)}", rec.pos)
        elif not kind.graded and rec.grades:
            yield Diagnostic("GP218", f"recommendation '{rec.id}' is a {kind.label} ({kind.id}), which carries "
                             "no grade; remove its 'grades' or change its 'kind'", rec.grades[0].pos)


def _declare(known: dict[str, SourcePos]) -> str:
    if known:
        return f"use one of {', '.join(known)} or declare it under 'kinds'"
    return "declare it under 'kinds' in guideline.yml or a scheme file"
