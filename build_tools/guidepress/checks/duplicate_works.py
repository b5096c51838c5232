"""GP404: the same work entered twice under two keys (same DOI, PMID or title)."""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP404",)


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
                yield Diagnostic("GP404", f"'{ref.key}' has the same {identity[0]} as '{other}': one work gets "
                                 "one entry; cite one key in every list", ref.pos)
                break
        for identity in identities:
            seen.setdefault(identity, ref.key)
