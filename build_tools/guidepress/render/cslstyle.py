"""A CSL style as citeproc-py formats the site's references with it: parsed and checked once.

``parsed_style`` is what the check (checks/citation_style.py) and the
formatter (render/citations.py) share: a style that fails, fails here, in
words an editor can act on, rather than half-way through a build. The
site numbers its reference lists itself, so the style's own citation number
is taken out of the parsed copy (a numeric style would otherwise print the
number a work happens to have in citeproc-py's registry).
"""

from __future__ import annotations

from functools import cache, lru_cache
from io import BytesIO

from citeproc import SCHEMA_PATH, Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from lxml import etree

from .csl import CSL_TYPES

_CSL = "{http://purl.org/net/xbiblio/csl}"

#: A work with the variables most styles print, formatted in every CSL type
#: the BibTeX entry types become (render/csl.py) when a style is checked: a
#: style citeproc-py cannot run fails here, not in a build.
PROBE: dict[str, object] = {
    "id": "probe",
    "title": "Probe title",
    "author": [{"family": "Aarts", "given": "B. M."}, {"literal": "On behalf of the Probe Group"}],
    "editor": [{"family": "Muñoz", "given": "F."}],
    "container-title": "J Probe",
    "issued": {"date-parts": [[2021, 12, 1]]},
    "volume": "44",
    "issue": "12",
    "page": "1868-1882",
    "DOI": "10.1000/probe",
    "PMID": "1",
    "URL": "https://example.org/probe",
    "note": "Review",
    "status": "Online ahead of print",
    "publisher": "Probe Press",
    "publisher-place": "Kiel",
}


class StyleError(Exception):
    """The text is not a CSL style citeproc-py can format references with; the message says why."""


@cache
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(SCHEMA_PATH))


@lru_cache(maxsize=8)
def parsed_style(text: str) -> CitationStylesStyle:
    """The style in ``text``, without its citation number; StyleError when it is unusable."""
    data = text.encode("utf-8")
    try:
        tree = etree.parse(BytesIO(data), etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise StyleError(f"is not XML: {exc.msg}") from None
    schema = _schema()
    if not schema.validate(tree):
        first = schema.error_log[0]
        raise StyleError(f"is not a valid CSL 1.0 style: line {first.line}: {first.message}")
    if tree.getroot().find(f"{_CSL}bibliography") is None:
        raise StyleError("has no <bibliography>: it formats in-text citations only, not reference lists")
    try:
        style = CitationStylesStyle(BytesIO(data), validate=False)
    except ValueError as exc:
        raise StyleError(f"cannot be read by citeproc-py: {exc}") from None
    for number in [t for t in style.root.iter(f"{_CSL}text") if t.get("variable") == "citation-number"]:
        number.getparent().remove(number)
    try:
        for csl_type in sorted(set(CSL_TYPES.values())):
            bibliography_entry(style, PROBE | {"type": csl_type})
    except Exception as exc:  # noqa: BLE001 - citeproc-py fails on what it does not implement
        raise StyleError(f"cannot be used by citeproc-py: {type(exc).__name__}: {exc}") from None
    return style


def bibliography_entry(style: CitationStylesStyle, item: dict[str, object]) -> str | None:
    """One CSL-JSON ``item`` as the style's bibliography prints it (HTML), None if it prints nothing.

    Each work is a bibliography of its own: citeproc-py renders an entry from
    the work's variables alone (it does not disambiguate), and a registry of
    one work keeps citeproc-py's linear key lookups short.
    """
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(str(item["id"]))]))
    entries = style.render_bibliography(bibliography.items)
    return str(entries[0]) if entries else None
