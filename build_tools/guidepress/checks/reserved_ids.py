"""GP222: a chapter's id is the folder of its page, so it cannot be one the site itself uses."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline
from ..render.addresses import RESERVED, chapter_id_reserved

_GUIDELINE = """\
id: ago-breast
title: Diagnosis and Treatment of Patients with early and advanced Breast Cancer
publisher: AGO
version: 2023.1E
language: en
grading: [loe, gr, ago]
chapters: [liver, references]
"""
RESERVED_ID = Code(
    "GP222",
    ERROR,
    "chapter id that is a folder of the site (`index`, `grades`, `references` ...)",
    example=Example(
        "source/chapters/references.yml",
        "id: references\ntitle: References\nsections: []\n",
        also=(("source/guideline.yml", _GUIDELINE),),
    ),
    fix=f"rename the chapter (its file and its id): {', '.join(f'`{n}`' for n in sorted(RESERVED))} are taken",
)

CODES = (RESERVED_ID,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for chapter in g.chapters:
        if chapter_id_reserved(chapter.id):
            yield RESERVED_ID.at(
                chapter.id_pos,
                f"chapter id '{chapter.id}' is taken by a folder of the site; "
                f"chapter ids cannot be any of {', '.join(sorted(RESERVED))}: rename the chapter "
                "and its file",
            )
