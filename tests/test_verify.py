"""The verify package's readers: every kind of locator is found in each
output that carries it, and a lost one is named; the card reader reads a
card set by what its pages show (labels, positions), not by the template's
words or the card size; `guidepress build` refuses cards that lost content
and keeps each card set's verdict in the cache.

Test content: the default project, variations of its card templates and
grading codes made here, and tests/projects/esmo-test (TEST CONTENT: grades
printed in one column, "[I, A]", and a statement kind printed in their place).
"""

from __future__ import annotations

import copy
import dataclasses
import html
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from grading_projects import copy_test_project
from guidepress.cli import main
from guidepress.model import Grade, Guideline, Recommendation
from guidepress.phases import check
from guidepress.render import cards as render_cards_module
from guidepress.render.cards import render_cards
from guidepress.verify import (
    CardPage,
    card_pages,
    card_sets,
    carried,
    missing_in_cards,
    missing_in_export,
    missing_in_html,
)
from guidepress.verify.cardlayout import read_layout
from guidepress.verify.carried import (
    GradeAt,
    GroupItem,
    Item,
    Kind,
    KindLabel,
    Marker,
    OnRecommendation,
    RecRef,
    Statement,
    Within,
)
from shared import default_build

EPOCH = "1700000000"
SITE = "https://example.org/guideline/"
CHAPTER_PDF = "cards/sites-of-metastases.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_build(tmp_path_factory, EPOCH) / "site"


def _kind(item: Item) -> str:
    where = item.where
    return f"{type(where).__name__}:{where.scope}" if isinstance(where, Within) else type(where).__name__


def _samples(items: list[Item], usable: Callable[[Item], bool]) -> dict[str, Item]:
    """The first usable item of each kind of locator."""
    out: dict[str, Item] = {}
    for item in items:
        if _kind(item) not in out and usable(item):
            out[_kind(item)] = item
    return out


def _reported(item: Item, problems: list[str]) -> bool:
    return any(p.startswith(item.missing()) for p in problems)


ALL_KINDS = {"Statement", "GradeAt", "Marker", "Column", "Cell", "Within:chapter", "Within:section",
             "Within:recommendation", "Within:table", "Within:quote", "Within:footnote"}
PAGE_KINDS = ALL_KINDS | {"GlossaryTerm", "Reference", "WorkNote", "InGroup", "GroupItem"}


# ---------------------------------------------------------------- export

def _strings_replaced(obj: Any, old: str) -> Any:
    if isinstance(obj, str):
        return obj.replace(old, "LOST")
    if isinstance(obj, list):
        return [_strings_replaced(v, old) for v in obj]
    if isinstance(obj, dict):
        return {k: _strings_replaced(v, old) for k, v in obj.items()}
    return obj


