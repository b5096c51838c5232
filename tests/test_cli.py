"""The `guidepress` command's contract: output lines, formats, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PUBLISHED_URL

from guidepress.cli import main

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>GP\d{3}) .+$")
CHAPTER = "source/chapters/sites-of-metastases.yml"


def edit(project: Path, rel: str, old: str, new: str) -> int:
    """Replace the first ``old`` in ``rel``; return the 1-based line of the edit."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def test_default_content_is_clean_but_for_its_placeholder_address(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(__file__).resolve().parents[1]
    monkeypatch.delenv("GUIDEPRESS_SITE_URL", raising=False)
    assert main(["check", "--root", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [m["code"] for m in map(LINE.match, out[:-1]) if m] == ["GP116"] and out[-1] == "0 error(s), 1 warning(s)"
    assert main(["check", "--root", str(root), "--strict"]) == 1
    capsys.readouterr()
    monkeypatch.setenv("GUIDEPRESS_SITE_URL", PUBLISHED_URL)
    assert main(["check", "--root", str(root), "--strict"]) == 0
    assert capsys.readouterr().out == ""


def test_all_problems_are_reported_in_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    l1 = edit(project, CHAPTER, 'loe: 2b, gr: C, ago: "+/-"', 'loe: 2b, gr: A, ago: "+/-"')
    l2 = edit(project, CHAPTER, "refs: [kasraeian2010comparison]", "refs: [nobody2099]")
    l3 = edit(project, CHAPTER, "text: Histological verification", "text: Histological <b>verification</b>")
    assert main(["check", "--root", str(project)]) == 1
    out = capsys.readouterr().out.splitlines()
    found = {(m["code"], int(m["line"])) for m in map(LINE.match, out[:-1]) if m}
    assert {("GP204", l1), ("GP403", l2), ("GP301", l3)} <= found
    assert all(LINE.match(line) for line in out[:-1])
    assert out[-1].startswith("3 error(s)") or out[-1].startswith("4 error(s)")


@pytest.mark.usefixtures("published")
def test_json_format_carries_the_same_diagnostics(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(project, CHAPTER, "gr: B", "gr: Q")
    assert main(["check", "--root", str(project), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["errors"] == 1
    [diag] = payload["diagnostics"]
    assert (diag["file"], diag["line"], diag["code"], diag["severity"]) == (CHAPTER, line, "GP201", "error")
    assert "A B C D" in diag["message"]


def test_strict_makes_warnings_fatal(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = project / "bib" / "extra.bib"
    bib.write_text("@misc{unused2024,\n  title = {Nobody cites this},\n  year = {2024}\n}\n", encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 0
    assert "bib/extra.bib:1:1: warning GP405" in capsys.readouterr().out
    assert main(["check", "--root", str(project), "--strict"]) == 1


def test_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["check", "--root", str(tmp_path / "nowhere")])
    assert refused.value.code == 2
    assert capsys.readouterr().err == (
        f"guidepress check: error: --root {tmp_path / 'nowhere'}: no such folder (see guidepress check --help)\n"
    )


def test_usage_error_exits_2() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "guidepress", "check", "--format", "xml"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_diff_reports_changed_grade_by_stable_id(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--root", str(project), "--out", str(tmp_path / "old")]) == 0
    edit(project, CHAPTER, 'loe: 2b, gr: C, ago: "+/-"', 'loe: 2b, gr: C, ago: "+"')
    assert main(["export", "--root", str(project), "--out", str(tmp_path / "new")]) == 0
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    changed = result["recommendations"]["changed"]
    assert [(c["id"], c["grades"]) for c in changed] == [
        ("surgery-of-metastases-good-response", [{"scheme": "ago", "old": "+/-", "new": "+", "direction": "upgrade"}])
    ]
    assert result["recommendations"]["added"] == result["recommendations"]["removed"] == []
