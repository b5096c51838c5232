"""GP117-GP119, GP240: the guideline's language has a catalog, and the catalog is usable.

The loader has checked that ``language`` is a well-formed BCP 47 tag (GP111).
Here: a catalog of the tag, or of a prefix of it, is among the project's and
guidepress' own (messages.py; GP117); the project's catalogs parse (GP118)
and each translation keeps its message id's placeholders, which the build
fills in (GP119: a lost ``%(num)d`` would stop the build); and Babel (CLDR)
knows the language, which it needs to write dates and numbers (GP240).

guidepress' own catalogs are not the project's to mend (the test suite
checks them), so only a project's ``templates/locales/`` is read for GP118 and GP119.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Message
from babel.messages.pofile import PoFileError, read_po

from ..audiences import editions
from ..diagnostics import ERROR, WARNING, Code, Diagnostic, Example, SourcePos
from ..load.files import display_path
from ..messages import DOMAIN, LOCALES, SOURCE_LANGUAGE, available, catalog_language
from ..model import Guideline
from ..packaged import TEMPLATES, search_path

_GUIDELINE = """\
id: ago-breast
title: Diagnosis and Treatment of Patients with early and advanced Breast Cancer
publisher: AGO
version: 2023.1E
language: {language}
grading: [loe, gr, ago]
chapters: [liver]
"""
_CATALOG = f"{TEMPLATES}/{LOCALES}/fr/LC_MESSAGES/{DOMAIN}.po"
_HEADER = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'

NO_CATALOG = Code(
    "GP117",
    ERROR,
    "no catalog of the fixed wording for the language",
    example=Example("source/guideline.yml", _GUIDELINE.format(language="sw")),
    fix="add the language's catalog, templates/locales/<lang>/LC_MESSAGES/guidepress.po (start it with "
    "python -m guidepress.catalogs init <lang> --locales templates/locales; docs/languages.md), "
    "or correct language in source/guideline.yml",
)
CATALOG_UNREADABLE = Code(
    "GP118",
    ERROR,
    "a catalog of the project cannot be read",
    example=Example(
        _CATALOG,
        _HEADER + 'msgid "Home"\n\nmsgid "Chapters"\nmsgstr "Chapitres"\n',
        also=(("source/guideline.yml", _GUIDELINE.format(language="fr")),),
    ),
    fix="correct the .po file at the line named: each msgid is followed by its msgstr (msgstr[0], msgstr[1] "
    "for a message with a plural), each one quoted text, continued on lines of quoted text",
)
PLACEHOLDERS = Code(
    "GP119",
    ERROR,
    "a translation does not keep its message's placeholders",
    example=Example(
        _CATALOG,
        _HEADER + 'msgid "Version %(version)s"\nmsgstr "Version"\n',
        also=(("source/guideline.yml", _GUIDELINE.format(language="fr")),),
    ),
    fix="write every placeholder of the msgid (%(name)s, %(num)d, {name}) into the msgstr, "
    "where the language puts it; a placeholder not in the msgid cannot be filled in",
)
NO_LOCALE_DATA = Code(
    "GP240",
    WARNING,
    "Babel has no locale data for the language",
    example=Example("source/guideline.yml", _GUIDELINE.format(language="en-QQ")),
    fix="nothing has to change: dates and numbers are written as in the language named in the message; "
    "write a tag CLDR knows (de, de-CH, pt-BR) to have them written as that language does",
)

CODES = (NO_CATALOG, CATALOG_UNREADABLE, PLACEHOLDERS, NO_LOCALE_DATA)

_PRINTF = re.compile(r"%(?:\((\w+)\))?[sd]")
_FORMAT = re.compile(r"\{(\w+)\}")


def catalog_problems(g: Guideline, root: Path) -> list[Diagnostic]:
    """The project's catalogs' problems, and those of the primary language and of each translation's
    (an audience variant's wording is its language's)."""
    dirs = search_path(root, LOCALES)
    diags = list(_project_catalogs(root, dirs))
    for tag, pos in ((g.language, g.language_pos), *((t, g.translations_pos) for t in editions(g))):
        diags += _language_problems(tag, pos, dirs)
    return diags


def _language_problems(tag: str, pos: SourcePos, dirs: tuple[Path, ...]) -> Iterator[Diagnostic]:
    lang = catalog_language(tag, dirs)
    if lang is None:
        known = ", ".join(sorted(available(dirs))) or "none"
        yield NO_CATALOG.at(
            pos,
            f"no catalog of the pages' and cards' fixed wording for language '{tag}' "
            f"(catalogs: {known}); add templates/locales/{tag.split('-')[0]}/LC_MESSAGES/"
            f"{DOMAIN}.po (docs/languages.md) or write one of those languages",
        )
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        yield NO_LOCALE_DATA.at(
            pos,
            f"Babel has no locale data for language '{tag}'; dates and numbers will be written "
            f"as in '{lang or SOURCE_LANGUAGE}'",
        )


def _project_catalogs(root: Path, dirs: tuple[Path, ...]) -> Iterator[Diagnostic]:
    project = Path(os.path.realpath(root))
    for folder in dirs:
        if not Path(os.path.realpath(folder)).is_relative_to(project):
            continue
        for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            yield from _catalog_problems(path, display_path(path, root))


def _catalog_problems(path: Path, shown: str) -> Iterator[Diagnostic]:
    try:
        catalog = read_po(io.BytesIO(path.read_bytes()), domain=DOMAIN, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", 0) + 1  # Babel counts from 0
        yield CATALOG_UNREADABLE.at(SourcePos(shown, line, 1), f"the catalog cannot be read: {exc}")
        return
    for message in catalog:
        if message.id and not message.fuzzy:
            yield from _placeholder_problems(message, shown)


def _placeholder_problems(message: Message, shown: str) -> Iterator[Diagnostic]:
    ids = _texts(message.id)
    strings = _texts(message.string)
    wanted = _placeholders(ids[-1])
    for text in strings:
        if not text:
            continue  # untranslated: the message id is printed
        found = _placeholders(text)
        # A plural form may leave the count out ("one reference" for %(num)d).
        missing = wanted - found - ({"%num"} if len(ids) > 1 else set())
        if missing or found - wanted:
            line = message.lineno or 1
            yield PLACEHOLDERS.at(
                SourcePos(shown, line, 1),
                f"the translation of '{ids[0]}' must keep its placeholders "
                f"{', '.join(sorted(_shown(p) for p in wanted)) or '(none)'}; "
                f"it has {', '.join(sorted(_shown(p) for p in found)) or 'none'}",
            )
            return


def _texts(value: object) -> tuple[str, ...]:
    """A message's id or string as its forms (one, or a plural's)."""
    forms = value if isinstance(value, (tuple, list)) else (value,)
    return tuple(str(f) for f in forms if f is not None)


def _placeholders(text: str) -> set[str]:
    return {"%" + (m[1] or "") for m in _PRINTF.finditer(text)} | {"{" + m[1] for m in _FORMAT.finditer(text)}


def _shown(p: str) -> str:
    return f"%({p[1:]})" if p.startswith("%") else p + "}"
