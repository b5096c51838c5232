"""The three formats of `guidepress diff` (text, JSON against its published
schema, Markdown), its exit codes and its warning for a version string that
did not change, on the test release (tests/data/releases/, TEST DATA)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import markdown
import pytest
from conftest import copy_project
from releases import apply_edit, make_release

from guidepress.cli import main
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.releases import diff
from guidepress.releases.report import md, render_markdown, render_text, text_lines, to_json

CHAPTER = "source/chapters/sites-of-metastases.yml"


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("reports")
    return copy_project(base / "old"), make_release(base / "new")


def schema() -> dict[str, Any]:
    return json.loads(resources.files("guidepress.schemas").joinpath("diff.schema.json").read_text("utf-8"))


def loaded(root: Path) -> Guideline:
    guideline = check(root).guideline
    assert guideline is not None
    return guideline


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


RELEASE_TEXT = """\
guidepress diff: OLD (2023.1E) -> NEW (2024.1E-test)
recommendations: 1 added, 1 removed, 4 changed (1 renamed, 1 reworded, 1 upgraded, 1 downgraded); 4 other changes
added
  + liver-histotripsy  section liver-metastases
      Histotripsy  [LoE 5, GR D, AGO +/-]
removed
  - liver-ire-litt-hifu  section liver-metastases
      IRE, LITT, HIFU  [LoE 5, GR D, AGO -]
changed
  ~ surgery-of-metastases-good-response  section general-treatment-aspects
      AGO: +/- -> + (upgrade)
  ~ stereotactic-radiotherapy-oligometastases  section general-treatment-aspects
      GR: B -> C (downgrade)
  ~ pleural-indwelling-catheter-drainage  renamed from pleural-continuous-drainage  section malignant-pleural-effusion
  ~ ascites-puncture-drainage  section malignant-ascites
      text: [-Puncture,-]{+Puncture and+} drainage in symptomatic [-patiens-]{+patients+}
other changes
  footnote section liver-metastases [*]: "interdisciplinary decision" -> "interdisciplinary tumour board decision"
  glossary chapter sites-of-metastases [HIFU]: removed "high-intensity focused ultrasound"
  glossary chapter sites-of-metastases [IRE]: removed "irreversible electroporation"
  reference badwe2015locoregional [journal]: "Lancet" -> "Lancet Oncol"
