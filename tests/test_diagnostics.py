"""The code declarations: one table, a generated page, examples that get their codes,
and the page anchors GP223 checks against are the ones the pages make."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from grading_projects import copy_test_project

from guidepress.checks import DECLARING
from guidepress.checks.page_anchors import page_anchors
from guidepress.diagnostics import CODES, Code, DeclarationError, Diagnostic, Example, SourcePos, assemble
from guidepress.diagnostics_doc import DOC, render
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.render.pages import _ID_ATTR, _ID_ATTR_LIST, site_pages
from guidepress.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PROJECT = Path(__file__).parent / "diagnostic_examples"
WITH_FILES = sorted(c for c, code in CODES.items() if code.example.path is not None)


def test_the_page_is_generated_from_the_declarations() -> None:
    assert (ROOT / DOC).read_text(encoding="utf-8") == render(CODES), (
        "docs/diagnostics.md is out of date: run python -m guidepress.diagnostics_doc"
    )


def test_a_code_declared_twice_is_refused() -> None:
    code = CODES["GP205"]
    with pytest.raises(DeclarationError, match="GP205 is declared twice: in a and in b"):
        assemble([("a", [code]), ("b", [Code("GP205", code.severity, "again", code.example, "fix")])])


def test_an_undeclared_code_fails_loudly() -> None:
    with pytest.raises(DeclarationError, match="GP999"):
        _ = Diagnostic("GP999", "nobody declares this", SourcePos("x.yml", 1, 1)).severity


def test_every_code_a_module_raises_is_declared() -> None:
    """A Code a module defines but leaves out of its CODES would raise diagnostics nobody declares."""
    for module in DECLARING:
        for name, value in vars(module).items():
            if isinstance(value, Code):
                assert CODES.get(value.code) is value, f"{module.__name__}.{name} is not in any CODES"


def test_codes_are_numbered_by_kind() -> None:
    for code in CODES.values():
        assert re.fullmatch(r"GP[0-4]\d\d", code.code), code.code
        assert (code.kind == "io") == code.code.startswith("GP0"), code.code
        assert code.summary and code.fix, code.code


def _example_project(tmp: Path) -> Path:
    root = tmp / "project"
    shutil.copytree(EXAMPLE_PROJECT, root)
    shutil.copytree(ROOT / "source" / "grading", root / "source" / "grading")
    return root


def _write(root: Path, path: str, text: str | None, encoding: str = "utf-8") -> None:
    target = root / path
    if text is None:
        target.unlink()
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode(encoding))


def test_the_example_project_is_clean(tmp_path: Path) -> None:
    assert check(_example_project(tmp_path)).diagnostics == []


@pytest.mark.parametrize("code", WITH_FILES)
def test_the_example_gets_its_code(code: str, tmp_path: Path) -> None:
    """The example's files in place of the project's: the code is reported, and no other error."""
    example: Example = CODES[code].example
    root = _example_project(tmp_path)
    assert example.path is not None
    _write(root, example.path, example.text, example.encoding)
    for path, text in example.also:
        _write(root, path, text)
    # What `guidepress check` reports: the settings' problems (mkdocs.yml) and the source's.
    found = load_settings(root, cards=False)[1] + check(root).diagnostics
    assert code in {d.code for d in found}, [d.as_text() for d in found]
    others = [d.as_text() for d in found if d.code != code and d.severity.value == "error"]
    assert others == [], f"the example of {code} has other errors as well"


def _rendered_ids(text: str) -> Counter[str]:
    """The ids the pages' own duplicate check counts (render/pages.py _assert_unique_ids)."""
    ids = Counter(
        m[1]
        for m in _ID_ATTR.finditer(text)
        if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))
    )
    ids.update(_ID_ATTR_LIST.findall(text))
    return ids


def test_page_anchors_are_the_ones_the_pages_make(guideline: Guideline) -> None:
    pages = site_pages(guideline, ROOT)
    expected = page_anchors(guideline)
    assert len(expected) == len(guideline.chapters) + 1
    for page, anchors in expected.items():
        assert Counter(a.id for a in anchors) == _rendered_ids(pages[page]), page


def test_page_anchors_of_a_guideline_with_statement_kinds(tmp_path: Path) -> None:
    """The grades page's 'Statement kinds' heading, and the anchors of schemes that apply to some kinds only."""
    root = copy_test_project("esmo-test", "esmo", tmp_path / "project")
    guideline = check(root).guideline
    assert guideline is not None and guideline.statement_kinds()
    pages = site_pages(guideline, root)
    for page, anchors in page_anchors(guideline).items():
        assert Counter(a.id for a in anchors) == _rendered_ids(pages[page]), page
