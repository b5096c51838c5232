"""The pocket cards' reader: what one card set (PDF) lacks of the model.

Reads the words of the set (``card_pages``) and the layout found on its
pages (``cardlayout``). Statements wrap in the statement column while the
grades sit in grade columns beside them, so each statement is found by its
text in the statement column, in model order, and its grades are read off
its row: the grade columns' words from its first line to the end of its
row. The columns are the schemes', or with a ``grade_format`` the one
column of printed grades ("[I, A]"), where each grade of a statement is
found when the column shows the statement's grades as the format prints
them. An ungraded kind's label spans the grade columns. Everything else is
found anywhere in the cards' text, in any case (titles print in capitals).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ..grade_format import display, header
from ..model import Chapter, Guideline, Recommendation
from .cardlayout import Line, read_layout
from .carried import Cell, GradeAt, Item, KindLabel, Marker, Statement, carried
from .compare import SOFT_HYPHEN, PdfText, squash
from .found import Found, report
from .pdfwords import CardPage, Word


def missing_in_cards(g: Guideline, pages: Sequence[CardPage], chapters: Sequence[Chapter] | None = None) -> list[str]:
    """What one card set lacks of ``chapters`` (default: all) of the model."""
    chapters = list(g.chapters if chapters is None else chapters)
    items = carried(g, "cards", chapters)
    reader = _CardReader(g, pages, items)
    columns = {t.id: t.columns for c in chapters for s in c.sections for t in s.tables}

    def found(item: Item) -> Found:
        match item.where:
            case Statement(rec_id=rec_id):
                return rec_id in reader.rows
            case GradeAt(rec_id=rec_id, scheme=scheme):
                if rec_id not in reader.rows:
                    return " (its statement is not on the cards)"
                column, printed = reader.printed(rec_id, scheme, item.value)
                got = reader.grade(reader.rows[rec_id], column)
                return squash(got) == squash(printed) or (f" (the card shows {got!r})" if got else "")
            case KindLabel(rec_id=rec_id):
                if rec_id not in reader.rows:
                    return " (its statement is not on the cards)"
                got = reader.across(reader.rows[rec_id])
                return squash(got) == squash(item.value) or (f" (the card shows {got!r})" if got else "")
            case Marker():
                return True  # printed right after the statement; "*" is a markup marker we cannot tell apart
            case Cell(table=table, col=col) if col > 0:
                # A record prints "column: value" for each cell after the first.
                return reader.contains(columns[table][col], item.value)
        return reader.contains(item.value)
    return report(items, found)


def card_texts(g: Guideline, pages: Sequence[CardPage]) -> tuple[str, str]:
    """(statement column, whole body) of a card set, squashed as compared:
    the statement column alone reads each statement unbroken by the grade
    columns beside it."""
    reader = _CardReader(g, pages, carried(g, "cards"))
    return reader.stmt.text, reader.body_text


#: Characters a list marker ("•", "1.", "a)") may take between a statement and its details.
_LIST_MARK = 3


@dataclass(frozen=True, slots=True)
class _Row:
    """Where a located statement's row is: lines ``first`` to ``last`` (inclusive)."""

    first: int
    last: int


