"""The web site's pages: a plain function from the model to Markdown.

The Markdown uses only extensions that Material for MkDocs documents as
standard (abbr, attr_list, md_in_html, tables, toc, pymdownx.tilde/caret),
so any engine that reads mkdocs.yml (MkDocs, Zensical) can render it. The
MkDocs plugin and the Zensical runner are thin adapters over this module.

Templates live in ``templates/site/pages``; autoescape is on for all of
them, so model text is at least HTML-escaped everywhere, and the ``md``
filter escapes it for Markdown as well where it sits in Markdown.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from ..cache import PageCache
from ..grade_format import grade_pieces, header
from ..model import Chapter, Code, Guideline, GradingScheme, Reference
from . import addresses
from .addresses import GLOSSARY, GRADES, HOME, REFERENCES, RESERVED, chapter_page
from .citations import citations, cited_by
from .mdtext import abbreviation_lines, md, plain

TEMPLATE_DIR = Path("templates") / "site" / "pages"

#: The most works one references page lists. A larger bibliography becomes an
#: index at references/ and part pages references/<part>/ of at most this many
#: works each. Measured at benchmark scale L (20,000 works): MkDocs spends about
#: 1.8 ms a work whatever the page size (one page of 20,000: 43 s; 54 parts of
#: 342-388: 0.7 s each), so the bound is for the reader on a phone: a part of
#: 400 works is about 0.3 MB of HTML, the size of a chapter page, where the one
#: page was 10.5 MB. Read at call time, so tests can lower it.
REFERENCES_PER_PAGE = 400


@dataclass(frozen=True, slots=True)
class Download:
    path: str
    label: str
    size: int


def site_nav(g: Guideline) -> list[Any]:
    """The navigation in mkdocs.yml's ``nav`` format (Zensical reads it too).

    A split bibliography lists its index and every part under References:
    the parts are pages of the site (MkDocs warns about pages left out of
    the nav, and strict builds fail on it), and in the nav they give each
    part its place, its neighbours' links in the footer and an A-Z in the
    sidebar.
    """
    parts = reference_layout(g).parts
    references: Any = REFERENCES
    if parts:
        references = [{"All references": REFERENCES}] + [{p.label: p.page} for p in parts]
    return [
        {"Home": HOME},
        {"Chapters": [{c.title: chapter_page(c)} for c in g.chapters]},
        {"Reference": [{"How to read the grades": GRADES}, {"References": references},
                       {"Glossary": GLOSSARY}]},
    ]


# ---------------------------------------------------------------- the bibliography's pages

@dataclass(frozen=True, slots=True)
class ReferencePart:
    """One page of a split bibliography: consecutive works, in the order of
    ``g.references`` within each initial."""

    page: str                      # site path, "references/a.md" (published at references/a/)
    label: str                     # "A", "B–D", "S 2": the nav entry and the page's heading
    start: int                     # the number of its first work in the whole bibliography, from 1
    refs: tuple[Reference, ...]

    @property
    def first(self) -> str:
        return self.refs[0].key

    @property
    def last(self) -> str:
        return self.refs[-1].key


@dataclass(frozen=True, slots=True)
class ReferenceLayout:
    """Where each work of the bibliography is listed.

    ``parts`` is empty when one page (references/) lists every work.
    Otherwise references/ is an index of the parts and each work is on the
    part that ``page(key)`` names. The layout is a function of the keys
    alone (and of ``per_page``), so the same bibliography always gets the
    same part paths, and editing a work or who cites it moves nothing.
    """

    per_page: int
    parts: tuple[ReferencePart, ...]
    _page_of: Mapping[str, str]

    def page(self, key: str) -> str:
        """The site path of the page that lists the work ``key``."""
        return self._page_of.get(key, REFERENCES)

    @property
    def pages(self) -> tuple[str, ...]:
        """Every references page: references.md, then the parts."""
        return (REFERENCES,) + tuple(p.page for p in self.parts)


def reference_layout(g: Guideline, per_page: int | None = None) -> ReferenceLayout:
    """The references pages of ``g``: one page up to ``per_page`` works
    (default ``REFERENCES_PER_PAGE``), else parts by the initial of the key,
    as ``g.references`` sorts them. Initials with few works are merged with
    their neighbours, an initial with more than ``per_page`` works is split
    into parts as even as possible; no part has more than ``per_page``."""
    per_page = max(1, per_page or REFERENCES_PER_PAGE)
    refs = g.references
    if len(refs) <= per_page:
        return ReferenceLayout(per_page, (), {})
    by_initial: dict[int, list[Reference]] = {}
    for ref in refs:  # stable: g.references' order within each initial
        by_initial.setdefault(_initial_rank(ref.key), []).append(ref)
    runs = _runs([(_INITIALS[i], works) for i, works in sorted(by_initial.items())], per_page)
    parts: list[ReferencePart] = []
    start = 1
    for slug, label, works in runs:
        parts.append(ReferencePart(addresses.reference_part_page(slug), label, start, tuple(works)))
        start += len(works)
    page_of = {ref.key: part.page for part in parts for ref in part.refs}
    return ReferenceLayout(per_page, tuple(parts), page_of)


# Initials in page order, as (slug, label): digits, a-z, then everything else.
_INITIALS = [("0-9", "0–9")] + [(c, c.upper()) for c in "abcdefghijklmnopqrstuvwxyz"] + [("other", "Other")]


def _initial_rank(key: str) -> int:
    c = key[:1].casefold()
    if c.isascii() and c.isdigit():
        return 0
    if c.isascii() and c.isalpha():
        return 1 + ord(c) - ord("a")
    return len(_INITIALS) - 1


def _runs(groups: Sequence[tuple[tuple[str, str], list[Reference]]],
          per_page: int) -> list[tuple[str, str, list[Reference]]]:
    """(slug, label, works) per part. An initial over ``per_page`` is cut into
    numbered slices of even size ("s-1", "S 1"; the index names each
    slice's first and last work); consecutive initials merge ("b-d", "B–D")
    while the part is small (under half of ``per_page``) or the next
    initial is, and the sum fits."""
    small = max(1, per_page // 2)
    out: list[tuple[str, str, list[Reference]]] = []
    merged: list[tuple[tuple[str, str], list[Reference]]] = []  # the open run of whole initials

    def close() -> None:
        if merged:
            (slug0, label0), (slug1, label1) = merged[0][0], merged[-1][0]
            works = [r for _, ws in merged for r in ws]
            if len(merged) == 1:
                out.append((slug0, label0, works))
            else:
                dash = " to " if "–" in label0 + label1 else "–"
                out.append((f"{slug0}-{slug1}", f"{label0}{dash}{label1}", works))
            merged.clear()

    for (slug, label), works in groups:
        if len(works) > per_page:
            close()
            n = math.ceil(len(works) / per_page)
            cuts = [i * len(works) // n for i in range(n + 1)]
            slices = [works[cuts[i]:cuts[i + 1]] for i in range(n)]
            for i, piece in enumerate(slices, 1):
                out.append((f"{slug}-{i}", f"{label} {i}", piece))
            continue
        size = sum(len(ws) for _, ws in merged)
        if merged and not ((size < small or len(works) < small) and size + len(works) <= per_page):
            close()
        merged.append(((slug, label), works))
    close()
    return out


class _Renderer:
    """Renders (or, with a PageCache, reuses) one page from its template and context."""

    def __init__(self, template_dir: Path, cache: PageCache | None, g: Guideline) -> None:
        self.cache = cache
        self.stamp: str | None = None  # the templates' content digest, part of every page's key
        if cache is None:
            self.env = _environment(template_dir)
        else:
            self.env, self.stamp = cache.environment(template_dir, _environment)
        # A work's citation is printed on its references page and in every
        # list citing it: formatted once, in the guideline's citation style.
        self.citations = citations(g)
        self.env.globals["citation"] = self.citations

    def __call__(self, name: str, page: str, abbreviations: list[tuple[str, str]], **context: Any) -> str:
        def render() -> str:
            return _render(self.env, name, page, abbreviations, **context)
        if self.cache is None:
            return render()
        key = (self.stamp, name, abbreviations, sorted(context.items(), key=lambda kv: kv[0]))
        return self.cache.page(page, key, render)


def site_pages(g: Guideline, root: Path, downloads: Mapping[str, bytes] | None = None,
               cache: PageCache | None = None) -> dict[str, str]:
    """Site path -> Markdown for every generated page.

    ``downloads`` are the other files the build publishes next to the pages
    (export, cards); the home page links exactly those, so a build without
    cards has no dead link. ``cache`` (the live preview's) reuses the pages
    whose context is unchanged; the result is the same.

    Every page prints the guideline's abbreviations (all chapters'
    glossaries, the page's own chapter's first). The grading page's template
    sees ``g`` without chapters or works. A chapter page's template
    sees ``g`` as the chapter's slice: the guideline's metadata and schemes,
    this chapter, the works it cites; ``work_page(key)`` names the
    references page of each work it cites. The references pages are
    described in ``reference_pages``.
    """
    render = _Renderer(root / TEMPLATE_DIR, cache, g)
    render.citations.prepare(g.references)  # every work is on a references page
    files = sorted((downloads or {}).items())
    layout = reference_layout(g)
    everywhere = _abbreviations(g)
    common = {"g": g, "schemes": g.schemes, "work_page": _WorkPage(layout, None)}
    pages: dict[str, str] = {
        HOME: render("home.md.j2", HOME, everywhere, **common,
                     downloads=[Download(p, _download_label(g, p), len(b)) for p, b in files]),
        # The grading page is about the schemes: it sees no chapter or work.
        GRADES: render("grades.md.j2", GRADES, everywhere, **common | {"g": replace(g, chapters=(), references=())}),
        **reference_pages(g, render, layout, everywhere),
        GLOSSARY: render("glossary.md.j2", GLOSSARY, everywhere, **common, entries=_glossary(g)),
    }
    for chapter in g.chapters:
        if addresses.chapter_id_reserved(chapter.id):
            raise PageTemplateError(f"{chapter.pos}: chapter id {chapter.id!r} is taken by a site page; "
                                    f"chapter ids cannot be any of {', '.join(sorted(RESERVED))}")
        card = f"cards/{chapter.id}.pdf"
        keys = chapter.cited_keys()
        cited = tuple(r for r in (g.reference(k) for k in keys) if r is not None)
        part = replace(g, chapters=(chapter,), references=cited)
        pages[chapter_page(chapter)] = render(
            "chapter.md.j2", chapter_page(chapter), _own_first(everywhere, chapter),
            g=part, schemes=g.schemes, work_page=_WorkPage(layout, keys), chapter=chapter,
            card=card if card in (downloads or {}) else None,
            used_codes=_used_codes(g, chapter.all_recommendations()),
            statement_groups=addresses.statement_groups(chapter),
        )
    return pages


class _WorkPage:
    """``work_page(key)`` for a template: the references page listing a work.
    Compared by what it answers for the keys a page may ask (None: any)."""

    def __init__(self, layout: ReferenceLayout, keys: Sequence[str] | None) -> None:
        self.layout = layout
        self._answers = (tuple((k, layout.page(k)) for k in keys) if keys is not None
                         else (layout.per_page, tuple(p.page for p in layout.parts), layout._page_of))

    def __call__(self, key: str) -> str:
        return self.layout.page(key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _WorkPage) and self._answers == other._answers

    __hash__ = None  # type: ignore[assignment]


class _Works:
    """A references page's works as the template iterates them, (citation,
    places citing it); compared by the works and places, so that an unchanged
    page is recognised without making its citations."""

    def __init__(self, refs: tuple[Reference, ...], places: tuple[tuple[Any, ...], ...], cite: Any) -> None:
        self.refs, self.places, self._cite = refs, places, cite

    def __iter__(self) -> Any:
        return ((self._cite(r), list(p)) for r, p in zip(self.refs, self.places))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Works) and self.refs == other.refs and self.places == other.places

    __hash__ = None  # type: ignore[assignment]


def reference_pages(g: Guideline, render: Any, layout: ReferenceLayout,
                    abbreviations: list[tuple[str, str]]) -> dict[str, str]:
    """Site path -> Markdown of the references pages: one page, or the index
    (a function of the layout) and one page per part. A part's template sees
    ``g`` as the guideline's metadata and schemes with that part's works,
    and who cites them as ``CitedBy`` facts (render/citations.py)."""
    index = cited_by(g)
    cite = render.env.globals["citation"]

    def works(refs: tuple[Reference, ...]) -> _Works:
        return _Works(refs, tuple(tuple(index.get(r.key, ())) for r in refs), cite)

    def common(refs: tuple[Reference, ...]) -> dict[str, Any]:
        return {"g": replace(g, chapters=(), references=refs), "schemes": g.schemes,
                "work_page": _WorkPage(layout, [r.key for r in refs])}

    if not layout.parts:
        return {REFERENCES: render("references.md.j2", REFERENCES, abbreviations, **common(g.references),
                                   works=works(g.references))}
    total = len(g.references)
    pages = {REFERENCES: render("references_index.md.j2", REFERENCES, abbreviations, **common(()),
                                layout=layout, total=total)}
    for i, part in enumerate(layout.parts):
        pages[part.page] = render(
            "references_part.md.j2", part.page, abbreviations, **common(part.refs), part=part, total=total,
            number=i + 1, parts=len(layout.parts), works=works(part.refs),
            previous=layout.parts[i - 1] if i > 0 else None,
            next=layout.parts[i + 1] if i + 1 < len(layout.parts) else None,
        )
    return pages


def _environment(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["plain"] = plain
    env.filters["kb"] = lambda n: f"{max(1, round(n / 1024))} kB"
    env.globals.update(_ADDRESSES)
    env.globals.update(
        tone=lambda code: code.tone or "none",
        graded_count=graded_count,
        grade_pieces=grade_pieces,
        grade_header=header,
        ref_count=lambda groups: sum(len(group.cites) for group in groups),
    )
    return env


#: What the templates print addresses with: they format none themselves.
_ADDRESSES: dict[str, Any] = {
    name: getattr(addresses, name) for name in (
        "chapter_page", "statement_anchor", "section_anchor", "table_anchor", "quote_anchor",
        "footnote_anchor", "group_anchor", "ref_anchor", "definition_anchor", "scheme_anchor",
        "scheme_code_anchor", "wording_anchor", "home_chapter_anchor", "fragment", "heading_attr",
        "CHAPTER_REFERENCES", "ABOUT_THIS_CHAPTER", "STATEMENT_KINDS", "GRADES", "REFERENCES")
}


def _render(env: jinja2.Environment, name: str, page: str, abbreviations: list[tuple[str, str]],
            **context: Any) -> str:
    try:
        text = env.get_template(name).render(url=addresses.relative_links(page), page=page, **context)
    except jinja2.TemplateError as exc:
        raise PageTemplateError(_template_problem(exc, name)) from exc
    _assert_unique_ids(page, text)
    abbrs = abbreviation_lines(abbreviations)
    # One definition per block: Python-Markdown reads a block of n definitions
    # one line at a time, re-testing the rest of the block each time (O(n²):
    # 1,700 terms at benchmark scale L cost 2-4 s on every page).
    return text.rstrip("\n") + "\n\n" + abbrs.replace("\n", "\n\n") + "\n" if abbrs else text


class PageTemplateError(Exception):
    """A page template does not compile or render; the message names it."""


def _template_problem(exc: jinja2.TemplateError, name: str) -> str:
    where = str(TEMPLATE_DIR / (getattr(exc, "name", None) or name))
    if lineno := getattr(exc, "lineno", None):
        where += f":{lineno}"
    return f"{where}: {type(exc).__name__}: {exc.message or exc}"


def _used_codes(g: Guideline, recs: Any) -> list[tuple[GradingScheme, Code]]:
    """Every (scheme, code) graded on a page, in scheme and strength order."""
    used = {(gr.scheme, gr.code) for rec in recs for gr in rec.grades}
    return [(s, c) for s in g.schemes for c in s.codes if (s.id, c.code) in used]


def _glossary(g: Guideline) -> list[tuple[str, str, Chapter]]:
    entries: dict[tuple[str, str], tuple[str, str, Chapter]] = {}
    for chapter in g.chapters:
        for e in chapter.glossary:
            entries.setdefault((e.term, e.expansion), (e.term, e.expansion, chapter))
        for w in chapter.wording:
            for syn in w.synonyms:
                entries.setdefault((syn.term, syn.expansion), (syn.term, syn.expansion, chapter))
    return sorted(entries.values(), key=lambda e: (e[0].casefold(), e[0], e[1]))


def _chapter_terms(chapter: Chapter) -> dict[str, str]:
    """A chapter's glossary and wording synonyms, term -> expansion (its first definition)."""
    terms: dict[str, str] = {}
    for e in chapter.glossary:
        terms.setdefault(e.term, e.expansion)
    for w in chapter.wording:
        for syn in w.synonyms:
            terms.setdefault(syn.term, syn.expansion)
    return terms


