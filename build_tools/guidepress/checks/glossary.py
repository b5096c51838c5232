"""GP213 (warning): a glossary term that no text of its chapter uses."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import WARNING, Code, Diagnostic, Example
from ..model import Chapter, Guideline
from ..text import chapter_texts, readable, uses

UNUSED_TERM = Code(
    "GP213",
    WARNING,
    "glossary term never used in its chapter",
    example=Example(
        "source/chapters/liver.yml",
        "id: liver\ntitle: Liver metastases\nglossary:\n"
        "  - term: RFA\n    expansion: radiofrequency ablation\nsections: []\n",
    ),
    fix="remove the entry or correct its spelling",
)

CODES = (UNUSED_TERM,)


def _corpus(chapter: Chapter) -> str:
    # The glossary's own lines would make every term "used".
    return readable(chapter_texts(chapter, glossary=False))


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        corpus = _corpus(chapter)
        for entry in chapter.glossary:
            if not uses(corpus, entry.term):
                yield UNUSED_TERM.at(
                    entry.pos,
                    f"glossary term '{entry.term}' is not used in chapter "
                    f"'{chapter.id}'; remove it or check its spelling",
                )
