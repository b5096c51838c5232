"""GP406/GP407/GP408: DOI and PMID are well-formed; every entry has a title.

Also GP302 (declared with the loaders, which raise it for YAML texts): no
field holds what a page would read as an element id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..load.codes import TEXT_ANCHOR
from ..model import Guideline
from ..text import anchor_problem

BIB = "bib/liver.bib"
BAD_DOI = Code(
    "GP406",
    ERROR,
    "malformed DOI",
    example=Example(
        BIB,
        "@article{smith2020,\n  title = {Resection of liver metastases},\n"
        "  doi = {https://doi.org/1000/jsurg.2020.17},\n}\n",
    ),
    fix="write `10.<prefix>/<suffix>` (a `https://doi.org/` or `doi:` prefix is removed when read)",
)
BAD_PMID = Code(
    "GP407",
    ERROR,
    "malformed PMID",
    example=Example(
        BIB, "@article{smith2020,\n  title = {Resection of liver metastases},\n  pmid = {PMID: 31234567},\n}\n"
    ),
    fix="digits only",
)
NO_TITLE = Code(
    "GP408",
    ERROR,
    "BibTeX entry without title",
    example=Example(
        BIB, "@article{smith2020,\n  author = {Smith, Jane},\n  journal = {Journal of Surgery},\n  year = {2020},\n}\n"
    ),
    fix="add the title as printed",
)

CODES = (BAD_DOI, BAD_PMID, NO_TITLE)

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")


def check(g: Guideline) -> Iterator[Diagnostic]:
    for ref in g.references:
        if not ref.get("title"):
            yield NO_TITLE.at(ref.pos, f"BibTeX entry '{ref.key}' has no title; add the title as printed")
        doi = ref.get("doi")
        if doi is not None and not DOI.match(doi):
            yield BAD_DOI.at(
                ref.pos,
                f"DOI '{doi}' of '{ref.key}' is malformed; write it as 10.<prefix>/<suffix> without https://doi.org/",
            )
        pmid = ref.get("pmid")
        if pmid is not None and not PMID.match(pmid):
            yield BAD_PMID.at(ref.pos, f"PMID '{pmid}' of '{ref.key}' is malformed; a PMID is digits only")
        # Fields reach the pages in the citation and its links.
        for name, value in ref.fields:
            if problem := anchor_problem(value):
                yield TEXT_ANCHOR.at(ref.pos, f"field '{name}' of '{ref.key}': {problem}")
