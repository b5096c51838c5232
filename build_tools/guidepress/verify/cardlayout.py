"""Where things are on a card set's pages, found from the pages themselves.

Nothing here knows the template's words or the card size: a German card
that prints "Empfehlung" over its statements, or grade columns sized to
their codes, read the same. What is found, and how:

- The running footer: the lines at the foot of a page whose tops recur on
  every page of the set (the footer sits at the same place on each; body
  text does not line up across all of them).
- The running header of a continuation page: a page whose first line is not
  where the set's first page (always a card's own first page) has it
  starts with the words of the page before (chapter, card title) and the
  rest of that line (the "continued" mark).
- The statements' header row: the grade columns' labels (data: each
  scheme's ``label``, or the one column of a ``grade_format`` headed by the
  format with the labels in place of the codes), in order, right of a
  header of its own for the statement column. A label may wrap in its
  column, so the row may take several lines: it is found as the lines whose
  words, grouped into columns (words of one column overlap horizontally,
  columns do not), read the labels column by column. Its first label's left edge bounds the statement
  column; each label's centre is its grade column's (both are centred).
- On each line under it, the words right of that edge are grade codes,
  grouped into the columns so that each group is centred under its label
  (``_assign``): a code of several words, or wrapped onto several lines,
  stays one code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import inf

from .compare import squash
from .pdfwords import SAME_LINE, CardPage, Word

_EDGE = 0.5  # points a statement word may reach past the statement column's edge (rounding)


@dataclass(frozen=True, slots=True)
class Columns:
    """The grade columns of one page, from its header row's labels (left,
    right edge of each, in scheme order). The statement column ends before
    the first label; a column is centred on its label, and its codes stay
    clear of its neighbours' labels."""

    labels: tuple[tuple[float, float], ...]

    @property
    def edge(self) -> float:
        return self.labels[0][0]

    @property
    def centres(self) -> tuple[float, ...]:
        return tuple((x0 + x1) / 2 for x0, x1 in self.labels)

    def room(self, j: int) -> tuple[float, float]:
        """Where column ``j``'s codes can be: between the labels beside it."""
        lo = self.labels[j - 1][1] - _EDGE if j > 0 else -inf
        hi = self.labels[j + 1][0] + _EDGE if j + 1 < len(self.labels) else inf
        return lo, hi


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page's body. Under a statements header row (``tabled``)
    its words are cut into the statement column's and those right of it
    (``grades``), and these into the words of each grade column (a word
    across two columns is in neither: an ungraded kind's label spans them)."""

    page: int
    words: tuple[Word, ...]
    tabled: bool = False
    stmt: tuple[Word, ...] = ()
    grades: tuple[Word, ...] = ()
    codes: tuple[tuple[Word, ...], ...] = ()


def read_layout(pages: Sequence[CardPage], labels: Sequence[str]) -> list[Line]:
    """The body lines of a card set whose grade columns are headed ``labels``,
    page by page, without the running headers and footers."""
    runs = [_lines_of(p.words) for p in pages]
    footer = _footer_tops(runs)
    runs = [_without_footer(r, footer) for r in runs]
    first_top = runs[0][0][0]["top"] if runs and runs[0] else None
    lines: list[Line] = []
    wanted = _Labels(
        tuple(squash(label).casefold() for label in labels),
        frozenset(w.casefold() for label in labels for w in label.split()),
        max((len(label.split()) for label in labels), default=0),
    )
    for index, page in enumerate(runs):
        previous = [w for run in runs[index - 1] for w in run] if index else []
        lines.extend(_page_lines(index, _without_running_head(page, previous, first_top), wanted))
    return lines


def _lines_of(words: Sequence[Word]) -> list[list[Word]]:
    """Consecutive words on one line (tops within ``SAME_LINE``), in reading order."""
    runs: list[list[Word]] = []
    for w in words:
        if runs and abs(w["top"] - runs[-1][0]["top"]) <= SAME_LINE:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


# ---------------------------------------------------------------- running header and footer


def _footer_tops(pages: Sequence[list[list[Word]]]) -> set[float]:
    """Line tops present on every page (of two or more)."""
    if len(pages) < 2:
        return set()
    tops = [{round(run[0]["top"], 1) for run in page} for page in pages]
    return set.intersection(*tops)


def _without_footer(page: list[list[Word]], footer: set[float]) -> list[list[Word]]:
    end = len(page)
    while end and round(page[end - 1][0]["top"], 1) in footer:
        end -= 1
    return page[:end]


def _without_running_head(
    page: list[list[Word]], previous: Sequence[Word], first_top: float | None
) -> list[list[Word]]:
    if not page or first_top is None or abs(page[0][0]["top"] - first_top) <= SAME_LINE:
        return page  # a card's first page: its head is its content
    words = [w for run in page for w in run]
    shared = 0
    while shared < min(len(words), len(previous)) and words[shared]["text"] == previous[shared]["text"]:
        shared += 1
    seen = 0
    for i, run in enumerate(page):
        seen += len(run)
        if shared and seen >= shared:
            return page[i + 1 :]
    return page


# ---------------------------------------------------------------- statements and grade columns


@dataclass(frozen=True, slots=True)
class _Labels:
    """The grade columns' labels, squashed and casefolded, the words they are
    made of (casefolded: as a PDF's words are split), and how many words the longest has."""

    texts: tuple[str, ...]
    words: frozenset[str]
    longest: int


def _page_lines(index: int, page: list[list[Word]], labels: _Labels) -> list[Line]:
    """The lines of a page; those under its first statements header row cut into columns."""
    found = _header(page, labels)
    if found is None:
        return [Line(index, tuple(r)) for r in page]
    end, columns = found
    return [Line(index, tuple(r)) for r in page[:end]] + [_split(index, r, columns) for r in page[end:]]


def _header(page: Sequence[Sequence[Word]], labels: _Labels) -> tuple[int, Columns] | None:
    """Where the page's first header row ends (a line index) and its columns.

    A header row's cells are centred vertically, so its first and last lines
    hold words of labels; it has every word of every label, and no more
    lines than twice the words of the longest (a label wrapped at every
    space, a line of the statement column's header between two of them)."""
    if not labels.texts:
        return None
    words = [{w["text"].casefold() for w in run} & labels.words for run in page]
    most = 2 * labels.longest
    for first in range(len(page)):
        if not words[first]:
            continue
        seen: set[str] = set()
        for last in range(first, min(first + most, len(page))):
            seen |= words[last]
            if words[last] and seen == labels.words:
                columns = _header_columns(page[first : last + 1], labels.texts)
                if columns is not None:
                    return last + 1, columns
    return None


def _header_columns(band: Sequence[Sequence[Word]], labels: Sequence[str]) -> Columns | None:
    """The columns of a header row on the lines ``band``: its words in columns
    that read ``labels`` (squashed, casefolded), right to left, with at least
    one column of its own on their left; None for any other lines."""
    cells = _x_columns([(n, w) for n, run in enumerate(band) for w in run])
    boxes: list[tuple[float, float]] = []
    end = len(cells)
    for label in reversed(labels):
        start, got = end, ""
        while start > 0 and len(got) < len(label):
            start -= 1
            # A label wrapped in its column reads line by line.
            got = "".join(
                squash(w["text"]).casefold()
                for _, w in sorted((x for cell in cells[start:end] for x in cell), key=lambda x: (x[0], x[1]["x0"]))
            )
        if start == end or got != label:
            return None
        inside = [w for cell in cells[start:end] for _, w in cell]
        boxes.append((min(w["x0"] for w in inside), max(w["x1"] for w in inside)))
        end = start
    if end == 0 or not boxes:
        return None
    boxes.reverse()
    return Columns(tuple(boxes))


def _x_columns(words: Sequence[tuple[int, Word]]) -> list[list[tuple[int, Word]]]:
    """(line, word) pairs grouped left to right: words that overlap horizontally,
    directly or through others, are in one group (words side by side on a line never are)."""
    groups: list[list[tuple[int, Word]]] = []
    right = -inf
    for x in sorted(words, key=lambda x: x[1]["x0"]):
        if groups and x[1]["x0"] < right:
            groups[-1].append(x)
        else:
            groups.append([x])
            right = -inf
        right = max(right, x[1]["x1"])
    return groups


def _split(index: int, run: Sequence[Word], columns: Columns) -> Line:
    """A line's statement words and its grade codes, per column."""
    stmt = [w for w in run if w["x1"] <= columns.edge + _EDGE]
    codes = sorted((w for w in run if w["x1"] > columns.edge + _EDGE), key=lambda w: w["x0"])
    groups = _assign(codes, columns)
    if groups and groups[0] and stmt:
        _widen_first(groups[0], stmt, columns.centres[0])
    in_stmt = {id(w) for w in stmt}
    grades = [w for w in run if id(w) not in in_stmt]
    return Line(index, tuple(run), True, tuple(stmt), tuple(grades), tuple(tuple(g) for g in groups))


def _centre(words: Sequence[Word]) -> float:
    return float(min(w["x0"] for w in words) + max(w["x1"] for w in words)) / 2


def _assign(words: Sequence[Word], columns: Columns) -> list[list[Word]]:
    """``words`` (left to right) cut into consecutive groups, at most one per
    column and each within its column's room, as close to the columns'
    centres as can be (least total distance). A line that cannot be cut so
    is running text, not codes: no column gets its words; nor does a line of
    more words than a code line of every column could hold."""
    centres, n, m = columns.centres, len(columns.labels), len(words)
    groups: list[list[Word]] = [[] for _ in range(n)]
    if not words or m > 4 * n:
        return groups
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    start = [[0] * (m + 1) for _ in range(n + 1)]  # where column j - 1's group starts (== i: empty)
    cost[0][0] = 0.0
    for j in range(1, n + 1):
        lo, hi = columns.room(j - 1)
        for i in range(m + 1):
            best, begin = cost[j - 1][i], i
            right = -inf  # the right edge of words[k:i]
            for k in range(i - 1, -1, -1):
                right = max(right, words[k]["x1"])
                if right > hi or words[k]["x0"] < lo:
                    break  # wider groups only reach further
                c = cost[j - 1][k] + abs((words[k]["x0"] + right) / 2 - centres[j - 1])
                if c < best:
                    best, begin = c, k
            cost[j][i], start[j][i] = best, begin
    if cost[n][m] == inf:
        return groups
    i = m
    for j in range(n, 0, -1):
        k = start[j][i]
        groups[j - 1] = list(words[k:i])
        i = k
    return groups


def _widen_first(group: list[Word], stmt: list[Word], centre: float) -> None:
    """A code of the first column may begin left of its label (a wide column):
    take the statement column's last words into it while that centres it better."""
    while stmt:
        last = max(stmt, key=lambda w: w["x1"])
        if abs(_centre([last, *group]) - centre) >= abs(_centre(group) - centre):
            return
        stmt[:] = [w for w in stmt if w is not last]
        group.insert(0, last)
