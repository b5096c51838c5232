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

import posixpath
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..model import Chapter, Code, Guideline, GradingScheme, Section
from .citations import citation, cited_by
from .mdtext import abbreviation_lines, md, plain

HOME = "index.md"
GRADES = "grades.md"
REFERENCES = "references.md"
GLOSSARY = "glossary.md"
TEMPLATE_DIR = Path("templates") / "site" / "pages"


# Site folders that are not chapters; a chapter with one of these ids would
# overwrite them.
RESERVED = frozenset({"index", "grades", "references", "glossary", "export", "cards", "search", "assets", "404"})


def chapter_page(chapter: Chapter) -> str:
    """``<id>.md``, published at ``<id>/``: the address the pocket cards'
    QR codes print (render/cards.py chapter_url)."""
    return f"{chapter.id}.md"


@dataclass(frozen=True, slots=True)
class Download:
    path: str
    label: str
    size: int


def site_nav(g: Guideline) -> list[Any]:
    """The navigation in mkdocs.yml's ``nav`` format (Zensical reads it too)."""
    return [
        {"Home": HOME},
        {"Chapters": [{c.title: chapter_page(c)} for c in g.chapters]},
        {"Reference": [{"How to read the grades": GRADES}, {"References": REFERENCES},
                       {"Glossary": GLOSSARY}]},
    ]


def site_pages(g: Guideline, root: Path, downloads: Mapping[str, bytes] | None = None) -> dict[str, str]:
    """Site path -> Markdown for every generated page.

    ``downloads`` are the other files the build publishes next to the pages
    (export, cards); the home page links exactly those, so a build without
    cards has no dead link.
    """
    env = _environment(root / TEMPLATE_DIR)
    files = sorted((downloads or {}).items())
    common = {"g": g, "schemes": g.schemes}
    pages: dict[str, str] = {
        HOME: _render(env, "home.md.j2", HOME, **common,
                      downloads=[Download(p, _download_label(g, p), len(b)) for p, b in files]),
        GRADES: _render(env, "grades.md.j2", GRADES, **common),
        REFERENCES: _render(env, "references.md.j2", REFERENCES, **common,
                            works=[(citation(r), places) for r, places in _works(g)]),
        GLOSSARY: _render(env, "glossary.md.j2", GLOSSARY, **common, entries=_glossary(g)),
    }
    for chapter in g.chapters:
        if chapter.id in RESERVED:
            raise PageTemplateError(f"{chapter.pos}: chapter id {chapter.id!r} is taken by a site page; "
                                    f"chapter ids cannot be any of {', '.join(sorted(RESERVED))}")
        card = f"cards/{chapter.id}.pdf"
        pages[chapter_page(chapter)] = _render(
            env, "chapter.md.j2", chapter_page(chapter), **common, chapter=chapter,
            card=card if card in (downloads or {}) else None,
            used_codes=_used_codes(g, chapter.all_recommendations()),
            statement_groups=_statement_groups(chapter),
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
    env.globals.update(
        tone=lambda code: code.tone or "none",
        def_id=lambda scheme, code: f"gp-def-{scheme.id}-{scheme.rank(code.code)}",
        note_id=lambda section, marker: f"{section.id}-note-{_marker_index(section, marker)}",
        group_id=lambda section, i: f"{section.id}-refs-{i}" if section else f"references-{i}",
        chapter_page=chapter_page,
        ref_anchor=ref_anchor,
        citation=citation,
        graded_count=graded_count,
        ref_count=lambda groups: sum(len(group.cites) for group in groups),
    )
    return env


def _render(env: jinja2.Environment, name: str, page: str, **context: Any) -> str:
    def url(target: str, anchor: str | None = None) -> str:
        """A Markdown link target relative to ``page`` (MkDocs checks it)."""
        rel = posixpath.relpath(target, posixpath.dirname(page) or ".")
        return f"{rel}#{anchor}" if anchor else rel

    try:
        text = env.get_template(name).render(url=url, page=page, **context)
    except jinja2.TemplateError as exc:
        raise PageTemplateError(_template_problem(exc, name)) from exc
    _assert_unique_ids(page, text)
    abbrs = abbreviation_lines(_abbreviations(context["g"], context.get("chapter")))
    return text.rstrip("\n") + "\n\n" + abbrs + "\n" if abbrs else text


class PageTemplateError(Exception):
    """A page template does not compile or render; the message names it."""


def _template_problem(exc: jinja2.TemplateError, name: str) -> str:
    where = str(TEMPLATE_DIR / (getattr(exc, "name", None) or name))
    if lineno := getattr(exc, "lineno", None):
        where += f":{lineno}"
    return f"{where}: {type(exc).__name__}: {exc.message or exc}"


def ref_anchor(key: str) -> str:
    return "ref-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _marker_index(section: Section, marker: str) -> int:
    for i, note in enumerate(section.footnotes, 1):
        if note.marker == marker:
            return i
    return 0


def _statement_groups(chapter: Chapter) -> dict[str, str]:
    """Recommendation id -> anchor of the reference list printed for it."""
    out: dict[str, str] = {}
    for section in chapter.sections:
        for i, group in enumerate(section.references, 1):
            if group.statement:
                out.setdefault(group.statement, f"{section.id}-refs-{i}")
    return out


def _used_codes(g: Guideline, recs: Any) -> list[tuple[GradingScheme, Code]]:
    """Every (scheme, code) graded on a page, in scheme and strength order."""
    used = {(gr.scheme, gr.code) for rec in recs for gr in rec.grades}
    return [(s, c) for s in g.schemes for c in s.codes if (s.id, c.code) in used]


def _works(g: Guideline) -> list[tuple[Any, list[Any]]]:
    index = cited_by(g)
    return [(ref, index.get(ref.key, [])) for ref in g.references]


def _glossary(g: Guideline) -> list[tuple[str, str, Chapter]]:
    entries: dict[tuple[str, str], tuple[str, str, Chapter]] = {}
    for chapter in g.chapters:
        for e in chapter.glossary:
            entries.setdefault((e.term, e.expansion), (e.term, e.expansion, chapter))
        for w in chapter.wording:
            for syn in w.synonyms:
                entries.setdefault((syn.term, syn.expansion), (syn.term, syn.expansion, chapter))
    return sorted(entries.values(), key=lambda e: (e[0].casefold(), e[0], e[1]))


def _abbreviations(g: Guideline, first: Chapter | None) -> list[tuple[str, str]]:
    """Terms to explain on a page: its own chapter's first, then the others'
    (a term defined differently by two chapters keeps the page's meaning)."""
    chapters = ([first] if first else []) + [c for c in g.chapters if c is not first]
    seen: dict[str, str] = {}
    for chapter in chapters:
        for e in chapter.glossary:
            seen.setdefault(e.term, e.expansion)
        for w in chapter.wording:
            for syn in w.synonyms:
                seen.setdefault(syn.term, syn.expansion)
    return sorted(seen.items())


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


_ID = re.compile(r'\bid="([^"]+)"|\{ #([^\s}]+) \}')


def _assert_unique_ids(page: str, text: str) -> None:
    """Two elements with one id would make a permalink ambiguous."""
    counts = Counter(a or b for a, b in _ID.findall(text))
    dupes = sorted(i for i, n in counts.items() if n > 1)
    if dupes:
        raise ValueError(f"{page}: duplicate anchors {', '.join(dupes)}")


def graded_count(chapter: Chapter) -> int:
    return sum(1 for rec in chapter.all_recommendations() if rec.grades)
