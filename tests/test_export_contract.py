"""The export as a contract: URLs and date, the specialised schema, versioning, guarantees.

docs/export.md states the contract; each promise there is a test here:
the specialised schema (guideline.<id>.schema.json) rejects the bad exports
issue 17 lists, which the generic schema accepts; a later minor version's
export validates against today's schema; ids are unique and references
resolve in every export (what no schema can express).
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from grading_projects import copy_test_project

from guidepress.cache import Cache
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.publication import publication_date
from guidepress.render.export import SCHEMA_VERSION, export_files

SITE = "https://guidelines.example.org/ago-breast/"
SPECIALISED = "export/guideline.ago-breast.schema.json"
ROOT = Path(__file__).resolve().parents[1]


def _files(g: Guideline, site_url: str | None = SITE) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in export_files(g, site_url=site_url).items()}


@pytest.fixture(scope="module")
def files(guideline: Guideline) -> dict[str, Any]:
    return _files(guideline)


def recs(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for rec in items:
            yield rec
            yield from walk(rec["children"])

    for chapter in doc["chapters"]:
        for section in chapter["sections"]:
            yield from walk(section["recommendations"])


def valid(schema: dict[str, Any], doc: dict[str, Any]) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(doc)


# ---------------------------------------------------------------- URLs and date


def test_every_chapter_section_and_recommendation_has_its_published_url(files: dict[str, Any]) -> None:
    doc = files["export/guideline.json"]
    assert doc["guideline"]["url"] == SITE
    assert [s["url"] for s in doc["grading"]] == [f"{SITE}grades/#{s['id']}" for s in doc["grading"]]
    for chapter in doc["chapters"]:
        assert chapter["url"] == f"{SITE}{chapter['id']}/"
        for section in chapter["sections"]:
            assert section["url"] == f"{chapter['url']}#{section['id']}"
    chapter_of = {
        r["id"]: c["url"]
        for c in doc["chapters"]
        for s in c["sections"]
        for r in recs({"chapters": [{"sections": [s]}]})
    }
    assert len(chapter_of) == 58
    for rec in recs(doc):
        assert rec["url"] == f"{chapter_of[rec['id']]}#{rec['id']}"
        assert list(rec)[:2] == ["id", "url"]


def test_without_a_site_url_there_are_no_urls(guideline: Guideline) -> None:
    doc = _files(guideline, None)["export/guideline.json"]
    assert "url" not in doc["guideline"] and all("url" not in r for r in recs(doc))
    assert valid(_files(guideline, None)[SPECIALISED], doc)


def test_the_date_is_the_sources_never_the_builds(
    guideline: Guideline, files: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default chapter gives no date: null, whatever SOURCE_DATE_EPOCH says (issue 18)."""
    assert guideline.date is None
    assert files["export/guideline.json"]["guideline"]["date"] is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert publication_date(guideline) is None
    assert _files(guideline)["export/guideline.json"]["guideline"]["date"] is None
    dated = dataclasses.replace(guideline, date="2023-03-01")
    assert publication_date(dated) == "2023-03-01"
    assert _files(dated)["export/guideline.json"]["guideline"]["date"] == "2023-03-01"


def test_the_export_cache_key_holds_the_url_and_the_date(guideline: Guideline, tmp_path: Path) -> None:
    cache = Cache(tmp_path, enabled=True)
    keys = {
        cache.export_key(g, b"s", {"site_url": url})
        for url in (SITE, None)
        for g in (guideline, dataclasses.replace(guideline, date="2023-03-01"))
    }
    assert len(keys) == 4


# ---------------------------------------------------------------- the specialised schema


def test_the_specialised_schema_accepts_the_export(files: dict[str, Any]) -> None:
    schema = files[SPECIALISED]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"{SITE}{SPECIALISED}"
    jsonschema.Draft202012Validator(schema).validate(files["export/guideline.json"])
    grades = schema["$defs"]["recommendation"]["properties"]["grades"]["properties"]
    assert grades["loe"]["enum"][:3] == ["1a", "1b", "1c"] and grades["ago"]["enum"] == ["++", "+", "+/-", "-", "--"]


def _graded(doc: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in recs(doc) if r["id"] == "surgery-of-metastases-good-response")


def _bad(files: dict[str, Any], edit: Any) -> dict[str, Any]:
    doc = copy.deepcopy(files["export/guideline.json"])
    edit(doc)
    return doc


