"""The guideline in each of its languages: the primary at the site's root, each translation under ``<lang>/``.

A translation's model is the primary's with every text the translation
files give replaced (chapter_texts.py, and guideline_texts.py for the
guideline's title, publisher, copyright and its schemes' labels, names and
code meanings); ids, grades and references are the
primary's, so every page, anchor and card of one language has its twin at
the same address under the other's folder. A text without a translation is
printed as the primary has it (check warns, GP241); a stale one is printed
as translated (GP242 says it needs a look).

Material's language switcher (``extra.alternate``) names each edition; the
theme override ``partials/alternate.html`` links each page to the same page
of the other edition.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from babel import Locale, UnknownLocaleError

from ..audiences import editions
from ..chapter_texts import translated_chapter
from ..guideline_texts import GUIDELINE, translated_texts
from ..model import ChapterTranslation, Guideline


def translated_guideline(g: Guideline, language: str) -> Guideline:
    """``g`` in ``language`` (one of ``g.translations`` that is not an audience variant)."""
    translated = g.translated.get(language, {})
    return replace(
        translated_texts(g, _lookup(translated.get(GUIDELINE))),
        language=language,
        primary_language=g.language,
        chapters=tuple(translated_chapter(c, _lookup(translated.get(c.id))) for c in g.chapters),
    )


def _lookup(tr: ChapterTranslation | None) -> Any:
    entries = tr.entries if tr is not None else {}

    def text(key: str, primary: str) -> str:
        entry = entries.get(key)
        return entry.text if entry is not None else primary

    return text


def edition_folder(language: str) -> str:
    """Where a translation's site is, under the primary's."""
    return language


def alternates(g: Guideline) -> list[dict[str, str]]:
    """``extra.alternate`` for the site of ``g``: every edition, its link relative to this site's root."""
    primary = g.primary_language or g.language
    if not editions(g):
        return []
    up = "../" if g.primary_language else ""
    links = [(primary, up or "./")] + [
        (lang, "./" if lang == g.language else f"{up}{edition_folder(lang)}/") for lang in editions(g)
    ]
    return [{"name": language_name(lang), "link": link, "lang": lang} for lang, link in links]


def language_name(tag: str) -> str:
    """The language's name in itself ("Deutsch", "English"); the tag when Babel does not know it."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name()
    except (ValueError, UnknownLocaleError):
        return tag
    return name[:1].upper() + name[1:] if name else tag
