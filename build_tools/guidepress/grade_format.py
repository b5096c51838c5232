"""A guideline's display format for grades (guideline.yml ``grade_format``).

``"[{esmo-loe}, {esmo-gor}]"`` prints a statement graded I and A as
``[I, A]``. Each ``{scheme-id}`` is replaced by the statement's code of that
scheme; the text between two placeholders belongs to the one after it, so a
scheme a statement does not carry drops out together with the text that
leads to it (``"[{a}, {b}; {c}]"`` prints ``[I, A]`` when ``c`` is absent).

A scheme's own ``format`` (its file's ``format: "Cat. {code}"``) is how
each of its codes prints, alone or inside the guideline's format: code 2A
prints ``Cat. 2A``. Pages, cards and the export all print grades through
this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .model import GradingScheme, Guideline, Recommendation

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
#: The one placeholder of a scheme's ``format``.
CODE = "code"


@dataclass(frozen=True, slots=True)
class Layout:
    """A parsed format: ``prefix``, then each scheme with the text leading to it, then ``suffix``."""

    prefix: str
    fields: tuple[tuple[str, str], ...]  # (text before, scheme id); the first's text is in ``prefix``
    suffix: str

    @property
    def scheme_ids(self) -> tuple[str, ...]:
        return tuple(sid for _, sid in self.fields)


class FormatError(ValueError):
    """The template is not a format; the message says what to change."""


@lru_cache(maxsize=16)
def parse(template: str) -> Layout:
    pieces: list[str] = []
    ids: list[str] = []
    at = 0
    for m in _PLACEHOLDER.finditer(template):
        pieces.append(template[at : m.start()])
        ids.append(m.group(1).strip())
        at = m.end()
    pieces.append(template[at:])
    if any("{" in p or "}" in p for p in pieces):
        raise FormatError("a '{' or '}' that does not enclose a scheme id; write each scheme as {scheme-id}")
    if not ids:
        raise FormatError("it names no scheme; write each scheme as {scheme-id}, e.g. '[{loe}, {gr}]'")
    if "" in ids:
        raise FormatError("'{}' names no scheme; write the scheme id between the braces")
    return Layout(pieces[0], tuple(zip(["", *pieces[1:-1]], ids, strict=True)), pieces[-1])


def pieces(layout: Layout, value: Callable[[str], str | None]) -> list[str | tuple[str, str]]:
    """The printed format as literal text and (scheme id, value) pairs, for
    the schemes ``value`` gives a value; empty when it gives none."""
    out: list[str | tuple[str, str]] = []
    for lead, sid in layout.fields:
        got = value(sid)
        if got is None:
            continue
        text = lead if out else layout.prefix
        if text:
            out.append(text)
        out.append((sid, got))
    if out and layout.suffix:
        out.append(layout.suffix)
    return out


def text(parts: list[str | tuple[str, str]]) -> str:
    return "".join(p if isinstance(p, str) else p[1] for p in parts)


def shown(scheme: GradingScheme | None, code: str) -> str:
    """``code`` as ``scheme`` prints it: in the scheme's ``format``, if it has one."""
    if scheme is None or scheme.format is None:
        return code
    layout = parse(scheme.format.template)
    return layout.prefix + code + layout.suffix


def grade_pieces(g: Guideline, rec: Recommendation) -> list[str | tuple[str, str]]:
    """``rec``'s grades as the guideline prints them (empty without a format)."""
    if g.grade_format is None or not rec.grades:
        return []
    return pieces(parse(g.grade_format.template), rec.grade_map.get)


def display(g: Guideline, rec: Recommendation) -> str | None:
    """``rec``'s grades as one string, e.g. ``[I, A]``; None without a format or grades."""
    return (
        text([p if isinstance(p, str) else (p[0], shown(g.scheme(p[0]), p[1])) for p in grade_pieces(g, rec)]) or None
    )


def header(g: Guideline) -> str | None:
    """The format with every scheme's label in place of its code: a column heading."""
    if g.grade_format is None:
        return None
    labels = {s.id: s.label for s in g.schemes}
    return text(pieces(parse(g.grade_format.template), labels.get))
