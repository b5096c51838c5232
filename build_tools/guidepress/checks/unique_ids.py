"""GP205: ids are web anchors and JSON keys, so they are unique guideline-wide."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example, SourcePos
from ..model import Guideline

DUPLICATE_ID = Code(
    "GP205",
    ERROR,
    "duplicate id",
    example=Example(
        "source/chapters/liver.yml",
        """\
id: liver
title: Liver metastases
sections:
  - id: resection
    title: Resection
    recommendations:
      - id: resection
        text: Resection of liver metastases
        grades: {loe: 2b, gr: B, ago: "+"}
""",
    ),
    fix="ids are anchors and JSON keys: make them unique in the whole guideline",
)

CODES = (DUPLICATE_ID,)


def _ids(g: Guideline) -> Iterator[tuple[str, str, SourcePos]]:
    for chapter in g.chapters:
        yield chapter.id, "chapter", chapter.pos
        for section in chapter.sections:
            yield section.id, "section", section.pos
            for rec in section.all_recommendations():
                yield rec.id, "recommendation", rec.pos
            for table in section.tables:
                yield table.id, "table", table.pos
            for quote in section.quotes:
                yield quote.id, "quote", quote.pos


def check(g: Guideline) -> Iterator[Diagnostic]:
    seen: dict[str, tuple[str, SourcePos]] = {}
    for ident, kind, pos in _ids(g):
        if not ident:
            continue
        if ident in seen:
            other_kind, other = seen[ident]
            yield DUPLICATE_ID.at(
                pos,
                f"{kind} id '{ident}' is already used by a {other_kind} at {other}; "
                "ids must be unique in the whole guideline",
            )
        else:
            seen[ident] = (kind, pos)
