"""GP406/GP407/GP408: DOI and PMID are well-formed; every entry has a title."""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP406", "GP407", "GP408")

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")


def check(g: Guideline) -> Iterator[Diagnostic]:
    for ref in g.references:
        if not ref.get("title"):
            yield Diagnostic("GP408", f"BibTeX entry '{ref.key}' has no title; add the title as printed", ref.pos)
        doi = ref.get("doi")
        if doi is not None and not DOI.match(doi):
            yield Diagnostic("GP406", f"DOI '{doi}' of '{ref.key}' is malformed; write it as 10.<prefix>/<suffix> "
                             "without https://doi.org/", ref.pos)
        pmid = ref.get("pmid")
        if pmid is not None and not PMID.match(pmid):
            yield Diagnostic("GP407", f"PMID '{pmid}' of '{ref.key}' is malformed; a PMID is digits only", ref.pos)
