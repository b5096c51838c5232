"""The export's reader: what ``export/guideline.json`` lacks of the model.

Texts are compared exactly, by id: the export is data, not layout.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Guideline
from ..render.addresses import group_anchor, note_anchor
from .carried import (
    Cell,
    Column,
    GlossaryTerm,
    GradeAt,
    GroupItem,
    InGroup,
    Item,
    Kind,
    Marker,
    OnRecommendation,
    RecRef,
    Reference,
    Statement,
    Within,
    WorkNote,
    carried,
)
from .found import Found, report

#: A JSON object of the export (its shape is the export schema's, not a type here).
Obj = Mapping[str, Any]
Key = tuple[str, str | None]  # (scope, id)


def missing_in_export(g: Guideline, doc: Obj) -> list[str]:
    """What ``doc`` (the parsed export/guideline.json) lacks of the model."""
    return report(carried(g, "export"), _ExportIndex(doc).found)


class _ExportIndex:
    """The export's objects by scope and id, read once."""

    def __init__(self, doc: Obj) -> None:
        self.by: dict[Key, Obj] = {}
        self.groups: dict[tuple[str | None, str], Obj] = {}  # (chapter id, group anchor) -> reference list
        self.glossary: dict[str | None, dict[str, set[str]]] = {}
        self.references = {r.get("id"): r for r in _list(doc.get("references"))}
        self._text_cache: dict[Key, frozenset[str]] = {}
        for chapter in _list(doc.get("chapters")):
            self._add_chapter(chapter)

    def _add_chapter(self, chapter: Obj) -> None:
        cid = _id(chapter)
        self.by["chapter", cid] = chapter
        terms = self.glossary.setdefault(cid, {})
        for e in _list(chapter.get("glossary")) + [
            s for w in _list(chapter.get("wording")) for s in _list(w.get("synonyms"))
        ]:
            terms.setdefault(e.get("term"), set()).add(e.get("expansion"))
        for i, group in enumerate(_list(chapter.get("references")), 1):
            self.groups[cid, group_anchor(None, i)] = group
        for section in _list(chapter.get("sections")):
            self._add_section(cid, section)

    def _add_section(self, cid: str | None, section: Obj) -> None:
        sid = _id(section)
        self.by["section", sid] = section
        for i, note in enumerate(_list(section.get("footnotes")), 1):
            self.by["footnote", note_anchor(str(sid), i)] = note
        for table in _list(section.get("tables")):
            self.by["table", _id(table)] = table
        for quote in _list(section.get("quotes")):
            self.by["quote", _id(quote)] = quote
        for i, group in enumerate(_list(section.get("references")), 1):
            self.groups[cid, group_anchor(sid, i)] = group
        stack = list(_list(section.get("recommendations")))
        while stack:
            rec = stack.pop()
            self.by["recommendation", _id(rec)] = rec
            stack.extend(_list(rec.get("children")))

    def _texts(self, key: Key, obj: Obj | None) -> frozenset[str]:
        """Every string inside one object (a recommendation's without its children's)."""
        if key not in self._text_cache:
            self._text_cache[key] = frozenset(_strings(obj, skip="children")) if obj is not None else frozenset()
        return self._text_cache[key]

    def found(self, item: Item) -> Found:
        match item.where:
            case OnRecommendation(rec_id=rec_id):
                return _on_recommendation(item, self.by.get(("recommendation", rec_id)))
            case Within(scope=scope, id=ident):
                return item.value in self._texts((scope, ident), self.by.get((scope, ident)))
            case Column(table=table, col=col):
                cols = _list(self.by.get(("table", table), {}).get("columns"))
                return col < len(cols) and cols[col] == item.value
            case Cell(table=table, row=r, col=c):
                rows = _list(self.by.get(("table", table), {}).get("rows"))
                got = rows[r][c] if r < len(rows) and isinstance(rows[r], list) and c < len(rows[r]) else None
                return _same(item.value, got)
            case GlossaryTerm(chapter=chapter, term=term):
                return item.value in self.glossary.get(chapter, {}).get(term, set())
            case Reference(key=key):
                ref = self.references.get(key)
                return ref is not None and ref.get("title", ref.get("id")) == item.value
            case WorkNote(key=key):
                return item.value in _strings(self.references.get(key), skip="")
            case GroupItem(chapter=chapter, anchor=anchor, index=index, key=key):
                refs = _list(self.groups.get((chapter, anchor), {}).get("refs"))
                ok = index < len(refs) and refs[index] == key and key in self.references
                return ok or f" (key {key!r} not at this place)"
            case InGroup(chapter=chapter, anchor=anchor):
                group = ("group", f"{chapter}/{anchor}")
                return item.value in self._texts(group, self.groups.get((chapter, anchor)))
        raise AssertionError(item.where)  # a locator no export item has (a card's abbreviation)


def _on_recommendation(item: Item, rec: Obj | None) -> Found:
    match item.where:
        case Statement():
            if rec is None:
                return " (no recommendation with this id in the export)"
            got = " ".join(t for t in (rec.get("condition"), rec.get("text")) if t)
            return True if got == item.value else f" (the export has {got!r})"
        case GradeAt(scheme=scheme):
            code = (rec or {}).get("grades", {}).get(scheme)
            return True if code == item.value else (f" (the export has {code!r})" if code else "")
        case Kind():
            kind = (rec or {}).get("kind")
            return True if kind == item.value else (f" (the export has {kind!r})" if kind else "")
        case Marker():
            return item.value in _list((rec or {}).get("footnotes"))
        case RecRef():
            return item.value in _list((rec or {}).get("refs"))
    raise AssertionError(item.where)


def _same(value: str, got: str | None) -> Found:
    return True if got == value else (f" (the export has {got!r})" if got is not None else "")


def _id(obj: Obj) -> str | None:
    ident = obj.get("id")
    return ident if isinstance(ident, str) else None


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
