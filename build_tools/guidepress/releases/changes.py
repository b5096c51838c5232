"""What changed between two releases of a guideline, as typed data.

``compare.diff(old, new)`` makes a ``Changes``; the reports (report.py)
print it, and a build can look up each recommendation's status in it.
Every record can be inverted (old and new swapped): the inverse of the
changes from A to B are the changes from B to A, so each collection is kept
in an order that does not depend on which side is called old.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Literal

Direction = Literal["upgrade", "downgrade", "changed", "added", "removed"]
_INVERSE: dict[str, Direction] = {
    "upgrade": "downgrade",
    "downgrade": "upgrade",
    "changed": "changed",
    "added": "removed",
    "removed": "added",
}
Op = Literal["same", "removed", "added"]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a recommendation stands: its chapter, section, parent (None at
    the top of the section) and ``path``, its index in the section's tree
    ((2,) the third row, (2, 0) that row's first child)."""

    chapter: str
    section: str
    parent: str | None
    path: tuple[int, ...]
    order: tuple[int, ...]  # chapter and section index, then path: document order

    def same_location(self, other: Place) -> bool:
        """Same chapter, section and parent (its index may differ: rows added above it do not move it)."""
        return (self.chapter, self.section, self.parent) == (other.chapter, other.section, other.parent)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A recommendation as it stands on one side (an added or removed one)."""

    id: str
    place: Place
    text: str | None
    condition: str | None
    kind: str | None
    grades: tuple[tuple[str, str], ...]  # (scheme id, code), in the guideline's scheme order


@dataclass(frozen=True, slots=True)
class TextChange:
    """A text (statement, condition, kind) before and after; None: absent on that side."""

    old: str | None
    new: str | None

    def inverted(self) -> TextChange:
        return TextChange(self.new, self.old)

    def words(self) -> tuple[tuple[Op, str], ...]:
        """The change word by word: runs of kept, removed and added words (a
        replaced run is its removed words, then its added words)."""
        a, b = (self.old or "").split(), (self.new or "").split()
        out: list[tuple[Op, str]] = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                out.append(("same", " ".join(a[i1:i2])))
                continue
            if i2 > i1:
                out.append(("removed", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("added", " ".join(b[j1:j2])))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class ListChange:
    """A list (cited works, footnote markers, details) before and after."""

    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def added(self) -> tuple[str, ...]:
        return _missing(self.new, self.old)

    @property
    def removed(self) -> tuple[str, ...]:
        return _missing(self.old, self.new)

    def inverted(self) -> ListChange:
        return ListChange(self.new, self.old)


def _missing(items: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """The items of ``items`` not in ``other``, counted (a key cited twice and now once is one removal)."""
    left = list(other)
    out = []
    for item in items:
        if item in left:
            left.remove(item)
        else:
            out.append(item)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class GradeChange:
    scheme: str
    old: str | None
    new: str | None
    direction: Direction

    def inverted(self) -> GradeChange:
        return GradeChange(self.scheme, self.new, self.old, _INVERSE[self.direction])


@dataclass(frozen=True, slots=True)
class RecChange:
    """A recommendation on both sides (under one id, or renamed) that differs."""

    id: str
    old_id: str  # == id unless renamed
    old_place: Place
    new_place: Place
    text: TextChange | None = None
    condition: TextChange | None = None
    kind: TextChange | None = None
    grades: tuple[GradeChange, ...] = ()
    refs: ListChange | None = None
    footnotes: ListChange | None = None
    details: ListChange | None = None

    @property
    def renamed(self) -> bool:
        return self.id != self.old_id

    @property
    def moved(self) -> bool:
        return not self.old_place.same_location(self.new_place)

    @property
    def reworded(self) -> bool:
        return self.text is not None

    def what(self) -> tuple[str, ...]:
        """What changed, in words a badge can print: renamed, moved, reworded, upgraded (AGO), …"""
        out = [
            name
            for name, flag in (("renamed", self.renamed), ("moved", self.moved), ("reworded", self.reworded))
            if flag
        ]
        for name, part in (
            ("condition", self.condition),
            ("kind", self.kind),
            ("references", self.refs),
            ("footnotes", self.footnotes),
            ("details", self.details),
        ):
            if part is not None:
                out.append(name)
        out.extend(f"{g.direction} ({g.scheme})" for g in self.grades)
        return tuple(out)

    def inverted(self) -> RecChange:
        return RecChange(
            self.old_id,
            self.id,
            self.new_place,
            self.old_place,
            _text(self.text),
            _text(self.condition),
            _text(self.kind),
            tuple(g.inverted() for g in self.grades),
            _list(self.refs),
            _list(self.footnotes),
            _list(self.details),
        )


def _text(part: TextChange | None) -> TextChange | None:
    return part.inverted() if part is not None else None


def _list(part: ListChange | None) -> ListChange | None:
    return part.inverted() if part is not None else None


# Kinds of ItemChange, in the order reports list them.
ITEM_KINDS = (
    "field",
    "condition",
    "footnote",
    "note",
    "table",
    "quote",
    "glossary",
    "wording",
    "group",
    "work",
    "reference",
)


@dataclass(frozen=True, slots=True)
class ItemChange:
    """A change to anything but a recommendation: ``kind`` (one of ITEM_KINDS)
    of ``key`` in ``where`` went from ``old`` to ``new`` (None: absent there).

    - field: a title, subtitle or other value of the guideline, a chapter or a section
      (where "guideline", "chapter <id>" or "section <id>"; key the field's name)
    - condition: a section's condition label (where the section id)
    - footnote: a section's footnote (where the section id, key its marker)
    - note: a note of a section or table (key "", old or new the note)
    - table: a table's title, columns, a row or a cell (where the table id;
      key "title", "columns", "row <first cell>" or "<first cell> / <column>"; a row is
      named "(n)", its number, when first cells repeat)
    - quote: a quoted statement's text, source or grading (where the quote id)
    - glossary, wording: an entry of a chapter's glossary or wording (key the term)
    - group: a work cited in a reference list (where the section or chapter,
      key the list's statement or title; old or new the BibTeX key)
    - work: a BibTeX entry added or removed (where its key; old or new its title)
    - reference: a BibTeX field of an entry on both sides (where the key, key the field)
    """

    kind: str
    where: str
    key: str
    old: str | None
    new: str | None

    @property
    def status(self) -> Literal["added", "removed", "changed"]:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    def sort_key(self) -> tuple[int, str, str, str, str]:
        # The same for an item and its inverse: the two values in a fixed order.
        a, b = sorted((self.old or "", self.new or ""))
        return (ITEM_KINDS.index(self.kind), self.where, self.key, a, b)

    def inverted(self) -> ItemChange:
        return replace(self, old=self.new, new=self.old)


@dataclass(frozen=True, slots=True)
class RenameHint:
    """A removed and an added recommendation that look like one renamed without ``replaces``."""

    old_id: str
    new_id: str
    reason: Literal["same text", "same position"]

    def inverted(self) -> RenameHint:
        return RenameHint(self.new_id, self.old_id, self.reason)

    @property
    def message(self) -> str:
        return (
            f"possibly renamed: '{self.old_id}' removed and '{self.new_id}' added with the {self.reason}; "
            f"if it is one recommendation, declare `replaces: {self.old_id}` on '{self.new_id}'"
        )


@dataclass(frozen=True, slots=True)
class Changes:
    old_version: str
    new_version: str
    added: tuple[Snapshot, ...] = ()
    removed: tuple[Snapshot, ...] = ()
    changed: tuple[RecChange, ...] = ()
    items: tuple[ItemChange, ...] = ()
    hints: tuple[RenameHint, ...] = ()
    warnings: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # scheme id -> label, for reports

    @property
    def empty(self) -> bool:
        """No content changed (a new version string alone is no change)."""
        return not (self.added or self.removed or self.changed or self.items)

    def label(self, scheme: str) -> str:
        return dict(self.labels).get(scheme, scheme)

    def status(self, rec_id: str) -> Literal["new", "changed", "unchanged"]:
        """A recommendation of the new side: new, changed (see ``change``) or unchanged."""
        if any(s.id == rec_id for s in self.added):
            return "new"
        return "changed" if self.change(rec_id) is not None else "unchanged"

    def change(self, rec_id: str) -> RecChange | None:
        return next((c for c in self.changed if c.id == rec_id), None)

    def inverted(self) -> Changes:
        return canonical(
            Changes(
                self.new_version,
                self.old_version,
                added=self.removed,
                removed=self.added,
                changed=tuple(c.inverted() for c in self.changed),
                items=tuple(i.inverted() for i in self.items),
                hints=tuple(h.inverted() for h in self.hints),
                warnings=self.warnings,
                labels=self.labels,
            )
        )


def canonical(changes: Changes) -> Changes:
    """``changes`` with every collection in its fixed order: recommendations in
    the document order of the side they stand on (the new side for changed
    ones), items by kind, place and values, hints by id."""
    return replace(
        changes,
        added=tuple(sorted(changes.added, key=lambda s: (s.place.order, s.id))),
        removed=tuple(sorted(changes.removed, key=lambda s: (s.place.order, s.id))),
        changed=tuple(sorted(changes.changed, key=lambda c: (c.new_place.order, c.id))),
        items=tuple(sorted(changes.items, key=ItemChange.sort_key)),
        hints=tuple(sorted(changes.hints, key=lambda h: (h.old_id, h.new_id, h.reason))),
        warnings=tuple(sorted(set(changes.warnings))),
    )
