"""The web site's pages: a plain function from the model to Markdown.

The Markdown uses only extensions that Material for MkDocs documents as
standard (abbr, attr_list, md_in_html, tables, toc, pymdownx.tilde/caret),
so any engine that reads mkdocs.yml (MkDocs, Zensical) can render it. The
MkDocs plugin and the Zensical runner are thin adapters over this module.

Templates live in ``templates/site/pages``: each is the project's when it
has that file, else guidepress' own (packaged.py). Autoescape is on for all
of them, so model text is at least HTML-escaped everywhere, and the ``md``
filter escapes it for Markdown as well where it sits in Markdown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2

from ..cache import Cache, PageCache
from ..editorial import editorial_mark
from ..grade_format import grade_pieces, header, shown
from ..messages import Messages, messages_for_source, project_messages
from ..model import Guideline, Reference
from ..packaged import search_path
from ..text import plain
from . import addresses
from .addresses import EDITORS, GLOSSARY, GRADES, HOME, REFERENCES, RESERVED, WHATS_NEW, chapter_page
from .citations import citations, cited_by
from .downloads import Download, download_label
from .editors_page import editors_context
from .glossary_terms import glossary_entries, own_first, page_abbreviations
from .graded import graded_count, used_codes
from .linked_data import front_matter, page_head
from .mdtext import abbreviation_lines, md
from .patient_view import patient_nav, patient_pages, patient_views
from .reference_layout import ReferenceLayout, reference_layout
from .release_marks import release_mark, reviewed_mark
from .whats_new import whats_new

TEMPLATE_DIR = Path("templates") / "site" / "pages"


def site_nav(g: Guideline, words: Messages) -> list[Any]:
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
        references = [{words.wording("nav.all_references"): REFERENCES}] + [{p.label: p.page} for p in parts]
    news = [{words.wording("nav.whats_new", version=g.release.version): WHATS_NEW}] if g.release is not None else []
    return [
        {words.wording("nav.home"): HOME},
        *news,
        {words.wording("nav.chapters"): [{c.title: chapter_page(c)} for c in g.chapters]},
        *patient_nav(g, words),
        {
            words.wording("nav.reference"): [
                {words.wording("nav.grades"): GRADES},
                {words.wording("nav.references"): references},
                {words.wording("nav.glossary"): GLOSSARY},
                {words.wording("nav.editors"): EDITORS},
            ]
        },
    ]


class _Renderer:
    """Renders (or, with a PageCache, reuses) one page from its template and context.

    Every page also gets ``head`` (render/linked_data.py): ``head(page, chapter)``
    makes it."""

    def __init__(
        self, template_dirs: tuple[Path, ...], cache: PageCache | None, head: Any, g: Guideline, words: Messages
    ) -> None:
        self.cache = cache
        self.head = head
        self.words = words
        # The environment (its compiled templates) outlives a render while the templates'
        # content is unchanged: in the preview's cache, else in this module's, so a process
        # that renders the site again (a build after a build, the benchmark) compiles them once.
        # The digest is part of every cached page's key.
        self.env, self.stamp = (cache if cache is not None else _ENVIRONMENT).environment(
            template_dirs, page_environment
        )
        # A work's citation is printed on its references page and in every
        # list citing it: formatted once, in the guideline's citation style.
        self.citations = citations(g)
        self.env.globals["citation"] = self.citations
        # The environment is shared by the renders of every language: each installs its own wording.
        words.install(self.env)

    def __call__(self, name: str, page: str, abbreviations: list[tuple[str, str]], **context: Any) -> str:
        context["head"] = self.head(page, context.get("chapter"))

        def render() -> str:
            return _render(self.env, name, page, abbreviations, **context)

        if self.cache is None:
            return render()
        key = (self.stamp, self.words.digest, name, abbreviations, sorted(context.items(), key=lambda kv: kv[0]))
        return self.cache.page(page, key, render)


#: The environment of the last render without the preview's cache (no page is kept in it).
_ENVIRONMENT = PageCache()


def site_pages(
    g: Guideline,
    root: Path,
    downloads: Mapping[str, bytes] | None = None,
    cache: PageCache | None = None,
    store: Cache | None = None,
) -> dict[str, str]:
    """Site path -> Markdown for every generated page.

    ``downloads`` are the other files the build publishes next to the pages
    (export, cards); the home page links exactly those, so a build without
    cards has no dead link. ``cache`` (the live preview's) reuses the pages
    whose context is unchanged; ``store`` (the project's cache) keeps each
    work as the citation style formats it, across builds. The result is the
    same either way.

    Every page prints the guideline's abbreviations (all chapters'
    glossaries, the page's own chapter's first). The grading page's template
    sees ``g`` without chapters or works. A chapter page's template
    sees ``g`` as the chapter's slice: the guideline's metadata and schemes,
    this chapter, the works it cites; ``work_page(key)`` names the
    references page of each work it cites. The references pages are
    described in ``reference_pages``.
    """
    published = frozenset(downloads or ())
    words = project_messages(g.language, root)
    render = _Renderer(
        search_path(root, "site", "pages"),
        cache,
        lambda page, chapter: page_head(g, page, published, words, chapter),
        g,
        words,
    )
    render.citations.prepare(g.references, store)  # every work is on a references page
    files = sorted((downloads or {}).items())
    layout = reference_layout(g)
    everywhere = page_abbreviations(g)
    common = {"g": g, "schemes": g.schemes, "work_page": _WorkPage(layout, None)}
    views = patient_views(g)
    pages: dict[str, str] = {
        HOME: render(
            "home.md.j2",
            HOME,
            everywhere,
            **common,
            downloads=[Download(p, download_label(g, p, words), len(b)) for p, b in files],
            plain_pages=views,
        ),
        # The grading page is about the schemes: it sees no chapter or work.
        GRADES: render("grades.md.j2", GRADES, everywhere, **common | {"g": replace(g, chapters=(), references=())}),
        **reference_pages(g, render, layout, everywhere),
        GLOSSARY: render("glossary.md.j2", GLOSSARY, everywhere, **common, entries=glossary_entries(g)),
        EDITORS: render(
            "editors.md.j2",
            EDITORS,
            everywhere,
            **common | {"g": replace(g, chapters=(), references=())},
            **editors_context(g),
        ),
    }
    if (news := whats_new(g, words)) is not None:
        pages[WHATS_NEW] = render("whats_new.md.j2", WHATS_NEW, everywhere, **common, **news)
    pages |= patient_pages(g, views, render, lambda chapter: own_first(everywhere, chapter))
    for chapter in g.chapters:
        if addresses.chapter_id_reserved(chapter.id):
            raise PageTemplateError(
                f"{chapter.pos}: chapter id {chapter.id!r} is taken by a site page; "
                f"chapter ids cannot be any of {', '.join(sorted(RESERVED))}"
            )
        card = f"cards/{chapter.id}.pdf"
        keys = chapter.cited_keys()
        cited = tuple(r for r in (g.reference(k) for k in keys) if r is not None)
        part = replace(g, chapters=(chapter,), references=cited)
        pages[chapter_page(chapter)] = render(
            "chapter.md.j2",
            chapter_page(chapter),
            own_first(everywhere, chapter),
            g=part,
            schemes=g.schemes,
            work_page=_WorkPage(layout, keys),
            chapter=chapter,
            card=card if card in (downloads or {}) else None,
            used_codes=used_codes(g, chapter.all_recommendations()),
            statement_groups=addresses.statement_groups(chapter),
            plain_pages=[v for v in views if v.chapter.id == chapter.id],
        )
    return pages


class _WorkPage:
    """``work_page(key)`` for a template: the references page listing a work.
    Compared by what it answers for the keys a page may ask (None: any)."""

    def __init__(self, layout: ReferenceLayout, keys: Sequence[str] | None) -> None:
        self.layout = layout
        self._answers = (
            tuple((k, layout.page(k)) for k in keys)
            if keys is not None
            else (layout.per_page, tuple(p.page for p in layout.parts), layout._page_of)
        )

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
        return ((self._cite(r), list(p)) for r, p in zip(self.refs, self.places, strict=True))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Works) and self.refs == other.refs and self.places == other.places

    __hash__ = None  # type: ignore[assignment]


def reference_pages(
    g: Guideline, render: Any, layout: ReferenceLayout, abbreviations: list[tuple[str, str]]
) -> dict[str, str]:
    """Site path -> Markdown of the references pages: one page, or the index
    (a function of the layout) and one page per part. A part's template sees
    ``g`` as the guideline's metadata and schemes with that part's works,
    and who cites them as ``CitedBy`` facts (render/citations.py)."""
    index = cited_by(g)
    cite = render.env.globals["citation"]

    def works(refs: tuple[Reference, ...]) -> _Works:
        return _Works(refs, tuple(tuple(index.get(r.key, ())) for r in refs), cite)

    def common(refs: tuple[Reference, ...]) -> dict[str, Any]:
        return {
            "g": replace(g, chapters=(), references=refs),
            "schemes": g.schemes,
            "work_page": _WorkPage(layout, [r.key for r in refs]),
        }

    if not layout.parts:
        return {
            REFERENCES: render(
                "references.md.j2", REFERENCES, abbreviations, **common(g.references), works=works(g.references)
            )
        }
    total = len(g.references)
    pages = {
        REFERENCES: render(
            "references_index.md.j2", REFERENCES, abbreviations, **common(()), layout=layout, total=total
        )
    }
    for i, part in enumerate(layout.parts):
        pages[part.page] = render(
            "references_part.md.j2",
            part.page,
            abbreviations,
            **common(part.refs),
            part=part,
            total=total,
            number=i + 1,
            parts=len(layout.parts),
            works=works(part.refs),
            previous=layout.parts[i - 1] if i > 0 else None,
            next=layout.parts[i + 1] if i + 1 < len(layout.parts) else None,
        )
    return pages


def page_environment(template_dirs: Path | tuple[Path, ...]) -> jinja2.Environment:
    """The page templates' environment (load/templates.py compiles them with it at check time)."""
    env = jinja2.Environment(
        # Each template is the first folder's that has it: the project's, then guidepress' own.
        loader=jinja2.FileSystemLoader(list(template_dirs) if isinstance(template_dirs, tuple) else template_dirs),
        # Fixed wording is marked {{ _("...") }} and translated by the language's catalog (messages.py).
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["front_matter"] = front_matter
    env.filters["plain"] = plain
    env.filters["kb"] = lambda n: f"{max(1, round(n / 1024))} kB"
    # The source language's until a render installs the guideline's (Messages.install).
    messages_for_source().install(env)
    env.globals.update(_ADDRESSES)
    env.globals.update(
        tone=lambda code: code.tone or "none",
        graded_count=graded_count,
        grade_pieces=grade_pieces,
        grade_header=header,
        shown=shown,
        release_mark=release_mark,
        editorial_mark=editorial_mark,
        reviewed_mark=reviewed_mark,
        ref_count=lambda groups: sum(len(group.cites) for group in groups),
    )
    return env


#: What the templates print addresses with: they format none themselves.
_ADDRESSES: dict[str, Any] = {
    name: getattr(addresses, name)
    for name in (
        "chapter_page",
        "statement_anchor",
        "section_anchor",
        "table_anchor",
        "quote_anchor",
        "footnote_anchor",
        "group_anchor",
        "ref_anchor",
        "definition_anchor",
        "scheme_anchor",
        "scheme_code_anchor",
        "wording_anchor",
        "home_chapter_anchor",
        "fragment",
        "heading_attr",
        "CHAPTER_REFERENCES",
        "ABOUT_THIS_CHAPTER",
        "STATEMENT_KINDS",
        "GRADES",
        "REFERENCES",
    )
}


def _render(env: jinja2.Environment, name: str, page: str, abbreviations: list[tuple[str, str]], **context: Any) -> str:
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


# Each starts with a literal, which re finds fast (an alternation, or a
# leading \b, makes it try every position: 10x slower on large pages).
_ID_ATTR = re.compile(r'id="([^"]+)"')
_ID_ATTR_LIST = re.compile(r"\{ #([^\s}]+) \}")


def _assert_unique_ids(page: str, text: str) -> None:
    """Two elements with one id would make a permalink ambiguous."""
    counts = Counter(
        m[1]
        for m in _ID_ATTR.finditer(text)
        if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))
    )
    counts.update(_ID_ATTR_LIST.findall(text))
    dupes = sorted(i for i, n in counts.items() if n > 1)
    if dupes:
        raise ValueError(f"{page}: duplicate anchors {', '.join(dupes)}")