"""


def test_text_report(sides: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(sides[0]), str(sides[1]))
    assert code == 1 and err == ""
    assert out == RELEASE_TEXT.replace("OLD", str(sides[0])).replace("NEW", str(sides[1]))


def test_colour_on_a_terminal_only_adds_colour(sides: tuple[Path, Path]) -> None:
    changes = diff(loaded(sides[0]), loaded(sides[1]))
    coloured = render_text(text_lines(changes, "OLD", "NEW"), color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == RELEASE_TEXT


def test_json_report_validates_against_its_schema(sides: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(sides[0]), str(sides[1]), "--format", "json")
    assert code == 1
    report = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.Draft202012Validator(schema()).validate(report)
    assert report["summary"] == {
        "added": 1,
        "removed": 1,
        "changed": 4,
        "renamed": 1,
        "moved": 0,
        "reworded": 1,
        "upgrades": 1,
        "downgrades": 1,
        "other": 4,
    }
    assert report["changed"] is True and report["warnings"] == [] and report["hints"] == []
    reworded = next(c for c in report["recommendations"]["changed"] if c["reworded"])
    assert reworded["text"]["words"][:2] == [
        {"op": "removed", "text": "Puncture,"},
        {"op": "added", "text": "Puncture and"},
    ]


def test_json_schema_holds_every_kind_of_record(sides: tuple[Path, Path], tmp_path: Path) -> None:
    """Moves, hints, warnings, lists, conditions and works: the schema accepts them all, and nothing else."""
    root = copy_project(tmp_path / "many")
    chapter = root / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    for old, new in (
        ("- id: pleural-continuous-drainage", "- id: pleural-catheter-drainage"),
        ("statement: pleural-continuous-drainage", "statement: pleural-catheter-drainage"),
        ('condition: "HER2-positive:"', 'condition: "HER2-positive (IHC 3+):"'),
        (
            'text: Cryoablation\ngrades: {loe: 3b, gr: C, ago: "-"}',
            'text: Cryoablation\ngrades: {loe: 3b, gr: C, ago: "-"}\nfootnotes: ["*"]',
        ),
        ('condition: "Ascites:"', 'condition: "Malignant ascites:"'),
    ):
        text = apply_edit(text, old, new)
    chapter.write_text(text, encoding="utf-8")
    changes = diff(loaded(sides[0]), loaded(root))
    report = to_json(changes, "a", "b")
    assert report["hints"] and report["warnings"] and report["changes"]
    jsonschema.Draft202012Validator(schema()).validate(report)
    assert (
        "- `pleural-continuous-drainage` removed and `pleural-catheter-drainage` added with the same text: "
        "if it is one recommendation, declare `replaces: pleural-continuous-drainage` on "
        "`pleural-catheter-drainage`"
    ) in render_markdown(changes, "a", "b").splitlines()
    report["changes"][0]["kind"] = "colour"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema()).validate(report)


def test_markdown_report(sides: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(sides[0]), str(sides[1]), "--format", "markdown")
    assert code == 1
    assert out.startswith("# Changes from 2023.1E to 2024.1E-test\n")
    for line in (
        "## Added recommendations",
        "- `liver-histotripsy` (section liver-metastases): Histotripsy (LoE 5, GR D, AGO +/-)",
        "### `surgery-of-metastases-good-response`",
        "- AGO: `+/-` → `+` (upgrade)",
        "- renamed from `pleural-continuous-drainage`",
        "- text: ~~Puncture,~~ **Puncture and** drainage in symptomatic ~~patiens~~ **patients**",
        "| reference | badwe2015locoregional | journal | Lancet | Lancet Oncol |",
    ):
        assert line in out.splitlines(), line
    html = markdown.markdown(out, extensions=["tables", "pymdownx.tilde"])
    assert "<del>patiens</del> <strong>patients</strong>" in html
    assert html.count("<tr>") == 5  # the header and four other changes


def test_markdown_escapes_what_it_quotes() -> None:
    assert (
        md("*emphasis* | x_y [a](b) <i> ~sub~ ^sup^ & \\")
        == "\\*emphasis\\* \\| x\\_y \\[a\\](b) \\<i\\> \\~sub\\~ \\^sup\\^ \\& \\\\"
    )
    html = markdown.markdown(f"| a |\n|---|\n| {md('x | *y*')} |", extensions=["tables"])
    assert "<td>x | *y*</td>" in html


def test_no_change_exits_0_in_every_format(
    sides: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = copy_project(tmp_path / "again")
    code, out, err = run(capsys, str(sides[0]), str(again))
    assert (code, out.splitlines()[-1], err) == (0, "no changes", "")
    code, out, _ = run(capsys, str(sides[0]), str(again), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["changed"] is False and report["summary"]["changed"] == 0
    jsonschema.Draft202012Validator(schema()).validate(report)
    code, out, _ = run(capsys, str(sides[0]), str(again), "--format", "markdown")
    assert code == 0 and out.endswith("No changes.\n")


def test_same_version_with_changes_is_a_warning(
    sides: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "same-version")
    chapter = root / CHAPTER
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "text: Systemic therapy preferred", "text: Systemic therapy is preferred"
        ),
        "utf-8",
    )
    warning = (
        "both sides carry version '2023.1E' but their content differs: give the new release its own "
        "version in source/guideline.yml"
    )
    for fmt in ("text", "markdown"):
        code, out, err = run(capsys, str(sides[0]), str(root), "--format", fmt)
        assert code == 1 and err == f"guidepress diff: warning: {warning}\n"
    assert f"> **Warning:** {md(warning)}" in out
    code, out, err = run(capsys, str(sides[0]), str(root), "--format", "json")
    assert code == 1 and json.loads(out)["warnings"] == [warning] and err == ""


def test_markdown_of_the_model_alone(sides: tuple[Path, Path]) -> None:
    """The report functions take the model, so a build can print the same page."""
    changes = diff(loaded(sides[0]), loaded(sides[1]))
    page = render_markdown(changes, "2023.1E", "2024.1E-test")
    assert page.count("\n### ") == len(changes.changed) == 4
