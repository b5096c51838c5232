"""What a page's <head> says to machines: its export's addresses and schema.org JSON-LD.

Every page links the export it is part of (``<link rel="alternate">`` to
guideline.json and the FHIR Bundle, when the build publishes them). The home
page describes the guideline as a schema.org ``MedicalGuideline``; a chapter
page describes each of its recommendations as a
``MedicalGuidelineRecommendation`` whose ``recommendationStrength`` is the
statement's grades as text (schema.org's ``MedicalEvidenceLevel`` A/B/C
does not fit the schemes' codes, so none is claimed).

The page templates put this in their front matter (``gp_head``) and the
theme override (templates/site/overrides/main.html) prints it in the head,
so that the Markdown, and with it the page's content and search index, stays
as it was. Addresses are relative, as every link of the site is (IRIs in
JSON-LD resolve against the page's address): the site works from any host.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

from markupsafe import Markup

from ..grade_format import display, shown
from ..messages import Messages
from ..model import Chapter, Guideline, Recommendation
from ..text import plain
from . import addresses

SCHEMA_ORG = "https://schema.org"
#: The export's files a page links in its head: (path, media type, title's wording in resources/wording.yml).
ALTERNATES = (
    (addresses.EXPORT_JSON, "application/json", "links.guideline_json"),
    (addresses.EXPORT_FHIR, "application/fhir+json", "downloads.fhir_json"),
)


def page_head(
    g: Guideline, page: str, published: Collection[str], words: Messages, chapter: Chapter | None = None
) -> dict[str, Any]:
    """The head of ``page``: ``links`` to the export's files among ``published``
    (site paths), and ``jsonld`` on the home page and chapter pages."""
    head: dict[str, Any] = {
        "links": [
            {
                "rel": "alternate",
                "type": media,
                "href": addresses.published_file_href(page, path),
                "title": words.wording(title),
            }
            for path, media, title in ALTERNATES
            if path in published
        ]
    }
    if page == addresses.HOME:
        head["jsonld"] = {"@context": SCHEMA_ORG, **guideline_node(g, page)}
    elif chapter is not None:
        guideline = guideline_node(g, page)
        nodes = [recommendation_node(g, page, chapter, rec, guideline["@id"]) for rec in chapter.all_recommendations()]
        head["jsonld"] = {"@context": SCHEMA_ORG, "@graph": [guideline, *nodes]}
    return head


def guideline_node(g: Guideline, page: str) -> dict[str, Any]:
    here = addresses.published_href(page, addresses.HOME)
    node: dict[str, Any] = {"@type": "MedicalGuideline", "@id": here, "url": here, "name": plain(g.title)}
    if g.short_title:
        node["alternateName"] = plain(g.short_title)
    node["recognizingAuthority"] = {"@type": "Organization", "name": g.publisher}
    if g.date:
        node["guidelineDate"] = g.date
    return node


def recommendation_node(
    g: Guideline, page: str, chapter: Chapter, rec: Recommendation, guideline: str
) -> dict[str, Any]:
    here = addresses.published_href(page, addresses.chapter_page(chapter), addresses.statement_anchor(rec))
    node: dict[str, Any] = {
        "@type": "MedicalGuidelineRecommendation",
        "@id": here,
        "url": here,
        "name": plain(rec.text or rec.condition) or rec.id,
    }
    if rec.condition and rec.text:
        node["description"] = f"{plain(rec.condition)} {plain(rec.text)}"
    if strength := grades_text(g, rec):
        node["recommendationStrength"] = strength
    node["guideline"] = {"@id": guideline}
    if g.date:
        node["guidelineDate"] = g.date
    return node


def grades_text(g: Guideline, rec: Recommendation) -> str | None:
    """The grades as the board prints them (``grade_format``), else each
    scheme's label and code (in the scheme's format): "LoE 2b, GR C, AGO +/-"."""
    if not rec.grades:
        return None
    if (printed := display(g, rec)) is not None:
        return printed
    codes = rec.grade_map
    return ", ".join(f"{s.label} {shown(s, codes[s.id])}" for s in g.schemes if s.id in codes)


_SURROGATES = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def front_matter(value: Any) -> Markup:
    """``value`` as one line of YAML for a page's front matter: JSON (a subset
    of YAML) with every non-ASCII character escaped, a character beyond the
    BMP as YAML's ``\\U`` escape (YAML readers keep a JSON surrogate pair as
    two lone surrogates, which no page can be written with)."""
    text = json.dumps(value, ensure_ascii=True)
    return Markup(
        _SURROGATES.sub(
            lambda m: "\\U%08x" % (0x10000 + ((int(m[1], 16) - 0xD800) << 10) + int(m[2], 16) - 0xDC00), text
        )
    )
