"""Injection: source text that looks like markup is either refused (GP301 at
its line) or published literally, in the site, the Markdown pages, the
search index, the cards and the export.

The hostile edits are in tests/hostile.py; tests/browser/test_hostile.py
drives the same hostile site in Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hostile import ACCEPTED, CELL, CHAPTER, COPYRIGHT, QUOTE_EXPANSION, REJECTED, SITE_NAME, apply
from shared import hostile_build

from guidepress.cli import main
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.render.mdtext import md
from guidepress.render.pages import site_pages
from guidepress.verify import card_pages, card_texts, parse_html, squash, verify_site

# Checked and built as a board that has set its publishing address (conftest.published).
pytestmark = pytest.mark.usefixtures("published")

EPOCH = "1700000000"
BY_NAME = {e.name: e for e in ACCEPTED}
STATEMENTS = [e for e in ACCEPTED if e.anchor and e.name != "table-cell"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project, built once per run (site, cards, export)."""
    return hostile_build(tmp_path_factory, EPOCH)


@pytest.fixture(scope="module")
def hostile_model(hostile: Path) -> Guideline:
    result = check(hostile)
    assert result.ok and result.guideline is not None
    return result.guideline


def test_markup_that_could_run_is_refused_with_gp301_at_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = apply(project, REJECTED)
    assert main(["check", "--root", str(project)]) == 1
    out = capsys.readouterr().out
    found = re.findall(r"^(\S+):(\d+):\d+: error (GP\d+) ", out, re.M)
    assert sorted(found) == sorted((CHAPTER, str(line), "GP301") for line in lines.values()), out


def test_hostile_text_that_cannot_run_passes_validation(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(hostile), "--strict"]) == 0
    assert capsys.readouterr().out == ""


def test_export_carries_the_text_exactly_as_typed(hostile: Path, hostile_model: Guideline) -> None:
    doc = json.loads((hostile / "site" / "export" / "guideline.json").read_text("utf-8"))
    recs = {}
    stack = [r for s in doc["chapters"][0]["sections"] for r in s["recommendations"]]
    while stack:
        rec = stack.pop()
        recs[rec["id"]] = rec
        stack.extend(rec["children"])
    for edit in STATEMENTS:
        assert recs[edit.anchor]["text"] == edit.literal
    assert {"term": "XSS", "expansion": QUOTE_EXPANSION} in doc["chapters"][0]["glossary"]
    assert any(CELL in row for s in doc["chapters"][0]["sections"] for t in s["tables"] for row in t["rows"])
    refs = json.loads((hostile / "site" / "export" / "references.json").read_text("utf-8"))
    assert BY_NAME["bib-title"].literal in [r.get("title") for r in refs]


def _page(hostile: Path, name: str):
    return parse_html((hostile / "site" / name / "index.html").read_text("utf-8"))


def _all_elements(root):
    return list(root.find_all(lambda n: True))


