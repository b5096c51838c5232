"""Machine-readable HTML and the editors' guide: what the built pages say to programs and to editors.

Each page's head links the export (``<link rel="alternate">``) and, on the
home page and chapter pages, carries schema.org JSON-LD; the "For editors"
page lists every diagnostic code there is and every key of the format.
Expected values come from the model and the code's own tables.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import copy_project
from hostile import JINJA, SITE_NAME, hostile_project
from shared import build_with_epoch, built_once

from guidepress import editor_schemas
from guidepress.diagnostics import CODES
from guidepress.load.schema import SPECS
from guidepress.model import Guideline
from guidepress.render.linked_data import front_matter, grades_text
from guidepress.text import plain

EPOCH = "1700000000"


def _build(factory: pytest.TempPathFactory, name: str, make: Any) -> Path:
    def build(folder: Path) -> None:
        build_with_epoch(make(folder / "project"), EPOCH, "--no-cards")

    return built_once(factory, name, build) / "project" / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "machine-readable", copy_project)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def jsonld(page: BeautifulSoup) -> list[dict[str, Any]]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def test_every_page_links_its_export_in_the_head(site: Path) -> None:
    pages = sorted(site.rglob("index.html"))
    assert len(pages) >= 6
    for path in pages:
        links = soup(path).head.find_all("link", rel="alternate")
        assert [(link["type"], posixpath.basename(link["href"])) for link in links] == [
            ("application/json", "guideline.json"),
            ("application/fhir+json", "guideline.fhir.json"),
        ], path
        for link in links:
            assert (path.parent / link["href"]).resolve().is_file(), (path, link["href"])


def test_the_home_page_describes_the_guideline(site: Path, guideline: Guideline) -> None:
    (data,) = jsonld(soup(site / "index.html"))
    assert data["@context"] == "https://schema.org"
    assert (data["@type"], data["@id"], data["name"]) == ("MedicalGuideline", "./", guideline.title)
    assert data["recognizingAuthority"] == {"@type": "Organization", "name": guideline.publisher}


def test_each_recommendation_carries_json_ld_with_its_grades(site: Path, guideline: Guideline) -> None:
    chapter = guideline.chapters[0]
    page = soup(site / chapter.id / "index.html")
    (data,) = jsonld(page)
    guideline_node, *nodes = data["@graph"]
    assert guideline_node["@type"] == "MedicalGuideline" and guideline_node["@id"] == "../"
    recs = list(chapter.all_recommendations())
    assert [n["@id"] for n in nodes] == [f"#{r.id}" for r in recs]
    for node, rec in zip(nodes, recs, strict=True):
        assert node["@type"] == "MedicalGuidelineRecommendation"
        assert page.find(id=rec.id) is not None
        assert node["name"] == plain(rec.text or rec.condition)
        assert node["guideline"] == {"@id": "../"}
        assert node.get("recommendationStrength") == grades_text(guideline, rec)
    rec = next(n for n in nodes if n["@id"] == "#surgery-of-metastases-good-response")
    assert rec["recommendationStrength"] == "LoE 2b, GR C, AGO +/-"
    assert sum("recommendationStrength" in n for n in nodes) == 49


def test_pages_without_statements_carry_no_json_ld(site: Path) -> None:
    for name in ("grades", "references", "glossary", "editors"):
        assert jsonld(soup(site / name / "index.html")) == [], name


def test_json_ld_survives_text_that_looks_like_markup(tmp_path_factory: pytest.TempPathFactory) -> None:
    hostile = _build(tmp_path_factory, "machine-readable-hostile", hostile_project)
    html = (hostile / "sites-of-metastases" / "index.html").read_text(encoding="utf-8")
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script  # tojson escapes them: no text can end the script
    graph = json.loads(script)["@graph"]
    assert graph[0]["alternateName"] == SITE_NAME
    assert next(n for n in graph if n["@id"] == "#histological-verification")["name"] == JINJA


def test_front_matter_keeps_every_character() -> None:
    value = {"text": "x 😀 < > & \" ' \\ \u2028 é \U0010ffff", "n": [1, None, True]}
    line = f"k: {front_matter(value)}"
    assert yaml.safe_load(line) == {"k": value}
    assert yaml.load(line, Loader=yaml.CSafeLoader) == {"k": value}  # what MkDocs reads it with


# ---------------------------------------------------------------- for editors


def test_the_editors_page_lists_every_diagnostic_code(site: Path) -> None:
    page = soup(site / "editors" / "index.html")
    table = page.find_all("table")[-1]
    rows = [[" ".join(td.get_text().split()) for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]
    assert {r[0] for r in rows} == set(CODES)
    assert len(rows) == len(CODES)
    for code, severity, summary, fix, typing in rows:
        assert severity == CODES[code].severity.value
        assert summary == CODES[code].summary.replace("`", "")
        assert fix == CODES[code].fix.replace("`", "")
        assert typing == (
            "schema" if code in editor_schemas.STRUCTURAL else "YAML" if code in editor_schemas.SYNTAX else ""
        )


def test_the_editors_page_lists_the_keys_of_the_format(site: Path) -> None:
    tables = soup(site / "editors" / "index.html").find_all("table")[:-1]
    keys = [[tr.find("td").get_text(strip=True) for tr in t.find_all("tr")[1:]] for t in tables]
    assert keys[0] == list(SPECS["recommendation"]) and keys[3] == list(SPECS["scheme"])
    assert sum(map(len, keys)) == sum(
        len(SPECS[spec])
        for spec in ("recommendation", "reference_group", "section", "scheme", "code", "rule", "kind", "guideline")
    )
    nav = soup(site / "index.html").find("a", href="editors/")
    assert nav is not None and "For editors" in nav.get_text()
