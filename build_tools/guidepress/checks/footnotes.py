"""GP211/GP212/GP224: footnote markers and footnote texts come in pairs per section."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..examples import RESECTION
from ..model import Guideline

_NOTES = (
    RESECTION
    + """\
        grades: {loe: 2b, gr: B, ago: "+"}
"""
)
MARKER_WITHOUT_NOTE = Code(
    "GP211",
    ERROR,
    "footnote marker without footnote text",
    example=Example("source/chapters/liver.yml", _NOTES + '        footnotes: ["1"]\n'),
    fix="add the note to the section's `footnotes`",
)
NOTE_WITHOUT_MARKER = Code(
    "GP212",
    ERROR,
    "footnote text whose marker is never used",
    example=Example(
        "source/chapters/liver.yml", _NOTES + '    footnotes:\n      - {marker: "1", text: In selected patients}\n'
    ),
    fix="add the marker to a recommendation or remove the note",
)
MARKER_TWICE = Code(
    "GP224",
    ERROR,
    "footnote marker given to two footnotes of a section",
    example=Example(
        "source/chapters/liver.yml",
        _NOTES + '        footnotes: ["1"]\n    footnotes:\n'
        '      - {marker: "1", text: In selected patients}\n'
        '      - {marker: "1", text: After systemic therapy}\n',
    ),
    fix="give each footnote its own marker: a marker leads to one note",
)

CODES = (MARKER_WITHOUT_NOTE, NOTE_WITHOUT_MARKER, MARKER_TWICE)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        for section in chapter.sections:
            notes = {f.marker for f in section.footnotes}
            used: set[str] = set()
            for rec in section.all_recommendations():
                for marker in rec.footnotes:
                    used.add(marker)
                    if marker not in notes:
                        yield MARKER_WITHOUT_NOTE.at(
                            rec.pos,
                            f"footnote marker '{marker}' on '{rec.id}' has no "
                            f"footnote in section '{section.id}'; add it under 'footnotes'",
                        )
            first: dict[str, int] = {}
            for note in section.footnotes:
                if note.marker not in used:
                    yield NOTE_WITHOUT_MARKER.at(
                        note.pos,
                        f"footnote '{note.marker}' is not referenced by any "
                        f"recommendation of section '{section.id}'; add the marker or "
                        "remove the note",
                    )
                if note.marker in first:
                    # Both would get the page anchor of the first, and its marker leads to one of them only.
                    yield MARKER_TWICE.at(
                        note.pos,
                        f"footnote marker '{note.marker}' is already given to the "
                        f"footnote at line {first[note.marker]} of section '{section.id}'; "
                        "give each footnote its own marker",
                    )
                else:
                    first[note.marker] = note.pos.line