BAD_EXPORTS = {
    "grades no scheme has": lambda d: _graded(d).update(grades={"loe": "9z", "gr": "Q", "ago": "+"}),
    "an unknown scheme id": lambda d: _graded(d)["grades"].update({"oxford": "A"}),
    "empty grades on a statement heading nothing": lambda d: _graded(d).update(grades={}),
    "a required scheme missing": lambda d: _graded(d)["grades"].pop("ago"),
    "a grade stronger than its evidence": lambda d: _graded(d)["grades"].update({"gr": "A"}),
    "a reference key that does not exist": lambda d: _graded(d)["refs"].append("nobody2024"),
    "a reference list of a key that does not exist": lambda d: d["chapters"][0]["sections"][0]["references"][0][
        "refs"
    ].append("nobody2024"),
    "a reference list for a statement that does not exist": lambda d: d["chapters"][0]["sections"][0]["references"][
        0
    ].update(statement="no-such-statement"),
    "an unknown scheme id in the grading list": lambda d: d["grading"][0].update(id="oxford"),
    "an undeclared statement kind": lambda d: _graded(d).update(kind="therapy"),
}


@pytest.mark.parametrize("name", sorted(BAD_EXPORTS))
def test_the_specialised_schema_rejects_a_bad_export(files: dict[str, Any], name: str) -> None:
    doc = _bad(files, BAD_EXPORTS[name])
    assert not valid(files[SPECIALISED], doc), name


def test_the_generic_schema_cannot_tell_those_apart(files: dict[str, Any]) -> None:
    """Why the specialised schema exists: the generic one accepts each of them."""
    for name, edit in BAD_EXPORTS.items():
        assert valid(files["export/guideline.schema.json"], _bad(files, edit)), name


@pytest.mark.parametrize("name, preset", [("grade-test", "grade"), ("esmo-test", "esmo")])
def test_projects_of_other_shapes_validate_against_their_specialised_schema(
    name: str, preset: str, tmp_path: Path
) -> None:
    root = copy_test_project(name, preset, tmp_path / "project")
    result = check(root)
    assert result.guideline is not None and result.ok
    g = result.guideline
    out = {k: json.loads(v) for k, v in export_files(g, site_url=SITE).items()}
    schema, doc = out[f"export/guideline.{g.id}.schema.json"], out["export/guideline.json"]
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert_guarantees(doc)
    # An ungraded statement (good practice) must stay ungraded; a graded one keeps its grades.
    kinds = {k["id"]: k for k in doc.get("kinds", [])}
    ungraded = next((r for r in recs(doc) if r.get("kind") in kinds and not kinds[r["kind"]]["graded"]), None)
    graded = next(r for r in recs(doc) if r["grades"])
    if ungraded is not None:
        ungraded["grades"] = dict(graded["grades"])
        assert not valid(schema, doc)


# ---------------------------------------------------------------- versioning


def _future_minor(doc: dict[str, Any]) -> dict[str, Any]:
    """The export as a 1.(y+1) might write it: a new optional key at every level."""
    major, minor, _ = SCHEMA_VERSION.split(".")
    future = copy.deepcopy(doc)
    future["schema_version"] = f"{major}.{int(minor) + 1}.0"
    future["$schema"] = f"https://guidepress.invalid/schemas/guideline-{future['schema_version']}.schema.json"
    future["released_by"] = {"name": "the board"}
    future["guideline"]["licence"] = "CC-BY-4.0"
    future["grading"][0]["codes"][0]["colour"] = "green"
    next(s for s in future["grading"] if s["rules"])["rules"][0]["note"] = "new"
    chapter = future["chapters"][0]
    chapter["status"] = "current"
    chapter["authors"][0]["orcid"] = []
    chapter["sections"][0]["change"] = "unchanged"
    chapter["sections"][0]["references"][0]["kind"] = "overview"
    for rec in recs(future):
        rec["audience"] = "clinicians"  # ("change" is a key of 1.2.0)
    future["references"][0]["custom"]["new"] = True
    return future


def test_a_future_minor_export_validates_against_today_s_schemas(files: dict[str, Any]) -> None:
    future = _future_minor(files["export/guideline.json"])
    assert valid(files["export/guideline.schema.json"], future)
    assert valid(files[SPECIALISED], future)


def test_an_earlier_minor_export_validates_too(guideline: Guideline, files: dict[str, Any]) -> None:
    """A 1.0.0 export had no URLs and a null date."""
    old = copy.deepcopy(_files(guideline, None)["export/guideline.json"])
    old["schema_version"], old["guideline"]["date"] = "1.0.0", None
    old["$schema"] = "https://guidepress.invalid/schemas/guideline-1.0.0.schema.json"
    assert valid(files["export/guideline.schema.json"], old)


