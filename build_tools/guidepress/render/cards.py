"""Pocket cards: the model -> Jinja2 HTML -> WeasyPrint -> PDF.

One card set (PDF) per chapter, ``cards/<chapter-id>.pdf``. A set is a
grading card (every scheme's codes and meanings), one card per section, and
a sources card, numbered "card N of M" within the set. A section longer
than a card continues on the next with its title repeated and marked
"continued" (CSS page groups: the first page of a section shows the full
header, later pages a running "continued" header).

``cards/guideline.pdf`` is every chapter's deck in one file, for printing:
the chapter sets, each whole (its own grading and sources cards and
numbering), in chapter order, joined from their PDF bytes with pypdf
(``Concatenation``), never laid out a second time. Its outline has one entry
per chapter holding that chapter's bookmarks. With one chapter it is that
chapter's layout written under the all-chapters title.

``render_cards`` is pure: it reads the model and the templates and returns
PDF bytes; the same input gives byte-identical output (fixed PDF dates from
SOURCE_DATE_EPOCH, PDF identifiers derived from the content).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
import os
import re
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import jinja2
from markupsafe import Markup, escape

from ..grade_format import display, header
from ..model import Chapter, GlossaryEntry, Guideline, Recommendation, Section
from ..settings import TOOL_TEMPLATES
from ..text import section_texts
from .addresses import (GRADING_CARD, HOME, SOURCES_CARD, card_anchor, chapter_url, references_url,
                        section_url, site_address, statement_anchor)
from .fonts import CARD_FONT, require_card_font

if TYPE_CHECKING:
    from ..cache import Cache
from .qr import qr_svg_data_uri

#: Smallest font size used anywhere on a card, in points (tests hold us to it).
MIN_FONT_PT = 7.0

#: guidepress' own card templates; a project's come first (settings.py, Settings.card_templates).
TEMPLATES = TOOL_TEMPLATES / "cards"

#: A folder of card templates, or a search path of folders (the first holding a template wins).
CardTemplates = Path | tuple[Path, ...]


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


# ---------------------------------------------------------------- dates

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


def _badges(guideline: Guideline, rec: Recommendation) -> list[dict[str, Any] | None]:
    """One badge per grade column: per scheme, or the one printed format."""
    if guideline.grade_format is not None:
        printed = display(guideline, rec)
        return [{"code": printed, "tone": _tone_class(None), "spoken": printed} if printed else None]
    grades = rec.grade_map
    return [_badge(guideline, s.id, grades.get(s.id)) for s in guideline.schemes]


def _rec_rows(guideline: Guideline, rec: Recommendation, depth: int) -> Iterable[dict[str, Any]]:
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
    }
    for child in rec.children:
        yield from _rec_rows(guideline, child, depth + 1)


def abbreviations(chapter: Chapter, texts: Iterable[str],
                  own: Iterable[GlossaryEntry] = ()) -> list[tuple[str, str]]:
    """Glossary and wording-synonym terms that occur in ``texts``, sorted by
    term; ``own`` (a slide's own legend) comes first and is always listed, as
    the slide prints it."""
    haystack = "\n".join(plain(t) for t in texts)
    found: dict[str, str] = {}
    for entry in own:
        found.setdefault(entry.term, entry.expansion)
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
            "first_column": inline(table.columns[0]) if table.columns else Markup(""),
            "editorial": [inline(n) for n in table.editorial_notes]}


def _section_card(guideline: Guideline, chapter: Chapter, section: Section,
                  site_url: str | None) -> dict[str, Any]:
    url = section_url(site_url, chapter, section)
    n_refs = len({key for group in section.references for key in group.keys})
    return {
        "kind": "section",
        "anchor": card_anchor(chapter, section),
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
        "editorial": [inline(n) for n in section.editorial_notes],
        "abbreviations": [(t, inline(e))
                          for t, e in abbreviations(chapter, section_texts(section), section.glossary)],
        "n_refs": n_refs,
        "url": url,
        "qr": qr_svg_data_uri(url) if url else None,
    }


def _grading_card(guideline: Guideline, chapters: list[Chapter], site_url: str | None) -> dict[str, Any]:
    schemes = [{
        "label": s.label, "name": s.name, "description": inline(s.description),
        "codes": [{"badge": _badge(guideline, s.id, c.code), "meaning": inline(c.meaning)} for c in s.codes],
    } for s in guideline.schemes]
    home = site_address(site_url, HOME)
    return {
        "kind": "grading",
        "anchor": GRADING_CARD,
        "chapter": ", ".join(c.title for c in chapters),
        "title": Markup("How to read the grades"),
        "title_plain": "How to read the grades",
        "subtitle": Markup(""),
        "schemes": schemes,
        "url": home,
        "qr": qr_svg_data_uri(home) if home else None,
    }


def _sources_card(guideline: Guideline, chapters: list[Chapter], site_url: str | None) -> dict[str, Any]:
    rows = []
    for chapter in chapters:
        rows.append({"title": inline(chapter.title), "url": chapter_url(site_url, chapter),
                     "n_refs": len(chapter.cited_keys())})
    url = references_url(site_url)
    return {
        "kind": "sources",
        "anchor": SOURCES_CARD,
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

#: What the card sets of one ``render_cards`` call share in this process
#: (the parent, or a pool worker): Jinja environments by template folder, a
#: WeasyPrint font configuration (fonts loaded once, not per set) and, in a
#: worker, the model and options. Emptied when a call starts and ends, so a
#: long-lived process (``guidepress serve``) keeps nothing from an old one.
_SESSION: dict[str, Any] = {}


def _environment(templates: CardTemplates) -> jinja2.Environment:
    envs = _SESSION.setdefault("envs", {})
    if templates not in envs:
        # A search path: each template is the first folder's that has it (a project's, then guidepress' own).
        envs[templates] = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return envs[templates]


def _font_config() -> Any:
    if "font_config" not in _SESSION:
        from weasyprint.text.fonts import FontConfiguration

        _SESSION["font_config"] = FontConfiguration()
    return _SESSION["font_config"]


def card_set_html(guideline: Guideline, chapters: list[Chapter], *, site_url: str | None, size: str,
                  doc_title: str, templates: CardTemplates = TEMPLATES) -> str:
    """The HTML of one card set: grading card, the chapters' sections, sources card."""
    fmt = SIZES[size]
    cards = [_grading_card(guideline, chapters, site_url)]
    for chapter in chapters:
        cards.extend(_section_card(guideline, chapter, s, site_url) for s in chapter.sections)
    cards.append(_sources_card(guideline, chapters, site_url))
    env = _environment(templates)
    # A printed format ("[I, A]") is one column as wide as the schemes' columns together.
    printed = header(guideline)
    columns = {"header": printed, "width_mm": fmt.grade_col_mm * len(guideline.schemes)} if printed else None
    css = env.get_template("cards.css.j2").render(size=fmt, font=CARD_FONT, min_pt=MIN_FONT_PT, display=columns)
    return env.get_template("cards.html.j2").render(
        guideline=guideline, cards=cards, css=Markup(css), size=fmt, doc_title=doc_title,
        name=guideline.short_title or guideline.title, date=card_date(guideline),
        created=pdf_timestamp(guideline), schemes=[s.label for s in guideline.schemes], display=columns,
    )


def html_to_pdfs(html: str, titles: list[str], font_config: Any = None) -> list[bytes]:
    """Lay the HTML out once; write one PDF per title (only the metadata title differs).

    The PDF identifier is derived from the content, so there is no randomness.
    ``font_config`` (a WeasyPrint ``FontConfiguration``) may be shared by the
    sets of one call: the same bytes, without loading the fonts again.
    """
    from weasyprint import HTML  # imported late: slow, and only needed here

    document = HTML(string=html, base_url=str(TEMPLATES)).render(font_config=font_config)
    out = []
    for title in titles:
        document.metadata.title = title
        identifier = hashlib.sha256((title + "\0" + html).encode("utf-8")).hexdigest()[:32].encode("ascii")
        out.append(document.write_pdf(pdf_identifier=identifier))
    return out


def _doc_title(guideline: Guideline, what: str) -> str:
    return f"{guideline.short_title or guideline.title} {guideline.version} — pocket cards — {what}"


# ---------------------------------------------------------------- the all-chapters file

#: Raise when ``Concatenation`` writes different bytes for the same sets (retires cached joined files).
_JOIN_FORMAT = 1


class Concatenation:
    """Card sets (PDF bytes) joined into one PDF, in the order given, each set whole.

    Sets may arrive in any order (``add(index, pdf)``); each is appended as
    soon as every set before it is in, so most of the work can overlap the
    layout of later sets. The result (``pdf(title)``) has every page of every
    set, with its links; an outline with one top-level entry per set
    (``labels``) holding that set's own bookmarks; the document information
    of the first set (author, subject, keywords, dates) with ``title``; its
    language; and a file identifier derived from the sets' bytes. Nothing in
    it depends on the clock or on chance: the same sets give the same bytes.
    Identical objects (the same badge pattern in every set) are stored once;
    each font subset gets a tag of its own (``_retag_font_subsets``).
    """

    def __init__(self, labels: list[str]) -> None:
        from pypdf import PdfWriter  # imported late: only needed with several chapters

        self.labels = labels
        self.digests: list[bytes | None] = [None] * len(labels)
        self._readers: list[Any] = [None] * len(labels)
        self._info: dict[str, str] | None = None
        self._lang: str | None = None
        self.appended = 0
        self._writer = PdfWriter()

    def add(self, index: int, pdf: bytes) -> None:
        """Read set ``index`` now (most of the work, in any order); append it once all before it are in."""
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf))
        _retag_font_subsets(reader)  # reads every page's resources: the set's objects are parsed here
        self.digests[index] = hashlib.sha256(pdf).digest()
        self._readers[index] = reader
        if index == 0:
            self._info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
            lang = reader.trailer["/Root"].get("/Lang")
            self._lang = None if lang is None else str(lang)
        while self.appended < len(self._readers) and self._readers[self.appended] is not None:
            self._writer.append(self._readers[self.appended], outline_item=self.labels[self.appended],
                                import_outline=True)
            self._readers[self.appended] = True  # appended: the reader can go
            self.appended += 1

    def pdf(self, title: str) -> bytes:
        import pypdf
        from pypdf.generic import ArrayObject, ByteStringObject, NameObject, create_string_object

        if self.appended != len(self._readers) or not self._readers:
            raise ValueError(f"{self.appended} of {len(self._readers)} card sets added")
        writer = self._writer
        info = dict(self._info or {})
        producer = info.get("/Producer", "")
        info["/Title"] = title
        info["/Producer"] = f"{producer}; sets joined by pypdf {pypdf.__version__}".lstrip("; ")
        writer.metadata = info
        if self._lang is not None:
            writer.root_object[NameObject("/Lang")] = create_string_object(self._lang)
        writer.compress_identical_objects()
        digest = hashlib.sha256(title.encode("utf-8"))
        for part in self.digests:
            digest.update(part or b"")
        identifier = ByteStringObject(digest.hexdigest()[:32].encode("ascii"))
        writer._ID = ArrayObject([identifier, identifier])  # pypdf sets none unless encrypting
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def _retag_font_subsets(reader: Any) -> None:
    """Give each embedded font subset of ``reader`` a tag derived from its font program.

    WeasyPrint names a subset by its font alone (every chapter's DejaVu Sans
    subset is ``XKQQSR+DejaVu-Sans``), but the PDF format wants different
    subsets in one file to have different tags: a viewer or printer may take
    a glyph from the wrong subset otherwise. The same subset keeps the same tag.
    """
    from pypdf.generic import DictionaryObject, NameObject

    seen: set[int] = set()

    def fonts(resources: Any) -> Iterable[Any]:
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        yield from (f.get_object() for f in (resources.get("/Font") or DictionaryObject()).get_object().values())
        for kind in ("/XObject", "/Pattern"):
            for inner in (resources.get(kind) or DictionaryObject()).get_object().values():
                yield from fonts(inner.get_object().get("/Resources"))

    renamed: set[int] = set()
    for page in reader.pages:
        for font in fonts(page.get("/Resources")):
            if id(font) in renamed:
                continue
            renamed.add(id(font))
            parts = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            descriptor = next((d["/FontDescriptor"].get_object() for d in parts if "/FontDescriptor" in d), None)
            program = next((descriptor[k].get_object() for k in ("/FontFile2", "/FontFile3", "/FontFile")
                            if descriptor is not None and k in descriptor), None)
            name = str(font.get("/BaseFont", ""))
            if program is None or not re.fullmatch(r"/[A-Z]{6}\+.+", name):
                continue  # not an embedded subset
            digest = hashlib.sha256(program.get_data()).digest()
            tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
            new = NameObject(f"/{tag}+{name[8:]}")
            for d in parts:
                if "/BaseFont" in d:
                    d[NameObject("/BaseFont")] = new
            descriptor[NameObject("/FontName")] = new


