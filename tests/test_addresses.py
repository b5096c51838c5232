"""Addresses: render/addresses.py formats them, and nothing else does.

The expected strings are the published ones (permalinks in printed cards
and in other sites' links), written out here so that a change to any of
them fails a test.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT

from guidepress.model import Chapter, Cite, Footnote, Guideline, ReferenceGroup, Section
from guidepress.render import addresses as a

PACKAGE = ROOT / "build_tools" / "guidepress"
TEMPLATES = ROOT / "templates"
OWNER = PACKAGE / "render" / "addresses.py"


def _section(g: Guideline) -> tuple[Chapter, Section]:
    chapter = g.chapters[0]
    return chapter, chapter.sections[0]


# ---------------------------------------------------------------- the functions


def test_page_paths_and_folders() -> None:
    assert (a.HOME, a.GRADES, a.REFERENCES, a.GLOSSARY) == ("index.md", "grades.md", "references.md", "glossary.md")
    assert a.chapter_page("liver") == "liver.md"
    assert a.reference_part_page("b-d") == "references/b-d.md"
    assert a.audience_page("patients", "liver") == "patients/liver.md"
    assert a.published_folder("patients/liver.md") == "patients/liver"
    assert a.published_folder("references/b-d.md") == "references/b-d"
    assert a.published_folder("liver.md") == "liver"
    assert a.published_folder(a.HOME) == ""
    assert a.page_location("./") == "" and a.page_location("liver/") == "liver/"
    assert a.location_page("liver/#staging") == "liver/" and a.location_page("liver/") == "liver/"


def test_reserved_chapter_ids() -> None:
    assert isinstance(a.RESERVED, frozenset)
    for name in ("index", "grades", "references", "glossary", "editors", "export", "cards", "search", "assets", "404"):
        assert a.chapter_id_reserved(name)
    assert not a.chapter_id_reserved("liver-metastases")
    # Every top-level page the site generates is a reserved name.
    for page in (a.HOME, a.GRADES, a.REFERENCES, a.GLOSSARY, a.EDITORS):
        assert a.published_folder(page) in a.RESERVED | {""}


def test_element_anchors(guideline: Guideline) -> None:
    chapter, section = _section(guideline)
    rec = section.recommendations[0]
    assert a.statement_anchor(rec) == rec.id
    assert a.section_anchor(section) == section.id
    assert a.note_anchor("staging", 2) == "staging-note-2"
    assert a.group_anchor("staging", 3) == "staging-refs-3"
    assert a.group_anchor(None, 1) == "references-1"
    assert a.wording_anchor(chapter) == f"wording-{chapter.id}"
    assert a.home_chapter_anchor(chapter) == f"chapter-{chapter.id}"
    assert a.card_anchor(chapter, section) == f"{chapter.id}--{section.id}"
    assert (a.CHAPTER_REFERENCES, a.ABOUT_THIS_CHAPTER) == ("chapter-references", "about-this-chapter")
    assert (a.GRADING_CARD, a.SOURCES_CARD) == ("grading", "sources")


def test_footnote_anchor_is_the_first_note_with_the_marker(guideline: Guideline) -> None:
    _, section = _section(guideline)
    notes = (Footnote("*", "one"), Footnote("†", "two"), Footnote("*", "again"))
    section = replace(section, id="s", footnotes=notes)
    assert a.footnote_anchor(section, "†") == "s-note-2"
    assert a.footnote_anchor(section, "*") == "s-note-1"
    assert a.footnote_anchor(section, "‡") == "s-note-0"


def test_statement_groups_name_each_statement_s_first_list(guideline: Guideline) -> None:
    chapter, section = _section(guideline)
    rec = section.recommendations[0].id
    groups = (
        ReferenceGroup(None, None, (Cite("k"),)),
        ReferenceGroup(None, rec, (Cite("k"),)),
        ReferenceGroup(None, rec, (Cite("k"),)),
    )
    chapter = replace(chapter, sections=(replace(section, id="s", references=groups),))
    assert a.statement_groups(chapter) == {rec: "s-refs-2"}


@pytest.mark.parametrize(
    "key, anchor",
    [
        ("Smith2020", "ref-smith2020"),
        ("van_der_Berg:2019a", "ref-van-der-berg-2019a"),
        ("--Odd..Key--", "ref-odd-key"),
        ("Müller2001", "ref-m-ller2001"),
    ],
)
def test_ref_anchor_slug(key: str, anchor: str) -> None:
    assert a.ref_anchor(key) == anchor


def test_grade_anchors(guideline: Guideline) -> None:
    scheme = guideline.schemes[0]
    code = scheme.codes[-1]
    assert a.definition_anchor(scheme, code) == f"gp-def-{scheme.id}-{len(scheme.codes) - 1}"
    assert a.scheme_anchor(scheme) == scheme.id
    assert a.scheme_code_anchor(scheme, 2) == f"{scheme.id}-2"


def test_links_on_a_page() -> None:
    assert a.fragment("x-note-1") == "#x-note-1"
    assert a.heading_attr("chapter-references") == "{ #chapter-references }"
    url = a.relative_links("references/a.md")
    assert url("liver.md", "rec-1") == "../liver.md#rec-1"
    assert url("references/b.md") == "b.md"
    assert a.relative_links(a.HOME)("liver.md") == "liver.md"


def test_absolute_urls(guideline: Guideline) -> None:
    chapter, section = _section(guideline)
    site = "https://example.org/g/"
    assert a.chapter_url(site, chapter) == f"{site}{chapter.id}/"
    assert a.section_url(site, chapter, section) == f"{site}{chapter.id}/#{section.id}"
    assert a.references_url(site) == f"{site}references/"
    assert a.site_address(site, a.HOME) == site
    assert a.site_address(site, "references/b-d.md", "ref-x") == f"{site}references/b-d/#ref-x"
    for url in (a.chapter_url(None, chapter), a.section_url("", chapter, section), a.references_url(None)):
        assert url is None


def test_canonical_urls(guideline: Guideline) -> None:
    chapter, section = _section(guideline)
    rec = section.recommendations[0]
    site = "https://example.org/g/"
    assert a.guideline_url(site) == site
    assert a.recommendation_url(site, chapter, rec) == f"{site}{chapter.id}/#{rec.id}"
    assert a.scheme_url(site, guideline.schemes[0]) == f"{site}grades/#{guideline.schemes[0].id}"
    assert a.guideline_url(None) is None and a.recommendation_url("", chapter, rec) is None
    assert a.published_file_url(site, "g", a.export_schema_for("g")) == f"{site}export/guideline.g.schema.json"
    assert a.published_file_url(None, "g", a.EXPORT_JSON) == "https://guidepress.invalid/g/export/guideline.json"
    assert a.fhir_base(site, "g") == f"{site}fhir/" and a.fhir_base(None, "g") == "https://guidepress.invalid/g/fhir/"
    assert a.fhir_url(a.fhir_base(site, "g"), "PlanDefinition", "x") == f"{site}fhir/PlanDefinition/x"
    assert (a.EXPORT_JSON, a.EXPORT_REFERENCES, a.EXPORT_SCHEMA, a.EXPORT_FHIR) == (
        "export/guideline.json",
        "export/references.json",
        "export/guideline.schema.json",
        "export/guideline.fhir.json",
    )


def test_published_links_between_pages() -> None:
    """What the HTML writes where MkDocs rewrites nothing (a page's head): directory URLs, relative."""
    assert a.published_href("liver.md", a.HOME) == "../"
    assert a.published_href(a.HOME, a.HOME) == "./"
    assert a.published_href(a.HOME, "liver.md", "rec-1") == "liver/#rec-1"
    assert a.published_href("liver.md", "liver.md", "rec-1") == "#rec-1"
    assert a.published_href("references/a.md", a.GRADES, "loe") == "../../grades/#loe"
    assert a.published_file_href(a.HOME, a.EXPORT_JSON) == "export/guideline.json"
    assert a.published_file_href("liver.md", a.EXPORT_FHIR) == "../export/guideline.fhir.json"
    assert a.published_file_href("references/a.md", a.EXPORT_JSON) == "../../export/guideline.json"


# ---------------------------------------------------------------- nobody else formats one

#: What an anchor or page path looks like when a module spells it out.
PY_FORMATS = re.compile(
    r"-note-|-refs-|ref-|references-|references/|chapter-references|about-this-chapter|wording-|"
    r"chapter-\{|gp-def-|\}--\{|/#|#\{|\.md\b(?!\.j2)"
)
TEMPLATE_FORMATS = re.compile(
    r"-note-|-refs-|ref-|references-|chapter-references|about-this-chapter|#\{\{|\{ #|href=\"#|\.md[\"']|"
    # an element's id or the id it refers to, printed other than from an anchor function
    r"\b(?:id|aria-describedby)=\"(?!\{\{ [\w.]*anchor\b)"
)


def _python_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal and f-string (as written), docstrings left out."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    inside_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            out.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and id(node) not in inside_fstrings
        ):
            out.append((node.lineno, node.value))
    return out


