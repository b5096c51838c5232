"""A board's workflow files: the pre-commit hook and the CI templates `guidepress new` writes.

They are not run here (no forge); what can be held to account is: each is
valid YAML of its tool's shape, each guidepress command in it is one the
command line accepts, and the hook's command passes on the default project.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from guidepress.cli import _parser, main
from guidepress.workflows import WORKFLOWS, workflow_files

HOOKS = ROOT / ".pre-commit-hooks.yaml"
GITHUB, GITLAB = ".github/workflows/guideline.yml", ".gitlab-ci.yml"
COMMAND = re.compile(r"\bguidepress ([a-z]+(?: --?[a-z-]+)*)")


def _yaml(data: bytes) -> Any:
    return yaml.safe_load(data.decode("utf-8"))


def test_the_pre_commit_hook_runs_guidepress_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (hook,) = _yaml(HOOKS.read_bytes())
    assert hook["id"] == "guidepress-check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in (
        "source/guideline.yml",
        "source/chapters/liver.yml",
        "source/grading/loe.yaml",
        "bib/liver.bib",
        "mkdocs.yml",
    ):
        assert files.search(path), path
    for path in ("README.md", "site/index.html", "templates/cards/cards.css.j2"):
        assert not files.search(path), path
    command = shlex.split(hook["entry"])
    assert command[0] == "guidepress"
    assert main([*command[1:], "--root", str(project)]) == 0


def test_workflow_files_are_the_shipped_templates() -> None:
    files = workflow_files()
    assert set(files) == {GITHUB, GITLAB} == set(WORKFLOWS.values())
    folder = ROOT / "build_tools" / "guidepress" / "resources" / "workflows"
    assert {folder / name for name in WORKFLOWS} == set(folder.iterdir())
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"]["guidepress"]
    assert any(fnmatch.fnmatch("resources/workflows/guideline.yml", g) for g in globs), globs


def test_github_actions_checks_builds_and_publishes_site() -> None:
    flow = _yaml(workflow_files()[GITHUB])
    assert set(flow[True]) == {"push", "pull_request", "workflow_dispatch"}  # YAML 1.1 reads "on" as true
    steps = flow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("guidepress check" in r for r in runs) and any("guidepress build" in r for r in runs)
    assert runs.index(next(r for r in runs if "guidepress check" in r)) < runs.index(
        next(r for r in runs if "guidepress build" in r)
    )
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    publish = flow["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_gitlab_ci_checks_builds_and_publishes_site() -> None:
    flow = _yaml(workflow_files()[GITLAB])
    assert flow["stages"] == ["check", "build", "publish"]
    assert flow["check"]["script"] == ["guidepress check"]
    assert flow["build"]["script"][-1] == "guidepress build" and flow["build"]["artifacts"]["paths"] == ["site/"]
    pages = flow["pages"]
    assert pages["needs"] == ["build"] and pages["script"] == ["mv site public"]
    assert pages["artifacts"]["paths"] == ["public"]


@pytest.mark.parametrize("path", [GITHUB, GITLAB])
def test_every_guidepress_command_in_a_workflow_is_one_the_cli_accepts(path: str) -> None:
    lines = [line for line in workflow_files()[path].decode("utf-8").splitlines() if not line.strip().startswith("#")]
    commands = [c for line in lines for c in COMMAND.findall(line)]
    assert {"check", "build"} <= {c.split()[0] for c in commands}
    for command in commands:
        _parser().parse_args(command.split())
