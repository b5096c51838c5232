"""GP217/GP218/GP220: statement kinds are declared once, known, and ungraded ones carry no grade."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example, SourcePos
from ..examples import RESECTION, guideline
from ..model import Guideline

_GUIDELINE = (
    guideline()
    + """\
kinds:
%s"""
)
_GOOD_PRACTICE = "  - {id: good-practice, label: Good practice statement, graded: false}\n"
_CHAPTER = (
    RESECTION
    + """\
        kind: %s
        grades: {loe: 2b, gr: B, ago: "+"}
    references:
      - statement: liver-resection
        refs: [smith2020]
"""
)
UNDECLARED_KIND = Code(
    "GP217",
    ERROR,
    "statement `kind` not declared",
    example=Example("source/chapters/liver.yml", _CHAPTER % "expert-consensus"),
    fix="use a kind declared under `kinds` in `guideline.yml` or a scheme file, or declare it",
)
GRADED_UNGRADED_KIND = Code(
    "GP218",
    ERROR,
    "grades on a statement of an ungraded kind (`graded: false`)",
    example=Example(
        "source/chapters/liver.yml",
        _CHAPTER % "good-practice",
        also=(("source/guideline.yml", _GUIDELINE % _GOOD_PRACTICE),),
    ),
    fix="remove the `grades` or change the `kind`",
)
KIND_DECLARATION = Code(
    "GP220",
    ERROR,
    "statement kind declared twice, or a scheme's `applies_to` names an undeclared kind",
    example=Example(
        "source/guideline.yml",
        _GUIDELINE % (_GOOD_PRACTICE + "  - {id: good-practice, label: Good practice point, graded: false}\n"),
    ),
    fix="declare each kind once, in one file",
)

CODES = (UNDECLARED_KIND, GRADED_UNGRADED_KIND, KIND_DECLARATION)


def check(g: Guideline) -> Iterator[Diagnostic]:
    declared = g.statement_kinds()
    first: dict[str, SourcePos] = {}
    for declared_kind in declared:
        if declared_kind.id in first:
            yield KIND_DECLARATION.at(
                declared_kind.pos,
                f"statement kind '{declared_kind.id}' is already "
                f"declared at {first[declared_kind.id]}; declare each kind once",
            )
        else:
            first[declared_kind.id] = declared_kind.pos
    for scheme in g.schemes:
        for kind_id in scheme.applies_to or ():
            if kind_id not in first:
                yield KIND_DECLARATION.at(
                    scheme.pos,
                    f"scheme '{scheme.id}' applies to kind '{kind_id}', which is not declared; {_declare(first)}",
                )
    for rec in g.all_recommendations():
        if rec.kind is None:
            continue
        kind = g.kind(rec.kind)
        if kind is None:
            yield UNDECLARED_KIND.at(
                rec.pos, f"recommendation '{rec.id}' has kind '{rec.kind}', which is not declared; {_declare(first)}"
            )
        elif not kind.graded and rec.grades:
            yield GRADED_UNGRADED_KIND.at(
                rec.grades[0].pos,
                f"recommendation '{rec.id}' is a {kind.label} "
                f"({kind.id}), which carries no grade; remove its 'grades' or change "
                "its 'kind'",
            )


def _declare(known: dict[str, SourcePos]) -> str:
    if known:
        return f"use one of {', '.join(known)} or declare it under 'kinds'"
    return "declare it under 'kinds' in guideline.yml or a scheme file"
