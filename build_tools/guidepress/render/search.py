"""The site search's entries for recommendations, one per statement.

A chapter page's search entries, as the site engine makes them, are its
sections (one per heading). A clinician searching "SBRT" wants the
statements about stereotactic radiotherapy, which the chapter writes as
"Stereotactic Radiotherapy" and explains under "Wording"; and a result
should point at the statement, not at the top of a section of fifteen. So
the statements' lists are left out of the engine's section entries
(``data-search-exclude`` in the chapter template) and each statement gets
an entry of its own here, from the model:

- ``location``: its permalink;
- ``title``: the statement as printed (condition and text);
- ``text``: where it stands (section, subtitle, the statements it is under),
  its grades once as the row shows them, its details;
- ``tags``: what readers may type instead of its words: the expansion of
  every abbreviation it uses and the abbreviation of every expansion it
  spells out (the chapter's glossary and wording synonyms), and the
  synonyms of every "Wording" entry it is about.

Both engines' indexes take these entries (the MkDocs plugin, the Zensical
runner). Texts are plain and HTML-escaped, as the engines write theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from ..grade_format import display
from ..model import Chapter, Guideline, Recommendation, Wording
from ..text import plain, uses
from .addresses import (
    chapter_page,
    location_page,
    search_location,
    section_anchor,
    statement_anchor,
)

_WORD = re.compile(r"[^\W\d_]+")
#: Words of a "Wording" term shorter than this say too little to match on ("of", "in").
_SHORT = 4


@dataclass(frozen=True, slots=True)
class Entry:
    location: str
    title: str
    text: str
    tags: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"location": self.location, "title": self.title, "text": self.text}
        if self.tags:
            entry["tags"] = list(self.tags)
        return entry


def statement_entries(g: Guideline, pages: set[str] | None = None) -> dict[str, list[tuple[str, Entry]]]:
    """Chapter page location -> (location of the section entry each goes
    after, entry) for every statement, in reading order; only for the
    chapter pages in ``pages`` (their locations) when given."""
    located = ((search_location(chapter_page(c)), c) for c in g.chapters)
    return {page: list(_chapter_entries(g, c)) for page, c in located if pages is None or page in pages}


def _chapter_entries(g: Guideline, chapter: Chapter) -> Iterator[tuple[str, Entry]]:
    page = chapter_page(chapter)
    terms = _terms(chapter)
    for section in chapter.sections:
        after = search_location(page, section_anchor(section))
        where = [plain(section.title)] + [plain(t) for t in (section.subtitle, section.condition) if t]
        for rec in section.recommendations:
            for path, node in _walk(rec, ()):
                yield (
                    after,
                    Entry(
                        search_location(page, statement_anchor(node)),
                        escape(_statement(node)),
                        escape(" · ".join(where + path) + _grades(g, node)),
                        tuple(escape(t) for t in keywords(node, terms, chapter.wording)),
                    ),
                )


def _walk(rec: Recommendation, path: tuple[str, ...]) -> Iterator[tuple[list[str], Recommendation]]:
    """Each statement with the statements it stands under (their printed text)."""
    yield list(path), rec
    for child in rec.children:
        yield from _walk(child, path + (_statement(rec),))


def _statement(rec: Recommendation) -> str:
    return " ".join(plain(t) for t in (rec.condition, rec.text) if t)


def _grades(g: Guideline, rec: Recommendation) -> str:
    """The statement's grades as its row prints them, then its details."""
    shown = display(g, rec)
    if shown is None:
        codes = rec.grade_map
        shown = " ".join(f"{s.label} {codes[s.id]}" for s in g.schemes if s.id in codes)
    if not shown and g.ungraded(rec) and (kind := g.kind(rec.kind)) is not None:
        shown = kind.label
    details = " · ".join(plain(d) for d in rec.details)
    return "".join(f" · {part}" for part in (shown, details) if part)


def _terms(chapter: Chapter) -> list[tuple[str, str]]:
    """The chapter's abbreviations with their expansions: glossary, then wording synonyms."""
    pairs = [(e.term, e.expansion) for e in chapter.glossary]
    pairs += [(s.term, s.expansion) for w in chapter.wording for s in w.synonyms]
    return list(dict.fromkeys(pairs))


def keywords(rec: Recommendation, terms: list[tuple[str, str]], wording: tuple[Wording, ...]) -> list[str]:
    """What a reader may search for instead of the words ``rec`` prints."""
    text = " ".join(plain(t) for t in (rec.condition, rec.text, *rec.details) if t)
    folded = text.casefold()
    found: list[str] = []
    for term, expansion in terms:
        if uses(text, term):
            found.append(expansion)
        elif expansion.casefold() in folded:
            found.append(term)
    for w in wording:
        if about(text, w):
            found += [w.term] + [x for s in w.synonyms for x in (s.term, s.expansion)]
    return [k for k in dict.fromkeys(found) if k.casefold() not in folded]


def about(text: str, wording: Wording) -> bool:
    """Whether ``text`` is about what ``wording`` names: it uses one of its
    synonyms or their expansions, or it has every longer word of the
    wording's term, as a word, within a word ("therapy" in "radiotherapy")
    or misspelt by a letter in five, as printed sources are ("Sterotactic"
    for "Stereotatic")."""
    if any(uses(text, s.term) or s.expansion.casefold() in text.casefold() for s in wording.synonyms):
        return True
    words = [w.casefold() for w in _WORD.findall(text)]
    needed = [w.casefold() for w in _WORD.findall(plain(wording.term)) if len(w) >= _SHORT]
    return bool(needed) and all(any(_like(n, w) for w in words) for n in needed)


@lru_cache(maxsize=65536)  # a chapter's statements share most of their words
def _like(needed: str, word: str) -> bool:
    return needed in word or _distance(needed, word, len(needed) // 5) <= len(needed) // 5


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance (insertions, deletions, substitutions, swaps of two
    neighbours) of ``a`` and ``b``; anything above ``limit`` as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[len(b)], limit + 1)


def with_statements(
    entries: list[dict[str, Any]],
    statements: dict[str, list[tuple[str, Entry]]],
    extra: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The engine's ``entries`` with each page's statement entries after the
    section entry they belong to (after the page's last entry when it has
    none); only for the pages ``entries`` holds (a preview rebuild indexes a
    few). ``extra(entry)``: the engine's own keys for a statement entry
    placed after ``entry`` (Zensical's level and path)."""
    by_section: dict[str, list[Entry]] = {}
    for items in statements.values():
        for section, statement in items:
            by_section.setdefault(section, []).append(statement)
    present = {str(e["location"]) for e in entries}
    last = {location_page(str(e["location"])): i for i, e in enumerate(entries)}
    out: list[dict[str, Any]] = []
    for i, entry in enumerate(entries):
        location = str(entry["location"])
        added = list(by_section.get(location, []))
        if last[location_page(location)] == i:
            added += [e for section, e in statements.get(location_page(location), []) if section not in present]
        out.append(entry)
        out += [e.as_dict() | (extra(entry) if extra else {}) for e in added]
    return out
