"""The pocket cards' reader: what one card set (PDF) lacks of the model.

Reads the words of the set (``card_pages``) and the layout found on its
pages (``cardlayout``). The cards print a statement's grades in one of two
layouts, told apart by what the pages show:

- In grade columns beside the statements, under a header row of the
  columns' labels. Each statement is found by its text in the statement
  column, in model order, and its grades are read off its row: the grade
  columns' words from its first line to the end of its row.
- Under each statement (no header row on any card: the columns would not
  fit). Each statement is found in the cards' text, and after it (and its
  footnote markers and details) each grade follows its column's label.

The columns are the schemes', or with a ``grade_format`` the one column of
printed grades ("[I, A]") headed by the format with the schemes' labels in
place of the codes; a statement's grade is found when its column shows the
statement's grades as the format prints them. An ungraded kind's label is
printed where the grades would be. Everything else is found anywhere in the
cards' text, in any case (titles print in capitals).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ..grade_format import display, header
from ..grade_format import shown as in_format
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

    def shown(got: str, expected: str) -> Found:
        return squash(got) == squash(expected) or (f" (the card shows {got!r})" if got else "")

    def found(item: Item) -> Found:
        match item.where:
            case Statement(rec_id=rec_id):
                return rec_id in reader.rows
            case GradeAt(rec_id=rec_id) | KindLabel(rec_id=rec_id) if rec_id not in reader.rows:
                return " (its statement is not on the cards)"
            case GradeAt(rec_id=rec_id, scheme=scheme):
                column, printed = reader.printed(rec_id, scheme, item.value)
                return shown(reader.grade(rec_id, column), printed)
            case KindLabel(rec_id=rec_id):
                return shown(reader.kind(rec_id, item.value), item.value)
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
    columns beside it (with the grades under the statements, it is the body)."""
    reader = _CardReader(g, pages, carried(g, "cards"))
    return reader.stmt.text, reader.body_text


#: Characters a list marker ("•", "1.", "a)") may take between a statement and its details.
_LIST_MARK = 3


@dataclass(frozen=True, slots=True)
class _Row:
    """Where a located statement's row is: lines ``first`` to ``last``
    (inclusive), and where its statement, footnote markers and details end
    in the statement stream (``end``)."""

    first: int
    last: int
    end: int


class _CardReader:
    """A card set read once: its lines, the statements' rows, and its text."""

    def __init__(self, g: Guideline, pages: Sequence[CardPage], items: Sequence[Item]) -> None:
        self.g = g
        self.format = header(g)  # with a grade_format, its one column's label
        self.labels = [s.label for s in g.schemes] if self.format is None else [self.format]
        self.lines = read_layout(pages, self.labels)
        # No header row on any card: the grades are under the statements, which take the card's width.
        self.stacked = not any(line.tabled for line in self.lines)
        self.scheme_index = {s.id: i for i, s in enumerate(g.schemes)}
        self.recs = {r.id: r for r in g.all_recommendations()}
        column = [line.words if self.stacked else line.stmt for line in self.lines]
        self.words = [w for part in column for w in part]
        line_of = [n for n, part in enumerate(column) for _ in part]
        text, self.owner = _stream(self.words)
        self.stmt = PdfText(text)
        self.char_line = [line_of[i] for i in self.owner]  # statement stream position -> its line
        self.rows = self._locate([i for i in items if isinstance(i.where, Statement)])
        self.body_text = _stream(self._body())[0]
        self.folded = PdfText(self.body_text.casefold())
        self._under: dict[str, list[str]] = {}

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
        while (
            last + 1 < stop
            and self.lines[last + 1].page == page
            and self.lines[last + 1].tabled
            and not self.lines[last + 1].stmt
        ):
            last += 1
        return _Row(first, last, end)

    def _body(self) -> list[Word]:
        """Every word of the set but the grade columns' on the statements' rows (read
        by ``grade`` and ``kind``), which would come between a wrapped statement's lines."""
        on_rows = {n for row in self.rows.values() for n in range(row.first, row.last + 1)}
        words: list[Word] = []
        for n, line in enumerate(self.lines):
            grades = {id(w) for w in line.grades} if n in on_rows else set()
            words.extend(w for w in line.words if id(w) not in grades)
        return words

    def printed(self, rec_id: str, scheme_id: str, code: str) -> tuple[int, str]:
        """The column a scheme's code is printed in, and what that column shows
        for the statement: the code in its scheme's format, or with a grade_format its grades as printed."""
        if self.format is None:
            return self.scheme_index[scheme_id], in_format(self.g.scheme(scheme_id), code)
        return 0, display(self.g, self.recs[rec_id]) or ""

    def grade(self, rec_id: str, column: int) -> str:
        """What a statement's row shows in a grade column ("" for nothing)."""
        if self.stacked:
            return self._grades_under(rec_id)[column]
        row = self.rows[rec_id]
        lines: Sequence[Line] = self.lines[row.first : row.last + 1]
        return " ".join(w["text"] for line in lines if column < len(line.codes) for w in line.codes[column])

    def kind(self, rec_id: str, label: str) -> str:
        """What a statement's row shows where the grades would be, read as the kind's ``label``."""
        row = self.rows[rec_id]
        if self.stacked:
            return self._after(row.end, label, ())[0]
        return " ".join(w["text"] for line in self.lines[row.first : row.last + 1] for w in line.grades)

    def _grades_under(self, rec_id: str) -> list[str]:
        """Per column, what follows its label under a statement (read once).

        Each grade the statement has follows its column's label, in column order;
        a column it has no grade in is not printed."""
        if rec_id not in self._under:
            rec = self.recs[rec_id]
            grades = rec.grade_map
            values = (
                [display(self.g, rec)]
                if self.format is not None
                else [in_format(s, grades[s.id]) if s.id in grades else None for s in self.g.schemes]
            )
            shown = [""] * len(values)
            at = self.rows[rec_id].end
            for i, value in enumerate(values):
                labelled = self.stmt.match(self.labels[i], at) if value is not None else None
                if value is None or labelled is None:
                    continue
                later = [self.labels[j] for j in range(i + 1, len(values)) if values[j] is not None]
                shown[i], at = self._after(labelled, value, later)
            self._under[rec_id] = shown
        return self._under[rec_id]

    def _after(self, at: int, expected: str, later: Sequence[str]) -> tuple[str, int]:
        """What the stream shows from ``at``, read as ``expected``, and where that ends.

        ``expected`` is shown when it is there and ends where its line ends or one
        of the ``later`` labels begins ("+" is not read off "++"). Otherwise what
        is shown is the rest of the line, up to a ``later`` label."""
        text = self.stmt.text

        def labelled(p: int) -> bool:
            return any(self.stmt.match(label, p) is not None for label in later)

        end = self.stmt.match(expected, at) if squash(expected) else None
        if end is not None and (end == len(text) or self.char_line[end] != self.char_line[end - 1] or labelled(end)):
            return expected, end
        stop = at
        while stop < len(text) and self.char_line[stop] == self.char_line[at] and not labelled(stop):
            stop += 1
        return " ".join(self.words[k]["text"] for k in sorted(set(self.owner[at:stop]))), stop

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
