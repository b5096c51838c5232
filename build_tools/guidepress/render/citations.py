"""References for reading: a short Vancouver-like citation, and who cites what.

Both read the model only (the Reference fields are already cleaned of
BibTeX markup by the loader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from ..model import Guideline, Person, Reference


@dataclass(frozen=True, slots=True)
class Citation:
    """The printable parts of one work; every part is plain model text."""

    key: str
    authors: str
    title: str
    container: str
    year: str
    locator: str
    doi: str | None
    doi_url: str | None
    pmid: str | None
    pubmed_url: str | None
    url: str | None
    # Not part of the citation: how the entry deviates from the print, shown beside it.
    editorial_note: str | None = None

    @property
    def text(self) -> str:
        """Vancouver-like: "Authors. Title. Journal. Year;Vol(No):pages." """
        parts = [p for p in (self.authors, self.title, self.container) if p]
        tail = self.year + (f";{self.locator}" if self.locator and self.year else self.locator)
        if tail:
            parts.append(tail)
        # A title ending in "?" or "et al." keeps its own stop.
        return " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)


@dataclass(frozen=True, slots=True)
class ChapterFacts:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class SectionFacts:
    id: str
    title: str
    subtitle: str | None


@dataclass(frozen=True, slots=True)
class StatementFacts:
    id: str
    text: str | None
    condition: str | None


@dataclass(frozen=True, slots=True)
class CitedBy:
    """One place that cites a work: a recommendation, a section or a chapter.

    It carries what a references page prints of the place (ids, titles, the
    statement), not the model objects: a page that lists works is then a
    function of those facts, and the live preview's page cache
    (cache.py PageCache) re-renders it only when one of them changes.
    """

    chapter: ChapterFacts
    section: SectionFacts | None
    recommendation: StatementFacts | None


def _person(p: Person) -> str:
    """A name as Vancouver prints it: "Aarts BM", "da Silva CT Jr"."""
    return p.literal or " ".join(part for part in (p.particle, p.family, p.given, p.suffix) if part)


def _authors(ref: Reference) -> str:
    names = ref.names_of("author")
    if names is None:
        return ""
    return ", ".join([_person(p) for p in names.people] + (["et al."] if names.et_al else []))


def _locator(ref: Reference) -> str:
    volume, number, pages = ref.get("volume"), ref.get("number"), ref.get("pages")
    out = volume or ""
    if number:
        out += f"({number})"
    if pages:
        out += f":{pages}" if out else pages
    return out


def citation(ref: Reference) -> Citation:
    doi = ref.get("doi")
    pmid = ref.get("pmid")
    pmid = pmid if pmid and re.fullmatch(r"\d+", pmid) else None
    return Citation(
        key=ref.key,
        authors=_authors(ref),
        title=ref.get("title") or ref.key,
        container=ref.get("journal") or ref.get("booktitle") or ref.get("howpublished") or "",
        year=ref.get("year") or (ref.get("date") or "")[:4],  # biblatex's ISO date starts with the year
        locator=_locator(ref),
        doi=doi,
        # Parentheses and spaces would end a Markdown link early.
        doi_url=f"https://doi.org/{quote(doi, safe='/:;.-_')}" if doi else None,
        pmid=pmid,
        pubmed_url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
        url=ref.get("url") if (ref.get("url") or "").startswith(("https://", "http://")) else None,
        editorial_note=ref.editorial_note,
    )


def cited_by(g: Guideline) -> dict[str, list[CitedBy]]:
    """BibTeX key -> every recommendation, section or chapter citing it, once
    each, in reading order."""
    index: dict[str, list[CitedBy]] = {r.key: [] for r in g.references}
    seen: set[tuple[str, str, str, str]] = set()

    def add(key: str, place: CitedBy) -> None:
        # Ids are unique guideline-wide, so they identify a place cheaply.
        ident = (
            key,
            place.chapter.id,
            place.section.id if place.section else "",
            place.recommendation.id if place.recommendation else "",
        )
        if ident not in seen:
            seen.add(ident)
            index.setdefault(key, []).append(place)

    for chapter in g.chapters:
        ch = ChapterFacts(chapter.id, chapter.title)
        for group in chapter.references:
            for key in group.keys:
                add(key, CitedBy(ch, None, None))
        for section in chapter.sections:
            sec = SectionFacts(section.id, section.title, section.subtitle)
            for rec in section.all_recommendations():
                if rec.refs:
                    st = StatementFacts(rec.id, rec.text, rec.condition)
                    for key in rec.refs:
                        add(key, CitedBy(ch, sec, st))
            for group in section.references:
                for key in group.keys:
                    add(key, CitedBy(ch, sec, None))
    return index
