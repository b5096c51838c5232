"""Boards' projects of every shape, end to end: each test project is checked,
built and verified at A6 and at A7, and its real outputs are read back: the
export (validated against the schemas it publishes), the chapter page (its
HTML parsed) and the pocket cards (their words read from the PDF with
pypdfium2, as ``guidepress verify`` reads them).

Test content: tests/projects/grade-test, esmo-test, one-scheme and
six-schemes (TEST CONTENT, artificial, not clinical guidance). What each
statement must print is written out below, as a reader sees it, so that
the outputs are compared with the board's intent rather than with the
renderer's own functions.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from grading_projects import copy_test_project

from guidepress.cli import main
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.render.addresses import EXPORT_FHIR, scheme_code_anchor
from guidepress.verify import CardPage, Node, card_pages, card_texts, missing_in_cards, norm, parse_html, squash
from guidepress.verify.pdfwords import Word

#: (project, the preset its schemes come from, or None: its own scheme files)
PROJECTS = [("grade-test", "grade"), ("esmo-test", "esmo"), ("one-scheme", None), ("six-schemes", None)]
SIZES = ["a6", "a7"]
CHAPTER = "test-chapter"
MM_PER_PT = 25.4 / 72

#: Per project, per statement, its grades as printed: (label, printed code) per
#: scheme it carries, in the guideline's order; or, with a grade_format, the one
#: printed text; or, for an ungraded kind, the kind's label. A statement that
#: only heads children has no entry.
Printed = tuple[tuple[str, str], ...] | str
SHOWN: dict[str, dict[str, Printed]] = {
    "grade-test": {
        "test-strong-high": (("Certainty", "high"), ("Recommendation", "strong for")),
        "test-strong-low": (("Certainty", "low"), ("Recommendation", "strong for")),
        "test-good-practice": "Good practice statement",
        "test-conditional": (("Certainty", "very low"), ("Recommendation", "conditional against")),
        "test-child-good-practice": "Good practice statement",
        "test-child-graded": (("Certainty", "moderate"), ("Recommendation", "conditional for")),
    },
    "esmo-test": {
        "test-plain": "[I, A]",
        "test-therapy-scored": "[II, B; benefit 4]",
        "test-therapy-unscored": "[III, C]",
        "test-grade-alone": "[D]",
        "test-standard-practice": "Standard clinical practice",
    },
    "one-scheme": {
        "test-category-one": (("Category", "1"),),
        "test-category-two-a": (("Category", "2A"),),
        "test-child-two-b": (("Category", "2B"),),
        "test-child-three": (("Category", "3"),),
    },
    "six-schemes": {
        "test-all-six": (
            ("Certainty", "very low"),
            ("Direction", "conditional against"),
            ("Evidence", "III"),
            ("Consensus", "unanimous"),
            ("Benefit", "5"),
            ("Category", "Cat. 2B"),
        ),
        "test-five": (
            ("Certainty", "high"),
            ("Direction", "strong for"),
            ("Evidence", "I"),
            ("Consensus", "majority"),
            ("Category", "Cat. 1"),
        ),
        "test-without-level": (
            ("Certainty", "moderate"),
            ("Direction", "conditional for"),
            ("Consensus", "divided"),
            ("Category", "Cat. 2A"),
        ),
        "test-expert-consensus": "Expert consensus (artificial)",
        "test-child-strong-against": (
            ("Certainty", "low"),
            ("Direction", "strong against"),
            ("Evidence", "V"),
            ("Consensus", "majority"),
            ("Category", "Cat. 3"),
        ),
        "test-child-therapy": (
            ("Certainty", "moderate"),
            ("Direction", "conditional for"),
            ("Evidence", "II"),
            ("Consensus", "unanimous"),
            ("Benefit", "2"),
            ("Category", "Cat. 2A"),
        ),
    },
}
#: The cards' heading of a grade_format's one column: the format with the schemes' labels.
HEADERS = {"esmo-test": ["[LoE, GoR; benefit Benefit]"]}
#: The warnings a project's check reports on purpose (GRADE: strong from low certainty).
WARNINGS = {"grade-test": ["GP216"]}


@dataclass(frozen=True)
class Built:
    """One project built at one card size, its outputs read once."""

    name: str
    size: str
    root: Path
    g: Guideline
    diagnostics: list[dict[str, Any]]
    doc: dict[str, Any]
    ids: dict[str, Node]
    chapter: str  # the chapter page's text, normalised
    home: str  # the home page's text, normalised
    pages: list[CardPage]

    def export(self, path: str) -> Any:
        return json.loads((self.root / "site" / "export" / path).read_text(encoding="utf-8"))


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


@pytest.fixture(
    scope="module",
    params=[(name, preset, size) for name, preset in PROJECTS for size in SIZES],
    ids=[f"{name}-{size}" for name, _ in PROJECTS for size in SIZES],
)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, published: str) -> Built:
    # Published as a board would (the default mkdocs.yml's placeholder address warns, GP116).
    name, preset, size = request.param
    root = copy_test_project(name, preset, tmp_path_factory.mktemp(f"{name}-{size}") / "project")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:  # the plugin's options, over the defaults
        config.write(f"plugins:\n  guidepress:\n    card_size: {size}\n")
    status, report = _run("check", "--root", str(root), "--format", "json")
    assert status == 0, report
    assert _run("build", "--root", str(root))[0] == 0  # its gate reads the cards back
    assert _run("verify", "--root", str(root))[0] == 0  # export, pages and cards
    result = check(root)
    assert result.guideline is not None
    site = root / "site"
    page, ids = parse_html((site / CHAPTER / "index.html").read_text(encoding="utf-8"))
    home, _ = parse_html((site / "index.html").read_text(encoding="utf-8"))
    return Built(
        name=name,
        size=size,
        root=root,
        g=result.guideline,
        diagnostics=json.loads(report)["diagnostics"],
        doc=json.loads((site / "export" / "guideline.json").read_text(encoding="utf-8")),
        ids=ids,
        chapter=norm(page.text()),
        home=norm(home.text()),
        pages=card_pages((site / "cards" / f"{CHAPTER}.pdf").read_bytes()),
    )


def _exported(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The export's recommendations in document order, each before its children."""

    def walk(rec: dict[str, Any]) -> Iterator[dict[str, Any]]:
        yield rec
        for child in rec["children"]:
            yield from walk(child)

    for chapter in doc["chapters"]:
        for section in chapter["sections"]:
            for rec in section["recommendations"]:
                yield from walk(rec)


