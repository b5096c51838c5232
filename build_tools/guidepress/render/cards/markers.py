"""Trial-table markers resolved on the card.

The source's trial tables mark a trial with the numbers of its publications
in the section's reference list: "ECOG 2108 *1,2", "ABCSG-28#*8.9" ("#" is
a table note's marker; "8.9" is the slide's "8, 9"). The site lists those
references under the section; a card read alone has no reference list, so
the card prints, under the table, the short citation each number stands
for (first author, journal, year), and the QR code leads to the full list.
A number beyond the section's list is left as printed, resolved to nothing.
"""

from __future__ import annotations

import re

from ...model import Guideline, Reference, Section, Table
from ...wording import wording

#: "*" and the reference numbers after it, separated by "," or the slide's "."
MARKER = re.compile(r"\*(\d+(?:\s*[,.]\s*\d+)*)")


def marked_numbers(table: Table) -> list[int]:
    """The reference numbers the table's markers name, each once, in order."""
    found: list[int] = []
    for row in table.rows:
        for cell in row:
            for m in MARKER.finditer(cell):
                found += [int(n) for n in re.split(r"\s*[,.]\s*", m.group(1)) if int(n) not in found]
    return found


def short_citation(ref: Reference) -> str:
    """ "Soran et al., Ann Surg Oncol 2018": the first author's family name, the journal, the year."""
    names = ref.names_of("author")
    first = names.people[0] if names and names.people else None
    author = (first.literal or " ".join(p for p in (first.particle, first.family) if p)) if first else ""
    if names and (len(names.people) > 1 or names.et_al):
        author = wording("cards.et_al", author=author)
    year = ref.get("year") or (ref.get("date") or "")[:4]
    journal = ref.get("journal") or ref.get("journaltitle")
    cite = f"{author}, {journal}" if author and journal else author or journal or ""
    return " ".join(part for part in (cite, year) if part) or ref.key


def resolved_markers(guideline: Guideline, section: Section, table: Table) -> list[tuple[int, str]]:
    """(number, short citation) of each reference the table's markers name, from the section's list."""
    keys = list(dict.fromkeys(key for group in section.references for key in group.keys))
    out = []
    for n in marked_numbers(table):
        ref = guideline.reference(keys[n - 1]) if 0 < n <= len(keys) else None
        if ref is not None:
            out.append((n, short_citation(ref)))
    return out
