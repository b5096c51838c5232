"""No near-empty cards (issue 18): short cards run on under the card before them
(render/cards/packing.py), read back from the PDFs the build writes.

A card's fill is the share of its body (from the crop-safe top to the footer's rule) that
its text reaches down to, from pypdfium2's text boxes. Sections print whole or split with
their continuation marked, so some cards stay short: one whose next section fits neither
whole nor split under it (``packing.MIN_START``, ``MIN_REST``). Hence ``FLOOR``: the
default's shortest section on a card of its own (Malignant Ascites, whose next section
would leave a line or two on a card of its own) fills 0.41-0.43 of the body at each size;
a card under 0.35 is one the packing should have spared, like the continuation that held
only a section's notes and abbreviations (0.49-0.51 before the packing) or a heading alone
at a card's foot.
"""

from __future__ import annotations

import pytest
from card_pdfs import CHAPTER_PDF, _card_pages, chapter, rendered

from guidepress.model import Guideline
from guidepress.render.cards import SIZES, TEMPLATES, card_environment
from guidepress.render.cards.layout import card_footer
from guidepress.render.cards.packing import Extent, Pages, pack
from guidepress.text import plain
from guidepress.verify.compare import squash

MM = 72 / 25.4
FLOOR = 0.35


def _fills(pdf: bytes, guideline: Guideline, size: str) -> list[float]:
    pdfium = pytest.importorskip("pypdfium2")
    fmt = SIZES[size]
    foot = card_footer(card_environment(TEMPLATES), guideline, size).height
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for page in doc:
            _, height = page.get_size()
            text = page.get_textpage()
            top, floor = height - fmt.safe_mm * MM, (fmt.safe_mm + foot) * MM
            bottoms = [text.get_rect(i)[1] for i in range(text.count_rects())]
            out.append((top - min(b for b in bottoms if b > floor)) / (top - floor))
    finally:
        doc.close()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7", "index"])
def test_no_card_but_the_last_is_near_empty(guideline, size):
    pdf = rendered(guideline, size)[CHAPTER_PDF]
    fills = _fills(pdf, guideline, size)
    read = _card_pages(pdf, guideline, [chapter(guideline)])
    assert len(fills) == len(read)
    for n, (fill, (_, title, _, _)) in enumerate(zip(fills[:-1], read, strict=False), start=1):
        assert fill >= FLOOR, f"card {n} ({title}) is filled {fill:.2f}"
    for n in range(len(read) - 2):
        # two cards in a row that each hold one section whole, and would have fitted on one card
        whole = [not read[i][2] and read[i + 1][1] != read[i][1] for i in (n, n + 1)]
        assert not all(whole) or fills[n] + fills[n + 1] > 0.96, f"cards {n + 1} and {n + 2} fit on one"


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7", "index"])
def test_every_heading_is_on_the_card_of_its_first_statement_above_it(guideline, size):
    from card_pdfs import pages

    cards = pages(rendered(guideline, size)[CHAPTER_PDF])
    packed = 0
    for section in chapter(guideline).sections:
        if not section.recommendations:
            continue
        # the statement's first words: a longer statement wraps, its grades printed after its first line
        title, first = squash(plain(section.title)), squash(plain(section.recommendations[0].text))[:12]
        where = next(i for i, c in enumerate(cards) if title in squash(c.extract_text()))
        text = squash(cards[where].extract_text())
        assert first in text, f"{section.id}: its first statement is not on card {where + 1} with its heading"
        assert text.index(title) < text.index(first), section.id
        packed += not text.startswith(squash(chapter(guideline).title.upper()) + title)
    if size == "a6":
        assert packed, "the default packs at least one section under another at A6"


def test_pack_moves_a_card_that_fits_whole_never_the_grading_card_nor_under_it():
    pages = Pages(first=400, continued=360)
    short = Extent(heights=(100,), head=60, lead=80, room=300)
    got = pack([short, short, short], ["section", "section", "grading"], 14, pages)
    assert got == ((0, 1), (2,))  # two short sections share a card; the grading card moves nowhere
    got = pack([short, short, short], ["grading", "section", "section"], 14, pages)
    assert got == ((0,), (1, 2))  # and keeps its card to itself


def test_pack_splits_a_section_only_where_its_lead_fits_and_enough_carries_on():
    pages = Pages(first=400, continued=360)
    short = Extent(heights=(150,), head=60, lead=80, room=250)
    rows = tuple((float(at), 15.0) for at in range(90, 390, 20))  # a statement every 20 px
    tall = Extent(heights=(390,), head=60, lead=90, room=10, breaks=rows)
    assert pack([short, tall], ["section", "section"], 14, pages) == ((0, 1),)
    assert pack([short, tall], ["section", "section"], 14, pages, frozenset({1})) == ((0,), (1,))
    unbroken = Extent(heights=(390,), head=60, lead=90, room=10, breaks=((380.0, 0.0),))  # one long block
    assert pack([short, unbroken], ["section", "section"], 14, pages) == ((0,), (1,))
    two_pages = Extent(heights=(390, 100), head=60, lead=90, room=260, breaks=rows)
    assert pack([short, two_pages], ["section", "section"], 14, pages) == ((0, 1),)  # its rest fills one card
    longer = Extent(heights=(390, 300), head=60, lead=90, room=60, breaks=rows)
    assert pack([short, longer], ["section", "section"], 14, pages) == ((0,), (1,))  # it would take two
    little_rest = Extent(heights=(260,), head=60, lead=90, room=140, breaks=rows[:8])
    assert pack([short, little_rest], ["section", "section"], 14, pages) == ((0,), (1,))
    sources = Extent(heights=(390,), head=40, lead=60, room=10, breaks=rows)
    assert pack([short, sources], ["section", "sources"], 14, pages) == ((0,), (1,))