def _objects(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from _objects(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _objects(v)


def _lose_in_export(doc: dict[str, Any], item: Item) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    match item.where:
        case OnRecommendation(rec_id=rec_id):
            rec = next(o for o in _objects(doc["chapters"]) if o.get("id") == rec_id and "grades" in o)
            match item.where:
                case Statement():
                    rec["text"], rec["condition"] = "LOST", None
                case GradeAt(scheme=scheme):
                    rec["grades"][scheme] = "LOST"
                case Marker():
                    rec["footnotes"] = []
                case RecRef():
                    rec["refs"] = []
        case GroupItem(key=key):
            for o in _objects(doc["chapters"]):
                if "refs" in o and "grades" not in o:
                    o["refs"] = [k for k in o["refs"] if k != key]
        case _:
            doc = _strings_replaced(doc, item.value)
    return doc


def test_export_finds_every_kind_and_names_a_lost_one(guideline: Guideline, built: Path) -> None:
    doc = json.loads((built / "export" / "guideline.json").read_text("utf-8"))
    samples = _samples(carried(guideline, "export"),
                       lambda i: len(i.value) > 2 or isinstance(i.where, (GradeAt, Marker)))
    assert set(samples) == PAGE_KINDS | {"RecRef"}
    assert missing_in_export(guideline, doc) == []
    for kind, item in samples.items():
        assert _reported(item, missing_in_export(guideline, _lose_in_export(doc, item))), kind


# ---------------------------------------------------------------- site

def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _site_markup(item: Item) -> tuple[str, str]:
    """(what the site prints for ``item``, what it prints once the item is lost)."""
    match item.where:
        case GradeAt():
            return f'aria-hidden="true">{html.escape(item.value)}</span>', 'aria-hidden="true">LOST</span>'
        case Marker():
            return 'class="gp-fnref"', 'class="gone"'
    return html.escape(item.value, quote=False), "LOST"


def test_site_finds_every_kind_and_names_a_lost_one(guideline: Guideline, built: Path, tmp_path: Path) -> None:
    text = "".join(p.read_text("utf-8") for p in _pages(built))
    samples = _samples(carried(guideline, "html"), lambda i: _site_markup(i)[0] in text and len(i.value) > 2
                       or isinstance(i.where, (GradeAt, Marker)))
    assert set(samples) == PAGE_KINDS
    for kind, item in samples.items():
        site = Path(shutil.copytree(built, tmp_path / kind))
        old, new = _site_markup(item)
        for page in _pages(site):
            page.write_text(page.read_text("utf-8").replace(old, new), "utf-8")
        assert _reported(item, missing_in_html(guideline, site)), kind


# ---------------------------------------------------------------- cards

def _tokens(text: str) -> set[str]:
    return {t.strip(".,;:()*").casefold() for t in text.split() if len(t.strip(".,;:()*")) > 2}


def _lose_on_cards(pages: list[CardPage], item: Item) -> list[CardPage]:
    if isinstance(item.where, GradeAt):
        def keep(w: dict[str, Any]) -> bool:
            return w["text"] != item.value
    else:
        tokens = _tokens(item.value)

        def keep(w: dict[str, Any]) -> bool:
            return not any(t in w["text"].casefold() for t in tokens)
    return [dataclasses.replace(p, words=tuple(w for w in p.words if keep(w))) for p in pages]


def test_cards_find_every_kind_and_name_a_lost_one(guideline: Guideline, built: Path) -> None:
    """Footnote markers aside: a card prints them right after the statement,
    where "*" cannot be told from a markup marker, so the cards' reader takes
    them as found."""
    pages = card_pages((built / CHAPTER_PDF).read_bytes())
    samples = _samples(carried(guideline, "cards"), lambda i: bool(_tokens(i.value)) or isinstance(i.where, GradeAt))
    assert set(samples) == ALL_KINDS - {"Marker"} | {"Abbreviation"}
    assert missing_in_cards(guideline, pages) == []
    for kind, item in samples.items():
        assert _reported(item, missing_in_cards(guideline, _lose_on_cards(pages, item))), kind


# ---------------------------------------------------------------- any wording, any column width

AGO_WORDS = {"++": "strong for", "+": "for", "+/-": "for or against", "-": "against", "--": "strong against"}


def _worded(g: Guideline) -> Guideline:
    """The default model with the AGO codes written out in words (codes of one or two words)."""
    def rec(r: Recommendation) -> Recommendation:
        grades = tuple(Grade(x.scheme, AGO_WORDS[x.code]) if x.scheme == "ago" else x for x in r.grades)
        return dataclasses.replace(r, grades=grades, children=tuple(rec(c) for c in r.children))

    schemes = tuple(dataclasses.replace(s, codes=tuple(dataclasses.replace(c, code=AGO_WORDS[c.code])
                                                        for c in s.codes), rules=())
                    if s.id == "ago" else s for s in g.schemes)
    chapters = tuple(dataclasses.replace(ch, sections=tuple(
        dataclasses.replace(s, recommendations=tuple(rec(r) for r in s.recommendations)) for s in ch.sections))
        for ch in g.chapters)
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
    _edit(dest / "cards.html.j2", '<th class="stmt">Statement</th>', '<th class="stmt">Empfehlung</th>')
    _edit(dest / "cards.html.j2", '<span class="contmark">continued</span>',
          '<span class="contmark">Fortsetzung</span>')
    _edit(dest / "cards.css.j2", "table.recs col.grade-{{ loop.index0 }} { width: {{ c.width }}mm; }",
          "table.recs col.grade-{{ loop.index0 }} { width: {{ [11, 8, 14][loop.index0] }}mm; }")
    _edit(dest / "cards.css.j2", ".g{{ loop.index0 }} .badge { min-width: {{ c.badge }}mm; }",
          ".g{{ loop.index0 }} .badge { min-width: 0; }")
    return dest


def _header_word_and_columns(pages: list[CardPage]) -> tuple[str, list[float]]:
    """The statement column's heading and the label positions of the first header row."""
    for page in pages:
        for i, w in enumerate(page.words):
            if [x["text"] for x in page.words[i + 1:i + 4]] == ["LoE", "GR", "AGO"]:
                return w["text"], [x["x0"] for x in page.words[i + 1:i + 4]]
    raise AssertionError("no header row")


@pytest.mark.slow
def test_a_german_card_set_with_wider_columns_and_wrapped_codes_verifies(
        guideline: Guideline, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
    wrapped = [(i, w) for i, p in enumerate(pages) if "Empfehlung" in [x["text"] for x in p.words]
               for w in p.words if w["text"] == "against"
               and any(x["text"] == "or" and 3 < w["top"] - x["top"] < 12 and abs(x["x1"] - w["x1"]) < 20
                       for x in p.words)]
    assert wrapped

    assert missing_in_cards(g, pages) == []

    # The same reading still names what is lost: the second line of a wrapped code.
    at, line = wrapped[0]
    fewer = [dataclasses.replace(p, words=tuple(w for w in p.words if w is not line)) if i == at else p
             for i, p in enumerate(pages)]
    lost = missing_in_cards(g, fewer)
    assert len(lost) == 1 and lost[0].endswith("AGO grade 'for or against' not found (the card shows 'for or')")


@pytest.mark.slow
def test_a7_cards_verify_without_being_told_their_size(guideline: Guideline,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = render_cards(guideline, site_url=SITE, size="a7", workers=1)
    assert missing_in_cards(guideline, card_pages(out[CHAPTER_PDF])) == []


# ---------------------------------------------------------------- the layout, on made-up pages

def _w(text: str, x0: float, x1: float, top: float) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 8}


FOOTER = [_w("Board", 70, 95, 380), _w("2025", 97, 115, 380), _w("card", 120, 135, 390)]


def test_layout_finds_columns_codes_header_and_footer_from_the_page() -> None:
    first = CardPage(300, 420, tuple([
        _w("CHAPTER", 17, 60, 17), _w("Title", 17, 50, 28),
        _w("Empfehlung", 17, 60, 60), _w("GRADE", 200, 220, 60), _w("NCCN", 244, 256, 60),
        # A wide first column: a code whose first word lies left of its label ...
        _w("Surgery", 17, 50, 75), _w("1", 183, 187, 75), _w("(high-certainty)", 189, 237, 75),
        _w("2A", 245, 255, 75),
        # ... and goes on on the next line; a statement line beside it.
        _w("first", 17, 40, 85), _w("evidence", 195, 225, 85),
        # A code whose last word is nearer the next label's centre than its own.
        _w("Radiotherapy", 17, 70, 100), _w("conditional", 181, 222, 100), _w("for", 225, 239, 100),
        _w("2B", 245, 255, 100),
        # Running text under the table, a word of it across two columns: no codes.
        *[_w(t, 17 + 30 * i, 42 + 30 * i, 120) for i, t in enumerate("a footnote that runs across the".split())],
        _w("recommendations", 197, 252, 120),
        *FOOTER]))
    continued = CardPage(300, 420, tuple([
        _w("CHAPTER", 17, 60, 25), _w("Title", 17, 50, 35), _w("Fortsetzung", 55, 90, 35),
        _w("Empfehlung", 17, 60, 55), _w("GRADE", 200, 220, 55), _w("NCCN", 244, 256, 55),
        _w("Chemotherapy", 17, 70, 70), _w("weak", 200, 220, 70), *FOOTER]))
    lines = read_layout([first, continued], ["GRADE", "NCCN"])

    body = [w["text"] for line in lines for w in line.words]
    assert body.count("Board") == 0 and "Fortsetzung" not in body and body.count("CHAPTER") == 1
    assert "Chemotherapy" in body and "footnote" in body
    read = [([w["text"] for w in line.stmt], [[w["text"] for w in c] for c in line.codes]) for line in lines
            if line.tabled]
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
    page = CardPage(300, 420, (
        _w("Level", 190, 210, 52), _w("of", 212, 220, 52), _w("S", 17, 25, 56), _w("NCCN", 244, 256, 56),
        _w("evidence", 192, 222, 60),
        _w("Text", 17, 40, 75), _w("1b", 200, 210, 75), _w("2A", 245, 255, 75)))
    read = [([w["text"] for w in line.stmt], [[w["text"] for w in c] for c in line.codes])
            for line in read_layout([page], ["Level of evidence", "NCCN"]) if line.tabled]
    assert read == [(["Text"], [["1b"], ["2A"]])]
    assert not [line for line in read_layout([page], ["NCCN", "Level of evidence"]) if line.tabled]


# ---------------------------------------------------------------- statement kinds, grades printed in one column

@pytest.fixture(scope="module")
def esmo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guideline, Path]:
    """The ESMO test project built with its cards (the build reads them back)."""
    root = copy_test_project("esmo-test", "esmo", tmp_path_factory.mktemp("esmo") / "project")
    assert main(["build", "--root", str(root)]) == 0
    g = check(root).guideline
    assert g is not None
    return g, root / "site"


def _item(g: Guideline, output: str, rec_id: str, kind: type) -> Item:
    return next(i for i in carried(g, output) if isinstance(i.where, kind) and i.where.rec_id == rec_id)


def test_a_statements_kind_is_in_the_export_and_its_label_on_the_page(esmo: tuple[Guideline, Path]) -> None:
    g, site = esmo
    doc = json.loads((site / "export" / "guideline.json").read_text("utf-8"))
    assert missing_in_export(g, doc) == [] and missing_in_html(g, site) == []
    kind = _item(g, "export", "test-standard-practice", Kind)
    rec = next(o for o in _objects(doc["chapters"]) if o.get("id") == "test-standard-practice")
    rec["kind"] = "therapy"
    assert missing_in_export(g, doc) == [kind.missing(" (the export has 'therapy')")]

    label = _item(g, "html", "test-standard-practice", KindLabel)
    page = site / "test-chapter" / "index.html"
    text = page.read_text("utf-8")
    chip = f'gp-tone-none">{label.value}<'
    assert text.count(chip) == 1
    page.write_text(text.replace(chip, 'gp-tone-none">Standard practice<'), "utf-8")
    try:
        assert missing_in_html(g, site) == [label.missing(" (the page shows 'Standard practice')")]
    finally:
        page.write_text(text, "utf-8")


def _without(pages: list[CardPage], text: str) -> list[CardPage]:
    return [dataclasses.replace(p, words=tuple(w for w in p.words if w["text"] != text)) for p in pages]


@pytest.mark.parametrize("size", ["a6", "a7"])
def test_cards_read_grades_printed_in_one_column_and_a_kinds_label(
        esmo: tuple[Guideline, Path], size: str, monkeypatch: pytest.MonkeyPatch) -> None:
    g, site = esmo
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pdf = (site / "cards" / "test-chapter.pdf").read_bytes() if size == "a6" else \
        render_cards(g, site_url=SITE, size=size, workers=1)["cards/test-chapter.pdf"]
    pages = card_pages(pdf)
    assert missing_in_cards(g, pages) == []

    # "[II, B; benefit 4]": each of the three grades is in it; with "4]" lost, none is found.
    grades = [i for i in carried(g, "cards") if isinstance(i.where, GradeAt)
              and i.where.rec_id == "test-therapy-scored"]
    assert len(grades) == 3
    assert missing_in_cards(g, _without(pages, "4]")) == [i.missing(" (the card shows '[II, B; benefit')")
                                                         for i in grades]
    label = _item(g, "cards", "test-standard-practice", KindLabel)
    assert missing_in_cards(g, _without(pages, "clinical")) == [
        label.missing(" (the card shows 'Standard practice')")]


# ---------------------------------------------------------------- the build's gate and its cache

def test_build_refuses_cards_that_lost_content(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cell = '<td class="grade g{{ loop.index0 }}">'
    _edit(project / "templates" / "cards" / "cards.html.j2", cell + "{{ badge(b) }}</td>",
          cell + "{{ badge(b) if not loop.last else '' }}</td>")
    (project / "site").mkdir()
    (project / "site" / "old.html").write_text("previous build", "utf-8")
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "guidepress: cards: sites-of-metastases.pdf: recommendation 'histological-verification': " \
           "AGO grade '++' not found" in err
    assert "was left as it was" in err
    assert [p.name for p in (project / "site").iterdir()] == ["old.html"]


def test_a_card_sets_verdict_is_cached_with_it(project: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("GUIDEPRESS_NO_CACHE", raising=False)
    read: list[int] = []

    def counted(pdf: bytes) -> list[CardPage]:
        read.append(len(pdf))
        return card_pages(pdf)
    monkeypatch.setattr(card_sets, "card_pages", counted)
    home = project / "templates" / "site" / "pages" / "home.md.j2"

    assert main(["build", "--root", str(project)]) == 0
    assert len(read) == 1  # one chapter: its set (the all-chapters file is the same cards)
    _edit(home, "\n", "\nA page edit: the cards stay as they are.\n")
    capsys.readouterr()
    assert main(["build", "--root", str(project), "--explain"]) == 0
    assert len(read) == 1  # the same card set: its verdict from the cache
    assert "card check: up to date" in capsys.readouterr().out.splitlines()
    monkeypatch.setattr(card_sets, "verifier", lambda: "another verifier")
    _edit(home, "A page edit", "Another page edit")
    assert main(["build", "--root", str(project)]) == 0
    assert len(read) == 2  # another verifier: the set read again
