"""site/export/guideline.fhir.json: the guideline as a FHIR R5 Bundle.

Shaped as the HL7 Clinical Practice Guidelines implementation guide (CPG,
written for R4) and the R5 Evidence-Based Medicine guide shape a guideline:

- the guideline as a Composition, its chapters as sections and each
  chapter's sections as sections under them, each listing its
  recommendations (``entry``) and carrying what else it prints (notes,
  footnotes, tables, quotes) as narrative;
- each recommendation (children too) as a PlanDefinition, as the CPG
  guide's Recommendation Definition: type ``eca-rule``, one action with the
  statement, its details as sub-actions, its references as the action's
  ``documentation``;
- each graded statement's grades as one ArtifactAssessment with one
  ``rating`` per grade, coded from the scheme files (R5's place for what the
  R4 guide carries in the cqf-strengthOfRecommendation and
  cqf-qualityOfEvidence extensions);
- each grading scheme as a CodeSystem; each reference as a Citation.

Resource ids are the guideline's own ids and BibTeX keys (render/fhir_terms.py
``fhir_id``), so they are stable across builds and releases; canonical URLs
are ``<site_url>fhir/<Type>/<id>`` (render/addresses.py). The mapping, and
where R5 and the R4 guide differ, is docs/fhir.md.
"""

from __future__ import annotations

from typing import Any

from ..grade_format import shown
from ..model import Chapter, Guideline, Recommendation, Section
from ..text import plain
from . import addresses
from .fhir_terms import UNKNOWN, URI_SYSTEM, Resource, citation, code_system, code_systems, fhir_id, narrative, para

PLAN_TYPE = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/plan-definition-type",
            "code": "eca-rule",
            "display": "ECA Rule",
        }
    ]
}


