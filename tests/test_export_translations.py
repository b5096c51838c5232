"""The primary's export carries every translation (export contract 1.3.0): tests/projects/bilingual.

guideline.json of the primary holds ``translations``: per language tag, the
guideline's translated texts and each chapter's, keyed as the translation
files key them, each with its ``from`` and whether it is stale. It validates
against the generic and the specialised schema (jsonschema, as the other
export tests); the specialised one admits only the guideline's languages and
keys. Each language's own export has no ``translations``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from grading_projects import bilingual

from guidepress.chapter_texts import chapter_texts, fingerprint
from guidepress.cli import main
from guidepress.guideline_texts import guideline_texts
from guidepress.phases import check

EDITED = "Test statement one, edited (artificial)"


def _export(root: Path, rel: str) -> dict[str, Any]:
    return dict(json.loads((root / "site" / rel).read_text("utf-8")))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with one primary text edited since its translation: one stale text, the others in step."""
    root = bilingual(tmp_path_factory.mktemp("bilingual-export") / "project")
    chapter = root / "source" / "chapters" / "test-chapter.yml"
    text = chapter.read_text("utf-8")
    chapter.write_text(text.replace("text: Test statement one (artificial)", f"text: {EDITED}"), "utf-8")
    assert main(["build", "--root", str(root), "--no-cards"]) == 0
    return root


def _valid(doc: dict[str, Any], schema: dict[str, Any]) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(doc)


def test_the_primary_export_carries_every_translated_text_with_its_stale_flag(built: Path) -> None:
    doc = _export(built, "export/guideline.json")
    assert doc["schema_version"] == "1.3.0" and doc["guideline"]["title"] == "Test Guideline in Two Languages"
    german = doc["translations"]["de"]
    assert list(doc["translations"]) == ["de", "en-x-patients", "de-x-patients"]  # guideline.yml's order
    assert list(german) == ["guideline", "chapters"]
    assert german["guideline"]["title"] == {
        "text": "Testleitlinie in zwei Sprachen",
        "from": "6c9f28a50d30",
        "stale": False,
    }
    high = german["guideline"]["grading.certainty.codes.high.meaning"]
    assert high["text"].startswith("Testbedeutung hoch") and high["stale"] is False
    texts = german["chapters"]["test-chapter"]
    assert texts["test-first.text"] == {"text": "Testaussage eins (künstlich)", "from": "d8390b08747a", "stale": True}
    assert [k for k, v in texts.items() if v["stale"]] == ["test-first.text"]
    # Keyed as the files key them, in the order the primary prints them; the primary's texts are the export's own.
    g = check(built).guideline
    assert g is not None
    assert list(german["guideline"]) == [k for k, _ in guideline_texts(g)]
    assert list(texts) == [k for k, _ in chapter_texts(g.chapters[0]) if k in texts]
    assert fingerprint(EDITED) != texts["test-first.text"]["from"]
    assert EDITED in json.dumps(doc["chapters"])


def test_the_primary_export_validates_against_both_schemas(built: Path) -> None:
    doc = _export(built, "export/guideline.json")
    generic = _export(built, "export/guideline.schema.json")
    specialised = _export(built, "export/guideline.bilingual-test.schema.json")
    for schema in (generic, specialised):
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(doc)
    # What only the specialised schema knows: the guideline's languages, chapters and keys.
    for edit in (
        lambda d: d["translations"].update({"fr": d["translations"]["de"]}),
        lambda d: d["translations"]["de"]["guideline"].update(
            {"subtitle": d["translations"]["de"]["guideline"]["title"]}
        ),
        lambda d: d["translations"]["de"]["chapters"]["test-chapter"].update(
            {"no-such.text": {"text": "x", "from": "0", "stale": True}}
        ),
        lambda d: d["translations"]["de"]["chapters"].update({"no-such-chapter": {}}),
    ):
        bad = copy.deepcopy(doc)
        edit(bad)
        assert _valid(bad, generic) and not _valid(bad, specialised)
    for broken in ({"text": "x", "from": "0"}, {"text": "x", "from": "0", "stale": "no"}):
        bad = copy.deepcopy(doc)
        bad["translations"]["de"]["guideline"]["title"] = broken
        assert not _valid(bad, generic)


def test_a_language_s_own_export_stays_that_language_s(built: Path) -> None:
    doc = _export(built, "de/export/guideline.json")
    assert "translations" not in doc
    assert doc["guideline"]["language"] == "de" and doc["guideline"]["title"] == "Testleitlinie in zwei Sprachen"
    high = next(c for s in doc["grading"] if s["id"] == "certainty" for c in s["codes"] if c["code"] == "high")
    assert high["meaning"].startswith("Testbedeutung hoch") and high["spoken"] == "hohes Vertrauen"
    jsonschema.Draft202012Validator(_export(built, "de/export/guideline.bilingual-test.schema.json")).validate(doc)


def test_guidepress_export_writes_the_same_translations(built: Path, tmp_path: Path) -> None:
    assert main(["export", "--root", str(built), "--out", str(tmp_path / "out")]) == 0
    exported = json.loads((tmp_path / "out" / "export" / "guideline.json").read_text("utf-8"))
    assert exported["translations"] == _export(built, "export/guideline.json")["translations"]


def test_a_tag_of_a_variant_is_carried_as_written(built: Path) -> None:
    """The tags are generic strings: an audience variant of a language (the fixture's en-x-patients) is one more
    key, with the texts its pages print and none of the guideline's own."""
    plain = _export(built, "export/guideline.json")["translations"]["en-x-patients"]
    assert plain["guideline"] == {}
    title = plain["chapters"]["test-chapter"]["title"]
    assert title == {"text": "The test chapter, in plain words", "from": fingerprint("Test Chapter"), "stale": False}
    # The edited primary statement: its plain version is stale, as the German one is.
    assert plain["chapters"]["test-chapter"]["test-first.text"]["stale"] is True
