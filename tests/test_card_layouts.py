"""The card reader reads a card set by what its pages show (labels, positions),
not by the template's words or the card size: with other words and column
widths, codes that wrap, and with the grades in columns beside the
statements or under each statement (render/cards/grades.py chooses).

Test content: the default project, variations of its card templates and
grading codes made here, tests/card_models.py's made-up schemes, and
tests/projects/grade-test and esmo-test (TEST CONTENT: GRADE's wordy codes go
under the statements at A7, ESMO's grades are printed in one column).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from card_models import with_format_and_kind, with_schemes
from grading_projects import copy_test_project
from shared import default_build

from guidepress.cli import main
from guidepress.grade_format import display, header
from guidepress.model import Grade, Guideline, Recommendation
from guidepress.phases import check
from guidepress.render import cards as render_cards_module
from guidepress.render.cards import MIN_FONT_PT, SIZES, render_cards
from guidepress.render.cards.grades import grade_layout
from guidepress.verify import CardPage, card_pages, carried, missing_in_cards
from guidepress.verify.cardlayout import read_layout
from guidepress.verify.carried import GradeAt, KindLabel

EPOCH = "1700000000"
SITE = "https://example.org/guideline/"
CHAPTER_PDF = "cards/sites-of-metastases.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_build(tmp_path_factory, EPOCH) / "site"


# ---------------------------------------------------------------- any wording, any column width

AGO_WORDS = {"++": "strong for", "+": "for", "+/-": "for or against", "-": "against", "--": "strong against"}


def _worded(g: Guideline) -> Guideline:
    """The default model with the AGO codes written out in words (codes of one or two words)."""

    def rec(r: Recommendation) -> Recommendation:
        grades = tuple(Grade(x.scheme, AGO_WORDS[x.code]) if x.scheme == "ago" else x for x in r.grades)
        return dataclasses.replace(r, grades=grades, children=tuple(rec(c) for c in r.children))

    schemes = tuple(
        dataclasses.replace(s, codes=tuple(dataclasses.replace(c, code=AGO_WORDS[c.code]) for c in s.codes), rules=())
        if s.id == "ago"
        else s
        for s in g.schemes
    )
    chapters = tuple(
        dataclasses.replace(
            ch,
            sections=tuple(
                dataclasses.replace(s, recommendations=tuple(rec(r) for r in s.recommendations)) for s in ch.sections
            ),
        )
        for ch in g.chapters
    )
    return dataclasses.replace(g, schemes=schemes, chapters=chapters)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def _german_wide_templates(dest: Path) -> Path:
    """The card templates as a German board might have them: the statement
    column headed "Empfehlung", continued cards marked "Fortsetzung", grade
    columns of different, larger widths, and codes that wrap in their column."""
    shutil.copytree(render_cards_module.TEMPLATES, dest)
    _edit(dest / "cards.html.j2", '<th class="stmt">{{ _("Statement") }}</th>', '<th class="stmt">Empfehlung</th>')
    _edit(
        dest / "cards.html.j2",
        '<span class="contmark">{{ _("continued") }}</span>',
        '<span class="contmark">Fortsetzung</span>',
    )
    _edit(
        dest / "cards.css.j2",
        "table.recs col.grade-{{ loop.index0 }} { width: {{ c.width }}mm; }",
        "table.recs col.grade-{{ loop.index0 }} { width: {{ [11, 8, 14][loop.index0] }}mm; }",
    )
    _edit(
        dest / "cards.css.j2",
        ".g{{ loop.index0 }} .badge { min-width: {{ c.badge }}mm; }",
        ".g{{ loop.index0 }} .badge { min-width: 0; }",
    )
    return dest


def _header_word_and_columns(pages: list[CardPage]) -> tuple[str, list[float]]:
    """The statement column's heading and the label positions of the first header row."""
    for page in pages:
        for i, w in enumerate(page.words):
            if [x["text"] for x in page.words[i + 1 : i + 4]] == ["LoE", "GR", "AGO"]:
                return w["text"], [x["x0"] for x in page.words[i + 1 : i + 4]]
    raise AssertionError("no header row")


