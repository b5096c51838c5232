"""Diagnostics: what is wrong, where, and how bad; plus how they are printed.

Every problem guidepress finds carries a stable code (``GPnnn``), a severity
and a source position, so that editors and machines can act on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class SourcePos:
    """A place in a source file; ``line`` and ``col`` are 1-based."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


# Code -> (severity, kind, summary). ``kind`` "io" makes `check` exit 2.
CODES: dict[str, tuple[Severity, str, str]] = {
    "GP001": (Severity.ERROR, "io", "a required file or folder is missing"),
    "GP002": (Severity.ERROR, "io", "a file is not valid UTF-8"),
    "GP003": (Severity.ERROR, "io", "a file cannot be read"),
    "GP004": (Severity.ERROR, "io", "a symbolic link points outside the project"),
    "GP101": (Severity.ERROR, "content", "YAML syntax error"),
    "GP102": (Severity.ERROR, "content", "duplicate key in a mapping"),
    "GP103": (Severity.ERROR, "content", "unknown key"),
    "GP104": (Severity.ERROR, "content", "value of the wrong type"),
    "GP105": (Severity.ERROR, "content", "YAML anchor or alias"),
    "GP106": (Severity.ERROR, "content", "tab character used in indentation"),
    "GP107": (Severity.ERROR, "content", "required key missing"),
    "GP108": (Severity.ERROR, "content", "empty file"),
    "GP109": (Severity.ERROR, "content", "file too large or nested too deeply"),
    "GP110": (Severity.ERROR, "content", "invalid id"),
    "GP111": (Severity.ERROR, "content", "invalid value"),
    "GP201": (Severity.ERROR, "content", "unknown grade code"),
    "GP202": (Severity.ERROR, "content", "grade missing or for an unknown scheme"),
    "GP203": (Severity.ERROR, "content", "recommendation with neither grades nor graded children"),
    "GP204": (Severity.ERROR, "content", "grade stronger than its evidence allows"),
    "GP205": (Severity.ERROR, "content", "duplicate id"),
    "GP206": (Severity.ERROR, "content", "chapter or scheme listed twice"),
    "GP207": (Severity.ERROR, "content", "chapter or grading scheme file missing"),
    "GP208": (Severity.ERROR, "content", "id does not match its file name"),
    "GP209": (Severity.ERROR, "content", "table row has the wrong number of cells"),
    "GP210": (Severity.ERROR, "content", "see-also target is neither a chapter here nor external"),
    "GP211": (Severity.ERROR, "content", "footnote marker without footnote text"),
    "GP212": (Severity.ERROR, "content", "footnote text whose marker is never used"),
    "GP213": (Severity.WARNING, "content", "glossary term never used"),
    "GP214": (Severity.ERROR, "content", "grading rule names an unknown scheme or code"),
    "GP215": (Severity.ERROR, "content", "reference group names an unknown statement"),
    "GP301": (Severity.ERROR, "content", "raw HTML in text"),
    "GP401": (Severity.ERROR, "content", "BibTeX syntax error"),
    "GP402": (Severity.ERROR, "content", "duplicate BibTeX key"),
    "GP403": (Severity.ERROR, "content", "cited key missing from bib/"),
    "GP404": (Severity.ERROR, "content", "the same work entered under two keys"),
    "GP405": (Severity.WARNING, "content", "BibTeX entry cited nowhere"),
    "GP406": (Severity.ERROR, "content", "malformed DOI"),
    "GP407": (Severity.ERROR, "content", "malformed PMID"),
    "GP408": (Severity.ERROR, "content", "BibTeX entry without title"),
    "GP409": (Severity.WARNING, "content", "BibTeX text that cannot be converted to plain text"),
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    pos: SourcePos

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    @property
    def is_io(self) -> bool:
        return CODES[self.code][1] == "io"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.pos.file, self.pos.line, self.pos.col, self.code, self.message)

    def as_text(self) -> str:
        return f"{self.pos}: {self.severity.value} {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.pos.file,
            "line": self.pos.line,
            "col": self.pos.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def sorted_unique(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags), key=Diagnostic.sort_key)


def format_text(diags: list[Diagnostic]) -> str:
    lines = [d.as_text() for d in diags]
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = len(diags) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"


def format_json(diags: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diags)
    payload = {
        "diagnostics": [d.as_dict() for d in diags],
        "errors": errors,
        "warnings": len(diags) - errors,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def exit_code(diags: list[Diagnostic], strict: bool = False) -> int:
    """0 clean, 1 content errors (or warnings under --strict), 2 I/O errors."""
    if any(d.is_io for d in diags):
        return 2
    if any(d.severity is Severity.ERROR for d in diags):
        return 1
    if strict and diags:
        return 1
    return 0


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diags)
