"""LaTeX in BibTeX field text to Unicode, with pylatexenc 2.

Measured against bibtexparser's LatexDecodingMiddleware (which wraps the same
pylatexenc decoder) and chosen for three reasons: the middleware decodes every
value of every entry, while most values hold no LaTeX at all (36,817 values at
benchmark scale M, of which 4,000 have a page range's "--" and none other
markup); it decodes identifiers too, where "%" and "~" are no TeX (pylatexenc
reads the "%" of a URL's "%20" as a comment and drops the rest); and it does
not say what it could not convert (pylatexenc silently drops an unknown
command or a stray brace).

Figures (median, this machine): default bib (104 entries, 776 values) 98 ms
through the middleware, 160 ms through LatexNodes2Text on every value, 43 ms
on the 120 values with TeX-special characters; benchmark scale M (4,000
entries) 4,148 ms, 4,206 ms and 404 ms. pylatexenc parses a value in 0.1 to
0.3 ms, so the two forms most values take skip the parse: a value without
TeX-special characters is its own text, and one whose only TeX is protective
braces and dash ligatures ("Stage {IV}", "1868--1882", every word of a
Zotero title) gets what pylatexenc gives for it, the braces dropped and "--"
an en dash (tests/test_bib_import.py compares the two).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pylatexenc.latexwalker import LatexNode

# Characters (and ligatures) to which TeX gives a meaning in text.
_TEX = re.compile(r"[\\{}$~%`]|''|--")
_MARKUP = re.compile(r"[\\$~%`]|''")
# A "%" not escaped: in a field value it is a percent sign, not a TeX comment
# that would swallow the rest of the line ("50% of patients").
_BARE_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")

# Commands that only set the type (reference managers export them), which
# pylatexenc does not know: their text is kept, they are no problem to report.
_FONT_SWITCHES = (
    "bf",
    "it",
    "em",
    "sc",
    "rm",
    "sf",
    "tt",
    "sl",
    "bfseries",
    "itshape",
    "scshape",
    "upshape",
    "mdseries",
    "normalfont",
    "relax",
)
_FONT_COMMANDS = (
    "textup",
    "textmd",
    "textsf",
    "texttt",
    "textnormal",
    "mbox",
    "hbox",
    "textsuperscript",
    "textsubscript",
    "mkbibemph",
    "mkbibitalic",
    "mkbibbold",
    "mkbibquote",
    "enquote",
    "nocase",
    "NoCaseChange",
)


@dataclass(frozen=True)
class _Pylatexenc:
    """pylatexenc's parser and decoder with guidepress' commands added."""

    parse_db: Any  # pylatexenc's LatexContextDb (untyped)
    text_db: Any
    decoder: Any  # LatexNodes2Text


@cache
def _pylatexenc() -> _Pylatexenc:
    """Made on first use: most projects' BibTeX holds no LaTeX markup (the fast paths of
    ``to_unicode``), and building these tables (pylatexenc itself comes with bibtexparser) costs `check` 5 ms."""
    from pylatexenc import latex2text, latexwalker
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
    from pylatexenc.macrospec import MacroSpec

    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category("guidepress", prepend=True, macros=[MacroSpec(name, "{") for name in _FONT_COMMANDS])
    text_db = latex2text.get_default_latex_context_db()
    text_db.add_context_category(
        "guidepress",
        prepend=True,
        macros=[
            # \url{...} prints its address, as bibtexparser's own decoder does (not "<...>").
            MacroTextSpec("url", simplify_repl="%s"),
            *(MacroTextSpec(name, simplify_repl="%s") for name in _FONT_COMMANDS),
            *(MacroTextSpec(name, simplify_repl="") for name in _FONT_SWITCHES),
        ],
    )
    return _Pylatexenc(parse_db, text_db, LatexNodes2Text(latex_context=text_db, math_mode="text"))


def _balanced(value: str) -> bool:
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _macros(nodes: list[LatexNode] | None) -> Iterator[str]:
    """Every command name used in ``nodes``, arguments and groups included."""
    from pylatexenc.latexwalker import LatexGroupNode, LatexMacroNode, LatexMathNode

    for node in nodes or ():
        if isinstance(node, LatexMacroNode):
            yield node.macroname
            if node.nodeargd is not None:
                yield from _macros([a for a in node.nodeargd.argnlist if a is not None])
        elif isinstance(node, (LatexGroupNode, LatexMathNode)):
            yield from _macros(node.nodelist)


def _parse(text: str) -> tuple[list[LatexNode], str | None]:
    """The nodes of ``text``, and what is unbalanced in it (None when nothing is)."""
    from pylatexenc.latexwalker import LatexWalker, LatexWalkerError

    db = _pylatexenc().parse_db
    try:
        return LatexWalker(text, latex_context=db, tolerant_parsing=False).get_latex_nodes()[0], None
    except LatexWalkerError as exc:
        reason = str(exc).splitlines()[0].split(" @(")[0]
        return LatexWalker(text, latex_context=db, tolerant_parsing=True).get_latex_nodes()[0], reason


def to_unicode(value: str) -> tuple[str, list[str]]:
    """BibTeX field text to plain Unicode text, and what could not be converted.

    Protective braces go, accents and escapes become their characters, math
    becomes text (``$\\beta$`` is "β"), "--" is an en dash. Whatever pylatexenc
    cannot read (an unknown command, an unbalanced brace or ``$``, a lone
    backslash) is named in the problems and left out of the text, never
    printed raw.
    """
    if not _TEX.search(value):
        return " ".join(value.split()), []
    if not _MARKUP.search(value) and _balanced(value):
        text = value.replace("{", "").replace("}", "").replace("---", "—").replace("--", "–")
        return " ".join(text.split()), []
    text = _BARE_PERCENT.sub(r"\1\\%", value)
    problems = []
    nodes, unbalanced = _parse(text)
    if unbalanced:
        problems.append(
            f"unbalanced LaTeX ({unbalanced[0].lower() + unbalanced[1:]}), published without the "
            "stray brace or $; balance the braces and $ signs, or write the text as plain Unicode"
        )
    tools = _pylatexenc()
    unknown = sorted({name for name in _macros(nodes) if tools.text_db.get_macro_spec(name) is None})
    if unknown:
        problems.append(
            "unknown LaTeX command "
            + ", ".join(f"\\{name}" for name in unknown)
            + ", published without it; write what it stands for as plain Unicode"
        )
    if re.search(r"(?<!\\)(?:\\\\)*\\$", text):
        problems.append("a lone backslash at the end, published without it; remove it")
    return " ".join(tools.decoder.nodelist_to_text(nodes).split()), problems
