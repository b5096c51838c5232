"""`guidepress new DIR --scheme PRESET` writes a project that checks at once (its builds:
tests/test_install.py, from an installed wheel)."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress import presets
from guidepress.cli import main
from guidepress.phases import check

EXPECTED = {"README.md", "bib/example.bib", "source/guideline.yml", "source/chapters/example-chapter.yml"}


def written(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", presets.names())
def test_a_new_project_checks_clean_with_every_preset(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "board"
    assert main(["new", str(root), "--scheme", name]) == 0
    preset = presets.load(name)
    assert written(root) == EXPECTED | {f"source/{rel}" for rel in preset.files}  # no templates/, no mkdocs.yml
    for rel, text in preset.files.items():
        assert (root / "source" / rel).read_text("utf-8") == text
    result = check(root)
    assert result.ok and result.diagnostics == [], [d.as_text() for d in result.diagnostics]
    g = result.guideline
    assert g is not None and [s.id for s in g.schemes] == list(preset.grading)
    assert g.title == "Example guideline — replace"
    assert (g.grade_format is None) == (preset.grade_format is None)
    statements = list(g.chapters[0].all_recommendations())
    graded = statements[0]
    assert {gr.scheme: gr.code for gr in graded.grades} == {
        s.id: s.codes[0].code for s in g.schemes if s.applies_to is None
    }
    assert graded.text is not None and "artificial, not clinical guidance" in graded.text
    kinds = [k for s in g.schemes for k in s.kinds if not k.graded]
    # A preset with a kind of statement without grades shows one of it too.
    assert [r.kind for r in statements[1:]] == [k.id for k in kinds[:1]]
    assert [r.key for r in g.references] == ["example2024"] and g.chapters[0].cited_keys() == ["example2024"]
    readme = (root / "README.md").read_text("utf-8")
    assert "artificial" in readme and preset.title in readme
    assert f"wrote {root}" in capsys.readouterr().out


def test_a_grade_format_is_written_into_guideline_yml(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "board"), "--scheme", "esmo"]) == 0
    result = check(tmp_path / "board")
    assert result.guideline is not None and result.guideline.grade_format is not None
    assert (
        '\ngrade_format: "[{esmo-loe}, {esmo-gor}]"\n' in (tmp_path / "board" / "source" / "guideline.yml").read_text()
    )


def test_an_empty_folder_is_used_a_non_empty_one_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["new", str(tmp_path / "empty"), "--scheme", "nccn"]) == 0
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("the board's", "utf-8")
    capsys.readouterr()
    assert main(["new", str(tmp_path / "taken"), "--scheme", "nccn"]) == 2
    assert "is not an empty folder" in capsys.readouterr().err
    assert written(tmp_path / "taken") == {"notes.txt"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "taken"]  # no staging folder left


def test_an_unknown_preset_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["new", str(tmp_path / "board"), "--scheme", "gradee"])
    assert refused.value.code == 2
    assert "choose from 'esmo', 'grade', 'nccn', 'oxford-ago'" in capsys.readouterr().err
    assert not (tmp_path / "board").exists()
