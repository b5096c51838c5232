"""How wide a text prints on the cards, from the card font's own metrics.

The advance widths of the faces fontconfig gives WeasyPrint (fontTools
reads them from the font file), summed. WeasyPrint also kerns; in DejaVu
Sans nearly every pair narrows, and the few that widen (mostly before
punctuation, by 0.02-0.07 em) are what callers keep a margin for. A
character the face lacks comes from a fallback font; it is reckoned one em,
as wide as a CJK ideograph.
"""

from __future__ import annotations

from functools import lru_cache

from ..fonts import CARD_FONT, font_file

MM_PER_PT = 25.4 / 72


@lru_cache(maxsize=4)
def _advances(family: str, bold: bool) -> tuple[dict[int, int], int]:
    from fontTools.ttLib import TTFont  # imported late: only needed to lay out cards

    font = TTFont(font_file(family, bold=bold), lazy=True)
    metrics = font["hmtx"]
    return {cp: metrics[glyph][0] for cp, glyph in font.getBestCmap().items()}, font["head"].unitsPerEm


def text_mm(text: str, pt: float, *, bold: bool, family: str = CARD_FONT) -> float:
    """The width of ``text`` on one line at ``pt`` points, in millimetres."""
    advances, em = _advances(family, bold)
    units = sum(advances.get(ord(ch), em) for ch in text)
    return units / em * pt * MM_PER_PT
