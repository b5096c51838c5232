"""GP210: a see-also link targets a chapter here, or is declared external."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline

NOT_HERE = Code(
    "GP210",
    ERROR,
    "see-also target neither a chapter here nor external",
    example=Example(
        "source/chapters/liver.yml",
        "id: liver\ntitle: Liver metastases\nsee_also:\n"
        "  - chapter: bone-metastases\n    title: Bone Metastases\nsections: []\n",
    ),
    fix="add the chapter or set `external: true`",
)

CODES = (NOT_HERE,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    here = {c.id for c in g.chapters}
    for chapter in g.chapters:
        for link in chapter.see_also:
            if link.chapter not in here and not link.external:
                yield NOT_HERE.at(
                    link.pos,
                    f"see-also target '{link.chapter}' is not a chapter of this "
                    "guideline; add the chapter or mark the link 'external: true'",
                )
