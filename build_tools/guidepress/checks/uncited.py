"""GP405 (warning): a BibTeX entry that nothing cites."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import WARNING, Code, Diagnostic, Example
from ..model import Guideline

UNCITED = Code(
    "GP405",
    WARNING,
    "BibTeX entry cited nowhere",
    example=Example(
        "bib/liver.bib",
        "@article{smith2020,\n  title = {Resection of liver metastases},\n}\n"
        "@article{jones2019,\n  title = {Ablation of liver metastases},\n}\n",
    ),
    fix="cite it or remove it",
)

CODES = (UNCITED,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    cited = {key for ch in g.chapters for key in ch.cited_keys()}
    for ref in g.references:
        if ref.key not in cited:
            yield UNCITED.at(ref.pos, f"BibTeX entry '{ref.key}' is not cited by any chapter; cite it or remove it")