def _page_grades(printed: Printed) -> str:
    """What a statement's grades read as on its page: each label before its code."""
    return printed if isinstance(printed, str) else " ".join(f"{label} {code}" for label, code in printed)


# ---------------------------------------------------------------- check


def test_check_reports_no_errors(built: Built) -> None:
    assert [d["code"] for d in built.diagnostics if d["severity"] == "error"] == []
    assert [d["code"] for d in built.diagnostics] == WARNINGS.get(built.name, [])


def test_every_statement_has_its_expected_print(built: Built) -> None:
    """The table above covers the source: every statement that is not only a heading."""
    stated = {r.id for r in built.g.all_recommendations() if r.grades or built.g.ungraded(r)}
    assert set(SHOWN[built.name]) == stated


# ---------------------------------------------------------------- export


def test_the_export_validates_and_carries_every_statement_with_its_grades(built: Built) -> None:
    doc = built.doc
    for schema in ("guideline.schema.json", f"guideline.{built.g.id}.schema.json"):
        jsonschema.Draft202012Validator(built.export(schema)).validate(doc)
    exported = list(_exported(doc))
    assert [r["id"] for r in exported] == [r.id for r in built.g.all_recommendations()]  # all, in source order
    printed_as = SHOWN[built.name]
    for rec, out in zip(built.g.all_recommendations(), exported, strict=True):
        assert (out["text"], out["condition"], out.get("kind")) == (rec.text, rec.condition, rec.kind), rec.id
        assert out["grades"] == rec.grade_map, rec.id  # the codes themselves, never their printed form
        printed = printed_as.get(rec.id)
        if built.g.grade_format is not None and rec.grades:
            assert out["grades_display"] == printed, rec.id
        else:
            assert "grades_display" not in out, rec.id


