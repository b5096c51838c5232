"""GP115: the theme has a translation of its interface for the guideline's language.

The loader has checked that ``language`` is a BCP 47 tag (GP111). Material's
interface comes in fewer languages than there are tags; for the others the
build uses the nearest one (render/theme_language.py), and this warning says which.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..audiences import editions
from ..diagnostics import WARNING, Code, Diagnostic, Example
from ..model import Guideline
from ..render.theme_language import theme_language

THEME_FALLBACK = Code(
    "GP115",
    WARNING,
    "the site theme has no translation for the language",
    example=Example(
        "source/guideline.yml",
        """\
id: ago-breast
title: Diagnosis and Treatment of Patients with early and advanced Breast Cancer
publisher: AGO
version: 2023.1E
language: de-CH
grading: [loe, gr, ago]
chapters: [liver]
""",
    ),
    fix="nothing has to change: the site's interface (search, navigation) uses the language named in the "
    "message; the pages, cards and export keep the tag as written",
)

CODES = (THEME_FALLBACK,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    # The primary language's site, and each translation's (site/<lang>/); an audience variant has none.
    for tag, pos in ((g.language, g.language_pos), *((t, g.translations_pos) for t in editions(g))):
        used = theme_language(tag)
        if used.lower() != tag.lower():
            yield THEME_FALLBACK.at(
                pos,
                f"the site theme has no translation for language "
                f"'{tag}'; its interface (search, navigation) will be in '{used}'",
            )
