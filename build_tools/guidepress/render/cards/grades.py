"""Grade columns sized to the data.

A guideline prints one column per scheme, or with a ``grade_format`` one
column of printed grades ("[I, A]"). Each column is as wide as its label
and its widest code (or printed grades) need on one line, measured in the
card font (measure.py). When those widths leave the statement less than
``STATEMENT_SHARE`` of the card, the columns shrink toward the widest
single word of their label and codes, and multi-word codes and labels wrap
inside them. When even that leaves the statement too little (six schemes
with codes such as "conditional against" on A7), the grades go under each
statement instead, each after its column's label.

The widths hold for every code of a scheme (every grade the format can
print), not only those a card uses, so the columns line up on every card of
every chapter. A statement of an ungraded kind prints its kind's label
across the grade columns, so they are together at least as wide as the
widest word of such a label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...grade_format import header, parse, shown
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
    """One grade column of the section cards (lengths in mm)."""

    label: str  # its heading: a scheme's label, or the format with the labels in place of codes
    width: float  # the column, its gap included
    badge: float  # the least width of its badges beside or under the statements


@dataclass(frozen=True)
class SchemeKey:
    """One scheme's table of codes on the grading card (lengths in mm)."""

    key: float  # the code column
    key_badge: float  # the least width of its badges


@dataclass(frozen=True)
class GradeLayout:
    """How the cards print the grades: in columns, or under each statement."""

    label_pt: float  # column labels
    badge_pt: float  # codes in their badges
    gap: float  # space before each column, in mm
    stacked: bool  # grades under each statement, each with its column's label
    printed: str | None  # with a grade_format: its one column's label
    columns: tuple[GradeColumn, ...]  # per scheme in the guideline's order, or the one printed format
    keys: tuple[SchemeKey, ...]  # per scheme, in the guideline's order


@dataclass(frozen=True)
class _Need:
    wide: float  # everything on one line
    narrow: float  # wrapped at every space
    badge: float  # the widest code on one line, in its badge
    badge_narrow: float


def _widest(texts: list[str], pt: float, bold: bool) -> float:
    return max((text_mm(t, pt, bold=bold) for t in texts), default=0.0)


def _need(label: str, label_pt: float, code_mm: float, word_mm: float) -> _Need:
    """What a column needs for ``label`` over badges whose widest code is
    ``code_mm`` wide on one line and whose widest word is ``word_mm``."""
    badge = max(code_mm + BADGE_CHROME_MM, MIN_BADGE_MM)
    badge_narrow = max(word_mm + BADGE_CHROME_MM, MIN_BADGE_MM)
    extra = GAP_MM + SLACK_MM
    return _Need(
        wide=max(_widest([label], label_pt, True), badge) + extra,
        narrow=max(_widest(label.split(), label_pt, True), badge_narrow) + extra,
        badge=badge,
        badge_narrow=badge_narrow,
    )


def _scheme_need(scheme: GradingScheme, label_pt: float, badge_pt: float) -> _Need:
    codes = [shown(scheme, c.code) for c in scheme.codes]
    words = [w for code in codes for w in code.split()]
    return _need(scheme.label, label_pt, _widest(codes, badge_pt, True), _widest(words, badge_pt, True))


class _Words:
    """The widest word of any text made by appending pieces, each chosen
    from a few; widths are sums of advances (measure.py), so it is enough to
    keep the widest word still open at the end."""

    def __init__(self, pt: float) -> None:
        self.pt = pt
        self.widest = 0.0

    def append(self, open_mm: float, text: str) -> float:
        """``text`` after an open word ``open_mm`` wide: the open word after it."""
        words = text.split(" ")
        if len(words) == 1:
            return open_mm + text_mm(text, self.pt, bold=False)
        self.widest = max(
            [self.widest, open_mm + text_mm(words[0], self.pt, bold=False)]
            + [text_mm(w, self.pt, bold=False) for w in words[1:-1]]
        )
        return text_mm(words[-1], self.pt, bold=False)


