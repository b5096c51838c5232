"""The fixed wording readers see, in the guideline's language: gettext catalogs.

Every fixed word of the pages, the cards and the site's navigation is an
English message id; its translation is in a gettext catalog per language,
``templates/locales/<lang>/LC_MESSAGES/guidepress.po`` and its compiled
``.mo`` (managed with Babel: catalogs.py). The page and card templates mark
their words with ``{% trans %}``/``_()``; the few the Python code prints
(navigation, download labels) are named by key in ``resources/wording.yml``,
which holds their English message ids, so that the code carries no
reader-facing English.

A project's ``templates/locales/`` comes first, catalog by catalog, like its
templates: a board adds a language by adding a ``.po`` (a ``.mo`` is used
when present; without one the ``.po`` is compiled in memory, which gives the
same messages every time), and a project catalog of a language guidepress
ships only needs the messages it words differently: the rest come from
guidepress' own.

The catalog of a tag is the nearest along its subtags (``de-CH`` -> ``de``).
A tag with none is reported by ``check`` (checks/language.py, GP117); a build
of it prints the English message ids.
"""

from __future__ import annotations

import datetime as dt
import gettext
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from .packaged import search_path

#: The gettext domain of guidepress' catalogs.
DOMAIN = "guidepress"
#: The language whose catalog holds the message ids as they are (the templates are written in it).
SOURCE_LANGUAGE = "en"
_WORDING = ("resources", "wording.yml")
#: The folder of catalogs under a templates folder (the project's, and guidepress' own).
LOCALES = "locales"


@dataclass(frozen=True)
class Messages:
    """The fixed wording of one language: its catalog (None: the message ids as they are)."""

    language: str  # the guideline's tag, as written
    catalog: str | None  # the language of the catalog used (de for de-CH)
    translations: gettext.NullTranslations
    digest: str  # of the catalog files used: part of every cached output's key

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def wording(self, key: str, **fields: str) -> str:
        """The wording ``key`` of resources/wording.yml ("nav.home"), translated, its ``{field}`` s filled in."""
        text = self.gettext(wording_source(key))
        return text.format(**fields) if fields else text

    @property
    def locale(self) -> Locale:
        """Babel's locale for dates and numbers: the tag's, else its catalog's, else the source language's."""
        for tag in (self.language, self.catalog or SOURCE_LANGUAGE):
            try:
                return Locale.parse(tag, sep="-")
            except (ValueError, UnknownLocaleError):
                continue
        return Locale.parse(SOURCE_LANGUAGE)

    def date(self, iso: str) -> str:
        """A ``YYYY-MM-DD`` date in the language's pattern; the pattern is itself a message (the
        English catalog keeps it as the source writes it), so a catalog decides how dates read."""
        try:
            day = dt.date.fromisoformat(iso)
        except ValueError:
            return iso
        return format_date(day, format=self.wording("formats.date"), locale=self.locale)

    def number(self, n: int) -> str:
        """A count as the language writes it (1,234 in English, 1.234 in German)."""
        return format_decimal(n, locale=self.locale)

    def install(self, env: Any) -> None:
        """Give a Jinja environment (with ``jinja2.ext.i18n``) this language's ``_``/``gettext``/``ngettext``
        and its ``date`` and ``number`` filters."""
        env.install_gettext_translations(self.translations, newstyle=True)
        # In place of the extension's gettext (and ``_``, which calls it): a page prints "Grades",
        # "References" and the like once per recommendation, thousands of times a build.
        translated = newstyle_gettext(self.translations.gettext)
        env.globals.update(gettext=translated, _=translated)
        env.filters["date"] = self.date
        env.filters["number"] = self.number
        # For the helpers that word a recommendation's marks (release_marks.py, editorial.py).
        env.globals["words"] = self