def concatenate_card_sets(sets: list[tuple[str, bytes]], title: str) -> bytes:
    """(outline label, PDF) of each card set -> one PDF of them all; see ``Concatenation``."""
    joined = Concatenation([label for label, _ in sets])
    for i, (_, pdf) in enumerate(sets):
        joined.add(i, pdf)
    return joined.pdf(title)


# ---------------------------------------------------------------- jobs

Outputs = tuple[tuple[str, str], ...]  # (relative path, PDF title) of each file a job writes


def _render_job(guideline: Guideline, chapter_ids: tuple[str, ...] | None, outputs: Outputs,
                site_url: str | None, size: str, templates: CardTemplates) -> dict[str, bytes]:
    """Render the card set of ``chapter_ids`` (None: all) to each (path, title) of ``outputs``."""
    chapters = [c for c in guideline.chapters if chapter_ids is None or c.id in chapter_ids]
    html = card_set_html(guideline, chapters, site_url=site_url, size=size, templates=templates,
                         doc_title=outputs[0][1])
    return dict(zip((path for path, _ in outputs), html_to_pdfs(html, [t for _, t in outputs], _font_config())))


def _init_worker(guideline: Guideline, site_url: str | None, size: str, templates: CardTemplates) -> None:
    """A pool worker's start: the model and options arrive once, not with every job."""
    _SESSION.clear()
    _SESSION.update(guideline=guideline, site_url=site_url, size=size, templates=templates)


