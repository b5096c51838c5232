"""Every address the outputs print or look up: site page paths, anchors, links.

The site's pages, the pocket cards' QR codes, the round-trip verifier and
the live preview must agree on where each element lives. A permalink that
one of them formats differently is a dead link in a printed card, so this
module is the one place that formats them; no other module or template
spells out an anchor or a page path (tests/test_addresses.py holds them to
it). Ids are stable between releases (DESIGN.md, Identity), and so is every
address made from them here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from typing import Protocol

from ..model import Chapter, Code, GradingScheme, Section


class Identified(Protocol):
    """A model object or a fact (render/citations.py) with a stable id."""

    @property
    def id(self) -> str: ...


# ---------------------------------------------------------------- site pages

HOME = "index.md"
GRADES = "grades.md"
REFERENCES = "references.md"
GLOSSARY = "glossary.md"
EDITORS = "editors.md"

# The export's files (render/export.py writes them; the home page and each
# page's head link them).
EXPORT_JSON = "export/guideline.json"
EXPORT_REFERENCES = "export/references.json"
EXPORT_SCHEMA = "export/guideline.schema.json"
EXPORT_FHIR = "export/guideline.fhir.json"
# What changed since the previous release (only when guideline.yml names one).
EXPORT_CHANGES = "export/changes.json"
EXPORT_CHANGES_SCHEMA = "export/changes.schema.json"
WHATS_NEW = "whats-new.md"


def export_schema_for(guideline_id: str) -> str:
    """The schema specialised to one guideline, next to the generic one."""
    return f"export/guideline.{guideline_id}.schema.json"


# Site folders that are not chapters; a chapter with one of these ids would
# overwrite them. A split bibliography's parts live under references/.
RESERVED = frozenset(
    {"index", "grades", "references", "glossary", "editors", "whats-new", "export", "cards", "search", "assets", "404"}
)


#: The web app manifest and the service worker, at the site's root so that
#: the worker's scope is the whole site (render/offline.py); the app's icons
#: (size in px, path), in the theme's assets.
MANIFEST = "manifest.webmanifest"
SERVICE_WORKER = "sw.js"
ICONS = ((192, "assets/icons/icon-192.png"), (512, "assets/icons/icon-512.png"))


def chapter_id_reserved(chapter_id: str) -> bool:
    return chapter_id in RESERVED


def chapter_page(chapter: Identified | str) -> str:
    """``<id>.md``, published at ``<id>/``: the address the pocket cards'
    QR codes print (``chapter_url``). Takes a chapter, its facts or its id."""
    return f"{chapter if isinstance(chapter, str) else chapter.id}.md"


def audience_page(audience: str, chapter: Identified | str) -> str:
    """A chapter for an audience (audiences.py): ``<audience>/<id>.md``, e.g. "patients/liver.md",
    published at ``patients/liver/``; its statements link their clinical twins on the chapter page."""
    return f"{audience}/{chapter if isinstance(chapter, str) else chapter.id}.md"


def reference_part_page(slug: str) -> str:
    """A part of a split bibliography: ``references/<slug>.md``, published at ``references/<slug>/``."""
    return f"references/{slug}.md"


def published_folder(page: str) -> str:
    """Where MkDocs (directory URLs) publishes a page: "references/a.md" ->
    "references/a"; the home page is the site's root, ""."""
    if page == HOME:
        return ""
    return page.removesuffix(".md")


def page_location(file_url: str) -> str:
    """A page's address in the search index (MkDocs' Page.url): its
    File.url, except the home page's, which is "" where File.url is "./"."""
    return "" if file_url in (".", "./") else file_url


def search_location(page: str, anchor: str | None = None) -> str:
    """An element's address in the site's search index, relative to the site
    root as the engines write them: "liver/#rec-1"; the page's own, "liver/"
    (the home page's, ""), without ``anchor``."""
    folder = published_folder(page)
    base = f"{folder}/" if folder else ""
    return f"{base}#{anchor}" if anchor else base


def location_page(location: str) -> str:
    """The page part of a search entry's location ("ch/#sec" -> "ch/")."""
    return location.split("#", 1)[0]


# ---------------------------------------------------------------- anchors

#: The chapter page's heading over the chapter's own reference lists.
CHAPTER_REFERENCES = "chapter-references"
#: The chapter page's last heading (authors, version, wording).
ABOUT_THIS_CHAPTER = "about-this-chapter"
#: The statement kinds table on the grades page.
STATEMENT_KINDS = "statement-kinds"
#: Card anchors (ids in the cards' HTML) of the first and the last card of a set.
GRADING_CARD = "grading"
SOURCES_CARD = "sources"


def statement_anchor(recommendation: Identified) -> str:
    return recommendation.id


def section_anchor(section: Identified) -> str:
    return section.id


def table_anchor(table: Identified) -> str:
    return table.id


def quote_anchor(quote: Identified) -> str:
    return quote.id


def note_anchor(section_id: str, index: int) -> str:
    """The ``index``-th (from 1) footnote of a section."""
    return f"{section_id}-note-{index}"


def footnote_anchor(section: Section, marker: str) -> str:
    """The footnote a marker points at: the section's first with that marker (0: none)."""
    return note_anchor(section.id, marker_index(section, marker))


def marker_index(section: Section, marker: str) -> int:
    for i, note in enumerate(section.footnotes, 1):
        if note.marker == marker:
            return i
    return 0


def group_anchor(section_id: str | None, index: int) -> str:
    """The ``index``-th (from 1) reference list of a section, or of the
    chapter itself (``section_id`` None), numbered per chapter page."""
    return f"{section_id}-refs-{index}" if section_id else f"references-{index}"


