"""Trial-table markers: the numbers a trial's "*1,2" gives it in its section's reference list.

The source's trial tables mark a trial with the numbers of its publications
in the section's reference list: "ECOG 2108 *1,2", "ABCSG-28#*8.9" ("#" is
a table note's marker; "8.9" is the slide's "8, 9"). The pocket cards print
what each number stands for (render/cards/markers.py); a number beyond the
list is GP250 (checks/table_markers.py).
"""

from __future__ import annotations

import re

from .model import Section, Table

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


def listed_keys(section: Section) -> list[str]:
    """The section's reference list as the markers count it: each work once, in order."""
    return list(dict.fromkeys(key for group in section.references for key in group.keys))
