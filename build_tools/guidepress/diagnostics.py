"""Diagnostics: what is wrong, where, and how bad; plus how they are printed.

Every problem guidepress finds carries a stable code (``GPnnn``), a severity
and a source position, so that editors and machines can act on it. Each code
is declared (``Code``) by the module that raises it: a rule module of
checks/, or load/codes.py for the loaders; ``CODES`` is assembled from those
declarations, and docs/diagnostics.md is generated from them
(``python -m guidepress.diagnostics_doc``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class SourcePos:
    """A place in a source file; ``line`` and ``col`` are 1-based."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Example:
    """A small project's files that get a code (docs/diagnostics.md prints it).

    ``text`` is the whole of the file at ``path`` (None: the file is
    missing), written in ``encoding``; ``also`` are further files the example
    needs, whole. Every other file is the example project's own
    (tests/diagnostic_examples/), and tests/test_diagnostics.py checks that
    the example gets its code. ``path`` None makes ``text`` a terminal
    transcript, shown only: a link, a folder or a size that no file's text
    can show.
    """

    path: str | None
    text: str | None
    also: tuple[tuple[str, str], ...] = ()
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Code:
    """One diagnostic code as the module that raises it declares it.

    ``summary`` names the problem and ``fix`` says what to change (both
    printed in docs/diagnostics.md); ``kind`` "io" (the source cannot be read
    at all) makes `check` exit 2.
    """

    code: str
    severity: Severity
    summary: str
    example: Example
    fix: str
    kind: str = "content"

    def at(self, pos: SourcePos, message: str) -> Diagnostic:
        return Diagnostic(self.code, message, pos)


class DeclarationError(Exception):
    """A code declared twice, or a diagnostic whose code nobody declares."""


def assemble(declarations: Iterable[tuple[str, Iterable[Code]]]) -> dict[str, Code]:
    """One table, by code, from each declaring module's (name, codes)."""
    table: dict[str, Code] = {}
    owner: dict[str, str] = {}
    for module, codes in declarations:
        for code in codes:
            if code.code in table:
                raise DeclarationError(f"{code.code} is declared twice: in {owner[code.code]} and in {module}")
            table[code.code], owner[code.code] = code, module
    return dict(sorted(table.items()))


@cache
def _table() -> dict[str, Code]:
    # checks/ knows every declaring module and assembles the table when it is
    # imported (so a code declared twice fails at import); imported here, not
    # at the top, because the declaring modules import this one.
    from .checks import DECLARED

    return DECLARED


def declared(code: str) -> Code:
    try:
        return _table()[code]
    except KeyError:
        raise DeclarationError(
            f"{code} is raised but declared nowhere; add it to the CODES of the module that raises it"
        ) from None


def __getattr__(name: str) -> Any:
    """``CODES``: every declared code, by code, read-only."""
    if name == "CODES":
        return MappingProxyType(_table())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    pos: SourcePos

    @property
    def severity(self) -> Severity:
        return declared(self.code).severity

    @property
    def is_io(self) -> bool:
        return declared(self.code).kind == "io"

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


def exit_code(diags: list[Diagnostic], strict: bool = False, configuration: Iterable[Diagnostic] = ()) -> int:
    """0 clean, 1 content errors (or warnings under --strict), 2 I/O errors or an error in the
    ``configuration`` (the problems found in mkdocs.yml: the run has no settings to work with)."""
    if any(d.is_io for d in diags) or has_errors(configuration):
        return 2
    if any(d.severity is Severity.ERROR for d in diags):
        return 1
    if strict and diags:
        return 1
    return 0


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diags)
