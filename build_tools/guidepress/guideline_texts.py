"""The texts a reader sees of the guideline itself and of its grading schemes, each at a stable key.

Besides its chapters (chapter_texts.py), a guideline prints texts of its
own: its title on every page and card, its publisher and copyright in the
footers, and its grading schemes' labels, names, descriptions and each
code's meaning and spoken form (what a screen reader says for a badge) on
the grades page, in each badge and on the cards' grade key. Their keys:

    title, short_title, publisher, copyright
    kinds.<kind>.label, kinds.<kind>.description             (kinds of guideline.yml)
    grading.<scheme>.label, grading.<scheme>.name, grading.<scheme>.group, grading.<scheme>.description
    grading.<scheme>.codes.<code>.meaning, grading.<scheme>.codes.<code>.spoken
    grading.<scheme>.kinds.<kind>.label, grading.<scheme>.kinds.<kind>.description

Scheme ids, codes and kind ids are keys, never translated. A translation of
these texts is one file per language named ``GUIDELINE``
(load/translations.py); chapter ids are slugs (load/schema.py's ``SLUG``:
lower-case letters, digits and inner hyphens), so no chapter's file can
take that name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TypeVar

from .chapter_texts import Lookup, chapter_texts
from .model import Code, GradingScheme, Guideline, Kind

#: The translation unit (and file stem) of the guideline's own texts; a leading "_" is no slug.
GUIDELINE = "_guideline"

_Text = TypeVar("_Text", str, str | None)


def guideline_texts(g: Guideline) -> Iterator[tuple[str, str]]:
    """(key, text) of every text of the guideline and its schemes a reader sees, in the order of the model."""
    yield "title", g.title
    if g.short_title:
        yield "short_title", g.short_title
    yield "publisher", g.publisher
    if g.copyright:
        yield "copyright", g.copyright
    for kind in g.kinds:
        yield from _kind_texts("kinds.", kind)
    for s in g.schemes:
        prefix = f"grading.{s.id}."
        yield f"{prefix}label", s.label
        yield f"{prefix}name", s.name
        for name in ("group", "description"):
            if value := getattr(s, name):
                yield f"{prefix}{name}", value
        for c in s.codes:
            for name in ("meaning", "spoken"):
                if value := getattr(c, name):
                    yield f"{prefix}codes.{c.code}.{name}", value
        for kind in s.kinds:
            yield from _kind_texts(f"{prefix}kinds.", kind)


def _kind_texts(prefix: str, kind: Kind) -> Iterator[tuple[str, str]]:
    yield f"{prefix}{kind.id}.label", kind.label
    if kind.description:
        yield f"{prefix}{kind.id}.description", kind.description


def units(g: Guideline) -> tuple[str, ...]:
    """Every translation unit of ``g``: its own texts, then each chapter's (one translation file each)."""
    return (GUIDELINE, *(c.id for c in g.chapters))


def unit_texts(g: Guideline, unit: str) -> Iterator[tuple[str, str]]:
    """(key, text) of one unit of ``units(g)``."""
    if unit == GUIDELINE:
        yield from guideline_texts(g)
    else:
        yield from chapter_texts(next(c for c in g.chapters if c.id == unit))


def translated_texts(g: Guideline, tr: Lookup) -> Guideline:
    """``g`` with every text of ``guideline_texts`` replaced by ``tr(key, text)`` (its chapters as they are)."""

    def opt(key: str, value: _Text) -> _Text:
        return tr(key, value) if value else value  # an empty or absent text has no translation

    def kind(prefix: str, k: Kind) -> Kind:
        return replace(
            k, label=tr(f"{prefix}{k.id}.label", k.label), description=opt(f"{prefix}{k.id}.description", k.description)
        )

    def code(prefix: str, c: Code) -> Code:
        key = f"{prefix}codes.{c.code}."
        return replace(c, meaning=opt(f"{key}meaning", c.meaning), spoken=opt(f"{key}spoken", c.spoken))

    def scheme(s: GradingScheme) -> GradingScheme:
        prefix = f"grading.{s.id}."
        return replace(
            s,
            label=tr(f"{prefix}label", s.label),
            name=tr(f"{prefix}name", s.name),
            group=opt(f"{prefix}group", s.group),
            description=opt(f"{prefix}description", s.description),
            codes=tuple(code(prefix, c) for c in s.codes),
            kinds=tuple(kind(f"{prefix}kinds.", k) for k in s.kinds),
        )

    return replace(
        g,
        title=tr("title", g.title),
        short_title=opt("short_title", g.short_title),
        publisher=tr("publisher", g.publisher),
        copyright=opt("copyright", g.copyright),
        kinds=tuple(kind("kinds.", k) for k in g.kinds),
        schemes=tuple(scheme(s) for s in g.schemes),
    )
