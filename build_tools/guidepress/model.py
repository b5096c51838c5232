"""The guideline model: immutable, typed, every node with its source position.

Loaders build it; checks and renderers only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from .diagnostics import SourcePos

NOWHERE = SourcePos("")


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    meaning: str
    spoken: str
    tone: str | None
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    scheme: str
    at_least: str
    message: str | None
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class GradingScheme:
    id: str
    label: str
    name: str
    group: str | None
    description: str | None
    source: str | None
    codes: tuple[Code, ...]
    rules: tuple[Rule, ...] = ()
    pos: SourcePos = field(default=NOWHERE, compare=False)

    def rank(self, code: str) -> int | None:
        """Position in order of strength (0 = strongest), None if unknown."""
        for i, c in enumerate(self.codes):
            if c.code == code:
                return i
        return None

    def get(self, code: str) -> Code | None:
        for c in self.codes:
            if c.code == code:
                return c
        return None


@dataclass(frozen=True, slots=True)
class Grade:
    scheme: str
    code: str
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Cite:
    key: str
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Recommendation:
    id: str
    text: str | None
    condition: str | None
    grades: tuple[Grade, ...]
    footnotes: tuple[str, ...]
    details: tuple[str, ...]
    children: tuple["Recommendation", ...]
    refs: tuple[str, ...] = ()
    pos: SourcePos = field(default=NOWHERE, compare=False)

    @property
    def grade_map(self) -> dict[str, str]:
        return {g.scheme: g.code for g in self.grades}

    def walk(self) -> Iterator["Recommendation"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Footnote:
    marker: str
    text: str
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    title: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    pos: SourcePos = field(default=NOWHERE, compare=False)
    row_pos: tuple[SourcePos, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    text: str
    source: str
    grading: str | None
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class ReferenceGroup:
    title: str | None
    statement: str | None
    cites: tuple[Cite, ...]
    pos: SourcePos = field(default=NOWHERE, compare=False)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.cites)


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    subtitle: str | None
    condition: str | None
    recommendations: tuple[Recommendation, ...]
    footnotes: tuple[Footnote, ...]
    notes: tuple[str, ...]
    tables: tuple[Table, ...]
    quotes: tuple[Quote, ...]
    references: tuple[ReferenceGroup, ...]
    pos: SourcePos = field(default=NOWHERE, compare=False)

    def all_recommendations(self) -> Iterator[Recommendation]:
        for rec in self.recommendations:
            yield from rec.walk()


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    expansion: str
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Wording:
    term: str
    intro: str | None
    synonyms: tuple[GlossaryEntry, ...]
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class SeeAlso:
    chapter: str
    title: str
    external: bool
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class AuthorGroup:
    versions: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    subtitle: str | None
    authors: tuple[AuthorGroup, ...]
    topics: tuple[str, ...]
    see_also: tuple[SeeAlso, ...]
    wording: tuple[Wording, ...]
    glossary: tuple[GlossaryEntry, ...]
    references: tuple[ReferenceGroup, ...]
    sections: tuple[Section, ...]
    file: str = ""
    pos: SourcePos = field(default=NOWHERE, compare=False)

    def all_recommendations(self) -> Iterator[Recommendation]:
        for section in self.sections:
            yield from section.all_recommendations()

    def reference_groups(self) -> Iterator[tuple[Section | None, ReferenceGroup]]:
        for group in self.references:
            yield None, group
        for section in self.sections:
            for group in section.references:
                yield section, group


@dataclass(frozen=True, slots=True)
class Reference:
    """A BibTeX entry, with its fields cleaned of BibTeX markup."""

    key: str
    entry_type: str
    fields: tuple[tuple[str, str], ...]
    pos: SourcePos = field(default=NOWHERE, compare=False)

    def get(self, name: str) -> str | None:
        for k, v in self.fields:
            if k == name:
                return v
        return None


@dataclass(frozen=True, slots=True)
class Guideline:
    id: str
    title: str
    short_title: str | None
    publisher: str
    copyright: str | None
    version: str
    date: str | None
    language: str
    website: str | None
    schemes: tuple[GradingScheme, ...]
    chapters: tuple[Chapter, ...]
    references: tuple[Reference, ...]
    pos: SourcePos = field(default=NOWHERE, compare=False)

    def scheme(self, scheme_id: str) -> GradingScheme | None:
        for s in self.schemes:
            if s.id == scheme_id:
                return s
        return None

    def reference(self, key: str) -> Reference | None:
        return self.reference_index().get(key)

    def reference_index(self) -> dict[str, Reference]:
        return {r.key: r for r in self.references}

    def all_recommendations(self) -> Iterator[Recommendation]:
        for chapter in self.chapters:
            yield from chapter.all_recommendations()
