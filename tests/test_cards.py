"""Pocket cards: read the PDFs back and hold them to the issue's promises.

The default content is rendered once per size per session and shared.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import ROOT

from guidepress.model import Chapter, Guideline, Quote, Recommendation, Section, Table
from guidepress.render.cards import (
    MIN_FONT_PT,
    SIZES,
    TEMPLATES,
    card_date,
    card_environment,
    inline,
    jobs,
    render_cards,
)
from guidepress.render.cards.grades import grade_layout
from guidepress.render.cards.layout import card_footer
from guidepress.settings import load_settings
from guidepress.text import plain, section_texts, terms_used


def read_site_url(root: Path) -> str | None:
    settings, problems = load_settings(root)
    assert settings is not None, problems
    return settings.site_url


SITE = read_site_url(ROOT) or "https://guidelines.example.org/ago-breast/"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
MM = 72 / 25.4
CHAPTER_PDF = "cards/sites-of-metastases.pdf"
WHOLE = "cards/guideline.pdf"
GRADING_TITLE = "How to read the grades"
SOURCES_TITLE = "Sources of these cards"


class _Epoch:
    """SOURCE_DATE_EPOCH set for the duration of a render (session fixtures cannot monkeypatch)."""

    def __enter__(self) -> None:
        self.old = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = EPOCH

    def __exit__(self, *exc: object) -> None:
        if self.old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self.old


_RENDERED: dict[str, dict[str, bytes]] = {}


def rendered(guideline: Guideline, size: str) -> dict[str, bytes]:
    if size not in _RENDERED:
        with _Epoch():
            _RENDERED[size] = render_cards(guideline, site_url=SITE, size=size)
    return _RENDERED[size]


@pytest.fixture(scope="session")
def cards_a6(guideline: Guideline) -> dict[str, bytes]:
    return rendered(guideline, "a6")


def set_title(g: Guideline, what: str) -> str:
    """A card set's PDF title, as the default templates word it."""
    return f"{g.short_title or g.title} {g.version} — pocket cards — {what}"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclasses.dataclass(frozen=True)
class PageData:
    """What the tests read from a PDF page, parsed once per PDF (pdfplumber is slow)."""

    page_number: int
    width: float
    height: float
    chars: list
    lines: list
    rects: list
    curves: list
    words: list
    text: str

    def extract_text(self) -> str:
        return self.text

    def extract_words(self, **_: object) -> list:
        return self.words


_PARSED: dict[bytes, list[PageData]] = {}


def pages(pdf: bytes) -> list[PageData]:
    if pdf not in _PARSED:
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            _PARSED[pdf] = [
                PageData(
                    p.page_number,
                    float(p.width),
                    float(p.height),
                    p.chars,
                    p.lines,
                    p.rects,
                    p.curves,
                    p.extract_words(),
                    p.extract_text(),
                )
                for p in doc.pages
            ]
    return _PARSED[pdf]


def chapter(guideline: Guideline) -> Chapter:
    return guideline.chapters[0]


def card_titles(guideline: Guideline, chapters: list[Chapter]) -> list[str]:
    return [GRADING_TITLE] + [plain(s.title) for c in chapters for s in c.sections] + [SOURCES_TITLE]


def page_header(page: PageData, titles: list[str]) -> tuple[str, str, bool]:
    """(kicker, card title, continued?) read from the top lines of a page."""
    lines = page.extract_text().splitlines()
    kicker, rest = lines[0], squash(" ".join(lines[1:5]))
    matches = [t for t in titles if rest.startswith(squash(t))]
    assert matches, f"no card title at the top of page {page.page_number}: {lines[:5]}"
    title = max(matches, key=len)
    return kicker, title, rest[len(squash(title)) :].startswith("CONTINUED")


# ---------------------------------------------------------------- outputs