@pytest.mark.slow
def test_a_german_card_set_with_wider_columns_and_wrapped_codes_verifies(
    guideline: Guideline, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    g = _worded(guideline)
    out = render_cards(g, site_url=SITE, templates=_german_wide_templates(tmp_path / "cards"), workers=1)
    pages = card_pages(out[CHAPTER_PDF])
    words = [w["text"] for p in pages for w in p.words]
    assert "Statement" not in words and "Empfehlung" in words and "FORTSETZUNG" in words  # CSS: uppercase
    default = card_pages((built / CHAPTER_PDF).read_bytes())
    head, columns = _header_word_and_columns(pages)
    assert head == "Empfehlung" and columns != _header_word_and_columns(default)[1]
    # "for or against" wraps in the AGO column of a statement's row: "against" on a line of its own.
    wrapped = [
        (i, w)
        for i, p in enumerate(pages)
        if "Empfehlung" in [x["text"] for x in p.words]
        for w in p.words
        if w["text"] == "against"
        and any(x["text"] == "or" and 3 < w["top"] - x["top"] < 12 and abs(x["x1"] - w["x1"]) < 20 for x in p.words)
    ]
    assert wrapped

    assert missing_in_cards(g, pages) == []

    # The same reading still names what is lost: the second line of a wrapped code.
    at, line = wrapped[0]
    fewer = [
        dataclasses.replace(p, words=tuple(w for w in p.words if w is not line)) if i == at else p
        for i, p in enumerate(pages)
    ]
    lost = missing_in_cards(g, fewer)
    assert len(lost) == 1 and lost[0].endswith("AGO grade 'for or against' not found (the card shows 'for or')")


@pytest.mark.slow
def test_a7_cards_verify_without_being_told_their_size(guideline: Guideline, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = render_cards(guideline, site_url=SITE, size="a7", workers=1)
    assert missing_in_cards(guideline, card_pages(out[CHAPTER_PDF])) == []


# ---------------------------------------------------------------- either layout of the grades


def _with_recs(g: Guideline, change: Callable[[Recommendation], Recommendation]) -> Guideline:
    """``g`` with ``change`` made to every recommendation (children first)."""

    def rec(r: Recommendation) -> Recommendation:
        return change(dataclasses.replace(r, children=tuple(rec(c) for c in r.children)))

    chapters = tuple(
        dataclasses.replace(
            ch,
            sections=tuple(
                dataclasses.replace(s, recommendations=tuple(rec(r) for r in s.recommendations)) for s in ch.sections
            ),
        )
        for ch in g.chapters
    )
    return dataclasses.replace(g, chapters=chapters)


def _tabled(g: Guideline, pages: list[CardPage]) -> bool:
    """Whether the cards print grade columns (a header row of their labels), as the reader finds them."""
    labels = [header(g)] if g.grade_format is not None else [s.label for s in g.schemes]
    return any(line.tabled for line in read_layout(pages, labels))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("n", "template", "size"),
    [(1, None, "a6"), (4, None, "a6"), (6, None, "a7"), (3, "[{s0}; {s1}, {s2}]", "a7"), (2, "{s0} ({s1})", "a6")],
)
def test_either_layout_names_a_grade_and_a_kind_label_the_cards_do_not_show(
    guideline: Guideline, n: int, template: str | None, size: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made-up schemes (tests/card_models.py): one fits in a column, four or six wordy ones go
    under the statements; a format prints one column; each section ends with an ungraded kind."""
    g = with_format_and_kind(with_schemes(guideline, n), template)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pages = card_pages(render_cards(g, site_url=SITE, size=size, workers=1)["cards/test-chapter.pdf"])
    assert _tabled(g, pages) == (not grade_layout(g, SIZES[size], MIN_FONT_PT).stacked)
    assert missing_in_cards(g, pages) == []

    # The model says otherwise than the cards: one statement's first grade ...
    first = next(r for r in g.all_recommendations() if r.grades)
    scheme = g.scheme(first.grades[0].scheme)
    assert scheme is not None
    old = first.grades[0].code
    new = next(c.code for c in scheme.codes if c.code != old)
    printed = display(g, first) or old
    regraded = _with_recs(
        g, lambda r: dataclasses.replace(r, grades=(Grade(scheme.id, new), *r.grades[1:])) if r.id == first.id else r
    )
    lost = [
        i
        for i in carried(regraded, "cards")
        if isinstance(i.where, GradeAt)
        and i.where.rec_id == first.id
        and (template is not None or i.where.scheme == scheme.id)
    ]
    assert missing_in_cards(regraded, pages) == [i.missing(f" (the card shows {printed!r})") for i in lost]

    # ... and the kind's label.
    (kind,) = g.kinds
    relabelled = dataclasses.replace(g, kinds=(dataclasses.replace(kind, label="Another made-up label"),))
    labels = [i for i in carried(relabelled, "cards") if isinstance(i.where, KindLabel)]
    assert len(labels) == 3
    assert missing_in_cards(relabelled, pages) == [i.missing(f" (the card shows {kind.label!r})") for i in labels]


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7"])
@pytest.mark.parametrize(("name", "preset"), [("grade-test", "grade"), ("esmo-test", "esmo")])
def test_the_graded_test_projects_build_and_verify_at_each_size(
    name: str, preset: str, size: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GRADE's two columns go under the statements at A7; ESMO's printed grades stay one column."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_test_project(name, preset, tmp_path / "project")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:  # the plugin's options, over the defaults
        config.write(f"plugins:\n  guidepress:\n    card_size: {size}\n")
    assert main(["build", "--root", str(root)]) == 0  # its gate reads the cards back
    assert main(["verify", "--root", str(root)]) == 0
    g = check(root).guideline
    assert g is not None
    pages = card_pages((root / "site" / "cards" / "test-chapter.pdf").read_bytes())
    assert _tabled(g, pages) == (name != "grade-test" or size != "a7")


# ---------------------------------------------------------------- the layout, on made-up pages


def _w(text: str, x0: float, x1: float, top: float) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 8}


FOOTER = [_w("Board", 70, 95, 380), _w("2025", 97, 115, 380), _w("card", 120, 135, 390)]


def test_layout_finds_columns_codes_header_and_footer_from_the_page() -> None:
    first = CardPage(
        300,
        420,
        tuple(
            [
                _w("CHAPTER", 17, 60, 17),
                _w("Title", 17, 50, 28),
                _w("Empfehlung", 17, 60, 60),
                _w("GRADE", 200, 220, 60),
                _w("NCCN", 244, 256, 60),
                # A wide first column: a code whose first word lies left of its label ...
                _w("Surgery", 17, 50, 75),
                _w("1", 183, 187, 75),
                _w("(high-certainty)", 189, 237, 75),
                _w("2A", 245, 255, 75),
                # ... and goes on on the next line; a statement line beside it.
                _w("first", 17, 40, 85),
                _w("evidence", 195, 225, 85),
                # A code whose last word is nearer the next label's centre than its own.
                _w("Radiotherapy", 17, 70, 100),
                _w("conditional", 181, 222, 100),
                _w("for", 225, 239, 100),
                _w("2B", 245, 255, 100),
                # Running text under the table, a word of it across two columns: no codes.
                *[
                    _w(t, 17 + 30 * i, 42 + 30 * i, 120)
                    for i, t in enumerate("a footnote that runs across the".split())
                ],
                _w("recommendations", 197, 252, 120),
                *FOOTER,
            ]
        ),
    )
    continued = CardPage(
        300,
        420,
        tuple(
            [
                _w("CHAPTER", 17, 60, 25),
                _w("Title", 17, 50, 35),
                _w("Fortsetzung", 55, 90, 35),
                _w("Empfehlung", 17, 60, 55),
                _w("GRADE", 200, 220, 55),
                _w("NCCN", 244, 256, 55),
                _w("Chemotherapy", 17, 70, 70),
                _w("weak", 200, 220, 70),
                *FOOTER,
            ]
        ),
    )
    lines = read_layout([first, continued], ["GRADE", "NCCN"])

    body = [w["text"] for line in lines for w in line.words]
    assert body.count("Board") == 0 and "Fortsetzung" not in body and body.count("CHAPTER") == 1
    assert "Chemotherapy" in body and "footnote" in body
    read = [
        ([w["text"] for w in line.stmt], [[w["text"] for w in c] for c in line.codes]) for line in lines if line.tabled
    ]
    assert read == [
        (["Surgery"], [["1", "(high-certainty)"], ["2A"]]),
        (["first"], [["evidence"], []]),
        (["Radiotherapy"], [["conditional", "for"], ["2B"]]),
        (["a", "footnote", "that", "runs", "across", "the"], [[], []]),
        (["Chemotherapy"], [["weak"], []]),
    ]
    assert [line.page for line in lines if line.tabled] == [0, 0, 0, 0, 1]


def test_a_header_row_needs_the_labels_in_order_after_a_heading_of_its_own() -> None:
    def lines(*header: dict[str, Any]) -> list[list[str]]:
        page = CardPage(300, 420, (*header, _w("Text", 17, 40, 75), _w("x", 205, 215, 75)))
        return [[w["text"] for w in line.stmt] for line in read_layout([page], ["GRADE", "NCCN"]) if line.tabled]

    assert lines(_w("S", 17, 25, 60), _w("GRADE", 200, 220, 60), _w("NCCN", 244, 256, 60)) == [["Text"]]
    assert lines(_w("GRADE", 200, 220, 60), _w("NCCN", 244, 256, 60)) == []  # a scheme's heading, no table
    assert lines(_w("S", 17, 25, 60), _w("NCCN", 200, 220, 60), _w("GRADE", 244, 256, 60)) == []


def test_a_header_row_may_wrap_a_label_over_lines() -> None:
    """Cells centred vertically: the statement column's header between the lines of a wrapped label."""
    page = CardPage(
        300,
        420,
        (
            _w("Level", 190, 210, 52),
            _w("of", 212, 220, 52),
            _w("S", 17, 25, 56),
            _w("NCCN", 244, 256, 56),
            _w("evidence", 192, 222, 60),
            _w("Text", 17, 40, 75),
            _w("1b", 200, 210, 75),
            _w("2A", 245, 255, 75),
        ),
    )
    read = [
        ([w["text"] for w in line.stmt], [[w["text"] for w in c] for c in line.codes])
        for line in read_layout([page], ["Level of evidence", "NCCN"])
        if line.tabled
    ]
    assert read == [(["Text"], [["1b"], ["2A"]])]
    assert not [line for line in read_layout([page], ["NCCN", "Level of evidence"]) if line.tabled]
