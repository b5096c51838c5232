"""The FHIR R5 export: parsed with fhir.resources, counted against the model, stable.

guidepress writes the Bundle as plain JSON (render/fhir.py); fhir.resources
(R5, the `fhir` extra) reads it back here, whole and resource by resource.
Expected counts come from the model: one PlanDefinition per recommendation,
one ArtifactAssessment per graded statement with one rating per grade, one
CodeSystem per scheme, one Citation per reference.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fhir.resources import get_fhir_model_class
from fhir.resources.bundle import Bundle
from grading_projects import copy_test_project

from guidepress.cli import main
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.render.export import export_files
from guidepress.render.fhir_terms import DOI_SYSTEM, PMID_SYSTEM, code_systems, fhir_id

SITE = "https://guidelines.example.org/ago-breast/"
FHIR = "export/guideline.fhir.json"


def bundle_of(g: Guideline, site_url: str | None = SITE) -> dict[str, Any]:
    return json.loads(export_files(g, site_url=site_url)[FHIR])


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def assert_parses(bundle: dict[str, Any]) -> None:
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection" and len(parsed.entry or []) == len(bundle["entry"])
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def assert_references_resolve(bundle: dict[str, Any]) -> None:
    """Every reference and canonical the Bundle makes names one of its entries; codings name its CodeSystems."""
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))
    known = set(full_urls)
    systems = {cs["url"] for cs in resources(bundle, "CodeSystem")}
    for composition in resources(bundle, "Composition"):
        for entry in (e for c in composition["section"] for s in c["section"] for e in s.get("entry", [])):
            assert entry["reference"] in known
    for plan in resources(bundle, "PlanDefinition"):
        for related in plan.get("relatedArtifact", []):
            assert related["type"] == "documentation" or related["resource"] in known
        for doc in plan["action"][0].get("documentation", []):
            assert doc["resourceReference"]["reference"] in known
    for rating in resources(bundle, "ArtifactAssessment"):
        assert rating["artifactCanonical"] in known
        for content in rating["content"]:
            assert content["classifier"][0]["coding"][0]["system"] in systems
    assert not list(_empty(bundle, "")), "FHIR has no null or empty values"


def _empty(value: Any, where: str) -> Any:
    if value is None or value in ("", [], {}):
        yield where
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _empty(v, f"{where}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _empty(v, f"{where}/{i}")


@pytest.fixture(scope="module")
def bundle(guideline: Guideline) -> dict[str, Any]:
    return bundle_of(guideline)


def test_the_bundle_parses_as_fhir_r5(bundle: dict[str, Any]) -> None:
    assert_parses(bundle)
    assert_references_resolve(bundle)


def test_dates_are_the_sources_never_the_builds(
    guideline: Guideline, bundle: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default guideline gives no date: no resource has one, and the
    Composition's required date is marked unknown (issue 18)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert bundle_of(guideline) == bundle
    assert "timestamp" not in bundle and all("date" not in e["resource"] for e in bundle["entry"])
    (composition,) = resources(bundle, "Composition")
    assert composition["_date"]["extension"] == [
        {"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}
    ]
    dated = bundle_of(dataclasses.replace(guideline, date="2023-03-01"))
    assert_parses(dated)
    assert dated["timestamp"] == "2023-03-01T00:00:00Z"
    assert {e["resource"]["resourceType"] for e in dated["entry"] if e["resource"].get("date") == "2023-03-01"} == {
        "Composition",
        "PlanDefinition",
        "ArtifactAssessment",
        "CodeSystem",
        "Citation",
    }
    assert all("_date" not in e["resource"] for e in dated["entry"])


def test_one_resource_per_recommendation_grade_scheme_and_reference(
    guideline: Guideline, bundle: dict[str, Any]
) -> None:
    recs = list(guideline.all_recommendations())
    graded = [r for r in recs if r.grades]
    counts = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert counts == {
        "Composition": 1,
        "PlanDefinition": len(recs),
        "ArtifactAssessment": len(graded),
        "CodeSystem": len(guideline.schemes),
        "Citation": len(guideline.references),
    }
    assert (len(recs), len(graded), len(guideline.references)) == (58, 49, 104)
    assert [p["id"] for p in resources(bundle, "PlanDefinition")] == [r.id for r in recs]
    ratings = {a["id"]: a for a in resources(bundle, "ArtifactAssessment")}
    for rec in graded:
        content = ratings[rec.id]["content"]
        assert [c["informationType"] for c in content] == ["rating"] * len(rec.grades)
        assert [c["classifier"][0]["coding"][0]["code"] for c in content] == [g.code for g in rec.grades]
    assert sum(len(a["content"]) for a in ratings.values()) == sum(len(r.grades) for r in graded) == 147


def test_the_composition_is_the_guideline_s_outline(guideline: Guideline, bundle: dict[str, Any]) -> None:
    (composition,) = resources(bundle, "Composition")
    assert composition["title"] == guideline.title and composition["version"] == guideline.version
    assert composition["identifier"] == [{"system": "urn:ietf:rfc:3986", "value": SITE}]
    chapters = composition["section"]
    assert [c["id"] for c in chapters] == [c.id for c in guideline.chapters]
    for chapter, model in zip(chapters, guideline.chapters, strict=True):
        assert [s["id"] for s in chapter["section"]] == [s.id for s in model.sections]
        for section, ms in zip(chapter["section"], model.sections, strict=True):
            assert [e["reference"].rsplit("/", 1)[1] for e in section.get("entry", [])] == [
                r.id for r in ms.recommendations
            ]
            for table in ms.tables:
                for cell in (c for row in table.rows for c in row if c and "*" not in c):
                    assert cell.replace("&", "&amp;").replace("<", "&lt;") in section["text"]["div"]


def test_a_recommendation_as_plan_definition(bundle: dict[str, Any]) -> None:
    plans = {p["id"]: p for p in resources(bundle, "PlanDefinition")}
    plan = plans["pulmonary-thermoablation"]
    assert plan["type"]["coding"][0]["code"] == "eca-rule"
    assert plan["identifier"][0]["value"] == f"{SITE}sites-of-metastases/#pulmonary-thermoablation"
    cited = [d["resourceReference"]["reference"].rsplit("/", 1)[1] for d in plan["action"][0]["documentation"]]
    assert cited == ["vogl2011microwave", "ewert2004pulmonary", "diederich2004percutaneous"]
    parent = next(p for p in plans.values() if any(r["type"] == "composed-of" for r in p.get("relatedArtifact", [])))
    child = next(r["resource"] for r in parent["relatedArtifact"] if r["type"] == "composed-of")
    assert any(
        r == {"type": "part-of", "resource": parent["url"]} for r in plans[child.rsplit("/", 1)[1]]["relatedArtifact"]
    )


def test_grades_are_coded_from_the_scheme_files(guideline: Guideline, bundle: dict[str, Any]) -> None:
    systems = {cs["id"]: cs for cs in resources(bundle, "CodeSystem")}
    for scheme in guideline.schemes:
        cs = systems[scheme.id]
        assert cs["url"] == f"{SITE}fhir/CodeSystem/{scheme.id}"  # the default scheme files have no uri
        assert [c["code"] for c in cs["concept"]] == [c.code for c in scheme.codes]
        assert [c["definition"] for c in cs["concept"]] == [c.meaning for c in scheme.codes]
    assessments = resources(bundle, "ArtifactAssessment")
    rating = next(a for a in assessments if a["id"] == "surgery-of-metastases-good-response")
    assert [(c["classifier"][0]["coding"][0]["system"], c["classifier"][0]["text"]) for c in rating["content"]] == [
        (f"{SITE}fhir/CodeSystem/loe", "LoE 2b"),
        (f"{SITE}fhir/CodeSystem/gr", "GR C"),
        (f"{SITE}fhir/CodeSystem/ago", "AGO +/-"),
    ]


def test_a_scheme_uri_identifies_its_codes_when_no_other_scheme_shares_it(guideline: Guideline) -> None:
    loe, gr, ago = guideline.schemes
    base = f"{SITE}fhir/"
    shared = dataclasses.replace(
        guideline,
        schemes=(
            dataclasses.replace(loe, uri="https://example.org/oxford"),
            dataclasses.replace(gr, uri="https://example.org/oxford"),
            dataclasses.replace(ago, uri="https://example.org/ago"),
        ),
    )
    assert code_systems(shared, base) == {
        "loe": f"{base}CodeSystem/loe",
        "gr": f"{base}CodeSystem/gr",
        "ago": "https://example.org/ago",
    }


def test_citations_carry_doi_and_pmid(guideline: Guideline, bundle: dict[str, Any]) -> None:
    items = {i["id"]: i for i in json.loads(export_files(guideline)["export/references.json"])}
    citations = resources(bundle, "Citation")
    assert [c["identifier"][0]["value"] for c in citations] == [r.key for r in guideline.references]
    with_doi = 0
    for citation in citations:
        item = items[citation["identifier"][0]["value"]]
        ids = {i["system"]: i["value"] for i in citation["citedArtifact"].get("identifier", [])}
        assert ids.get(DOI_SYSTEM) == item.get("DOI") and ids.get(PMID_SYSTEM) == item.get("PMID")
        with_doi += DOI_SYSTEM in ids
        assert citation["citedArtifact"]["title"][0]["text"] == item["title"]
    assert with_doi == sum(1 for i in items.values() if i.get("DOI")) > 0
    abc5 = next(c for c in citations if c["id"] == "cardoso2020international")
    assert abc5["citedArtifact"]["publicationForm"][0] == {
        "publishedIn": {"title": "Ann Oncol"},
        "volume": "31",
        "issue": "12",
        "pageString": "1623-1649",
        "articleDate": "2020-12",
    }


def test_ids_are_the_guideline_s_own_and_stay_put(guideline: Guideline, bundle: dict[str, Any]) -> None:
    again = bundle_of(guideline)
    assert again == bundle
    edited_chapter = dataclasses.replace(guideline.chapters[0], title="Another title")
    edited = bundle_of(dataclasses.replace(guideline, chapters=(edited_chapter,)))
    assert [e["fullUrl"] for e in edited["entry"]] == [e["fullUrl"] for e in bundle["entry"]]
    for raw in ("van_der_Berg:2019a", "x" * 80, "Müller2001", "ok-id.1"):
        made = fhir_id(raw)
        assert (
            made == fhir_id(raw) and len(made) <= 64 and all(c.isascii() and (c.isalnum() or c in "-.") for c in made)
        )
    assert fhir_id("ok-id.1") == "ok-id.1"
    assert fhir_id("van_der_Berg:2019a") != fhir_id("van-der-Berg-2019a")
    assert fhir_id("x" * 80) != fhir_id("x" * 81)


def test_without_a_site_url_canonical_urls_say_nothing_is_published(guideline: Guideline) -> None:
    unpublished = bundle_of(guideline, None)
    assert_parses(unpublished)
    assert all(e["fullUrl"].startswith("https://guidepress.invalid/ago-breast/fhir/") for e in unpublished["entry"])
    assert all("identifier" not in p for p in resources(unpublished, "PlanDefinition"))


@pytest.mark.parametrize("name, preset", [("grade-test", "grade"), ("esmo-test", "esmo")])
def test_projects_of_other_shapes(name: str, preset: str, tmp_path: Path) -> None:
    result = check(copy_test_project(name, preset, tmp_path / "project"))
    assert result.guideline is not None and result.ok
    g = result.guideline
    out = bundle_of(g)
    assert_parses(out)
    assert_references_resolve(out)
    graded = [r for r in g.all_recommendations() if r.grades]
    assert [a["id"] for a in resources(out, "ArtifactAssessment")] == [r.id for r in graded]
    kinds = {r.id: g.kind(r.kind) for r in g.all_recommendations() if r.kind}
    for plan in resources(out, "PlanDefinition"):
        if plan["id"] in kinds:
            assert plan["topic"] == [{"text": kinds[plan["id"]].label}]


def test_export_format_fhir_writes_the_bundle_alone(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--root", str(project)]) == 0
    export = project / "site" / "export"
    before = {p.name: p.read_bytes() for p in export.iterdir()}
    (export / "guideline.fhir.json").unlink()
    (export / "guideline.json").write_bytes(b"{}")  # left as it is by --format fhir
    assert main(["export", "--root", str(project), "--format", "fhir"]) == 0
    assert (export / "guideline.fhir.json").read_bytes() == before["guideline.fhir.json"]
    assert (export / "guideline.json").read_bytes() == b"{}"
    assert "guideline.fhir.json" in capsys.readouterr().out
    assert_parses(json.loads(before["guideline.fhir.json"]))
