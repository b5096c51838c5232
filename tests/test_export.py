"""The JSON export: valid against its own schema, complete against the source
document, deterministic."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from guidepress.cli import main
from guidepress.model import Guideline
from guidepress.render.export import SCHEMA_VERSION, export_files, guideline_document

SOURCE_TEXT = Path(__file__).parent / "data" / "ago-breast-2023.1E-sites-of-metastases.txt"
# A graded line of the slide dump ends "<LoE> <GR> <AGO>", AGO sometimes with a footnote star.
GRADED_LINE = re.compile(
    r"^(?:§\s*)?(?P<text>.*?)\s*(?P<loe>1a|1b|1c|2a|2b|2c|3a|3b|3|4|5)\s+(?P<gr>[A-D])\s+"
    r"(?P<ago>\+/-|\+\+|\+|--|-)\*?\s*$"
)


def source_grade_lines() -> list[tuple[str, str, str, str]]:
    out = []
    for line in SOURCE_TEXT.read_text(encoding="utf-8").splitlines():
        if m := GRADED_LINE.match(line.strip()):
            out.append((m["text"], m["loe"], m["gr"], m["ago"]))
    return out


def exported_recs(doc: dict) -> list[dict]:
    def walk(recs: list[dict]):
        for rec in recs:
            yield rec
            yield from walk(rec["children"])

    return [r for ch in doc["chapters"] for s in ch["sections"] for r in walk(s["recommendations"])]


@pytest.fixture(scope="module")
def document(guideline: Guideline) -> dict:
    return json.loads(export_files(guideline)["export/guideline.json"])


def test_export_validates_against_its_published_schema(guideline: Guideline) -> None:
    files = export_files(guideline)
    schema = json.loads(files["export/guideline.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads(files["export/guideline.json"])
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["$schema"] == schema["$id"]


def test_schema_rejects_a_recommendation_without_grades_object(guideline: Guideline) -> None:
    files = export_files(guideline)
    schema = json.loads(files["export/guideline.schema.json"])
    doc = json.loads(files["export/guideline.json"])
    del doc["chapters"][0]["sections"][0]["recommendations"][0]["grades"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


def test_every_graded_statement_of_the_source_is_exported_with_its_three_grades(document: dict) -> None:
    printed = source_grade_lines()
    # The dump prints some statements across lines; the grade triples still
    # identify each row, so compare the multisets of triples exactly...
    graded = [r for r in exported_recs(document) if r["grades"]]
    assert Counter((r["grades"]["loe"], r["grades"]["gr"], r["grades"]["ago"]) for r in graded) == Counter(
        (loe, gr, ago) for _, loe, gr, ago in printed
    )
    assert len(graded) == len(printed) == 49
    # ...and every printed line's text (where the line carries text) starts an exported statement.
    texts = [" ".join((r["text"] or "").split()) for r in graded]
    for text, loe, gr, ago in printed:
        if len(text) > 3:
            head = text.rstrip("*").strip()
            assert any(t.startswith(head) or head in t for t in texts), (text, loe, gr, ago)


def test_grades_use_scheme_ids_as_keys(document: dict) -> None:
    ids = [s["id"] for s in document["grading"]]
    assert ids == ["loe", "gr", "ago"]
    rec = next(r for r in exported_recs(document) if r["id"] == "surgery-of-metastases-good-response")
    assert rec["grades"] == {"loe": "2b", "gr": "C", "ago": "+/-"}


def test_every_printed_reference_is_cited_and_every_work_exported(document: dict) -> None:
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    numbered = re.findall(r"^[ \t]*\d{1,2}\.\s+\S[^\n]*", text, flags=re.MULTILINE)
    cites = [k for ch in document["chapters"] for g in ch["references"] for k in g["refs"]]
    cites += [k for ch in document["chapters"] for s in ch["sections"] for g in s["references"] for k in g["refs"]]
    assert len(cites) == len(numbered) == 134
    keys = {item["id"] for item in document["references"]}
    assert set(cites) == keys
    assert len(keys) == 104


def test_references_json_is_csl_with_bibtex_keys(guideline: Guideline) -> None:
    items = json.loads(export_files(guideline)["export/references.json"])
    by_id = {i["id"]: i for i in items}
    abc5 = by_id["cardoso2020international"]
    assert abc5["type"] == "article-journal"
    assert abc5["author"][0] == {"family": "Cardoso", "given": "F."}
    assert abc5["author"][-1] == {"literal": "et al."}
    assert abc5["container-title"] == "Ann Oncol"
    assert abc5["issued"] == {"date-parts": [[2020, 12]]}
    assert abc5["page"] == "1623-1649"
    assert by_id["poggio2018controversies"]["DOI"] == "10.1136/esmoopen-2018-000324"


def test_statement_reference_groups_give_recommendation_refs(document: dict) -> None:
    rec = next(r for r in exported_recs(document) if r["id"] == "pulmonary-thermoablation")
    assert rec["refs"] == ["vogl2011microwave", "ewert2004pulmonary", "diederich2004percutaneous"]


def test_export_command_writes_identical_bytes_twice(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = project / "site"
    assert main(["export", "--root", str(project)]) == 0
    first = {p.name: p.read_bytes() for p in (out / "export").iterdir()}
    assert main(["export", "--root", str(project)]) == 0
    second = {p.name: p.read_bytes() for p in (out / "export").iterdir()}
    assert first == second
    assert set(first) == {
        "guideline.json",
        "references.json",
        "guideline.schema.json",
        "guideline.ago-breast.schema.json",
        "guideline.fhir.json",
    }


def test_export_refuses_broken_source_and_keeps_previous_output(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--root", str(project)]) == 0
    before = (project / "site/export/guideline.json").read_bytes()
    chapter = project / "source/chapters/sites-of-metastases.yml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("loe: 2b", "loe: 9z", 1), encoding="utf-8")
    assert main(["export", "--root", str(project)]) == 1
    assert "GP201" in capsys.readouterr().err
    assert (project / "site/export/guideline.json").read_bytes() == before


def test_document_is_a_pure_function_of_the_model(guideline: Guideline) -> None:
    assert guideline_document(guideline) == guideline_document(guideline)


# --- the writer: orjson, byte for byte what json.dumps writes ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from guidepress.render.export import dumps  # noqa: E402

# The export's data: text (any code point but lone surrogates, which cannot be
# UTF-8), ints, None, bools, and lists and string-keyed objects of those.
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _text,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_text, inner, max_size=5),
    max_leaves=30,
)


def _reference(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(_json)
def test_dumps_writes_what_json_dumps_writes(data: object) -> None:
    assert dumps(data) == _reference(data)


def test_dumps_matches_json_dumps_on_the_real_export(guideline: Guideline) -> None:
    doc = guideline_document(guideline)
    assert dumps(doc) == _reference(doc)
