"""Round trip: nothing in the source is lost on the way out.

From the model, ``carried(g, output)`` lists every item an output must carry
(statements with their grades per recommendation id, conditions, details,
footnotes, table columns and cells, notes, quotes, glossary terms and
wording synonyms with their expansions, reference titles, editorial notes),
each with a
locator saying where in that output it belongs. One checker per output reads
what was written and returns, in plain words, what is missing:

- ``missing_in_export(g, doc)``: the parsed ``export/guideline.json``;
  texts compared exactly, by id.
- ``missing_in_html(g, site_dir)``: the built site; the element with
  id=<recommendation id> must show its statement and one badge per scheme
  with its code, tables their cells in place, and so on. Parsed with the
  standard library's html.parser.
- ``missing_in_cards(g, pages, size)``: the words of one card set (PDF) as
  pdfplumber extracts them (``card_pages(pdf)``). Statements wrap in the
  text column while the grades sit in grade columns on the statement's
  first line, so each statement is found in the text column, in order, and
  its grades are read off that line.

What belongs where: the cards carry statements, grades, details,
footnotes, notes, tables (columns after the first, every non-empty cell),
quotes, the abbreviations a card uses and the editorial notes of sections
and tables, but no reference lists (nor their or their works' editorial
notes); the site and the export carry everything.

Text is compared the way rendering changes it: whitespace collapsed (in PDF
removed, as line breaks fall anywhere), the inline markup markers ``*``,
``~`` and ``^`` dropped (they render as emphasis, sub- and superscript), and
a hyphen at the end of a PDF line may be one the line break added.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .model import Chapter, Guideline, Recommendation, Section
from .render.addresses import GLOSSARY, REFERENCES, chapter_page, group_anchor, note_anchor, published_folder, ref_anchor
from .text import section_texts, terms_used

OUTPUTS = ("export", "html", "cards")
_ALL = frozenset(OUTPUTS)
_NO_CARDS = frozenset({"export", "html"})


# ---------------------------------------------------------------- what is carried

@dataclass(frozen=True, slots=True)
class Item:
    """One thing an output must carry.

    ``where`` locates it: ``("statement", rec_id)``, ``("grade", rec_id,
    scheme_id)``, ``("kind", rec_id)`` and ``("kind-label", rec_id)`` (a
    statement's kind: its id in the export, an ungraded kind's label where the
    grades would be), ``("marker", rec_id)``, ``("in", scope, id)`` for a text
    that must appear inside a scope (chapter, section, recommendation,
    table, quote, footnote, reference group), ``("cell", table_id, row,
    col)``, ``("column", table_id, col)``, ``("glossary", chapter_id, term)``,
    ``("reference", key)``, ``("work-note", key)`` (a work's editorial
    note, with the work), ``("group-item", group_anchor, index)``.
    """

    owner: str
    what: str
    value: str
    where: tuple[Any, ...]
    outputs: frozenset[str] = _ALL

    def missing(self, note: str = "") -> str:
        return f"{self.owner}: {self.what} {self.value!r} not found{note}"


def carried(g: Guideline, output: str) -> list[Item]:
    """Every item ``output`` ("export", "html" or "cards") must carry."""
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}; one of {', '.join(OUTPUTS)}")
    return [item for item in _items(g) if output in item.outputs]


def _items(g: Guideline) -> Iterator[Item]:
    for chapter in g.chapters:
        yield from _chapter_items(g, chapter)
    for ref in g.references:
        yield Item(f"reference {ref.key!r}", "title", ref.get("title") or ref.key, ("reference", ref.key),
                   _NO_CARDS)
        if ref.editorial_note:
            yield Item(f"reference {ref.key!r}", "editorial note", ref.editorial_note, ("work-note", ref.key),
                       _NO_CARDS)


def _chapter_items(g: Guideline, chapter: Chapter) -> Iterator[Item]:
    owner = f"chapter {chapter.id!r}"
    scope = ("in", "chapter", chapter.id)
    yield Item(owner, "title", chapter.title, scope)
    for what, text in [("subtitle", chapter.subtitle)] + [("topic", t) for t in chapter.topics] + \
            [("see-also title", s.title) for s in chapter.see_also] + \
            [("author", n) for a in chapter.authors for n in a.names]:
        if text:
            yield Item(owner, what, text, scope, _NO_CARDS)
    for entry in chapter.glossary:
        yield Item(f"glossary of {owner}", f"expansion of {entry.term!r}", entry.expansion,
                   ("glossary", chapter.id, entry.term), _NO_CARDS)
    for wording in chapter.wording:
        yield Item(owner, "wording term", wording.term, scope, _NO_CARDS)
        if wording.intro:
            yield Item(owner, f"wording intro of {wording.term!r}", wording.intro, scope, _NO_CARDS)
        for syn in wording.synonyms:
            yield Item(f"wording {wording.term!r} of {owner}", f"expansion of synonym {syn.term!r}",
                       syn.expansion, ("glossary", chapter.id, syn.term), _NO_CARDS)
    for i, group in enumerate(chapter.references, 1):
        yield from _group_items(g, group, f"{chapter.id}/{group_anchor(None, i)}", owner)
    for section in chapter.sections:
        yield from _section_items(g, chapter, section)


def _section_items(g: Guideline, chapter: Chapter, section: Section) -> Iterator[Item]:
    owner = f"section {section.id!r}"
    scope = ("in", "section", section.id)
    yield Item(owner, "title", section.title, scope)
    for what, text in (("subtitle", section.subtitle), ("condition", section.condition)):
        if text:
            yield Item(owner, what, text, scope)
    for rec in section.all_recommendations():
        yield from _rec_items(g, rec)
    for i, note in enumerate(section.footnotes, 1):
        yield Item(owner, f"footnote {note.marker!r}", note.text, ("in", "footnote", note_anchor(section.id, i)))
    for note in section.notes:
        yield Item(owner, "note", note, scope)
    for entry in section.glossary:  # the cards print it with their abbreviations ("abbr" below)
        yield Item(owner, f"legend expansion of {entry.term!r}", entry.expansion, scope, _NO_CARDS)
    for remark in section.editorial_notes:
        yield Item(owner, "editorial note", remark, scope)
    for table in section.tables:
        towner = f"table {table.id!r}"
        if table.title:
            yield Item(towner, "title", table.title, ("in", "table", table.id))
        for c, column in enumerate(table.columns):
            # A card prints each row as a record headed by its first cell, so
            # the first column's header is the site's and the export's only.
            used = c > 0 and any(c < len(row) and row[c].strip() for row in table.rows)
            yield Item(towner, f"column {c + 1}", column, ("column", table.id, c), _ALL if used else _NO_CARDS)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                column = table.columns[c] if c < len(table.columns) else str(c + 1)
                yield Item(towner, f"row {r + 1} cell {column!r}", cell, ("cell", table.id, r, c),
                           _ALL if cell.strip() else _NO_CARDS)
        for note in table.notes:
            yield Item(towner, "note", note, ("in", "table", table.id))
        for remark in table.editorial_notes:
            yield Item(towner, "editorial note", remark, ("in", "table", table.id))
    for quote in section.quotes:
        qscope = ("in", "quote", quote.id)
        qowner = f"quote {quote.id!r}"
        yield Item(qowner, "text", quote.text, qscope)
        yield Item(qowner, "source", quote.source, qscope)
        if quote.grading:
            yield Item(qowner, "grading", quote.grading, qscope)
    for term, expansion in _card_abbreviations(chapter, section):
        yield Item(owner, f"abbreviation {term!r}", expansion, ("abbr", section.id, term), frozenset({"cards"}))
    for i, group in enumerate(section.references, 1):
        yield from _group_items(g, group, f"{chapter.id}/{group_anchor(section.id, i)}", owner)


def _rec_items(g: Guideline, rec: Recommendation) -> Iterator[Item]:
    owner = f"recommendation {rec.id!r}"
    statement = " ".join(t for t in (rec.condition, rec.text) if t)
    yield Item(owner, "statement", statement, ("statement", rec.id))
    for grade in rec.grades:
        scheme = g.scheme(grade.scheme)
        label = scheme.label if scheme else grade.scheme
        yield Item(owner, f"{label} grade", grade.code, ("grade", rec.id, grade.scheme))
    if rec.kind is not None:
        yield Item(owner, "kind", rec.kind, ("kind", rec.id), frozenset({"export"}))
        kind = g.kind(rec.kind)
        if kind is not None and not kind.graded:
            yield Item(owner, "kind", kind.label, ("kind-label", rec.id), frozenset({"html", "cards"}))
    for marker in rec.footnotes:
        yield Item(owner, "footnote marker", marker, ("marker", rec.id))
    for detail in rec.details:
        yield Item(owner, "detail", detail, ("in", "recommendation", rec.id))
    for key in rec.refs:
        yield Item(owner, "reference key", key, ("rec-ref", rec.id), frozenset({"export"}))


def _group_items(g: Guideline, group: Any, anchor: str, owner: str) -> Iterator[Item]:
    """``anchor`` is "<chapter id>/<element id>": a chapter's own lists are
    numbered per chapter page (references-1, ...)."""
    gowner = f"reference list {group.title or anchor.split('/')[1]!r} of {owner}"
    if group.title:
        yield Item(gowner, "title", group.title, ("in", "group", anchor), _NO_CARDS)
    for i, key in enumerate(group.keys):
        ref = g.reference(key)
        title = (ref.get("title") if ref else None) or key
        yield Item(gowner, f"item {i + 1} ({key})", title, ("group-item", anchor, i, key), _NO_CARDS)
    for remark in group.editorial_notes:
        yield Item(gowner, "editorial note", remark, ("in", "group", anchor), _NO_CARDS)


def _card_abbreviations(chapter: Chapter, section: Section) -> list[tuple[str, str]]:
    return terms_used(chapter, section_texts(section), section.glossary)  # the card's own choice of terms


# ---------------------------------------------------------------- normalising

_SPACE = re.compile(r"\s+")
_MARKERS = re.compile("[*~^\u00ad]+")


def norm(text: str) -> str:
    """Text as a reader sees it on the site: whitespace collapsed, inline markup markers dropped."""
    return _SPACE.sub(" ", _MARKERS.sub("", text)).strip()


def squash(text: str) -> str:
    """Text as compared in a PDF: no whitespace at all (lines break anywhere), no markup markers."""
    return _SPACE.sub("", _MARKERS.sub("", text))


def _report(items: Sequence[Item], found: Any) -> list[str]:
    out = []
    for item in items:
        note = found(item)
        if note is not True:
            out.append(item.missing(note or ""))
    return out


# ---------------------------------------------------------------- export

def missing_in_export(g: Guideline, doc: Mapping[str, Any]) -> list[str]:
    """What ``doc`` (the parsed export/guideline.json) lacks of the model."""
    index = _ExportIndex(doc)
    return _report(carried(g, "export"), index.found)


class _ExportIndex:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.by: dict[tuple[str, str], Mapping[str, Any]] = {}
        self.groups: dict[str, Mapping[str, Any]] = {}
        self.glossary: dict[str, dict[str, set[str]]] = {}
        self.references = {r.get("id"): r for r in _list(doc.get("references"))}
        self._text_cache: dict[tuple[str, str], frozenset[str]] = {}
        for chapter in _list(doc.get("chapters")):
            cid = chapter.get("id")
            self.by["chapter", cid] = chapter
            terms = self.glossary.setdefault(cid, {})
            for e in _list(chapter.get("glossary")) + [s for w in _list(chapter.get("wording"))
                                                       for s in _list(w.get("synonyms"))]:
                terms.setdefault(e.get("term"), set()).add(e.get("expansion"))
            for i, group in enumerate(_list(chapter.get("references")), 1):
                self.groups[f"{cid}/{group_anchor(None, i)}"] = group
            for section in _list(chapter.get("sections")):
                sid = section.get("id")
                self.by["section", sid] = section
                for i, note in enumerate(_list(section.get("footnotes")), 1):
                    self.by["footnote", note_anchor(sid, i)] = note
                for table in _list(section.get("tables")):
                    self.by["table", table.get("id")] = table
                for quote in _list(section.get("quotes")):
                    self.by["quote", quote.get("id")] = quote
                for i, group in enumerate(_list(section.get("references")), 1):
                    self.groups[f"{cid}/{group_anchor(sid, i)}"] = group
                stack = list(_list(section.get("recommendations")))
                while stack:
                    rec = stack.pop()
                    self.by["recommendation", rec.get("id")] = rec
                    stack.extend(_list(rec.get("children")))

    def _texts(self, scope: str, ident: str) -> frozenset[str]:
        """Every string inside one object (a recommendation's without its children's)."""
        key = (scope, ident)
        if key not in self._text_cache:
            obj = self.groups.get(ident) if scope == "group" else self.by.get(key)
            self._text_cache[key] = frozenset(_strings(obj, skip="children")) if obj is not None else frozenset()
        return self._text_cache[key]

    def found(self, item: Item) -> bool | str:
        kind, *where = item.where
        rec = (self.by.get(("recommendation", where[0]))
               if kind in ("statement", "grade", "kind", "marker", "rec-ref") else None)
        if kind == "statement":
            if rec is None:
                return " (no recommendation with this id in the export)"
            got = " ".join(t for t in (rec.get("condition"), rec.get("text")) if t)
            return True if got == item.value else f" (the export has {got!r})"
        if kind == "grade":
            got = (rec or {}).get("grades", {}).get(where[1]) if rec is not None else None
            return True if got == item.value else (f" (the export has {got!r})" if got else "")
        if kind == "kind":
            got = (rec or {}).get("kind")
            return True if got == item.value else (f" (the export has {got!r})" if got else "")
        if kind == "marker":
            return item.value in _list((rec or {}).get("footnotes"))
        if kind == "rec-ref":
            return item.value in _list((rec or {}).get("refs"))
        if kind == "in":
            scope = "recommendation" if where[0] == "recommendation" else where[0]
            return item.value in self._texts(scope, where[1])
        if kind == "column":
            table = self.by.get(("table", where[0])) or {}
            cols = _list(table.get("columns"))
            return where[1] < len(cols) and cols[where[1]] == item.value
        if kind == "cell":
            rows = _list((self.by.get(("table", where[0])) or {}).get("rows"))
            r, c = where[1], where[2]
            got = rows[r][c] if r < len(rows) and isinstance(rows[r], list) and c < len(rows[r]) else None
            return True if got == item.value else (f" (the export has {got!r})" if got is not None else "")
        if kind == "glossary":
            return item.value in self.glossary.get(where[0], {}).get(where[1], set())
        if kind == "reference":
            ref = self.references.get(where[0])
            return ref is not None and ref.get("title", ref.get("id")) == item.value
        if kind == "work-note":
            return item.value in _strings(self.references.get(where[0]), skip="")
        if kind == "group-item":
            refs = _list((self.groups.get(where[0]) or {}).get("refs"))
            key = where[2]
            ok = where[1] < len(refs) and refs[where[1]] == key and key in self.references
            return ok or f" (key {key!r} not at this place)"
        raise AssertionError(item.where)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(obj: Any, skip: str) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v, skip)
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            if k != skip:
                yield from _strings(v, skip)


# ---------------------------------------------------------------- HTML

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None") -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []
        self.parent = parent

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self, skip: Any = None) -> str:
        parts: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            n = stack.pop()
            if isinstance(n, str):
                parts.append(n)
            elif n is self or skip is None or not skip(n):
                stack.extend(reversed(n.children))
        return "".join(parts)

    def find_all(self, pred: Any) -> Iterator["Node"]:
        stack: list[Node | str] = list(reversed(self.children))
        while stack:
            n = stack.pop()
            if isinstance(n, Node):
                if pred(n):
                    yield n
                stack.extend(reversed(n.children))

    def find(self, pred: Any) -> "Node | None":
        return next(self.find_all(pred), None)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.ids: dict[str, Node] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if "id" in node.attrs:
            self.ids.setdefault(node.attrs["id"], node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.current = self.current.parent or self.root

    def handle_endtag(self, tag: str) -> None:
        n: Node | None = self.current
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.current = n.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(text: str) -> tuple[Node, dict[str, Node]]:
    """A small DOM: the document node and id -> element."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root, builder.ids


