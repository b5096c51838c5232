"""docs/format.md is the editors' reference: it must list exactly the keys
the loader accepts, with the same required flags."""

from __future__ import annotations

import re
from pathlib import Path

from guidepress.load.schema import SPECS

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"
FILE_SPECS = {
    "source/guideline.yml": "guideline",
    "source/grading/<id>.yml": "scheme",
    "source/chapters/<id>.yml": "chapter",
}


def documented_tables() -> dict[str, dict[str, bool]]:
    """Spec name -> {key: required} read from the doc's tables."""
    tables: dict[str, dict[str, bool]] = {}
    current: str | None = None
    in_table = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^## `([^`]+)`", line):
            current = FILE_SPECS.get(m.group(1))
        elif m := re.match(r"^An? \*\*([a-z -]+)\*\*", line):
            current = m.group(1).replace(" ", "_").replace("-", "_")
        if line.startswith("| `") and current:
            cells = [c.strip() for c in line.strip("|").split("|")]
            key = cells[0].strip("`")
            tables.setdefault(current, {})[key] = cells[2].startswith("yes") and "unless" not in cells[2]
            in_table = True
        elif in_table and not line.startswith("|"):
            in_table = False
    return tables


def test_every_spec_is_documented() -> None:
    assert set(documented_tables()) == set(SPECS)


def test_documented_keys_are_exactly_the_accepted_keys() -> None:
    docs = documented_tables()
    for name, fields in SPECS.items():
        assert set(docs[name]) == set(fields), f"docs/format.md and load/schema.py disagree on '{name}'"


def test_required_flags_agree() -> None:
    docs = documented_tables()
    for name, fields in SPECS.items():
        for key, field in fields.items():
            assert docs[name][key] == field.required, f"{name}.{key}: required flag differs"


def test_every_diagnostic_code_is_documented() -> None:
    from guidepress.diagnostics import CODES

    text = (Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in text, f"{code} is not documented in docs/diagnostics.md"