@pytest.mark.slow
def test_one_pdf_per_chapter_and_one_for_the_guideline(cards_a6, guideline):
    assert set(cards_a6) == {"cards/guideline.pdf"} | {f"cards/{c.id}.pdf" for c in guideline.chapters}
    assert all(data.startswith(b"%PDF-") for data in cards_a6.values())


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7", "index"])
def test_page_size(guideline, size):
    fmt = SIZES[size]
    for data in rendered(guideline, size).values():
        for page in pypdf.PdfReader(io.BytesIO(data)).pages:
            box = page.mediabox
            assert float(box.width) == pytest.approx(fmt.width_mm * MM, abs=0.5)
            assert float(box.height) == pytest.approx(fmt.height_mm * MM, abs=0.5)
    assert SIZES["a6"].width_mm == 105 and SIZES["a6"].height_mm == 148
    assert SIZES["a7"].width_mm == 74 and SIZES["a7"].height_mm == 105
    assert SIZES["index"].width_mm == pytest.approx(4 * 25.4) and SIZES["index"].height_mm == pytest.approx(6 * 25.4)


def test_default_size_is_a6(guideline, monkeypatch):
    seen = {}
    monkeypatch.setattr(
        jobs.Worker, "render", lambda self, ids, outputs: seen.setdefault("size", self.options.size) and {}
    )
    render_cards(guideline, site_url=SITE)
    assert seen["size"] == "a6"


@pytest.mark.slow
def test_card_wording_comes_from_the_templates(guideline, tmp_path):
    """Card and PDF titles are the templates' words: other templates, other words; a
    template without the block doc_title is named."""
    import jinja2

    dest = shutil.copytree(TEMPLATES, tmp_path / "cards")
    page = dest / "cards.html.j2"
    text = page.read_text(encoding="utf-8")
    start, end = text.index("{% block doc_title %}"), text.index("{% endblock %}") + len("{% endblock %}")
    own = "{% block doc_title %}{{ name }}: Taschenkarten{% endblock %}"
    page.write_text(text[:start] + own + text[end:].replace("How to read the grades", "Lesehilfe"), encoding="utf-8")
    with _Epoch():
        out = render_cards(guideline, site_url=SITE, templates=dest, workers=1)
    first = pypdf.PdfReader(io.BytesIO(out[CHAPTER_PDF]))
    assert first.metadata["/Title"] == f"{guideline.short_title}: Taschenkarten"
    assert "Lesehilfe" in first.pages[0].extract_text() and GRADING_TITLE not in first.pages[0].extract_text()
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(jinja2.TemplateRuntimeError, match=r"cards\.html\.j2: no \{% block doc_title %\}"):
        render_cards(guideline, site_url=SITE, templates=dest)


def test_unknown_size_is_refused(guideline):
    with pytest.raises(ValueError, match="a6, a7, index"):
        render_cards(guideline, site_url=SITE, size="letter")


# ---------------------------------------------------------------- content


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


def _card_pages(data: bytes, guideline: Guideline, chapters: list[Chapter]) -> list[tuple[str, str, bool, str]]:
    titles = card_titles(guideline, chapters)
    out = []
    for page in pages(data):
        kicker, title, continued = page_header(page, titles)
        out.append((kicker, title, continued, page.extract_text()))
    return out


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


@pytest.mark.slow
def test_same_source_gives_byte_identical_pdfs(cards_a6, guideline):
    with _Epoch():
        again = render_cards(guideline, site_url=SITE, size="a6")
    assert again == cards_a6
    info = pypdf.PdfReader(io.BytesIO(cards_a6[CHAPTER_PDF])).metadata
    assert info["/CreationDate"].startswith("D:20231114221320")
    assert info["/ModDate"].startswith("D:20231114221320")


@pytest.mark.slow
def test_parallel_rendering_gives_the_same_bytes(guideline):
    """Several chapters go to a process pool; output must not depend on it."""
    ch = chapter(guideline)
    small = dataclasses.replace(ch, sections=ch.sections[-1:])
    other = dataclasses.replace(small, id="copy-of-" + ch.id, title="Copy")
    g2 = dataclasses.replace(guideline, chapters=(small, other))
    with _Epoch():
        serial = render_cards(g2, site_url=SITE, workers=1)
        parallel = render_cards(g2, site_url=SITE, workers=2)
    assert serial == parallel
    assert set(serial) == {"cards/guideline.pdf", f"cards/{ch.id}.pdf", f"cards/copy-of-{ch.id}.pdf"}


