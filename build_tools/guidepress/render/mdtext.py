"""Model text inside generated Markdown.

Source texts are plain text with *emphasis*, ~sub~ and ^sup^ only (the
validator rejects HTML and link markup, GP301). Everything else a Markdown
engine could read as syntax is escaped here, so that a "#", "[", "_" or "<"
in a statement is printed, never interpreted. This is the first wall; the
MkDocs plugin sanitises the rendered HTML with nh3 as the second.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# Backslash escapes that Python-Markdown understands, plus HTML's three.
# "*", "~" and "^" stay: they carry the emphasis, sub- and superscript the
# source format allows.
_INLINE = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "{": "\\{",
        "}": "\\}",
        "#": "\\#",
        "|": "\\|",
        "!": "\\!",
        "(": "\\(",
        ")": "\\)",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
    }
)
# Block syntax only bites at the start of a line: list markers, a setext
# underline ("-"), an ordered-list number.
_LEADING = re.compile(r"^(?:[-+]|\*(?=\s|$)|\d+(?=[.)](?:\s|$)))")
_SPACE = re.compile(r"\s+")


# Python-Markdown has no backslash escape for "~" and "^" (pymdownx adds
# none); character references are never read as syntax.
_LITERAL = str.maketrans({"*": "&#42;", "~": "&#126;", "^": "&#94;"})


def md(text: str | None, literal: bool = False) -> Markup:
    """``text`` as a single line of Markdown that renders to exactly that text
    (apart from the allowed inline emphasis, sub- and superscript, which
    ``literal`` escapes too: footnote markers such as "*" are not emphasis)."""
    if not text:
        return Markup("")
    line = _SPACE.sub(" ", text).strip().translate(_INLINE)
    if literal:
        line = line.translate(_LITERAL)
    if m := _LEADING.match(line):
        line = _escape_lead(line, m.end())
    return Markup(line)


# The text between the tags of a fragment of HTML, and its character references, are
# escaped for Markdown the way ``md(literal=True)`` escapes text; "&", "<" and ">"
# are escaped already.
_TAG_OR_REFERENCE = re.compile(r"(<[^>]*>|&#?\w+;)")
_HTML_TEXT = {k: v for k, v in _INLINE.items() if chr(k) not in "&<>"} | _LITERAL


def md_html(html: str) -> Markup:
    """Sanitised HTML (a formatted reference) as a single line of Markdown
    that renders to that HTML: tags and character references are kept, the
    text between them is printed as it stands."""
    parts = _TAG_OR_REFERENCE.split(_SPACE.sub(" ", html).strip())
    line = "".join(part if i % 2 else part.translate(_HTML_TEXT) for i, part in enumerate(parts))
    if m := _LEADING.match(line):
        line = _escape_lead(line, m.end())
    return Markup(line)


def _escape_lead(line: str, end: int) -> str:
    lead = line[:end]
    if lead.isdigit():
        # "1." -> "1\." keeps the number and stops the ordered list.
        return lead + "\\" + line[end:]
    return "\\" + line


def abbreviation_lines(entries: list[tuple[str, str]]) -> str:
    """Python-Markdown ``abbr`` definitions, one per term.

    The expansion becomes an HTML attribute, which the Markdown serializer
    escapes itself; escaping it here as well would print "&amp;".
    """
    lines = []
    for term, expansion in entries:
        if "]" in term or not term.strip():
            continue
        lines.append(f"*[{_SPACE.sub(' ', term).strip()}]: {_SPACE.sub(' ', expansion).strip()}")
    return "\n".join(lines)
