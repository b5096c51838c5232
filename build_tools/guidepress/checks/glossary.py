"""GP213 (warning): a glossary term that no text of its chapter uses."""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import WARNING, Code, Diagnostic, Example
from ..model import Chapter, Guideline
from ..text import chapter_texts

UNUSED_TERM = Code(
    "GP213", WARNING, "glossary term never used in its chapter",
    example=Example("source/chapters/liver.yml", "id: liver\ntitle: Liver metastases\nglossary:\n"
                    "  - term: RFA\n    expansion: radiofrequency ablation\nsections: []\n"),
    fix="remove the entry or correct its spelling")

CODES = (UNUSED_TERM,)


def _corpus(chapter: Chapter) -> str:
    # The glossary's own lines would make every term "used".
    return "\n".join(chapter_texts(chapter, glossary=False))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches in a regular expression


def used(term: str, corpus: str) -> bool:
    r"""Whether ``term`` occurs in ``corpus`` as a whole word: what
    ``(?<!\w)term(?!\w)`` finds, without compiling a pattern per term
    (a large guideline has thousands of terms)."""
    if not term:
        return re.search(r"(?<!\w)(?!\w)", corpus) is not None
    at = corpus.find(term)
    while at >= 0:
        end = at + len(term)
        if (at == 0 or not _is_word_char(corpus[at - 1])) and (end == len(corpus) or not _is_word_char(corpus[end])):
            return True
        at = corpus.find(term, at + 1)
    return False


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        corpus = _corpus(chapter)
        for entry in chapter.glossary:
            if not used(entry.term, corpus):
                yield UNUSED_TERM.at(entry.pos, f"glossary term '{entry.term}' is not used in chapter "
                                     f"'{chapter.id}'; remove it or check its spelling")
