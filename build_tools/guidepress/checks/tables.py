"""GP209: every table row has one cell per column."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..examples import SECTION
from ..model import Guideline

ROW_CELLS = Code(
    "GP209",
    ERROR,
    "table row with the wrong number of cells",
    example=Example(
        "source/chapters/liver.yml",
        SECTION
        + """\
    tables:
      - id: liver-trials
        columns: [Trial, Patients, Therapy]
        rows:
          - [EORTC 40983, "364", perioperative FOLFOX4]
          - [CLOCC, "119"]
""",
    ),
    fix='give every row one cell per column (`""` for an empty cell)',
)

CODES = (ROW_CELLS,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        for section in chapter.sections:
            for table in section.tables:
                for i, row in enumerate(table.rows):
                    if len(row) != len(table.columns):
                        pos = table.row_pos[i] if i < len(table.row_pos) else table.pos
                        yield ROW_CELLS.at(
                            pos,
                            f"row {i + 1} of table '{table.id}' has {len(row)} cells but "
                            f"the table has {len(table.columns)} columns",
                        )