class _CardReader:
    """A card set read once: its lines, the statements' rows, and its text."""

    def __init__(self, g: Guideline, pages: Sequence[CardPage], items: Sequence[Item]) -> None:
        self.g = g
        self.format = header(g)  # with a grade_format, its one column's label
        self.lines = read_layout(pages, [s.label for s in g.schemes] if self.format is None else [self.format])
        self.scheme_index = {s.id: i for i, s in enumerate(g.schemes)}
        self.recs = {r.id: r for r in g.all_recommendations()}
        words = [w for line in self.lines for w in line.stmt]
        line_of = [n for n, line in enumerate(self.lines) for _ in line.stmt]
        text, owner = _stream(words)
        self.stmt = PdfText(text)
        self.char_line = [line_of[i] for i in owner]  # statement stream position -> its line
        self.rows = self._locate([i for i in items if isinstance(i.where, Statement)])
        self.body_text = _stream(self._body())[0]
        self.folded = PdfText(self.body_text.casefold())

    def _locate(self, items: Sequence[Item]) -> dict[str, _Row]:
        """Recommendation id -> its row, for each statement found, in model order."""
        spans: dict[str, tuple[int, int]] = {}
        cursor = 0
        for item in items:
            assert isinstance(item.where, Statement)
            if not squash(item.value):
                continue
            span = self.stmt.find(item.value, cursor) or self.stmt.find(item.value)
            if span:
                spans[item.where.rec_id] = (span[0], self._row_end(item.where.rec_id, span[1]))
                cursor = max(cursor, span[1])
        firsts = sorted({self.char_line[start] for start, _ in spans.values()})
        return {rec_id: self._row(start, end, firsts) for rec_id, (start, end) in spans.items()}

    def _row_end(self, rec_id: str, end: int) -> int:
        """Where the statement column's part of a row ends: after the statement
        and as many of its footnote markers and details as follow it, in order,
        each after at most a list marker."""
        rec: Recommendation = self.recs[rec_id]
        for part in (*rec.footnotes, *rec.details):
            span = self.stmt.find(part, end) if squash(part) else (end, end)
            if span is None or span[0] - end > _LIST_MARK:
                break
            end = span[1]
        return end

    def _row(self, start: int, end: int, firsts: Sequence[int]) -> _Row:
        """A row's lines: those of its statement column, and the lines after them
        that hold grades only (a code wrapped past the statement), up to the next row."""
        first, last = self.char_line[start], self.char_line[end - 1]
        at = bisect.bisect_right(firsts, first)
        stop = firsts[at] if at < len(firsts) else len(self.lines)
        page = self.lines[last].page
        while last + 1 < stop and self.lines[last + 1].page == page and self.lines[last + 1].tabled \
                and not self.lines[last + 1].stmt:
            last += 1
        return _Row(first, last)

    def _body(self) -> list[Word]:
        """Every word of the set but the grade columns' on the statements' rows (read
        by ``grade`` and ``across``), which would come between a wrapped statement's lines."""
        on_rows = {n for row in self.rows.values() for n in range(row.first, row.last + 1)}
        words: list[Word] = []
        for n, line in enumerate(self.lines):
            grades = {id(w) for w in line.grades} if n in on_rows else set()
            words.extend(w for w in line.words if id(w) not in grades)
        return words

    def printed(self, rec_id: str, scheme_id: str, code: str) -> tuple[int, str]:
        """The column a scheme's code is printed in, and what that column shows
        for the statement: the code, or with a grade_format its grades as printed."""
        if self.format is None:
            return self.scheme_index[scheme_id], code
        return 0, display(self.g, self.recs[rec_id]) or ""

    def grade(self, row: _Row, column: int) -> str:
        """What a row shows in a grade column ("" for nothing)."""
        lines: Sequence[Line] = self.lines[row.first:row.last + 1]
        return " ".join(w["text"] for line in lines if column < len(line.codes) for w in line.codes[column])

    def across(self, row: _Row) -> str:
        """What a row shows across its grade columns (an ungraded kind's label)."""
        return " ".join(w["text"] for line in self.lines[row.first:row.last + 1] for w in line.grades)

    def contains(self, *texts: str) -> bool:
        """``texts``, in a row, anywhere on the cards; in any case, as titles print in capitals."""
        return self.folded.contains(*(t.casefold() for t in texts))


def _stream(words: Sequence[Word]) -> tuple[str, list[int]]:
    """Squashed text of ``words`` and, per character, the index of its word;
    a hyphen ending a line becomes a soft hyphen."""
    parts: list[str] = []
    owner: list[int] = []
    for i, w in enumerate(words):
        text = squash(w["text"])
        nxt = words[i + 1] if i + 1 < len(words) else None
        if text.endswith("-") and (nxt is None or abs(nxt["top"] - w["top"]) > 1.5):
            text = text[:-1] + SOFT_HYPHEN
        parts.append(text)
        owner.extend([i] * len(text))
    return "".join(parts), owner


