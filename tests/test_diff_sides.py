"""The sides of `guidepress diff`: project folders, exports, git revisions
(of a temporary repository) and the inputs it refuses, each with exit 2 and
a message naming the side and its file, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project
from releases import git, make_release

from guidepress.cli import main
from guidepress.load import bibtex
from guidepress.load.memo import FileMemo
from guidepress.releases import sides
from guidepress.releases.same_files import same_bib_files

CHAPTER = "source/chapters/sites-of-metastases.yml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(capsys, *args, "--format", "json")
    return code, json.loads(out)


def without_sides(report: dict[str, Any]) -> dict[str, Any]:
    """The report with the sides' names left out (they differ by how a side was named)."""
    return {k: v for k, v in report.items() if k not in ("old", "new")} | {
        "versions": (report["old"]["version"], report["new"]["version"])
    }


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("sides")
    return copy_project(base / "old"), make_release(base / "new")


@pytest.fixture(scope="module")
def folder_report(folders: tuple[Path, Path]) -> dict[str, Any]:
    """The report of folder against folder, which every other way of naming the sides must equal."""
    from contextlib import redirect_stdout
    from io import StringIO

    buffer = StringIO()
    with redirect_stdout(buffer):
        assert main(["diff", str(folders[0]), str(folders[1]), "--format", "json"]) == 1
    return without_sides(json.loads(buffer.getvalue()))


def export(root: Path, dest: Path) -> Path:
    assert main(["export", "--root", str(root), "--out", str(dest)]) == 0
    return dest / "export" / "guideline.json"


# -- exports --------------------------------------------------------------------


def test_export_against_export_and_against_folder(
    folders: tuple[Path, Path], folder_report: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_json, new_json = export(folders[0], tmp_path / "a"), export(folders[1], tmp_path / "b")
    capsys.readouterr()
    code, report = as_json(capsys, str(old_json), str(folders[1]))
    assert code == 1 and without_sides(report) == folder_report
    # The export does not carry `replaces`: with an export as the new side the
    # rename is a removal and an addition, named as a possible rename.
    reports = []
    for old, new in ((old_json, new_json), (tmp_path / "a", new_json.parent), (folders[0], tmp_path / "b")):
        code, report = as_json(capsys, str(old), str(new))
        assert code == 1
        reports.append(without_sides(report))
    assert reports[0] == reports[1] == reports[2]
    recs, expected = reports[0]["recommendations"], folder_report["recommendations"]
    assert [s["id"] for s in recs["removed"]] == ["liver-ire-litt-hifu", "pleural-continuous-drainage"]
    assert [s["id"] for s in recs["added"]] == ["liver-histotripsy", "pleural-indwelling-catheter-drainage"]
    assert recs["changed"] == [c for c in expected["changed"] if not c["renamed"]]
    assert [(h["old_id"], h["new_id"], h["reason"]) for h in reports[0]["hints"]] == [
        ("pleural-continuous-drainage", "pleural-indwelling-catheter-drainage", "same text")
    ]
    extra = [c for c in reports[0]["changes"] if c not in folder_report["changes"]]
    assert [(c["kind"], c["key"], c["old"], c["new"]) for c in extra] == [
        ("group", "statement pleural-continuous-drainage", "hak2016safety", None),
        ("group", "statement pleural-continuous-drainage", "warren2008management", None),
        ("group", "statement pleural-indwelling-catheter-drainage", None, "hak2016safety"),
        ("group", "statement pleural-indwelling-catheter-drainage", None, "warren2008management"),
    ]
    assert len(reports[0]["changes"]) == len(folder_report["changes"]) + len(extra)


def test_an_export_of_the_same_source_is_no_change(
    folders: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = export(folders[0], tmp_path / "site")
    doc = json.loads(exported.read_text("utf-8"))  # keys the source has no field for are read past
    assert doc["schema_version"] == "1.3.0" and "url" in doc["guideline"] and "url" in doc["chapters"][0]
    capsys.readouterr()
    code, out, _ = run(capsys, str(folders[0]), str(exported))
    assert code == 0 and out.splitlines()[-1] == "no changes"


# -- git revisions ------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, folders: tuple[Path, Path]) -> Path:
    """A repository whose project (in a subfolder) has two commits: v1 the default content, then the test release."""
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q")
    project = copy_project(top / "guideline")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "2023.1E")
    git(top, "tag", "v1")
    for part in ("source", "bib"):
        shutil.rmtree(project / part)
        shutil.copytree(folders[1] / part, project / part)
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "2024.1E-test")
    return project


