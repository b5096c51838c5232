"""GP213 (warning): a glossary term that no text of its chapter uses."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Chapter, Guideline
from ..text import chapter_texts, readable, uses

CODES = ("GP213",)


def _corpus(chapter: Chapter) -> str:
    # The glossary's own lines would make every term "used".
    return readable(chapter_texts(chapter, glossary=False))


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        corpus = _corpus(chapter)
        for entry in chapter.glossary:
            if not uses(corpus, entry.term):
                yield Diagnostic("GP213", f"glossary term '{entry.term}' is not used in chapter '{chapter.id}'; "
                                 "remove it or check its spelling", entry.pos)
