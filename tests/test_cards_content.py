"""Pocket cards: read the PDFs back and hold them to the issue's promises on what they say
(every graded statement with its grades, the cards in order, fonts, the crop-safe box, the QR codes)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pypdf
import pytest
from card_pdfs import (
    CHAPTER_PDF,
    GRADING_TITLE,
    MM,
    SITE,
    SOURCES_TITLE,
    PageData,
    _card_pages,
    card_titles,
    chapter,
    pages,
    rendered,
    squash,
)

from guidepress.model import Guideline, Recommendation
from guidepress.render.cards import MIN_FONT_PT, SIZES
from guidepress.render.cards.grades import grade_layout
from guidepress.text import plain, section_texts, terms_used


def _column_words(page: PageData, labels: list[str], col_pts: list[float]):
    """Statement words and grade-column x ranges of a page with a statement table."""
    words = page.extract_words()
    header = None
    for i, w in enumerate(words):
        if w["text"] == "Statement" and [x["text"] for x in words[i + 1 : i + 1 + len(labels)]] == labels:
            header = words[i + 1 : i + 1 + len(labels)]
            break
    if header is None:
        return None
    centers = [(h["x0"] + h["x1"]) / 2 for h in header]
    # not strict: a grade format prints one column for all the schemes
    ranges = [(c - col / 2, c + col / 2) for c, col in zip(centers, col_pts, strict=False)]
    split = ranges[0][0]
    statement = [w for w in words if w["x1"] <= split + 0.5 and w["top"] > header[0]["bottom"]]
    grades = [w for w in words if w["x0"] >= split - 0.5 and w["top"] > header[0]["bottom"]]
    return statement, grades, ranges, header


def statement_stream(data: bytes, guideline: Guideline, size: str):
    """Statement-column text of every page (no whitespace), the word of each character, grade columns."""
    labels = [s.label for s in guideline.schemes]
    col_pts = [c.width * MM for c in grade_layout(guideline, SIZES[size], MIN_FONT_PT).columns]
    stream, owner, columns = "", [], []
    for page in pages(data):
        found = _column_words(page, labels, col_pts)
        if found is None:
            continue
        statement, grades, ranges, header = found
        columns.append(ranges)
        for w in statement:
            stream += squash(w["text"])
            owner.extend([(w, grades, ranges)] * len(squash(w["text"])))
    return stream, owner, columns


def graded_in_order(guideline: Guideline) -> Iterator[tuple[Recommendation, int]]:
    def walk(rec: Recommendation, depth: int):
        yield rec, depth
        for child in rec.children:
            yield from walk(child, depth + 1)

    for section in chapter(guideline).sections:
        for rec in section.recommendations:
            yield from ((r, d) for r, d in walk(rec, 0) if r.grades)


def locate(stream: str, owner: list, guideline: Guideline):
    """Each graded statement (in model order) with the first word it was found at."""
    cursor = 0
    for rec, depth in graded_in_order(guideline):
        needle = squash(plain(rec.text))
        at = stream.find(needle, cursor)
        assert at >= 0, f"statement {rec.id!r} not found: {rec.text!r}"
        cursor = at + len(needle)
        yield rec, depth, owner[at]


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7"])
def test_every_graded_statement_appears_with_its_three_grades(guideline, size):
    stream, owner, columns = statement_stream(rendered(guideline, size)[CHAPTER_PDF], guideline, size)
    n = 0
    for rec, _, (word, grades, ranges) in locate(stream, owner, guideline):
        line = [g for g in grades if g["top"] < word["bottom"] + 1.5 and g["bottom"] > word["top"] - 1.5]
        got = [" ".join(g["text"] for g in line if lo <= (g["x0"] + g["x1"]) / 2 <= hi) for lo, hi in ranges]
        want = [rec.grade_map.get(s.id, "") for s in guideline.schemes]
        assert got == want, f"{rec.id}: grades {got} != {want}"
        n += 1
    assert n == sum(1 for r in chapter(guideline).all_recommendations() if r.grades) > 0
    for ranges in columns[1:]:  # grade columns line up on every card
        for (lo, _), (lo0, _) in zip(ranges, columns[0], strict=True):
            assert lo == pytest.approx(lo0, abs=0.5)


@pytest.mark.slow
def test_nested_statements_are_indented(cards_a6, guideline):
    stream, owner, _ = statement_stream(cards_a6[CHAPTER_PDF], guideline, "a6")
    found = list(locate(stream, owner, guideline))
    margin = min(word["x0"] for _, depth, (word, *_) in found if depth == 0)
    for rec, depth, (word, *_) in found:
        if depth == 0:
            assert word["x0"] == pytest.approx(margin, abs=0.5), rec.id
        else:
            assert word["x0"] >= margin + 2.5 * MM * depth, f"{rec.id} is not indented"


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7", "index"])
def test_sections_split_only_with_a_continued_marker(guideline, size):
    chapters = list(guideline.chapters)
    read = _card_pages(rendered(guideline, size)["cards/guideline.pdf"], guideline, chapters)
    expected = card_titles(guideline, chapters)
    previous = None
    order = []
    for kicker, title, continued, text in read:
        if title == previous:
            assert continued, f"{title!r} continues without a 'continued' marker"
        else:
            assert not continued, f"first card of {title!r} marked continued"
            order.append(title)
        # the cards run on under it (render/cards/packing.py), each under its kicker and title
        body, at = squash(text), len(squash(kicker + title))
        while len(order) < len(expected) and (found := body.find(squash(kicker + expected[len(order)]), at)) > 0:
            order.append(expected[len(order)])
            at = found + 1
        previous = order[-1]
    assert order == expected, "every card, once, in order"
    assert {k for k, *_ in read} == {c.title.upper() for c in chapters}
    if size == "a7":
        assert any(c for _, _, c, _ in read), "A7 is small enough that some section continues"


@pytest.mark.slow
def test_no_text_below_the_minimum_size_and_fonts_embedded(cards_a6):
    for data in cards_a6.values():
        sizes = [c["size"] for page in pages(data) for c in page.chars]
        assert min(sizes) >= MIN_FONT_PT - 0.01
        reader = pypdf.PdfReader(io.BytesIO(data))
        fonts = {}
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                fonts[str(font["/BaseFont"])] = "/FontFile2" in descendant["/FontDescriptor"]
        assert fonts and all("DejaVu-Sans" in name for name in fonts), fonts
        assert all(fonts.values()), f"fonts not embedded: {fonts}"


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7", "index"])
def test_everything_lies_inside_the_crop_safe_box(guideline, size):
    safe = SIZES[size].safe_mm * MM
    for data in rendered(guideline, size).values():
        for page in pages(data):
            w, h = float(page.width), float(page.height)
            ink = [c for c in page.chars if not c["text"].isspace()]  # a trailing space carries no ink
            objects = ink + page.lines + page.rects + page.curves
            assert ink
            for obj in objects:
                assert obj["x0"] >= safe - 0.5 and obj["x1"] <= w - safe + 0.5, (page.page_number, obj.get("text"))
                assert obj["top"] >= safe - 0.5 and obj["bottom"] <= h - safe + 0.5, (page.page_number, obj.get("text"))


@pytest.mark.slow
def test_every_card_carries_name_version_and_date(cards_a6, guideline):
    for page in pages(cards_a6["cards/guideline.pdf"]):
        text = page.extract_text()
        # The default guideline has no date: the version alone, then the card's number; never
        # SOURCE_DATE_EPOCH's day.
        assert re.search(rf"{re.escape(guideline.short_title)} {re.escape(guideline.version)} · \d+/\d+", text)
        assert "2023-11-14" not in text


@pytest.mark.slow
def test_grading_card_explains_every_code(cards_a6, guideline):
    read = _card_pages(cards_a6[CHAPTER_PDF], guideline, [chapter(guideline)])
    text = squash(" ".join(t for _, title, _, t in read if title == GRADING_TITLE))
    for scheme in guideline.schemes:
        assert squash(scheme.name) in text
        for code in scheme.codes:
            assert squash(code.code + code.meaning) in text, (scheme.id, code.code)


@pytest.mark.slow
def test_sources_card_points_to_the_references(cards_a6, guideline):
    read = _card_pages(cards_a6["cards/guideline.pdf"], guideline, list(guideline.chapters))
    assert read[-1][1] == SOURCES_TITLE
    text = squash(read[-1][3])
    assert squash(f"{SITE}references/") in text
    for ch in guideline.chapters:
        n = len({k for _, g in ch.reference_groups() for k in g.keys})
        assert squash(f"{n} references") in text and squash(f"{SITE}{ch.id}/") in text


@pytest.mark.slow
def test_abbreviations_on_a_card_are_spelled_out(cards_a6, guideline):
    read = _card_pages(cards_a6[CHAPTER_PDF], guideline, [chapter(guideline)])
    for section in chapter(guideline).sections:
        text = squash(" ".join(t for _, title, _, t in read if title == plain(section.title)))
        assert text, section.id
        texts = list(section_texts(section))
        for term, expansion in terms_used(chapter(guideline), texts, section.glossary):
            assert squash(term + expansion) in text, (section.id, term)
    liver = [
        t
        for t, _ in terms_used(
            chapter(guideline),
            section_texts(next(s for s in chapter(guideline).sections if s.id == "liver-metastases")),
        )
    ]
    assert {"TACE", "SIRT", "TARE", "RFA", "MWA", "IRE", "LITT", "HIFU", "SRS"} <= set(liver)


@pytest.mark.slow
def test_tables_and_quotes_render(cards_a6, guideline):
    text = squash(" ".join(p.extract_text() for p in pages(cards_a6[CHAPTER_PDF])))
    for section in chapter(guideline).sections:
        for table in section.tables:
            for row in table.rows:
                assert all(squash(plain(cell)) in text for cell in row), row[0]
            assert all(squash(plain(n)) in text for n in table.notes)
        for quote in section.quotes:
            assert squash(plain(quote.text)) in text and squash(quote.source) in text


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7"])
def test_qr_code_decodes_to_the_sections_page(guideline, size):
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    data = rendered(guideline, size)[CHAPTER_PDF]
    ch = chapter(guideline)
    urls = {GRADING_TITLE: SITE, SOURCES_TITLE: f"{SITE}references/"}
    urls |= {plain(s.title): f"{SITE}{ch.id}/#{s.id}" for s in ch.sections}
    read = _card_pages(data, guideline, [ch])
    doc = pdfium.PdfDocument(data)
    try:
        for i, (kicker, title, _, text) in enumerate(read):
            image = doc[i].render(scale=300 / 72).to_pil()
            found = [b.text for b in zxingcpp.read_barcodes(image)]
            # a card run on under another (render/cards/packing.py) has its code beside its title
            packed = [t for t in urls if t != title and squash(kicker + t) in squash(text)]
            want = sorted([urls[title]] + [urls[t] for t in packed])
            assert sorted(found) == want, f"page {i + 1} ({title}): {found}"
    finally:
        doc.close()
