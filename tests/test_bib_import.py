"""BibTeX as reference managers export it, read into the model (load/bibtex.py).

tests/projects/bib-exports/bib/exports.bib holds artificial entries in the
styles Zotero, JabRef, EndNote and PubMed tools write; the expected values
below are what the source of each entry means, written out by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from guidepress.bibfields import ALIASES, CSL_VARIABLES
from guidepress.diagnostics import CODES, Diagnostic
from guidepress.load.bibtex import doi, load_bib, load_bib_file
from guidepress.load.latex import _MARKUP, _TEX, _pylatexenc, to_unicode
from guidepress.model import Person, Reference

FIXTURE = ROOT / "tests" / "projects" / "bib-exports"
PRIVATE = re.compile(r"PRIVATE-[A-Z-]+")


@pytest.fixture(scope="module")
def exports() -> tuple[dict[str, Reference], list[Diagnostic]]:
    refs, diags = load_bib(FIXTURE / "bib", FIXTURE)
    return {r.key: r for r in refs}, diags


def _load(tmp_path: Path, text: str) -> tuple[dict[str, Reference], list[Diagnostic]]:
    path = tmp_path / "bib" / "t.bib"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    refs, diags = load_bib_file(path, tmp_path)
    return {r.key: r for r in refs}, diags


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M\"uller", "Müller"),
        (r"M{\"u}ller", "Müller"),
        (r"Cl\'ement", "Clément"),
        (r"Stra\ss er", "Straßer"),
        (r"Stra{\ss}er", "Straßer"),
        (r"\O{}stergaard", "Østergaard"),
        (r"Ni\~{n}o", "Niño"),
        (r"Mar\'{\i}a", "María"),
        (r"R\&D", "R&D"),
        (r"a 50\% benchmark", "a 50% benchmark"),
        ("a 50% benchmark", "a 50% benchmark"),  # a bare % is a percent sign, not a TeX comment
        (r"$\beta$-blockers", "β-blockers"),
        ("anti-{HER2} therapy", "anti-HER2 therapy"),
        ("{{ERS/EACTS}} statement", "ERS/EACTS statement"),
        ("1868--1882", "1868–1882"),
        (r"\textit{in vivo} and {\it in vitro}", "in vivo and in vitro"),
        ("``quoted''", "“quoted”"),
        ("a\n   wrapped  title", "a wrapped title"),
        ("plain text, unchanged", "plain text, unchanged"),
    ],
)
def test_latex_to_unicode(latex: str, text: str) -> None:
    assert to_unicode(latex) == (text, [])


def test_fast_paths_give_what_pylatexenc_gives() -> None:
    """Values without TeX markup but protective braces and dashes skip the parse (load/latex.py):
    every such value of both bibliographies, and a few made for it, decode as pylatexenc decodes them."""
    values = ["{{Nested} {Braces}} and {}", "1--2 and 3---4 and ----", "a\n  b", "{Stage} {IV}--{V}"]
    for path in (ROOT / "bib" / "sites-of-metastases.bib", FIXTURE / "bib" / "exports.bib"):
        values += re.findall(r"^\s*\w+\s*=\s*\{(.*)\},?$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    fast = [v for v in values if not _TEX.search(v) or not _MARKUP.search(v)]
    assert len(fast) > 500
    for value in fast:
        assert to_unicode(value)[0] == " ".join(_pylatexenc().decoder.latex_to_text(value).split()), value


@pytest.mark.parametrize(
    ("latex", "text", "problem"),
    [
        (r"\mkbibacronym{NICE} guideline", "NICE guideline", r"unknown LaTeX command \mkbibacronym"),
        ("{unbalanced title", "unbalanced title", "unbalanced LaTeX"),
        ("unbalanced} title", "unbalanced title", "unbalanced LaTeX"),
        ("$unclosed math", "unclosed math", "unbalanced LaTeX"),
        ("trailing\\", "trailing", "lone backslash"),
    ],
)
def test_what_latex_cannot_convert_is_named_and_left_out(latex: str, text: str, problem: str) -> None:
    out, problems = to_unicode(latex)
    assert out == text and not set(out) & set("\\{}$")
    assert len(problems) == 1 and problem in problems[0]


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("10.1000/x.1", "10.1000/x.1"),
        ("https://doi.org/10.1000/x.1", "10.1000/x.1"),
        ("http://dx.doi.org/10.1000/x%3C1%3E", "10.1000/x<1>"),
        ("doi:10.1000/x.1", "10.1000/x.1"),
        ("DOI: 10.1000/x.1", "10.1000/x.1"),
    ],
)
def test_doi_given_as_url_is_the_bare_doi(written: str, bare: str) -> None:
    assert doi(written) == bare


def test_zotero_export(exports: tuple[dict[str, Reference], list[Diagnostic]]) -> None:
    ref = exports[0]["muller2019beta"]
    assert ref.get("title") == "β-Blockers and HER2-positive disease: A test of Müller's method"
    authors = ref.names_of("author")
    assert authors is not None and not authors.et_al
    assert authors.people == (
        Person(family="Müller", given="Jörg"),
        Person(family="Clément", given="Anne-Sophie"),
        Person(family="Straßer", given="Max"),
        Person(literal="National Institute for Health and Care Excellence"),
    )
    assert ref.get("doi") == "10.1000/gp.test.1"
    assert ref.get("url") == "https://example.org/articles/beta%20blockers"  # a URL is not TeX
    assert (ref.get("month"), ref.get("pages")) == ("7", "100–110")
    biblatex = exports[0]["zotero2017biblatex"]
    assert (biblatex.get("journal"), biblatex.get("date"), biblatex.get("doi")) == (
        "J Artif Dates",
        "2017-12-19",
        "10.1000/gp.test.7",
    )


def test_jabref_export(exports: tuple[dict[str, Reference], list[Diagnostic]]) -> None:
    ref = exports[0]["clement2020outcomes"]
    assert ref.get("journal") == "Lecture Notes in Oncology"  # lnc # onc
    assert ref.get("month") == "7-8"  # jul # "-" # aug
    assert ref.get("title") == "Outcomes of HER2-positive disease & survival: a 50% benchmark"
    authors = ref.names_of("author")
    assert authors is not None and authors.et_al
    assert authors.people == (
        Person(family="Clément", given="A."),
        Person(family="Berg", given="Jan", particle="van der"),
        Person(family="De Luca", given="A"),
        Person(family="Silva", given="CT", particle="da", suffix="Jr"),
    )
    assert ref.get("doi") == "10.1000/GP.TEST.2"
    season = exports[0]["vanderberg2016season"]
    assert season.get("month") == "Spring"
    people = season.names_of("author")
    assert people is not None
    assert [p.family for p in people.people] == ["Berg", "Straßer", "Østergaard", "Niño"]
    assert [p.given for p in people.people] == ["Jan", "Max", "Søren", "María"]


def test_endnote_and_pubmed_exports(exports: tuple[dict[str, Reference], list[Diagnostic]]) -> None:
    refs = exports[0]
    assert refs["RN42"].get("title") == "A trial in vivo with emphasis"
    assert refs["RN42"].get("doi") == "10.1000/gp.test.3"
    assert refs["RN42"].get("issn") == "0000-0000"  # EndNote's upper-case field names
    assert refs["nice2021guideline"].names_of("author").people == (  # type: ignore[union-attr]
        Person(literal="National Institute for Health and Care Excellence"),
    )
    pubmed = refs["pmid29000001"]
    assert (pubmed.get("title"), pubmed.get("month"), pubmed.get("pmid")) == (
        "Intra-arterial test therapies: a systematic review",
        "12",
        "29000001",
    )
    assert pubmed.get("note") == "pii: S0000-0000(17)30000-0"
    assert [p.given for p in pubmed.names_of("author").people] == ["BM", "FMG", "H"]  # type: ignore[union-attr]


def test_crossref_child_inherits_missing_fields(exports: tuple[dict[str, Reference], list[Diagnostic]]) -> None:
    child = exports[0]["child2021talk"]
    assert child.get("title") == "A talk in the proceedings"  # its own, not the parent's
    assert child.get("booktitle") == "Proceedings of the Artificial Test Conference"
    assert (child.get("year"), child.get("publisher"), child.get("pages")) == ("2021", "Test Press", "1–2")
    editors = child.names_of("editor")
    assert editors is not None and [p.family for p in editors.people] == ["Rossi", "Tanaka"]
    assert child.get("crossref") is None


def test_only_allow_listed_fields_are_kept(exports: tuple[dict[str, Reference], list[Diagnostic]]) -> None:
    text = (FIXTURE / "bib" / "exports.bib").read_text(encoding="utf-8")
    assert len(set(PRIVATE.findall(text))) >= 10
    for ref in exports[0].values():
        for name, value in ref.fields:
            assert name in CSL_VARIABLES, (ref.key, name)
            assert not PRIVATE.search(value), (ref.key, name)
        assert all(role in CSL_VARIABLES for role, _ in ref.names)
    assert exports[0]["muller2019beta"].get("file") is None
    assert exports[0]["muller2019beta"].get("urldate") is None


def test_exports_fixture_warns_once(exports: tuple[dict[str, Reference], list[Diagnostic]]) -> None:
    assert [(d.code, d.pos.line) for d in exports[1]] == [("GP410", 95)]
    assert exports[0]["nice2021guideline"].get("title") == "Advanced test disease: NICE guideline"


def test_unconvertible_values_are_warnings_at_their_line(tmp_path: Path) -> None:
    refs, diags = _load(
        tmp_path,
        "\n".join(
            [
                "@string{jn = nosuchmacro # { Journal}}",
                "@article{a,",
                "  title = {A \\foo{title}},",
                "  journal = jn,",
                "  publisher = undefined,",
                "  note = {a} # # {b},",
                "}",
                "@article{b,",
                "  title = {B},",
                "  author = {Smith, John, Jr, Extra},",
                "  month = {Octobre},",
                "  day = {32},",
                "  date = {2020-13},",
                "  crossref = {nowhere},",
                "}",
                "",
            ]
        ),
    )
    assert {(d.code, d.pos.line) for d in diags} == {
        ("GP410", 1),
        ("GP410", 3),
        ("GP410", 5),
        ("GP410", 10),
        ("GP410", 11),
        ("GP410", 12),
        ("GP410", 6),
        ("GP410", 13),
        ("GP410", 14),
    }
    assert all(CODES[d.code].severity.value == "warning" for d in diags)
    a = refs["a"]
    assert (a.get("title"), a.get("journal"), a.get("publisher"), a.get("note")) == ("A title", "Journal", None, "ab")
    b = refs["b"]
    assert (b.get("month"), b.get("day"), b.get("date")) == (None, None, None)
    for d in diags:
        assert d.pos.file == "bib/t.bib" and "'" in d.message


def test_default_bibliography_converts_without_a_warning() -> None:
    loaded, diags = load_bib(ROOT / "bib", ROOT)
    refs = {r.key: r for r in loaded}
    assert diags == [] and len(refs) == 104
    assert refs["bibby2019statement"].get("title").startswith("ERS/EACTS statement")  # type: ignore[union-attr]
    assert refs["lambert2020intrapericardial"].get("month") == "7-8"
    zamboni = refs["zamboni2015important"].names_of("author")
    assert zamboni is not None and zamboni.people[1] == Person(family="Silva", given="CT", particle="da", suffix="Jr")
    assert sum(1 for r in refs.values() if (n := r.names_of("author")) and n.et_al) == 85


def test_format_doc_lists_the_allow_list() -> None:
    """docs/format.md's table of BibTeX fields is exactly bibfields.py's allow-list."""
    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = doc[doc.index("## `bib/*.bib`") :]
    section = section[: section.find("\n## ", 1)] if "\n## " in section[1:] else section
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| `([A-Za-z-]+)` \|", section, flags=re.MULTILINE))
    assert rows == CSL_VARIABLES
    for alias, field in ALIASES.items():
        assert f"`{alias}`" in section and f"`{field}`" in section