def _worker_job(chapter_ids: tuple[str, ...] | None, outputs: Outputs) -> dict[str, bytes]:
    s = _SESSION
    return _render_job(s["guideline"], chapter_ids, outputs, s["site_url"], s["size"], s["templates"])


WHOLE = "cards/guideline.pdf"


def _jobs(guideline: Guideline) -> list[tuple[tuple[str, ...], Outputs]]:
    """The layout jobs: one per chapter. With one chapter it also writes the whole-guideline file
    (the same cards, laid out once, written twice with two titles)."""
    jobs = [((c.id,), ((f"cards/{c.id}.pdf", _doc_title(guideline, c.title)),)) for c in guideline.chapters]
    whole = (WHOLE, _doc_title(guideline, "all chapters"))
    if len(jobs) == 1:
        ids, outputs = jobs[0]
        return [(ids, outputs + (whole,))]
    return jobs or [((), (whole,))]  # no chapter: the grading and sources cards alone


def render_cards(guideline: Guideline, *, site_url: str | None, size: str = "a6",
                 templates: CardTemplates = TEMPLATES, workers: int | None = None,
                 cache: "Cache | None" = None) -> dict[str, bytes]:
    """Relative path -> PDF bytes: ``cards/<chapter-id>.pdf`` each, and ``cards/guideline.pdf``.

    Each chapter's card set is laid out once, with several chapters each in
    a process of a pool (``workers`` defaults to ``os.cpu_count()``; the
    model goes to each worker once). ``cards/guideline.pdf`` is every
    chapter's set, whole and in chapter order, joined in this process from
    the chapter PDFs (``Concatenation``: no second layout) while the pool
    works on the later chapters. With one chapter it is that chapter's
    layout written a second time under the all-chapters title.

    With a ``cache``, a chapter's set whose inputs (its chapter's model, the
    templates, the options) are unchanged is taken from it, so an edit to one
    chapter re-lays out only that chapter; the joined file is cached under
    the digests of the chapter PDFs, so it is joined again only when one of
    them changed. Raises FontMissing when the cards' font is not installed,
    ValueError for an unknown size.
    """
    if size not in SIZES:
        raise ValueError(f"unknown card size {size!r}; choose one of {', '.join(SIZES)}")
    require_card_font()
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    _SESSION.clear()
    # The model and everything loaded so far outlive this call: keep them out of the
    # collector's way (gc.freeze), here and in the forked workers, whose full
    # collections would otherwise walk (and copy) the whole inherited model again
    # and again while WeasyPrint and pypdf allocate. Left alone if the caller froze.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        return _render_cards(guideline, site_url, size, templates, workers, cache)
    finally:
        _SESSION.clear()
        if freeze:
            gc.unfreeze()