def _is_rec(n: Node) -> bool:
    return "gp-rec" in n.classes


def _has_class(name: str) -> Any:
    return lambda n: name in n.classes


class _Page:
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
            siblings = parent.children[parent.children.index(h2):]
            parts = [h2.text()]
            for sib in siblings[1:]:
                if isinstance(sib, Node) and sib.tag in ("h1", "h2"):
                    break
                parts.append(sib if isinstance(sib, str) else sib.text())
            out[h2.attrs["id"]] = norm(" ".join(parts))
        return out


def missing_in_html(g: Guideline, site_dir: Path) -> list[str]:
    """What the site in ``site_dir`` lacks of the model."""
    pages: dict[str, _Page | None] = {}

    def page(rel: str) -> _Page | None:
        if rel not in pages:
            path = site_dir / rel / "index.html"
            pages[rel] = _Page(path) if path.is_file() else None
        return pages[rel]

    from .render.reference_layout import reference_layout

    problems = [f"chapter {c.id!r}: page {published_folder(chapter_page(c))}/index.html not found"
                for c in g.chapters if page(published_folder(chapter_page(c))) is None]
    # A large bibliography is split: references/ is then an index and each
    # work is on the part page the layout names (references/<part>/).
    layout = reference_layout(g)
    for name in tuple(published_folder(p) for p in (REFERENCES, GLOSSARY) + layout.pages[1:]):
        if page(name) is None:
            problems.append(f"site: page {name}/index.html not found")
    chapter_of = {}
    for chapter in g.chapters:
        for section in chapter.sections:
            chapter_of[section.id] = chapter.id
            for rec in section.all_recommendations():
                chapter_of[rec.id] = chapter.id
            for i in range(1, len(section.footnotes) + 1):
                chapter_of[note_anchor(section.id, i)] = chapter.id
            for t in section.tables:
                chapter_of[t.id] = chapter.id
            for q in section.quotes:
                chapter_of[q.id] = chapter.id
        chapter_of[chapter.id] = chapter.id
    checker = _HtmlFinder(g, page, chapter_of, lambda key: published_folder(layout.page(key)))
    items = [i for i in carried(g, "html") if checker.applicable(i)]
    return problems + _report(items, checker.found)


