"""`guidepress build` and `mkdocs build` (with `cards: true`) write the same site, and
`guidepress build --explain` says per output what changed since the last build (and
whether the cards' verdict, read back, could be kept: "card check").

Both entry points take their settings from one Settings object (settings.py):
the same site_url for the cards' QR codes, the same card size, templates and
cache. So every file, pages and card PDFs included, is compared byte for byte;
no file is left out of the comparison.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PUBLISHED_URL, copy_project

from guidepress.cli import main

pytestmark = pytest.mark.slow
EPOCH = "1700000000"
VENV_BIN = Path(sys.executable).parent


def files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_guidepress_build_and_mkdocs_build_write_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\nplugins:" not in text  # guidepress' defaults: cards: false
    config.write_text(text + "plugins:\n  guidepress:\n    cards: true\n", "utf-8")
    # No cache: each entry point renders every card itself, rather than the
    # second taking the first one's from .cache/ (and so no build stamp either).
    env = {
        "SOURCE_DATE_EPOCH": EPOCH,
        "GUIDEPRESS_NO_CACHE": "1",
        "NO_MKDOCS_2_WARNING": "1",
        "GUIDEPRESS_SITE_URL": PUBLISHED_URL,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert main(["build", "--root", str(project), "--out", str(tmp_path / "guidepress-site")]) == 0
    proc = subprocess.run(
        [str(VENV_BIN / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "mkdocs-site")],
        cwd=project,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr

    ours, theirs = files(tmp_path / "guidepress-site"), files(tmp_path / "mkdocs-site")
    assert {p for p in ours if p.startswith("cards/")} == {"cards/guideline.pdf", "cards/sites-of-metastases.pdf"}
    assert sum(p.endswith(".html") for p in ours) > 5
    assert sorted(ours) == sorted(theirs)
    assert [p for p in ours if ours[p] != theirs[p]] == []


def _explained(project: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["build", "--root", str(project), "--explain"]) == 0
    return [line for line in capsys.readouterr().out.splitlines() if not line.startswith(("wrote ", str(project)))]


def test_explain_after_a_template_edit(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("GUIDEPRESS_NO_CACHE", raising=False)
    assert _explained(project, capsys) == [
        "site: made afresh (no earlier run on record)",
        "export: made afresh (no earlier run on record)",
        "cards: made afresh (no earlier run on record)",
        "card check: made afresh (no earlier run on record)",
    ]
    css = project / "templates" / "cards" / "cards.css.j2"
    css.write_text(css.read_text("utf-8") + "\n/* edited */\n", "utf-8")
    assert _explained(project, capsys) == [
        "site: template cards/cards.css.j2 changed",
        "export: up to date",
        "cards: template cards.css.j2 changed",
        "card check: card set sites-of-metastases.pdf changed",
    ]
    assert _explained(project, capsys) == [
        "site: up to date",
        "export: up to date",
        "cards: up to date",
        "card check: up to date",
    ]

    page = project / "templates" / "site" / "pages" / "home.md.j2"
    page.write_text(page.read_text("utf-8") + "\nEdited.\n", "utf-8")
    chapter = project / "source" / "chapters" / "sites-of-metastases.yml"
    chapter.write_text(
        chapter.read_text("utf-8").replace(
            "text: Histological verification", "text: Histological verification (edited)", 1
        ),
        "utf-8",
    )
    assert _explained(project, capsys) == [
        "site: chapter sites-of-metastases, template site/pages/home.md.j2 changed",
        "export: chapter sites-of-metastases changed",
        "cards: chapter sites-of-metastases changed",
        "card check: chapter sites-of-metastases, card set sites-of-metastases.pdf changed",
    ]
