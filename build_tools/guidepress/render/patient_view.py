"""The patient view: each chapter in an audience's plain words, inside the site of the audience's language.

An audience variant (``en-x-patients``, audiences.py) is no site of its
own. Its texts are a page per chapter, ``patients/<chapter>/``, in the site
of its language (the primary's, or ``site/<lang>/``), listed in the
navigation: each plain statement under its plain section title, each with
the grades of its clinical recommendation (the chapter page's badges) and a
link to it, the reference. A statement without a plain text (GP241 says
which) is left off the page rather than shown in clinical words to a patient,
and the page says how many of the chapter's recommendations it covers; a
section title without one is the site's. Stale texts are printed as written
(GP242 asks for a look), as a translation's are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..audiences import Variant, covered_texts, variants_of
from ..messages import Messages
from ..model import Chapter, ChapterTranslation, Entry, Guideline, Recommendation, Section
from .addresses import audience_page
from .graded import used_codes


@dataclass(frozen=True, slots=True)
class PlainStatement:
    recommendation: Recommendation  # the clinical one, as the site prints it
    condition: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class PlainSection:
    section: Section
    title: str
    statements: tuple[PlainStatement, ...]


@dataclass(frozen=True, slots=True)
class PatientView:
    """One chapter for one audience: what its page prints."""

    variant: Variant
    page: str  # site path (addresses.audience_page)
    chapter: Chapter  # as the site prints it
    title: str
    sections: tuple[PlainSection, ...]  # those with a plain statement
    total: int  # the chapter's recommendations, with or without a plain text

    @property
    def covered(self) -> int:
        return sum(len(s.statements) for s in self.sections)


def patient_views(g: Guideline) -> list[PatientView]:
    """Every audience's view of every chapter published in the site of ``g`` (in ``g.language``)."""
    variants = variants_of(g, g.language)
    if not variants:
        return []
    return [_view(v, c, g.translated.get(v.tag, {}).get(c.id)) for v in variants for c in g.chapters]


def _view(v: Variant, chapter: Chapter, tr: ChapterTranslation | None) -> PatientView:
    covered = covered_texts(v.tag, chapter)
    entries = {k: e for k, e in (tr.entries if tr is not None else {}).items() if k in covered}

    def plain(key: str, fallback: str) -> str:
        entry = entries.get(key)
        return entry.text if entry is not None else fallback

    sections = []
    for section in chapter.sections:
        statements = tuple(st for r in section.all_recommendations() if (st := _statement(r, entries)) is not None)
        if statements:
            sections.append(PlainSection(section, plain(f"{section.id}.title", section.title), statements))
    total = sum(1 for s in chapter.sections for _ in s.all_recommendations())
    page = audience_page(v.audience.name, chapter)
    return PatientView(v, page, chapter, plain("title", chapter.title), tuple(sections), total)


def _statement(rec: Recommendation, entries: dict[str, Entry]) -> PlainStatement | None:
    """The statement in plain words, when each of its texts (condition, text) has them."""
    keys = [f"{rec.id}.{name}" for name in ("condition", "text") if getattr(rec, name)]
    if not keys or any(key not in entries for key in keys):
        return None

    def plain(name: str) -> str | None:
        entry = entries.get(f"{rec.id}.{name}")
        return entry.text if entry is not None else None

    return PlainStatement(rec, plain("condition"), plain("text"))


def patient_nav(g: Guideline, words: Messages) -> list[Any]:
    """The navigation's section of the audiences' pages (none without a variant of the site's language)."""
    return [
        {words.wording(v.audience.label): [{c.title: audience_page(v.audience.name, c)} for c in g.chapters]}
        for v in variants_of(g, g.language)
    ]


def patient_pages(
    g: Guideline, views: list[PatientView], render: Callable[..., str], abbreviations: Callable[[Chapter], Any]
) -> dict[str, str]:
    """Site path -> Markdown of each view's page. Its template sees ``g`` as the chapter's slice (for the
    grade format and statement kinds the badges follow) and ``view``; no ``chapter``, so the page's
    head claims no recommendation of its own (render/linked_data.py)."""
    pages = {}
    for view in views:
        recs = [st.recommendation for s in view.sections for st in s.statements]
        pages[view.page] = render(
            "patients.md.j2",
            view.page,
            abbreviations(view.chapter),
            g=_slice(g, view.chapter),
            schemes=g.schemes,
            view=view,
            used_codes=used_codes(g, recs),
        )
    return pages


def _slice(g: Guideline, chapter: Chapter) -> Guideline:
    return replace(g, chapters=(chapter,), references=())
