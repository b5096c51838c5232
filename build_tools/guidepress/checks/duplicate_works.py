"""GP404: the same work entered twice under two keys (same DOI, PMID or title)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline

SAME_WORK = Code(
    "GP404",
    ERROR,
    "the same work entered under two keys (same DOI, PMID or title)",
    example=Example(
        "bib/liver.bib",
        "@article{smith2020,\n  title = {Resection of liver metastases},\n"
        "  doi = {10.1000/jsurg.2020.17},\n}\n@article{smith2020resection,\n"
        "  title = {Resection of Liver Metastases},\n  doi = {10.1000/JSURG.2020.17},\n}\n",
    ),
    fix="keep one entry and cite its key everywhere",
)

CODES = (SAME_WORK,)


def normalise_title(title: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", title.casefold())


def check(g: Guideline) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, str], str] = {}
    for ref in g.references:
        identities = []
        if doi := ref.get("doi"):
            identities.append(("DOI", doi.casefold()))
        if pmid := ref.get("pmid"):
            identities.append(("PMID", pmid))
        if title := ref.get("title"):
            identities.append(("title", normalise_title(title)))
        for identity in identities:
            other = seen.get(identity)
            if other is not None and other != ref.key:
                yield SAME_WORK.at(
                    ref.pos,
                    f"'{ref.key}' has the same {identity[0]} as '{other}': one work gets "
                    "one entry; cite one key in every list",
                )
                break
        for identity in identities:
            seen.setdefault(identity, ref.key)
