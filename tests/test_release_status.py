"""Each recommendation's status against the `previous_release` guideline.yml names
(a git tag of a temporary repository, or an export kept in it), computed once
into the model, agreeing with `guidepress diff`; and "since" from older tags."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_project
from releases import PREVIOUS_TAG, apply_edit, released_repo, unmarked

from guidepress.cli import main
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.release_status import RecStatus
from guidepress.releases import diff
from guidepress.releases.status import aspects
from guidepress.render.pages import site_pages

OLDER = "v2022.1"
CHAPTER = "source/chapters/sites-of-metastases.yml"
# In the 2022 release one statement read otherwise: since 2023.1E, while the rest has stood since 2022.1.
OLD_TEXT = ("text: Systemic therapy preferred", "text: Systemic therapy is preferred")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The released repository (tests/releases.py) with a 2022.1 tag before PREVIOUS_TAG."""
    base = tmp_path_factory.mktemp("status")
    older = copy_project(base / "older")
    for name, (old, new) in (("source/guideline.yml", ("version: 2023.1E", "version: 2022.1")), (CHAPTER, OLD_TEXT)):
        path = older / name
        path.write_text(apply_edit(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    return released_repo(base / "repo", before=(older, OLDER))


@pytest.fixture(scope="module")
def built(repo: Path) -> Guideline:
    result = check(repo)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    assert result.guideline is not None
    return result.guideline


def statuses(g: Guideline) -> dict[str, RecStatus]:
    out = {}
    for r in g.all_recommendations():
        assert r.change is not None, r.id
        out[r.id] = r.change
    return out


def test_every_status_agrees_with_the_diff(built: Guideline, guideline: Guideline) -> None:
    changes = diff(guideline, unmarked(built))
    found = statuses(built)
    assert {i for i, s in found.items() if s.status == "new"} == {s.id for s in changes.added} == {"liver-histotripsy"}
    changed = {c.id: c for c in changes.changed}
    assert {i for i, s in found.items() if s.status == "changed"} == set(changed)
    for rec_id, change in changed.items():
        status = found[rec_id]
        assert status.aspects == aspects(change)
        assert [(g.scheme, g.old, g.new, g.direction) for g in status.grades] == [
            (g.scheme, g.old, g.new, g.direction) for g in change.grades
        ]
    assert found["pleural-indwelling-catheter-drainage"].old_id == "pleural-continuous-drainage"
    assert found["ascites-puncture-drainage"].aspects == ("reworded",)
    assert [(g.direction, g.scheme) for g in found["surgery-of-metastases-good-response"].grades] == [
        ("upgrade", "ago")
    ]
    assert [(g.direction, g.scheme) for g in found["stereotactic-radiotherapy-oligometastases"].grades] == [
        ("downgrade", "gr")
    ]
    assert built.release is not None
    assert (built.release.version, built.release.previous, built.release.source) == (
        "2024.1E-test",
        "2023.1E",
        PREVIOUS_TAG,
    )
    assert [(r.id, r.text) for r in built.release.removed] == [("liver-ire-litt-hifu", "IRE, LITT, HIFU")]


def test_since_comes_from_the_older_tags(built: Guideline) -> None:
    found = statuses(built)
    assert found["systemic-therapy-preferred"].since == "2023.1E"  # reworded between 2022.1 and 2023.1E
    unchanged = [s.since for s in found.values() if s.status == "unchanged"]
    assert unchanged.count("2022.1") == len(unchanged) - 1
    assert found["liver-histotripsy"].since is None


def test_an_export_kept_in_the_repository_is_a_previous_release(
    repo: Path, built: Guideline, tmp_path: Path, guideline: Guideline
) -> None:
    project = tmp_path / "project"
    for part in ("source", "bib", "templates"):
        shutil.copytree(repo / part, project / part)
    old = copy_project(tmp_path / "old")
    assert main(["export", "--root", str(old), "--out", str(tmp_path / "site")]) == 0
    (project / "releases").mkdir()
    shutil.copy(tmp_path / "site" / "export" / "guideline.json", project / "releases" / "2023.1.json")
    path = project / "source" / "guideline.yml"
    path.write_text(
        apply_edit(
            path.read_text(encoding="utf-8"),
            f"previous_release: {PREVIOUS_TAG}",
            "previous_release: releases/2023.1.json",
        ),
        encoding="utf-8",
    )
    result = check(project)
    assert result.ok and result.guideline is not None
    # Not in a repository: no tags, so whatever is unchanged has stood since the previous release.
    from_export = statuses(result.guideline)
    assert {i: s.status for i, s in from_export.items()} == {i: s.status for i, s in statuses(built).items()} | {
        # The export does not carry `replaces` for the old side, but the new side declares it.
        "pleural-indwelling-catheter-drainage": "changed"
    }
    assert {s.since for s in from_export.values() if s.status == "unchanged"} == {"2023.1E"}


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("releases/none.json", "GP230", "no such file"),
        ("v9", "GP232", "has no revision 'v9'"),
    ],
)
def test_a_previous_release_that_cannot_be_read(
    repo: Path, tmp_path: Path, value: str, code: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo / "source" / "guideline.yml"
    saved = path.read_text(encoding="utf-8")
    try:
        path.write_text(apply_edit(saved, f"previous_release: {PREVIOUS_TAG}", f"previous_release: {value}"), "utf-8")
        assert main(["check", "--root", str(repo), "--format", "json"]) == 1
        # Besides the default mkdocs.yml's placeholder address, a warning (GP116).
        [diag] = [d for d in json.loads(capsys.readouterr().out)["diagnostics"] if d["code"] != "GP116"]
        assert (diag["code"], diag["file"], diag["line"]) == (code, "source/guideline.yml", saved.count("\n"))
        assert words in diag["message"]
    finally:
        path.write_text(saved, encoding="utf-8")


def test_review_state_is_counted_over_the_release_history(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """History 2022.1, 2023.1E, now 2024.1E-test: with review_interval 1 a statement the same
    since 2022.1 is due; one reviewed now is not (and says so to readers); an unknown version is named."""
    guideline, chapter = repo / "source" / "guideline.yml", repo / CHAPTER
    saved = {p: p.read_text(encoding="utf-8") for p in (guideline, chapter)}
    try:
        guideline.write_text(saved[guideline] + "review_interval: 1\n", encoding="utf-8")
        text = apply_edit(
            saved[chapter],
            "      - id: cytological-verification\n",
            "      - id: cytological-verification\n        reviewed: 2024.1E-test\n",
        )
        text = apply_edit(
            text,
            "      - id: histological-verification\n",
            "      - id: histological-verification\n        reviewed: 2042.1\n",
        )
        chapter.write_text(text, encoding="utf-8")
        result = check(repo)
        assert result.ok and result.guideline is not None
        assert result.guideline.release is not None and result.guideline.release.history == ("2022.1", "2023.1E")
        due = {d.message.split("'")[1] for d in result.diagnostics if d.code == "GP235"}
        expected = {i for i, s in statuses(result.guideline).items() if s.since == "2022.1"}
        assert due == expected - {"cytological-verification"} and "cytological-verification" in expected
        [unknown] = [d for d in result.diagnostics if d.code == "GP236"]
        assert "'2042.1', which is not a release of this guideline (its releases: 2022.1, 2023.1E, 2024.1E-test)" in (
            unknown.message
        )
        page = site_pages(result.guideline, repo)["sites-of-metastases.md"]
        assert '<span class="gp-reviewed">[reaffirmed 2024.1E-test]</span>' in page
    finally:
        for path, text in saved.items():
            path.write_text(text, encoding="utf-8")
