"""Which terms a page explains: the glossary page's entries and each page's abbreviations."""

from __future__ import annotations

from ..model import Chapter, Guideline
from ..text import chapter_terms


def glossary_entries(g: Guideline) -> list[tuple[str, str, Chapter]]:
    """The glossary page's rows: every term and synonym once, with the first chapter defining it."""
    entries: dict[tuple[str, str], tuple[str, str, Chapter]] = {}
    for chapter in g.chapters:
        for e in chapter.glossary:
            entries.setdefault((e.term, e.expansion), (e.term, e.expansion, chapter))
        for w in chapter.wording:
            for syn in w.synonyms:
                entries.setdefault((syn.term, syn.expansion), (syn.term, syn.expansion, chapter))
    return sorted(entries.values(), key=lambda e: (e[0].casefold(), e[0], e[1]))


def page_abbreviations(g: Guideline) -> list[tuple[str, str]]:
    """Terms to explain on a page, sorted: each term as the first chapter defining it defines it."""
    seen: dict[str, str] = {}
    for chapter in g.chapters:
        for term, expansion in chapter_terms(chapter).items():
            seen.setdefault(term, expansion)
    return sorted(seen.items())


def own_first(everywhere: list[tuple[str, str]], chapter: Chapter) -> list[tuple[str, str]]:
    """The terms to explain on ``chapter``'s page: its own definitions replace
    the first found elsewhere (a term two chapters define differently keeps
    the page's meaning)."""
    own = chapter_terms(chapter)
    return sorted({**dict(everywhere), **own}.items()) if own else everywhere
