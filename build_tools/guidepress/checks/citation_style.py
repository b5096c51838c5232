"""GP226: guideline.yml's ``citation_style`` names a CSL style that citeproc-py can format references with."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Code, Diagnostic, Example
from ..examples import guideline
from ..load.citestyle import is_path
from ..model import Guideline

BAD_STYLE = Code(
    "GP226",
    ERROR,
    "`citation_style` unknown, unreadable or not a CSL style citeproc-py can use",
    example=Example(
        "source/guideline.yml",
        guideline()
        + """\
citation_style: vancouver
""",
    ),
    fix="name a shipped style (`guidepress-vancouver`, `nlm-citation-sequence`) or a `.csl` file of the project, "
    "e.g. `styles/apa.csl` copied from https://github.com/citation-style-language/styles",
)

CODES = (BAD_STYLE,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    style = g.citation_style
    if style is None:
        return
    if style.text is None:
        yield BAD_STYLE.at(style.pos, style.problem or f"citation_style '{style.name}' cannot be read")
        return
    if not is_path(style.name):
        return  # shipped with guidepress, and tested there (tests/test_citation_style.py)
    # Here, not at the top: citeproc-py and lxml take some 50 ms to import, which a
    # project using a shipped style does not spend on `guidepress check`.
    from ..render.cslstyle import StyleError, parsed_style

    try:
        parsed_style(style.text)
    except StyleError as problem:
        yield BAD_STYLE.at(
            style.pos,
            f"citation_style '{style.name}' {problem}; use a style file from "
            "https://github.com/citation-style-language/styles",
        )
