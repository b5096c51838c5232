"""Messages that more than one place of the loaders gives, built in one place.

The fast and the careful YAML path (load/yamlevents.py, load/yamltree.py)
must report the same problem in the same words (tests/test_yaml_fastpath.py
compares them); the format checks (load/schema.py) repeat some of theirs.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, SourcePos
from .codes import ANCHOR_ALIAS, DUPLICATE_KEY, EMPTY_FILE, TOO_LARGE, WRONG_TYPE, YAML_SYNTAX


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


def wrong_kind(where: str, wanted: str, found: str, pos: SourcePos) -> Diagnostic:
    return WRONG_TYPE.at(pos, f"{where} must be {wanted}, found {found}")


def empty_value(where: str, wanted: str, pos: SourcePos) -> Diagnostic:
    return WRONG_TYPE.at(pos, f"{where} is empty; give {wanted} or remove the key")
