"""GP221: guideline.yml's ``grade_format`` names every scheme of ``grading`` once, and nothing else;
a scheme's ``format`` names its code once, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..examples import guideline
from ..grade_format import CODE, FormatError, parse
from ..model import GradingScheme, Guideline

BAD_FORMAT = Code(
    "GP221",
    ERROR,
    "`grade_format` unreadable, or not naming every scheme of `grading` exactly once "
    "(a scheme's `format`: not naming `{code}` exactly once)",
    example=Example(
        "source/guideline.yml",
        guideline()
        + """\
grade_format: "[{loe}, {gr}, {agoo}]"
""",
    ),
    fix="write each scheme as `{scheme-id}`, once each; in a scheme's `format`, the code as `{code}`",
)

CODES = (BAD_FORMAT,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for scheme in g.schemes:
        yield from _scheme_format(scheme)
    if g.grade_format is None:
        return
    where = g.grade_format.pos
    try:
        named = parse(g.grade_format.template).scheme_ids
    except FormatError as problem:
        yield BAD_FORMAT.at(where, f"grade_format '{g.grade_format.template}' cannot be read: {problem}")
        return
    schemes = [s.id for s in g.schemes]
    for sid in sorted(set(named) - set(schemes)):
        yield BAD_FORMAT.at(
            where,
            f"grade_format names '{{{sid}}}', which is not a scheme of 'grading'; "
            f"use {', '.join('{' + s + '}' for s in schemes)}",
        )
    for sid in sorted({s for s in named if named.count(s) > 1}):
        yield BAD_FORMAT.at(where, f"grade_format names '{{{sid}}}' twice; name each scheme once")
    missing = [s for s in schemes if s not in named]
    if missing:
        yield BAD_FORMAT.at(
            where,
            f"grade_format leaves out {', '.join('{' + s + '}' for s in missing)}; "
            "every scheme of 'grading' is printed, so name each one",
        )


def _scheme_format(scheme: GradingScheme) -> Iterator[Diagnostic]:
    if scheme.format is None:
        return
    template, where = scheme.format.template, scheme.format.pos
    try:
        named = parse(template).scheme_ids
    except FormatError as problem:
        reason = str(problem).split(";")[0]  # its advice is for grade_format; the message gives this one's
    else:
        if named == (CODE,):
            return
        reason = f"it names {', '.join('{' + n + '}' for n in named)}"
    yield BAD_FORMAT.at(
        where,
        f"format '{template}' of grading scheme '{scheme.id}' cannot print its codes: {reason}; "
        f"write the code as {{{CODE}}}, once, e.g. 'Cat. {{{CODE}}}'",
    )