@dataclass(frozen=True, slots=True)
class _Row:
    text: str                    # the statement, normalised
    codes: dict[str, list[str]]  # scheme id -> the codes its badges show
    markers: list[str]           # footnote markers
    kind: str                    # the label of an ungraded kind, normalised ("" for none)


class _HtmlFinder:
    def __init__(self, g: Guideline, page: Any, chapter_of: dict[str, str], work_page: Any) -> None:
        self.g = g
        self.page = page
        self.chapter_of = chapter_of
        self.work_page = work_page  # BibTeX key -> the site folder of the references page listing it
        self._glossary: set[tuple[str, str]] | None = None
        self._rows: dict[str, _Row | str] = {}

    def applicable(self, item: Item) -> bool:
        kind, *where = item.where
        if kind in ("reference", "work-note"):
            return self.page(self.work_page(where[0])) is not None
        if kind == "glossary":
            return self.page(published_folder(GLOSSARY)) is not None
        anchor = where[0] if kind != "in" else where[1]
        if kind == "group-item" or (kind == "in" and where[0] == "group"):
            return self._chapter(anchor.split("/")[0]) is not None
        chapter = self.chapter_of.get(anchor)
        return chapter is None or self._chapter(chapter) is not None

    def _chapter(self, chapter_id: str) -> _Page | None:
        return self.page(published_folder(chapter_page(chapter_id)))

    def _element(self, anchor: str) -> Node | None:
        chapter = self.chapter_of.get(anchor)
        page = self._chapter(chapter) if chapter else None
        return page.ids.get(anchor) if page else None

    def found(self, item: Item) -> bool | str:
        kind, *where = item.where
        if kind in ("statement", "grade", "marker", "kind-label"):
            row = self._row(where[0])
            if isinstance(row, str):
                return row
            if kind == "statement":
                return norm(item.value) in row.text
            if kind == "marker":
                return item.value in row.markers
            if kind == "kind-label":
                return row.kind == norm(item.value) or (f" (the page shows {row.kind!r})" if row.kind else "")
            codes = row.codes.get(where[1], [])
            if item.value in codes:
                return True
            return f" (the page shows {codes[0]!r})" if codes else ""
        if kind == "in":
            scope, anchor = where
            if scope == "chapter":
                page = self._chapter(anchor)
                return page is not None and norm(item.value) in page.text
            if scope == "section":
                page = self._chapter(self.chapter_of.get(anchor, ""))
                return page is not None and norm(item.value) in page.sections.get(anchor, "")
            el = self._group(anchor) if scope == "group" else self._element(anchor)
            if el is None:
                return f" (no element with id {anchor!r})"
            return norm(item.value) in norm(el.text(skip=_is_rec))
        if kind in ("column", "cell"):
            el = self._element(where[0])
            table = el.find(lambda n: n.tag == "table") if el else None
            if table is None:
                return f" (no table in the element with id {where[0]!r})"
            if kind == "column":
                cells = [norm(th.text()) for th in table.find_all(lambda n: n.tag == "th")]
                return where[1] < len(cells) and cells[where[1]] == norm(item.value)
            body = table.find(lambda n: n.tag == "tbody") or table
            rows = [[norm(td.text()) for td in tr.find_all(lambda n: n.tag == "td")]
                    for tr in body.find_all(lambda n: n.tag == "tr")]
            rows = [r for r in rows if r]
            r, c = where[1], where[2]
            got = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
            return True if got == norm(item.value) else (f" (the page shows {got!r})" if got is not None else "")
        if kind == "glossary":
            return (norm(where[1]), norm(item.value)) in self._glossary_rows()
        if kind in ("reference", "work-note"):
            page = self.page(self.work_page(where[0]))
            el = page.ids.get(ref_anchor(where[0])) if page else None
            return el is not None and norm(item.value) in norm(el.text())
        if kind == "group-item":
            anchor, index = where[0], where[1]
            el = self._group(anchor)
            if el is None:
                return f" (no element with id {anchor!r})"
            ol = el.find(lambda n: n.tag == "ol")
            items = [li for li in (ol.children if ol else []) if isinstance(li, Node) and li.tag == "li"]
            return index < len(items) and norm(item.value) in norm(items[index].text())
        raise AssertionError(item.where)

    def _row(self, rec_id: str) -> "_Row | str":
        """What the page shows on a recommendation's own row, read once."""
        if rec_id not in self._rows:
            el = self._element(rec_id)
            row = el.find(_has_class("gp-rec__row")) if el is not None else None
            if el is None:
                self._rows[rec_id] = f" (no element with id {rec_id!r})"
            elif row is None:
                self._rows[rec_id] = " (the element has no statement row)"
            else:
                text_el = row.find(_has_class("gp-rec__text"))
                codes: dict[str, list[str]] = {}
                for badge in row.find_all(_has_class("gp-grade")):
                    code = badge.find(_has_class("gp-grade__code"))
                    if code is not None:
                        codes.setdefault(badge.attrs.get("data-scheme", ""), []).append(
                            _SPACE.sub(" ", code.text()).strip())
                kind = row.find(_has_class("gp-kind"))
                self._rows[rec_id] = _Row(norm(text_el.text()) if text_el is not None else "", codes,
                                          [n.text().strip() for n in row.find_all(_has_class("gp-fnref"))],
                                          norm(kind.text()) if kind is not None else "")
        return self._rows[rec_id]

    def _group(self, anchor: str) -> Node | None:
        chapter, element = anchor.split("/", 1)
        page = self._chapter(chapter)
        return page.ids.get(element) if page else None

    def _glossary_rows(self) -> set[tuple[str, str]]:
        if self._glossary is None:
            page = self.page(published_folder(GLOSSARY))
            rows = set()
            for tr in page.root.find_all(lambda n: n.tag == "tr") if page else ():
                cells = [norm(td.text()) for td in tr.find_all(lambda n: n.tag == "td")]
                if len(cells) >= 2:
                    rows.add((cells[0], cells[1]))
            self._glossary = rows
        return self._glossary


