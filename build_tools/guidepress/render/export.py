"""The machine-readable export: guideline.json, references.json, the schemas, the FHIR Bundle.

Key order follows the model, so the same source gives byte-identical files.
The published URLs (``url`` of the guideline, its chapters, sections,
recommendations and grading schemes) are made from ``site_url`` by
render/addresses.py, and left out without one. The primary's export also
carries every translation (``translations``, render/export_translations.py).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import orjson

from .. import __version__
from ..grade_format import display
from ..model import Chapter, GradingScheme, Guideline, Kind, Recommendation, ReferenceGroup, Rule, Section
from ..publication import publication_date
from . import addresses
from .change_feed import changes_document, feed_schema_bytes
from .csl import csl_item
from .export_release import release_document, release_keys
from .export_schema import specialised_schema
from .fhir import fhir_bundle

SCHEMA_VERSION = "1.3.0"
SCHEMA_ID = "https://guidepress.invalid/schemas/guideline-1.3.0.schema.json"


def _editorial(obj: dict[str, Any], notes: tuple[str, ...]) -> dict[str, Any]:
    """``obj`` with its editorial notes, a key written only when there are
    some (optional in the schema: an export without any is unchanged)."""
    if notes:
        obj["editorial_notes"] = list(notes)
    return obj


def _group(group: ReferenceGroup) -> dict[str, Any]:
    return _editorial(
        {"title": group.title, "statement": group.statement, "refs": list(group.keys)}, group.editorial_notes
    )


def _with_url(out: dict[str, Any], url: str | None) -> dict[str, Any]:
    """``out`` with ``url`` after its ``id``, when there is one (a site_url)."""
    if url is None:
        return out
    head = {"id": out.pop("id"), "url": url}
    return head | out


def _rec(g: Guideline, rec: Recommendation, site: _Site) -> dict[str, Any]:
    # Optional keys are left out when unset rather than null: a guideline
    # that uses none of them exports what it did before they existed.
    out: dict[str, Any] = _with_url({"id": rec.id}, site.recommendation(rec))
    out.update({"text": rec.text, "condition": rec.condition})
    if rec.kind is not None:
        out["kind"] = rec.kind
    out.update(release_keys(rec))
    out["grades"] = rec.grade_map
    if (printed := display(g, rec)) is not None:
        out["grades_display"] = printed
    out.update(
        {
            "refs": list(rec.refs),
            "footnotes": list(rec.footnotes),
            "details": list(rec.details),
            "children": [_rec(g, c, site) for c in rec.children],
        }
    )
    return out


def _section(g: Guideline, section: Section, site: _Site) -> dict[str, Any]:
    out: dict[str, Any] = _with_url({"id": section.id}, site.section(section)) | {
        "title": section.title,
        "subtitle": section.subtitle,
        "condition": section.condition,
        "recommendations": [_rec(g, r, site) for r in section.recommendations],
        "footnotes": [{"marker": f.marker, "text": f.text} for f in section.footnotes],
        "notes": list(section.notes),
        "tables": [
            _editorial(
                {
                    "id": t.id,
                    "title": t.title,
                    "columns": list(t.columns),
                    "rows": [list(r) for r in t.rows],
                    "notes": list(t.notes),
                },
                t.editorial_notes,
            )
            for t in section.tables
        ],
        "quotes": [{"id": q.id, "text": q.text, "source": q.source, "grading": q.grading} for q in section.quotes],
        "references": [_group(g) for g in section.references],
    }
    if section.glossary:
        out["glossary"] = [{"term": e.term, "expansion": e.expansion} for e in section.glossary]
    return _editorial(out, section.editorial_notes)


def _chapter(g: Guideline, chapter: Chapter, site_url: str | None) -> dict[str, Any]:
    site = _Site(site_url, chapter)
    return _with_url({"id": chapter.id}, addresses.chapter_url(site_url, chapter)) | {
        "title": chapter.title,
        "subtitle": chapter.subtitle,
        "authors": [{"versions": a.versions, "names": list(a.names)} for a in chapter.authors],
        "topics": list(chapter.topics),
        "see_also": [{"chapter": s.chapter, "title": s.title, "external": s.external} for s in chapter.see_also],
        "wording": [
            {
                "term": w.term,
                "intro": w.intro,
                "synonyms": [{"term": s.term, "expansion": s.expansion} for s in w.synonyms],
            }
            for w in chapter.wording
        ],
        "glossary": [{"term": e.term, "expansion": e.expansion} for e in chapter.glossary],
        "references": [_group(g) for g in chapter.references],
        "sections": [_section(g, s, site) for s in chapter.sections],
    }


class _Site:
    """The published URLs of one chapter's elements (None without a site_url)."""

    def __init__(self, site_url: str | None, chapter: Chapter) -> None:
        self.site_url, self.chapter = site_url, chapter

    def section(self, section: Section) -> str | None:
        return addresses.section_url(self.site_url, self.chapter, section)

    def recommendation(self, rec: Recommendation) -> str | None:
        return addresses.recommendation_url(self.site_url, self.chapter, rec)


