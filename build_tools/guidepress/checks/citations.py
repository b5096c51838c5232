"""GP403/GP215: every cited key exists in bib/; statement links resolve."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..examples import RESECTION
from ..model import Guideline

_REFS = (
    RESECTION
    + """\
        grades: {loe: 2b, gr: B, ago: "+"}
    references:
      - statement: %s
        refs: [%s]
"""
)
CITED_KEY_MISSING = Code(
    "GP403",
    ERROR,
    "cited key missing from `bib/`",
    example=Example("source/chapters/liver.yml", _REFS % ("liver-resection", "smith2021")),
    fix="add the entry or correct the key",
)
UNKNOWN_STATEMENT = Code(
    "GP215",
    ERROR,
    "reference group names an unknown statement",
    example=Example("source/chapters/liver.yml", _REFS % ("liver-ablation", "smith2020")),
    fix="give the id of a recommendation of the same section",
)

CODES = (CITED_KEY_MISSING, UNKNOWN_STATEMENT)


def check(g: Guideline) -> Iterator[Diagnostic]:
    keys = {r.key for r in g.references}
    for chapter in g.chapters:
        for section, group in chapter.reference_groups():
            for cite in group.cites:
                if cite.key not in keys:
                    yield CITED_KEY_MISSING.at(
                        cite.pos,
                        f"reference '{cite.key}' is not in any bib/*.bib file; add the entry or correct the key",
                    )
            if group.statement:
                recs = section.all_recommendations() if section else chapter.all_recommendations()
                if group.statement not in {r.id for r in recs}:
                    where = f"section '{section.id}'" if section else f"chapter '{chapter.id}'"
                    yield UNKNOWN_STATEMENT.at(
                        group.pos,
                        f"reference group names statement '{group.statement}', "
                        f"which is not a recommendation of {where}",
                    )
