"""The site's "For editors" page: what it lists comes from guidepress' own lists.

Every diagnostic code with its problem and what to change comes from the
code table (diagnostics.CODES, declared where each is raised); the keys of
each kind of object from the source format (load/schema.py SPECS); which
codes an editor's YAML plugin shows while typing from editor_schemas.py;
the examples from this guideline's own schemes and works. A new code or key
is on the page at the next build, and tests/test_site.py compares the codes
on the page with the table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .. import editor_schemas
from ..diagnostics import CODES
from ..load.schema import SPECS
from ..model import Guideline
from .mdtext import md

#: The objects the page documents, in the order an editor meets them: (spec, what it is).
OBJECTS = (
    ("recommendation", "a recommendation (in a section's `recommendations`, or a recommendation's `children`)"),
    ("reference_group", "a reference list (in a section's or a chapter's `references`)"),
    ("section", "a section (in a chapter's `sections`)"),
    ("scheme", "a grading scheme (`source/grading/<id>.yml`)"),
    ("code", "a code of a scheme (in its `codes`)"),
    ("rule", "a consistency rule of a scheme (in its `rules`)"),
    ("kind", "a statement kind (in `guideline.yml`'s or a scheme's `kinds`)"),
    ("guideline", "the guideline (`source/guideline.yml`)"),
)
_TYPES = {
    "text": "text",
    "slug": "id",
    "bool": "true or false",
    "date": "date (YYYY-MM-DD)",
    "tone": "tone",
    "severity": "error or warning",
    "url": "URL",
    "map:text": "scheme id: code, …",
    "rows": "rows of cells",
}
_CODE_SPAN = re.compile(r"`([^`]*)`")


def doc_md(text: str) -> Markup:
    """A declaration's text (guidepress' own, with `code` in backticks) as one line of
    Markdown: code spans kept, everything else escaped as model text is."""
    parts: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        parts += [_prose(text[pos : m.start()]), f"`{m[1]}`"]
        pos = m.end()
    parts.append(_prose(text[pos:]))
    return Markup("".join(parts))


def _prose(text: str) -> str:
    """``text`` escaped by md, keeping the spaces around it (md trims them)."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{md(text)}{trail}"


def _type(kind: str) -> str:
    if kind.startswith("list:obj:"):
        return f"list of {kind[9:].replace('_', ' ')}s"
    if kind.startswith("list:"):
        return f"list of {_type(kind[5:])}"
    if kind.startswith("obj:"):
        return kind[4:].replace("_", " ")
    return _TYPES.get(kind, kind)


@dataclass(frozen=True, slots=True)
class KeyRow:
    key: str
    type: str
    required: bool


@dataclass(frozen=True, slots=True)
class CodeRow:
    code: str
    severity: str
    summary: Markup
    fix: Markup
    as_you_type: str  # who reports it while typing: "schema", "YAML", or ""


def _as_you_type(code: str) -> str:
    if code in editor_schemas.STRUCTURAL:
        return "schema"
    if code in editor_schemas.SYNTAX:
        return "YAML"
    return ""


def _code_block(lines: list[str]) -> Markup:
    """An indented Markdown code block: Markdown prints it as written (and escapes it itself)."""
    return Markup("\n".join("    " + re.sub(r"[\r\n]+", " ", line) for line in lines))


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _examples(g: Guideline) -> dict[str, Markup]:
    grades = ", ".join(f"{s.id}: {_quoted(s.codes[0].code)}" for s in g.schemes if s.codes and s.required)
    key = g.references[0].key if g.references else "smith2020"
    return {
        "recommendation": _code_block(
            [
                "recommendations:",
                "  - id: liver-resection",
                "    text: Resection of liver metastases",
                f"    grades: {{{grades}}}",
            ]
        ),
        "references": _code_block(["references:", "  - statement: liver-resection", f"    refs: [{key}]"]),
        "bibtex": _code_block(
            [
                "@article{smith2020,",
                "  author = {Smith, Jane and Jones, Ann},",
                "  title = {Resection of liver metastases},",
                "  journal = {J Surg}, year = {2020},",
                "  doi = {10.1000/xyz123},",
                "}",
            ]
        ),
        "scheme": _code_block(
            [
                "id: my-scheme",
                "label: MS",
                "name: My grading scheme",
                "source: Where the meanings are published",
                "codes:",
                "  - {code: A, meaning: Strong evidence, spoken: grade A}",
                "  - {code: B, meaning: Weaker evidence, spoken: grade B}",
            ]
        ),
        "modeline": _code_block([editor_schemas.modeline("source/chapters/liver.yml")]),
    }


def editors_context(g: Guideline) -> dict[str, Any]:
    """What editors.md.j2 prints, besides ``g``."""
    return {
        "objects": [
            (spec, doc_md(what), [KeyRow(k, _type(f.kind), f.required) for k, f in SPECS[spec].items()])
            for spec, what in OBJECTS
        ],
        "codes": [
            CodeRow(c.code, c.severity.value, doc_md(c.summary), doc_md(c.fix), _as_you_type(c.code))
            for c in sorted(CODES.values(), key=lambda c: c.code)
        ],
        "examples": _examples(g),
        "editor_kinds": sorted(editor_schemas.FILE_SPECS),
    }