# ---------------------------------------------------------------- cards

Word = Mapping[str, Any]


@dataclass(frozen=True)
class CardPage:
    """One PDF page: its size in points and its words (pdfplumber's dicts:
    text, x0, x1, top, bottom)."""

    width: float
    height: float
    words: tuple[Word, ...]


def card_pages(pdf: bytes) -> list[CardPage]:
    """The words of every page of a card PDF. Needs pdfplumber (one of
    guidepress' dependencies): ``guidepress verify`` says so when it is missing."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [CardPage(float(p.width), float(p.height), tuple(p.extract_words())) for p in doc.pages]


def missing_in_cards(g: Guideline, pages: Sequence[CardPage], size: str = "a6",
                     chapters: Sequence[Chapter] | None = None) -> list[str]:
    """What one card set lacks of ``chapters`` (default: all) of the model."""
    chapters = list(g.chapters if chapters is None else chapters)
    ids = {c.id for c in chapters}
    keep = _card_scope(g, ids)
    items = [i for i in carried(g, "cards") if keep(i)]
    reader = _CardReader(g, pages, size)
    tables = {t.id: t for c in chapters for s in c.sections for t in s.tables}
    located = reader.locate([i for i in items if i.where[0] == "statement"])
    out = []
    for item in items:
        kind = item.where[0]
        if kind == "statement":
            if item.where[1] not in located:
                out.append(item.missing())
        elif kind == "grade":
            rec_id, scheme = item.where[1], item.where[2]
            if rec_id not in located:
                out.append(item.missing(" (its statement is not on the cards)"))
                continue
            got = reader.grade(located[rec_id], scheme)
            if got != item.value:
                out.append(item.missing(f" (the card shows {got!r})" if got else ""))
        elif kind == "marker":
            continue  # printed right after the statement; "*" is a markup marker we cannot tell apart
        elif kind == "cell" and item.where[3] > 0:
            # A record prints "column: value" for each cell after the first.
            table = tables[item.where[1]]
            if not reader.contains(table.columns[item.where[3]], item.value):
                out.append(item.missing())
        elif not reader.contains(item.value):
            out.append(item.missing())
    return out


def card_texts(g: Guideline, pages: Sequence[CardPage], size: str = "a6") -> tuple[str, str]:
    """(statement column, whole body) of a card set, squashed as compared:
    the statement column alone reads each statement unbroken by the grade
    columns beside it."""
    reader = _CardReader(g, pages, size)
    return reader.stmt_text, reader.body_text


def _card_scope(g: Guideline, chapter_ids: set[str]) -> Any:
    owned: set[str] = set()
    for chapter in g.chapters:
        if chapter.id not in chapter_ids:
            continue
        owned.add(chapter.id)
        for section in chapter.sections:
            owned.add(section.id)
            owned.update(note_anchor(section.id, i) for i in range(1, len(section.footnotes) + 1))
            owned.update(r.id for r in section.all_recommendations())
            owned.update(t.id for t in section.tables)
            owned.update(q.id for q in section.quotes)

    def keep(item: Item) -> bool:
        kind, *where = item.where
        return (where[1] if kind == "in" else where[0]) in owned
    return keep


_SOFT = "\u00ad"


def _needle(*texts: str) -> re.Pattern[str] | None:
    """A pattern for ``texts`` in a squashed PDF stream (with an optional ":"
    between them, as "column: value"), where a line-final hyphen is marked
    soft: it may be one the line break added, or a real one."""
    patterns = []
    for text in texts:
        chars = squash(text)
        if chars:
            patterns.append("\u00ad?".join("[-\u00ad]" if ch == "-" else re.escape(ch) for ch in chars))
    return re.compile(":?".join(patterns)) if patterns else None


class _CardReader:
    def __init__(self, g: Guideline, pages: Sequence[CardPage], size: str) -> None:
        from .render.cards import MIN_FONT_PT, SIZES
        from .render.cards.grades import grade_layout

        fmt = SIZES[size]
        mm = 72 / 25.4
        self.labels = [s.label for s in g.schemes]
        self.scheme_ids = [s.id for s in g.schemes]
        self.col_pts = [c.width * mm for c in grade_layout(g, fmt, MIN_FONT_PT).columns]
        self.top_band = (fmt.safe_mm + 12.5) * mm
        self.foot_band = (fmt.safe_mm + fmt.qr_mm + 1.5) * mm
        body: list[Word] = []
        self.statements: list[tuple[Word, list[Word], list[tuple[float, float]]]] = []
        stmt_words: list[Word] = []
        for page in pages:
            words = self._body(page)
            body.extend(words)
            found = self._columns(words)
            if found:
                statement, grades, ranges = found
                stmt_words.extend(statement)
                self.statements.extend((w, grades, ranges) for w in statement)
        self.body_text = _stream(body)[0]
        self.folded = self.body_text.casefold()
        self.stmt_text, self.stmt_owner = _stream(stmt_words)

    def _body(self, page: CardPage) -> list[Word]:
        """The page without its running footer and, on a continuation page, header."""
        words = [w for w in page.words if w["top"] < page.height - self.foot_band]
        head = [w for w in words if w["bottom"] <= self.top_band]
        if any(w["text"].upper() == "CONTINUED" for w in head):
            words = [w for w in words if w["top"] >= self.top_band - 1]
        return words

    def _columns(self, words: list[Word]) -> tuple[list[Word], list[Word], list[tuple[float, float]]] | None:
        n = len(self.labels)
        for i, w in enumerate(words):
            if w["text"] == "Statement" and [x["text"] for x in words[i + 1:i + 1 + n]] == self.labels:
                header = words[i + 1:i + 1 + n]
                ranges = [((h["x0"] + h["x1"]) / 2 - col / 2, (h["x0"] + h["x1"]) / 2 + col / 2)
                          for h, col in zip(header, self.col_pts)]
                split, below = ranges[0][0], header[0]["bottom"]
                statement = [x for x in words if x["x1"] <= split + 0.5 and x["top"] > below]
                grades = [x for x in words if x["x0"] >= split - 0.5 and x["top"] > below]
                return statement, grades, ranges
        return None

    def locate(self, items: Sequence[Item]) -> dict[str, int]:
        """Recommendation id -> index into the statement stream, in model order."""
        out: dict[str, int] = {}
        cursor = 0
        for item in items:
            pattern = _needle(item.value)
            if pattern is None:
                continue
            m = pattern.search(self.stmt_text, cursor) or pattern.search(self.stmt_text)
            if m:
                out[item.where[1]] = m.start()
                cursor = max(cursor, m.end())
        return out

    def grade(self, at: int, scheme_id: str) -> str:
        word, grades, ranges = self.statements[self.stmt_owner[at]]
        lo, hi = ranges[self.scheme_ids.index(scheme_id)]
        line = [x for x in grades if x["top"] < word["bottom"] + 1.5 and x["bottom"] > word["top"] - 1.5]
        return " ".join(x["text"] for x in line if lo <= (x["x0"] + x["x1"]) / 2 <= hi)

    def contains(self, *texts: str) -> bool:
        """``texts``, in a row, anywhere on the cards; in any case, as titles print in capitals."""
        pattern = _needle(*(t.casefold() for t in texts))
        return pattern is None or pattern.search(self.folded) is not None


def _stream(words: Sequence[Word]) -> tuple[str, list[int]]:
    """Squashed text of ``words`` and, per character, the index of its word;
    a hyphen ending a line becomes a soft hyphen."""
    parts: list[str] = []
    owner: list[int] = []
    for i, w in enumerate(words):
        text = squash(w["text"])
        nxt = words[i + 1] if i + 1 < len(words) else None
        if text.endswith("-") and (nxt is None or abs(nxt["top"] - w["top"]) > 1.5):
            text = text[:-1] + _SOFT
        parts.append(text)
        owner.extend([i] * len(text))
    return "".join(parts), owner


# ---------------------------------------------------------------- all outputs

class RoundTripError(Exception):
    """An output lost source content; ``lost`` maps output -> what is missing."""

    def __init__(self, lost: Mapping[str, list[str]]) -> None:
        self.lost = {k: v for k, v in lost.items() if v}
        super().__init__("; ".join(f"{k}: {len(v)} missing" for k, v in self.lost.items()))


def verify_site(g: Guideline, site_dir: Path, *, cards: bool = True, size: str = "a6") -> dict[str, list[str]]:
    """Output name -> what it lacks, for a built ``site_dir``."""
    out: dict[str, list[str]] = {}
    export = site_dir / "export" / "guideline.json"
    if export.is_file():
        out["export"] = missing_in_export(g, json.loads(export.read_text("utf-8")))
    else:
        out["export"] = [f"{export} not found"]
    out["html"] = missing_in_html(g, site_dir)
    if cards:
        problems = []
        for chapter in g.chapters:
            pdf = site_dir / "cards" / f"{chapter.id}.pdf"
            if not pdf.is_file():
                problems.append(f"chapter {chapter.id!r}: {pdf.name} not found")
                continue
            problems += [f"{pdf.name}: {p}" for p in missing_in_cards(g, card_pages(pdf.read_bytes()), size, [chapter])]
        if len(g.chapters) > 1:
            pdf = site_dir / "cards" / "guideline.pdf"
            if pdf.is_file():
                problems += [f"guideline.pdf: {p}" for p in missing_in_cards(g, card_pages(pdf.read_bytes()), size)]
            else:
                problems.append("cards: guideline.pdf not found")
        out["cards"] = problems
    return out