def _render_cards(guideline: Guideline, site_url: str | None, size: str, templates: CardTemplates,
                  workers: int | None, cache: "Cache | None") -> dict[str, bytes]:
    jobs = _jobs(guideline)
    several = len(jobs) > 1
    results: dict[str, bytes] = {}
    todo: list[tuple[int, tuple[str, ...], Outputs, str | None]] = []
    for index, (ids, outputs) in enumerate(jobs):
        key = _job_key(cache, guideline, ids, outputs, site_url, size, templates) if cache else None
        hit = cache.get_files(key) if cache and key else None
        if hit is not None:
            results.update(hit)
        else:
            todo.append((index, ids, outputs, key))

    # A chapter changed, so the joined file does too: it is joined here while the pool lays out.
    joined = Concatenation([plain(c.title) for c in guideline.chapters]) if several and todo else None
    cached = [(index, results[outputs[0][0]]) for index, (_, outputs) in enumerate(jobs)
              if joined is not None and outputs[0][0] in results]

    def read_cached() -> None:
        for index, pdf in cached:
            assert joined is not None
            joined.add(index, pdf)

    def finished(index: int, key: str | None, files: dict[str, bytes]) -> None:
        if cache and key:
            cache.put_files(key, files)
        results.update(files)
        if joined is not None and files:
            joined.add(index, files[jobs[index][1][0][0]])

    workers = workers if workers is not None else (os.cpu_count() or 1)
    if (len(todo) > 1 or cached) and workers > 1:  # one changed chapter too: the cached sets are read meanwhile
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)), initializer=_init_worker,
                                 initargs=(guideline, site_url, size, templates)) as pool:
            running = {pool.submit(_worker_job, ids, outputs): (index, key) for index, ids, outputs, key in todo}
            read_cached()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f][0]):
                    index, key = running.pop(future)
                    finished(index, key, future.result())
    else:
        read_cached()
        for index, ids, outputs, key in todo:
            finished(index, key, _render_job(guideline, ids, outputs, site_url, size, templates))

    if several:
        title = _doc_title(guideline, "all chapters")
        sets = [(plain(c.title), results[f"cards/{c.id}.pdf"]) for c in guideline.chapters]
        key = _joined_key(cache, title, sets) if cache else None
        if joined is not None:
            results[WHOLE] = joined.pdf(title)
            if cache and key:
                cache.put_files(key, {WHOLE: results[WHOLE]})
        elif cache and key:  # every chapter's set from the cache: the joined file too, if it was made
            results[WHOLE] = cache.files(key, lambda: {WHOLE: concatenate_card_sets(sets, title)})[WHOLE]
        else:
            results[WHOLE] = concatenate_card_sets(sets, title)
    return dict(sorted(results.items()))


def _joined_key(cache: "Cache", title: str, sets: list[tuple[str, bytes]]) -> str:
    """The all-chapters file's key: its title, and the outline label and bytes of each chapter's set."""
    import pypdf

    return cache.key("cards-joined", title, [[label, pdf] for label, pdf in sets],
                     {"pypdf": pypdf.__version__, "join": _JOIN_FORMAT})


def _job_key(cache: "Cache", guideline: Guideline, ids: tuple[str, ...] | None,
             outputs: Outputs, site_url: str | None, size: str, templates: CardTemplates) -> str:
    from weasyprint import __version__ as weasyprint_version

    chapter = None
    if ids is not None and len(ids) == 1 and len(guideline.chapters) > 1:
        chapter = next(c for c in guideline.chapters if c.id == ids[0])
    options = {"size": size, "site_url": site_url, "date": card_date(guideline),
               "created": pdf_timestamp(guideline), "font": CARD_FONT, "weasyprint": weasyprint_version}
    return cache.cards_key(guideline, chapter, templates, options, [list(o) for o in outputs])