def statement_groups(chapter: Chapter) -> Mapping[str, str]:
    """Recommendation id -> anchor of the reference list printed for it."""
    out: dict[str, str] = {}
    for section in chapter.sections:
        for i, group in enumerate(section.references, 1):
            if group.statement:
                out.setdefault(group.statement, group_anchor(section.id, i))
    return out


def ref_anchor(key: str) -> str:
    """A work on the references page (or its part), from its BibTeX key."""
    return "ref-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def definition_anchor(scheme: GradingScheme, code: Code) -> str:
    """The hidden meaning of a code that a chapter page's badges point at (aria-describedby)."""
    return f"gp-def-{scheme.id}-{scheme.rank(code.code)}"


def scheme_anchor(scheme: Identified) -> str:
    """A scheme's heading on the grades page."""
    return scheme.id


def scheme_code_anchor(scheme: Identified, index: int) -> str:
    """The ``index``-th (from 1) code of a scheme on the grades page."""
    return f"{scheme.id}-{index}"


def wording_anchor(chapter: Identified) -> str:
    """A chapter's wording on the glossary page."""
    return f"wording-{chapter.id}"


def home_chapter_anchor(chapter: Identified) -> str:
    """A chapter's heading on the home page."""
    return f"chapter-{chapter.id}"


def card_anchor(chapter: Identified, section: Identified) -> str:
    """A section's card in a card set."""
    return f"{chapter.id}--{section.id}"


# ---------------------------------------------------------------- links


def fragment(anchor: str) -> str:
    """A link to an anchor on the same page."""
    return f"#{anchor}"


def heading_attr(anchor: str) -> str:
    """The attr_list suffix that gives a Markdown heading its anchor."""
    return f"{{ #{anchor} }}"


def published_href(page: str, target: str, anchor: str | None = None) -> str:
    """A link from ``page`` to the site page ``target`` as the published HTML
    writes it (MkDocs' directory URLs: "../", "../grades/#loe"), for text
    MkDocs does not rewrite (JSON-LD in a page's head)."""
    rel = posixpath.relpath(published_folder(target) or ".", published_folder(page) or ".")
    address = "" if rel == "." else rel + "/"
    return f"{address}#{anchor}" if anchor else address or "./"


def published_file_href(page: str, path: str) -> str:
    """A link from ``page`` to a file the build publishes (``path`` under site/, e.g. the export)."""
    return posixpath.relpath(path, published_folder(page) or ".")


def relative_links(page: str) -> Callable[..., str]:
    """``url(target, anchor=None)``: a Markdown link target from ``page`` to
    the site page ``target`` (MkDocs checks it and rewrites ".md")."""
    here = posixpath.dirname(page) or "."
    rels: dict[str, str] = {}  # a page links a few targets many times

    def url(target: str, anchor: str | None = None) -> str:
        rel = rels.get(target)
        if rel is None:
            rel = rels[target] = posixpath.relpath(target, here)
        return f"{rel}#{anchor}" if anchor else rel

    return url


def site_address(site_url: str | None, page: str, anchor: str | None = None) -> str | None:
    """The absolute URL of ``page`` (and ``anchor`` on it) on the published
    site at ``site_url`` (ending in "/"); None without a ``site_url``."""
    if not site_url:
        return None
    folder = published_folder(page)
    address = f"{site_url}{folder}/" if folder else site_url
    return f"{address}#{anchor}" if anchor else address


def chapter_url(site_url: str | None, chapter: Identified) -> str | None:
    return site_address(site_url, chapter_page(chapter))


def section_url(site_url: str | None, chapter: Identified, section: Identified) -> str | None:
    return site_address(site_url, chapter_page(chapter), section_anchor(section))


def references_url(site_url: str | None) -> str | None:
    return site_address(site_url, REFERENCES)


def guideline_url(site_url: str | None) -> str | None:
    """The guideline's canonical URL: its home page."""
    return site_address(site_url, HOME)


def recommendation_url(site_url: str | None, chapter: Identified, recommendation: Identified) -> str | None:
    return site_address(site_url, chapter_page(chapter), statement_anchor(recommendation))


def scheme_url(site_url: str | None, scheme: Identified) -> str | None:
    """A grading scheme's published definition: its heading on the grades page."""
    return site_address(site_url, GRADES, scheme_anchor(scheme))


# ---------------------------------------------------------------- identifiers

#: The base of identifying URLs when the guideline has no site_url: the
#: reserved top-level domain says that nothing is published there.
UNPUBLISHED_BASE = "https://guidepress.invalid/"


def _base(site_url: str | None, guideline_id: str) -> str:
    return site_url or f"{UNPUBLISHED_BASE}{guideline_id}/"


def published_file_url(site_url: str | None, guideline_id: str, path: str) -> str:
    """The absolute URL of a file the build publishes (``path`` under site/),
    e.g. a schema's ``$id``; without a site_url, under ``UNPUBLISHED_BASE``."""
    return _base(site_url, guideline_id) + path


def fhir_base(site_url: str | None, guideline_id: str) -> str:
    """Where the FHIR export's canonical URLs live: ``<site_url>fhir/``."""
    return _base(site_url, guideline_id) + "fhir/"


def fhir_url(base: str, resource_type: str, resource_id: str) -> str:
    """A resource's canonical URL and Bundle fullUrl: ``<base><Type>/<id>`` (FHIR's RESTful form)."""
    return f"{base}{resource_type}/{resource_id}"
