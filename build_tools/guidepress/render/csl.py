"""BibTeX-derived References to CSL-JSON items (id = BibTeX key)."""

from __future__ import annotations

import re
from typing import Any

from ..model import Reference

# BibTeX entry type -> CSL type, and BibTeX field -> CSL variable (releases/from_export.py reads them back).
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "online": "webpage",
    "misc": "document",
}
CSL_FIELDS = {"title": "title", "volume": "volume", "number": "issue", "doi": "DOI", "pmid": "PMID",
              "url": "URL", "note": "note", "publisher": "publisher", "howpublished": "medium",
              "booktitle": "container-title", "journal": "container-title"}


def _names(value: str) -> tuple[list[dict[str, str]], bool]:
    people: list[dict[str, str]] = []
    et_al = False
    for part in re.split(r"\s+and\s+", value):
        part = part.strip()
        if not part:
            continue
        if part.lower() == "others":
            et_al = True
        elif "," in part:
            family, given = (s.strip() for s in part.split(",", 1))
            people.append({"family": family, "given": given} if given else {"family": family})
        else:
            people.append({"literal": part})
    return people, et_al


def csl_item(ref: Reference) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ref.key, "type": CSL_TYPES.get(ref.entry_type, "document")}
    custom: dict[str, Any] = {"bibtex-type": ref.entry_type}
    for name, value in ref.fields:
        if name in ("author", "editor"):
            people, et_al = _names(value)
            item[name] = people
            if et_al:
                custom[f"{name}-et-al"] = True
        elif name == "pages":
            item["page"] = value.replace("–", "-")
        elif name == "year":
            parts: list[int | str] = [int(value)] if value.isdigit() else [value]
            month = ref.get("month")
            if month and month.isdigit() and isinstance(parts[0], int):
                parts.append(int(month))
            item["issued"] = {"date-parts": [parts]} if isinstance(parts[0], int) else {"literal": value}
        elif name == "month":
            continue
        elif name in CSL_FIELDS:
            item[CSL_FIELDS[name]] = value
        else:
            custom[name] = value
    item["custom"] = custom
    return item
