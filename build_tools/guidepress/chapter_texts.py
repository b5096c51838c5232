"""The texts a reader sees in a chapter, each at a stable key, and a chapter with them replaced.

A translation (load/translations.py) names each text it translates by its
key: the ids the source already gives (chapter, section, recommendation,
table), then the field, then a position or a marker where a field holds
several texts:

    title, subtitle, topics.0, glossary.HR, see_also.<chapter>,
    wording.<term>.intro, wording.<term>.synonyms.<term>,
    references.0.title, references.0.editorial.0
    <section>.title, <section>.subtitle, <section>.condition, <section>.notes.0,
    <section>.footnotes.a, <section>.glossary.HR, <section>.editorial.0,
    <section>.references.0.title, <section>.references.0.editorial.0
    <recommendation>.text, <recommendation>.condition, <recommendation>.details.0
    <table>.title, <table>.columns.0, <table>.rows.2.1, <table>.notes.0
    <quote>.text, <quote>.source, <quote>.grading

Ids, grades, references and glossary terms are shared by every language and
never translated. ``fingerprint`` is what a translation records of the
primary text it was made from: a changed primary text has another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import replace

from .model import Chapter, Footnote, GlossaryEntry, Quote, Recommendation, ReferenceGroup, Section, Table, Wording

#: A text's replacement: (key, primary text) -> the text to print.
Lookup = Callable[[str, str], str]


def fingerprint(text: str) -> str:
    """12 hex digits of the text's SHA-256: short enough to read in a file, long enough never to collide."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def chapter_texts(chapter: Chapter) -> Iterator[tuple[str, str]]:
    """(key, text) of every text a reader sees in ``chapter``, in the order the chapter's page prints them."""
    yield "title", chapter.title
    if chapter.subtitle:
        yield "subtitle", chapter.subtitle
    for i, topic in enumerate(chapter.topics):
        yield f"topics.{i}", topic
    for entry in chapter.glossary:
        yield f"glossary.{entry.term}", entry.expansion
    for link in chapter.see_also:
        yield f"see_also.{link.chapter}", link.title
    for w in chapter.wording:
        if w.intro:
            yield f"wording.{w.term}.intro", w.intro
        for syn in w.synonyms:
            yield f"wording.{w.term}.synonyms.{syn.term}", syn.expansion
    for section in chapter.sections:
        yield from _section_texts(section)
    yield from _group_texts("references.", chapter.references)


def _section_texts(s: Section) -> Iterator[tuple[str, str]]:
    for name in ("title", "subtitle", "condition"):
        if value := getattr(s, name):
            yield f"{s.id}.{name}", value
    for rec in s.all_recommendations():
        for name in ("text", "condition"):
            if value := getattr(rec, name):
                yield f"{rec.id}.{name}", value
        for i, detail in enumerate(rec.details):
            yield f"{rec.id}.details.{i}", detail
    for note in s.footnotes:
        yield f"{s.id}.footnotes.{note.marker}", note.text
    for i, text in enumerate(s.notes):
        yield f"{s.id}.notes.{i}", text
    for entry in s.glossary:
        yield f"{s.id}.glossary.{entry.term}", entry.expansion
    for t in s.tables:
        yield from _table_texts(t)
    for q in s.quotes:
        yield f"{q.id}.text", q.text
        yield f"{q.id}.source", q.source
        if q.grading:
            yield f"{q.id}.grading", q.grading
    for i, text in enumerate(s.editorial_notes):
        yield f"{s.id}.editorial.{i}", text
    yield from _group_texts(f"{s.id}.references.", s.references)


def _group_texts(prefix: str, groups: tuple[ReferenceGroup, ...]) -> Iterator[tuple[str, str]]:
    for i, group in enumerate(groups):
        if group.title:
            yield f"{prefix}{i}.title", group.title
        for n, note in enumerate(group.editorial_notes):
            yield f"{prefix}{i}.editorial.{n}", note


def _table_texts(t: Table) -> Iterator[tuple[str, str]]:
    if t.title:
        yield f"{t.id}.title", t.title
    for i, col in enumerate(t.columns):
        yield f"{t.id}.columns.{i}", col
    for r, row in enumerate(t.rows):
        for c, cell in enumerate(row):
            if cell:
                yield f"{t.id}.rows.{r}.{c}", cell
    for i, note in enumerate(t.notes):
        yield f"{t.id}.notes.{i}", note


