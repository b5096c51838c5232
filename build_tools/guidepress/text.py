"""Text in the model: what counts as markup, and every text of a chapter."""

from __future__ import annotations

import re
from typing import Iterator

from .model import Chapter, Section

# A tag, comment, doctype or processing instruction: "<" followed by a
# letter, "/", "!" or "?". "age < 50 y" and "≤ 3" stay ordinary text.
_HTML = re.compile(r"<\s*[A-Za-z/!?]")
# Markdown links and images would let a source smuggle in javascript: URLs.
# The bracketed text excludes "[" as well as "]": the innermost bracket finds
# the same links, and a text of many "[" is scanned in linear, not quadratic, time.
_LINK = re.compile(r"!?\[[^\[\]]*\]\s*\(|<[a-z][a-z0-9+.-]*:[^>]*>|\[[^\[\]]*\]\s*\[[^\]]*\]", re.IGNORECASE)


def markup_problem(text: str) -> str | None:
    """Why ``text`` is not allowed as a source text, or None when it is fine."""
    if "<" not in text and "[" not in text:
        return None  # both patterns need one of these; most texts have neither
    if m := _HTML.search(text):
        snippet = text[m.start(): m.start() + 20].split(">")[0] + ">"
        return (f"raw HTML '{snippet}' in text; statements are plain text with *emphasis*, "
                "~sub~ and ^sup^ only: remove the markup")
    if m := _LINK.search(text):
        return (f"link markup '{text[m.start(): m.end()]}' in text; statements cannot carry links: "
                "remove it")
    return None


# What the pages' check for duplicate element ids (render/pages.py) counts as
# an id: an attribute ``id="`` not part of a longer name, and an attribute
# list ``{ #``. Text that holds one would be counted too.
_ANCHOR = re.compile(r'(?<!\w)id="|\{ #')
_REWORD = {'id="': 'write id = "…" or leave out the quotes', "{ #": "leave out the space or the '#'"}


def anchor_problem(text: str) -> str | None:
    """Why ``text`` would read as an element id on a page, or None when it would not."""
    if 'id="' not in text and "{ #" not in text:
        return None
    if m := _ANCHOR.search(text):
        return f"'{m.group(0)}' in text would read as an element id on the page; {_REWORD[m.group(0)]}"
    return None


def chapter_texts(chapter: Chapter, glossary: bool = True) -> Iterator[str]:
    """Every human-readable text of a chapter, in reading order (the glossary
    itself only when ``glossary``)."""
    yield chapter.title
    if chapter.subtitle:
        yield chapter.subtitle
    yield from chapter.topics
    for link in chapter.see_also:
        yield link.title
    for wording in chapter.wording:
        yield wording.term
        if wording.intro:
            yield wording.intro
        for syn in wording.synonyms:
            yield syn.term
            yield syn.expansion
    for entry in chapter.glossary if glossary else ():
        yield entry.term
        yield entry.expansion
    for group in chapter.references:
        if group.title:
            yield group.title
    for section in chapter.sections:
        yield from section_texts(section)
        for group in section.references:
            if group.title:
                yield group.title


def section_texts(section: Section) -> Iterator[str]:
    """Every text a section prints, its reference lists aside, in reading order."""
    yield section.title
    if section.subtitle:
        yield section.subtitle
    if section.condition:
        yield section.condition
    for rec in section.all_recommendations():
        if rec.condition:
            yield rec.condition
        if rec.text:
            yield rec.text
        yield from rec.details
    for note in section.footnotes:
        yield note.text
    for entry in section.glossary:
        yield entry.term
        yield entry.expansion
    yield from section.notes
    for table in section.tables:
        if table.title:
            yield table.title
        yield from table.columns
        for row in table.rows:
            yield from row
        yield from table.notes
    for quote in section.quotes:
        yield quote.text
        yield quote.source
        if quote.grading:
            yield quote.grading
