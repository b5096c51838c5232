"""Pocket cards with grades of any shape: made-up schemes in columns or stacked under the statements,
printed grade formats and ungraded kinds, all read back whole.

Artificial test content: schemes, codes and statements made up for these tests only (card_models.py).
"""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from card_models import with_format_and_kind, with_schemes
from card_pdfs import CHAPTER_PDF, MM, SITE, PageData, _Epoch, pages, squash

from guidepress.model import Guideline, Recommendation
from guidepress.render.cards import MIN_FONT_PT, SIZES, TEMPLATES, card_environment, render_cards
from guidepress.render.cards.grades import grade_layout
from guidepress.render.cards.layout import card_footer
from guidepress.text import plain


def _graded(g: Guideline) -> list[Recommendation]:
    return [r for s in g.chapters[0].sections for r in s.all_recommendations() if r.grades]


def _body_words(guideline: Guideline, page: PageData, size: str) -> list[dict]:
    """The page's words above the running footer."""
    foot = page.height - (SIZES[size].safe_mm + card_footer(card_environment(TEMPLATES), guideline, size).height) * MM
    return [w for w in page.words if w["bottom"] < foot]


def _column_text(page_pdf, x0: float, x1: float, top: float, bottom: float) -> str:
    return squash(page_pdf.within_bbox((x0 - 0.2, top - 0.2, x1 + 0.2, bottom)).extract_text())


