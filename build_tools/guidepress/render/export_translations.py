"""The primary export's ``translations``: every translated text of every language, keyed as the files key it.

One export (the primary's guideline.json) then carries the guideline in
every language: the primary text where every other key has it, and per
language tag (as ``translations:`` writes it: ``de``, ``en-x-patients``)

    "translations": {"de": {
        "guideline": {"title": {"text": "...", "from": "08b6f134a336", "stale": false}, ...},
        "chapters": {"<chapter id>": {"<sec>.title": {"text": ..., "from": ..., "stale": ...}, ...}}}}

``guideline`` holds the texts of ``source/translations/<lang>/_guideline.yml``
(guideline_texts.py's keys), ``chapters`` those of each chapter's file
(chapter_texts.py's keys), in the order the primary prints them. ``stale``:
``from`` is not the fingerprint of the primary text as it is now (check's
GP242). A text without a translation (GP241) is absent, so is a chapter
without any, and a key that names no text (GP244, an error). Each
language's own export (site/<lang>/export/) is that language's model and
has no ``translations``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..chapter_texts import chapter_texts, fingerprint
from ..guideline_texts import GUIDELINE, guideline_texts
from ..model import ChapterTranslation, Guideline


def translations_document(g: Guideline) -> dict[str, Any] | None:
    """``translations`` of ``g``'s export; None when it has no translations."""
    if not g.translations:
        return None
    found = g.translated
    out: dict[str, Any] = {}
    for lang in g.translations:
        units = found.get(lang, {})
        chapters = {c.id: texts for c in g.chapters if (texts := _texts(chapter_texts(c), units.get(c.id)))}
        out[lang] = {"guideline": _texts(guideline_texts(g), units.get(GUIDELINE)), "chapters": chapters}
    return out


def _texts(primary: Iterable[tuple[str, str]], tr: ChapterTranslation | None) -> dict[str, Any]:
    entries = tr.entries if tr is not None else {}
    return {
        key: {"text": entry.text, "from": entry.source, "stale": entry.source != fingerprint(text)}
        for key, text in primary
        if (entry := entries.get(key)) is not None
    }
