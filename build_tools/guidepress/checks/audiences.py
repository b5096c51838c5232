"""GP238, GP239, GP255: each audience variant among the translations is one guidepress can publish.

A translation tag with a private-use subtag (``en-x-patients``) is an
audience's version of a language (audiences.py). Its private-use part must
name an audience guidepress knows (GP238), its language must have a site to
publish its pages in: the primary language or a translation (GP239). A text
of a variant's file that its audience's page does not print (a patient text
for a footnote) is reported by checks/translations.py (GP255).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import examples
from ..audiences import AUDIENCES, editions, private_use, variant
from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline


def _listing(tags: str) -> str:
    return examples.guideline().replace("language: en\n", f"language: en\ntranslations: [{tags}]\n")


#: The example chapter with a subtitle, which a patient page does not print.
_SUBTITLED = examples.RESECTION.replace("sections:", "subtitle: Surgery\nsections:", 1) + (
    '        grades: {loe: 2b, gr: B, ago: "+"}\n    references:\n      - statement: liver-resection\n'
    "        refs: [smith2020]\n"
)

UNKNOWN_AUDIENCE = Code(
    "GP238",
    ERROR,
    "a translation's private-use subtag names no audience guidepress knows",
    example=Example(examples.GUIDELINE, _listing("en-x-carers")),
    fix="write a known audience after `-x-` (`en-x-patients`: plain English for patients), "
    "or list the language without a private-use subtag",
)
NO_BASE_SITE = Code(
    "GP239",
    ERROR,
    "an audience variant's language has no site to publish it in",
    example=Example(examples.GUIDELINE, _listing("de-x-patients")),
    fix="add the variant's language to `translations` (its site holds the audience's pages), "
    "or write the variant of the primary language (`en-x-patients`)",
)
NOT_COVERED = Code(
    "GP255",
    ERROR,
    "an audience's text for a text its pages do not print",
    example=Example(
        "source/translations/en-x-patients/liver.yml",
        "texts:\n  subtitle:\n    from: 000000000000\n    text: Surgery, in plain words\n",
        also=(
            (examples.GUIDELINE, _listing("en-x-patients")),
            (examples.CHAPTER, _SUBTITLED),
        ),
    ),
    fix="remove the text: a patient page prints the chapter's and sections' titles and each statement's "
    "text and condition; the clinical rest (details, footnotes, notes, tables, glossary) stays on the chapter page",
)

CODES = (UNKNOWN_AUDIENCE, NO_BASE_SITE, NOT_COVERED)


def check(g: Guideline) -> Iterator[Diagnostic]:
    sites = {tag.lower() for tag in (g.language, *editions(g))}
    for tag in g.translations:
        parts = private_use(tag)
        if parts is None:
            continue
        found = variant(tag)
        if found is None:
            yield UNKNOWN_AUDIENCE.at(
                g.translations_pos,
                f"translation '{tag}' names audience '{parts[1]}' after '-x-'; guidepress knows "
                f"{', '.join(sorted(AUDIENCES))}",
            )
        elif found.base.lower() not in sites:
            yield NO_BASE_SITE.at(
                g.translations_pos,
                f"'{tag}' is published in the site of '{found.base}', which is neither the primary language "
                f"('{g.language}') nor a translation; add '{found.base}' to translations",
            )
