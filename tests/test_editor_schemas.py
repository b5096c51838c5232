"""Editor schemas: generated from load/schema.py, shipped, and in agreement with the loader.

Every source file of the repository, of tests/projects/*, of the presets and
of the diagnostics' examples, and every file of every fault-corpus case
(tests/faults/), is read twice: by the loader (load/source.py's read_file:
the YAML and the format, one file at a time) and as an editor's plugin reads
it (tests/editor_yaml.py) and then validated against its kind's schema. The
loader's codes decide what the editor must say (editor_schemas.py states
the classification): a structural code, the schema rejects the file; a
syntax code, the YAML reader rejects it; neither, both accept it.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT
from editor_yaml import editor_read
from fault_cases import CASES, Case, prepare

from guidepress import editor_schemas as es
from guidepress.diagnostics import CODES
from guidepress.load.source import SourceLoader

PRESETS = ROOT / "build_tools" / "guidepress" / "resources" / "presets"
EXAMPLES = ROOT / "tests" / "diagnostic_examples"
_NO_FILE = frozenset({"GP001", "GP003", "GP004"})  # nothing was read: nothing to compare


def _validator(kind: str) -> jsonschema.Draft7Validator:
    # Editors' YAML plugins check "format" (a date that does not exist is refused); so does this test.
    return jsonschema.Draft7Validator(json.loads(es.shipped(kind)), format_checker=jsonschema.FormatChecker())


VALIDATORS = {kind: _validator(kind) for kind in es.FILE_SPECS}


def loader_codes(root: Path, rel: str, text: str | None = None) -> set[str]:
    kind = es.file_kind(rel)
    assert kind is not None, rel
    _, diags = SourceLoader(root).read_file(root / rel, es.FILE_SPECS[kind], f"a {kind} file", text)
    return {d.code for d in diags}


def disagreement(kind: str, raw: bytes, codes: set[str]) -> str | None:
    """What the editor would say differently from the loader's ``codes`` (None: they agree, or no claim)."""
    if codes & (es.UNJUDGED | _NO_FILE):
        return None
    try:
        data = editor_read(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        if codes & (es.SYNTAX | es.STRUCTURAL):
            return None
        return f"the editor's YAML reader refuses what the loader accepts ({sorted(codes)}): {exc}"
    errors = sorted(VALIDATORS[kind].iter_errors(data), key=lambda e: list(e.absolute_path))
    if codes & es.SYNTAX:
        return f"the loader reports {sorted(codes)}, but the YAML reader reads the file"
    if codes & es.STRUCTURAL and not errors:
        return f"the loader reports {sorted(codes & es.STRUCTURAL)}, but the schema accepts the file"
    if errors and not codes & es.STRUCTURAL:
        first = errors[0]
        return (
            f"the schema rejects what the loader accepts ({sorted(codes) or 'no problem'}): "
            f"{'/'.join(map(str, first.absolute_path))}: {first.message}"
        )
    return None


def _source_files(root: Path) -> list[str]:
    # Regular files only: a case's folder, FIFO or link is a problem of reading, not of format.
    rels = [
        p.relative_to(root).as_posix()
        for p in sorted((root / "source").rglob("*.yml"))
        if p.is_file() and not p.is_symlink()
    ]
    return [r for r in rels if es.file_kind(r) is not None]


# ---------------------------------------------------------------- the files shipped


@pytest.mark.parametrize("kind", sorted(es.FILE_SPECS))
def test_shipped_schemas_are_generated_from_the_format(kind: str) -> None:
    assert es.shipped(kind) == es.generated(kind), "run python -m guidepress.editor_schemas"
    jsonschema.Draft7Validator.check_schema(json.loads(es.shipped(kind)))
    assert es.main(["--check"]) == 0


def test_every_key_of_the_format_is_in_a_schema() -> None:
    schema = es.editor_schema("chapter")
    assert set(schema["properties"]) == set(es.SPECS["chapter"])
    assert set(schema["definitions"]["recommendation"]["properties"]) == set(es.SPECS["recommendation"])
    assert schema["definitions"]["recommendation"]["required"] == ["id"]
    assert schema["additionalProperties"] is False


def test_file_kinds_and_modelines() -> None:
    assert es.file_kind("source/guideline.yml") == "guideline"
    assert es.file_kind("source/grading/loe.yml") == "scheme"
    assert es.file_kind("source/chapters/liver.yml") == "chapter"
    assert es.file_kind("source/chapters/old/liver.yml") is None and es.file_kind("bib/x.yml") is None
    assert (
        es.modeline("source/chapters/liver.yml") == "# yaml-language-server: $schema=../../schemas/chapter.schema.json"
    )
    assert es.modeline("source/guideline.yml") == "# yaml-language-server: $schema=../schemas/guideline.schema.json"
    files = es.project_files()
    assert set(files) == {"schemas/guideline.schema.json", "schemas/scheme.schema.json", "schemas/chapter.schema.json"}
    with pytest.raises(ValueError):
        es.modeline("bib/liver.bib")


def test_the_repository_s_source_files_name_their_schema() -> None:
    for rel in _source_files(ROOT):
        first = (ROOT / rel).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), rel
        target = ((ROOT / rel).parent / first.split("=", 1)[1]).resolve()
        assert target.read_bytes() == es.shipped(es.file_kind(rel) or ""), rel