def translated_chapter(chapter: Chapter, tr: Lookup) -> Chapter:
    """``chapter`` with every text of ``chapter_texts`` replaced by ``tr(key, text)``."""

    def opt(key: str, value: str | None) -> str | None:
        return tr(key, value) if value else value

    def glossary(prefix: str, entries: tuple[GlossaryEntry, ...]) -> tuple[GlossaryEntry, ...]:
        return tuple(replace(e, expansion=tr(f"{prefix}{e.term}", e.expansion)) for e in entries)

    def rec(r: Recommendation) -> Recommendation:
        return replace(
            r,
            text=opt(f"{r.id}.text", r.text),
            condition=opt(f"{r.id}.condition", r.condition),
            details=tuple(tr(f"{r.id}.details.{i}", d) for i, d in enumerate(r.details)),
            children=tuple(rec(c) for c in r.children),
        )

    def table(t: Table) -> Table:
        return replace(
            t,
            title=opt(f"{t.id}.title", t.title),
            columns=tuple(tr(f"{t.id}.columns.{i}", c) for i, c in enumerate(t.columns)),
            rows=tuple(
                tuple(opt(f"{t.id}.rows.{r}.{c}", cell) or cell for c, cell in enumerate(row))
                for r, row in enumerate(t.rows)
            ),
            notes=tuple(tr(f"{t.id}.notes.{i}", n) for i, n in enumerate(t.notes)),
        )

    def groups(prefix: str, found: tuple[ReferenceGroup, ...]) -> tuple[ReferenceGroup, ...]:
        return tuple(
            replace(
                g,
                title=opt(f"{prefix}{i}.title", g.title),
                editorial_notes=tuple(tr(f"{prefix}{i}.editorial.{n}", t) for n, t in enumerate(g.editorial_notes)),
            )
            for i, g in enumerate(found)
        )

    def quote(q: Quote) -> Quote:
        return replace(
            q,
            text=tr(f"{q.id}.text", q.text),
            source=tr(f"{q.id}.source", q.source),
            grading=opt(f"{q.id}.grading", q.grading),
        )

    def wording(w: Wording) -> Wording:
        prefix = f"wording.{w.term}."
        synonyms = tuple(replace(e, expansion=tr(f"{prefix}synonyms.{e.term}", e.expansion)) for e in w.synonyms)
        return replace(w, intro=opt(f"{prefix}intro", w.intro), synonyms=synonyms)

    def section(s: Section) -> Section:
        return replace(
            s,
            title=tr(f"{s.id}.title", s.title),
            subtitle=opt(f"{s.id}.subtitle", s.subtitle),
            condition=opt(f"{s.id}.condition", s.condition),
            recommendations=tuple(rec(r) for r in s.recommendations),
            footnotes=tuple(Footnote(n.marker, tr(f"{s.id}.footnotes.{n.marker}", n.text), n.pos) for n in s.footnotes),
            notes=tuple(tr(f"{s.id}.notes.{i}", n) for i, n in enumerate(s.notes)),
            glossary=glossary(f"{s.id}.glossary.", s.glossary),
            tables=tuple(table(t) for t in s.tables),
            quotes=tuple(quote(q) for q in s.quotes),
            editorial_notes=tuple(tr(f"{s.id}.editorial.{i}", n) for i, n in enumerate(s.editorial_notes)),
            references=groups(f"{s.id}.references.", s.references),
        )

    return replace(
        chapter,
        title=tr("title", chapter.title),
        subtitle=opt("subtitle", chapter.subtitle),
        topics=tuple(tr(f"topics.{i}", t) for i, t in enumerate(chapter.topics)),
        glossary=glossary("glossary.", chapter.glossary),
        see_also=tuple(replace(link, title=tr(f"see_also.{link.chapter}", link.title)) for link in chapter.see_also),
        wording=tuple(wording(w) for w in chapter.wording),
        references=groups("references.", chapter.references),
        sections=tuple(section(s) for s in chapter.sections),
    )
