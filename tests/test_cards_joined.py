"""Pocket cards of several chapters: guideline.pdf joins every chapter's set (outline, links,
metadata, font subsets), each set laid out once and cached."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from card_models import three_chapters
from card_pdfs import (
    CHAPTER_PDF,
    GRADING_TITLE,
    SITE,
    SOURCES_TITLE,
    WHOLE,
    _card_pages,
    _Epoch,
    card_titles,
    chapter,
    set_title,
    squash,
)

from guidepress.model import Guideline
from guidepress.render.cards import TEMPLATES, jobs, render_cards


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
