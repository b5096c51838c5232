"""GP209: every table row has one cell per column."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP209",)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        for section in chapter.sections:
            for table in section.tables:
                for i, row in enumerate(table.rows):
                    if len(row) != len(table.columns):
                        pos = table.row_pos[i] if i < len(table.row_pos) else table.pos
                        yield Diagnostic("GP209", f"row {i + 1} of table '{table.id}' has {len(row)} cells but "
                                         f"the table has {len(table.columns)} columns", pos)