@pytest.mark.slow
def test_grade_widths_are_measured_as_the_cards_print_them(cards_a6, guideline):
    """The grade columns are sized from the font's advance widths (render/cards/measure.py):
    every code and label as WeasyPrint printed it is as wide as measured, to within 1%."""
    from guidepress.render.cards.measure import text_mm

    wanted = {s.label for s in guideline.schemes} | {c.code for s in guideline.schemes for c in s.codes}
    seen = 0
    with pdfplumber.open(io.BytesIO(cards_a6[CHAPTER_PDF])) as doc:
        for page in doc.pages:
            for w in page.extract_words(extra_attrs=["fontname", "size"]):
                if w["text"] in wanted and "Bold" in w["fontname"]:
                    computed = text_mm(w["text"], w["size"], bold=True) * MM
                    assert w["x1"] - w["x0"] == pytest.approx(computed, rel=0.01), w["text"]
                    seen += 1
    assert seen > 50


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7"])
@pytest.mark.parametrize("n", [1, 4, 6])
def test_grades_of_any_shape_are_read_back_whole(guideline, n, size):
    g = with_schemes(guideline, n)
    with _Epoch():
        pdf = render_cards(g, site_url=SITE, size=size, workers=1)["cards/test-chapter.pdf"]
    layout = grade_layout(g, SIZES[size], MIN_FONT_PT)
    assert layout.stacked == (n > 1), "one scheme fits in a column; four or six wordy ones go under the statements"
    fmt = SIZES[size]
    data = pages(pdf)
    right = (fmt.width_mm - fmt.safe_mm) * MM
    for page in data:
        assert min(c["size"] for c in page.chars) >= MIN_FONT_PT - 0.01, page.page_number
        assert max(c["x1"] for c in page.chars) <= right + 0.1, f"page {page.page_number}: past the safe box"
        words = page.words
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                assert min(across, down) <= 0.1, f"page {page.page_number}: {a['text']!r} overlaps {b['text']!r}"
    # The grading card names every code, each word whole; each section card every label, apart.
    grading = {w["text"] for p in data for w in p.words}
    for scheme in g.schemes:
        assert all(word in grading for c in scheme.codes for word in c.code.split()), scheme.label
    label_words = [word for s in g.schemes for word in s.label.split()]
    for page in data:
        texts = [w["text"] for w in page.words]
        if any(re.fullmatch(r"\d\.\d(\.\d)?,?", t) for t in texts):  # a statement's number: a section card
            assert all(word in texts for word in label_words), (page.page_number, texts)
    recs = _graded(g)
    if layout.stacked:  # each statement, then each scheme's label and code
        text = "".join(squash(" ".join(w["text"] for w in _body_words(g, p, size))) for p in data)
        at = 0
        for r in recs:
            want = squash(plain(r.text)) + "".join(squash(s.label + r.grade_map[s.id]) for s in g.schemes)
            found = text.find(want, at)
            assert found >= 0, f"{r.id}: {want!r} not read back"
            at = found + len(want)
        return
    # Columns: each column read alone holds its label on every page, then its codes in statement order.
    edges = [right - sum(c.width for c in layout.columns[i:]) * MM for i in range(len(g.schemes))] + [right]
    read = [""] * len(g.schemes)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page, plumbed in zip(data, doc.pages, strict=True):
            heads = [w for w in page.words if w["text"] == "Statement"]
            if not heads:
                continue
            foot = page.height - (fmt.safe_mm + card_footer(card_environment(TEMPLATES), g, size).height) * MM
            for i, scheme in enumerate(g.schemes):
                text = _column_text(plumbed, edges[i], edges[i + 1], heads[0]["top"], foot)
                assert text.startswith(squash(scheme.label)), (page.page_number, scheme.label, text)
                read[i] += text[len(squash(scheme.label)) :]
    for i, scheme in enumerate(g.schemes):
        assert read[i] == "".join(squash(r.grade_map[scheme.id]) for r in recs), scheme.label


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7"])
@pytest.mark.parametrize(("n", "template"), [(3, "[{s0}; {s1}, {s2}]"), (2, "{s0} ({s1})"), (6, None)])
def test_printed_grades_and_kind_labels_are_read_back_whole(guideline, n, template, size):
    """A grade_format's one column is as wide as its heading and widest printed grades need
    (wrapping inside when room is short); an ungraded kind's label spans the columns, or stands
    under its statement when the grades do."""
    from guidepress.grade_format import display, header

    g = with_format_and_kind(with_schemes(guideline, n), template)
    with _Epoch():
        pdf = render_cards(g, site_url=SITE, size=size, workers=1)["cards/test-chapter.pdf"]
    layout = grade_layout(g, SIZES[size], MIN_FONT_PT)
    assert layout.stacked == (template is None)
    fmt = SIZES[size]
    right = (fmt.width_mm - fmt.safe_mm) * MM
    data = pages(pdf)
    for page in data:
        assert min(c["size"] for c in page.chars) >= MIN_FONT_PT - 0.01, page.page_number
        assert max(c["x1"] for c in page.chars) <= right + 0.1, page.page_number
    recs = [r for s in g.chapters[0].sections for r in s.all_recommendations() if r.grades or r.kind]
    kind_label = squash(g.kinds[0].label)
    if layout.stacked:  # each statement, then its grades or its kind's label
        text = "".join(squash(" ".join(w["text"] for w in _body_words(g, p, size))) for p in data)
        at = 0
        for r in recs:
            grades = "".join(squash(s.label + r.grade_map[s.id]) for s in g.schemes if s.id in r.grade_map)
            want = squash(plain(r.text)) + (kind_label if r.kind else grades)
            found = text.find(want, at)
            assert found >= 0, f"{r.id}: {want!r} not read back"
            at = found + len(want)
        return
    (column,) = layout.columns
    assert column.label == header(g)
    read = ""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page, plumbed in zip(data, doc.pages, strict=True):
            heads = [w for w in page.words if w["text"] == "Statement"]
            if not heads:
                continue
            foot = page.height - (fmt.safe_mm + card_footer(card_environment(TEMPLATES), g, size).height) * MM
            # the sources card may run on under the last section (render/cards/packing.py)
            pairs = zip(page.words, page.words[1:], strict=False)
            foot = min([foot] + [w["top"] for w, n in pairs if (w["text"], n["text"]) == ("Sources", "of")])
            # A heading of two lines starts above "Statement", which is centred beside it.
            top = min(w["top"] for w in page.words if w in heads or w["text"] == column.label.split()[0])
            text = _column_text(plumbed, right - column.width * MM, right, top, foot)
            assert text.startswith(squash(column.label)), (page.page_number, text)
            # a section run on under another repeats the column's heading
            read += text[len(squash(column.label)) :].replace(squash(column.label), "")
    assert read == "".join(kind_label if r.kind else squash(display(g, r) or "") for r in recs)
