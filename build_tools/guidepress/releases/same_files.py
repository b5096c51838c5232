"""BibTeX files that are the same on both sides of a comparison are not parsed.

Parsing bib/ is most of the cost of loading a project, and a release
changes a few of its files. A .bib file whose text is the same in both
releases cannot hold a change, so both sides read it as empty: its entries
are absent from both, which the comparison cannot tell from their being
present and equal. (YAML files the same on both sides are parsed once and
shared through the memo instead: the model needs them, for every
recommendation's place.)

One exception keeps that exact: a key that a file the same on both sides
shares with a file that differs (or stands on one side only) may decide
which entry of a duplicated key wins (load/bibtex.py, merge_bib), so such a
file is parsed as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..diagnostics import Diagnostic
from ..load.bibtex import bib_files
from ..load.memo import FileMemo

T = TypeVar("T")

BIB_KIND = "bib"  # the memo's kind for .bib files (load/bibtex.py)
# Every entry's key; @string, @preamble and @comment blocks match too, harmlessly (their "keys" only make
# the exception above apply more often).
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")


class SkippingMemo(FileMemo):
    """A FileMemo that reads the .bib files named in ``same`` as empty."""

    def __init__(self, same: frozenset[str]) -> None:
        super().__init__()
        self.same = same

    def load(
        self, kind: str, shown: str, text: str, parse: Callable[[str], tuple[T, list[Diagnostic]]]
    ) -> tuple[T, list[Diagnostic]]:
        if kind == BIB_KIND and shown in self.same:
            text = ""  # the parser's own empty result: no entries, no problems
        return super().load(kind, shown, text, parse)


def same_bib_files(old: Path, new: Path) -> frozenset[str]:
    """The .bib files (as ``bib/name.bib``) that both project folders hold with the same text,
    and that share no key with a .bib file that differs."""
    a, b = _texts(old), _texts(new)
    same = {name for name in a.keys() & b.keys() if a[name] == b[name]}
    differing = {key for texts in (a, b) for name, text in texts.items() if name not in same for key in _keys(text)}
    return frozenset(name for name in same if differing.isdisjoint(_keys(a[name])))


def _texts(root: Path) -> dict[str, bytes]:
    out = {}
    for path in bib_files(root / "bib"):
        try:
            out[f"bib/{path.name}"] = path.read_bytes()
        except OSError:
            continue  # the loader reports it, as it would without this
    return out


def _keys(text: bytes) -> set[str]:
    return set(_KEY.findall(text.decode("utf-8", "replace")))
