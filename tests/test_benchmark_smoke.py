"""The benchmark's generator at a tiny scale: a valid project with the counts asked for.

Timings are never asserted; benchmarks/run.py reports them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from guidepress.cli import main
from guidepress.phases import check

# Checked and built as a board that has set its publishing address (conftest.published).
pytestmark = pytest.mark.usefixtures("published")

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
TINY = generate.Scale("tiny", chapters=3, recommendations=40, references=60)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("bench") / "project"
    counts = generate.generate(root, TINY, seed=7)
    return root, counts


def test_generated_project_passes_check(project, capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = project
    assert main(["check", "--root", str(root), "--strict"]) == 0
    assert capsys.readouterr().out == ""  # no errors, no warnings


def test_generated_counts(project) -> None:
    root, counts = project
    g = check(root).guideline
    assert g is not None
    assert len(g.chapters) == TINY.chapters == counts.chapters
    assert sum(1 for _ in g.all_recommendations()) == TINY.recommendations == counts.recommendations
    assert len(g.references) == TINY.references == counts.references
    assert sum(len(c.sections) for c in g.chapters) == counts.sections
    cited = [k for c in g.chapters for _, grp in c.reference_groups() for k in grp.keys]
    assert len(cited) == counts.citations
    # Works shared across chapters, as in a real guideline.
    per_chapter = [{k for _, grp in c.reference_groups() for k in grp.keys} for c in g.chapters]
    assert any(a & b for i, a in enumerate(per_chapter) for b in per_chapter[i + 1 :])


def test_generated_shapes(project) -> None:
    root, _ = project
    g = check(root).guideline
    recs = list(g.all_recommendations())
    assert any(r.children for r in recs) and any(r.condition for r in recs)
    assert any(r.footnotes for r in recs) and any(r.details for r in recs)
    sections = [s for c in g.chapters for s in c.sections]
    assert all(3 <= sum(1 for _ in s.all_recommendations()) <= 10 for s in sections)
    assert any(s.tables for s in sections) or TINY.recommendations < 100
    assert all(c.glossary for c in g.chapters)
    assert any(grp.statement for c in g.chapters for _, grp in c.reference_groups())


def test_deterministic(tmp_path: Path) -> None:
    a = generate.generate(tmp_path / "a", TINY, seed=3)
    b = generate.generate(tmp_path / "b", TINY, seed=3)
    assert a.files == b.files
    for rel in a.files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    generate.generate(tmp_path / "c", TINY, seed=4)
    assert any(
        (tmp_path / "a" / rel).read_bytes() != (tmp_path / "c" / rel).read_bytes()
        for rel in a.files
        if rel.startswith("source/chapters/")
    )


@pytest.mark.parametrize("name", ["S", "M", "L"])
def test_scales_are_the_issue_s(name: str) -> None:
    scale = generate.SCALES[name]
    assert (scale.chapters, scale.recommendations, scale.references) == {
        "S": (1, 80, 250),
        "M": (30, 1_500, 4_000),
        "L": (200, 10_000, 20_000),
    }[name]


def test_runner_quick_stages(tmp_path: Path) -> None:
    run = _load("run")
    data = run.run(TINY, run.select("bare,check,validate,export"), seed=1, repeat=1, keep=None)
    assert set(data["stages"]) == {
        "bare_yaml",
        "bare_yaml_load",
        "bare_bib",
        "check",
        "check_serial",
        "validate",
        "export",
    }
    assert all(r["seconds"] is not None for r in data["stages"].values())
    assert [r["name"] for r in data["ratios"]] == [
        "check ÷ bare parsing (yaml.compose + bibtexparser)",
        "check in one process ÷ bare parsing",
    ]
