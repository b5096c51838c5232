"""BibTeX value expressions: braces or quotes, @string macros and ``#``.

bibtexparser 2's ResolveStringReferencesMiddleware replaces a value only when
the whole value is one macro name; ``journal = lnc # onc`` or
``month = jul # "-" # aug`` would be published as that text. Here a raw value
(as bibtexparser's splitter leaves it) is read as BibTeX reads it: pieces
joined by ``#``, each a braced or quoted string, a number or a macro name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# BibTeX's predefined month macros (plain.bst and every standard style).
MONTH_MACROS: dict[str, str] = {
    m[:3].lower(): m
    for m in (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
}

_NAME = re.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")


def _pieces(raw: str) -> list[str] | None:
    """``raw`` cut at each ``#`` outside braces and quotes; None when a brace or quote is left open."""
    pieces, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i].strip())
            start = i + 1
    if depth or quoted:
        return None
    pieces.append(raw[start:].strip())
    return pieces


def _piece(piece: str, macros: Mapping[str, str]) -> tuple[str, str | None]:
    if not piece:
        return "", "a '#' with nothing on one side; remove it"
    if len(piece) >= 2 and (piece[0], piece[-1]) in (("{", "}"), ('"', '"')):
        return piece[1:-1], None
    if piece.isdigit():
        return piece, None
    if _NAME.fullmatch(piece):
        text = macros.get(piece.lower())
        if text is None:
            return "", (
                f"unknown @string macro '{piece}', left out; define it with @string{{{piece} = {{...}}}} "
                "or write the text in braces"
            )
        return text, None
    return "", f"'{piece}' is no BibTeX value and is left out; write the text in braces"


def resolve(raw: str, macros: Mapping[str, str]) -> tuple[str, list[str]]:
    """A raw BibTeX value to its text (LaTeX still in it), and what could not be read.

    ``macros`` maps lower-case macro names to their text (month macros and
    the file's @string definitions). What cannot be read is left out.
    """
    if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:  # the common case: one braced string
        return raw[1:-1], []
    raw = raw.strip()
    if "#" not in raw:  # one piece: no scan needed
        text, problem = _piece(raw, macros)
        return text, [problem] if problem else []
    pieces = _pieces(raw)
    if pieces is None:
        return "", [f"'{raw}' is no BibTeX value (a brace or quote is not closed) and is left out; close it"]
    texts, problems = [], []
    for piece in pieces:
        text, problem = _piece(piece, macros)
        texts.append(text)
        if problem:
            problems.append(problem)
    return "".join(texts), problems


def string_macros(definitions: list[tuple[str, str]]) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """The month macros plus ``definitions`` ((name, raw value) in file order),
    each resolved with the macros defined before it (a later one wins, as in
    BibTeX); and each definition's problems."""
    macros = dict(MONTH_MACROS)
    problems = []
    for name, raw in definitions:
        text, found = resolve(raw, macros)
        macros[name.lower()] = text
        if found:
            problems.append((name, found))
    return macros, problems
