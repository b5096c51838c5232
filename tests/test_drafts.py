"""`status: draft|consultation`: marked in the preview, left out of a published
build (with what only it cites) unless `--include-drafts`, said in the export;
`guidepress verify` agrees with either build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project
from releases import apply_edit
from test_export_contract import recs

from guidepress.cli import main
from guidepress.editorial import published
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.render.pages import site_pages

CHAPTER = "source/chapters/sites-of-metastases.yml"
DRAFT = "pleural-continuous-drainage"  # the only statement its reference list (two works) supports
CONSULTED = "pleural-talcum-powder"  # a child


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("drafts") / "project")
    path = root / CHAPTER
    text = path.read_text(encoding="utf-8")
    text = apply_edit(text, f"      - id: {DRAFT}\n", f"      - id: {DRAFT}\n        status: draft\n")
    text = apply_edit(
        text, f"          - id: {CONSULTED}\n", f"          - id: {CONSULTED}\n            status: consultation\n"
    )
    path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def full(project: Path) -> Guideline:
    result = check(project)
    assert result.ok and result.guideline is not None, [d.as_text() for d in result.diagnostics]
    return result.guideline


def statuses(doc: dict[str, Any]) -> dict[str, str | None]:
    """Each exported recommendation's editorial status (None: published)."""
    return {r["id"]: r.get("status") for r in recs(doc)}


def ids(g: Guideline) -> set[str]:
    return {r.id for r in g.all_recommendations()}


def test_a_published_model_leaves_drafts_out_with_what_only_they_cite(full: Guideline) -> None:
    out = published(full)
    assert ids(full) - ids(out) == {DRAFT, CONSULTED}
    keys = {r.key for r in out.references}
    assert {"warren2008management", "hak2016safety"} <= {r.key for r in full.references}
    assert not {"warren2008management", "hak2016safety"} & keys
    groups = [g.statement for c in out.chapters for _, g in c.reference_groups()]
    assert DRAFT not in groups
    assert published(out) is out  # nothing left to leave out


def test_the_preview_shows_them_marked(full: Guideline, project: Path) -> None:
    page = site_pages(full, project)["sites-of-metastases.md"]
    assert '<span class="gp-editorial-status" data-status="draft">[draft, not yet published]</span>' in page
    assert '<span class="gp-editorial-status" data-status="consultation">[in consultation]</span>' in page


def test_a_build_leaves_them_out_and_verify_agrees(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", "--root", str(project), "--out", str(site), "--no-cards"]) == 0
    doc = json.loads((site / "export" / "guideline.json").read_text(encoding="utf-8"))
    assert [i for i, s in statuses(doc).items() if s is not None] == []
    assert {DRAFT, CONSULTED}.isdisjoint(statuses(doc))
    page = (site / "sites-of-metastases" / "index.html").read_text(encoding="utf-8")
    assert f'id="{DRAFT}"' not in page and "gp-editorial-status" not in page
    assert main(["verify", "--root", str(project), "--out", str(site), "--no-cards"]) == 0  # not "lost"
    # A site without them is missing them when drafts are expected.
    assert main(["verify", "--root", str(project), "--out", str(site), "--no-cards", "--include-drafts"]) == 1


def test_include_drafts_publishes_them_marked_and_the_export_says_so(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", "--root", str(project), "--out", str(site), "--no-cards", "--include-drafts"]) == 0
    status = statuses(json.loads((site / "export" / "guideline.json").read_text(encoding="utf-8")))
    assert status[DRAFT] == "draft" and status[CONSULTED] == "consultation"
    assert [i for i, s in status.items() if s is not None] == [DRAFT, CONSULTED]
    page = (site / "sites-of-metastases" / "index.html").read_text(encoding="utf-8")
    assert "[draft, not yet published]" in page and "[in consultation]" in page
    assert main(["verify", "--root", str(project), "--out", str(site), "--no-cards", "--include-drafts"]) == 0


def test_an_unknown_status_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "project")
    path = root / CHAPTER
    path.write_text(
        apply_edit(
            path.read_text(encoding="utf-8"), f"      - id: {DRAFT}\n", f"      - id: {DRAFT}\n        status: final\n"
        ),
        encoding="utf-8",
    )
    assert main(["check", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "GP111" in out and "'final' is not a status; use draft or consultation (or none: published)" in out
