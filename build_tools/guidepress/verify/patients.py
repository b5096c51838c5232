"""The patient pages' reader: every plain text on its page, each statement linked to its clinical twin.

For each view (render/patient_view.py): its page exists and shows the plain
chapter title; each plain section title is its section's heading; each plain
statement is in the element with its recommendation's id, with a link to the
recommendation on the chapter page (the address the published HTML writes)
and the badges of every grade the recommendation carries. The chapter pages
themselves are read by site.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..grade_format import shown
from ..model import Guideline
from ..render.addresses import chapter_page, published_folder, published_href, section_anchor, statement_anchor
from ..render.patient_view import PatientView, PlainStatement
from .compare import collapse, norm
from .html import Node, has_class, parse_html, tag


def patient_text_count(views: Sequence[PatientView]) -> int:
    """How many texts the pages of ``views`` carry (what `guidepress verify` counts as found)."""
    return sum(1 + sum(1 + len(s.statements) for s in view.sections) for view in views)


def missing_on_patient_pages(g: Guideline, views: Sequence[PatientView], site_dir: Path) -> list[str]:
    """What the patient pages of the site in ``site_dir`` lack of ``views``."""
    problems: list[str] = []
    for view in views:
        folder = published_folder(view.page)
        path = site_dir / folder / "index.html"
        if not path.is_file():
            problems.append(f"{view.variant.tag} {view.chapter.id!r}: page {folder}/index.html not found")
            continue
        root, ids = parse_html(path.read_text("utf-8"))
        problems += (f"{view.variant.tag} {folder}/: {p}" for p in _view_problems(g, view, root, ids))
    return problems


def _view_problems(g: Guideline, view: PatientView, root: Node, ids: dict[str, Node]) -> Iterator[str]:
    h1 = root.find(tag("h1"))
    if h1 is None or norm(view.title) not in norm(h1.text()):
        yield f"title {view.title!r} not the page's heading"
    for plain in view.sections:
        anchor = section_anchor(plain.section)
        heading = ids.get(anchor)
        if heading is None or norm(plain.title) not in norm(heading.text()):
            yield f"section title {plain.title!r} not the heading with id {anchor!r}"
        for st in plain.statements:
            yield from _statement_problems(g, view, st, ids)


def _statement_problems(g: Guideline, view: PatientView, st: PlainStatement, ids: dict[str, Node]) -> Iterator[str]:
    rec = st.recommendation
    rec_id = rec.id
    el = ids.get(statement_anchor(rec))
    if el is None:
        yield f"statement {rec_id!r}: no element with id {statement_anchor(rec)!r}"
        return
    said = norm(el.text())
    for value in (st.condition, st.text):
        if value and norm(value) not in said:
            yield f"statement {rec_id!r}: {value!r} not shown"
    target = published_href(view.page, chapter_page(view.chapter), statement_anchor(rec))
    if not any(a.attrs.get("href") == target for a in el.find_all(tag("a"))):
        yield f"statement {rec_id!r}: no link to its recommendation ({target})"
    badges: dict[str, list[str]] = {}
    for badge in el.find_all(has_class("gp-grade")):
        if (code := badge.find(has_class("gp-grade__code"))) is not None:
            badges.setdefault(badge.attrs.get("data-scheme", ""), []).append(collapse(code.text()))
    for grade in rec.grades:
        if shown(g.scheme(grade.scheme), grade.code) not in badges.get(grade.scheme, []):
            yield f"statement {rec_id!r}: grade {grade.scheme} {grade.code} not shown"
