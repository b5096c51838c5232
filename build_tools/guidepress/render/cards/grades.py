"""Grade columns sized to the data.

Each scheme's column is as wide as its label and its widest code need on
one line, measured in the card font (measure.py). When those widths leave
the statement less than ``STATEMENT_SHARE`` of the card, the columns shrink
toward the widest single word of their label and codes, and multi-word
codes and labels wrap inside them. When even that leaves the statement too
little (six schemes with codes such as "conditional against" on A7), the
grades go under each statement instead, each after its scheme's label.

The widths hold for every code of a scheme, not only those a card uses,
so the columns line up on every card of every chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import GradingScheme, Guideline
from .measure import MM_PER_PT, text_mm

if TYPE_CHECKING:
    from .layout import CardSize

#: The statement keeps at least this share of the card's text width.
STATEMENT_SHARE = 0.5
#: The grading card's code column takes at most this share (its codes wrap beyond).
KEY_SHARE = 0.4
#: Space before each grade column: labels and codes of neighbours never touch.
GAP_MM = 1.2
#: Slack for the few kerning pairs that widen (measure.py) and for rounding.
SLACK_MM = 0.4
#: What a badge adds to its code (cards.css.j2, .badge): 0.3 mm padding and the
#: inner span's 0.5 mm each side, and the widest border any tone draws (1.4 pt).
BADGE_CHROME_MM = 2 * (0.3 + 0.5) + 2 * 1.4 * MM_PER_PT
#: The narrowest badge: a one-character code still gets a box to point at.
MIN_BADGE_MM = 4.0


@dataclass(frozen=True)
class GradeColumn:
    """One scheme's grades on the cards (lengths in mm)."""

    width: float       # the column, its gap included
    badge: float       # the least width of its badges beside or under the statements
    key: float         # the code column of its table on the grading card
    key_badge: float   # the least width of its badges there


@dataclass(frozen=True)
class GradeLayout:
    """How the cards print the grades: in columns, or under each statement."""

    label_pt: float                    # column labels
    badge_pt: float                    # codes in their badges
    gap: float                         # space before each column, in mm
    stacked: bool                      # grades under each statement, each with its scheme's label
    columns: tuple[GradeColumn, ...]   # one per scheme, in the guideline's order


@dataclass(frozen=True)
class _Need:
    wide: float     # everything on one line
    narrow: float   # wrapped at every space
    badge: float    # the widest code on one line, in its badge
    badge_narrow: float


def _need(scheme: GradingScheme, label_pt: float, badge_pt: float) -> _Need:
    def widest(texts: list[str], pt: float) -> float:
        return max((text_mm(t, pt, bold=True) for t in texts), default=0.0)

    codes = [c.code for c in scheme.codes]
    words = [w for code in codes for w in code.split()]
    badge = max(widest(codes, badge_pt) + BADGE_CHROME_MM, MIN_BADGE_MM)
    badge_narrow = max(widest(words, badge_pt) + BADGE_CHROME_MM, MIN_BADGE_MM)
    extra = GAP_MM + SLACK_MM
    return _Need(wide=max(widest([scheme.label], label_pt), badge) + extra,
                 narrow=max(widest(scheme.label.split(), label_pt), badge_narrow) + extra,
                 badge=badge, badge_narrow=badge_narrow)


def grade_layout(guideline: Guideline, size: CardSize, min_pt: float) -> GradeLayout:
    """The grade columns of ``guideline``'s cards at ``size``."""
    label_pt, badge_pt = min_pt, max(size.base_pt - 0.5, min_pt)
    text_width = size.width_mm - 2 * size.safe_mm
    room = text_width * (1 - STATEMENT_SHARE)
    needs = [_need(s, label_pt, badge_pt) for s in guideline.schemes]
    wide, narrow = sum(n.wide for n in needs), sum(n.narrow for n in needs)
    stacked = narrow > room
    if wide <= room or stacked:
        widths = [n.wide for n in needs]
    else:  # share what is left over the narrowest widths as each column would use it
        spare = (room - narrow) / (wide - narrow)
        widths = [n.narrow + (n.wide - n.narrow) * spare for n in needs]
    columns = []
    for need, width in zip(needs, widths):
        # In a column a scheme's badges are as wide as its widest code, so that they line
        # up; in a line of grades each is as wide as its own code.
        badge = MIN_BADGE_MM if stacked else min(need.badge, width - GAP_MM - SLACK_MM)
        key = max(need.badge_narrow, min(need.badge, text_width * KEY_SHARE)) + SLACK_MM
        columns.append(GradeColumn(width=round(width, 2), badge=round(badge, 2), key=round(key, 2),
                                   key_badge=round(min(need.badge, key - SLACK_MM), 2)))
    return GradeLayout(label_pt=label_pt, badge_pt=badge_pt, gap=GAP_MM, stacked=stacked, columns=tuple(columns))
