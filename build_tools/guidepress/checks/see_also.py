"""GP210: a see-also link targets a chapter here, or is declared external."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP210",)


def check(g: Guideline) -> Iterator[Diagnostic]:
    here = {c.id for c in g.chapters}
    for chapter in g.chapters:
        for link in chapter.see_also:
            if link.chapter not in here and not link.external:
                yield Diagnostic("GP210", f"see-also target '{link.chapter}' is not a chapter of this guideline; "
                                 "add the chapter or mark the link 'external: true'", link.pos)
