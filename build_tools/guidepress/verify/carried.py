"""What each output must carry, and where in that output it belongs.

``carried(g, output)`` lists every item an output must carry: statements
with their grades per recommendation id, conditions, details, footnotes,
table columns and cells, notes, quotes, glossary terms and wording synonyms
with their expansions, a slide's own legend, statement kinds, reference
titles, editorial notes. Each item has a locator, a small frozen dataclass
saying where it belongs; every reader takes them apart with ``match``.

What belongs where: the cards carry statements, grades, details,
footnotes, notes, tables (columns after the first, every non-empty cell),
quotes, the abbreviations a card uses and the editorial notes of sections
and tables, but no reference lists (nor their or their works' editorial
notes); the site and the export carry everything. A statement's kind is
its id in the export; a kind that is not graded prints its label where the
grades would be, on the page and on the card.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import Chapter, Guideline, Recommendation, ReferenceGroup, Section
from ..render.addresses import group_anchor, note_anchor
from ..text import section_texts, terms_used

OUTPUTS = ("export", "html", "cards")
Output = Literal["export", "html", "cards"]
_ALL: frozenset[str] = frozenset(OUTPUTS)
_NO_CARDS: frozenset[str] = frozenset({"export", "html"})
_CARDS: frozenset[str] = frozenset({"cards"})
_EXPORT: frozenset[str] = frozenset({"export"})
_NO_EXPORT: frozenset[str] = frozenset({"html", "cards"})


# ---------------------------------------------------------------- locators


@dataclass(frozen=True, slots=True)
class OnRecommendation:
    """Something on one recommendation's own row (page, card) or object (export)."""

    rec_id: str


@dataclass(frozen=True, slots=True)
class Statement(OnRecommendation):
    """The statement: condition and text."""


@dataclass(frozen=True, slots=True)
class GradeAt(OnRecommendation):
    """The code of one scheme."""

    scheme: str


@dataclass(frozen=True, slots=True)
class Marker(OnRecommendation):
    """A footnote marker."""


@dataclass(frozen=True, slots=True)
class Kind(OnRecommendation):
    """The statement kind's id (the export's ``kind``)."""


@dataclass(frozen=True, slots=True)
class KindLabel(OnRecommendation):
    """An ungraded kind's label, printed where the grades would be."""


@dataclass(frozen=True, slots=True)
class RecRef(OnRecommendation):
    """A BibTeX key the recommendation cites (the export alone names keys)."""


#: Objects a text can be required to appear inside, each with a stable id
#: (a footnote's is its anchor, ``note_anchor``).
Scope = Literal["chapter", "section", "recommendation", "table", "quote", "footnote"]


@dataclass(frozen=True, slots=True)
class Within:
    """A text that must appear somewhere inside ``scope`` ``id``."""

    scope: Scope
    id: str


@dataclass(frozen=True, slots=True)
class InTable:
    table: str


@dataclass(frozen=True, slots=True)
class Column(InTable):
    """A column's header."""

    col: int


@dataclass(frozen=True, slots=True)
class Cell(InTable):
    row: int
    col: int


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """The expansion of a glossary term or wording synonym of a chapter."""

    chapter: str
    term: str


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """The expansion of a term a section's card lists among its abbreviations."""

    section: str
    term: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A work on the references page and in the export's references."""

    key: str


@dataclass(frozen=True, slots=True)
class WorkNote:
    """A work's editorial note, with the work (references page, export's references)."""

    key: str


@dataclass(frozen=True, slots=True)
class InGroup:
    """Inside a reference list: ``anchor`` (``group_anchor``) on ``chapter``'s page."""

    chapter: str
    anchor: str


@dataclass(frozen=True, slots=True)
class GroupItem(InGroup):
    """The ``index``-th (from 0) work of a reference list, by its key."""

    index: int
    key: str


Locator = OnRecommendation | Within | InTable | GlossaryTerm | Abbreviation | Reference | WorkNote | InGroup


@dataclass(frozen=True, slots=True)
class Item:
    """One thing an output must carry: ``value``, at ``where``."""

    owner: str
    what: str
    value: str
    where: Locator
    outputs: frozenset[str] = _ALL

    def missing(self, note: str = "") -> str:
        return f"{self.owner}: {self.what} {self.value!r} not found{note}"


# ---------------------------------------------------------------- what is carried


def carried(g: Guideline, output: str, chapters: Sequence[Chapter] | None = None) -> list[Item]:
    """Every item ``output`` ("export", "html" or "cards") must carry; with
    ``chapters``, those of these chapters alone (no reference list either)."""
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}; one of {', '.join(OUTPUTS)}")
    return [item for item in _items(g, chapters) if output in item.outputs]


def _items(g: Guideline, chapters: Sequence[Chapter] | None) -> Iterator[Item]:
    for chapter in g.chapters if chapters is None else chapters:
        yield from _chapter_items(g, chapter)
    for ref in g.references if chapters is None else ():
        yield Item(f"reference {ref.key!r}", "title", ref.get("title") or ref.key, Reference(ref.key), _NO_CARDS)
        if ref.editorial_note:
            yield Item(f"reference {ref.key!r}", "editorial note", ref.editorial_note, WorkNote(ref.key), _NO_CARDS)


