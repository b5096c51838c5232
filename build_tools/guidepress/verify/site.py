"""The site's reader: what the built pages lack of the model.

The element with id=<recommendation id> must show its statement and one
badge per scheme with its code (in the scheme's ``format``), tables their cells in place, reference
lists their works in order, and so on; texts are compared as a reader sees
them (``norm``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..grade_format import shown
from ..model import GradingScheme, Guideline
from ..render.addresses import GLOSSARY, REFERENCES, chapter_page, note_anchor, published_folder, ref_anchor
from ..render.reference_layout import reference_layout
from .carried import (
    Cell,
    Column,
    GlossaryTerm,
    GradeAt,
    GroupItem,
    InGroup,
    InTable,
    Item,
    KindLabel,
    Marker,
    OnRecommendation,
    Reference,
    Statement,
    Within,
    WorkNote,
    carried,
)
from .compare import collapse, norm
from .found import Found, report
from .html import Node, has_class, parse_html, tag


class _Page:
    """One published page, parsed once: its tree, ids, text, and text per section."""

    def __init__(self, path: Path) -> None:
        self.root, self.ids = parse_html(path.read_text("utf-8"))
        self.sections = self._sections()
        self.text = norm(self.root.text())

    def _sections(self) -> dict[str, str]:
        """Section id -> the text from its heading to the next one."""
        out: dict[str, str] = {}
        for h2 in self.root.find_all(lambda n: n.tag == "h2" and "id" in n.attrs):
            parent = h2.parent
            assert parent is not None
            siblings = parent.children[parent.children.index(h2) :]
            parts = [h2.text()]
            for sib in siblings[1:]:
                if isinstance(sib, Node) and sib.tag in ("h1", "h2"):
                    break
                parts.append(sib if isinstance(sib, str) else sib.text())
            out[h2.attrs["id"]] = norm(" ".join(parts))
        return out


PageOf = Callable[[str], "_Page | None"]


def missing_in_html(g: Guideline, site_dir: Path) -> list[str]:
    """What the site in ``site_dir`` lacks of the model."""
    pages: dict[str, _Page | None] = {}

    def page(rel: str) -> _Page | None:
        if rel not in pages:
            path = site_dir / rel / "index.html"
            pages[rel] = _Page(path) if path.is_file() else None
        return pages[rel]

    problems = [
        f"chapter {c.id!r}: page {published_folder(chapter_page(c))}/index.html not found"
        for c in g.chapters
        if page(published_folder(chapter_page(c))) is None
    ]
    # A large bibliography is split: references/ is then an index and each
    # work is on the part page the layout names (references/<part>/).
    layout = reference_layout(g)
    for name in tuple(published_folder(p) for p in (REFERENCES, GLOSSARY) + layout.pages[1:]):
        if page(name) is None:
            problems.append(f"site: page {name}/index.html not found")
    checker = _HtmlFinder(page, _chapter_of(g), lambda key: published_folder(layout.page(key)), g.scheme)
    items = [i for i in carried(g, "html") if checker.applicable(i)]
    return problems + report(items, checker.found)


def _chapter_of(g: Guideline) -> dict[str, str]:
    """Element id (section, recommendation, footnote, table, quote, chapter) -> its chapter's id."""
    out = {}
    for chapter in g.chapters:
        for section in chapter.sections:
            out[section.id] = chapter.id
            for rec in section.all_recommendations():
                out[rec.id] = chapter.id
            for i in range(1, len(section.footnotes) + 1):
                out[note_anchor(section.id, i)] = chapter.id
            for t in section.tables:
                out[t.id] = chapter.id
            for q in section.quotes:
                out[q.id] = chapter.id
        out[chapter.id] = chapter.id
    return out


@dataclass(frozen=True, slots=True)
class _Row:
    text: str  # the statement, normalised
    codes: dict[str, list[str]]  # scheme id -> what its badges show (codes, in the scheme's format)
    markers: list[str]  # footnote markers
    kind: str  # the label of an ungraded kind, normalised ("" for none)


