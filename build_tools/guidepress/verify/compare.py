"""How a text of the model is compared with what an output shows.

Text is compared the way rendering changes it: whitespace collapsed (in PDF
removed, as line breaks fall anywhere), the inline markup markers ``*``,
``~`` and ``^`` dropped (they render as emphasis, sub- and superscript), and
a hyphen at the end of a PDF line may be one the line break added.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_MARKERS = re.compile("[*~^\u00ad]+")

#: Stands, in a PDF's text, for a hyphen that ends a line: the line break
#: may have added it, or the text may have it.
SOFT_HYPHEN = "\u00ad"


def norm(text: str) -> str:
    """Text as a reader sees it on the site: whitespace collapsed, inline markup markers dropped."""
    return _SPACE.sub(" ", _MARKERS.sub("", text)).strip()


def collapse(text: str) -> str:
    """Whitespace collapsed, nothing else changed (a grade code as a badge shows it)."""
    return _SPACE.sub(" ", text).strip()


def squash(text: str) -> str:
    """Text as compared in a PDF: no whitespace at all (lines break anywhere), no markup markers."""
    return _SPACE.sub("", _MARKERS.sub("", text))


def needle(*texts: str) -> re.Pattern[str] | None:
    """A pattern for ``texts`` in a squashed PDF stream (with an optional ":"
    between them, as "column: value"), where a line-final hyphen is marked
    soft: it may be one the line break added, or a real one. None when the
    texts are empty once squashed."""
    return _needle(texts)


@lru_cache(maxsize=1 << 14)  # the all-chapters card set looks for what each chapter's did
def _needle(texts: tuple[str, ...]) -> re.Pattern[str] | None:
    patterns = []
    for text in texts:
        chars = squash(text)
        if chars:
            patterns.append("\u00ad?".join("[-\u00ad]" if ch == "-" else re.escape(ch) for ch in chars))
    return re.compile(":?".join(patterns)) if patterns else None


class PdfText:
    """A squashed PDF stream (``SOFT_HYPHEN`` where a line ended in a hyphen),
    searched for texts as ``needle`` finds them: with plain string search
    where no soft hyphen can take part, the pattern where one can."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Each soft hyphen read one way: added by the line break, or the text's own.
        self._ways = (text.replace(SOFT_HYPHEN, ""), text.replace(SOFT_HYPHEN, "-"))

    def contains(self, *texts: str) -> bool:
        """``texts`` in a row (as ``needle`` has them) anywhere in the stream."""
        parts = [p for p in map(squash, texts) if p]
        if not parts:
            return True
        if any(joined in way for joined in {"".join(parts), ":".join(parts)} for way in self._ways):
            return True  # the common case, without a pattern
        pattern = needle(*texts)
        return pattern is not None and pattern.search(self.text) is not None

    def find(self, text: str, start: int = 0) -> tuple[int, int] | None:
        """Where ``text`` first is at or after ``start``: (begin, end), or None."""
        plain = squash(text)
        at = self.text.find(plain, start)
        # A match with a soft hyphen in it has one within len(plain) of its start:
        # with none up to there, the first plain match is the first match.
        if self.text.find(SOFT_HYPHEN, start, at + len(plain) if at >= 0 else len(self.text)) < 0:
            return (at, at + len(plain)) if at >= 0 else None
        pattern = needle(text)
        m = pattern.search(self.text, start) if pattern else None
        return (m.start(), m.end()) if m else None

    def match(self, text: str, at: int) -> int | None:
        """Where ``text`` ends if it begins at ``at``; None if it does not."""
        plain = squash(text)
        if self.text.find(SOFT_HYPHEN, at, at + len(plain)) < 0:
            return at + len(plain) if self.text.startswith(plain, at) else None
        pattern = needle(text)
        m = pattern.match(self.text, at) if pattern else None
        return m.end() if m else None
