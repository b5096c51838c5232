"""GP104 for BibTeX: an ``editorial-note`` field says what differs from the print.

The YAML loader already refuses an empty ``editorial_notes`` item (GP104,
declared with the loaders); BibTeX has no such reader, so an empty field is
caught here: a deviation from the printed source that is recorded without a
reason is not recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Code, Diagnostic
from ..load.codes import WRONG_TYPE
from ..model import Guideline

CODES: tuple[Code, ...] = ()


def check(g: Guideline) -> Iterator[Diagnostic]:
    for ref in g.references:
        note = ref.editorial_note
        if note is not None and not note.strip():
            yield WRONG_TYPE.at(
                ref.pos,
                f"BibTeX entry '{ref.key}' has an empty editorial-note; say what differs "
                "from the printed source and why, or remove the field",
            )
