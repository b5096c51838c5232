"""The bibliography's works in the model: a BibTeX entry as plain text, its names split into people.

(model.py re-exports them: loaders, checks and renderers import them from there.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import SourcePos

#: The position of a node made by no source line (defaults, tests).
NOWHERE = SourcePos("")


@dataclass(frozen=True, slots=True)
class Person:
    """One name of a BibTeX name list in BibTeX's parts, as printed ("da Silva CT Jr":
    particle "da", family "Silva", given "CT", suffix "Jr"). A corporate name,
    braced whole in BibTeX, is a ``literal`` only."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""


@dataclass(frozen=True, slots=True)
class NameList:
    """An author or editor list; ``et_al``: it ends in BibTeX's "and others",
    the source prints "et al." after the names listed."""

    people: tuple[Person, ...]
    et_al: bool = False


@dataclass(frozen=True, slots=True)
class Reference:
    """A BibTeX entry: its allow-listed fields as plain Unicode text (bibfields.py),
    its name lists split into people."""

    key: str
    entry_type: str
    fields: tuple[tuple[str, str], ...]
    names: tuple[tuple[str, NameList], ...] = ()
    pos: SourcePos = field(default=NOWHERE, compare=False)
    _by_name: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, str] = {}
        for k, v in self.fields:
            by_name.setdefault(k, v)  # the first of a repeated field, as in a scan
        object.__setattr__(self, "_by_name", by_name)

    def get(self, name: str) -> str | None:
        return self._by_name.get(name)

    @property
    def editorial_note(self) -> str | None:
        """Where the entry deviates from the printed source, and why (the
        BibTeX field ``editorial-note``); shown to readers with the work."""
        return self.get("editorial-note")

    def names_of(self, role: str) -> NameList | None:
        """The ``author`` or ``editor`` (or ``translator``) list, if the entry has one."""
        return next((names for r, names in self.names if r == role), None)
