"""GP104 for BibTeX: an ``editorial-note`` field says what differs from the print.

The YAML loader already refuses an empty ``editorial_notes`` item (GP104);
BibTeX has no such reader, so an empty field is caught here: a deviation
from the printed source that is recorded without a reason is not recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP104",)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for ref in g.references:
        note = ref.editorial_note
        if note is not None and not note.strip():
            yield Diagnostic("GP104", f"BibTeX entry '{ref.key}' has an empty editorial-note; say what differs "
                             "from the printed source and why, or remove the field", ref.pos)