def _format_need(guideline: Guideline, template: str, label: str, label_pt: float, badge_pt: float) -> _Need:
    """What the one column of printed grades needs, over every grade ``template`` can print.

    A scheme a statement lacks drops out with the text leading to it (grade_format.py), so
    the widest line has every scheme's widest code, while the widest word may join the texts
    around a scheme left out. The badge has no tone, so its text is not bold (cards.css.j2)."""
    layout = parse(template)
    words = _Words(badge_pt)
    line = 0.0
    opened: float | None = None  # the widest open word once a scheme is printed; None before
    for lead, scheme_id in layout.fields:
        scheme = guideline.scheme(scheme_id)
        codes = [shown(scheme, c.code) for c in scheme.codes] if scheme else []
        if not codes:
            continue
        line += text_mm(layout.prefix if opened is None else lead, badge_pt, bold=False)
        line += _widest(codes, badge_pt, False)
        after = [words.append(opened, lead + c) for c in codes] if opened is not None else []
        first = [words.append(0.0, layout.prefix + c) for c in codes]  # the first scheme printed
        opened = max(after + first + ([opened] if opened is not None else []))
    if opened is not None:
        words.widest = max(words.widest, words.append(opened, layout.suffix))
        line += text_mm(layout.suffix, badge_pt, bold=False)
    return _need(label, label_pt, line, words.widest)


def _kind_word(guideline: Guideline, pt: float) -> float:
    """The widest word of an ungraded kind's label, which spans the grade columns (not bold)."""
    labels = [k.label for k in guideline.statement_kinds() if not k.graded]
    return _widest([w for label in labels for w in label.split()], pt, False)


def grade_layout(guideline: Guideline, size: CardSize, min_pt: float) -> GradeLayout:
    """The grade columns of ``guideline``'s cards at ``size``."""
    label_pt, badge_pt = min_pt, max(size.base_pt - 0.5, min_pt)
    text_width = size.width_mm - 2 * size.safe_mm
    room = text_width * (1 - STATEMENT_SHARE)
    printed = header(guideline)
    scheme_needs = [_scheme_need(s, label_pt, badge_pt) for s in guideline.schemes]
    if guideline.grade_format is not None and printed is not None:
        labels = [printed]
        needs = [_format_need(guideline, guideline.grade_format.template, printed, label_pt, badge_pt)]
    else:
        labels, needs = [s.label for s in guideline.schemes], scheme_needs
    wide, narrow = sum(n.wide for n in needs), sum(n.narrow for n in needs)
    kind = _kind_word(guideline, size.base_pt) + GAP_MM + SLACK_MM if needs else 0.0
    stacked = max(narrow, kind) > room
    if wide <= room or stacked:
        widths = [n.wide for n in needs]
    else:  # share what is left over the narrowest widths as each column would use it
        spare = (room - narrow) / (wide - narrow)
        widths = [n.narrow + (n.wide - n.narrow) * spare for n in needs]
    if not stacked and sum(widths) < kind:  # an ungraded kind's label: the columns grow alike
        widths = [w * kind / sum(widths) for w in widths]
    columns = []
    for label, need, width in zip(labels, needs, widths, strict=True):
        # In a column a scheme's badges are as wide as its widest code, so that they line
        # up; in a line of grades each is as wide as its own code.
        badge = MIN_BADGE_MM if stacked else min(need.badge, width - GAP_MM - SLACK_MM)
        columns.append(GradeColumn(label=label, width=round(width, 2), badge=round(badge, 2)))
    keys = []
    for need in scheme_needs:
        key = max(need.badge_narrow, min(need.badge, text_width * KEY_SHARE)) + SLACK_MM
        keys.append(SchemeKey(key=round(key, 2), key_badge=round(min(need.badge, key - SLACK_MM), 2)))
    return GradeLayout(
        label_pt=label_pt,
        badge_pt=badge_pt,
        gap=GAP_MM,
        stacked=stacked,
        printed=printed,
        columns=tuple(columns),
        keys=tuple(keys),
    )
