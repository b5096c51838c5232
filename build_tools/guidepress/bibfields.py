"""The BibTeX fields guidepress keeps, and the CSL-JSON variable each becomes.

This allow-list is the one place that decides what of a BibTeX entry is
published: the loader keeps only these fields in the model (reference
managers export private ones too: ``file`` paths, ``abstract``, ``annote``,
``keywords``, ``mendeley-tags``, ``owner``, ``timestamp``...), and
render/csl.py writes each as its CSL variable (``custom``: a key of the
item's ``custom``, for the export's readers; processors do not read it).
docs/format.md lists the same table (tests/test_bib_import.py compares them).
"""

from __future__ import annotations

# BibTeX field -> CSL-JSON variable. Several fields may feed one variable
# (journal or booktitle is the container); the first one given wins.
CSL_VARIABLES: dict[str, str] = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "title": "title",
    "shorttitle": "title-short",
    "journal": "container-title",
    "booktitle": "container-title",
    "series": "collection-title",
    "year": "issued",
    "month": "issued",
    "day": "issued",
    "date": "issued",
    "volume": "volume",
    "number": "issue",
    "pages": "page",
    "edition": "edition",
    "chapter": "chapter-number",
    "publisher": "publisher",
    "school": "publisher",
    "institution": "publisher",
    "organization": "publisher",
    "address": "publisher-place",
    "howpublished": "medium",
    "type": "genre",
    "pubstate": "status",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "note": "note",
    "editorial-note": "custom",
}

# Where the entry deviates from the printed source, and why (docs/format.md, "Editorial notes").
EDITORIAL_NOTE = "editorial-note"

# biblatex names of the same fields (Zotero's and JabRef's biblatex exports).
ALIASES: dict[str, str] = {"journaltitle": "journal", "location": "address"}

# Person lists (split into names), and identifiers that are not LaTeX text
# (a URL's "%" or "~" is not TeX markup).
NAME_FIELDS = frozenset({"author", "editor", "translator"})
VERBATIM_FIELDS = frozenset({"doi", "pmid", "pmcid", "url", "isbn", "issn"})