@pytest.mark.parametrize("page", ["sites-of-metastases", "glossary", "references", "."])
def test_site_pages_show_the_text_and_run_nothing(hostile: Path, page: str) -> None:
    root, ids = _page(hostile, page)
    elements = _all_elements(root)
    handlers = [(n.tag, a) for n in elements for a in n.attrs if a.lower().startswith("on")]
    assert handlers == []
    urls = [v for n in elements for a, v in n.attrs.items() if a in ("href", "src", "action", "formaction")]
    assert not [u for u in urls if re.match(r"\s*(javascript|data|vbscript):", u, re.I)]
    for script in (n for n in elements if n.tag == "script"):
        assert script.attrs.get("src", "").startswith(("../assets/", "assets/")) or "src" not in script.attrs
        if script.attrs.get("type") == "application/ld+json":
            # Data, which no browser runs (render/linked_data.py): the texts as typed, as JSON.
            assert "src" not in script.attrs and isinstance(json.loads(script.text()), dict)
            continue
        assert "alert" not in script.text()
    assert not [
        n
        for n in elements
        if n.tag in ("svg", "textarea", "iframe", "object", "embed", "img") and "alert" in str(n.attrs)
    ]
    if page == "sites-of-metastases":
        for edit in STATEMENTS:
            row = ids[edit.anchor].find(lambda n: "gp-rec__text" in n.classes)
            shown = row.text(skip=lambda n: bool({"gp-fnref", "headerlink"} & set(n.classes)))
            assert shown == edit.literal, edit.name
        cells = [n.text() for n in ids["phase-3-trials-surgery-primary"].find_all(lambda n: n.tag == "td")]
        assert CELL in cells
        titles = {n.attrs.get("title") for n in elements if n.tag == "abbr" and n.text() == "XSS"}
        assert titles == {QUOTE_EXPANSION}
        assert BY_NAME["bib-title"].literal in root.text()
    header = [n for n in elements if "md-header__topic" in n.classes]
    assert SITE_NAME in " ".join(n.text() for n in header)
    copyright = [n.text() for n in elements if "md-copyright__highlight" in n.classes]
    assert copyright and copyright[0].strip().startswith(COPYRIGHT)
    logos = [n for n in elements if "md-logo" in n.classes]
    assert logos and all(n.attrs["aria-label"] == n.attrs["title"] == SITE_NAME for n in logos)
    if page == "glossary":
        rows = [
            [td.text().strip() for td in tr.find_all(lambda n: n.tag == "td")]
            for tr in root.find_all(lambda n: n.tag == "tr")
        ]
        assert ["XSS", QUOTE_EXPANSION] in rows  # one chapter: no chapter column
    if page == "references":
        assert BY_NAME["bib-title"].literal in root.text()


def test_markdown_pages_escape_the_text(hostile: Path, hostile_model: Guideline) -> None:
    """The generated Markdown holds each text escaped (render/mdtext.py md),
    never as Markdown, Jinja or HTML the engine would read."""
    page = site_pages(hostile_model, hostile)["sites-of-metastases.md"]
    # The front matter is YAML data (the page's head, render/linked_data.py), not Markdown.
    _, front, chapter = page.split("---\n", 2)
    head = yaml.safe_load(front)["gp_head"]
    names = {node["@id"]: node["name"] for node in head["jsonld"]["@graph"]}
    for edit in STATEMENTS:
        assert names[f"#{edit.anchor}"] == edit.literal, edit.name
    for edit in STATEMENTS + [BY_NAME["table-cell"]]:
        assert str(md(edit.literal)) in chapter, edit.name
        if re.search(r"[#|`\[{<&>\\]", edit.literal):  # "---" alone also opens the front matter
            assert edit.literal not in chapter, edit.name


def test_search_index_holds_no_markup_from_the_source(hostile: Path) -> None:
    index = (hostile / "site" / "search" / "search_index.json").read_text("utf-8")
    docs = json.loads(index)["docs"]
    # Every field the search shows: a statement's entry has its text as the title.
    text = " ".join(" ".join([d["title"], d["text"], *d.get("tags", [])]) for d in docs)
    assert not re.search(r"<\s*/?\s*(script|svg|textarea)", text, re.I)
    assert "&lt;/textarea&gt;&lt;script&gt;" in text  # the bib title, escaped once, as HTML text
    assert "&amp;lt;script&amp;gt;" in text  # "&lt;script&gt;" as typed, escaped once more


@pytest.mark.slow
def test_cards_print_the_text_literally(hostile: Path, hostile_model: Guideline) -> None:
    pages = card_pages((hostile / "site" / "cards" / "sites-of-metastases.pdf").read_bytes())
    statements, body = card_texts(hostile_model, pages)
    for edit in STATEMENTS:
        assert squash(edit.literal) in statements, edit.name
    assert squash("Local Control:" + CELL) in body or squash("QoL:" + CELL) in body
    assert squash("XSS" + QUOTE_EXPANSION) in body  # the card's abbreviation list


@pytest.mark.slow
def test_hostile_outputs_lose_nothing(hostile: Path, hostile_model: Guideline) -> None:
    assert verify_site(hostile_model, hostile / "site") == {"export": [], "html": [], "cards": []}
