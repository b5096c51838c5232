"""The words of a PDF, with their boxes, in reading order.

PDFium (pypdfium2) reads the characters and their boxes; characters make a
word while they follow each other on one line without a space or a gap
wider than ``_GAP``, and words are ordered line by line (a line: tops
within ``SAME_LINE`` of each other), left to right, as pdfplumber's
``extract_words`` orders them — at a small part of its cost, which is what
lets ``guidepress build`` read every card set back.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: A word: text, x0, x1 (from the left edge), top, bottom (from the top edge), in points.
Word = Mapping[str, Any]

_GAP = 3.0  # points between two characters of one word at most
#: Points between the tops of two words of one line at most.
SAME_LINE = 3.0
# Ligatures as one character; U+0002 is PDFium's hyphen at a line's end.
_EXPAND = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "ft",
    "\ufb06": "st",
    "\x02": "-",
}


@dataclass(frozen=True)
class CardPage:
    """One PDF page: its size in points and its words, in reading order."""

    width: float
    height: float
    words: tuple[Word, ...]


def card_pages(pdf: bytes) -> list[CardPage]:
    """The words of every page of a PDF."""
    import pypdfium2 as pdfium  # imported late: only reading cards needs it

    doc = pdfium.PdfDocument(pdf)
    try:
        return [_page(doc[i]) for i in range(len(doc))]
    finally:
        doc.close()


def _page(page: Any) -> CardPage:
    import pypdfium2.raw as raw

    width, height = page.get_width(), page.get_height()
    text = page.get_textpage()
    try:
        words: list[dict[str, Any]] = []
        word: dict[str, Any] | None = None
        box = raw.FS_RECTF()
        for k in range(raw.FPDFText_CountChars(text.raw)):
            char = chr(raw.FPDFText_GetUnicode(text.raw, k))
            char = _EXPAND.get(char, char)
            if char.isspace() or char < " ":
                if not raw.FPDFText_IsGenerated(text.raw, k):  # PDFium adds spaces and line ends of its own
                    word = None
                continue
            raw.FPDFText_GetLooseCharBox(text.raw, k, ctypes.byref(box))
            x0, x1, top, bottom = box.left, box.right, height - box.top, height - box.bottom
            if word is not None and _continues(word, x0, top):
                word["text"] += char
                word["x1"] = max(word["x1"], x1)
            else:
                word = {"text": char, "x0": x0, "x1": x1, "top": top, "bottom": bottom}
                words.append(word)
    finally:
        text.close()
        page.close()
    return CardPage(width, height, tuple(_reading_order(words)))


def _continues(word: dict[str, Any], x0: float, top: float) -> bool:
    """Whether a character at ``x0``, ``top`` goes on ``word`` (it may overlap
    it: kerning, and a ligature's second letter in the first one's box)."""
    return bool(abs(top - word["top"]) <= SAME_LINE and word["x0"] - _GAP <= x0 <= word["x1"] + _GAP)


def _reading_order(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: w["top"]):
        if lines and word["top"] - lines[-1][-1]["top"] <= SAME_LINE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [w for line in lines for w in sorted(line, key=lambda w: w["x0"])]
