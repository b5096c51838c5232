"""The benchmark's scales (chapters, statements, works) and the counts of what was generated."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scale:
    name: str
    chapters: int
    recommendations: int
    references: int


SCALES = {
    "S": Scale("S", 1, 80, 250),
    "M": Scale("M", 30, 1_500, 4_000),
    "L": Scale("L", 200, 10_000, 20_000),
}


@dataclass
class Counts:
    """What was generated; the smoke test compares these with the model."""

    chapters: int = 0
    sections: int = 0
    recommendations: int = 0  # every statement, children included
    references: int = 0  # BibTeX entries
    citations: int = 0  # keys in reference groups (a key may recur)
    tables: int = 0
    footnotes: int = 0
    yaml_bytes: int = 0
    bib_bytes: int = 0
    files: list[str] = field(default_factory=list)
