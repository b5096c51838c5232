"""Every command, fed each kind of bad argument: exit 2, one line on stderr naming the cause, no traceback.

The kinds: a --root that does not exist, that is a file, that cannot be
read; a bad --size, --format, --out; an unknown flag. A command without one
of the options refuses it as an unknown argument, also in one line.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from conftest import copy_project
from unreadable import unreadable

from guidepress.cli import main

COMMANDS = ("check", "build", "export", "cards", "verify", "serve")
WITH_OUT = ("build", "export", "cards", "verify")
WITH_SIZE = ("cards",)  # the one command with --size; the others refuse it as an unknown flag


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project for the tests that refuse before anything is read or written."""
    return copy_project(tmp_path_factory.mktemp("arguments") / "project")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def assert_refused(result: tuple[int, str, str], *words: str) -> None:
    code, out, err = result
    assert code == 2, (code, out, err)
    assert out == "", out
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and 'File "' not in err
    for word in words:
        assert word in lines[0], lines[0]


# Each kind of bad argument: (extra arguments given a project folder, the words the one line must hold).
Arguments = Callable[[Path, Path], list[str]]
KINDS: dict[str, tuple[Arguments, tuple[str, ...]]] = {
    "missing root": (lambda project, tmp: ["--root", str(tmp / "nowhere")], ("--root", "no such folder")),
    "root is a file": (lambda project, tmp: ["--root", str(project / "mkdocs.yml")], ("--root", "is a file")),
    "bad --format": (lambda project, tmp: ["--root", str(project), "--format", "xml"], ("--format", "xml")),
    "unknown flag": (lambda project, tmp: ["--root", str(project), "--colour"], ("--colour",)),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_argument(command: str, kind: str, shared: Path, tmp_path: Path) -> None:
    arguments, words = KINDS[kind]
    assert_refused(run([command, *arguments(shared, tmp_path)]), *words)


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_root(command: str, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with unreadable(shared, monkeypatch):
        assert_refused(run([command, "--root", str(shared)]), "--root", "cannot read", "denied")


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_size(command: str, shared: Path) -> None:
    words = ("unknown card size 'letter'", "'a6', 'a7', 'index'") if command in WITH_SIZE else ("--size",)
    assert_refused(run([command, "--root", str(shared), "--size", "letter"]), *words)


@pytest.mark.parametrize("command", COMMANDS)
def test_out_is_an_existing_file(command: str, shared: Path, tmp_path: Path) -> None:
    existing = tmp_path / "guideline.json"
    existing.write_text("{}", encoding="utf-8")
    words = (str(existing), "is a file") if command in WITH_OUT else ("--out",)
    assert_refused(run([command, "--root", str(shared), "--out", str(existing)]), *words)
    assert existing.read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize("command", WITH_OUT)
def test_out_inside_a_file(command: str, shared: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert_refused(run([command, "--root", str(shared), "--out", str(tmp_path / "a-file" / "site")]), "inside the file")


@pytest.mark.parametrize("command", ("build", "export", "cards"))
def test_out_inside_the_source(command: str, shared: Path) -> None:
    assert_refused(
        run([command, "--root", str(shared), "--out", str(shared / "source" / "site")]), "inside the project's source/"
    )
    assert not (shared / "source" / "site").exists()


@pytest.mark.parametrize("out", ["project", "parent"])
def test_build_never_replaces_the_project(out: str, shared: Path) -> None:
    """`build` replaces --out whole: the project folder, or one holding it, would be lost with it."""
    target = shared if out == "project" else shared.parent
    assert_refused(run(["build", "--root", str(shared), "--out", str(target)]), "the project folder or holds it")
    assert (shared / "source" / "guideline.yml").is_file()


def test_default_site_folder_that_is_a_file(project: Path) -> None:
    (project / "site").write_text("not a site", encoding="utf-8")
    assert_refused(run(["build", "--root", str(project), "--no-cards"]), "site", "is a file")
    assert (project / "site").read_text(encoding="utf-8") == "not a site"


@pytest.mark.parametrize("addr", ["8000", "localhost:", "127.0.0.1:http", "127.0.0.1:70000"])
def test_bad_dev_addr(addr: str, shared: Path) -> None:
    assert_refused(run(["serve", "--root", str(shared), "--dev-addr", addr]), "--dev-addr", "HOST:PORT")


def test_no_command() -> None:
    assert_refused(run([]), "COMMAND")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_real_process_refuses_in_one_line(command: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "guidepress", command, "--root", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "default"},
    )
    assert_refused((proc.returncode, proc.stdout, proc.stderr), f"guidepress {command}: error:", "no such folder")