@pytest.mark.parametrize("version", ["2.0.0", "0.9.0", "1.1", "1.01.0"])
def test_another_major_version_is_rejected(files: dict[str, Any], version: str) -> None:
    doc = copy.deepcopy(files["export/guideline.json"])
    doc["schema_version"] = version
    assert not valid(files["export/guideline.schema.json"], doc)
    assert not valid(files[SPECIALISED], doc)


def _undeclared(schema: dict[str, Any], defs: dict[str, Any], value: Any, where: str) -> Iterator[str]:
    """Keys of ``value`` that ``schema`` does not declare (objects are open, so validation cannot say)."""
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    if isinstance(value, dict) and "properties" in schema:
        for key, item in value.items():
            if key not in schema["properties"]:
                if "additionalProperties" not in schema:
                    yield f"{where}/{key}"
                continue
            yield from _undeclared(schema["properties"][key], defs, item, f"{where}/{key}")
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            yield from _undeclared(schema["items"], defs, item, f"{where}/{i}")


def test_every_key_the_export_writes_is_declared(files: dict[str, Any]) -> None:
    schema = files["export/guideline.schema.json"]

    # References are CSL-JSON items, whose fields CSL's own schema defines.
    def own(doc: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in doc.items() if k != "references"}

    doc = files["export/guideline.json"]
    assert list(_undeclared(schema, schema["$defs"], own(doc), "")) == []
    assert len(list(_undeclared(schema, schema["$defs"], own(_future_minor(doc)), ""))) > 60  # it sees new keys


def test_a_name_in_a_reference_is_closed_as_csl_json_closes_it(files: dict[str, Any]) -> None:
    """guidepress's objects are open; a CSL name is CSL-JSON's, closed with CSL-JSON's keys (docs/export.md)."""
    csl = json.loads((ROOT / "tests" / "data" / "csl-data.json").read_text("utf-8"))
    (csl_name,) = csl["definitions"]["name-variable"]["anyOf"]
    ours = files["export/guideline.schema.json"]["$defs"]["csl_name"]
    assert ours["additionalProperties"] is False is csl_name["additionalProperties"]
    assert list(ours["properties"]) == list(csl_name["properties"])
    doc = copy.deepcopy(files["export/guideline.json"])
    author = next(item["author"][0] for item in doc["references"] if item.get("author"))
    assert valid(files["export/guideline.schema.json"], doc)
    author["dropping-particle"] = "van"  # a CSL-JSON key guidepress does not write yet
    assert valid(files["export/guideline.schema.json"], doc)
    author["middle"] = "X"  # no CSL-JSON key
    assert not valid(files["export/guideline.schema.json"], doc)


# ---------------------------------------------------------------- guarantees no schema can state


def assert_guarantees(doc: dict[str, Any]) -> None:
    """docs/export.md's guarantees: ids unique guideline-wide; every reference resolves."""
    ids: list[str] = []
    for chapter in doc["chapters"]:
        ids.append(chapter["id"])
        for section in chapter["sections"]:
            ids.append(section["id"])
            ids += [t["id"] for t in section["tables"]] + [q["id"] for q in section["quotes"]]
    ids += [r["id"] for r in recs(doc)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    keys = [item["id"] for item in doc["references"]]
    assert len(keys) == len(set(keys))
    groups = [g for c in doc["chapters"] for g in c["references"]]
    groups += [g for c in doc["chapters"] for s in c["sections"] for g in s["references"]]
    cited = {k for g in groups for k in g["refs"]} | {k for r in recs(doc) for k in r["refs"]}
    assert cited <= set(keys)
    assert {g["statement"] for g in groups if g["statement"]} <= {r["id"] for r in recs(doc)}
    schemes = {s["id"]: {c["code"] for c in s["codes"]} for s in doc["grading"]}
    for rec in recs(doc):
        assert all(code in schemes[scheme] for scheme, code in rec["grades"].items()), rec["id"]


def test_the_guarantees_hold_for_the_default_export(files: dict[str, Any]) -> None:
    assert_guarantees(files["export/guideline.json"])


def test_a_duplicate_id_passes_every_schema_and_fails_the_guarantee(files: dict[str, Any]) -> None:
    doc = copy.deepcopy(files["export/guideline.json"])
    sections = doc["chapters"][0]["sections"]
    sections[1]["recommendations"][0]["id"] = sections[0]["recommendations"][0]["id"]
    for statement in (g for s in sections for g in s["references"]):
        statement["statement"] = None
    assert valid(files[SPECIALISED], doc)
    with pytest.raises(AssertionError):
        assert_guarantees(doc)
