"""GP250 (warning): a trial-table marker ("*3") numbering a reference the section does not list.

The pocket cards print, under a trial table, the short citation each of its
markers stands for, counted in the section's reference list
(render/cards/markers.py); a number beyond that list stands for nothing, and
the card would leave the marker unexplained (table_markers.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import WARNING, Code, Diagnostic, Example
from ..examples import RESECTION
from ..model import Guideline
from ..table_markers import listed_keys, marked_numbers

MARKER_BEYOND_LIST = Code(
    "GP250",
    WARNING,
    "trial-table marker numbering a reference the section does not list",
    example=Example(
        "source/chapters/liver.yml",
        RESECTION
        + """\
        grades: {loe: 2b, gr: B, ago: "+"}
    tables:
      - id: liver-trials
        columns: [Trial, Patients]
        rows:
          - ["EORTC 40983 *1,2", "364"]
    references:
      - statement: liver-resection
        refs: [smith2020]
""",
    ),
    fix="list the work the marker numbers in the section's `references` (markers count its works in order), "
    "or correct the number",
)

CODES = (MARKER_BEYOND_LIST,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        for section in chapter.sections:
            listed = len(listed_keys(section))
            for table in section.tables:
                beyond = [n for n in marked_numbers(table) if not 0 < n <= listed]
                if beyond:
                    numbers = ", ".join(f"*{n}" for n in beyond)
                    yield MARKER_BEYOND_LIST.at(
                        table.pos,
                        f"table '{table.id}' marks {numbers}, but section '{section.id}' lists {listed} "
                        f"reference{'' if listed == 1 else 's'}: the pocket card cannot say which work "
                        "the marker stands for; list it in the section's references or correct the number",
                    )