def newstyle_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's newstyle ``gettext`` over ``translate``: the translation, Markup where the template
    autoescapes, always %-formatted with the keywords given (jinja2.ext). A message given no
    keywords is translated and formatted once, not at every call (each went through the
    template context three times)."""
    made: dict[tuple[str, bool], str] = {}

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
        if variables:
            return _formatted(translate(message), eval_ctx.autoescape, variables)
        key = (message, eval_ctx.autoescape)
        found = made.get(key)
        if found is None:
            found = made[key] = _formatted(translate(message), eval_ctx.autoescape, {})
        return found

    return gettext


def _formatted(text: str, autoescape: bool, variables: dict[str, Any]) -> str:
    return (Markup(text) if autoescape else text) % variables


def wording_source(key: str) -> str:
    """The English message id of wording ``key`` in resources/wording.yml."""
    found: Any = _wording()
    for part in key.split("."):
        found = found[part]
    if not isinstance(found, str):
        raise KeyError(f"resources/wording.yml: {key} is not a wording")
    return found


@cache
def _wording() -> dict[str, Any]:
    data = yaml.safe_load(resources.files("guidepress").joinpath(*_WORDING).read_text("utf-8"))
    assert isinstance(data, dict), "resources/wording.yml must be a mapping"
    return data


def available(locale_dirs: tuple[Path, ...]) -> dict[str, list[Path]]:
    """Lower-cased tag (``de``, ``de-ch``) -> its catalog files (``.po`` or ``.mo``), the first folder's first.

    A folder may be named as Babel names it (``de_CH``) or as the tag is written (``de-CH``)."""
    found: dict[str, list[Path]] = {}
    for folder in locale_dirs:
        if not folder.is_dir():
            continue
        for lang in sorted(p for p in folder.iterdir() if p.is_dir()):
            files = _catalog_file(lang / "LC_MESSAGES")
            if files is not None:
                found.setdefault(lang.name.replace("_", "-").lower(), []).append(files)
    return found


def catalog_language(tag: str, locale_dirs: tuple[Path, ...]) -> str | None:
    """The language of the catalog for ``tag``: the longest prefix of its subtags that has one, else None."""
    known = available(locale_dirs)
    subtags = tag.split("-")
    for n in range(len(subtags), 0, -1):
        prefix = "-".join(subtags[:n]).lower()
        if prefix in known:
            return prefix
    return None


def messages(tag: str, locale_dirs: tuple[Path, ...]) -> Messages:
    """The wording for the language ``tag`` from the catalogs under ``locale_dirs`` (the project's first)."""
    lang = catalog_language(tag, locale_dirs)
    files = tuple(available(locale_dirs)[lang]) if lang is not None else ()
    stamps = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _messages(tag, lang, files, stamps)


@cache
def _messages(tag: str, lang: str | None, files: tuple[Path, ...], stamps: tuple[Any, ...]) -> Messages:
    # ``stamps`` makes an edited catalog a new entry (the live preview re-reads it).
    del stamps
    translations: gettext.NullTranslations = gettext.NullTranslations()
    sha = hashlib.sha256()
    # The project's catalog over guidepress' own of the same language: a message it lacks is guidepress'.
    for path in reversed(files):
        data = path.read_bytes()
        sha.update(path.name.encode() + b"\0" + data)
        catalog = Translations(io.BytesIO(data if path.suffix == ".mo" else _compiled(data)), domain=DOMAIN)
        catalog.add_fallback(translations)
        translations = catalog
    return Messages(tag, lang, translations, sha.hexdigest())


def _catalog_file(folder: Path) -> Path | None:
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    return mo if mo.is_file() else po if po.is_file() else None


def _compiled(po: bytes) -> bytes:
    """A ``.po``'s messages as ``.mo`` bytes (Babel writes them sorted: the same bytes every time)."""
    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(po), domain=DOMAIN))
    return out.getvalue()


def messages_for_source() -> Messages:
    """The message ids as they are, in the language the templates are written in."""
    return Messages(SOURCE_LANGUAGE, None, gettext.NullTranslations(), "")


def project_messages(tag: str, root: Path) -> Messages:
    """The wording for ``tag`` of the project at ``root``: its ``templates/locales/`` first, then guidepress' own."""
    return messages(tag, search_path(root, LOCALES))