class _Bundle:
    """One Bundle's making: the guideline, its URLs and the resources made so far."""

    def __init__(self, g: Guideline, doc: dict[str, Any], site_url: str | None) -> None:
        self.g, self.site_url = g, site_url
        self.base = addresses.fhir_base(site_url, g.id)
        self.date: str | None = doc["guideline"]["date"]
        self.items = doc["references"]
        self.systems = code_systems(g, self.base)
        self.plans: list[Resource] = []
        self.ratings: list[Resource] = []

    def url(self, resource_type: str, raw_id: str) -> str:
        return addresses.fhir_url(self.base, resource_type, fhir_id(raw_id))

    def common(self, resource_type: str, raw_id: str) -> Resource:
        """What every canonical resource of the Bundle starts with."""
        return {
            "resourceType": resource_type,
            "id": fhir_id(raw_id),
            "url": self.url(resource_type, raw_id),
            "version": self.g.version,
        }

    # the document ---------------------------------------------------------

    def composition(self) -> Resource:
        g = self.g
        out = self.common("Composition", g.id)
        if (web := addresses.guideline_url(self.site_url)) is not None:
            out["identifier"] = [{"system": URI_SYSTEM, "value": web}]
        out.update({"status": "final", "type": {"text": "Clinical practice guideline"}})
        # Composition.date is required (1..1); without the source's date none is
        # invented (never the build's day): FHIR's data-absent-reason says so.
        out.update({"date": self.date} if self.date else {"_date": UNKNOWN})
        out.update(
            {
                "author": [{"display": g.publisher}],
                "title": g.title,
                "language": g.language,
                "section": [self.chapter(c) for c in g.chapters],
            }
        )
        if g.short_title:
            out["name"] = g.short_title
        return out

    def chapter(self, chapter: Chapter) -> dict[str, Any]:
        blocks = [para(plain(chapter.subtitle))] if chapter.subtitle else []
        if chapter.topics:
            blocks.append("<ul>" + "".join(para(plain(t), "li") for t in chapter.topics) + "</ul>")
        blocks += [para(f"{a.versions}: {', '.join(a.names)}") for a in chapter.authors]
        text = narrative(para(plain(chapter.title), "h2"), *blocks)
        return {
            "id": chapter.id,
            "title": plain(chapter.title),
            "text": text,
            "section": [self.section(chapter, s) for s in chapter.sections],
        }

    def section(self, chapter: Chapter, section: Section) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": section.id,
            "title": plain(section.title),
            "text": narrative(*_section_blocks(section)),
        }
        entries = [self.recommendation(chapter, r, None) for r in section.recommendations]
        if entries:
            out["entry"] = [{"reference": e} for e in entries]
        return out

    # recommendations --------------------------------------------------------

    def recommendation(self, chapter: Chapter, rec: Recommendation, parent: str | None) -> str:
        """Make ``rec``'s PlanDefinition and rating, then its children's (document
        order, each before its children); return its fullUrl."""
        url = self.url("PlanDefinition", rec.id)
        plan = self.common("PlanDefinition", rec.id)
        self.plans.append(plan)
        if (web := addresses.recommendation_url(self.site_url, chapter, rec)) is not None:
            plan["identifier"] = [{"system": URI_SYSTEM, "value": web}]
        title = plain(rec.text or rec.condition) or rec.id
        if rec.grades:
            self.ratings.append(self.rating(rec, url, title))
        plan.update({"name": _plan_name(rec.id), "title": title, "type": PLAN_TYPE, "status": "active"})
        if self.date:
            plan["date"] = self.date
        plan["publisher"] = self.g.publisher
        if rec.text:
            plan["description"] = plain(rec.text)
        if rec.condition:
            plan["usage"] = plain(rec.condition)
        if rec.kind and (kind := self.g.kind(rec.kind)) is not None:
            plan["topic"] = [{"text": kind.label}]
        related: list[dict[str, Any]] = []
        if web is not None:
            related.append(
                {
                    "type": "documentation",
                    "display": "The recommendation on the guideline's web site",
                    "document": {"url": web},
                }
            )
        if parent is not None:
            related.append({"type": "part-of", "resource": parent})
        children = [self.recommendation(chapter, c, url) for c in rec.children]
        related += [{"type": "composed-of", "resource": c} for c in children]
        if related:
            plan["relatedArtifact"] = related
        plan["action"] = [self.action(rec, title)]
        return url

    def action(self, rec: Recommendation, title: str) -> dict[str, Any]:
        statement = " ".join(plain(t) for t in (rec.condition, rec.text) if t)
        out: dict[str, Any] = {"title": title, "textEquivalent": statement or title}
        if rec.text:
            out["description"] = plain(rec.text)
        if rec.refs:
            out["documentation"] = [
                {"type": "citation", "resourceReference": {"reference": self.url("Citation", key)}} for key in rec.refs
            ]
        if rec.details:
            out["action"] = [{"description": plain(d)} for d in rec.details]
        return out

    def rating(self, rec: Recommendation, plan: str, title: str) -> Resource:
        out: Resource = {"resourceType": "ArtifactAssessment", "id": fhir_id(rec.id), "title": f"Grades of: {title}"}
        if self.date:
            out["date"] = self.date
        out["artifactCanonical"] = plan
        out["content"] = [self.grade(scheme_id, code) for scheme_id, code in rec.grade_map.items()]
        return out

    def grade(self, scheme_id: str, code: str) -> dict[str, Any]:
        # Only a checked guideline is exported: every grade is a code of a scheme it has (GP201, GP202).
        scheme = self.g.scheme(scheme_id)
        known = scheme.get(code) if scheme else None
        assert scheme is not None and known is not None, (scheme_id, code)
        coding = {"system": self.systems[scheme_id], "code": code, "display": known.meaning}
        return {
            "informationType": "rating",
            "type": {"text": scheme.name},
            # The text as a reader sees the grade (the scheme's format: "Category Cat. 2A"); the code stays the code.
            "classifier": [{"coding": [coding], "text": f"{scheme.label} {shown(scheme, code)}"}],
        }

    # the whole --------------------------------------------------------------

    def bundle(self) -> Resource:
        g = self.g
        composition = self.composition()
        resources = [
            composition,
            *self.plans,
            *self.ratings,
            *(code_system(g, s, self.systems[s.id], self.date) for s in g.schemes),
            *(citation(item, self.base, self.date) for item in self.items),
        ]
        bundle_id = fhir_id(f"{g.id}-{g.version}")
        out: Resource = {
            "resourceType": "Bundle",
            "id": bundle_id,
            "identifier": {"system": URI_SYSTEM, "value": self.url("Bundle", f"{g.id}-{g.version}")},
            "type": "collection",
        }
        if self.date:
            out["timestamp"] = f"{self.date}T00:00:00Z"
        out["entry"] = [
            {"fullUrl": addresses.fhir_url(self.base, r["resourceType"], r["id"]), "resource": r} for r in resources
        ]
        return out


def fhir_bundle(g: Guideline, doc: dict[str, Any], site_url: str | None) -> Resource:
    """The Bundle of ``g``; ``doc`` is its guideline.json document (its
    publication date and CSL items are read from there, as published)."""
    return _Bundle(g, doc, site_url).bundle()


def _plan_name(rec_id: str) -> str:
    words = [w for w in rec_id.split("-") if w]
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name[:1].isalpha() else "Recommendation" + name


def _section_blocks(section: Section) -> list[str]:
    """What a section prints besides its recommendations, as XHTML."""
    blocks = [para(plain(section.title), "h3")]
    blocks += [para(plain(t)) for t in (section.subtitle, section.condition) if t]
    blocks += [para(plain(n)) for n in section.notes]
    blocks += [para(f"{f.marker} {plain(f.text)}") for f in section.footnotes]
    for table in section.tables:
        head = "".join(para(plain(c), "th") for c in table.columns)
        rows = "".join("<tr>" + "".join(para(plain(c), "td") for c in row) + "</tr>" for row in table.rows)
        caption = para(plain(table.title), "caption") if table.title else ""
        blocks.append(f"<table>{caption}<tr>{head}</tr>{rows}</table>")
        blocks += [para(plain(n)) for n in table.notes]
    for quote in section.quotes:
        source = "; ".join(plain(t) for t in (quote.source, quote.grading) if t)
        blocks.append(f"<blockquote>{para(plain(quote.text))}{para(source)}</blockquote>")
    return blocks
