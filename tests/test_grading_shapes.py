"""Grading of any shape, as data: the GRADE and ESMO test projects
(tests/projects/, TEST CONTENT) check, build and export as their data says."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from grading_projects import copy_test_project, line_of

from guidepress.cli import main
from guidepress.model import GradeFormat
from guidepress.phases import check
from guidepress.releases.changes import ItemChange
from guidepress.releases.content import compare_content
from guidepress.render.cards import card_set_html
from guidepress.render.export import export_files
from guidepress.verify import norm, parse_html

# Checked and built as a board that has set its publishing address (conftest.published).
pytestmark = pytest.mark.usefixtures("published")

CHAPTER = "source/chapters/test-chapter.yml"


def check_json(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[dict]]:
    code = main(["check", "--root", str(root), "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)["diagnostics"]


def exported(root: Path) -> dict:
    return json.loads((root / "site" / "export" / "guideline.json").read_text(encoding="utf-8"))


def recs_by_id(doc: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}
    stack = [r for ch in doc["chapters"] for s in ch["sections"] for r in s["recommendations"]]
    while stack:
        rec = stack.pop()
        out[rec["id"]] = rec
        stack.extend(rec["children"])
    return out


def row(root: Path, rec_id: str) -> tuple[str, str]:
    """(visible grades text, kind label) of a recommendation's row on its chapter page."""
    _, ids = parse_html((root / "site" / "test-chapter" / "index.html").read_text(encoding="utf-8"))
    el = ids[rec_id].find(lambda n: "gp-rec__row" in n.classes)
    assert el is not None
    grades = el.find(lambda n: "gp-grades" in n.classes)
    kind = el.find(lambda n: "gp-kind" in n.classes)
    shown = norm(grades.text(skip=lambda n: "gp-sr" in n.classes)) if grades is not None else ""
    return shown, norm(kind.text()) if kind is not None else ""


@pytest.fixture(scope="module")
def grade_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_test_project("grade-test", "grade", tmp_path_factory.mktemp("grade") / "project")
    assert main(["build", "--root", str(root), "--no-cards"]) == 0
    return root


@pytest.fixture(scope="module")
def esmo_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_test_project("esmo-test", "esmo", tmp_path_factory.mktemp("esmo") / "project")
    assert main(["build", "--root", str(root), "--no-cards"]) == 0
    return root


# ---------------------------------------------------------------- GRADE


def test_grade_check_warns_on_the_strong_recommendation_from_low_certainty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_test_project("grade-test", "grade", tmp_path / "project")
    code, diags = check_json(root, capsys)
    line = line_of(root / CHAPTER, "strength: strong for", after="id: test-strong-low")
    assert code == 0
    assert [(d["file"], d["line"], d["severity"], d["code"]) for d in diags] == [(CHAPTER, line, "warning", "GP216")]
    assert "strong recommendation from low or very low certainty" in diags[0]["message"]
    assert check_json(root, capsys, "--strict")[0] == 1


def test_grade_good_practice_statements_need_no_grade_and_take_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_test_project("grade-test", "grade", tmp_path / "project")
    chapter = root / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        text.replace(
            "        kind: good-practice\n        text: Test good practice statement",
            "        kind: good-practice\n"
            "        grades: {certainty: high, strength: strong for}\n"
            "        text: Test good practice statement",
        ),
        encoding="utf-8",
    )
    code, diags = check_json(root, capsys)
    line = line_of(chapter, "grades:", after="id: test-good-practice")
    assert code == 1
    assert {(d["line"], d["code"]) for d in diags if d["severity"] == "error"} == {(line, "GP218")}


def test_grade_export_carries_kinds_and_rules(grade_built: Path) -> None:
    doc = exported(grade_built)
    jsonschema.validate(doc, json.loads((grade_built / "site" / "export" / "guideline.schema.json").read_text()))
    assert doc["kinds"] == [
        {
            "id": "good-practice",
            "label": "Good practice statement",
            "graded": False,
            "description": doc["kinds"][0]["description"],
        }
    ]
    recs = recs_by_id(doc)
    assert recs["test-good-practice"]["kind"] == "good-practice" and recs["test-good-practice"]["grades"] == {}
    assert recs["test-child-good-practice"]["kind"] == "good-practice"
    assert "kind" not in recs["test-strong-low"] and "grades_display" not in recs["test-strong-low"]
    strength = next(s for s in doc["grading"] if s["id"] == "strength")
    assert [r["severity"] for r in strength["rules"]] == ["warning", "warning"]
    assert strength["uri"] == "https://gdt.gradepro.org/app/handbook/handbook.html"


def test_grade_pages_show_the_kind_where_grades_would_be(grade_built: Path) -> None:
    assert row(grade_built, "test-good-practice") == ("Good practice statement", "Good practice statement")
    assert row(grade_built, "test-child-good-practice")[1] == "Good practice statement"
    assert row(grade_built, "test-strong-low") == ("Certainty low Recommendation strong for", "")
    grades_page = (grade_built / "site" / "grades" / "index.html").read_text(encoding="utf-8")
    assert "Statement kinds" in grades_page
    assert "not appropriate for formal ratings of quality of evidence" in grades_page
    # A guideline with ungraded statements does not promise a grade from every scheme.
    home = (grade_built / "site" / "index.html").read_text(encoding="utf-8")
    assert "with its grades from these schemes" in home and "one grade from each scheme" not in home


