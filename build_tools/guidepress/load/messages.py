"""Messages that more than one place of the loaders gives, built in one place.

The fast and the careful YAML path (load/yamlevents.py, load/yamltree.py)
must report the same problem in the same words (tests/test_yaml_fastpath.py
compares them); the format checks (load/schema.py) repeat some of theirs.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..diagnostics import Diagnostic, SourcePos
from .codes import (
    ANCHOR_ALIAS,
    DUPLICATE_KEY,
    EMPTY_FILE,
    TOO_LARGE,
    WRONG_TYPE,
    YAML_SYNTAX,
)


def duplicate_key(key: str, first: SourcePos, pos: SourcePos) -> Diagnostic:
    return DUPLICATE_KEY.at(pos, f"duplicate key '{key}' (first defined at line {first.line}); remove one of them")


def key_not_text(pos: SourcePos) -> Diagnostic:
    return WRONG_TYPE.at(pos, "a mapping key must be plain text")


def merge_key(pos: SourcePos) -> Diagnostic:
    return ANCHOR_ALIAS.at(pos, "merge key '<<' is not allowed; write the keys out")


def empty_file(file: str) -> Diagnostic:
    return EMPTY_FILE.at(SourcePos(file, 1, 1), "the file is empty; it must hold a YAML mapping")


def second_document(pos: SourcePos) -> Diagnostic:
    return YAML_SYNTAX.at(pos, "more than one YAML document ('---'); keep one per file")


def too_deep(max_depth: int, pos: SourcePos) -> Diagnostic:
    return TOO_LARGE.at(pos, f"nesting deeper than {max_depth} levels")


def wrong_kind(where: str, wanted: str, found: str, pos: SourcePos, hint: str = "") -> Diagnostic:
    return WRONG_TYPE.at(pos, f"{where} must be {wanted}, found {found}{hint}")


# The grades YAML misreads: "ago: -" (a lone "-" after a key opens a list,
# which block style does not allow there) and "ago:" with "- -" under it (a
# list holding "-"). "+", "++", "--" and "+/-" read as text, quoted or not.
_KEY_AND_DASH = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"{}\[\],][^:#]*?)\s*:\s+-\s*(?:#.*)?$")
_SIGNS = re.compile(r"^[-+/]+$")


def bare_dash_hint(exc: Any, text: str) -> str:
    """What to type when YAML stopped at ``key: -``; "" for any other syntax error."""
    mark = getattr(exc, "problem_mark", None)
    if (
        not isinstance(exc, yaml.MarkedYAMLError)
        or mark is None
        or exc.problem != "block sequence entries are not allowed in this context"
    ):
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    m = _KEY_AND_DASH.match(line)
    if not m:
        return ""
    what = "grade" if _under_grades(lines, mark.line) else "value"
    return f'; YAML reads a lone "-" as the start of a list: quote the {what}: {m.group(1)}: "-"'


def _under_grades(lines: list[str], at: int) -> bool:
    """Whether line ``at`` is a key of a ``grades:`` mapping (the nearest line indented less)."""
    indent = len(lines[at]) - len(lines[at].lstrip())
    for line in reversed(lines[:at]):
        if line.strip() and not line.lstrip().startswith("#") and len(line) - len(line.lstrip()) < indent:
            return re.match(r"^\s*(?:-\s+)?grades\s*:\s*(?:#.*)?$", line) is not None
    return False


def sign_list_hint(node: Any, key: str) -> str:
    """What to type when signs that YAML read as a list stand where text belongs
    ("- -" under ``ago:`` is a list holding an empty list); "" otherwise."""
    typed = ""
    while (items := getattr(node, "items", None)) is not None:
        if len(items) != 1:
            return ""
        typed, node = typed + "-", items[0]
    value = getattr(node, "value", None)
    if not typed or not isinstance(value, str) or not _SIGNS.match(typed + value):
        return ""
    return f'; YAML reads "{" ".join(typed + value)}" as a list: quote the grade: {key}: "{typed + value}"'


def empty_value(where: str, wanted: str, pos: SourcePos) -> Diagnostic:
    return WRONG_TYPE.at(pos, f"{where} is empty; give {wanted} or remove the key")