def test_since_a_tag_equals_the_folders(
    repo: Path, folder_report: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    status = git(repo, "status", "--porcelain")
    code, report = as_json(capsys, "--since", "v1", "--root", str(repo))
    assert code == 1 and without_sides(report) == folder_report
    assert (report["old"]["side"], report["new"]["side"]) == ("git:v1", str(repo))
    code, report = as_json(capsys, "git:v1", "git:HEAD", "--root", str(repo))
    assert code == 1 and without_sides(report) == folder_report
    assert git(repo, "status", "--porcelain") == status  # nothing checked out, nothing staged


def test_since_head_sees_the_uncommitted_edit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / CHAPTER
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "text: Histological verification", "text: Histological verification first"
        ),
        "utf-8",
    )
    code, report = as_json(capsys, "--since", "HEAD", "--root", str(repo))
    assert code == 1
    assert [c["id"] for c in report["recommendations"]["changed"]] == ["histological-verification"]
    assert run(capsys, "git:HEAD", "git:HEAD", "--root", str(repo))[0] == 0


def test_errors_in_a_revision_name_the_revision_and_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / CHAPTER
    path.write_text(path.read_text(encoding="utf-8").replace("id: sites-of-metastases", "id: [broken", 1), "utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    code, _, err = run(capsys, "--since", "HEAD~1", "--root", str(repo))
    assert code == 2
    assert f"{repo}/{CHAPTER}:" in err and "new side:" in err  # the working folder, which is broken
    code, _, err = run(capsys, "git:HEAD", str(repo.parent / "nowhere"), "--root", str(repo))
    assert code == 2
    assert f"HEAD:guideline/{CHAPTER}:" in err and "old side:" in err
    assert "nowhere:0:0: error GP001 new side: no such file or folder" in err  # both sides reported in one run


def test_a_bad_revision_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--since", "v9", "--root", str(repo))
    assert code == 2
    assert err.startswith("git:v9:0:0: error GP001 old side: the repository at ")
    assert "has no revision 'v9'" in err
    code, _, err = run(capsys, "git:--output=x", str(repo), "--root", str(repo))
    assert code == 2 and "is not a revision" in err


def test_not_a_repository_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_project(tmp_path / "plain")
    code, _, err = run(capsys, "--since", "v1", "--root", str(project))
    assert code == 2 and "is not in a git repository" in err


def test_a_file_the_same_on_both_sides_is_parsed_once(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    memos: list[FileMemo] = []

    class Recorded(sides.SkippingMemo):
        def __init__(self, same: frozenset[str]) -> None:
            super().__init__(same)
            memos.append(self)

    monkeypatch.setattr(sides, "SkippingMemo", Recorded)
    sides.read_sides(str(folders[0]), str(folders[1]), folders[0])
    # Through the memo: the three grading schemes (the same on both sides), the chapter and bib/ (both edited).
    [memo] = memos
    assert (memo.hits, memo.misses, memo.same) == (3, 7, frozenset())


EXTRA_BIB = """@article{extra2020unused,
  author = {Doe, J},
  title = {An entry no release cites},
  journal = {J Test},
  year = {2020}
}
"""
# A second entry of the key whose journal the test release edits, the same on both sides.
SHARED_BIB = """@article{badwe2015locoregional,
  author = {Badwe, R},
  title = {Locoregional treatment of the primary tumour},
  journal = {Lancet},
  year = {2015}
}
"""


def test_a_bib_file_the_same_on_both_sides_is_not_parsed(
    folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = (shutil.copytree(f, tmp_path / f.name) for f in folders)
    for root in (old, new):
        (root / "bib" / "zz-extra.bib").write_text(EXTRA_BIB, encoding="utf-8")
    assert same_bib_files(old, new) == frozenset({"bib/zz-extra.bib"})
    parsed: list[str] = []
    real = bibtex.parse_string

    def spy(text: str, **kwargs: Any) -> Any:
        parsed.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(bibtex, "parse_string", spy)
    code, skipping = as_json(capsys, str(old), str(new))
    assert code == 1 and EXTRA_BIB not in parsed
    every_file = parsing_every_file(monkeypatch, capsys, old, new)
    assert EXTRA_BIB in parsed and skipping == every_file
    # A file sharing a key with a file that differs decides which entry counts
    # (here: it makes the key a duplicate, an error), so it is read.
    for root in (old, new):
        (root / "bib" / "aa-shared.bib").write_text(SHARED_BIB, encoding="utf-8")
    assert same_bib_files(old, new) == frozenset({"bib/zz-extra.bib"})
    monkeypatch.undo()
    code, skipping = as_json(capsys, str(old), str(new))
    assert code == 2 and skipping == parsing_every_file(monkeypatch, capsys, old, new)
    assert [d["code"] for d in skipping["diagnostics"]] == ["GP402", "GP402"]


def parsing_every_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], old: Path, new: Path
) -> dict[str, Any]:
    """The JSON report with no file left unparsed."""
    with monkeypatch.context() as patch:
        patch.setattr(sides, "same_bib_files", lambda *_: frozenset())
        return as_json(capsys, str(old), str(new))[1]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["diff"], ["diff", "a"], ["diff", "a", "b", "--since", "v1"]):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 2
    assert "give either OLD NEW or --since REV" in capsys.readouterr().err


def test_the_real_command_shows_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "guidepress", "diff", str(tmp_path / "list.json"), "."],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    assert proc.returncode == 2
    assert "list.json:1:1: error GP003 old side: not a guidepress export" in proc.stderr
    assert "Traceback" not in proc.stderr
