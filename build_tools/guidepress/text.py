"""Text in the model: what counts as markup, what a reader sees of a text,
which terms a text uses, and every text of a chapter."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .model import Chapter, GlossaryEntry, Section

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
        snippet = text[m.start() : m.start() + 20].split(">")[0] + ">"
        return (
            f"raw HTML '{snippet}' in text; statements are plain text with *emphasis*, "
            "~sub~ and ^sup^ only: remove the markup"
        )
    if m := _LINK.search(text):
        return f"link markup '{text[m.start() : m.end()]}' in text; statements cannot carry links: remove it"
    return None


# The source format's inline markup, defined once: *emphasis* (no space
# inside either asterisk), ~subscript~, ^superscript^. The cards render it
# (render/cards/view.py inline); Python-Markdown reads the same spans on the
# pages, so "5 * 3 * 2" or "* a*" stay literal on both.
INLINE = re.compile(
    r"\*(?P<em>[^\s*](?:[^*]*?[^\s*])?)\*"  # *emphasis*
    r"|~(?P<sub>[^\s~]+)~"  # ~subscript~
    r"|\^(?P<sup>[^\s^]+)\^"  # ^superscript^
)
_SPACE = re.compile(r"\s+")


def plain(text: str | None) -> str:
    """The text a reader sees: the inline markup removed, each run of
    whitespace one space (as HTML prints it), no space at either end."""
    if not text:
        return ""
    out = INLINE.sub(lambda m: m.group("em") or m.group("sub") or m.group("sup") or "", text)
    return _SPACE.sub(" ", out).strip()


def readable(texts: Iterable[str]) -> str:
    """``texts`` as a reader sees them, one a line: what ``uses`` searches."""
    return "\n".join(plain(t) for t in texts)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches in a regular expression


def uses(corpus: str, term: str) -> bool:
    r"""Whether ``term`` occurs in ``corpus`` (see ``readable``) as a whole
    word: what ``(?<!\w)term(?!\w)`` finds, the word boundary of the pages'
    abbreviations, without compiling a pattern per term (a large guideline
    has thousands of terms)."""
    if not term:
        return re.search(r"(?<!\w)(?!\w)", corpus) is not None
    at = corpus.find(term)
    while at >= 0:
        end = at + len(term)
        if (at == 0 or not _is_word_char(corpus[at - 1])) and (end == len(corpus) or not _is_word_char(corpus[end])):
            return True
        at = corpus.find(term, at + 1)
    return False


def chapter_terms(chapter: Chapter) -> dict[str, str]:
    """The terms a chapter explains, term -> expansion: its glossary, then
    its wording synonyms; a term defined twice keeps its first definition."""
    terms: dict[str, str] = {}
    for entry in chapter.glossary:
        terms.setdefault(entry.term, entry.expansion)
    for wording in chapter.wording:
        for syn in wording.synonyms:
            terms.setdefault(syn.term, syn.expansion)
    return terms


def terms_used(chapter: Chapter, texts: Iterable[str], own: Iterable[GlossaryEntry] = ()) -> list[tuple[str, str]]:
    """(term, expansion) of each of ``chapter``'s terms that ``texts`` use, sorted by term;
    ``own`` (a slide's own legend) is always listed, as the slide prints it, and a term it
    holds keeps its expansion there."""
    found: dict[str, str] = {}
    for entry in own:
        found.setdefault(entry.term, entry.expansion)
    corpus = readable(texts)
    for term, expansion in chapter_terms(chapter).items():
        if term not in found and uses(corpus, term):
            found[term] = expansion
    return sorted(found.items(), key=lambda kv: kv[0].casefold())


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
