"""GP405 (warning): a BibTeX entry that nothing cites."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP405",)


def check(g: Guideline) -> Iterator[Diagnostic]:
    cited = {key for ch in g.chapters for key in ch.cited_keys()}
    for ref in g.references:
        if ref.key not in cited:
            yield Diagnostic("GP405", f"BibTeX entry '{ref.key}' is not cited by any chapter; cite it or "
                             "remove it", ref.pos)
