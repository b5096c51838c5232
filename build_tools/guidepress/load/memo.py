"""Loading results kept between runs in one process (the live preview).

``guidepress serve`` reloads the project on every save. Parsing a file is a
pure function of its text, so a file whose text is unchanged gives back the
model objects and diagnostics it gave last time, without being parsed
again: an edit to one chapter reparses that chapter, not the other 29 nor
bib/. The text is still read and compared in full (a string comparison,
about a millisecond per megabyte), so no change can be missed the way a
modification time can miss one.

Reused objects are the *same* objects, which lets later stages (the page
cache in render/pages.py) recognise unchanged inputs by identity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..diagnostics import Diagnostic
from .files import display_path, read_text

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    text: str
    value: T
    diags: tuple[Diagnostic, ...]


class FileMemo:
    """Per file: the text last parsed, what parsing it gave, the problems it reported."""

    def __init__(self) -> None:
        # Any: each kind's parse gives its own type; load() hands it back to the same caller
        self._entries: dict[tuple[str, str], _Entry[Any]] = {}
        self.hits = 0
        self.misses = 0

    def load(
        self, kind: str, shown: str, text: str, parse: Callable[[str], tuple[T, list[Diagnostic]]]
    ) -> tuple[T, list[Diagnostic]]:
        """``parse(text)``, or its earlier result for the same ``kind``, path and text
        (with the problems it reported then, so the report is the same)."""
        key = (kind, shown)
        entry = self._entries.get(key)
        if entry is not None and entry.text == text:
            self.hits += 1
            return entry.value, list(entry.diags)
        self.misses += 1
        value, diags = parse(text)
        self._entries[key] = _Entry(text, value, tuple(diags))
        return value, diags


def load_file(
    memo: FileMemo | None, kind: str, path: Path, root: Path, parse: Callable[[str], tuple[T, list[Diagnostic]]]
) -> tuple[T | None, list[Diagnostic]]:
    """Read ``path`` and ``parse`` its text (through ``memo`` when there is one);
    None, and why, when the file cannot be read."""
    text = read_text(path, root)
    if isinstance(text, Diagnostic):
        return None, [text]
    if memo is None:
        return parse(text)
    return memo.load(kind, display_path(path, root), text, parse)