def test_the_export_gives_each_code_as_the_board_prints_it(built: Built) -> None:
    """A consumer prints a code with its scheme's ``format`` from the export, as the page does."""
    formats = {s["id"]: s.get("format", "{code}") for s in built.doc["grading"]}
    labels = {s["id"]: s["label"] for s in built.doc["grading"]}
    for out in _exported(built.doc):
        printed = SHOWN[built.name].get(out["id"])
        if isinstance(printed, tuple):
            by_consumer = tuple(
                (labels[sid], formats[sid].replace("{code}", code)) for sid, code in out["grades"].items()
            )
            assert by_consumer == printed, out["id"]


# ---------------------------------------------------------------- pages


def _row(built: Built, rec_id: str) -> tuple[str, str]:
    """(statement, visible grades) of a recommendation's row on the chapter page."""
    row = built.ids[rec_id].find(lambda n: "gp-rec__row" in n.classes)
    assert row is not None, rec_id
    statement = row.find(lambda n: "gp-rec__text" in n.classes)
    grades = row.find(lambda n: "gp-grades" in n.classes)
    assert statement is not None and grades is not None, rec_id
    return norm(statement.text()), norm(grades.text(skip=lambda n: "gp-sr" in n.classes))


def test_the_chapter_page_shows_every_statement_with_its_grades(built: Built) -> None:
    for rec in built.g.all_recommendations():
        if rec.id not in SHOWN[built.name]:
            continue
        statement, grades = _row(built, rec.id)
        assert norm(" ".join(t for t in (rec.condition, rec.text) if t)) in statement, rec.id
        assert grades == _page_grades(SHOWN[built.name][rec.id]), rec.id


def test_the_site_says_it_is_test_content(built: Built) -> None:
    assert "Test Board (artificial)" in built.home
    if built.name in ("one-scheme", "six-schemes"):
        assert "TEST CONTENT, artificial, not clinical guidance" in built.chapter


# ---------------------------------------------------------------- cards


def _next_on_line(last: Word, word: Word) -> bool:
    return bool(abs(word["top"] - last["top"]) < 1.5 and 0 <= word["x0"] - last["x1"] < 6)  # a space apart


def _follows(run: list[Word], word: Word, page: CardPage) -> bool:
    """Whether ``word`` continues ``run``: next on its line, or, where the line
    ends there, wrapped under it in its column."""
    last = run[-1]
    if abs(word["top"] - last["top"]) < 1.5:
        return _next_on_line(last, word)
    if any(_next_on_line(last, w) for w in page.words):
        return False
    line = last["bottom"] - last["top"]
    left, right = min(w["x0"] for w in run), max(w["x1"] for w in run)
    return bool(0 < word["top"] - last["top"] < 2 * line and word["x0"] < right + 2 and word["x1"] > left - 2)


def _runs(pages: list[CardPage], printed: str) -> int:
    """How often ``printed`` is on the cards, each of its words a word of its own (not
    run together with a neighbour), one after another or wrapped inside its column."""
    first, *rest = printed.split()
    found = 0
    for page in pages:
        for start in (w for w in page.words if w["text"] == first):
            run = [start]
            for text in rest:
                nxt = next((w for w in page.words if w["text"] == text and _follows(run, w, page)), None)
                if nxt is None:
                    break
                run.append(nxt)
            found += len(run) == len(rest) + 1
    return found


def test_the_cards_carry_every_statement_and_grade(built: Built) -> None:
    assert missing_in_cards(built.g, built.pages) == []  # each grade read off its statement's row
    column, _ = card_texts(built.g, built.pages)
    for rec in built.g.all_recommendations():
        if rec.id in SHOWN[built.name]:
            assert squash(" ".join(t for t in (rec.condition, rec.text) if t)) in column, rec.id


