"""What a command refuses beyond the source (a port in use, a folder it cannot read or write, a template
that fails), each with the exit code of the contract and one line naming the cause; and the last resort.

The fault corpus (test_faults.py) feeds `check` broken sources; these are the
refusals that need a running server, a failing file system or a build.
"""

from __future__ import annotations

import io
import json
import os
import socket
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import jinja2
import pytest
from fault_cases import CASES, prepare
from unreadable import unreadable

from guidepress import cli, outputs
from guidepress.cli import internal_error, main
from guidepress.phases import check
from guidepress.render.cards import card_set_html
from guidepress.render.pages import PageTemplateError, site_pages
from guidepress.render.template_errors import template_failure


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def no_traceback(*streams: str) -> None:
    for stream in streams:
        assert "Traceback" not in stream and 'File "' not in stream, stream


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".site.new-", ".site.old-")))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ------------------------------------------------------------- writing site/


@pytest.mark.slow
def test_a_build_refused_at_the_swap_leaves_no_staging_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """site/ cannot be moved aside (moving a folder needs write permission on it): the new
    site is not swapped in, the old one stays, and the staging folder is removed."""
    assert run(["build", "--root", str(project), "--no-cards"])[0] == 0
    site = project / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    edit(
        project / "source" / "chapters" / "sites-of-metastases.yml",
        "text: Histological verification",
        "text: Histological verification (edited)",
    )
    rename = os.rename

    def refused(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src) == site.absolute():
            raise PermissionError(13, "Permission denied", os.fspath(src))
        rename(src, dst)

    monkeypatch.setattr(outputs.os, "rename", refused)
    code, out, err = run(["build", "--root", str(project), "--no-cards"])
    assert code == 2 and "Permission denied" in err and "was left as it was" in err, err
    no_traceback(out, err)
    assert leftovers(project) == []
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_swap_whose_second_rename_fails_puts_the_old_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    rename = os.rename

    def refused(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == target.absolute() and ".site.new-" in os.fspath(src):
            raise OSError(28, "No space left on device")
        rename(src, dst)

    monkeypatch.setattr(outputs.os, "rename", refused)
    with pytest.raises(OSError, match="No space"), outputs.staged_dir(target) as staging:
        (staging / "index.html").write_text("new", encoding="utf-8")
    assert (target / "index.html").read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------- reading source/


@pytest.mark.parametrize("folder", ["source", "source/chapters", "source/grading", "bib"])
def test_a_folder_that_cannot_be_read_is_named(folder: str, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It used to look empty (bib/: every citation "missing") or end in a traceback (source/chapters/)."""
    with unreadable(project / folder, monkeypatch):
        code, out, err = run(["check", "--root", str(project), "--format", "json"])
    no_traceback(out, err)
    assert code == 2
    # The default mkdocs.yml's placeholder address adds its warning (GP116).
    [diag] = [d for d in json.loads(out)["diagnostics"] if d["code"] != "GP116"]
    assert (diag["file"], diag["code"]) == (folder, "GP003") and "Permission denied" in diag["message"]


# ------------------------------------------------------------- serve


def test_serve_on_a_port_in_use(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(["serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"])
    no_traceback(out, err)
    assert code == 2
    # Before it: the default mkdocs.yml's placeholder address, a warning (GP116), and the count.
    *warned, last = err.splitlines()
    assert all("GP116" in line or line == "0 error(s), 1 warning(s)" for line in warned)
    assert last == (
        f"guidepress: cannot serve on 127.0.0.1:{port}: Address already in use (another "
        "server is running there); stop it or pass --dev-addr with another port"
    )


# ------------------------------------------------------------- templates and languages


@pytest.mark.slow
def test_a_card_template_that_fails_while_rendering_names_its_line(project: Path) -> None:
    """`check` finds syntax errors (GP114); a name the template uses that the cards do not give it
    is found when it renders: exit 1, at the template's file and line."""
    template = project / "templates" / "cards" / "cards.html.j2"
    line = template.read_text(encoding="utf-8").splitlines().index("{% if created %}") + 1
    edit(template, "{% if created %}", "{{ no_such_name }}{% if created %}")
    for command in (["cards"], ["build"]):
        code, out, err = run([*command, "--root", str(project)])
        no_traceback(out, err)
        assert code == 1
        assert f"templates/cards/cards.html.j2:{line}: UndefinedError: 'no_such_name' is undefined" in err, err
    assert not (project / "site").exists()


@pytest.mark.parametrize("name", ["173-card-template-syntax-error", "174-page-template-unknown-filter"])
def test_what_gp114_finds_is_what_the_renderers_refuse(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus cases of GP114, rendered without check's template check: the renderer refuses them."""
    [case] = [c for c in CASES if c.name == name]
    root, _ = prepare(case, tmp_path)
    assert not check(root).ok
    monkeypatch.setattr("guidepress.phases.template_problems", lambda root: [])
    guideline = check(root).guideline
    assert guideline is not None and check(root).ok
    with pytest.raises((jinja2.TemplateError, PageTemplateError)):
        site_pages(guideline, root)
        card_set_html(
            guideline, list(guideline.chapters), site_url=None, size="a6", templates=root / "templates" / "cards"
        )


def test_a_template_failure_in_a_worker_process_names_its_line(tmp_path: Path) -> None:
    """The cards of several chapters render in a pool: the worker's traceback comes back as text."""
    exc = jinja2.UndefinedError("'x' is undefined")
    exc.__cause__ = Exception(
        f'\nTraceback (most recent call last):\n  File "{tmp_path}/templates/cards/'
        'cards.html.j2", line 7, in top-level template code\n'
    )
    assert template_failure(exc, tmp_path) == "templates/cards/cards.html.j2:7: UndefinedError: 'x' is undefined"


@pytest.mark.slow
def test_a_language_the_theme_has_no_translation_for_builds_with_the_nearest(project: Path) -> None:
    edit(project / "source" / "guideline.yml", "language: en", "language: de-CH")
    code, _, err = run(["build", "--root", str(project), "--no-cards"])
    assert code == 0, err
    assert "warning GP115" in err
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in home and "Zum Inhalt" in home  # Material's German "skip to content"
    assert (
        json.loads((project / "site" / "export" / "guideline.json").read_text("utf-8"))["guideline"]["language"]
        == "de-CH"
    )


# ------------------------------------------------------------- the last resort


def test_the_last_resort_says_internal_error_and_how_to_report_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.TRACEBACK_ENV, raising=False)
    stream = io.StringIO()
    assert internal_error(RuntimeError("a renderer bug"), stream) == 3
    first, second = stream.getvalue().splitlines()
    assert first == "guidepress: internal error: RuntimeError: a renderer bug"
    assert "please report it" in second and "guidepress --version" in second and cli.TRACEBACK_ENV in second


def test_the_last_resort_prints_the_traceback_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.TRACEBACK_ENV, "1")
    stream = io.StringIO()
    try:
        raise RuntimeError("a renderer bug")
    except RuntimeError as exc:
        assert internal_error(exc, stream) == 3
    assert "Traceback (most recent call last)" in stream.getvalue()