def _scheme(s: GradingScheme, site_url: str | None) -> dict[str, Any]:
    out: dict[str, Any] = _with_url({"id": s.id}, addresses.scheme_url(site_url, s))
    out.update({"label": s.label, "name": s.name, "group": s.group, "description": s.description, "source": s.source})
    if s.uri is not None:
        out["uri"] = s.uri
    if s.citation is not None:
        out["citation"] = s.citation
    if not s.required:
        out["required"] = False
    if s.applies_to is not None:
        out["applies_to"] = list(s.applies_to)
    if s.format is not None:
        out["format"] = s.format.template
    out["codes"] = [
        {"code": c.code, "meaning": c.meaning, "spoken": c.spoken, "tone": c.tone, "rank": i}
        for i, c in enumerate(s.codes)
    ]
    out["rules"] = [_rule(r) for r in s.rules]
    return out


def _rule(r: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"code": r.code, "scheme": r.scheme, "at_least": r.at_least}
    if r.severity != "error":
        out["severity"] = r.severity
    out["message"] = r.message
    return out


def _kind(k: Kind) -> dict[str, Any]:
    return {"id": k.id, "label": k.label, "graded": k.graded, "description": k.description}


def guideline_document(
    g: Guideline,
    references: list[dict[str, Any]] | None = None,
    *,
    site_url: str | None = None,
    translations: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``references``: the CSL items of ``g.references``, when already made; ``translations``: the
    primary's every translation (export_translations.py), None in a language's own export."""
    meta: dict[str, Any] = _with_url({"id": g.id}, addresses.guideline_url(site_url))
    meta.update(
        {
            "title": g.title,
            "short_title": g.short_title,
            "publisher": g.publisher,
            "copyright": g.copyright,
            "version": g.version,
            "date": publication_date(g),
            "language": g.language,
            "website": g.website,
        }
    )
    if g.grade_format is not None:
        meta["grade_format"] = g.grade_format.template
    doc: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "guidepress", "version": __version__},
        "guideline": meta,
        "grading": [_scheme(s, site_url) for s in g.schemes],
    }
    if kinds := g.statement_kinds():
        doc["kinds"] = [_kind(k) for k in kinds]
    if g.release is not None:
        doc["release"] = release_document(g.release)
    doc["chapters"] = [_chapter(g, c, site_url) for c in g.chapters]
    doc["references"] = references if references is not None else [csl_item(r) for r in g.references]
    if translations is not None:
        doc["translations"] = translations
    return doc


def dumps(data: Any) -> bytes:
    """JSON, 2-space indent, UTF-8, newline at the end.

    orjson writes exactly what ``json.dumps(data, ensure_ascii=False,
    indent=2)`` does for the export's data (strings, ints, None, lists,
    dicts with string keys; tests/test_export.py compares the two), 16 times
    faster: 15 ms instead of 240 ms for guideline.json at benchmark scale M.
    """
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def schema_bytes() -> bytes:
    return resources.files("guidepress.schemas").joinpath("guideline.schema.json").read_bytes()


def export_files(
    g: Guideline, *, site_url: str | None = None, translations: dict[str, Any] | None = None
) -> dict[str, bytes]:
    """Relative path under site/ -> file content. ``site_url`` makes the
    published URLs; ``translations`` as guideline_document takes them."""
    items = [csl_item(r) for r in g.references]  # every file prints them
    doc = guideline_document(g, items, site_url=site_url, translations=translations)
    generic = schema_bytes()
    files = {
        addresses.EXPORT_JSON: dumps(doc),
        addresses.EXPORT_REFERENCES: dumps(items),
        addresses.EXPORT_SCHEMA: generic,
        addresses.export_schema_for(g.id): dumps(specialised_schema(g, orjson.loads(generic), site_url)),
        addresses.EXPORT_FHIR: dumps(fhir_bundle(g, doc, site_url)),
    }
    if (feed := changes_document(g, site_url)) is not None:
        files[addresses.EXPORT_CHANGES] = dumps(feed)
        files[addresses.EXPORT_CHANGES_SCHEMA] = feed_schema_bytes()
    return files


def fhir_file(g: Guideline, *, site_url: str | None = None) -> dict[str, bytes]:
    """The FHIR Bundle alone (``guidepress export --format fhir``), as export_files writes it."""
    doc = guideline_document(g, site_url=site_url)
    return {addresses.EXPORT_FHIR: dumps(fhir_bundle(g, doc, site_url))}
