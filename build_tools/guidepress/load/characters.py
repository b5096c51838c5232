"""Invisible characters in source text: each an error at its own line and column (GP113).

Format characters (Unicode category Cf) print nothing, yet they change what
a reader sees or what a search finds: a right-to-left override (U+202E)
shows "A" where the source says something else ("Trojan Source"), a
right-to-left mark next to "<" displays it mirrored as ">", a zero-width
space inside "HER2" makes the word unfindable, tag characters carry hidden
ASCII. None of them has a place in a statement, an id or a grade, so all
are refused, except those with a legitimate use in a guideline's text:

- U+00AD SOFT HYPHEN: a hyphenation point in a long word, shown as "-" when
  the line breaks there (pocket cards have narrow columns);
- U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER between two
  non-ASCII characters: they join emoji sequences and are part of the
  spelling of Persian, Indic and other scripts. Between ASCII characters
  they have no such use and only hide inside a word, so there they are refused;
- the prepended concatenation marks (U+0600-0605, U+06DD, U+070F,
  U+0890-0891, U+08E2, U+110BD, U+110CD): visible signs of Arabic, Syriac
  and Kaithi numbers, not invisible ones.

All bidirectional controls are refused, the marks (U+200E, U+200F, U+061C)
as well as the embeddings, overrides and isolates (U+202A-202E,
U+2066-2069): each can reorder or mirror what is printed next to it. In a
.bib file control characters (a NUL byte) are refused too; in YAML libyaml
refuses them as written (GP101), and a double-quoted YAML value can still
spell any of them as an escape ("\\u202e", "\\0"): such a value is reported
at its own position.
"""

from __future__ import annotations

import re
import unicodedata

from ..diagnostics import Diagnostic, SourcePos
from .codes import INVISIBLE

#: Every format character (Cf) of Unicode 15.1 but the allowed ones below.
REFUSED_FORMAT = (
    "\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
#: The format characters allowed anywhere (see the module's text for why).
ALLOWED_FORMAT = "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
#: Allowed only between two non-ASCII characters.
JOINERS = "\u200c\u200d"
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_IN_YAML = re.compile(f"[{REFUSED_FORMAT}]")
_IN_BIB = re.compile(f"[{REFUSED_FORMAT}{_CONTROLS}]")
# A YAML escape that can stand for an invisible or control character.
YAML_ESCAPE = re.compile(r"\\[0abtvfreNxuU]")
#: Past this many in one file, one more diagnostic counts the rest.
MAX_REPORTED = 20


def invisible_characters(text: str, file: str, *, controls: bool = False) -> list[Diagnostic]:
    """An error at each refused invisible character of ``text`` (control characters too, with ``controls``)."""
    found = [m.start() for m in (_IN_BIB if controls else _IN_YAML).finditer(text) if not _joining(text, m.start())]
    diags = [INVISIBLE.at(_pos(text, file, at), _message(text[at])) for at in found[:MAX_REPORTED]]
    if len(found) > MAX_REPORTED:
        diags.append(
            INVISIBLE.at(
                _pos(text, file, found[MAX_REPORTED]),
                f"{len(found) - MAX_REPORTED} more invisible characters from here on; remove them all",
            )
        )
    return diags


def _joining(text: str, at: int) -> bool:
    """A joiner between two non-ASCII, non-space characters: part of an emoji or a script's spelling."""
    if text[at] not in JOINERS or at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    return not (before.isascii() or after.isascii() or before.isspace() or after.isspace())


def _pos(text: str, file: str, at: int) -> SourcePos:
    line_start = text.rfind("\n", 0, at) + 1
    return SourcePos(file, text.count("\n", 0, at) + 1, at - line_start + 1)


def _message(char: str, remove: str = "remove it") -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    named = f"{code} {name}" if name else code
    if unicodedata.category(char) == "Cc":
        return f"control character {named}: source text holds printable characters only; {remove}"
    if char in _BIDI:
        return (
            f"invisible bidirectional control {named}: it changes the order or direction in which the "
            f"text around it is shown, so readers may see something other than the source says; {remove}"
        )
    return f"invisible character {named}: it prints nothing but changes what a search finds or hides text; {remove}"


def escaped_invisible(value: str, pos: SourcePos) -> Diagnostic | None:
    """An error for a YAML value holding a refused character that its file spells as an escape."""
    at = next((m.start() for m in _IN_BIB.finditer(value) if not _joining(value, m.start())), None)
    if at is None:
        return None
    return INVISIBLE.at(pos, _message(value[at], "remove the escape sequence that stands for it in this value"))
