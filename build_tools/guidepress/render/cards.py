"""Pocket cards: the model -> Jinja2 HTML -> WeasyPrint -> PDF.

One card set (PDF) per chapter and one for the whole guideline. A set is a
grading card (every scheme's codes and meanings), one card per section, and
a sources card. A section longer than a card continues on the next with its
title repeated and marked "continued" (CSS page groups: the first page of a
section shows the full header, later pages a running "continued" header).

``render_cards`` is pure: it reads the model and the templates and returns
PDF bytes; the same input gives byte-identical output (fixed PDF dates from
SOURCE_DATE_EPOCH, a PDF identifier derived from the content).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import jinja2
from markupsafe import Markup, escape

from ..model import Chapter, Guideline, Recommendation, Section
from ..text import section_texts
from .fonts import CARD_FONT, require_card_font

if TYPE_CHECKING:
    from ..cache import Cache
from .qr import qr_svg_data_uri

#: Smallest font size used anywhere on a card, in points (tests hold us to it).
MIN_FONT_PT = 7.0

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "cards"


def project_templates(root: Path) -> Path:
    """The project's own card templates (``root/templates/cards``), else guidepress' defaults."""
    own = root / "templates" / "cards"
    return own if (own / "cards.html.j2").is_file() else TEMPLATES


@dataclass(frozen=True)
class CardSize:
    """A card format: trim size, crop-safe inset and type scale."""

    key: str
    label: str
    width_mm: float
    height_mm: float
    safe_mm: float       # no text or code closer than this to a trim edge
    base_pt: float       # body text
    title_pt: float      # section title
    qr_mm: float         # QR code edge, quiet zone included
    grade_col_mm: float  # width of one grade column
    full_title: bool     # print the guideline's full title in the footer


SIZES: dict[str, CardSize] = {
    "a6": CardSize("a6", "A6 (105 × 148 mm)", 105, 148, 6, 8, 11.5, 17, 9, True),
    "a7": CardSize("a7", "A7 (74 × 105 mm)", 74, 105, 5, 7, 9, 14, 7.6, False),
    "index": CardSize("index", "index card (4 × 6 in)", 101.6, 152.4, 6, 8, 11.5, 17, 9, True),
}


# ---------------------------------------------------------------- inline text

_INLINE = re.compile(
    r"\*(?P<em>[^\s*](?:[^*]*?[^\s*])?)\*"   # *emphasis*
    r"|~(?P<sub>[^\s~]+)~"                   # ~subscript~
    r"|\^(?P<sup>[^\s^]+)\^"                 # ^superscript^
)


def inline(text: str | None) -> Markup:
    """The model's inline Markdown (*em*, ~sub~, ^sup^) as HTML; all else escaped."""
    if not text:
        return Markup("")
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(str(escape(text[pos:m.start()])))
        for tag in ("em", "sub", "sup"):
            if m.group(tag) is not None:
                out.append(f"<{tag}>{escape(m.group(tag))}</{tag}>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def plain(text: str | None) -> str:
    """The text a reader sees: inline markup removed."""
    if not text:
        return ""
    return _INLINE.sub(lambda m: m.group("em") or m.group("sub") or m.group("sup") or "", text)


# ---------------------------------------------------------------- dates, urls

def card_date(guideline: Guideline, today: dt.date | None = None) -> str:
    """The date printed on the cards: guideline date, else SOURCE_DATE_EPOCH, else today."""
    if guideline.date:
        return guideline.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return (today or dt.date.today()).isoformat()


def pdf_timestamp(guideline: Guideline) -> str | None:
    """ISO timestamp for the PDF's created/modified dates, or None to leave them out."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if guideline.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", guideline.date):
        return guideline.date + "T00:00:00Z"
    return None


def chapter_url(site_url: str | None, chapter: Chapter) -> str | None:
    return f"{site_url}{chapter.id}/" if site_url else None


def section_url(site_url: str | None, chapter: Chapter, section: Section) -> str | None:
    return f"{site_url}{chapter.id}/#{section.id}" if site_url else None


def references_url(site_url: str | None) -> str | None:
    return f"{site_url}references/" if site_url else None


# ---------------------------------------------------------------- view model

def _tone_class(tone: str | None) -> str:
    return "tone-" + (re.sub(r"[^a-z0-9-]", "", tone.lower()) if tone else "none")


def _badge(guideline: Guideline, scheme_id: str, code: str | None) -> dict[str, Any] | None:
    if code is None:
        return None
    scheme = guideline.scheme(scheme_id)
    entry = scheme.get(code) if scheme else None
    return {"code": code, "tone": _tone_class(entry.tone if entry else None),
            "spoken": entry.spoken if entry else code}


def _rec_rows(guideline: Guideline, rec: Recommendation, depth: int) -> Iterable[dict[str, Any]]:
    grades = rec.grade_map
    yield {
        "id": rec.id,
        "depth": depth,
        "condition": inline(rec.condition),
        "text": inline(rec.text),
        "details": [inline(d) for d in rec.details],
        "footnotes": rec.footnotes,
        "badges": [_badge(guideline, s.id, grades.get(s.id)) for s in guideline.schemes],
        "graded": bool(grades),
    }
    for child in rec.children:
        yield from _rec_rows(guideline, child, depth + 1)


def abbreviations(chapter: Chapter, texts: Iterable[str]) -> list[tuple[str, str]]:
    """Glossary and wording-synonym terms that occur in ``texts``, sorted by term."""
    haystack = "\n".join(plain(t) for t in texts)
    found: dict[str, str] = {}
    entries = list(chapter.glossary) + [syn for w in chapter.wording for syn in w.synonyms]
    for entry in entries:
        pattern = r"(?<![A-Za-z0-9])" + re.escape(entry.term) + r"(?![A-Za-z0-9])"
        if entry.term not in found and re.search(pattern, haystack):
            found[entry.term] = entry.expansion
    return sorted(found.items(), key=lambda kv: kv[0].casefold())


def _table(table: Any) -> dict[str, Any]:
    records = []
    for row in table.rows:
        cells = [(inline(col), inline(val)) for col, val in zip(table.columns[1:], row[1:]) if val.strip()]
        records.append({"head": inline(row[0]) if row else Markup(""), "cells": cells})
    return {"title": inline(table.title), "records": records, "notes": [inline(n) for n in table.notes],
            "first_column": inline(table.columns[0]) if table.columns else Markup("")}


def _section_card(guideline: Guideline, chapter: Chapter, section: Section,
                  site_url: str | None) -> dict[str, Any]:
    url = section_url(site_url, chapter, section)
    n_refs = len({key for group in section.references for key in group.keys})
    return {
        "kind": "section",
        "anchor": f"{chapter.id}--{section.id}",
        "chapter": chapter.title,
        "title": inline(section.title),
        "title_plain": plain(section.title),
        "subtitle": inline(section.subtitle),
        "condition": inline(section.condition),
        "rows": [row for rec in section.recommendations for row in _rec_rows(guideline, rec, 0)],
        "footnotes": [(f.marker, inline(f.text)) for f in section.footnotes],
        "notes": [inline(n) for n in section.notes],
        "tables": [_table(t) for t in section.tables],
        "quotes": [{"text": inline(q.text), "source": inline(q.source), "grading": inline(q.grading)}
                   for q in section.quotes],
        "abbreviations": [(t, inline(e)) for t, e in abbreviations(chapter, section_texts(section))],
        "n_refs": n_refs,
        "url": url,
        "qr": qr_svg_data_uri(url) if url else None,
    }


def _grading_card(guideline: Guideline, chapters: list[Chapter], site_url: str | None) -> dict[str, Any]:
    schemes = [{
        "label": s.label, "name": s.name, "description": inline(s.description),
        "codes": [{"badge": _badge(guideline, s.id, c.code), "meaning": inline(c.meaning)} for c in s.codes],
    } for s in guideline.schemes]
    return {
        "kind": "grading",
        "anchor": "grading",
        "chapter": ", ".join(c.title for c in chapters),
        "title": Markup("How to read the grades"),
        "title_plain": "How to read the grades",
        "subtitle": Markup(""),
        "schemes": schemes,
        "url": site_url,
        "qr": qr_svg_data_uri(site_url) if site_url else None,
    }


def _sources_card(guideline: Guideline, chapters: list[Chapter], site_url: str | None) -> dict[str, Any]:
    rows = []
    for chapter in chapters:
        keys = {key for _, group in chapter.reference_groups() for key in group.keys}
        rows.append({"title": inline(chapter.title), "url": chapter_url(site_url, chapter), "n_refs": len(keys)})
    url = references_url(site_url)
    return {
        "kind": "sources",
        "anchor": "sources",
        "chapter": ", ".join(c.title for c in chapters),
        "title": Markup("Sources of these cards"),
        "title_plain": "Sources of these cards",
        "subtitle": Markup(""),
        "chapters": rows,
        "references_url": url,
        "website": guideline.website,
        "copyright": guideline.copyright or guideline.publisher,
        "url": url,
        "qr": qr_svg_data_uri(url) if url else None,
    }


# ---------------------------------------------------------------- rendering

def _environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def card_set_html(guideline: Guideline, chapters: list[Chapter], *, site_url: str | None, size: str,
                  doc_title: str, templates: Path = TEMPLATES) -> str:
    """The HTML of one card set: grading card, the chapters' sections, sources card."""
    fmt = SIZES[size]
    cards = [_grading_card(guideline, chapters, site_url)]
    for chapter in chapters:
        cards.extend(_section_card(guideline, chapter, s, site_url) for s in chapter.sections)
    cards.append(_sources_card(guideline, chapters, site_url))
    env = _environment(templates)
    css = env.get_template("cards.css.j2").render(size=fmt, font=CARD_FONT, min_pt=MIN_FONT_PT)
    return env.get_template("cards.html.j2").render(
        guideline=guideline, cards=cards, css=Markup(css), size=fmt, doc_title=doc_title,
        name=guideline.short_title or guideline.title, date=card_date(guideline),
        created=pdf_timestamp(guideline), schemes=[s.label for s in guideline.schemes],
    )


def html_to_pdfs(html: str, titles: list[str]) -> list[bytes]:
    """Lay the HTML out once; write one PDF per title (only the metadata title differs).

    The PDF identifier is derived from the content, so there is no randomness.
    """
    from weasyprint import HTML  # imported late: slow, and only needed here

    document = HTML(string=html, base_url=str(TEMPLATES)).render()
    out = []
    for title in titles:
        document.metadata.title = title
        identifier = hashlib.sha256((title + "\0" + html).encode("utf-8")).hexdigest()[:32].encode("ascii")
        out.append(document.write_pdf(pdf_identifier=identifier))
    return out


def _doc_title(guideline: Guideline, what: str) -> str:
    return f"{guideline.short_title or guideline.title} {guideline.version} — pocket cards — {what}"


def _render_job(guideline: Guideline, chapter_ids: tuple[str, ...] | None, outputs: tuple[tuple[str, str], ...],
                site_url: str | None, size: str, templates: Path) -> dict[str, bytes]:
    """Render the card set of ``chapter_ids`` (None: all) to each (path, title) of ``outputs``."""
    chapters = [c for c in guideline.chapters if chapter_ids is None or c.id in chapter_ids]
    html = card_set_html(guideline, chapters, site_url=site_url, size=size, templates=templates,
                         doc_title=outputs[0][1])
    return dict(zip((path for path, _ in outputs), html_to_pdfs(html, [t for _, t in outputs])))


def _jobs(guideline: Guideline) -> list[tuple[tuple[str, ...] | None, tuple[tuple[str, str], ...]]]:
    whole = ("cards/guideline.pdf", _doc_title(guideline, "all chapters"))
    per_chapter = [((c.id,), ((f"cards/{c.id}.pdf", _doc_title(guideline, c.title)),)) for c in guideline.chapters]
    if len(per_chapter) == 1:  # one chapter: the same cards, laid out once, written twice
        ids, outputs = per_chapter[0]
        return [(ids, outputs + (whole,))]
    return [(None, (whole,))] + per_chapter


def render_cards(guideline: Guideline, *, site_url: str | None, size: str = "a6",
                 templates: Path = TEMPLATES, workers: int | None = None,
                 cache: "Cache | None" = None) -> dict[str, bytes]:
    """Relative path -> PDF bytes: ``cards/<chapter-id>.pdf`` each, and ``cards/guideline.pdf``.

    With several chapters each card set is laid out in its own process
    (``workers`` defaults to ``os.cpu_count()``; the whole-guideline set is
    submitted first, being the longest). With a ``cache``, a card set whose
    inputs (its chapter's model, the templates, the options) are unchanged is
    taken from it, so an edit to one chapter re-lays out only that chapter
    (and the whole-guideline set). Raises FontMissing when the cards' font is
    not installed, ValueError for an unknown size.
    """
    if size not in SIZES:
        raise ValueError(f"unknown card size {size!r}; choose one of {', '.join(SIZES)}")
    require_card_font()
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    results: dict[str, bytes] = {}
    todo: list[tuple[tuple[str, ...] | None, tuple[tuple[str, str], ...], str | None]] = []
    for ids, outputs in _jobs(guideline):
        key = _job_key(cache, guideline, ids, outputs, site_url, size, templates) if cache else None
        hit = cache.get_files(key) if cache and key else None
        if hit is not None:
            results.update(hit)
        else:
            todo.append((ids, outputs, key))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(todo) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
            futures = [(key, pool.submit(_render_job, guideline, ids, outputs, site_url, size, templates))
                       for ids, outputs, key in todo]
            done = [(key, future.result()) for key, future in futures]
    else:
        done = [(key, _render_job(guideline, ids, outputs, site_url, size, templates)) for ids, outputs, key in todo]
    for key, files in done:
        if cache and key:
            cache.put_files(key, files)
        results.update(files)
    return dict(sorted(results.items()))


def _job_key(cache: "Cache", guideline: Guideline, ids: tuple[str, ...] | None,
             outputs: tuple[tuple[str, str], ...], site_url: str | None, size: str, templates: Path) -> str:
    from weasyprint import __version__ as weasyprint_version

    from ..cache import chapter_inputs, digest_tree, guideline_inputs
    if ids is not None and len(ids) == 1 and len(guideline.chapters) > 1:
        inputs = chapter_inputs(guideline, next(c for c in guideline.chapters if c.id == ids[0]))
    else:
        inputs = guideline_inputs(guideline)
    options = {"size": size, "site_url": site_url, "date": card_date(guideline),
               "created": pdf_timestamp(guideline), "font": CARD_FONT, "weasyprint": weasyprint_version}
    return cache.key("cards", inputs, digest_tree(templates), options, [list(o) for o in outputs])