def _chapter_items(g: Guideline, chapter: Chapter) -> Iterator[Item]:
    owner = f"chapter {chapter.id!r}"
    scope = Within("chapter", chapter.id)
    yield Item(owner, "title", chapter.title, scope)
    for what, text in (
        [("subtitle", chapter.subtitle)]
        + [("topic", t) for t in chapter.topics]
        + [("see-also title", s.title) for s in chapter.see_also]
        + [("author", n) for a in chapter.authors for n in a.names]
    ):
        if text:
            yield Item(owner, what, text, scope, _NO_CARDS)
    for entry in chapter.glossary:
        yield Item(
            f"glossary of {owner}",
            f"expansion of {entry.term!r}",
            entry.expansion,
            GlossaryTerm(chapter.id, entry.term),
            _NO_CARDS,
        )
    for wording in chapter.wording:
        yield Item(owner, "wording term", wording.term, scope, _NO_CARDS)
        if wording.intro:
            yield Item(owner, f"wording intro of {wording.term!r}", wording.intro, scope, _NO_CARDS)
        for syn in wording.synonyms:
            yield Item(
                f"wording {wording.term!r} of {owner}",
                f"expansion of synonym {syn.term!r}",
                syn.expansion,
                GlossaryTerm(chapter.id, syn.term),
                _NO_CARDS,
            )
    for i, group in enumerate(chapter.references, 1):
        yield from _group_items(g, group, InGroup(chapter.id, group_anchor(None, i)), owner)
    for section in chapter.sections:
        yield from _section_items(g, chapter, section)


def _section_items(g: Guideline, chapter: Chapter, section: Section) -> Iterator[Item]:
    owner = f"section {section.id!r}"
    scope = Within("section", section.id)
    yield Item(owner, "title", section.title, scope)
    for what, text in (("subtitle", section.subtitle), ("condition", section.condition)):
        if text:
            yield Item(owner, what, text, scope)
    for rec in section.all_recommendations():
        yield from _rec_items(g, rec)
    for i, footnote in enumerate(section.footnotes, 1):
        yield Item(
            owner, f"footnote {footnote.marker!r}", footnote.text, Within("footnote", note_anchor(section.id, i))
        )
    for note in section.notes:
        yield Item(owner, "note", note, scope)
    for entry in section.glossary:  # the cards print it with their abbreviations (below)
        yield Item(owner, f"legend expansion of {entry.term!r}", entry.expansion, scope, _NO_CARDS)
    for remark in section.editorial_notes:
        yield Item(owner, "editorial note", remark, scope)
    yield from _table_items(section)
    for quote in section.quotes:
        qscope = Within("quote", quote.id)
        qowner = f"quote {quote.id!r}"
        yield Item(qowner, "text", quote.text, qscope)
        yield Item(qowner, "source", quote.source, qscope)
        if quote.grading:
            yield Item(qowner, "grading", quote.grading, qscope)
    # The card's own choice of terms: those its texts use (as render/cards/view.py lists them).
    for term, expansion in terms_used(chapter, section_texts(section), section.glossary):
        yield Item(owner, f"abbreviation {term!r}", expansion, Abbreviation(section.id, term), _CARDS)
    for i, group in enumerate(section.references, 1):
        yield from _group_items(g, group, InGroup(chapter.id, group_anchor(section.id, i)), owner)


def _table_items(section: Section) -> Iterator[Item]:
    for table in section.tables:
        towner = f"table {table.id!r}"
        if table.title:
            yield Item(towner, "title", table.title, Within("table", table.id))
        for c, column in enumerate(table.columns):
            # A card prints each row as a record headed by its first cell, so
            # the first column's header is the site's and the export's only.
            used = c > 0 and any(c < len(row) and row[c].strip() for row in table.rows)
            yield Item(towner, f"column {c + 1}", column, Column(table.id, c), _ALL if used else _NO_CARDS)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                column = table.columns[c] if c < len(table.columns) else str(c + 1)
                yield Item(
                    towner,
                    f"row {r + 1} cell {column!r}",
                    cell,
                    Cell(table.id, r, c),
                    _ALL if cell.strip() else _NO_CARDS,
                )
        for note in table.notes:
            yield Item(towner, "note", note, Within("table", table.id))
        for remark in table.editorial_notes:
            yield Item(towner, "editorial note", remark, Within("table", table.id))


def _rec_items(g: Guideline, rec: Recommendation) -> Iterator[Item]:
    owner = f"recommendation {rec.id!r}"
    statement = " ".join(t for t in (rec.condition, rec.text) if t)
    yield Item(owner, "statement", statement, Statement(rec.id))
    for grade in rec.grades:
        scheme = g.scheme(grade.scheme)
        label = scheme.label if scheme else grade.scheme
        yield Item(owner, f"{label} grade", grade.code, GradeAt(rec.id, grade.scheme))
    if rec.kind is not None:
        yield Item(owner, "kind", rec.kind, Kind(rec.id), _EXPORT)
        kind = g.kind(rec.kind)
        if kind is not None and not kind.graded:
            yield Item(owner, "kind", kind.label, KindLabel(rec.id), _NO_EXPORT)
    for marker in rec.footnotes:
        yield Item(owner, "footnote marker", marker, Marker(rec.id))
    for detail in rec.details:
        yield Item(owner, "detail", detail, Within("recommendation", rec.id))
    for key in rec.refs:
        yield Item(owner, "reference key", key, RecRef(rec.id), _EXPORT)


def _group_items(g: Guideline, group: ReferenceGroup, where: InGroup, owner: str) -> Iterator[Item]:
    gowner = f"reference list {group.title or where.anchor!r} of {owner}"
    if group.title:
        yield Item(gowner, "title", group.title, where, _NO_CARDS)
    for i, key in enumerate(group.keys):
        ref = g.reference(key)
        title = (ref.get("title") if ref else None) or key
        yield Item(gowner, f"item {i + 1} ({key})", title, GroupItem(where.chapter, where.anchor, i, key), _NO_CARDS)
    for remark in group.editorial_notes:
        yield Item(gowner, "editorial note", remark, where, _NO_CARDS)
