"""Audiences: the guideline's text for readers other than clinicians, carried like a translation.

A translation whose tag ends in a BCP 47 private-use subtag naming an
audience (RFC 5646: ``-x-`` and what follows is the user's to define) is a
variant of the language before it: ``en-x-patients`` is plain English for
patients, ``de-x-patients`` plain German. It is listed in guideline.yml's
``translations`` and written in ``source/translations/<tag>/<chapter>.yml``
like a language, so its texts record the clinical (primary) text they were
made from and go stale the same way (checks/translations.py); but it is no
site of its own: each chapter gets a page for the audience in the site of
its base language (render/patient_view.py), and the fixed wording is that
site's.

guidepress knows one audience, ``patients``; an audience is an entry of
``AUDIENCES``: the texts its page prints, and the folder of its pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .chapter_texts import chapter_texts
from .guideline_texts import GUIDELINE, unit_texts
from .model import Chapter, Guideline

#: A tag with a private-use part: the language before ``-x-``, the audience after it.
_PRIVATE_USE = re.compile(r"^(?P<base>.+?)-[xX]-(?P<audience>.+)$")


def _patient_texts(chapter: Chapter) -> Iterator[tuple[str, str]]:
    """What a patient reads: the chapter's and sections' titles and each statement, not the clinical
    apparatus (details, footnotes, notes, tables, glossary), which stays on the chapter page."""
    covered = {"title"}
    for section in chapter.sections:
        covered.add(f"{section.id}.title")
        for rec in section.all_recommendations():
            covered |= {f"{rec.id}.text", f"{rec.id}.condition"}
    return ((key, text) for key, text in chapter_texts(chapter) if key in covered)


@dataclass(frozen=True, slots=True)
class Audience:
    name: str  # the private-use subtag, and the folder of its pages
    texts: Callable[[Chapter], Iterator[tuple[str, str]]]  # (key, clinical text) its pages print
    label: str  # the wording (resources/wording.yml) of its pages' place in the navigation


AUDIENCES: dict[str, Audience] = {"patients": Audience("patients", _patient_texts, "nav.patients")}


@dataclass(frozen=True, slots=True)
class Variant:
    """A translation tag that names a known audience of a language."""

    tag: str  # as guideline.yml writes it
    base: str  # the language whose site publishes it
    audience: Audience


def private_use(tag: str) -> tuple[str, str] | None:
    """(base language, private-use part) of a tag that has one, else None."""
    found = _PRIVATE_USE.match(tag)
    return (found["base"], found["audience"].lower()) if found else None


def variant(tag: str) -> Variant | None:
    """The audience variant ``tag`` names; None for a language (or an audience guidepress does not know)."""
    parts = private_use(tag)
    audience = AUDIENCES.get(parts[1]) if parts else None
    return Variant(tag, parts[0], audience) if parts and audience else None


def language_of(tag: str) -> str:
    """The language a translation is written in: an audience variant's base, else the tag."""
    found = variant(tag)
    return found.base if found else tag


def editions(g: Guideline) -> tuple[str, ...]:
    """The translations that are sites of their own: every one but the audience variants."""
    return tuple(tag for tag in g.translations if private_use(tag) is None)


def variants_of(g: Guideline, language: str) -> tuple[Variant, ...]:
    """The audience variants published in the site of ``language``."""
    found = (variant(tag) for tag in g.translations)
    return tuple(v for v in found if v is not None and v.base.lower() == language.lower())


def covered_texts(tag: str, chapter: Chapter) -> dict[str, str]:
    """Key -> clinical text of every text the translation ``tag`` gives: all of a language's, an audience's own."""
    found = variant(tag)
    return dict(found.audience.texts(chapter) if found else chapter_texts(chapter))


def covered_unit_texts(tag: str, g: Guideline, unit: str) -> dict[str, str]:
    """Key -> primary text of every text of ``unit`` (a chapter id or guideline_texts.GUIDELINE) that the
    translation ``tag`` gives: a language gives them all; an audience variant its chapters' own, and none of
    the guideline's (its pages print the grades' meanings of its language's site)."""
    if variant(tag) is None:
        return dict(unit_texts(g, unit))
    if unit == GUIDELINE:
        return {}
    return covered_texts(tag, next(c for c in g.chapters if c.id == unit))
