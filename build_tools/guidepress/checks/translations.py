"""GP241, GP242, GP244: the translations are complete, in step with the primary text, and name its texts.

Each translated text records the fingerprint of the primary text it was made
from (load/translations.py). A primary text without a translation is
printed in the primary language (GP241, a warning: an error under
``--strict``); a translation whose fingerprint is not the primary text's
was made from an older text (GP242, at its ``from``); a key that names no
text of the chapter is a mistake (GP244). The guideline's own texts and its
schemes' (guideline_texts.py, ``_guideline.yml``) are checked the same way.
An audience variant (``en-x-patients``, audiences.py) is held to the texts
its pages print: a key for another text is GP255. ``guidepress
translations`` lists what each language needs.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..audiences import covered_unit_texts
from ..chapter_texts import fingerprint
from ..diagnostics import ERROR, WARNING, Code, Diagnostic, Example, SourcePos
from ..guideline_texts import GUIDELINE, unit_texts, units
from ..model import ChapterTranslation, Guideline
from .audiences import NOT_COVERED

_GUIDELINE = (
    "id: ago-breast\ntitle: Diagnosis and Treatment of Patients with early and advanced Breast Cancer\n"
    "publisher: AGO\nversion: 2023.1E\nlanguage: en\ntranslations: [de]\ngrading: [loe, gr, ago]\nchapters: [liver]\n"
)

MISSING = Code(
    "GP241",
    WARNING,
    "texts of a chapter have no translation",
    example=Example("source/guideline.yml", _GUIDELINE),
    fix="translate them into the chapter's translation file (`guidepress translations --language <lang>` lists "
    "them with their keys and fingerprints); until then they are printed in the primary language",
)
STALE = Code(
    "GP242",
    WARNING,
    "a translation was made from an earlier primary text",
    example=Example(
        "source/translations/de/liver.yml",
        "texts:\n  title:\n    from: 000000000000\n    text: Lebermetastasen\n",
        also=(("source/guideline.yml", _GUIDELINE),),
    ),
    fix="bring the translation in step with the primary text, then write the fingerprint the message gives as "
    "its `from`",
)
UNKNOWN_KEY = Code(
    "GP244",
    ERROR,
    "a translation names no text of its chapter",
    example=Example(
        "source/translations/de/liver.yml",
        "texts:\n  no-such-statement.text:\n    from: 000000000000\n    text: Keine\n",
        also=(("source/guideline.yml", _GUIDELINE),),
    ),
    fix="use a key `guidepress translations` lists (an id of the chapter and the field: `<id>.text`), "
    "or remove the text: its statement may have been removed or renamed",
)

CODES = (MISSING, STALE, UNKNOWN_KEY)

#: How many keys a GP241 names; `guidepress translations` lists them all.
SHOWN = 3


def translation_problems(g: Guideline) -> list[Diagnostic]:
    """The translations' problems against the primary texts (the files' own, GP243, are the loader's)."""
    diags: list[Diagnostic] = []
    for lang, translated in g.translated.items():
        for unit in units(g):
            texts, every = covered_unit_texts(lang, g, unit), dict(unit_texts(g, unit))
            diags += _unit_problems(unit, texts, every, translated.get(unit), lang, g.translations_pos)
    return diags


def _unit_problems(
    unit: str,
    texts: dict[str, str],
    every: dict[str, str],
    tr: ChapterTranslation | None,
    lang: str,
    listed: SourcePos,
) -> Iterator[Diagnostic]:
    """The problems of one unit's translation into ``lang``: ``texts`` are the ones it gives (a variant's
    own), ``every`` all the unit has."""
    whose = "the guideline and its grading schemes" if unit == GUIDELINE else f"chapter '{unit}'"
    entries = tr.entries if tr is not None else {}
    for key, entry in entries.items():
        if key not in texts and key in every:
            yield NOT_COVERED.at(entry.pos, f"'{key}' is not printed on the {lang} pages of {whose}")
        elif key not in texts:
            yield UNKNOWN_KEY.at(entry.pos, f"'{key}' names no text of {whose}")
        elif entry.source != (now := fingerprint(texts[key])):
            yield STALE.at(
                entry.pos,
                f"the {lang} translation of '{key}' was made from an earlier text (now: {_short(texts[key])}); "
                f"bring it in step and write `from: {now}`",
            )
    missing = [k for k in texts if k not in entries]
    if missing:
        more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
        yield MISSING.at(
            # The file's first line; without a file, where guideline.yml names the language.
            SourcePos(tr.file, 1, 1) if tr is not None else listed,
            f"{len(missing)} text(s) of {whose} have no {lang} translation "
            f"({', '.join(missing[:SHOWN])}{more}); `guidepress translations --language {lang}` lists them",
        )


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