def _abbreviations(g: Guideline) -> list[tuple[str, str]]:
    """Terms to explain on a page, sorted: each term as the first chapter defining it defines it."""
    seen: dict[str, str] = {}
    for chapter in g.chapters:
        for term, expansion in _chapter_terms(chapter).items():
            seen.setdefault(term, expansion)
    return sorted(seen.items())


def _own_first(everywhere: list[tuple[str, str]], chapter: Chapter) -> list[tuple[str, str]]:
    """The terms to explain on ``chapter``'s page: its own definitions replace
    the first found elsewhere (a term two chapters define differently keeps
    the page's meaning)."""
    own = _chapter_terms(chapter)
    return sorted({**dict(everywhere), **own}.items()) if own else everywhere


def _download_label(g: Guideline, path: str) -> str:
    labels = {
        "cards/guideline.pdf": "Pocket cards, all chapters (PDF)",
        "export/guideline.json": "The guideline as JSON (recommendations, grades, references)",
        "export/references.json": "References as CSL-JSON",
        "export/guideline.schema.json": "JSON Schema of guideline.json",
    }
    for chapter in g.chapters:
        labels[f"cards/{chapter.id}.pdf"] = f"Pocket card: {chapter.title} (PDF)"
    return labels.get(path, posixpath.basename(path))


# Each starts with a literal, which re finds fast (an alternation, or a
# leading \b, makes it try every position: 10x slower on large pages).
_ID_ATTR = re.compile(r'id="([^"]+)"')
_ID_ATTR_LIST = re.compile(r'\{ #([^\s}]+) \}')


def _assert_unique_ids(page: str, text: str) -> None:
    """Two elements with one id would make a permalink ambiguous."""
    counts = Counter(m[1] for m in _ID_ATTR.finditer(text)
                     if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")))
    counts.update(_ID_ATTR_LIST.findall(text))
    dupes = sorted(i for i, n in counts.items() if n > 1)
    if dupes:
        raise ValueError(f"{page}: duplicate anchors {', '.join(dupes)}")


def graded_count(chapter: Chapter) -> int:
    return sum(1 for rec in chapter.all_recommendations() if rec.grades)
