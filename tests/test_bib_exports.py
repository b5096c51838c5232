"""BibTeX as reference managers export it, end to end: the bib-exports fixture
(tests/projects/bib-exports, artificial content) built with its cards, and
every output read back.

Every reference text a reader or a tool gets (HTML pages, the search index,
the cards' PDF text, the JSON export) must be Unicode with no backslash,
brace or ``$`` of LaTeX left in it, and must not show any value of the
private fields reference managers export (``file``, ``abstract``...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from shared import build_with_epoch, built_once

from guidepress.project_files import copy_parts

FIXTURE = ROOT / "tests" / "projects" / "bib-exports"
LATEX = re.compile(r"[\\{}$]")
PRIVATE = re.compile(r"PRIVATE-[A-Z-]+")
# What the fixture's LaTeX means; each must reach every kind of output that prints references.
DECODED = (
    "Müller",
    "Jörg",
    "Clément",
    "Straßer",
    "Østergaard",
    "Niño",
    "María",
    "β-Blockers",
    "National Institute for Health and Care Excellence",
    "Lecture Notes in Oncology",
    "Outcomes of HER2-positive disease & survival: a 50% benchmark",
    "A trial in vivo with emphasis",
    "Proceedings of the Artificial Test Conference",
)
# Given names the site's default (Vancouver) style prints as initials ("Müller J"); the export keeps them.
INITIALISED = ("Jörg", "María")
ON_PAGES = tuple(d for d in DECODED if d not in INITIALISED)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def make(folder: Path) -> None:
        # The fixture is source/ and bib/; the site's configuration and templates are the repository's.
        copy_parts(ROOT, folder, ("templates", "mkdocs.yml"))
        build_with_epoch(copy_parts(FIXTURE, folder, ("source", "bib")), "1700000000")

    return built_once(tmp_path_factory, "bib-exports", make) / "site"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def _reference_texts_html(site: Path) -> dict[str, list[str]]:
    """Page -> the text of every reference it lists (chapter lists and the references page)."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        items = soup.select("ol.gp-reflist > li") + soup.select("ol.gp-works > li > p:first-child")
        if items:
            out[page.relative_to(site).as_posix()] = [" ".join(li.get_text(" ").split()) for li in items]
    return out


def test_private_fields_are_in_the_source_and_in_no_output(site: Path) -> None:
    source = (FIXTURE / "bib" / "exports.bib").read_text(encoding="utf-8")
    markers = set(PRIVATE.findall(source))
    assert len(markers) >= 10
    outputs = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in outputs) and any(p.suffix == ".html" for p in outputs)
    for path in outputs:
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        else:
            text = path.read_bytes().decode("utf-8", errors="replace")
        assert not PRIVATE.search(text), path.relative_to(site)
        assert "/Users/" not in text, path.relative_to(site)


def test_html_references_are_plain_unicode(site: Path) -> None:
    pages = _reference_texts_html(site)
    assert set(pages) == {"exports/index.html", "references/index.html"}
    for page, texts in pages.items():
        assert len(texts) == 10, page
        for text in texts:
            assert not LATEX.search(text), (page, text)
        joined = " ".join(texts)
        for decoded in ON_PAGES:
            assert decoded in joined, (page, decoded)
    assert any(
        t.startswith("Clément A, van der Berg J, De Luca A, da Silva CT Jr et al.")
        for t in pages["references/index.html"]
    )


def test_search_index_references_are_plain_unicode(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [d["text"] for d in index["docs"] if d["location"].startswith(("references/", "exports/"))]
    joined = " ".join(BeautifulSoup(t, "html.parser").get_text(" ") for t in texts)
    assert not LATEX.search(joined), LATEX.findall(joined)
    for decoded in ON_PAGES:
        assert decoded in " ".join(joined.split()), decoded


def test_cards_text_is_plain_unicode(site: Path) -> None:
    cards = sorted((site / "cards").glob("*.pdf"))
    assert cards
    for card in cards:
        with pdfplumber.open(card) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert "reference manager exports" in text.lower()
        assert not LATEX.search(text), (card.name, LATEX.findall(text))


def test_export_references_are_plain_unicode(site: Path) -> None:
    references = json.loads((site / "export" / "references.json").read_text(encoding="utf-8"))
    document = json.loads((site / "export" / "guideline.json").read_text(encoding="utf-8"))
    assert document["references"] == references and len(references) == 10
    strings = list(_strings(references))
    for text in strings:
        assert not LATEX.search(text), text
    joined = " ".join(strings)
    for decoded in DECODED:
        assert decoded in joined or all(part in joined for part in decoded.split(", ")), decoded
    by_id = {r["id"]: r for r in references}
    assert by_id["muller2019beta"]["DOI"] == "10.1000/gp.test.1"
    assert by_id["clement2020outcomes"]["issued"] == {"date-parts": [[2020, 7], [2020, 8]]}
    assert by_id["vanderberg2016season"]["issued"] == {"date-parts": [[2016]], "season": 1}
    assert by_id["zotero2017biblatex"]["issued"] == {"date-parts": [[2017, 12, 19]]}
    assert by_id["pmid29000001"]["page"] == "pii: S0000-0000(17)30000-0"
    assert by_id["child2021talk"]["container-title"] == "Proceedings of the Artificial Test Conference"
