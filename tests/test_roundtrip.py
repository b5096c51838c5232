"""Round trip: every statement, grade, footnote, cell, term and reference of
the source is in the export, the site and the cards (guidepress.verify),
and the checker notices when any one of them is dropped from an output.

The default content is built once for this module (site, cards, export);
each mutation test edits a copy of one output and expects the checker to
name exactly what went missing.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_project
from shared import default_build

from guidepress.cli import main
from guidepress.model import Guideline
from guidepress.verify import CardPage, card_pages, carried, missing_in_cards, missing_in_export, missing_in_html
from guidepress.verify.carried import Abbreviation, GlossaryTerm, GradeAt, GroupItem, Marker, Reference, Statement

EPOCH = "1700000000"
REC = "histological-verification"  # "Histological verification", grades 3 / B / ++
CHAPTER_PDF = "cards/sites-of-metastases.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_build(tmp_path_factory, EPOCH) / "site"


@pytest.fixture(scope="module")
def export_doc(built: Path) -> dict:
    return json.loads((built / "export" / "guideline.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def pages(built: Path) -> list[CardPage]:
    return card_pages((built / CHAPTER_PDF).read_bytes())


@pytest.fixture
def site_copy(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "site"))


# ---------------------------------------------------------------- what is carried


def test_each_output_carries_what_belongs_to_it(guideline: Guideline) -> None:
    recs = list(guideline.all_recommendations())
    for output in ("export", "html", "cards"):
        items = carried(guideline, output)
        kinds = [type(i.where) for i in items]
        assert kinds.count(Statement) == len(recs)
        assert kinds.count(GradeAt) == sum(len(r.grades) for r in recs) > 0
        assert kinds.count(Marker) == sum(len(r.footnotes) for r in recs)
    for output in ("export", "html"):
        kinds = [type(i.where) for i in carried(guideline, output)]
        assert kinds.count(Reference) == len(guideline.references)
        assert kinds.count(GroupItem) == sum(len(g.keys) for c in guideline.chapters for _, g in c.reference_groups())
        assert kinds.count(GlossaryTerm) == sum(
            len(c.glossary) + sum(len(w.synonyms) for w in c.wording) for c in guideline.chapters
        )
    cards = [type(i.where) for i in carried(guideline, "cards")]
    assert Reference not in cards and GroupItem not in cards and Abbreviation in cards


def test_the_default_outputs_lose_nothing(
    guideline: Guideline, built: Path, export_doc: dict, pages: list[CardPage]
) -> None:
    assert missing_in_export(guideline, export_doc) == []
    assert missing_in_html(guideline, built) == []
    assert missing_in_cards(guideline, pages) == []


# ---------------------------------------------------------------- export mutations


def test_export_with_one_grade_changed(guideline: Guideline, export_doc: dict) -> None:
    doc = copy.deepcopy(export_doc)
    rec = doc["chapters"][0]["sections"][0]["recommendations"][0]
    assert rec["id"] == REC
    rec["grades"]["ago"] = "+"
    assert missing_in_export(guideline, doc) == [
        f"recommendation {REC!r}: AGO grade '++' not found (the export has '+')"
    ]


def test_export_with_one_statement_dropped(guideline: Guideline, export_doc: dict) -> None:
    doc = copy.deepcopy(export_doc)
    del doc["chapters"][0]["sections"][0]["recommendations"][0]
    assert missing_in_export(guideline, doc) == [
        f"recommendation {REC!r}: statement 'Histological verification' not found "
        "(no recommendation with this id in the export)",
        f"recommendation {REC!r}: LoE grade '3' not found",
        f"recommendation {REC!r}: GR grade 'B' not found",
        f"recommendation {REC!r}: AGO grade '++' not found",
    ]


def test_export_with_a_cell_a_term_and_a_reference_lost(guideline: Guideline, export_doc: dict) -> None:
    doc = copy.deepcopy(export_doc)
    chapter = doc["chapters"][0]
    table = next(t for s in chapter["sections"] for t in s["tables"])
    table["rows"][1][2] = ""
    chapter["glossary"] = [e for e in chapter["glossary"] if e["term"] != "RFA"]
    doc["references"] = [r for r in doc["references"] if r["id"] != "aarts2021intraarterial"]
    problems = missing_in_export(guideline, doc)
    assert (
        f"table {table['id']!r}: row 2 cell 'Therapy prior to randomization' 'chemotherapy' not found "
        "(the export has '')" in problems
    )
    assert (
        "glossary of chapter 'sites-of-metastases': expansion of 'RFA' 'radiofrequency ablation' not found" in problems
    )
    assert any(p.startswith("reference 'aarts2021intraarterial': title 'Intra-Arterial Therapies") for p in problems)
    assert all("RFA" in p or "aarts2021intraarterial" in p or "chemotherapy" in p for p in problems), problems


# ---------------------------------------------------------------- site mutations


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), "utf-8")


def test_site_with_one_statement_text_removed(guideline: Guideline, site_copy: Path) -> None:
    _edit(
        site_copy / "sites-of-metastases" / "index.html",
        '<p class="gp-rec__text">Histological verification<a',
        '<p class="gp-rec__text"><a',
    )
    assert missing_in_html(guideline, site_copy) == [
        f"recommendation {REC!r}: statement 'Histological verification' not found"
    ]


def test_site_with_one_grade_code_changed(guideline: Guideline, site_copy: Path) -> None:
    page = site_copy / "sites-of-metastases" / "index.html"
    text = page.read_text("utf-8")
    start = text.index(f'id="{REC}"')
    code = '<b class="gp-grade__code">++</b>'
    at = text.index(code, start)
    page.write_text(text[:at] + code.replace("++", "+") + text[at + len(code) :], "utf-8")
    assert missing_in_html(guideline, site_copy) == [
        f"recommendation {REC!r}: AGO grade '++' not found (the page shows '+')"
    ]


def test_site_with_a_footnote_a_cell_and_a_glossary_row_lost(guideline: Guideline, site_copy: Path) -> None:
    page = site_copy / "sites-of-metastases" / "index.html"
    _edit(page, "<td>chemotherapy</td>", "<td></td>")
    _edit(page, "See chapters with systemic treatment recommendations</li>", "</li>")
    _edit(site_copy / "glossary" / "index.html", "radiofrequency ablation</td>", "</td>")
    assert missing_in_html(guideline, site_copy) == [
        "glossary of chapter 'sites-of-metastases': expansion of 'RFA' 'radiofrequency ablation' not found",
        "section 'general-treatment-aspects': footnote '*' 'See chapters with systemic treatment "
        "recommendations' not found",
        "table 'phase-3-trials-surgery-primary': row 2 cell 'Therapy prior to randomization' 'chemotherapy' "
        "not found (the page shows '')",
    ]


def test_site_without_a_chapter_page(guideline: Guideline, site_copy: Path) -> None:
    (site_copy / "sites-of-metastases" / "index.html").unlink()
    assert missing_in_html(guideline, site_copy) == [
        "chapter 'sites-of-metastases': page sites-of-metastases/index.html not found"
    ]


# ---------------------------------------------------------------- card mutations


def _statement_line(pages: list[CardPage], first_word: str) -> tuple[int, float]:
    for i, page in enumerate(pages):
        for w in page.words:
            if w["text"] == first_word:
                return i, w["top"]
    raise AssertionError(first_word)


def _without(pages: list[CardPage], keep) -> list[CardPage]:
    return [CardPage(p.width, p.height, tuple(w for w in p.words if keep(i, w))) for i, p in enumerate(pages)]


def test_cards_without_one_statement_line(guideline: Guideline, pages: list[CardPage]) -> None:
    at, top = _statement_line(pages, "Histological")
    fewer = _without(pages, lambda i, w: not (i == at and abs(w["top"] - top) < 1.5))
    assert missing_in_cards(guideline, fewer) == [
        f"recommendation {REC!r}: statement 'Histological verification' not found",
        f"recommendation {REC!r}: LoE grade '3' not found (its statement is not on the cards)",
        f"recommendation {REC!r}: GR grade 'B' not found (its statement is not on the cards)",
        f"recommendation {REC!r}: AGO grade '++' not found (its statement is not on the cards)",
    ]


def test_cards_with_one_grade_missing_or_wrong(guideline: Guideline, pages: list[CardPage]) -> None:
    at, top = _statement_line(pages, "Histological")
    fewer = _without(pages, lambda i, w: not (i == at and abs(w["top"] - top) < 1.5 and w["text"] == "++"))
    assert missing_in_cards(guideline, fewer) == [f"recommendation {REC!r}: AGO grade '++' not found"]
    changed = [
        CardPage(
            p.width,
            p.height,
            tuple(
                {**w, "text": "+"} if i == at and abs(w["top"] - top) < 1.5 and w["text"] == "++" else w
                for w in p.words
            ),
        )
        for i, p in enumerate(pages)
    ]
    assert missing_in_cards(guideline, changed) == [
        f"recommendation {REC!r}: AGO grade '++' not found (the card shows '+')"
    ]


def test_cards_without_a_footnote_or_a_cell(guideline: Guideline, pages: list[CardPage]) -> None:
    fewer = _without(pages, lambda i, w: w["text"] not in ("chemotherapy", "recommendations"))
    problems = missing_in_cards(guideline, fewer)
    assert (
        "table 'phase-3-trials-surgery-primary': row 2 cell 'Therapy prior to randomization' "
        "'chemotherapy' not found" in problems
    )
    assert (
        "section 'general-treatment-aspects': footnote '*' 'See chapters with systemic treatment "
        "recommendations' not found" in problems
    )


def test_a_statement_wrapped_with_a_line_break_hyphen_is_found(guideline: Guideline, pages: list[CardPage]) -> None:
    """A hyphen ending a PDF line may be one the break added: "Histo-" / "logical"."""

    def split(w: dict) -> list[dict]:
        if w["text"] != "Histological":
            return [w]
        return [{**w, "text": "Histo-"}, {**w, "text": "logical", "top": w["top"] + 9, "bottom": w["bottom"] + 9}]

    wrapped = [CardPage(p.width, p.height, tuple(x for w in p.words for x in split(w))) for p in pages]
    assert wrapped != pages
    assert [p for p in missing_in_cards(guideline, wrapped) if "statement" in p] == []


# ---------------------------------------------------------------- the gate and the command


def test_build_refuses_a_template_that_drops_content(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    macros = project / "templates" / "site" / "pages" / "_macros.md.j2"
    _edit(macros, '<li markdown="span">{{ detail|md }}</li>', '<li markdown="span"></li>')
    (project / "site").mkdir()
    (project / "site" / "old.html").write_text("previous build", "utf-8")
    assert main(["build", "--root", str(project), "--no-cards"]) == 1
    err = capsys.readouterr().err
    assert "guidepress: html: recommendation 'liver-resection-r0': detail 'HR-positive: chemotherapy-sensitive" in err
    assert "was left as it was" in err
    assert [p.name for p in (project / "site").iterdir()] == ["old.html"]
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []


def test_verify_command(
    guideline: Guideline, built: Path, site_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(copy_project(tmp_path / "project"))
    assert main(["verify", "--root", root, "--out", str(built)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^export: all \d+ items found$", out, re.M)
    assert re.search(r"^cards: all \d+ items found$", out, re.M)
    _edit(
        site_copy / "sites-of-metastases" / "index.html",
        '<p class="gp-rec__text">Histological verification<a',
        '<p class="gp-rec__text"><a',
    )
    assert main(["verify", "--root", root, "--out", str(site_copy), "--no-cards"]) == 1
    out = capsys.readouterr().out
    assert f"html: 1 missing\n  recommendation {REC!r}: statement 'Histological verification' not found" in out
    assert "cards" not in out
    assert main(["verify", "--root", root, "--out", str(tmp_path / "nowhere")]) == 2