# ---------------------------------------------------------------- several chapters: guideline.pdf

_RENAMED = (Section, Recommendation, Table, Quote)


def renamed(value, prefix: str):
    """A copy of a model subtree whose section, statement, table and quote ids start with ``prefix``."""
    if isinstance(value, tuple):
        return tuple(renamed(v, prefix) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for f in dataclasses.fields(value):
        if f.init:
            old = getattr(value, f.name)
            new = prefix + old if f.name == "id" and isinstance(value, _RENAMED) else renamed(old, prefix)
            if new is not old:
                changes[f.name] = new
    return dataclasses.replace(value, **changes) if changes else value


def three_chapters(guideline: Guideline) -> Guideline:
    """The default chapter cut in three, ids made unique: a table, a quote and footnotes among them."""
    ch = chapter(guideline)
    parts = [ch.sections[:2], ch.sections[2:4], ch.sections[-2:]]
    chapters = [dataclasses.replace(ch, sections=parts[0])]
    for n, (sections, title) in enumerate(zip(parts[1:], ["Second chapter", "Third chapter"], strict=True), start=2):
        chapters.append(
            dataclasses.replace(
                renamed(ch, f"c{n}-"), id=f"c{n}-{ch.id}", title=title, sections=renamed(sections, f"c{n}-")
            )
        )
    return dataclasses.replace(guideline, chapters=tuple(chapters))


def linked_templates(dest: Path) -> Path:
    """The card templates with each chapter's address on the sources card as a link."""
    shutil.copytree(TEMPLATES, dest)
    page = dest / "cards.html.j2"
    text = page.read_text(encoding="utf-8")
    old = '<span class="url">{{ ch.url }}</span>'
    assert old in text
    page.write_text(text.replace(old, '<a class="url" href="{{ ch.url }}">{{ ch.url }}</a>'), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def several(guideline, tmp_path_factory) -> tuple[Guideline, Path, dict[str, bytes]]:
    g = three_chapters(guideline)
    templates = linked_templates(tmp_path_factory.mktemp("templates") / "cards")
    with _Epoch():
        out = render_cards(g, site_url=SITE, templates=templates, workers=2)
    return g, templates, out


def _outline(reader: pypdf.PdfReader, items=None) -> list:
    """[(title, first page index, children)] of an outline."""
    items = reader.outline if items is None else items
    out = []
    for i, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[i + 1] if i + 1 < len(items) and isinstance(items[i + 1], list) else []
        out.append((item.title, reader.get_destination_page_number(item), _outline(reader, children)))
    return out


def _uris(reader: pypdf.PdfReader) -> list[tuple[int, str]]:
    found = []
    for n, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                found.append((n, str(action["/URI"])))
    return found


@pytest.mark.slow
def test_guideline_pdf_is_every_chapters_set_in_order(several):
    g, _, out = several
    assert set(out) == {WHOLE} | {f"cards/{c.id}.pdf" for c in g.chapters}
    joined = pypdf.PdfReader(io.BytesIO(out[WHOLE]))
    sets = [pypdf.PdfReader(io.BytesIO(out[f"cards/{c.id}.pdf"])) for c in g.chapters]
    expected = [page for reader in sets for page in reader.pages]
    assert len(joined.pages) == len(expected) == sum(len(r.pages) for r in sets)
    for n, (got, want) in enumerate(zip(joined.pages, expected, strict=True)):
        assert got.extract_text() == want.extract_text(), f"page {n + 1}"
        assert got.mediabox == want.mediabox
    # Each set whole, in chapter order: its own grading card first, its sources card last, and
    # its own numbering ("card N of M" counts the chapter's cards).
    read = _card_pages(out[WHOLE], g, list(g.chapters))
    own = [_card_pages(out[f"cards/{c.id}.pdf"], g, [c]) for c in g.chapters]
    assert [t for _, t, continued, _ in read if not continued] == [t for r in own for _, t, c, _ in r if not c]
    for r in own:  # the sources card may run on under the last section (render/cards/packing.py)
        assert r[0][1] == GRADING_TITLE and squash(SOURCES_TITLE) in squash(r[-1][3])
    assert [k for k, *_ in read] == [c.title.upper() for c, r in zip(g.chapters, sets, strict=True) for _ in r.pages]
    numbers = [re.search(rf"{re.escape(g.version)} · (\d+)/(\d+)", text).groups() for *_, text in read]
    assert numbers == [(str(n), str(len(r.pages))) for r in sets for n in range(1, len(r.pages) + 1)]


@pytest.mark.slow
def test_guideline_pdf_outline_has_one_entry_per_chapter_with_its_bookmarks(several):
    g, _, out = several
    joined = _outline(pypdf.PdfReader(io.BytesIO(out[WHOLE])))
    assert [title for title, _, _ in joined] == [c.title for c in g.chapters]
    first_page = 0
    for (title, page, children), c in zip(joined, g.chapters, strict=True):
        own = _outline(pypdf.PdfReader(io.BytesIO(out[f"cards/{c.id}.pdf"])))
        assert children, title
        assert page == first_page, title

        def shifted(entries, by=first_page):
            return [(t, p + by, shifted(kids, by)) for t, p, kids in entries]

        assert children == shifted(own), title
        assert [t for t, _, _ in own] == card_titles(g, [c])
        first_page += len(pypdf.PdfReader(io.BytesIO(out[f"cards/{c.id}.pdf"])).pages)


@pytest.mark.slow
def test_guideline_pdf_keeps_links_metadata_and_a_content_identifier(several):
    g, _, out = several
    joined = pypdf.PdfReader(io.BytesIO(out[WHOLE]))
    offset, expected = 0, []
    for c in g.chapters:
        reader = pypdf.PdfReader(io.BytesIO(out[f"cards/{c.id}.pdf"]))
        expected += [(n + offset, uri) for n, uri in _uris(reader)]
        offset += len(reader.pages)
    assert [uri for _, uri in expected] == [f"{SITE}{c.id}/" for c in g.chapters]  # the test's own links
    assert _uris(joined) == expected

    first = pypdf.PdfReader(io.BytesIO(out[f"cards/{g.chapters[0].id}.pdf"]))
    info, own = joined.metadata, first.metadata
    assert info["/Title"] == f"{g.short_title} {g.version} — pocket cards — all chapters"
    for key in ("/Author", "/Subject", "/Keywords", "/CreationDate", "/ModDate"):
        assert info.get(key) == own.get(key), key
    assert info["/CreationDate"].startswith("D:20231114221320")
    assert "WeasyPrint" in own["/Producer"] and info["/Producer"].startswith(own["/Producer"])
    assert "pypdf" in info["/Producer"]
    assert joined.root_object["/Lang"] == first.root_object["/Lang"] == g.language
    ids = joined.trailer["/ID"]
    assert ids[0] == ids[1] and re.fullmatch(rb"[0-9a-f]{32}", bytes(ids[0].original_bytes))
    assert ids[0] not in [pypdf.PdfReader(io.BytesIO(v)).trailer["/ID"][0] for k, v in out.items() if k != WHOLE]


@pytest.mark.slow
def test_guideline_pdf_is_byte_identical_and_loses_nothing(several):
    from guidepress.verify import card_pages, missing_in_cards

    g, templates, out = several
    with _Epoch():
        again = render_cards(g, site_url=SITE, templates=templates, workers=1)
    assert again == out
    assert missing_in_cards(g, card_pages(out[WHOLE])) == []
    # Identical objects (badge patterns) are stored once, but pypdf writes no object streams: the
    # structure trees' small objects (compressed in the sets) take about half as much again
    # (1.47 times the sets side by side for these three chapters).
    assert len(out[WHOLE]) < 1.7 * sum(len(v) for k, v in out.items() if k != WHOLE)


def _subsets(reader: pypdf.PdfReader) -> dict[str, set[bytes]]:
    """Embedded font name -> the font programs that go by it."""
    names: dict[str, set[bytes]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            names.setdefault(str(font["/BaseFont"]), set()).add(descriptor["/FontFile2"].get_object().get_data())
    return names


@pytest.mark.slow
def test_guideline_pdf_gives_each_font_subset_its_own_tag(several):
    g, _, out = several
    chapters = [_subsets(pypdf.PdfReader(io.BytesIO(out[f"cards/{c.id}.pdf"]))) for c in g.chapters]
    given: dict[str, set[bytes]] = {}
    for names in chapters:
        for name, ps in names.items():
            given.setdefault(name, set()).update(ps)
    assert any(len(ps) > 1 for ps in given.values())  # WeasyPrint names a subset after its font alone
    joined = _subsets(pypdf.PdfReader(io.BytesIO(out[WHOLE])))
    assert all(len(programs) == 1 for programs in joined.values()), "one tag, several subsets"
    programs = {p for names in chapters for ps in names.values() for p in ps}
    assert {p for ps in joined.values() for p in ps} == programs
    assert len(joined) == len(programs)
    assert all(re.fullmatch(r"/[A-Z]{6}\+DejaVu-Sans(-Bold|-Oblique)?", name) for name in joined)


def _count_layouts(monkeypatch, layouts: list[str] | None = None) -> list[tuple[list[str], str]]:
    """Record (titles, HTML) of every card set written in this process, and in ``layouts`` the HTML of
    every layout (a set is laid out once, or twice when packing.py moves a card)."""
    calls: list[tuple[list[str], str]] = []
    write, lay_out = jobs.write_pdfs, jobs.lay_out

    def written(document, html, titles):
        calls.append((list(titles), html))
        return write(document, html, titles)

    def laid_out(html, *args):
        if layouts is not None:
            layouts.append(html)
        return lay_out(html, *args)

    monkeypatch.setattr(jobs, "write_pdfs", written)
    monkeypatch.setattr(jobs, "lay_out", laid_out)
    return calls


@pytest.mark.slow
def test_each_chapter_is_written_once_from_at_most_two_layouts(several, monkeypatch):
    g, templates, out = several
    layouts: list[str] = []
    calls = _count_layouts(monkeypatch, layouts)
    with _Epoch():
        again = render_cards(g, site_url=SITE, templates=templates, workers=1)  # in this process: counted
    assert again == out
    assert [titles for titles, _ in calls] == [[set_title(g, c.title)] for c in g.chapters]
    assert len(g.chapters) <= len(layouts) <= 2 * len(g.chapters)
    for (_, html), c in zip(calls, g.chapters, strict=True):
        assert html.count('class="card card-section') == len(c.sections)


@pytest.mark.slow
def test_one_edited_chapter_is_laid_out_again_and_the_rest_comes_from_the_cache(several, tmp_path, monkeypatch):
    from guidepress.cache import Cache

    g, templates, out = several
    cache = Cache(tmp_path, enabled=True)
    with _Epoch():
        assert render_cards(g, site_url=SITE, templates=templates, cache=cache, workers=2) == out
        calls = _count_layouts(monkeypatch)
        assert render_cards(g, site_url=SITE, templates=templates, cache=cache, workers=1) == out
        assert calls == []  # every set and the joined file from the cache
        third = g.chapters[2]
        section = third.sections[0]
        rec = dataclasses.replace(section.recommendations[0], text="An edited statement for the cache test")
        edited_chapter = dataclasses.replace(
            third,
            sections=(dataclasses.replace(section, recommendations=(rec,) + section.recommendations[1:]),)
            + third.sections[1:],
        )
        edited = dataclasses.replace(g, chapters=g.chapters[:2] + (edited_chapter,))
        shutil.copytree(tmp_path / ".cache", tmp_path / "copy" / ".cache")
        changed = render_cards(edited, site_url=SITE, templates=templates, cache=cache, workers=1)
        # The same through the pool (one set laid out in a worker while the cached ones are read).
        assert (
            render_cards(
                edited, site_url=SITE, templates=templates, cache=Cache(tmp_path / "copy", enabled=True), workers=2
            )
            == changed
        )
    assert [titles for titles, _ in calls] == [[set_title(g, third.title)]]
    assert {k for k in out if changed[k] != out[k]} == {WHOLE, f"cards/{third.id}.pdf"}
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(changed[WHOLE])).pages)
    assert "An edited statement for the cache test" in text


@pytest.mark.slow
def test_one_chapter_guideline_pdf_is_the_chapters_layout_under_another_title(cards_a6, guideline):
    whole = pypdf.PdfReader(io.BytesIO(cards_a6[WHOLE]))
    own = pypdf.PdfReader(io.BytesIO(cards_a6[CHAPTER_PDF]))
    assert [p.extract_text() for p in whole.pages] == [p.extract_text() for p in own.pages]
    assert whole.metadata["/Title"].endswith("— all chapters")
    assert own.metadata["/Title"].endswith("— " + chapter(guideline).title)
    assert "pypdf" not in whole.metadata["/Producer"]  # not joined: WeasyPrint wrote it


# ---------------------------------------------------------------- small parts


def test_inline_markdown_is_rendered_and_everything_else_escaped():
    assert str(inline("*early* H~2~O 10^9^/l")) == "<em>early</em> H<sub>2</sub>O 10<sup>9</sup>/l"
    assert str(inline("<script>x</script> & a < b")) == "&lt;script&gt;x&lt;/script&gt; &amp; a &lt; b"
    assert str(inline("*<b>*")) == "<em>&lt;b&gt;</em>"
    assert str(inline("ECOG 2108 *1,2 and 5 * 3")) == "ECOG 2108 *1,2 and 5 * 3"
    assert plain("*a* H~2~O") == "a H2O"


def test_card_date_is_the_sources_or_none(guideline, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert card_date(guideline) is None  # never the build's day
    assert card_date(dataclasses.replace(guideline, date="2023-03-01")) == "2023-03-01"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert card_date(guideline) is None


def test_site_url_reads_mkdocs_yml_with_python_tags(tmp_path, monkeypatch):
    assert read_site_url(tmp_path) is None
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://guidelines.example.org/ago-breast\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "  - pymdownx.superfences:\n      custom_fences:\n        - format: !!python/object/apply:x.y []\n"
        "extra:\n  analytics: !ENV [NOPE_UNSET, off]\n",
        encoding="utf-8",
    )
    assert read_site_url(tmp_path) == "https://guidelines.example.org/ago-breast/"
    (tmp_path / "mkdocs.yml").write_text("site_url: !ENV [GP_SITE_URL, 'https://a.example/']\n")
    assert read_site_url(tmp_path) == "https://a.example/"
    monkeypatch.setenv("GP_SITE_URL", "https://b.example/x/")
    assert read_site_url(tmp_path) == "https://b.example/x/"


# ---------------------------------------------------------------- command


def test_cards_command_writes_atomically(project: Path, monkeypatch, capsys):
    from guidepress.cli import main
    from guidepress.commands import cards as command

    calls = {}

    def fake(guideline, *, site_url, size="a6", templates=None, cache=None):
        calls.update(site_url=site_url, size=size)
        return {"cards/guideline.pdf": b"%PDF-1 g", "cards/sites-of-metastases.pdf": b"%PDF-1 c"}

    monkeypatch.setattr(command, "render_cards", fake)
    old = project / "site" / "cards"
    old.mkdir(parents=True)
    (old / "stale.pdf").write_bytes(b"old")
    assert main(["cards", "--root", str(project), "--size", "a7"]) == 0
    assert calls == {"site_url": read_site_url(project), "size": "a7"}
    assert sorted(p.name for p in old.iterdir()) == ["guideline.pdf", "sites-of-metastases.pdf"]
    with pytest.raises(SystemExit) as refused:  # argparse refuses it: a usage error
        main(["cards", "--root", str(project), "--size", "letter"])
    assert refused.value.code == 2
    assert "'a6', 'a7', 'index'" in capsys.readouterr().err


def test_cards_command_names_the_font_package_when_the_font_is_missing(project: Path, monkeypatch, capsys):
    from guidepress.cli import main
    from guidepress.render import fonts

    monkeypatch.setattr(fonts, "font_installed", lambda family=fonts.CARD_FONT: False)
    assert main(["cards", "--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "fonts-dejavu-core" in err and "DejaVu Sans" in err
    assert not (project / "site" / "cards").exists()


# ---------------------------------------------------------------- grades of any shape
# Artificial test content: schemes, codes and statements made up for these tests only.

_SCHEMES = [  # (label, codes with their tones)
    (
        "GRADE",
        [
            ("strong recommendation for", "strong-for"),
            ("conditional recommendation for", "for"),
            ("conditional recommendation against", "against"),
            ("strong recommendation against", "strong-against"),
        ],
    ),
    ("Certainty", [("high", None), ("moderate", None), ("low", None), ("very low", None)]),
    ("ESMO-MCBS", [("A", "strong-for"), ("B", "for"), ("C", "neutral"), ("5", None)]),
    ("Oxford LoE", [("1a", None), ("2b", None), ("5", None)]),
    ("NCCN", [("1", None), ("2A", None), ("2B", None), ("3", None)]),
    ("Expert", [("good practice statement", "neutral"), ("consensus", None)]),
]


def with_schemes(guideline: Guideline, n: int) -> Guideline:
    """The default guideline's metadata with ``n`` made-up schemes and one made-up chapter graded in all."""
    from guidepress.model import Code, Grade, GradingScheme

    schemes = tuple(
        GradingScheme(
            f"s{i}",
            label,
            f"Test scheme {label}",
            None,
            None,
            None,
            tuple(Code(code, f"Test meaning of {code}", code, tone) for code, tone in codes),
        )
        for i, (label, codes) in enumerate(_SCHEMES[:n])
    )
    counter = iter(range(1000))

    def rec(text: str, children: tuple[Recommendation, ...] = ()) -> Recommendation:
        k = next(counter)
        grades = () if children else tuple(Grade(s.id, s.codes[k % len(s.codes)].code) for s in schemes)
        return Recommendation(f"r{k}", text, None, grades, (), (), children)

    def section(i: int) -> Section:
        recs = (
            rec(f"Test statement {i}.1 about a made-up intervention in a made-up setting"),
            rec(
                f"Test parent {i}.2",
                (rec(f"Test child {i}.2.1, short"), rec(f"Test child {i}.2.2 with a longer wording to wrap")),
            ),
            rec(f"Test statement {i}.3"),
        )
        return Section(f"test-section-{i}", f"Test section {i}", None, None, recs, (), (), (), (), ())

    ch = dataclasses.replace(
        guideline.chapters[0],
        id="test-chapter",
        title="Test chapter",
        subtitle=None,
        topics=(),
        see_also=(),
        wording=(),
        glossary=(),
        references=(),
        sections=tuple(section(i) for i in range(1, 4)),
    )
    return dataclasses.replace(guideline, schemes=schemes, chapters=(ch,), references=())


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


def with_format_and_kind(g: Guideline, template: str | None) -> Guideline:
    """``g`` (see ``with_schemes``) with its grades printed as ``template``, each section's last
    statement of a made-up ungraded kind, and each first child without its last scheme's grade."""
    from guidepress.model import GradeFormat, Kind

    last = g.schemes[-1].id

    def section(s: Section) -> Section:
        first, parent, final = s.recommendations
        child, *others = parent.children
        child = dataclasses.replace(child, grades=tuple(x for x in child.grades if x.scheme != last))
        parent = dataclasses.replace(parent, children=(child, *others))
        return dataclasses.replace(
            s, recommendations=(first, parent, dataclasses.replace(final, grades=(), kind="test-kind"))
        )

    ch = g.chapters[0]
    ch = dataclasses.replace(ch, sections=tuple(section(s) for s in ch.sections))
    return dataclasses.replace(
        g,
        chapters=(ch,),
        kinds=(Kind("test-kind", "Test ungraded statement", False),),
        grade_format=GradeFormat(template) if template else None,
    )


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