# ---------------------------------------------------------------- files that load


def _clean_files() -> list[tuple[Path, str]]:
    roots = [ROOT, *sorted(p for p in (ROOT / "tests" / "projects").iterdir() if (p / "source").is_dir())]
    files = [(root, rel) for root in roots for rel in _source_files(root)]
    files += [(preset, rel) for preset in sorted(PRESETS.iterdir()) for rel in _source_files_of_preset(preset)]
    return files


def _source_files_of_preset(preset: Path) -> list[str]:
    # A preset's grading/ is copied to a project's source/grading/.
    return [f"source/grading/{p.name}" for p in sorted((preset / "grading").glob("*.yml"))]


@pytest.mark.parametrize("root, rel", _clean_files(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_every_source_file_validates_against_its_schema(root: Path, rel: str) -> None:
    path = root / rel
    if root.parent == PRESETS:
        path = root / "grading" / Path(rel).name
    text = path.read_text(encoding="utf-8")
    codes = loader_codes(root, rel, text)
    assert not codes, f"{path}: the loader reports {sorted(codes)}"
    data = editor_read(text)
    assert not list(VALIDATORS[es.file_kind(rel) or ""].iter_errors(data)), path


# ---------------------------------------------------------------- loader and schema agree


def _example_files() -> list[tuple[str, str, str]]:
    out = []
    for code in CODES.values():
        ex = code.example
        for rel, text in ((ex.path, ex.text), *ex.also):
            if rel and text is not None and es.file_kind(rel) and ex.encoding == "utf-8":
                out.append((code.code, rel, text))
    return out


@pytest.mark.parametrize("code, rel, text", _example_files(), ids=lambda v: v if len(v) < 40 else None)
def test_diagnostic_examples_agree(code: str, rel: str, text: str) -> None:
    codes = loader_codes(EXAMPLES, rel, text)
    problem = disagreement(es.file_kind(rel) or "", text.encode("utf-8"), codes)
    assert problem is None, f"{code}'s example {rel}: {problem}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault_corpus_agrees(case: Case, tmp_path: Path) -> None:
    root, _ = prepare(case, tmp_path)
    problems = []
    for rel in _source_files(root) if (root / "source").is_dir() else []:
        path = root / rel
        codes = loader_codes(root, rel)
        if (problem := disagreement(es.file_kind(rel) or "", path.read_bytes(), codes)) is not None:
            problems.append(f"{rel}: {problem}")
    assert not problems, "\n".join(problems)


def test_the_corpus_exercises_every_structural_and_syntax_code(tmp_path: Path) -> None:
    """The agreement above is about something: each classified code occurs in it."""
    seen: set[str] = set()
    for _code, rel, text in _example_files():
        seen |= loader_codes(EXAMPLES, rel, text)
    for case in CASES:
        seen |= case.codes
    assert seen >= es.STRUCTURAL | es.SYNTAX
    assert not (es.STRUCTURAL & es.SYNTAX) and not (es.UNJUDGED & (es.STRUCTURAL | es.SYNTAX))
    assert set(CODES) >= es.STRUCTURAL | es.SYNTAX | es.UNJUDGED
