"""Recommendations the board is still working on (``status: draft`` or ``consultation``).

The live preview shows them, marked; a published build (``guidepress build``,
``export``, ``cards``, ``mkdocs build``) leaves them out unless asked
(``--include-drafts``), and then the export says each one's status. Left
out means gone from every output together: the statement and its children,
the reference lists that support it, the works only those lists cite, the
footnotes only it uses. ``guidepress verify`` compares a site with the same
published model, so a draft left out is not reported lost.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .model import Chapter, Guideline, Recommendation, Section

if TYPE_CHECKING:
    from .messages import Messages

_MARKS = {"draft": "editorial.draft", "consultation": "editorial.consultation"}


def published(g: Guideline) -> Guideline:
    """``g`` without its drafts and recommendations in consultation (``g`` itself when it has none)."""
    if all(r.editorial is None for r in g.all_recommendations()):
        return g
    chapters = tuple(_chapter(c) for c in g.chapters)
    before = {k for c in g.chapters for k in c.cited_keys()}
    after = {k for c in chapters for k in c.cited_keys()}
    references = tuple(r for r in g.references if r.key in after or r.key not in before)
    return replace(g, chapters=chapters, references=references)


def editorial_mark(words: Messages, rec: Recommendation) -> str | None:
    """ "draft" or "in consultation" in readers' words; None for a published recommendation."""
    key = _MARKS.get(rec.editorial or "")
    return words.wording(key) if key is not None else None


def _chapter(chapter: Chapter) -> Chapter:
    sections = tuple(_section(s) for s in chapter.sections)
    kept = {r.id for s in sections for r in s.all_recommendations()}
    gone = {r.id for r in chapter.all_recommendations()} - kept
    groups = tuple(g for g in chapter.references if g.statement not in gone)
    return replace(chapter, sections=sections, references=groups)


def _section(section: Section) -> Section:
    recs = _kept(section.recommendations)
    if recs == section.recommendations:
        return section
    kept = {r.id for top in recs for r in top.walk()}
    gone = {r.id for r in section.all_recommendations()} - kept
    markers = {m for top in recs for r in top.walk() for m in r.footnotes}
    return replace(
        section,
        recommendations=recs,
        footnotes=tuple(f for f in section.footnotes if f.marker in markers),
        references=tuple(g for g in section.references if g.statement not in gone),
    )


def _kept(recs: tuple[Recommendation, ...]) -> tuple[Recommendation, ...]:
    out = []
    for rec in recs:
        if rec.editorial is not None:
            continue
        children = _kept(rec.children)
        out.append(rec if children == rec.children else replace(rec, children=children))
    return tuple(out)
