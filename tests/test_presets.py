"""The scheme presets shipped in the package (guidepress.presets) and the
grade display format (guidepress.grade_format)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from grading_projects import ROOT

from guidepress import presets
from guidepress.grade_format import FormatError, parse, pieces, text
from guidepress.load.source import SourceLoader
from guidepress.model import GradingScheme
from guidepress.phases import check


def minimal_project(dest: Path, preset: presets.Preset) -> Path:
    """guideline.yml shaped as the default project's, the preset's schemes and
    one statement graded with the strongest code of each scheme."""
    guideline = (ROOT / "source" / "guideline.yml").read_text(encoding="utf-8")
    grading = f"grading: [{', '.join(preset.grading)}]"
    if preset.grade_format:
        grading += f"\ngrade_format: {json.dumps(preset.grade_format)}"
    guideline = guideline.replace("grading: [loe, gr, ago]", grading).replace("[sites-of-metastases]", "[minimal]")
    # The default's lead scheme (AGO) is none of a preset's.
    guideline = guideline.replace(
        "# The grade clinicians act on: the grades page explains it first.\nlead_scheme: ago\n", ""
    )
    (dest / "source" / "chapters").mkdir(parents=True)
    (dest / "source" / "guideline.yml").write_text(guideline, encoding="utf-8")
    for rel, body in preset.files.items():
        (dest / "source" / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / "source" / rel).write_text(body, encoding="utf-8")
    schemes = [scheme(dest / "source" / rel) for rel in preset.files]
    grades = json.dumps({s.id: s.codes[0].code for s in schemes})
    (dest / "source" / "chapters" / "minimal.yml").write_text(
        "# TEST CONTENT, artificial, not clinical guidance.\n"
        "id: minimal\ntitle: Minimal chapter\nsections:\n  - id: only-section\n    title: Only section\n"
        f"    recommendations:\n      - id: only-statement\n        text: Test statement (artificial)\n"
        f"        grades: {grades}\n",
        encoding="utf-8",
    )
    return dest


def scheme(path: Path) -> GradingScheme:
    loaded, diags = SourceLoader(path.parents[2]).scheme(path)
    assert loaded is not None and not diags, diags
    return loaded


def test_the_presets_shipped() -> None:
    assert presets.names() == ["esmo", "grade", "nccn", "oxford-ago"]
    with pytest.raises(presets.PresetError, match="choose one of esmo, grade, nccn, oxford-ago"):
        presets.load("gradee")


@pytest.mark.parametrize("name", presets.names())
def test_each_preset_checks_clean_in_a_minimal_project(tmp_path: Path, name: str) -> None:
    root = minimal_project(tmp_path / "project", presets.load(name))
    result = check(root)
    assert result.ok and result.diagnostics == [], [d.as_text() for d in result.diagnostics]
    assert result.guideline is not None
    assert [s.id for s in result.guideline.schemes] == list(presets.load(name).grading)


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_scheme_names_its_source(tmp_path: Path, name: str) -> None:
    root = minimal_project(tmp_path / "project", presets.load(name))
    for rel in presets.load(name).files:
        s = scheme(root / "source" / rel)
        assert s.source, rel
        assert all(c.meaning for c in s.codes), rel


def codes(preset: str, scheme_id: str, tmp_path: Path) -> list[str]:
    root = minimal_project(tmp_path / "project", presets.load(preset))
    return [c.code for c in scheme(root / "source" / "grading" / f"{scheme_id}.yml").codes]


def test_grade_preset(tmp_path: Path) -> None:
    assert codes("grade", "certainty", tmp_path / "a") == ["high", "moderate", "low", "very low"]
    assert codes("grade", "strength", tmp_path / "b") == [
        "strong for",
        "conditional for",
        "conditional against",
        "strong against",
    ]
    strength = scheme(minimal_project(tmp_path / "c", presets.load("grade")) / "source" / "grading" / "strength.yml")
    assert {(r.code, r.at_least, r.severity) for r in strength.rules} == {
        ("strong for", "moderate", "warning"),
        ("strong against", "moderate", "warning"),
    }
    assert [(k.id, k.graded) for k in strength.kinds] == [("good-practice", False)]


def test_esmo_and_nccn_presets(tmp_path: Path) -> None:
    assert codes("esmo", "esmo-loe", tmp_path / "a") == ["I", "II", "III", "IV", "V"]
    assert codes("esmo", "esmo-gor", tmp_path / "b") == ["A", "B", "C", "D", "E"]
    assert presets.load("esmo").grade_format == "[{esmo-loe}, {esmo-gor}]"
    assert codes("nccn", "nccn", tmp_path / "c") == ["1", "2A", "2B", "3"]


def test_oxford_ago_preset_is_the_default_projects_grading(tmp_path: Path) -> None:
    preset = presets.load("oxford-ago")
    root = minimal_project(tmp_path / "project", preset)
    for rel in preset.files:
        shipped = scheme(root / "source" / rel)
        default = scheme(ROOT / "source" / rel)
        # The preset adds the published definition where it can be cited; the rest is the same data.
        assert replace(shipped, uri=None, citation=None) == default, rel
    assert preset.grading == ("loe", "gr", "ago")


# ---------------------------------------------------------------- display format


@pytest.mark.parametrize(
    ("given", "printed"),
    [
        ({"a": "I", "b": "A", "c": "4"}, "[I, A; x 4]"),
        ({"a": "I", "b": "A"}, "[I, A]"),
        ({"b": "A", "c": "4"}, "[A; x 4]"),
        ({"b": "A"}, "[A]"),
        ({}, ""),
    ],
)
def test_a_scheme_left_out_drops_the_text_leading_to_it(given: dict[str, str], printed: str) -> None:
    assert text(pieces(parse("[{a}, {b}; x {c}]"), given.get)) == printed


@pytest.mark.parametrize("template", ["[{a}, {b]", "no schemes", "[{}, {a}]", "{a}}"])
def test_a_format_that_names_no_scheme_properly_is_refused(template: str) -> None:
    with pytest.raises(FormatError):
        parse(template)
