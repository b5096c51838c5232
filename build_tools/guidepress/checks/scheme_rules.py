"""GP214: a grading scheme's rules must name a scheme and codes that exist."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import Guideline

CODES = ("GP214",)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for scheme in g.schemes:
        seen: set[str] = set()
        for code in scheme.codes:
            if code.code in seen:
                yield Diagnostic("GP214", f"code '{code.code}' is listed twice in scheme '{scheme.id}'", code.pos)
            seen.add(code.code)
        for rule in scheme.rules:
            if scheme.rank(rule.code) is None:
                yield Diagnostic("GP214", f"rule for unknown code '{rule.code}' of scheme '{scheme.id}'", rule.pos)
            other = g.scheme(rule.scheme)
            if other is None:
                yield Diagnostic("GP214", f"rule checks against scheme '{rule.scheme}', which is not in "
                                 "guideline.yml 'grading'", rule.pos)
            elif other.rank(rule.at_least) is None:
                yield Diagnostic("GP214", f"rule names code '{rule.at_least}', which scheme '{other.id}' "
                                 "does not define", rule.pos)
