"""GP223: no id of the source is an anchor that the page showing it makes itself.

A chapter page gives its footnotes, reference lists, headings and grade
meanings anchors of their own (``<section>-note-1``, ``<section>-refs-1``,
``chapter-references``, ``about-this-chapter``, ``gp-def-<scheme>-<rank>``),
and the grades page one per code (``<scheme>-<n>``). A section, a
recommendation, a table or a quote (or a scheme, on the grades page) whose
id is one of them would make two elements with one id, which the pages
refuse to render. ``page_anchors`` lists every anchor as the templates
(templates/site/pages) make them; tests/test_diagnostics.py compares the
list with the rendered pages.

Two ids written in the source that are the same are GP205's; a footnote
marker given twice (two notes, one anchor) is GP224's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import ERROR, Code, Diagnostic, Example, SourcePos
from ..model import Chapter, Guideline
from ..render.addresses import (
    ABOUT_THIS_CHAPTER,
    CHAPTER_REFERENCES,
    GRADES,
    STATEMENT_KINDS,
    chapter_page,
    definition_anchor,
    footnote_anchor,
    group_anchor,
    note_anchor,
    published_folder,
    quote_anchor,
    scheme_anchor,
    scheme_code_anchor,
    section_anchor,
    statement_anchor,
    table_anchor,
)

TAKEN_ANCHOR = Code(
    "GP223",
    ERROR,
    f"id that is an anchor the page makes itself (`{ABOUT_THIS_CHAPTER}`, `{note_anchor('<section>', 1)}` ...)",
    example=Example(
        "source/chapters/liver.yml",
        f"id: liver\ntitle: Liver metastases\nsections:\n  - id: {ABOUT_THIS_CHAPTER}\n    title: About this chapter\n",
    ),
    fix="choose another id; the message names the anchor it collides with",
)

CODES = (TAKEN_ANCHOR,)


@dataclass(frozen=True, slots=True)
class Anchor:
    """One element id on a page: ``what`` has it, made from the source at ``pos``
    (None: the template's own); ``written`` when it is an id as the source
    writes it (``what`` then names the id: "section id 'x'")."""

    id: str
    what: str
    pos: SourcePos | None
    written: bool


def page_anchors(g: Guideline) -> dict[str, list[Anchor]]:
    """Page (site path of its Markdown) -> its anchors in page order; only the
    pages that print ids of the source."""
    pages = {chapter_page(chapter): list(_chapter_anchors(g, chapter)) for chapter in g.chapters}
    pages[GRADES] = list(_grades_anchors(g))
    return pages


def _chapter_anchors(g: Guideline, chapter: Chapter) -> Iterator[Anchor]:
    for section in chapter.sections:
        if not section.id:
            continue  # a section without an id is reported as such
        yield Anchor(section_anchor(section), f"section id '{section.id}'", section.pos, True)
        for rec in section.all_recommendations():
            if rec.id:
                yield Anchor(statement_anchor(rec), f"recommendation id '{rec.id}'", rec.pos, True)
        markers: set[str] = set()
        for note in section.footnotes:
            # Notes with one marker share the first one's anchor (GP224's).
            if note.marker not in markers:
                markers.add(note.marker)
                yield Anchor(
                    footnote_anchor(section, note.marker),
                    f"footnote '{note.marker}' of section '{section.id}'",
                    note.pos,
                    False,
                )
        for table in section.tables:
            if table.id:
                yield Anchor(table_anchor(table), f"table id '{table.id}'", table.pos, True)
        for quote in section.quotes:
            if quote.id:
                yield Anchor(quote_anchor(quote), f"quote id '{quote.id}'", quote.pos, True)
        for i, group in enumerate(section.references, 1):
            yield Anchor(group_anchor(section.id, i), f"reference list {i} of section '{section.id}'", group.pos, False)
    if chapter.references:
        yield Anchor(CHAPTER_REFERENCES, "the heading 'References of the chapter'", None, False)
        for i, group in enumerate(chapter.references, 1):
            yield Anchor(group_anchor(None, i), f"reference list {i} of the chapter", group.pos, False)
    yield Anchor(ABOUT_THIS_CHAPTER, "the heading 'About this chapter'", None, False)
    used = {(grade.scheme, grade.code) for rec in chapter.all_recommendations() for grade in rec.grades}
    for scheme in g.schemes:
        ranks: set[int | None] = set()
        for code in scheme.codes:
            rank = scheme.rank(code.code)
            # A code listed twice in its scheme has one meaning (and is GP214's).
            if (scheme.id, code.code) in used and rank not in ranks:
                ranks.add(rank)
                yield Anchor(
                    definition_anchor(scheme, code), f"the meaning of {scheme.label} '{code.code}'", code.pos, False
                )


def _grades_anchors(g: Guideline) -> Iterator[Anchor]:
    for scheme in g.schemes:
        yield Anchor(scheme_anchor(scheme), f"grading scheme id '{scheme.id}'", scheme.pos, True)
        for i, code in enumerate(scheme.codes, 1):
            yield Anchor(scheme_code_anchor(scheme, i), f"code '{code.code}' of scheme '{scheme.id}'", code.pos, False)
    if g.statement_kinds():
        yield Anchor(STATEMENT_KINDS, "the heading 'Statement kinds'", None, False)


def _page_name(page: str) -> str:
    return "the grades page" if page == GRADES else f"the page of chapter '{published_folder(page)}'"


def check(g: Guideline) -> Iterator[Diagnostic]:
    for page, anchors in page_anchors(g).items():
        by_id: dict[str, list[Anchor]] = {}
        for anchor in anchors:
            by_id.setdefault(anchor.id, []).append(anchor)
        for ident, same in by_id.items():
            if len(same) < 2 or all(a.written for a in same):
                continue
            # Keep the template's own anchor, else one made from the source; report the others.
            kept = min(same, key=lambda a: (a.pos is not None, a.written))
            at = f" ({kept.pos})" if kept.pos else ""
            for anchor in same:
                if anchor is kept or anchor.pos is None:
                    continue
                if anchor.written:
                    message = (
                        f"{anchor.what} is also the anchor of {kept.what}{at} on {_page_name(page)}; choose another id"
                    )
                else:
                    message = (
                        f"{anchor.what} gets the anchor '{ident}', which {kept.what}{at} has too on "
                        f"{_page_name(page)}; change one of the ids it is made from"
                    )
                yield TAKEN_ANCHOR.at(anchor.pos, message)