def test_the_cards_print_each_grade_whole_in_the_boards_format(built: Built) -> None:
    """Every printed grade, and each label under which it prints, is found as whole
    words, as often as statements carry it: nothing clipped, nothing run together."""
    wanted: dict[str, int] = {}
    for printed in SHOWN[built.name].values():
        for code in [printed] if isinstance(printed, str) else [code for _, code in printed]:
            wanted[code] = wanted.get(code, 0) + 1
    for code, times in wanted.items():
        assert _runs(built.pages, code) >= times, (code, times)
    labels = {label for p in SHOWN[built.name].values() if not isinstance(p, str) for label, _ in p}
    for label in sorted(labels) + HEADERS.get(built.name, []):
        assert _runs(built.pages, label) >= 1, label


def test_the_cards_are_of_the_size_set(built: Built) -> None:
    width_mm, height_mm = {"a6": (105, 148), "a7": (74, 105)}[built.size]
    for page in built.pages:
        assert (round(page.width * MM_PER_PT), round(page.height * MM_PER_PT)) == (width_mm, height_mm)


def test_no_word_of_the_cards_leaves_its_page(built: Built) -> None:
    for n, page in enumerate(built.pages):
        outside = [w["text"] for w in page.words if w["x0"] < 0 or w["x1"] > page.width or w["bottom"] > page.height]
        assert outside == [], n


# ---------------------------------------------------------------- a scheme's own format


def test_a_schemes_format_prints_its_codes_everywhere(built: Built) -> None:
    """six-schemes' test-category prints "Cat. {code}"; no other scheme of these projects has a format."""
    formats = {s["id"]: s["format"] for s in built.doc["grading"] if "format" in s}
    specialised = built.export(f"guideline.{built.g.id}.schema.json")
    declared = "format" in specialised["$defs"]["grading_scheme"]["properties"]
    assert declared  # the generic schema declares it (contract 1.2.0); the specialised one keeps it
    if built.name != "six-schemes":
        assert formats == {}  # the key is written only where a scheme has one
        return
    assert formats == {"test-category": "Cat. {code}"}
    bad = json.loads(json.dumps(built.doc))
    bad["grading"][-1]["format"] = "Cat."
    assert not jsonschema.Draft202012Validator(specialised).is_valid(bad)
    # The grades page shows the codes as printed, each with its meaning.
    scheme = built.g.scheme("test-category")
    assert scheme is not None
    _, grades_ids = parse_html((built.root / "site" / "grades" / "index.html").read_text(encoding="utf-8"))
    chips = [norm(grades_ids[scheme_code_anchor(scheme, i)].text()) for i in range(1, len(scheme.codes) + 1)]
    assert chips == ["Cat. 1", "Cat. 2A", "Cat. 2B", "Cat. 3"]
    on_statements = {"1": 1, "2A": 2, "2B": 1, "3": 1}  # the test chapter's statements of each category
    # The page's linked data (schema.org recommendationStrength) prints them so too.
    chapter_html = (built.root / "site" / CHAPTER / "index.html").read_text(encoding="utf-8")
    assert "Benefit 5, Category Cat. 2B" in chapter_html
    # FHIR: each rating's text as printed, its coding the bare code of the scheme's CodeSystem.
    bundle = json.loads((built.root / "site" / EXPORT_FHIR).read_text(encoding="utf-8"))
    ratings = [
        c["classifier"][0]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "ArtifactAssessment"
        for c in e["resource"]["content"]
        if c["classifier"][0]["coding"][0]["system"].endswith("/test-category")
    ]
    assert sorted({(r["text"], r["coding"][0]["code"]) for r in ratings}) == [
        (f"Category Cat. {code}", code) for code in sorted(on_statements)
    ]
    # The cards print them so on the statements and once more in the grading card's key.
    for code, times in on_statements.items():
        assert _runs(built.pages, f"Cat. {code}") == times + 1, code
