"""The site's references, formatted by citeproc-py in the CSL style guideline.yml names.

The default project names the shipped ``guidepress-vancouver`` (derived from
the vendored NLM style); a copy of it naming another official style
(tests/data/harvard-cite-them-right.csl, CC BY-SA 3.0, see its LICENSE file)
prints other references. Expected entries are rendered here with citeproc-py
directly from the style file, and compared with the built pages.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from conftest import ROOT, copy_project
from test_csl import _printed_with_et_al

from guidepress.cli import main
from guidepress.load.citestyle import DEFAULT_STYLE, default_style, shipped_styles
from guidepress.model import CitationStyle, Guideline, NameList, Person, Reference
from guidepress.phases import check
from guidepress.render.cards import card_set_html
from guidepress.render.citations import Citations, citations, processor_item, tidy_punctuation
from guidepress.render.cslstyle import StyleError, parsed_style
from guidepress.render.mdtext import md_html
from guidepress.render.pages import site_pages

SHIPPED = ROOT / "build_tools" / "guidepress" / "resources" / "csl"
HARVARD = ROOT / "tests" / "data" / "harvard-cite-them-right.csl"


def _build(root: Path) -> Path:
    assert main(["build", "--root", str(root), "--out", str(root / "site"), "--no-cards"]) == 0
    return root / "site"


def _name_style(root: Path, value: str) -> None:
    path = root / "source" / "guideline.yml"
    text = re.sub(r"(?m)^citation_style: .*\n", "", path.read_text("utf-8"))
    path.write_text(text + f"citation_style: {value}\n", "utf-8")


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(copy_project(tmp_path_factory.mktemp("default") / "project"))


@pytest.fixture(scope="module")
def harvard_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("harvard") / "project")
    (root / "styles").mkdir()
    shutil.copy(HARVARD, root / "styles" / HARVARD.name)
    _name_style(root, f"styles/{HARVARD.name}")
    return root


@pytest.fixture(scope="module")
def harvard_site(harvard_project: Path) -> Path:
    return _build(harvard_project)


def _entries(site: Path) -> dict[str, str]:
    """BibTeX key -> the reference as the references page prints it (text)."""
    soup = BeautifulSoup((site / "references" / "index.html").read_text("utf-8"), "html.parser")
    out = {}
    for li in soup.select("ol.gp-works > li"):
        first = li.find("p")
        assert isinstance(first, Tag)
        for link in first.find_all("a"):  # the DOI, PubMed and web links after the reference
            link.extract()
        out[li["id"].removeprefix("ref-")] = " ".join(first.get_text().split())
    return out


def _citeproc(style_file: Path, refs: list[Reference]) -> dict[str, str]:
    """Key -> each work as citeproc-py prints it with ``style_file`` (plain text; the items'
    text is HTML-escaped)."""
    style = CitationStylesStyle(str(style_file), validate=False)
    out = {}
    for ref in refs:
        bib = CitationStylesBibliography(style, CiteProcJSON([processor_item(ref)]), formatter.plain)
        bib.register(Citation([CitationItem(ref.key)]))
        out[ref.key] = " ".join(unescape(str(bib.bibliography()[0])).split())
    return out


def _editorial_note(text: str) -> str:
    return text.split(" Editorial note:")[0]


def test_the_default_project_names_the_shipped_default_style(guideline: Guideline) -> None:
    assert guideline.citation_style is not None
    assert guideline.citation_style.name == DEFAULT_STYLE
    assert guideline.citation_style.text == (SHIPPED / f"{DEFAULT_STYLE}.csl").read_text("utf-8")
    assert guideline.citation_style.pos.file == "source/guideline.yml"


def test_the_references_page_prints_what_citeproc_prints_in_the_named_style(
    default_site: Path, guideline: Guideline
) -> None:
    expected = _citeproc(SHIPPED / f"{DEFAULT_STYLE}.csl", list(guideline.references))
    shown = _entries(default_site)
    assert set(shown) == set(expected)
    for key, text in shown.items():
        assert _editorial_note(text) == tidy_punctuation(expected[key]), key


def test_the_source_s_form_of_a_reference(guideline: Guideline) -> None:
    cite = citations(guideline)
    assert cite(guideline.reference("aarts2021intraarterial")).text == (
        "Aarts BM, Muñoz FMG, Wildiers H et al. Intra-Arterial Therapies for Liver Metastatic Breast Cancer: "
        "A Systematic Review and Meta-Analysis. Cardiovasc Intervent Radiol. 2021 Dec;44(12):1868–1882."
    )
    assert cite(guideline.reference("lambert2020intrapericardial")).text.endswith(
        "Bull Cancer. 2020 Jul–Aug;107(7-8):756–762."
    )
    # The title's own question mark is not followed by the style's stop.
    assert "Setting? J Pers Med. 2020 Nov;" in cite(guideline.reference("amabile2020locoregional")).text


def test_another_official_style_changes_the_references(
    default_site: Path, harvard_site: Path, harvard_project: Path, guideline: Guideline
) -> None:
    harvard = check(harvard_project).guideline
    assert harvard is not None and harvard.citation_style is not None
    assert harvard.citation_style.name == f"styles/{HARVARD.name}"
    before, after = _entries(default_site), _entries(harvard_site)
    assert set(before) == set(after)
    expected = _citeproc(HARVARD, list(guideline.references))
    for key, text in after.items():
        assert text != before[key], key
        assert _editorial_note(text) == tidy_punctuation(expected[key]), key
    assert after["aarts2021intraarterial"].startswith(
        "Aarts, B.M., Muñoz, F.M.G. and Wildiers, H., et al. (2021) “Intra-Arterial Therapies"
    )
    page = (harvard_site / "references" / "index.html").read_text("utf-8")
    assert "<i>Cardiovasc Intervent Radiol</i>" in page  # the style's italics reach the page
    chapter = (harvard_site / "sites-of-metastases" / "index.html").read_text("utf-8")
    assert "Aarts, B.M., Muñoz, F.M.G. and Wildiers, H., et al. (2021)" in chapter


def test_the_cards_print_no_reference_so_no_style_reaches_them(harvard_project: Path, guideline: Guideline) -> None:
    """The cards print how many works a section cites and where the list is online
    (templates/cards/cards.html.j2, the sources card and "refs-line"), never a reference."""
    harvard = check(harvard_project).guideline
    assert harvard is not None
    default, other = (card_set_html(g, list(g.chapters), site_url=None, size="a6") for g in (guideline, harvard))
    assert default == other
    text = " ".join(BeautifulSoup(default, "html.parser").get_text().split())
    assert "reference" in text  # the counts are there
    for ref in guideline.references:
        assert (ref.get("title") or ref.key) not in text, ref.key


def test_every_work_printed_with_et_al_shows_et_al(default_site: Path, guideline: Guideline) -> None:
    printed = _printed_with_et_al(list(guideline.references))
    shown = _entries(default_site)
    assert sum(printed.values()) == 85
    for key, et_al in printed.items():
        assert (_editorial_note(shown[key]).count("et al.") == 1) is et_al, (key, shown[key])


@pytest.mark.parametrize(
    ("key", "printed"),
    [
        ("bale2017stereotactic", "pii: S1051-0443(17)30911-9"),  # a pii as the only locator
        ("strobbe2017etiology", "pii: e007598"),
        ("diazroldan2021systematic", "Online ahead of print. Review."),
        ("helmberger2021clinical", "On behalf of the CIRT Steering Committee, On behalf of the CIRT Principal"),
        ("berliere2015place", "Epub 2015 Mar 18."),
        ("kent2021oligometastatic", "Ann Palliat Med. 2020 Sep 10:apm-20-1128."),  # the second printing
    ],
)
def test_printed_notes_are_shown(default_site: Path, key: str, printed: str) -> None:
    assert printed in _entries(default_site)[key]


def test_doi_and_pubmed_links(default_site: Path) -> None:
    soup = BeautifulSoup((default_site / "references" / "index.html").read_text("utf-8"), "html.parser")
    li = soup.find(id="ref-poggio2018controversies")
    assert isinstance(li, Tag)
    assert [a["href"] for a in li.find_all("p")[0].find_all("a")] == ["https://doi.org/10.1136/esmoopen-2018-000324"]
    fixture = ROOT / "tests" / "projects" / "bib-exports"
    g = check(fixture).guideline
    assert g is not None
    page = site_pages(g, ROOT)["references.md"]  # its pages with the default templates
    assert "[PubMed 29000001](https://pubmed.ncbi.nlm.nih.gov/29000001/)" in page
    assert page.count("](https://pubmed.ncbi.nlm.nih.gov/") == sum(1 for r in g.references if r.get("pmid"))


# --- the items citeproc-py is given, and the one edit of its output ---


def _ref(fields: dict[str, str], *people: Person, et_al: bool = False) -> Reference:
    names = (("author", NameList(people, et_al=et_al)),) if people else ()
    return Reference("k", "article", tuple({"title": "T", **fields}.items()), names)


@pytest.mark.parametrize(
    ("people", "author"),
    [
        ((Person(family="Aarts", given="BM"),), [{"family": "Aarts", "given": "B. M.", "suffix": "et al."}]),
        (
            (Person(family="Silva", given="CT", particle="da", suffix="Jr"),),
            [{"family": "Silva", "given": "C. T.", "non-dropping-particle": "da", "suffix": "Jr et al."}],
        ),
        ((Person(literal="ABCSG"),), [{"literal": "ABCSG et al."}]),
    ],
)
def test_et_al_is_the_last_name_s_suffix(people: tuple[Person, ...], author: list[dict[str, str]]) -> None:
    assert processor_item(_ref({}, *people, et_al=True))["author"] == author


@pytest.mark.parametrize(
    ("person", "name"),
    [
        (Person(family="Wi", given="Yl"), {"literal": "Wi Yl"}),  # the source's "Wi Yl", not "Wi Y"
        (Person(family="Berg", given="Th", particle="van der"), {"literal": "van der Berg Th"}),
        (Person(family="Li", given="Jan"), {"family": "Li", "given": "Jan"}),  # a name: initialised as the style says
        (Person(family="Xu", given="Li"), {"family": "Xu", "given": "Li"}),
        (Person(family="Aarts", given="BM"), {"family": "Aarts", "given": "B. M."}),
    ],
)
def test_initials_a_processor_would_cut_are_printed_as_they_stand(person: Person, name: dict[str, str]) -> None:
    assert processor_item(_ref({}, person))["author"] == [name]


def test_run_together_initials_print_in_full(guideline: Guideline) -> None:
    assert citations(guideline)(guideline.reference("xiao2018radiofrequency")).text.startswith(
        "Xiao YB, Zhang B, Wi Yl. Radiofrequency ablation"
    )


def test_et_al_stays_before_on_behalf_of() -> None:
    item = processor_item(_ref({"note": "On behalf of the X Group"}, Person(family="A", given="B"), et_al=True))
    assert item["author"] == [
        {"family": "A", "given": "B.", "suffix": "et al."},
        {"literal": "On behalf of the X Group"},
    ]


@pytest.mark.parametrize(
    ("fields", "issued"),
    [
        ({"year": "2020", "month": "7-8"}, {"literal": "2020 Jul–Aug"}),
        ({"year": "2017", "month": "12", "day": "1-2"}, {"literal": "2017 Dec 1–2"}),
        ({"date": "2020-07-30/2020-08-02"}, {"literal": "2020 Jul 30–Aug 2"}),
        ({"date": "2019-12/2020-01"}, {"date-parts": [[2019, 12], [2020, 1]]}),  # citeproc-py prints these right
        ({"year": "2021", "month": "12"}, {"date-parts": [[2021, 12]]}),
    ],
)
def test_a_range_within_one_year_is_the_printed_date(fields: dict[str, str], issued: dict[str, Any]) -> None:
    assert processor_item(_ref(fields))["issued"] == issued


def test_a_month_range_prints_in_a_year_only_style() -> None:
    ref = _ref({"year": "2020", "month": "7-8", "journal": "J"}, Person(family="A", given="B"))
    assert "(2020 Jul–Aug)" in Citations(CitationStyle("h.csl", HARVARD.read_text("utf-8")))(ref).text


def test_text_that_looks_like_markup_is_printed_as_text() -> None:
    title = "A </textarea><script>alert(1)</script> & <i>b</i>"
    cite = Citations(default_style())(_ref({"title": title, "journal": "J"}))
    assert cite.text == f"{title}. J."
    assert "<script>" not in cite.html and "<i>" not in cite.html


def test_variables_citeproc_does_not_know_are_left_out() -> None:
    item = processor_item(_ref({"editorial-note": "Printed as X."}))
    assert "custom" not in item and item["title"] == "T"


@pytest.mark.parametrize(
    ("html", "tidy"),
    [
        ("Setting?. J Pers Med.", "Setting? J Pers Med."),
        ("<i>Why not!</i>. Oxford", "<i>Why not!</i> Oxford"),
        ("A. B.. C", "A. B.. C"),  # a doubled stop is citeproc-py's own business
        ("Is it? Yes.", "Is it? Yes."),
    ],
)
def test_tidy_punctuation(html: str, tidy: str) -> None:
    assert tidy_punctuation(html) == tidy


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("Smith J. <i>A_b [x](y)</i>. 2020;1(2):3–4.", r"Smith J. <i>A\_b \[x\]\(y\)</i>. 2020;1\(2\):3–4."),
        ("Biomed &amp; Biotechnol #1 *x*", r"Biomed &amp; Biotechnol \#1 &#42;x&#42;"),
        ("1. Two\nlines", r"1\. Two lines"),
    ],
)
def test_md_html_escapes_the_text_between_the_tags(html: str, markdown: str) -> None:
    assert md_html(html) == markdown


# --- guideline.yml's citation_style, checked (GP226) ---


def _gp226(root: Path) -> list[str]:
    return [d.message for d in check(root).diagnostics if d.code == "GP226"]


@pytest.mark.parametrize(
    ("value", "file", "message"),
    [
        ("vancouver", None, "citation_style 'vancouver' is not a style shipped with guidepress"),
        ("styles/apa.csl", None, "citation_style 'styles/apa.csl' cannot be used: file not found"),
        ("../apa.csl", None, "citation_style '../apa.csl' is outside the project"),
        ("styles/x.csl", "<style", "citation_style 'styles/x.csl' is not XML"),
        ("styles/x.csl", '<style xmlns="http://purl.org/net/xbiblio/csl"/>', "is not a valid CSL 1.0 style: line 1"),
        ("styles/x.csl", "citation-only", "has no <bibliography>"),
        ("styles/x.csl", "missing-macro", "cannot be used by citeproc-py"),
    ],
)
def test_an_unusable_style_is_gp226_at_its_key(project: Path, value: str, file: str | None, message: str) -> None:
    nlm = (SHIPPED / "nlm-citation-sequence.csl").read_text("utf-8")
    texts = {
        "citation-only": re.sub(r"(?s)<bibliography.*</bibliography>", "", nlm),
        "missing-macro": nlm.replace('<text macro="bibliography"/>', '<text macro="no-such-macro"/>'),
    }
    if file is not None:
        (project / "styles").mkdir()
        (project / value).write_text(texts.get(file, file), "utf-8")
    _name_style(project, value)
    result = check(project)
    found = [d for d in result.diagnostics if d.code == "GP226"]
    assert len(found) == 1 and message in found[0].message, [d.as_text() for d in result.diagnostics]
    lines = (project / "source" / "guideline.yml").read_text("utf-8").splitlines()
    assert lines[found[0].pos.line - 1].startswith("citation_style:")


def test_an_official_style_file_of_the_project_passes(harvard_project: Path) -> None:
    assert _gp226(harvard_project) == []


@pytest.mark.parametrize("name", shipped_styles())
def test_every_shipped_style_is_usable(name: str) -> None:
    """The check trusts the shipped styles (it reads project files only): this is why."""
    parsed_style((SHIPPED / f"{name}.csl").read_text("utf-8"))


def test_a_style_error_says_what_is_wrong() -> None:
    with pytest.raises(StyleError, match="is not XML"):
        parsed_style("not a style")