def _template_text(source: str) -> str:
    """The template without its comments, whose lines keep their numbers."""
    return re.sub(r"\{#.*?#\}", lambda m: "\n" * m[0].count("\n"), source, flags=re.DOTALL)


#: The repository's own documents (docs/format.md ...): files, not pages of the site.
REPOSITORY_DOCS = re.compile(r"\bdocs/[\w-]+\.md\b")


def python_offences(path: Path, source: str) -> list[str]:
    return [
        f"{path}:{line}: {m[0]!r} in {text!r}"
        for line, text in _python_strings(source)
        for m in [PY_FORMATS.search(REPOSITORY_DOCS.sub("", text))]
        if m
    ]


def template_offences(path: Path, source: str) -> list[str]:
    text = _template_text(source)
    return [f"{path}:{text.count(chr(10), 0, m.start()) + 1}: {m[0]!r}" for m in TEMPLATE_FORMATS.finditer(text)]


def test_the_scanners_catch_hand_made_addresses() -> None:
    bad_python = [
        'x = f"{section.id}-note-{i}"',
        'x = f"{chapter.id}--{section.id}"',
        'x = "ref-" + slug',
        'x = f"{site}{chapter.id}/#{section.id}"',
        'x = f"references/{slug}.md"',
        'x = "chapter-references"',
        'x = f"{chapter.id}.md"',
        'x = "#" f"{anchor}"',
    ]
    for source in bad_python:
        assert python_offences(Path("x.py"), source), source
    assert not python_offences(Path("x.py"), 'def f():\n    """Lists references-1 and x.md."""\n    return "a.md.j2"')
    assert not python_offences(Path("x.py"), 'x = "as docs/format.md says"')
    assert python_offences(Path("x.py"), 'x = "docs/format.md or liver.md"')
    bad_templates = [
        '<a href="#{{ rec.id }}">',
        "## T { #{{ section.id }} }",
        '<li id="{{ rec.id }}">',
        '{{ url("grades.md") }}',
        '<span aria-describedby="gp-def-{{ s.id }}">',
        "## R { #chapter-references }",
    ]
    for source in bad_templates:
        assert template_offences(Path("x.j2"), source), source
    assert not template_offences(Path("x.j2"), '{# id="{{ rec.id }}" #}<li id="{{ statement_anchor(rec) }}">')


def test_no_module_or_template_formats_an_address() -> None:
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != OWNER:
            offences += python_offences(path.relative_to(ROOT), path.read_text(encoding="utf-8"))
    for path in sorted(TEMPLATES.rglob("*.j2")):
        offences += template_offences(path.relative_to(ROOT), path.read_text(encoding="utf-8"))
    assert not offences, "format these in render/addresses.py:\n" + "\n".join(offences)
