"""GP214: a grading scheme's rules must name a scheme and codes that exist."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..model import Guideline

BAD_RULE = Code(
    "GP214",
    ERROR,
    "grading rule names an unknown scheme or code (or a code listed twice)",
    example=Example(
        "source/grading/ago.yml",
        """\
id: ago
label: AGO
name: AGO grade of recommendation
codes:
  - {code: "++", meaning: Highly recommended}
  - {code: "+", meaning: Recommended}
rules:
  - {code: "+++", scheme: loe, at_least: 1a}
""",
    ),
    fix="correct the scheme file",
)

CODES = (BAD_RULE,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    for scheme in g.schemes:
        seen: set[str] = set()
        for code in scheme.codes:
            if code.code in seen:
                yield BAD_RULE.at(code.pos, f"code '{code.code}' is listed twice in scheme '{scheme.id}'")
            seen.add(code.code)
        for rule in scheme.rules:
            if scheme.rank(rule.code) is None:
                yield BAD_RULE.at(rule.pos, f"rule for unknown code '{rule.code}' of scheme '{scheme.id}'")
            other = g.scheme(rule.scheme)
            if other is None:
                yield BAD_RULE.at(
                    rule.pos, f"rule checks against scheme '{rule.scheme}', which is not in guideline.yml 'grading'"
                )
            elif other.rank(rule.at_least) is None:
                yield BAD_RULE.at(
                    rule.pos, f"rule names code '{rule.at_least}', which scheme '{other.id}' does not define"
                )
