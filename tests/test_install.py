"""Any board installs guidepress: the acceptance test of a real package.

A wheel is built from the repository (pip, with build isolation), installed
with its dependencies into a fresh virtual environment (no editable install;
the repository is not on ``sys.path``: no PYTHONPATH, every command runs from
a temporary folder), and for every scheme preset ``guidepress new`` writes a
project that ``check`` finds clean, ``build`` builds with cards and
``verify`` reads back. A project overriding one page template and one card
template builds with every other file taken from the package.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from conftest import ROOT

from guidepress import presets

pytestmark = pytest.mark.slow

#: The files of the repository a wheel is built from.
WHEEL_SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "build_tools/guidepress", "templates")


@dataclass(frozen=True)
class Installed:
    """guidepress installed from its wheel into a fresh virtual environment."""

    venv: Path
    cwd: Path  # a temporary folder: nothing of the repository is importable from it

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        return env | {"SOURCE_DATE_EPOCH": "1700000000", "CI": "1", "NO_MKDOCS_2_WARNING": "1"}

    def run(self, program: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv / "bin" / program), *map(str, args)],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )

    def guidepress(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        proc = self.run("guidepress", *args)
        assert proc.returncode == 0, f"guidepress {' '.join(map(str, args))}:\n{proc.stdout}{proc.stderr}"
        return proc


def _build_and_install(work: Path) -> None:
    source = work / "source"
    for rel in WHEEL_SOURCES:
        if (ROOT / rel).is_dir():
            shutil.copytree(ROOT / rel, source / rel, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, source / rel)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*cmd: str | Path) -> None:
        proc = subprocess.run(list(map(str, cmd)), cwd=work, env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, f"{' '.join(map(str, cmd))}:\n{proc.stdout}{proc.stderr}"

    # Build isolation fetches a setuptools new enough for project.license.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", source)
    wheel = next((work / "dist").glob("guidepress-*.whl"))
    run(sys.executable, "-m", "venv", work / "venv")
    run(work / "venv" / "bin" / "python", "-m", "pip", "install", "-q", wheel)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    # One install for the whole run, also across pytest-xdist's workers (their base temps share this run's).
    run_temp = tmp_path_factory.getbasetemp()
    shared = (run_temp.parent if os.environ.get("PYTEST_XDIST_WORKER") else run_temp) / "guidepress-install"
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "installed").exists():
            _build_and_install(shared)
            (shared / "installed").touch()
    cwd = tmp_path_factory.mktemp("elsewhere")
    yield Installed(shared / "venv", cwd)


def test_the_commands_run_the_installed_wheel(installed: Installed) -> None:
    proc = installed.run(
        "python",
        "-c",
        "import guidepress, guidepress.packaged as p; print(guidepress.__file__); print(p.tool_templates())",
    )
    assert proc.returncode == 0, proc.stderr
    module, templates = map(Path, proc.stdout.split())
    site_packages = installed.venv / "lib"
    assert module.is_relative_to(site_packages) and templates.is_relative_to(site_packages), proc.stdout
    assert templates == module.parent / "templates"
    assert not any(p.is_relative_to(ROOT) for p in (module, templates))
    for rel in ("site/mkdocs.yml", "site/pages/home.md.j2", "site/docs/assets/guidepress.css", "cards/cards.html.j2"):
        assert (templates / rel).is_file(), rel


@pytest.mark.parametrize("preset", presets.names())
def test_every_preset_makes_a_project_that_checks_builds_and_verifies(installed: Installed, preset: str) -> None:
    root = installed.cwd / preset
    installed.guidepress("new", root, "--scheme", preset)
    checked = installed.guidepress("check", "--root", root)
    assert not re.search(r": error ", checked.stdout + checked.stderr), checked.stdout
    installed.guidepress("build", "--root", root)
    assert (root / "site" / "cards" / "example-chapter.pdf").is_file()
    assert (root / "site" / "example-chapter" / "index.html").is_file()
    installed.guidepress("verify", "--root", root)


def _pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_one_page_and_one_card_template_overridden_the_rest_from_the_package(installed: Installed) -> None:
    default, board = installed.cwd / "override-default", installed.cwd / "override-board"
    for root in (default, board):
        installed.guidepress("new", root, "--scheme", "nccn")
    packaged = Path(
        installed.run("python", "-c", "import guidepress.packaged as p; print(p.tool_templates())").stdout.strip()
    )
    page_line = "A line of the test board's own home page (test content)."
    card_mark = "Test board's own card style"
    home = board / "templates" / "site" / "pages" / "home.md.j2"
    home.parent.mkdir(parents=True)
    home.write_text((packaged / "site" / "pages" / "home.md.j2").read_text("utf-8") + f"\n{page_line}\n", "utf-8")
    css = board / "templates" / "cards" / "cards.css.j2"
    css.parent.mkdir(parents=True)
    # In the first card's top margin, which holds nothing else: the cards' layout is unchanged.
    css.write_text(
        (packaged / "cards" / "cards.css.j2").read_text("utf-8")
        + f'\n@page card:nth(1 of card) {{ @top-center {{ content: "{card_mark}"; }} }}\n',
        "utf-8",
    )
    for root in (default, board):
        installed.guidepress("build", "--root", root)

    ours, theirs = _files(board / "site"), _files(default / "site")
    assert page_line in ours["index.html"].decode("utf-8")
    assert page_line not in theirs["index.html"].decode("utf-8")
    # Every other page, the site's assets and the export are the package's.
    changed = {
        "index.html",
        "search/search_index.json",
        ".guidepress-build",
        "cards/example-chapter.pdf",
        "cards/guideline.pdf",
        "sw.js",  # the offline worker's cache is named after the digests of the files it keeps
    }
    assert sorted(ours) == sorted(theirs)
    assert [p for p in ours if p not in changed and ours[p] != theirs[p]] == []
    for pdf in ("cards/example-chapter.pdf", "cards/guideline.pdf"):
        with_mark, without = _pdf_text(board / "site" / pdf), _pdf_text(default / "site" / pdf)
        assert card_mark in with_mark and card_mark not in without
        # cards.html.j2 and the rest of the style are the package's: the same cards with the mark.
        assert with_mark.replace(card_mark, "").split() == without.split()
