"""The cards' view model: what each card of a set prints, from the model.

A card is a dict the templates read (cards.html.j2): model text already
rendered by ``inline`` (emphasis, sub- and superscript; everything else
escaped), addresses from render/addresses.py, QR codes as data URIs. Its
``kind`` (grading, section, sources) is what the templates name it by: a
grading or sources card carries no title of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from ...editorial import editorial_mark
from ...grade_format import display, shown
from ...messages import Messages
from ...model import Chapter, Guideline, Recommendation, Section, Table
from ...publication import publication_date
from ...text import INLINE, section_texts, terms_used
from ..addresses import (
    GRADING_CARD,
    HOME,
    SOURCES_CARD,
    card_anchor,
    chapter_url,
    references_url,
    section_url,
    site_address,
    statement_anchor,
)
from ..qr import qr_svg_data_uri
from ..release_marks import release_mark
from .markers import resolved_markers


def inline(text: str | None) -> Markup:
    """The model's inline Markdown (*em*, ~sub~, ^sup^) as HTML; all else escaped."""
    if not text:
        return Markup("")
    out: list[str] = []
    pos = 0
    for m in INLINE.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        for tag in ("em", "sub", "sup"):
            if m.group(tag) is not None:
                out.append(f"<{tag}>{escape(m.group(tag))}</{tag}>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


# ---------------------------------------------------------------- dates


def card_date(guideline: Guideline) -> str | None:
    """The date printed on the cards next to the version: the source's
    (publication.py), as the exports carry it; None prints the version alone."""
    return publication_date(guideline)


def pdf_timestamp(guideline: Guideline) -> str | None:
    """ISO timestamp for the PDF's created/modified dates, or None to leave them out."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if guideline.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", guideline.date):
        return guideline.date + "T00:00:00Z"
    return None


# ---------------------------------------------------------------- cards


def _tone_class(tone: str | None) -> str:
    return "tone-" + (re.sub(r"[^a-z0-9-]", "", tone.lower()) if tone else "none")


def _badge(guideline: Guideline, scheme_id: str, code: str | None) -> dict[str, Any] | None:
    if code is None:
        return None
    scheme = guideline.scheme(scheme_id)
    entry = scheme.get(code) if scheme else None
    return {
        "code": shown(scheme, code),
        "tone": _tone_class(entry.tone if entry else None),
        "spoken": entry.spoken if entry else code,
    }


def _badges(guideline: Guideline, rec: Recommendation) -> list[dict[str, Any] | None]:
    """One badge per grade column: per scheme, or the one printed format."""
    if guideline.grade_format is not None:
        printed = display(guideline, rec)
        return [{"code": printed, "tone": _tone_class(None), "spoken": printed} if printed else None]
    grades = rec.grade_map
    return [_badge(guideline, s.id, grades.get(s.id)) for s in guideline.schemes]


def grade_key(guideline: Guideline) -> list[dict[str, Any]]:
    """The one-line grade key every card's footer prints, per scheme in the guideline's order: a
    scheme whose codes have tones shows each code in its box (the patterns the statements' badges
    use, in the scheme's order) and its first and last tone (``toned``; cards.html.j2 words their
    direction); any other its first and last code. With a grade_format the badges carry no tones:
    every scheme shows its first and last code."""
    key = []
    for s in guideline.schemes:
        if not s.codes:
            continue
        first, last = s.codes[0], s.codes[-1]
        toned = guideline.grade_format is None and first.tone is not None and last.tone is not None
        key.append(
            {
                "label": s.label,
                "badges": [_badge(guideline, s.id, c.code) for c in s.codes] if toned else [],
                "toned": toned,
                "first": first.tone if toned else shown(s, first.code),
                "last": last.tone if toned else shown(s, last.code),
            }
        )
    return key


def _rec_rows(guideline: Guideline, rec: Recommendation, depth: int, words: Messages) -> Iterable[dict[str, Any]]:
    ungraded = guideline.ungraded(rec)
    kind = guideline.kind(rec.kind) if ungraded else None
    yield {
        "anchor": statement_anchor(rec),
        "depth": depth,
        "condition": inline(rec.condition),
        "text": inline(rec.text),
        "details": [inline(d) for d in rec.details],
        "footnotes": rec.footnotes,
        "badges": _badges(guideline, rec),
        # A statement of an ungraded kind prints as a statement, not as a heading of its children.
        "graded": bool(rec.grades) or ungraded,
        "kind": kind.label if kind else None,
        # Drafts, and new and changed statements, say so in words (editorial.py, render/release_marks.py).
        "release": "; ".join(
            m for m in (editorial_mark(words, rec), release_mark(words, guideline, rec, unchanged=False)) if m
        )
        or None,
    }
    for child in rec.children:
        yield from _rec_rows(guideline, child, depth + 1, words)


def _table(guideline: Guideline, section: Section, table: Table) -> dict[str, Any]:
    records = []
    for row in table.rows:
        # not strict: a row of the wrong length is a diagnostic (checks/tables.py), not a crash here
        cells = [
            (inline(col), inline(val)) for col, val in zip(table.columns[1:], row[1:], strict=False) if val.strip()
        ]
        records.append({"head": inline(row[0]) if row else Markup(""), "cells": cells})
    return {
        "title": inline(table.title),
        "records": records,
        "notes": [inline(n) for n in table.notes],
        "first_column": inline(table.columns[0]) if table.columns else Markup(""),
        "editorial": [inline(n) for n in table.editorial_notes],
        "cited": resolved_markers(guideline, section, table),
    }


def _section_card(
    guideline: Guideline, chapter: Chapter, section: Section, site_url: str | None, words: Messages
) -> dict[str, Any]:
    url = section_url(site_url, chapter, section)
    n_refs = len({key for group in section.references for key in group.keys})
    return {
        "kind": "section",
        "anchor": card_anchor(chapter, section),
        "chapter": chapter.title,
        "title": inline(section.title),
        "subtitle": inline(section.subtitle),
        "condition": inline(section.condition),
        "rows": [row for rec in section.recommendations for row in _rec_rows(guideline, rec, 0, words)],
        "footnotes": [(f.marker, inline(f.text)) for f in section.footnotes],
        "notes": [inline(n) for n in section.notes],
        "tables": [_table(guideline, section, t) for t in section.tables],
        "quotes": [
            {"text": inline(q.text), "source": inline(q.source), "grading": inline(q.grading)} for q in section.quotes
        ],
        "editorial": [inline(n) for n in section.editorial_notes],
        "abbreviations": [(t, inline(e)) for t, e in terms_used(chapter, section_texts(section), section.glossary)],
        "n_refs": n_refs,
        "url": url,
        "qr": qr_svg_data_uri(url) if url else None,
    }


def _grading_card(guideline: Guideline, chapters: list[Chapter], site_url: str | None) -> dict[str, Any]:
    schemes = [
        {
            "label": s.label,
            "name": s.name,
            "description": inline(s.description),
            "codes": [{"badge": _badge(guideline, s.id, c.code), "meaning": inline(c.meaning)} for c in s.codes],
        }
        for s in guideline.schemes
    ]
    home = site_address(site_url, HOME)
    return {
        "kind": "grading",
        "anchor": GRADING_CARD,
        "chapter": ", ".join(c.title for c in chapters),
        "subtitle": Markup(""),
        "schemes": schemes,
        "url": home,
        "qr": qr_svg_data_uri(home) if home else None,
    }


def _sources_card(guideline: Guideline, chapters: list[Chapter], site_url: str | None) -> dict[str, Any]:
    rows = []
    for chapter in chapters:
        rows.append(
            {"title": inline(chapter.title), "url": chapter_url(site_url, chapter), "n_refs": len(chapter.cited_keys())}
        )
    url = references_url(site_url)
    return {
        "kind": "sources",
        "anchor": SOURCES_CARD,
        "chapter": ", ".join(c.title for c in chapters),
        "subtitle": Markup(""),
        "chapters": rows,
        "references_url": url,
        "website": guideline.website,
        "copyright": guideline.copyright or guideline.publisher,
        "url": url,
        "qr": qr_svg_data_uri(url) if url else None,
    }


def card_views(
    guideline: Guideline, chapters: list[Chapter], site_url: str | None, words: Messages
) -> list[dict[str, Any]]:
    """The cards of one set, in order: grading card, the chapters' sections, sources card."""
    cards = [_grading_card(guideline, chapters, site_url)]
    for chapter in chapters:
        cards.extend(_section_card(guideline, chapter, s, site_url, words) for s in chapter.sections)
    cards.append(_sources_card(guideline, chapters, site_url))
    return cards
