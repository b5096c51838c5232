"""GP211/GP212: footnote markers and footnote texts come in pairs per section."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP211", "GP212")


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        for section in chapter.sections:
            notes = {f.marker for f in section.footnotes}
            used: set[str] = set()
            for rec in section.all_recommendations():
                for marker in rec.footnotes:
                    used.add(marker)
                    if marker not in notes:
                        yield Diagnostic("GP211", f"footnote marker '{marker}' on '{rec.id}' has no footnote in "
                                         f"section '{section.id}'; add it under 'footnotes'", rec.pos)
            for note in section.footnotes:
                if note.marker not in used:
                    yield Diagnostic("GP212", f"footnote '{note.marker}' is not referenced by any recommendation "
                                     f"of section '{section.id}'; add the marker or remove the note", note.pos)