# ---------------------------------------------------------------- ESMO

PRINTED = {
    "test-plain": "[I, A]",
    "test-therapy-scored": "[II, B; benefit 4]",
    "test-therapy-unscored": "[III, C]",
    "test-grade-alone": "[D]",
}


def test_esmo_check_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_test_project("esmo-test", "esmo", tmp_path / "project")
    assert check_json(root, capsys, "--strict") == (0, [])


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        # the third scheme grades therapy statements only
        ("grades: {esmo-loe: I, esmo-gor: A}", 'grades: {esmo-loe: I, esmo-gor: A, test-benefit: "4"}', "GP219"),
        # the grade of recommendation is required, the level of evidence is not
        ("grades: {esmo-gor: D}", "grades: {esmo-loe: IV}", "GP202"),
    ],
)
def test_esmo_optional_and_applies_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, code: str
) -> None:
    root = copy_test_project("esmo-test", "esmo", tmp_path / "project")
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    status, diags = check_json(root, capsys)
    assert status == 1
    assert [d["code"] for d in diags] == [code]


def test_esmo_export_carries_the_printed_grades(esmo_built: Path) -> None:
    doc = exported(esmo_built)
    jsonschema.validate(doc, json.loads((esmo_built / "site" / "export" / "guideline.schema.json").read_text()))
    assert doc["guideline"]["grade_format"] == "[{esmo-loe}, {esmo-gor}; benefit {test-benefit}]"
    recs = recs_by_id(doc)
    assert {i: r["grades_display"] for i, r in recs.items() if "grades_display" in r} == PRINTED
    assert recs["test-standard-practice"]["kind"] == "standard-practice"
    benefit = next(s for s in doc["grading"] if s["id"] == "test-benefit")
    assert benefit["required"] is False and benefit["applies_to"] == ["therapy"]
    assert next(s for s in doc["grading"] if s["id"] == "esmo-loe")["required"] is False


def test_esmo_pages_print_the_grades_as_the_board_does(esmo_built: Path) -> None:
    for rec_id, printed in PRINTED.items():
        assert row(esmo_built, rec_id) == (printed, ""), rec_id
    assert row(esmo_built, "test-standard-practice") == ("Standard clinical practice", "Standard clinical practice")
    grades_page = (esmo_built / "site" / "grades" / "index.html").read_text(encoding="utf-8")
    assert "[LoE, GoR; benefit Benefit]" in grades_page


def test_esmo_cards_print_one_column_in_the_boards_format(tmp_path: Path) -> None:
    root = copy_test_project("esmo-test", "esmo", tmp_path / "project")
    result = check(root)
    assert result.ok and result.guideline is not None
    g = result.guideline
    html = card_set_html(g, list(g.chapters), site_url=None, size="a6", templates=root / "templates" / "cards")
    _, ids = parse_html(html)
    header = [norm(th.text()) for th in ids["test-chapter--test-section"].find_all(lambda n: n.tag == "th")]
    assert header == ["Statement", "[LoE, GoR; benefit Benefit]"]
    for rec_id, printed in PRINTED.items():
        cells = [norm(td.text()) for td in ids[rec_id].find_all(lambda n: n.tag == "td")]
        assert cells[1:] == [printed], rec_id
    kind = [norm(td.text()) for td in ids["test-standard-practice"].find_all(lambda n: n.tag == "td")]
    assert kind[1:] == ["Standard clinical practice"]


def test_esmo_a_schemes_format_prints_inside_the_guidelines_format(tmp_path: Path) -> None:
    """A scheme's own format ("GoR {code}") prints its code inside grade_format too."""
    root = copy_test_project("esmo-test", "esmo", tmp_path / "project")
    scheme = root / "source" / "grading" / "esmo-gor.yml"
    scheme.write_text(scheme.read_text(encoding="utf-8") + 'format: "GoR {code}"\n', encoding="utf-8")
    result = check(root)
    assert result.ok and result.guideline is not None
    g = result.guideline
    doc = json.loads(export_files(g)["export/guideline.json"])
    printed = {i: r["grades_display"] for i, r in recs_by_id(doc).items() if "grades_display" in r}
    assert printed == {
        "test-plain": "[I, GoR A]",
        "test-therapy-scored": "[II, GoR B; benefit 4]",
        "test-therapy-unscored": "[III, GoR C]",
        "test-grade-alone": "[GoR D]",
    }
    assert recs_by_id(doc)["test-plain"]["grades"] == {"esmo-loe": "I", "esmo-gor": "A"}
    html = card_set_html(g, list(g.chapters), site_url=None, size="a6", templates=root / "templates" / "cards")
    _, ids = parse_html(html)
    for rec_id, shown in printed.items():
        assert [norm(td.text()) for td in ids[rec_id].find_all(lambda n: n.tag == "td")][1:] == [shown], rec_id


def test_a_changed_scheme_format_is_a_change_between_releases(tmp_path: Path) -> None:
    root = copy_test_project("six-schemes", None, tmp_path / "project")
    old = check(root).guideline
    assert old is not None
    regraded = tuple(
        replace(s, format=GradeFormat("Category {code}")) if s.id == "test-category" else s for s in old.schemes
    )
    assert list(compare_content(old, replace(old, schemes=regraded))) == [
        ItemChange("field", "scheme test-category", "format", "Cat. {code}", "Category {code}")
    ]
