"""GP409: every work gets its own anchor on the references page (``#ref-<key>``).

The anchor lower-cases the BibTeX key and turns every run of other
characters than a-z and 0-9 into one hyphen, so two keys can share one.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline, Reference
from ..render.addresses import ref_anchor

SAME_ANCHOR = Code(
    "GP409",
    ERROR,
    "two BibTeX keys with one page anchor (`Smith:2020`, `smith-2020`)",
    example=Example(
        "bib/liver.bib",
        "@article{smith2020,\n  title = {Resection of liver metastases},\n}\n"
        "@article{Jones:2019,\n  title = {Ablation of liver metastases},\n}\n"
        "@article{jones-2019,\n  title = {Liver transplantation for metastases},\n}\n",
    ),
    fix="rename one of the keys (and its citations): keys that differ only in case or punctuation get one anchor",
)

CODES = (SAME_ANCHOR,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    by_anchor: dict[str, list[Reference]] = {}
    for ref in g.references:
        by_anchor.setdefault(ref_anchor(ref.key), []).append(ref)
    for anchor, refs in by_anchor.items():
        # In reading order (files by name, entries by line): the later entries are the ones to rename.
        first, *later = sorted(refs, key=lambda r: (r.pos.file, r.pos.line))
        for ref in later:
            if ref.key.lower() == first.key.lower():
                why = (
                    f"differs from '{first.key}' ({first.pos}) only in case: BibTeX itself takes them for one "
                    f"key, and the references page would give both the anchor '{anchor}'"
                )
            else:
                why = f"gets the page anchor '{anchor}', as '{first.key}' ({first.pos}) does"
            yield SAME_ANCHOR.at(ref.pos, f"BibTeX key '{ref.key}' {why}; rename one of the keys")