class _HtmlFinder:
    def __init__(
        self,
        page: PageOf,
        chapter_of: dict[str, str],
        work_page: Callable[[str], str],
        scheme: Callable[[str], GradingScheme | None],
    ) -> None:
        self.page = page
        self.chapter_of = chapter_of
        self.work_page = work_page  # BibTeX key -> the site folder of the references page listing it
        self.scheme = scheme  # a badge shows its code in the scheme's format
        self._glossary: set[tuple[str, str]] | None = None
        self._rows: dict[str, _Row | str] = {}

    def applicable(self, item: Item) -> bool:
        """False for an item whose page is missing (reported once, as a page)."""
        match item.where:
            case Reference(key=key) | WorkNote(key=key):
                return self.page(self.work_page(key)) is not None
            case GlossaryTerm():
                return self.page(published_folder(GLOSSARY)) is not None
            case InGroup(chapter=chapter):
                return self._chapter(chapter) is not None
            case Within(id=anchor) | OnRecommendation(rec_id=anchor) | InTable(table=anchor):
                owner = self.chapter_of.get(anchor)
                return owner is None or self._chapter(owner) is not None
        raise AssertionError(item.where)  # a locator no page item has

    def _chapter(self, chapter_id: str) -> _Page | None:
        return self.page(published_folder(chapter_page(chapter_id)))

    def _element(self, anchor: str) -> Node | None:
        chapter = self.chapter_of.get(anchor)
        page = self._chapter(chapter) if chapter else None
        return page.ids.get(anchor) if page else None

    def found(self, item: Item) -> Found:
        value = norm(item.value)
        match item.where:
            case OnRecommendation(rec_id=rec_id):
                row = self._row(rec_id)
                return row if isinstance(row, str) else _on_row(item, row, self.scheme)
            case Within(scope="chapter", id=anchor):
                page = self._chapter(anchor)
                return page is not None and value in page.text
            case Within(scope="section", id=anchor):
                page = self._chapter(self.chapter_of.get(anchor, ""))
                return page is not None and value in page.sections.get(anchor, "")
            case Within(id=anchor):
                return _inside(self._element(anchor), anchor, value)
            case InTable():
                return self._in_table(item)
            case GlossaryTerm(term=term):
                return (norm(term), value) in self._glossary_rows()
            case Reference(key=key) | WorkNote(key=key):
                page = self.page(self.work_page(key))
                el = page.ids.get(ref_anchor(key)) if page else None
                return el is not None and value in norm(el.text())
            case GroupItem(chapter=chapter, anchor=anchor, index=index):
                return _list_item(self._group(chapter, anchor), f"{chapter}/{anchor}", index, value)
            case InGroup(chapter=chapter, anchor=anchor):
                return _inside(self._group(chapter, anchor), f"{chapter}/{anchor}", value)
        raise AssertionError(item.where)  # a locator no page item has

    def _in_table(self, item: Item) -> Found:
        assert isinstance(item.where, InTable)
        el = self._element(item.where.table)
        table = el.find(tag("table")) if el else None
        if table is None:
            return f" (no table in the element with id {item.where.table!r})"
        value = norm(item.value)
        match item.where:
            case Column(col=col):
                cells = [norm(th.text()) for th in table.find_all(tag("th"))]
                return col < len(cells) and cells[col] == value
            case Cell(row=r, col=c):
                body = table.find(tag("tbody")) or table
                rows = [[norm(td.text()) for td in tr.find_all(tag("td"))] for tr in body.find_all(tag("tr"))]
                rows = [row for row in rows if row]
                got = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
                return True if got == value else (f" (the page shows {got!r})" if got is not None else "")
        raise AssertionError(item.where)

    def _row(self, rec_id: str) -> _Row | str:
        """What the page shows on a recommendation's own row, read once (a note when there is none)."""
        if rec_id not in self._rows:
            el = self._element(rec_id)
            row = el.find(has_class("gp-rec__row")) if el is not None else None
            if el is None:
                self._rows[rec_id] = f" (no element with id {rec_id!r})"
            elif row is None:
                self._rows[rec_id] = " (the element has no statement row)"
            else:
                self._rows[rec_id] = _read_row(row)
        return self._rows[rec_id]

    def _group(self, chapter: str, anchor: str) -> Node | None:
        page = self._chapter(chapter)
        return page.ids.get(anchor) if page else None

    def _glossary_rows(self) -> set[tuple[str, str]]:
        if self._glossary is None:
            page = self.page(published_folder(GLOSSARY))
            rows = set()
            for tr in page.root.find_all(tag("tr")) if page else ():
                cells = [norm(td.text()) for td in tr.find_all(tag("td"))]
                if len(cells) >= 2:
                    rows.add((cells[0], cells[1]))
            self._glossary = rows
        return self._glossary


def _read_row(row: Node) -> _Row:
    text_el = row.find(has_class("gp-rec__text"))
    codes: dict[str, list[str]] = {}
    for badge in row.find_all(has_class("gp-grade")):
        code = badge.find(has_class("gp-grade__code"))
        if code is not None:
            codes.setdefault(badge.attrs.get("data-scheme", ""), []).append(collapse(code.text()))
    kind = row.find(has_class("gp-kind"))
    return _Row(
        norm(text_el.text()) if text_el is not None else "",
        codes,
        [n.text().strip() for n in row.find_all(has_class("gp-fnref"))],
        norm(kind.text()) if kind is not None else "",
    )


def _on_row(item: Item, row: _Row, scheme_of: Callable[[str], GradingScheme | None]) -> Found:
    match item.where:
        case Statement():
            return norm(item.value) in row.text
        case Marker():
            return item.value in row.markers
        case KindLabel():
            return row.kind == norm(item.value) or (f" (the page shows {row.kind!r})" if row.kind else "")
        case GradeAt(scheme=scheme):
            codes = row.codes.get(scheme, [])
            if shown(scheme_of(scheme), item.value) in codes:
                return True
            return f" (the page shows {codes[0]!r})" if codes else ""
    raise AssertionError(item.where)


def _is_rec(n: Node) -> bool:
    return "gp-rec" in n.classes


def _inside(el: Node | None, anchor: str, value: str) -> Found:
    """``value`` in the element's text (without nested recommendations': each checks its own)."""
    if el is None:
        return f" (no element with id {anchor!r})"
    return value in norm(el.text(skip=_is_rec))


def _list_item(el: Node | None, anchor: str, index: int, value: str) -> Found:
    if el is None:
        return f" (no element with id {anchor!r})"
    ol = el.find(tag("ol"))
    items = [li for li in (ol.children if ol else []) if isinstance(li, Node) and li.tag == "li"]
    return index < len(items) and value in norm(items[index].text())
