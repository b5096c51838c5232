"""Trial-table markers resolved on the card.

A trial's markers ("*1,2") number its publications in the section's
reference list (table_markers.py). The site lists those references under
the section; a card read alone has no reference list, so the card prints,
under the table, the short citation each number stands for (first author,
journal, year), and its QR code leads to the full list. A number beyond the
list is left as printed (GP250 warns of it).
"""

from __future__ import annotations

from typing import Any

from ...model import Guideline, Reference, Section, Table
from ...table_markers import listed_keys, marked_numbers


def short_citation(ref: Reference) -> dict[str, Any]:
    """What the card prints of a work (cards.html.j2 words it, "Soran et al., Ann Surg Oncol 2018"):
    the first author's family name, whether there are more authors, the journal, the year."""
    names = ref.names_of("author")
    first = names.people[0] if names and names.people else None
    author = (first.literal or " ".join(p for p in (first.particle, first.family) if p)) if first else ""
    return {
        "author": author or ref.key,
        "et_al": bool(names and (len(names.people) > 1 or names.et_al)),
        "journal": ref.get("journal") or ref.get("journaltitle"),
        "year": ref.get("year") or (ref.get("date") or "")[:4],
    }


def resolved_markers(guideline: Guideline, section: Section, table: Table) -> list[tuple[int, dict[str, Any]]]:
    """(number, short citation) of each reference the table's markers name, from the section's list."""
    keys = listed_keys(section)
    out = []
    for n in marked_numbers(table):
        ref = guideline.reference(keys[n - 1]) if 0 < n <= len(keys) else None
        if ref is not None:
            out.append((n, short_citation(ref)))
    return out
