"""The guideline model: immutable, typed, every node with its source position.

Loaders build it; checks and renderers only read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .diagnostics import SourcePos
from .release_status import RecStatus, Release
from .works import NOWHERE as NOWHERE
from .works import NameList as NameList
from .works import Person as Person
from .works import Reference as Reference


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
    severity: str = "error"  # "warning": breaking the rule is reported, not fatal


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of statement, declared in guideline.yml or a scheme file
    (``graded: false``: a good-practice statement carries no grade)."""

    id: str
    label: str
    graded: bool = True
    description: str | None = None
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class GradeFormat:
    """How a statement's grades print, e.g. ``[{esmo-loe}, {esmo-gor}]``, or
    a scheme's codes, e.g. ``Cat. {code}`` (grade_format.py reads both)."""

    template: str
    pos: SourcePos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class CitationStyle:
    """guideline.yml's ``citation_style``: the CSL style the site formats its
    references with (render/citations.py), as named (a style shipped with
    guidepress, or a file of the project) and as read. ``text`` is None when
    the style could not be read; ``problem`` then says why
    (checks/citation_style.py reports it)."""

    name: str
    text: str | None
    problem: str | None = None
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
    required: bool = True  # every statement it applies to carries one of its codes
    applies_to: tuple[str, ...] | None = None  # kind ids; None: every graded statement
    uri: str | None = None  # the code system's published definition
    citation: str | None = None
    kinds: tuple[Kind, ...] = ()  # statement kinds this scheme file declares
    format: GradeFormat | None = None  # how each of its codes prints, e.g. "Cat. {code}"
    # code -> (rank, Code); the first of a code listed twice wins, as in a scan.
    _by_code: dict[str, tuple[int, Code]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code: dict[str, tuple[int, Code]] = {}
        for i, c in enumerate(self.codes):
            by_code.setdefault(c.code, (i, c))
        object.__setattr__(self, "_by_code", by_code)

    def rank(self, code: str) -> int | None:
        """Position in order of strength (0 = strongest), None if unknown."""
        found = self._by_code.get(code)
        return found[0] if found else None

    def get(self, code: str) -> Code | None:
        found = self._by_code.get(code)
        return found[1] if found else None

    def applies(self, kind: str | None) -> bool:
        """Whether statements of ``kind`` (None: no kind) take this scheme's codes."""
        return self.applies_to is None or kind in self.applies_to


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
    children: tuple[Recommendation, ...]
    refs: tuple[str, ...] = ()
    pos: SourcePos = field(default=NOWHERE, compare=False)
    kind: str | None = None
    replaces: str | None = None  # the id it had in an earlier release (renamed)
    editorial: str | None = None  # "draft" or "consultation" while the board works on it; None: published
    reviewed: str | None = None  # the release whose board re-examined it and left it as it was
    change: RecStatus | None = None  # against the previous release (the build fills it in)

    @property
    def grade_map(self) -> dict[str, str]:
        return {g.scheme: g.code for g in self.grades}

    def walk(self) -> Iterator[Recommendation]:
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
    editorial_notes: tuple[str, ...] = ()


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
    editorial_notes: tuple[str, ...] = ()

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
    editorial_notes: tuple[str, ...] = ()
    # Abbreviations the slide expands itself; on the slide they take the
    # place of the chapter's glossary (two slides may expand a term differently).
    glossary: tuple[GlossaryEntry, ...] = ()

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
    id_pos: SourcePos = field(default=NOWHERE, compare=False)  # where the file writes the id

    def all_recommendations(self) -> Iterator[Recommendation]:
        for section in self.sections:
            yield from section.all_recommendations()

    def reference_groups(self) -> Iterator[tuple[Section | None, ReferenceGroup]]:
        for group in self.references:
            yield None, group
        for section in self.sections:
            for group in section.references:
                yield section, group

    def cited_keys(self) -> list[str]:
        """The BibTeX keys the chapter's reference lists cite, each once, sorted."""
        return sorted({key for _, group in self.reference_groups() for key in group.keys})


@dataclass(frozen=True, slots=True)
class Entry:
    """One translated text: the fingerprint of the primary text it was made from, and the translation."""

    source: str
    text: str
    pos: SourcePos = field(compare=False)


@dataclass(frozen=True, slots=True)
class ChapterTranslation:
    """A translation file: one language's texts of one unit (load/translations.py)."""

    language: str
    chapter: str  # the chapter's id, or guideline_texts.GUIDELINE for the guideline's own texts
    file: str  # as diagnostics print it
    entries: dict[str, Entry]


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
    kinds: tuple[Kind, ...] = ()  # declared in guideline.yml (statement_kinds() adds the schemes')
    grade_format: GradeFormat | None = None
    citation_style: CitationStyle | None = None  # None: the default style
    language_pos: SourcePos = field(default=NOWHERE, compare=False)
    next_review: str | None = None  # when the board plans to review the guideline (YYYY-MM-DD)
    lead_scheme: str | None = None  # the scheme readers act on: the grades page explains it first
    previous_release: str | None = None  # a git tag of the project or an export kept in it
    previous_release_pos: SourcePos = field(default=NOWHERE, compare=False)
    release: Release | None = None  # against the previous release (the build fills it in)
    review_interval: str | None = None  # releases a recommendation may stand unreviewed (checks/review_state.py)
    review_interval_pos: SourcePos = field(default=NOWHERE, compare=False)
    translations: tuple[str, ...] = ()  # languages it is also published in (load/translations.py)
    translations_pos: SourcePos = field(default=NOWHERE, compare=False)
    primary_language: str | None = None  # in a translation's model (render/editions.py): the primary's
    # Language -> unit (a chapter id or guideline_texts.GUIDELINE) -> its translation file, as loaded
    # (load/translations.py); renderers and checks read them here, never from the files.
    translated: dict[str, dict[str, ChapterTranslation]] = field(default_factory=dict, compare=False, repr=False)
    # Built once: renderers look references up per citation.
    _refs: dict[str, Reference] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_refs", {r.key: r for r in self.references})

    def statement_kinds(self) -> tuple[Kind, ...]:
        """Every declared kind: guideline.yml's, then each scheme file's, in
        ``grading`` order (a kind declared twice is listed twice; GP220)."""
        return self.kinds + tuple(k for s in self.schemes for k in s.kinds)

    def kind(self, kind_id: str | None) -> Kind | None:
        for k in self.statement_kinds():
            if k.id == kind_id:
                return k
        return None

    def ungraded(self, rec: Recommendation) -> bool:
        """Whether ``rec`` is of a kind that carries no grade."""
        kind = self.kind(rec.kind) if rec.kind else None
        return kind is not None and not kind.graded

    def schemes_lead_first(self) -> tuple[GradingScheme, ...]:
        """The schemes in the order the grades page explains them: ``lead_scheme`` first."""
        lead = tuple(s for s in self.schemes if s.id == self.lead_scheme)
        return lead + tuple(s for s in self.schemes if s.id != self.lead_scheme)

    def scheme(self, scheme_id: str) -> GradingScheme | None:
        for s in self.schemes:
            if s.id == scheme_id:
                return s
        return None

    def reference(self, key: str) -> Reference | None:
        return self._refs.get(key)

    def reference_index(self) -> dict[str, Reference]:
        """Key -> reference (a fresh dict; the caller may change it)."""
        return dict(self._refs)

    def all_recommendations(self) -> Iterator[Recommendation]:
        for chapter in self.chapters:
            yield from chapter.all_recommendations()
