"""A hostile copy of the project: source text that looks like markup.

Shared by tests/test_injection.py and tests/browser/test_hostile.py. Each
edit replaces one line of the real content, so a diagnostic's line number is
known. ``ACCEPTED`` edits pass validation and must be published literally,
exactly as typed; ``REJECTED`` ones must fail with GP301 at their line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from conftest import copy_project

CHAPTER = "source/chapters/sites-of-metastases.yml"
BIB = "bib/sites-of-metastases.bib"
GUIDELINE = "source/guideline.yml"


@dataclass(frozen=True)
class Edit:
    name: str
    file: str
    old: str  # a whole line of the real content
    new: str  # its replacement
    literal: str  # what a reader must see, exactly as the source typed it
    anchor: str | None = None  # id of the element that shows it on the chapter page


def _yaml(text: str) -> str:
    """A YAML single-quoted scalar: only "'" needs escaping."""
    return "'" + text.replace("'", "''") + "'"


def _text(rec_line: str, value: str) -> str:
    indent = re.match(r"\s*", rec_line).group(0)
    return f"{indent}text: {_yaml(value)}"


JINJA = "{{ config.site_name }} {% raw %}x{% endraw %} {# c #}"
ENTITIES = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x3C;b&#x3E; &copy;"
JS_URL = "javascript:alert(1) and data:text/html,x"
MARKDOWN = "# h1 | a | b | `code` > quote [x] --- _u_ XSS"
LEADING_RULE = "---"
QUOTE_EXPANSION = 'x" onmouseover="alert(1)'
CELL = "'\" onload=alert(1) | {: .x } \\"
BIB_TITLE = "Intra-Arterial </textarea><script>alert(1)</script> Therapies"
# The theme (not the page content) prints these: Material writes site_name
# into an attribute unescaped, and copyright as HTML.
SITE_NAME = 'AGO "Breast" onmouseover="alert(3)" &amp; {{ 7*7 }}'
COPYRIGHT = '© AGO &lt;b&gt; "e. V."'


ACCEPTED = [
    Edit(
        "jinja",
        CHAPTER,
        "        text: Histological verification",
        _text("        ", JINJA),
        JINJA,
        "histological-verification",
    ),
    Edit(
        "entities",
        CHAPTER,
        "        text: Cytological verification, if histology not possible",
        _text("        ", ENTITIES),
        ENTITIES,
        "cytological-verification",
    ),
    Edit(
        "javascript-url",
        CHAPTER,
        "        text: Systemic therapy preferred",
        _text("        ", JS_URL),
        JS_URL,
        "systemic-therapy-preferred",
    ),
    Edit(
        "markdown",
        CHAPTER,
        "        text: Stereotatic Radiotherapy for patients with oligometastases",
        _text("        ", MARKDOWN),
        MARKDOWN,
        "stereotactic-radiotherapy-oligometastases",
    ),
    Edit(
        "leading-rule",
        CHAPTER,
        "        text: Local-interventional ablative procedure",
        _text("        ", LEADING_RULE),
        LEADING_RULE,
        "local-interventional-ablative-procedure",
    ),
    # A new glossary term used by the "markdown" statement: its expansion
    # becomes an <abbr title="..."> attribute on every page.
    Edit(
        "glossary-quotes",
        CHAPTER,
        "  - term: HIFU",
        f"  - term: XSS\n    expansion: {_yaml(QUOTE_EXPANSION)}\n  - term: HIFU",
        QUOTE_EXPANSION,
    ),
    Edit(
        "table-cell",
        CHAPTER,
        '          - ["Tata Memorial Hospital *3 (India) 2005-2012", "350", "chemotherapy", "yes", "no", "-"]',
        '          - ["Tata Memorial Hospital *3 (India) 2005-2012", "350", "chemotherapy", "yes", "no", '
        + '"'
        + CELL.replace("\\", "\\\\").replace('"', '\\"')
        + '"]',
        CELL,
        "phase-3-trials-surgery-primary",
    ),
    Edit("site-name", GUIDELINE, "short_title: AGO Breast", f"short_title: {_yaml(SITE_NAME)}", SITE_NAME),
    Edit(
        "copyright",
        GUIDELINE,
        "copyright: © AGO e. V. in der DGGG e.V. sowie in der DKG e.V.",
        f"copyright: {_yaml(COPYRIGHT)}",
        COPYRIGHT,
    ),
    Edit(
        "bib-title",
        BIB,
        "  title = {Intra-Arterial Therapies for Liver Metastatic Breast Cancer: "
        "A Systematic Review and Meta-Analysis},",
        "  title = {" + BIB_TITLE + "},",
        BIB_TITLE,
    ),
]

REJECTED = [
    Edit(
        "html-comment",
        CHAPTER,
        "        text: Systemic treatment after surgery",
        _text("        ", "Systemic treatment <!-- hidden --> after surgery"),
        "",
    ),
    Edit(
        "svg-in-cell",
        CHAPTER,
        '          - ["ECOG 2108 *1,2 (USA/Kanada) 2001-2016", "256", "4-8 months systemic therapy", "yes", "no", '
        '"ns"]',
        '          - ["ECOG 2108 *1,2 (USA/Kanada) 2001-2016", "256", "4-8 months systemic therapy", "yes", "no", '
        '"\'\\"><svg onload=alert(1)>"]',
        "",
    ),
    Edit(
        "script-in-quote-source",
        CHAPTER,
        "        source: ABC6 2021",
        "        source: '<script>alert(1)</script>'",
        "",
    ),
]


def apply(root: Path, edits: list[Edit]) -> dict[str, int]:
    """Apply ``edits`` to the project at ``root``; edit name -> 1-based line of the new text."""
    lines: dict[str, int] = {}
    for edit in edits:
        path = root / edit.file
        text = path.read_text("utf-8")
        assert text.count(edit.old + "\n") == 1, f"{edit.name}: {edit.old!r} is not one whole line of {edit.file}"
        at = text.index(edit.old + "\n")
        path.write_text(text.replace(edit.old + "\n", edit.new + "\n"), "utf-8")
        lines[edit.name] = text.count("\n", 0, at) + 1
    return lines


def hostile_project(dest: Path) -> Path:
    root = copy_project(dest)
    apply(root, ACCEPTED)
    return root
