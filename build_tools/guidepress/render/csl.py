"""References to CSL-JSON items (id = BibTeX key) that standard CSL processors
(citeproc-js, citeproc-py) render as the source prints them.

What a processor cannot read is not left in ``custom`` (no processor reads
it); docs/format.md ("CSL-JSON") gives the encoding:

- a truncated author list (BibTeX "and others") ends with the name
  ``{"literal": "et al."}``: the processor prints it after the names listed,
  and a style whose own et-al rule cuts the list shorter prints "et al." once;
- run-together initials as printed ("BM") are written "B. M.", which a
  processor initialises to "BM" (given "BM" would be cut to "B");
- dates as printed: a month range is a ``date-parts`` range, a season is
  ``season`` (1 spring ... 4 winter), a day is the third date part;
- of a printed note, a pii given as the only locator is the ``page``,
  "Online ahead of print" the ``status``, "On behalf of ..." a literal name
  after the authors (where the source prints it); the rest stays the ``note``.

``custom`` holds the entry type and a work's editorial note, which are for
the export's readers, not for processors.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..bibfields import CSL_VARIABLES
from ..model import NameList, Person, Reference

# BibTeX entry type -> CSL type, and BibTeX field -> CSL variable (releases/from_export.py reads them back).
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "collection": "book",
    "proceedings": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "booklet": "pamphlet",
    "unpublished": "manuscript",
    "online": "webpage",
    "misc": "document",
}
ET_AL = {"literal": "et al."}
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_NOTE_PARTS = re.compile(r"(?<=[.;])\s+")
_PII = re.compile(r"pii:\s*\S+", re.IGNORECASE)
_AHEAD = re.compile(r"(?:online|epub) ahead of print", re.IGNORECASE)
_ON_BEHALF = re.compile(r"on behalf of\s.+", re.IGNORECASE)


def _initials(word: str) -> str | None:
    """ "BM" -> "B. M.", "J-P" -> "J.-P."; None when ``word`` is not run-together initials."""
    segments = word.split("-")
    if not all(s.isalpha() and s.isupper() and len(s) <= 4 for s in segments):
        return None
    return "-".join(" ".join(f"{c}." for c in s) for s in segments)


@lru_cache(maxsize=16384)  # given names recur across a bibliography
def given(text: str) -> str:
    """A given name as CSL processors keep it: initials as printed get their stops."""
    words = [_initials(w) for w in text.split()]
    return " ".join(w for w in words if w) if words and all(words) else text


def _name(p: Person) -> dict[str, str]:
    if p.literal:
        return {"literal": p.literal}
    out = {"family": p.family}
    if p.given:
        out["given"] = given(p.given)
    if p.particle:
        out["non-dropping-particle"] = p.particle
    if p.suffix:
        out["suffix"] = p.suffix
    return out


def _names(names: NameList) -> list[dict[str, str]]:
    return [_name(p) for p in names.people] + ([dict(ET_AL)] if names.et_al else [])


def _parts(iso: str) -> list[list[int]]:
    return [[int(n) for n in one.split("-")] for one in iso.split("/")]


def _issued(ref: Reference) -> dict[str, Any] | None:
    """The date as printed, from biblatex's ``date`` or from ``year``, ``month`` and ``day``
    (canonical forms, load/bibdates.py)."""
    if date := ref.get("date"):
        return {"date-parts": _parts(date)}
    year = ref.get("year")
    if not year:
        return None
    if not year.isdigit():
        return {"literal": year}
    month, day = ref.get("month"), ref.get("day")
    if month and month.lower() in _SEASONS:
        return {"date-parts": [[int(year)]], "season": _SEASONS[month.lower()]}
    if not month:
        return {"date-parts": [[int(year)]]}
    months = [int(m) for m in month.split("-")]
    if len(months) == 2:
        return {"date-parts": [[int(year), m] for m in months]}
    if not day:
        return {"date-parts": [[int(year), months[0]]]}
    return {"date-parts": [[int(year), months[0], int(d)] for d in day.split("-")]}


def _note(item: dict[str, Any], note: str) -> None:
    """The printed note's parts into the CSL variables processors print; the rest as ``note``."""
    rest = []
    for part in _NOTE_PARTS.split(note):
        bare = part.rstrip(".;")
        if _PII.fullmatch(bare) and "page" not in item:
            item["page"] = bare
        elif _AHEAD.fullmatch(bare):
            item.setdefault("status", bare)
        elif _ON_BEHALF.fullmatch(bare) and "author" in item:
            item["author"].append({"literal": bare})
        else:
            rest.append(part)
    if rest:
        item["note"] = " ".join(rest)


def csl_item(ref: Reference) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ref.key, "type": CSL_TYPES.get(ref.entry_type, "document")}
    custom: dict[str, str] = {"bibtex-type": ref.entry_type}
    for role, names in ref.names:
        item[role] = _names(names)
    for name, value in ref.fields:
        variable = CSL_VARIABLES[name]
        if variable == "custom":
            custom[name] = value
        elif variable == "issued":
            if "issued" not in item and (issued := _issued(ref)) is not None:
                item["issued"] = issued
        elif name == "pages":
            item.setdefault("page", value.replace("–", "-"))
        elif name != "note":  # read last: a pii is the page only when there is no other
            item.setdefault(variable, value)
    if note := ref.get("note"):
        _note(item, note)
    item["custom"] = custom
    return item
