"""Cards run on under the card before them (issue 18: no near-empty cards).

A card set is laid out twice: first with every card on sheets of its own,
only to be measured (without the running heads and footers, which print in
the page margins: about three quarters of the work of a full layout, the
same measures), then, from what that layout measured, with a card
that fits in the room left on the sheet before it printed there under a
rule, with its own QR code beside its title; or, when its head and first
statement fit there (and at least ``MIN_START`` of a card's body is left),
split, what does not fit carried on to the next card under the running
"continued" head (cards.css.j2), where the next card may in turn run on;
a card is split so only when what it carries on fits on that one next card.
The order of the cards never changes.

The first layout's measures are WeasyPrint's own, in the same fonts and
widths as the second's, so a card moved keeps its height and the places
where it may break (between statements and between blocks: ``Extent.breaks``);
where a split one breaks, and so how much it carries on, follows from
them. What is kept free for the rule and the QR code (``packed_height``),
and a spare ``SLACK_MM``, absorbs rounding. The second layout is checked
(``packed_layout``): a moved card that begins at the top of a page (it did
not fit after all, and would print under the "continued" head of the card
before) is put on a sheet of its own and the set packed and laid out again.
A set in which no card moves after all is laid out in full a second time:
the measuring layout cannot be printed. Every set seen so far moves one
(the default content's, and the benchmark's at scales S and M).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: Space above a packed card's rule, and between the rule and its head, in mm.
GAP_MM = 2.0
PAD_MM = 1.4
#: The rule's thickness, in points (the cards' CSS draws it).
RULE_PT = 0.8
#: Kept free on top of what a packed card measures: WeasyPrint rounds each line's position.
SLACK_MM = 1.0

Sheets = tuple[tuple[int, ...], ...]  # the cards (indices in set order) on each sheet


@dataclass(frozen=True)
class Extent:
    """A card as the first layout printed it, in CSS px."""

    heights: tuple[float, ...]  # its height on each page it took, margins included
    head: float  # the height of its head's content (kicker, title, subtitle), beside which a QR code goes
    lead: float  # the height of its head and what must print with it (its first statement or block)
    room: float  # the free height under it on its last page
    # where it may break on its first page (from its top, ascending), each with what the next
    # page repeats on top of what is left (a table's header row)
    breaks: tuple[tuple[float, float], ...] = ()
    top: bool = True  # whether it begins at the top of a page


@dataclass(frozen=True)
class Pages:
    """The body's height on a card's first page and on a continuation page (under the running head)."""

    first: float
    continued: float


def one_per_sheet(count: int) -> Sheets:
    return tuple((i,) for i in range(count))


def measure(document: Any, anchors: Sequence[str]) -> tuple[list[Extent], Pages]:
    """Each card's extent (by its element's id, ``anchors`` in set order) in a laid-out WeasyPrint
    document, and the height of its pages' bodies."""
    index = {anchor: i for i, anchor in enumerate(anchors)}
    pages: list[list[float]] = [[] for _ in anchors]
    heads: list[float] = [0.0] * len(anchors)
    leads: list[float] = [0.0] * len(anchors)
    breaks: list[tuple[tuple[float, float], ...]] = [()] * len(anchors)
    tops: list[bool] = [False] * len(anchors)
    rooms: list[float] = [0.0] * len(anchors)
    bodies: list[float] = []
    for page in document.pages:
        box = page._page_box  # WeasyPrint's layout: the one place a page's boxes are kept
        bodies.append(box.height)
        bottom = box.content_box_y() + box.height
        for child in box.descendants():
            element = getattr(child, "element", None)
            i = index.get(element.get("id", "")) if element is not None and child.element_tag == "section" else None
            if i is None:
                continue
            end = child.position_y + child.margin_height()
            if not pages[i]:
                heads[i], leads[i], breaks[i] = _head_height(child), _lead_height(child), _breaks(child)
                tops[i] = child.position_y <= box.content_box_y() + 1
            pages[i].append(end - child.position_y)
            rooms[i] = bottom - end
    extents = [
        Extent(tuple(p), heads[i], leads[i], rooms[i] if p else 0.0, breaks[i], tops[i]) for i, p in enumerate(pages)
    ]
    return extents, Pages(max(bodies, default=0.0), min(bodies, default=0.0))


def _head_height(section: Any) -> float:
    for child in section.descendants():
        if getattr(child, "element_tag", None) == "header":
            return float(child.height)
    return 0.0


def _lead_height(section: Any) -> float:
    """From the top of ``section`` to the end of the first block after its head: of a table of
    statements its first row, of anything else all of it (a quote or a trial prints whole)."""
    flow = [c for c in section.children if getattr(c, "element_tag", None) is not None and c.is_in_normal_flow()]
    after = next((n for c, n in zip(flow, flow[1:], strict=False) if c.element_tag == "header"), None)
    if after is None:
        return float(section.margin_height())
    rows = [b for b in after.descendants() if getattr(b, "element_tag", None) == "tr"]
    first = rows[1] if len(rows) > 1 else after  # rows[0] heads the columns
    return float(first.position_y + first.margin_height() - section.position_y)


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _breaks(section: Any) -> tuple[tuple[float, float], ...]:
    """Where ``section`` may break, from its top: after each statement row but the last and those
    heading others (the next page repeats the header row), after each trial record, and after each block of its own
    that the next does not keep with it (cards.css.j2: abbreviations and the references line
    go with the block before them)."""
    top = section.position_y
    out: list[tuple[float, float]] = []
    flow = [c for c in section.children if getattr(c, "element_tag", None) is not None and c.is_in_normal_flow()]
    for child, after in zip(flow, [*flow[1:], None], strict=True):
        if child.element_tag == "header":
            continue
        rows = [b for b in child.descendants() if getattr(b, "element_tag", None) == "tr"]
        if rows:
            head = rows[0].margin_height()  # the header row, repeated on the next page
            # never under a statement that heads others (cards.css.j2 keeps it with its first)
            out += [(r.position_y + r.margin_height() - top, head) for r in rows[1:-1] if "parent" not in _classes(r)]
        out += [(b.position_y + b.margin_height() - top, 0.0) for b in child.descendants() if "record" in _classes(b)]
        if after is not None and not {"abbr", "refs-line"} & set(_classes(after)):
            out.append((child.position_y + child.margin_height() - top, 0.0))
    return tuple(sorted(set(out)))


