"""The cards' running footer: what it prints and how tall it is.

Beside the QR code, in the smallest type: the guideline's short name, its
version and (where the source gives one) its publication date, and the
card's number; under them the one-line grade key (view.py ``grade_key``),
which wraps where the card is too narrow for it. The page keeps room at its
foot for the footer (cards.css.j2), so its height is worked out here from
the same words, measured in the card font (measure.py), and is the same on
every card of a set: the cards' reader (verify/cardlayout.py) finds the
footer as the lines that recur on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .grades import BADGE_CHROME_MM, SLACK_MM
from .measure import MM_PER_PT, text_mm

if TYPE_CHECKING:
    from .layout import CardSize

#: The footer's rule and the space under it (cards.css.j2, .cardfoot), and a gap above it.
RULE_MM = 0.5 * MM_PER_PT + 1.0 + 0.3
#: Line height of the footer's type (cards.css.j2, .cardfoot).
LINE = 1.2
#: A badge's own height beyond its text: padding and the widest border (cards.css.j2, .badge).
BADGE_EXTRA_MM = 2 * 0.15 + 2 * 1.4 * MM_PER_PT


@dataclass(frozen=True)
class Footer:
    """The footer's height (mm, the gap above its rule included) and its lines of text."""

    height: float
    lines: int


def _wrapped(atoms: list[float], space: float, width: float) -> int:
    """Lines that atoms (words, badges: their widths) take when wrapped at ``width``."""
    lines, used = 1, 0.0
    for atom in atoms:
        if used and used + space + atom > width:
            lines, used = lines + 1, atom
        else:
            used += (space if used else 0.0) + atom
    return lines


def footer_layout(
    size: CardSize, line: str, key: list[dict[str, Any]], scales: list[str], min_pt: float, badge_pt: float
) -> Footer:
    """The footer of cards of ``size`` whose first footer line reads ``line`` (its longest
    card number) above the grade ``key``, each scheme's scale worded as in ``scales``."""
    width = size.width_mm - 2 * size.safe_mm - (size.qr_mm + 2) - SLACK_MM
    space = text_mm(" ", min_pt, bold=False)
    first = _wrapped([text_mm(w, min_pt, bold=True) for w in line.split()], space, width)
    atoms: list[float] = []
    for n, (scheme, scale) in enumerate(zip(key, scales, strict=True)):
        words = ([] if n == 0 else ["·"]) + [scheme["label"]]
        atoms += [text_mm(w, min_pt, bold=True) for w in words]
        atoms += [text_mm(b["code"], badge_pt, bold=True) + BADGE_CHROME_MM for b in scheme["badges"]]
        atoms += [text_mm(w, min_pt, bold=False) for w in scale.split()]
    key_lines = _wrapped(atoms, space, width) if atoms else 0
    text_line = min_pt * LINE * MM_PER_PT
    badge_line = max(text_line, badge_pt * 1.15 * MM_PER_PT + BADGE_EXTRA_MM)
    key_line = badge_line if any(s["badges"] for s in key) else text_line
    text = first * text_line + key_lines * key_line
    return Footer(height=round(max(size.qr_mm, text) + RULE_MM, 2), lines=first + key_lines)
