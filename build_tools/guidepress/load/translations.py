"""The guideline's translations: one file per language and chapter, keyed by the chapter's stable ids.

``source/guideline.yml`` names the languages (``translations: [de]``); each
chapter's translation into one of them is ``source/translations/<lang>/<chapter>.yml``,
and the guideline's own texts and its schemes' are ``<lang>/_guideline.yml``:

    texts:
      sec-bone.title:
        from: 3f2a9c1e0b7d      # fingerprint of the primary text it was made from
        text: Knochenmetastasen

The keys are chapter_texts.py's and guideline_texts.py's. The primary chapter files stay as they are:
a translation office gets and returns one file per chapter, and a change of
the primary text shows as a fingerprint that no longer matches (checks/translations.py).
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..guideline_texts import units
from ..model import ChapterTranslation, Entry, Guideline
from .files import display_path
from .memo import FileMemo, load_file
from .yamltree import YMap, YScalar, parse

#: Where the translations are, under the project's source/.
FOLDER = Path("source") / "translations"

TRANSLATION_SHAPE = Code(
    "GP243",
    ERROR,
    "a translation file is not a mapping of texts, each with from and text",
    example=Example(
        "source/translations/de/liver.yml",
        "texts:\n  liver-intro.title: Lebermetastasen\n",
        also=(
            (
                "source/guideline.yml",
                "id: ago-breast\ntitle: Diagnosis and Treatment of Patients with early and advanced Breast Cancer\n"
                "publisher: AGO\nversion: 2023.1E\nlanguage: en\ntranslations: [de]\ngrading: [loe, gr, ago]\n"
                "chapters: [liver]\n",
            ),
        ),
    ),
    fix="write each text as `key: {from: <fingerprint>, text: <translation>}` under `texts:`; "
    "`guidepress translations --language <lang>` prints the keys and fingerprints to start from",
)

CODES = (TRANSLATION_SHAPE,)


def translation_file(root: Path, language: str, chapter: str) -> Path:
    return root / FOLDER / language / f"{chapter}.yml"


_Parsed = tuple[ChapterTranslation, list[Diagnostic]]


def load_translations(
    root: Path, g: Guideline, memo: FileMemo | None = None
) -> tuple[dict[str, dict[str, ChapterTranslation]], list[Diagnostic]]:
    """Language -> unit (guideline_texts.units: GUIDELINE or a chapter id) -> its translation (a unit without
    a file has none), and the files' problems. ``memo`` (the live preview's) gives back an unchanged file's
    translation, the same object, without parsing it again."""
    found: dict[str, dict[str, ChapterTranslation]] = {}
    diags: list[Diagnostic] = []
    for lang in g.translations:
        found[lang] = {}
        for unit in units(g):
            path = translation_file(root, lang, unit)
            if not path.is_file():
                continue
            shown = display_path(path, root)

            def translation(text: str, lang: str = lang, unit: str = unit, shown: str = shown) -> _Parsed:
                entries, problems = _entries(text, shown)
                return ChapterTranslation(lang, unit, shown, entries), problems

            loaded, problems = load_file(memo, "translation", path, root, translation)
            diags += problems
            if loaded is not None:
                found[lang][unit] = loaded
    return found, diags


def _entries(text: str, shown: str) -> tuple[dict[str, Entry], list[Diagnostic]]:
    root, diags = parse(text, shown)
    if root is None:
        return {}, diags
    texts = root.entries.get("texts") if isinstance(root, YMap) else None
    if texts is None or not isinstance(texts[1], YMap):
        where = root.pos if texts is None else texts[1].pos
        return {}, diags + [TRANSLATION_SHAPE.at(where, "a translation file is `texts:`, a mapping of keys to texts")]
    entries: dict[str, Entry] = {}
    for key, (key_pos, node) in texts[1].entries.items():
        source = node.entries.get("from") if isinstance(node, YMap) else None
        value = node.entries.get("text") if isinstance(node, YMap) else None
        if source is None or value is None or not isinstance(source[1], YScalar) or not isinstance(value[1], YScalar):
            diags.append(
                TRANSLATION_SHAPE.at(
                    key_pos, f"'{key}' must be a mapping with `from` (the primary text's fingerprint) and `text`"
                )
            )
            continue
        entries[key] = Entry(source[1].value, value[1].value, source[1].pos)
    return entries, diags
