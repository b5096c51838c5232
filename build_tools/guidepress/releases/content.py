"""Everything but the recommendations, compared: metadata, schemes, chapters,
sections (conditions, footnotes, notes, tables, quotes), reference lists,
glossaries and the BibTeX entries. Each difference is an ItemChange.

Things without an id are matched by what names them on the page: footnotes
by marker, glossary entries by term, table rows by their first cell, a
reference list by the statement it supports or its heading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from ..model import Chapter, GradingScheme, Guideline, Quote, Reference, ReferenceGroup, Section, Table, Wording
from .changes import ItemChange, ListChange

T = TypeVar("T")

_META = ("title", "short_title", "publisher", "copyright", "date", "language", "website")


def compare_content(old: Guideline, new: Guideline, renames: Iterable[tuple[str, str]] = ()) -> Iterator[ItemChange]:
    """Every difference outside the recommendations; ``renames`` (old id, new id)
    lets a reference list follow the statement it supports to its new id."""
    alias = {}
    for pair in renames:
        alias[pair[0]] = alias[pair[1]] = " = ".join(sorted(pair))  # the same label read either way
    for name in _META:
        yield from _value("field", "guideline", name, getattr(old, name), getattr(new, name))
    yield from _value("field", "guideline", "grade_format", _template(old), _template(new))
    yield from _value("field", "guideline", "kinds", _kinds(old), _kinds(new))
    yield from _matched(old.schemes, new.schemes, lambda s: s.id, _schemes)
    yield from _matched(old.chapters, new.chapters, lambda c: c.id, lambda k, a, b: _chapters(k, a, b, alias))
    yield from _matched(
        _sections(old).values(),
        _sections(new).values(),
        lambda cs: cs[1].id,
        lambda k, a, b: _sections_pair(k, a, b, alias),
    )
    yield from _matched(_tables_of(old), _tables_of(new), lambda st: st[1].id, _tables)
    yield from _matched(_quotes_of(old), _quotes_of(new), lambda sq: sq[1].id, _quotes)
    yield from _references(old, new)


def _value(kind: str, where: str, key: str, old: str | None, new: str | None) -> Iterator[ItemChange]:
    if old != new:
        yield ItemChange(kind, where, key, old, new)


def _matched(
    old: Iterable[T],
    new: Iterable[T],
    key: Callable[[T], str],
    compare: Callable[[str, T | None, T | None], Iterator[ItemChange]],
) -> Iterator[ItemChange]:
    """``compare(key, a, b)`` for each pair with the same key, and with None
    for the missing side of an unmatched one; identical objects are skipped."""
    a: dict[str, T] = {}
    for item in old:
        a.setdefault(key(item), item)
    b: dict[str, T] = {}
    for item in new:
        b.setdefault(key(item), item)
    for k, item in a.items():
        other = b.get(k)
        if item is not other:
            yield from compare(k, item, other)
    for k, item in b.items():
        if k not in a:
            yield from compare(k, None, item)


def _one(a: T | None, b: T | None) -> T:
    found = a if a is not None else b
    assert found is not None, "_matched passes at least one side"
    return found


def _template(g: Guideline) -> str | None:
    return g.grade_format.template if g.grade_format is not None else None


def _kinds(g: Guideline) -> str | None:
    kinds = g.statement_kinds()
    return "; ".join(f"{k.id} ({k.label}{'' if k.graded else ', ungraded'})" for k in kinds) or None


# -- grading schemes ----------------------------------------------------------


def _schemes(ident: str, a: GradingScheme | None, b: GradingScheme | None) -> Iterator[ItemChange]:
    if a is None or b is None:
        yield ItemChange("field", "guideline", f"scheme {ident}", a.name if a else None, b.name if b else None)
        return
    where = f"scheme {ident}"
    for name in ("label", "name", "description", "source", "uri", "citation"):
        yield from _value("field", where, name, getattr(a, name), getattr(b, name))
    old_format, new_format = (s.format.template if s.format else None for s in (a, b))
    yield from _value("field", where, "format", old_format, new_format)
    yield from _value("field", where, "codes", " ".join(c.code for c in a.codes), " ".join(c.code for c in b.codes))
    yield from _mapped(
        "field", where, {f"code {c.code}": c.meaning for c in a.codes}, {f"code {c.code}": c.meaning for c in b.codes}
    )
    yield from _value("field", where, "rules", _rules(a), _rules(b))


def _rules(s: GradingScheme) -> str | None:
    return "; ".join(f"{r.code} needs {r.scheme} {r.at_least} ({r.severity})" for r in s.rules) or None


def _mapped(kind: str, where: str, a: Mapping[str, str], b: Mapping[str, str]) -> Iterator[ItemChange]:
    """One change per key whose value differs (None for a key on one side only)."""
    for key in list(a) + [k for k in b if k not in a]:
        yield from _value(kind, where, key, a.get(key), b.get(key))


# -- chapters -----------------------------------------------------------------


def _chapters(ident: str, a: Chapter | None, b: Chapter | None, alias: Mapping[str, str]) -> Iterator[ItemChange]:
    if a is None or b is None:
        yield ItemChange("field", "guideline", f"chapter {ident}", a.title if a else None, b.title if b else None)
        return
    where = f"chapter {ident}"
    yield from _value("field", where, "title", a.title, b.title)
    yield from _value("field", where, "subtitle", a.subtitle, b.subtitle)
    yield from _value("field", where, "topics", _joined(a.topics), _joined(b.topics))
    yield from _value(
        "field",
        where,
        "authors",
        _joined(f"{g.versions}: {', '.join(g.names)}" for g in a.authors),
        _joined(f"{g.versions}: {', '.join(g.names)}" for g in b.authors),
    )
    yield from _value("field", where, "see_also", _joined(_see(a)), _joined(_see(b)))
    yield from _mapped(
        "glossary", where, {e.term: e.expansion for e in a.glossary}, {e.term: e.expansion for e in b.glossary}
    )
    yield from _mapped(
        "wording", where, {w.term: _wording(w) for w in a.wording}, {w.term: _wording(w) for w in b.wording}
    )
    yield from _groups(where, a.references, b.references, alias)


def _joined(items: Iterable[str]) -> str | None:
    return "; ".join(items) or None


def _see(c: Chapter) -> Iterator[str]:
    for link in c.see_also:
        yield f"{link.chapter} ({link.title}{', external' if link.external else ''})"


def _wording(w: Wording) -> str:
    synonyms = ", ".join(f"{s.term} ({s.expansion})" for s in w.synonyms)
    return f"{w.intro} {synonyms}" if w.intro else synonyms


# -- sections -----------------------------------------------------------------


def _sections(g: Guideline) -> dict[str, tuple[str, Section]]:
    out: dict[str, tuple[str, Section]] = {}
    for chapter in g.chapters:
        for section in chapter.sections:
            out.setdefault(section.id, (chapter.id, section))
    return out


def _sections_pair(
    ident: str, a: tuple[str, Section] | None, b: tuple[str, Section] | None, alias: Mapping[str, str]
) -> Iterator[ItemChange]:
    if a is None or b is None:
        chapter = _one(a, b)[0]
        yield ItemChange(
            "field", f"chapter {chapter}", f"section {ident}", a[1].title if a else None, b[1].title if b else None
        )
        return
    (ca, sa), (cb, sb) = a, b
    where = f"section {sa.id}"
    yield from _value("field", where, "chapter", ca, cb)
    if sa is sb:
        return
    yield from _value("field", where, "title", sa.title, sb.title)
    yield from _value("field", where, "subtitle", sa.subtitle, sb.subtitle)
    yield from _value("condition", where, "", sa.condition, sb.condition)
    yield from _mapped(
        "footnote", where, {f.marker: f.text for f in sa.footnotes}, {f.marker: f.text for f in sb.footnotes}
    )
    yield from _notes(where, sa.notes, sb.notes)
    yield from _groups(where, sa.references, sb.references, alias)


def _notes(where: str, a: tuple[str, ...], b: tuple[str, ...]) -> Iterator[ItemChange]:
    change = ListChange(a, b)
    for note in change.removed:
        yield ItemChange("note", where, "", note, None)
    for note in change.added:
        yield ItemChange("note", where, "", None, note)


def _tables_of(g: Guideline) -> Iterator[tuple[str, Table]]:
    """Each table of the guideline with the id of its section."""
    for chapter in g.chapters:
        for section in chapter.sections:
            for table in section.tables:
                yield section.id, table


def _quotes_of(g: Guideline) -> Iterator[tuple[str, Quote]]:
    for chapter in g.chapters:
        for section in chapter.sections:
            for quote in section.quotes:
                yield section.id, quote


def _tables(where: str, a: tuple[str, Table] | None, b: tuple[str, Table] | None) -> Iterator[ItemChange]:
    if a is None or b is None:
        section = _one(a, b)[0]
        yield ItemChange(
            "table", where, "table", f"in section {section}" if a else None, f"in section {section}" if b else None
        )
        return
    (sec_a, ta), (sec_b, tb) = a, b
    yield from _value("table", where, "section", sec_a, sec_b)
    yield from _value("table", where, "title", ta.title, tb.title)
    yield from _value("table", where, "columns", " | ".join(ta.columns), " | ".join(tb.columns))
    rows_a, rows_b = _rows(ta), _rows(tb)
    for key in list(rows_a) + [k for k in rows_b if k not in rows_a]:
        ra, rb = rows_a.get(key), rows_b.get(key)
        if ra is None or rb is None:
            yield ItemChange(
                "table",
                where,
                f"row {key}",
                " | ".join(ra) if ra is not None else None,
                " | ".join(rb) if rb is not None else None,
            )
            continue
        for j in range(max(len(ra), len(rb))):
            column = (
                ta.columns[j]
                if j < len(ta.columns) and ta.columns[j : j + 1] == tb.columns[j : j + 1]
                else f"column {j + 1}"
            )
            yield from _value("table", where, f"{key} / {column}", _cell(ra, j), _cell(rb, j))
    yield from _notes(f"table {where}", ta.notes, tb.notes)


def _rows(t: Table) -> dict[str, tuple[str, ...]]:
    """Rows by their first cell (the trial's name), or by number when first cells repeat."""
    firsts = [row[0] if row else "" for row in t.rows]
    if len(set(firsts)) == len(firsts) and all(firsts):
        return dict(zip(firsts, t.rows, strict=True))
    return {f"({i + 1})": row for i, row in enumerate(t.rows)}


def _cell(row: Sequence[str], j: int) -> str | None:
    return row[j] if j < len(row) else None


def _quotes(ident: str, a: tuple[str, Quote] | None, b: tuple[str, Quote] | None) -> Iterator[ItemChange]:
    if a is None or b is None:
        yield ItemChange("quote", ident, "text", a[1].text if a else None, b[1].text if b else None)
        return
    (sec_a, qa), (sec_b, qb) = a, b
    yield from _value("quote", ident, "section", sec_a, sec_b)
    for name in ("text", "source", "grading"):
        yield from _value("quote", ident, name, getattr(qa, name), getattr(qb, name))


# -- reference lists and works ------------------------------------------------


def _groups(
    where: str, a: Sequence[ReferenceGroup], b: Sequence[ReferenceGroup], alias: Mapping[str, str]
) -> Iterator[ItemChange]:
    """Works added to or removed from each reference list, lists matched by what heads them."""
    la, lb = _labelled(a, alias), _labelled(b, alias)
    for label in list(la) + [k for k in lb if k not in la]:
        ga, gb = la.get(label), lb.get(label)
        change = ListChange(ga.keys if ga else (), gb.keys if gb else ())
        for key in change.removed:
            yield ItemChange("group", where, label, key, None)
        for key in change.added:
            yield ItemChange("group", where, label, None, key)
        if ga and gb and ga.statement:
            yield from _value("group", where, f"{label}: title", ga.title, gb.title)


def _labelled(groups: Sequence[ReferenceGroup], alias: Mapping[str, str]) -> dict[str, ReferenceGroup]:
    out: dict[str, ReferenceGroup] = {}
    untitled = 0
    for group in groups:
        if group.statement:
            label = f"statement {alias.get(group.statement, group.statement)}"
        elif group.title:
            label = group.title
        else:
            untitled += 1
            label = f"list {untitled}"
        n, base = 1, label
        while label in out:
            n += 1
            label = f"{base} ({n})"
        out[label] = group
    return out


def _references(old: Guideline, new: Guideline) -> Iterator[ItemChange]:
    b = new.reference_index()
    for ra in old.references:
        rb = b.pop(ra.key, None)
        if rb is None:
            yield ItemChange("work", ra.key, "", ra.get("title") or ra.entry_type, None)
        elif ra is not rb:
            yield from _mapped("reference", ra.key, _fields(ra), _fields(rb))
    for rb in b.values():
        yield ItemChange("work", rb.key, "", None, rb.get("title") or rb.entry_type)


def _fields(ref: Reference) -> dict[str, str]:
    """The entry's type and fields (the first of a repeated field, as Reference.get reads it)."""
    out = {"@type": ref.entry_type}  # "@": no BibTeX field has the name
    for name, value in ref.fields:
        out.setdefault(name, value)
    return out
