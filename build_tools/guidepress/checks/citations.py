"""GP403/GP215: every cited key exists in bib/; statement links resolve."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP403", "GP215")


def check(g: Guideline) -> Iterator[Diagnostic]:
    keys = {r.key for r in g.references}
    for chapter in g.chapters:
        for section, group in chapter.reference_groups():
            for cite in group.cites:
                if cite.key not in keys:
                    yield Diagnostic("GP403", f"reference '{cite.key}' is not in any bib/*.bib file; "
                                     "add the entry or correct the key", cite.pos)
            if group.statement:
                recs = section.all_recommendations() if section else chapter.all_recommendations()
                if group.statement not in {r.id for r in recs}:
                    where = f"section '{section.id}'" if section else f"chapter '{chapter.id}'"
                    yield Diagnostic("GP215", f"reference group names statement '{group.statement}', which is "
                                     f"not a recommendation of {where}", group.pos)
