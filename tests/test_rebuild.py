"""Incremental builds: every edit reaches every output that carries it, and
a build with nothing changed rewrites no file."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
from shared import file_stats as files

from guidepress.cli import main

pytestmark = pytest.mark.slow
CHAPTER = "source/chapters/sites-of-metastases.yml"


def replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def build(project: Path) -> None:
    assert main(["build", "--root", str(project)]) == 0


@pytest.fixture
def built(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv("GUIDEPRESS_NO_CACHE", raising=False)
    build(project)
    return project


def test_unchanged_build_rewrites_no_file(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files(built / "site")
    build(built)
    assert "up to date" in capsys.readouterr().out
    assert files(built / "site") == before


def test_edited_recommendation_reaches_site_export_and_cards(built: Path) -> None:
    replace(built, CHAPTER, "text: Histological verification", "text: Histological verification (edited)")
    build(built)
    site = built / "site"
    assert "Histological verification (edited)" in (site / "sites-of-metastases/index.html").read_text("utf-8")
    doc = json.loads((site / "export/guideline.json").read_text("utf-8"))
    first = doc["chapters"][0]["sections"][0]["recommendations"][0]
    assert first["text"] == "Histological verification (edited)"
    assert "Histological verification (edited)" in pdf_text(site / "cards/sites-of-metastases.pdf")
    assert "Histological verification (edited)" in pdf_text(site / "cards/guideline.pdf")


def test_edited_bibtex_entry_reaches_references_page_and_export(built: Path) -> None:
    replace(
        built,
        "bib/sites-of-metastases.bib",
        "Radical radiation therapy for oligometastatic breast cancer",
        "Radical radiation therapy for oligometastatic breast cancer (edited)",
    )
    build(built)
    site = built / "site"
    assert "(edited)" in (site / "references/index.html").read_text("utf-8")
    items = json.loads((site / "export/references.json").read_text("utf-8"))
    assert next(i for i in items if i["id"] == "trovo2018radical")["title"].startswith(
        "Radical radiation therapy for oligometastatic breast cancer (edited)"
    )


def test_edited_templates_reach_their_outputs(built: Path) -> None:
    site = built / "site"
    cards_before = (site / "cards/sites-of-metastases.pdf").read_bytes()
    replace(built, "templates/site/pages/home.md.j2", "\n", "\nTemplate edit marker.\n")
    build(built)
    assert "Template edit marker." in (site / "index.html").read_text("utf-8")
    assert (site / "cards/sites-of-metastases.pdf").read_bytes() == cards_before  # from the cache

    css = built / "templates/cards/cards.css.j2"
    css.write_text(css.read_text("utf-8") + "\n/* edited */\n@page { background: #fefefe; }\n", "utf-8")
    build(built)
    assert (site / "cards/sites-of-metastases.pdf").read_bytes() != cards_before


def test_cache_can_be_switched_off(
    built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GUIDEPRESS_NO_CACHE", "1")
    build(built)
    assert "up to date" not in capsys.readouterr().out
