"""The fault corpus: broken sources, each a minimal edit of the real content, and what every command
must answer (fault_cases.py describes a case's file): the exit code and the exact set of
(file, line, code) diagnostics, in JSON and as text, never a traceback."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_project
from fault_cases import CASES, Case, Found, prepare

from guidepress.cli import main
from guidepress.diagnostics import CODES
from guidepress.load import schema
from guidepress.phases import check
from guidepress.render.pages import PageTemplateError, site_pages

TEXT_LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) "
    r"(?P<code>GP\d{3}) (?P<message>.+)$"
)
SUMMARY = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)$")


# Running the command -------------------------------------------------------


@dataclass(frozen=True)
class Run:
    exit: int
    stdout: str
    stderr: str


def run_in_process(argv: list[str]) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # a usage error: argparse exits
            code = exc.code if isinstance(exc.code, int) else 2
    return Run(code, out.getvalue(), err.getvalue())


def run_subprocess(argv: list[str]) -> Run:
    proc = subprocess.run(
        [sys.executable, "-m", "guidepress", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "default"},
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def from_json(run: Run, baseline: set[tuple[str, str]]) -> Found:
    payload = json.loads(run.stdout)
    diags = payload["diagnostics"]
    for d in diags:
        assert d["severity"] == CODES[d["code"]].severity.value
    assert payload["errors"] == sum(d["severity"] == "error" for d in diags)
    return {(d["file"], d["line"], d["code"]) for d in diags if (d["code"], d["message"]) not in baseline}


def from_text(run: Run, baseline: set[tuple[str, str]]) -> Found:
    lines = run.stdout.splitlines()
    if not lines:
        return set()
    assert SUMMARY.match(lines[-1]), lines[-1]
    found = set()
    for line in lines[:-1]:
        m = TEXT_LINE.match(line)
        assert m, f"not a diagnostic line: {line!r}"
        assert m["sev"] == CODES[m["code"]].severity.value
        if (m["code"], m["message"]) not in baseline:
            found.add((m["file"], int(m["line"]), m["code"]))
    return found


def assert_clean_output(run: Run) -> None:
    for stream in (run.stdout, run.stderr):
        assert "Traceback" not in stream, stream[-3000:]
        assert 'File "' not in stream, stream[-3000:]


def assert_usage_error(case: Case, run: Run) -> None:
    """The command line refused: its exit code, nothing on stdout, one line on stderr naming the cause."""
    assert_clean_output(run)
    assert run.exit == case.expect["exit"], run
    assert run.stdout == "" and len(run.stderr.splitlines()) == 1, run
    assert case.expect["usage"] in run.stderr, run.stderr


def assert_matches(case: Case, found: Found, expected: Found) -> None:
    missing = expected - found
    extra = found - expected if case.expect.get("only", True) else set()
    assert not missing and not extra, f"{case.name}: missing {sorted(missing)}; unexpected {sorted(extra)}"


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    """(code, message) of what the unedited project reports (warnings, if any)."""
    root = copy_project(tmp_path_factory.mktemp("baseline") / "project")
    run = run_in_process(["check", "--root", str(root), "--format", "json"])
    payload = json.loads(run.stdout)
    assert payload["errors"] == 0, "the default project must be free of errors"
    return {(d["code"], d["message"]) for d in payload["diagnostics"]}


# Tests -----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault(case: Case, tmp_path: Path, baseline: set[tuple[str, str]]) -> None:
    root, expected = prepare(case, tmp_path)
    command = [part.replace("{root}", str(root)) for part in case.data.get("command", ["check"])]
    args = [*command, "--root", str(root), *case.data.get("args", [])]

    # A case marked "subprocess" runs first as a real process, with a timeout: one
    # that would hang fails there instead of stalling the suite.
    runners = ([run_subprocess] if case.data.get("subprocess") else []) + [run_in_process]
    for run in runners:
        if "usage" in case.expect:
            assert_usage_error(case, run(args))
            continue
        as_json = run([*args, "--format", "json"])
        assert_clean_output(as_json)
        assert as_json.exit == case.expect["exit"], (as_json.stdout + as_json.stderr)[-3000:]
        assert_matches(case, from_json(as_json, baseline), expected)
        as_text = run(args)
        assert_clean_output(as_text)
        assert as_text.exit == case.expect["exit"]
        assert from_text(as_text, baseline) == from_json(as_json, baseline)


# Problems that rendering the pages used to be the first to find (a page
# refused, a traceback instead of a diagnostic); `check` finds them now.
RENDER_REFUSALS = {"GP222", "GP223", "GP224", "GP302", "GP409"}


@pytest.mark.parametrize("case", [c for c in CASES if c.codes & RENDER_REFUSALS], ids=lambda c: c.name)
def test_render_refusal_is_found_by_check(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each such case is one the pages cannot be rendered from: `check` passing means `build` can succeed."""
    root, _ = prepare(case, tmp_path)
    assert not check(root).ok
    # Without the loaders' GP302 the model loads whole, and rendering is what refuses it.
    monkeypatch.setattr(schema, "anchor_problem", lambda text: None)
    guideline = check(root).guideline
    assert guideline is not None
    with pytest.raises((PageTemplateError, ValueError)):
        site_pages(guideline, root)


def test_every_code_has_a_case() -> None:
    covered = set().union(*(c.codes for c in CASES))
    assert sorted(set(CODES) - covered) == [], "diagnostic codes without a fault case"


def test_corpus_size_and_names() -> None:
    assert len(CASES) >= 60
    for case in CASES:
        assert re.fullmatch(r"\d{3}-[a-z0-9]+(?:-[a-z0-9]+)*", case.name), case.name
    numbers = [c.name[:3] for c in CASES]
    assert len(numbers) == len(set(numbers)), "two cases share a number"


def test_warnings_exit_zero_unless_strict() -> None:
    warnings = {c for c, code in CODES.items() if code.severity.value == "warning"}
    for code in warnings:
        relaxed = [c for c in CASES if c.codes == {code} and not c.data.get("args")]
        strict = [c for c in CASES if c.codes == {code} and "--strict" in c.data.get("args", [])]
        assert relaxed and all(c.expect["exit"] == 0 for c in relaxed), code
        assert strict and all(c.expect["exit"] == 1 for c in strict), code


def test_io_codes_exit_two() -> None:
    for case in CASES:
        if any(CODES[code].kind == "io" for code in case.codes):
            assert case.expect["exit"] == 2, case.name