#: The least room, as a share of a card's body, in which a card too long for it begins: its head and
#: first statements, not a heading alone at the foot of a card.
MIN_START = 0.25
#: The least a split card carries on to its next card, as a share of that card's body: no card
#: holding only the last lines of a section.
MIN_REST = 0.45
#: Where a card before was split, the room it left is worked out from its breaks: a card moved
#: whole after it must fit with this share of a card's body to spare.
GUESS = 0.03


def packed_height(extent: Extent, qr_px: float, part: float | None = None) -> float:
    """The height ``extent``'s card takes, all pages together (or its first ``part``), run on under
    another: the rule and the gaps above it, and its head at least as tall as its QR code."""
    chrome = _px(GAP_MM + PAD_MM + SLACK_MM) + RULE_PT * 96 / 72
    height = sum(extent.heights) if part is None else part
    return height + max(0.0, qr_px - extent.head) + chrome


def pack(
    extents: Sequence[Extent], kinds: Sequence[str], qr_mm: float, pages: Pages, alone: frozenset[int] = frozenset()
) -> Sheets:
    """The sheets of cards of ``kinds`` (view.py): a section or sources card runs on in the sheet
    before it when it fits in the room left there; a section also, split, when its lead and
    ``MIN_START`` of a card's body fit there and it carries at least ``MIN_REST`` of one, and at
    most one, on to the next card. Every other card (the grading card always, and those in
    ``alone``) starts a sheet of its own, and none runs on under the grading card."""
    sheets: list[list[int]] = []
    room, spare = 0.0, 0.0  # the room left on the sheet's last card, and what is kept free of it
    qr_px = _px(qr_mm)
    for i, extent in enumerate(extents):
        need = packed_height(extent, qr_px)
        rest = _rest(extent, room - spare - (need - sum(extent.heights)), pages)
        # The grading card keeps its sheet to itself: it is the set's key, and its schemes' headings
        # would read as a statements' header row to the cards' reader (verify/cardlayout.py).
        if i in alone or not sheets or kinds[sheets[-1][0]] == "grading":
            sheets.append([i])
            room, spare = extent.room, 0.0
        elif kinds[i] != "grading" and need + spare <= room:
            sheets[-1].append(i)
            room -= need
        elif (
            kinds[i] == "section"
            and room - spare >= MIN_START * pages.first
            and rest is not None
            and rest >= MIN_REST * pages.continued
        ):
            sheets[-1].append(i)
            room, spare = pages.continued - rest, GUESS * pages.continued
        else:
            sheets.append([i])
            room, spare = extent.room, 0.0
    return tuple(tuple(s) for s in sheets)


def _rest(extent: Extent, room: float, pages: Pages) -> float | None:
    """How much of ``extent``'s card a continuation page holds when ``room`` of it fits on the card
    before (its last break there, at or under its lead); None when not even its lead fits or the
    rest would not fit on one page."""
    fits = [(at, repeat) for at, repeat in extent.breaks if extent.lead <= at <= room]
    if not fits:
        return None
    at, repeat = fits[-1]
    rest = sum(extent.heights) - at + repeat
    return rest if rest <= pages.continued else None


#: Layouts tried after the first before the cards stay each on its own.
TRIES = 3


def packed_layout(
    html: Callable[[Sheets | None, bool], str],
    lay_out: Callable[[str], Any],
    anchors: Sequence[str],
    kinds: Sequence[str],
    qr_mm: float,
) -> tuple[str, Any] | None:
    """The HTML (``html`` of the sheets, not measuring) and WeasyPrint document of a card set with
    its short cards packed; None when the cards stay each on its own (the caller lays them out:
    ``html(None, False)``). Measured with each card on its own (``html(None, True)``: a layout that
    leaves out what prints in the page margins, cheaper and the same in every measure), packed,
    laid out; kept unless a card run on under another begins at the top of a page (it did not fit
    where it was expected, and would print under the running head of the card before): then packed
    again with that card on a sheet of its own, at most ``TRIES`` times, before the cards stay
    each on its own."""
    extents, pages = measure(lay_out(html(None, True)), anchors)
    alone: set[int] = set()
    for _ in range(TRIES):
        sheets = pack(extents, kinds, qr_mm, pages, frozenset(alone))
        if sheets == one_per_sheet(len(anchors)):
            break
        text = html(sheets, False)
        packed = lay_out(text)
        got, _ = measure(packed, anchors)
        wrong = {i for sheet in sheets for i in sheet[1:] if got[i].top}
        if not wrong:
            return text, packed
        alone |= wrong
    return None


def _px(mm: float) -> float:
    return mm * 96 / 25.4
