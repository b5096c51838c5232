"""Audiences (issue 16, item 6): a plain-language version for patients, carried like a translation.

tests/projects/bilingual has en-x-patients and de-x-patients texts (artificial)
for its chapter. Each becomes a patient page in its language's site
(site/patients/, site/de/patients/) whose every plain statement links its
clinical recommendation and shows that recommendation's grades as the chapter
page prints them; editing the clinical text makes the plain text stale at its
line; verify finds every plain text on its page. The default content has no
patient text, and builds as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import ROOT
from grading_projects import bilingual, edit, line_of

from guidepress.chapter_texts import fingerprint
from guidepress.cli import main
from guidepress.messages import messages_for_source
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.render.pages import site_nav, site_pages

CHAPTER = "source/chapters/test-chapter.yml"
EN = "source/translations/en-x-patients/test-chapter.yml"
DE = "source/translations/de-x-patients/test-chapter.yml"
#: The plain text of test-first in EN.
FIRST = "  test-first.text:\n    from: d8390b08747a\n    text: Plain test sentence one. It is made up for the tests.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return bilingual(tmp_path / "project")


@pytest.fixture
def built(bilingual_built: Path) -> Path:
    return bilingual_built


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _plain(root: Path, rel: str) -> dict[str, str]:
    return {key: entry["text"] for key, entry in yaml.safe_load((root / rel).read_text("utf-8"))["texts"].items()}


def _badges(el: Tag) -> list[tuple[str, str]]:
    return [(str(b["data-scheme"]), b.select_one(".gp-grade__code").get_text()) for b in el.select(".gp-grade")]


@pytest.mark.parametrize(("site", "texts"), [("", EN), ("de", DE)])
def test_each_plain_statement_links_its_recommendation_and_shows_its_grades(built: Path, site: str, texts: str) -> None:
    folder = built / "site" / site
    page = folder / "patients" / "test-chapter" / "index.html"
    patients, chapter = _soup(page), _soup(folder / "test-chapter" / "index.html")
    plain = _plain(built, texts)
    assert patients.h1 is not None and plain["title"] in patients.h1.get_text()
    assert plain["test-section.title"] in patients.find(id="test-section").get_text()
    for rec_id in ("test-first", "test-second"):
        item = patients.find(id=rec_id)
        assert item is not None
        said = " ".join(item.select_one(".gp-rec__text").get_text().split())
        for key in (f"{rec_id}.condition", f"{rec_id}.text"):
            if key in plain:
                assert plain[key] in said
        link = item.select_one(".gp-plain__source a")
        href = str(link["href"])
        target, _, anchor = href.partition("#")
        assert (page.parent / target).resolve() / "index.html" == (folder / "test-chapter" / "index.html").resolve()
        clinical = chapter.find(id=anchor)
        assert anchor == rec_id and clinical is not None
        row = clinical.select_one(".gp-rec__row")
        assert _badges(item) == _badges(row) and _badges(item)


def test_the_page_says_what_it_is_in_the_sites_language(built: Path) -> None:
    en = _soup(built / "site" / "patients" / "test-chapter" / "index.html").get_text()
    de = _soup(built / "site" / "de" / "patients" / "test-chapter" / "index.html").get_text()
    assert "the recommendations for clinicians are the reference" in en
    assert "This summary covers 2 of the chapter's 2 recommendations." in en
    assert "maßgeblich sind die Empfehlungen für Ärztinnen und Ärzte" in de and "Die Empfehlung für Ärztinnen" in de


def test_the_nav_the_home_and_the_chapter_page_lead_to_the_patient_page(built: Path) -> None:
    for folder, label in ((built / "site", "For patients"), (built / "site" / "de", "Für Patientinnen und Patienten")):
        home = _soup(folder / "index.html").select_one("article")
        assert home is not None
        audience = [span for span in home.select(".gp-audience") if span.get_text() == f"{label}:"]
        assert len(audience) == 1, folder
        link = audience[0].find_next_sibling("a")
        assert (folder / str(link["href"])).resolve() == (folder / "patients" / "test-chapter"), folder
        chapter = _soup(folder / "test-chapter" / "index.html")
        nav = [a for a in chapter.select("nav a") if str(a.get("href", "")).endswith("patients/test-chapter/")]
        assert nav, folder
        facts = [dt for dt in chapter.select(".gp-facts dt") if dt.get_text() == label]
        assert facts, folder
        link = facts[0].find_next_sibling("dd").a
        assert ((folder / "test-chapter") / str(link["href"])).resolve() == (folder / "patients" / "test-chapter")


def test_no_site_of_its_own_and_no_cards(built: Path) -> None:
    site = built / "site"
    assert not (site / "en-x-patients").exists() and not (site / "de-x-patients").exists()
    assert not list(site.rglob("*patients*.pdf"))
    switcher = {str(a["hreflang"]) for a in _soup(site / "index.html").select("a.md-select__link[hreflang]")}
    assert switcher == {"en", "de"}


def test_verify_finds_every_patient_text_on_its_page(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--root", str(built)]) == 0
    out = capsys.readouterr().out
    assert "\npatients: all 4 items found" in out and "de patients: all 4 items found" in out
    page = built / "site" / "patients" / "test-chapter" / "index.html"
    original = page.read_text("utf-8")
    try:
        page.write_text(original.replace("Plain test sentence one.", "Another sentence."), "utf-8")
        assert main(["verify", "--root", str(built), "--no-cards"]) == 1
        assert (
            "'test-first': 'Plain test sentence one. It is made up for the tests.' not shown" in capsys.readouterr().out
        )
    finally:
        page.write_text(original, "utf-8")


def test_an_edited_clinical_text_makes_the_plain_text_stale(project: Path) -> None:
    edit(project, CHAPTER, "text: test statement two applies", "text: test statement two now applies")
    found = [d for d in check(project).diagnostics if d.pos.file == EN]
    assert [(d.code, d.pos.line) for d in found] == [("GP242", line_of(project / EN, "from: 3b085a5a238c"))]
    assert "en-x-patients" in found[0].message and fingerprint("test statement two now applies") in found[0].message


def test_a_statement_without_plain_text_is_left_off_and_reported(project: Path) -> None:
    edit(project, EN, FIRST, FIRST.replace("test-first.text", "test-first.condition"))
    assert sorted(d.code for d in check(project).diagnostics) == ["GP241", "GP244"]  # it has no condition
    edit(
        project,
        EN,
        "test-first.condition:\n    from: d8390b08747a",
        "test-section.footnotes.a:\n    from: e4066bb7cfbd",
    )
    found = check(project).diagnostics
    assert sorted((d.code, d.pos.file, d.pos.line) for d in found) == [
        ("GP241", EN, 1),  # test-first.text: none for patients
        ("GP255", EN, line_of(project / EN, "from: e4066bb7cfbd")),  # a footnote: not on a patient page
    ]
    edit(
        project,
        EN,
        FIRST.replace("test-first.text:\n    from: d8390b08747a", "test-section.footnotes.a:\n    from: e4066bb7cfbd"),
        "",
    )
    g = check(project).guideline
    assert g is not None
    page = site_pages(g, project)["patients/test-chapter.md"]
    assert 'id="test-second"' in page and 'id="test-first"' not in page
    assert "This summary covers 1 of the chapter's 2 recommendations." in page


def test_a_chapter_without_plain_statements_says_so(project: Path) -> None:
    (project / EN).write_text("texts: {}\n", "utf-8")
    g = check(project).guideline
    assert g is not None
    page = site_pages(g, project)["patients/test-chapter.md"]
    assert "No plain-language summary has been written for this chapter yet." in page and "gp-rec" not in page


def test_translations_lists_only_the_texts_a_patient_page_prints(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, CHAPTER, "    title: Test Section\n", "    title: Test Section\n    subtitle: New (artificial)\n")
    edit(project, CHAPTER, "text: test statement two applies", "text: test statement two now applies")
    assert main(["translations", "--root", str(project), "--language", "en-x-patients"]) == 0
    out = capsys.readouterr().out
    assert "en-x-patients test-chapter: 1 text(s) to translate" in out and "stale test-second.text" in out
    po = project / "patients.po"
    assert main(["translations", "--root", str(project), "--language", "en-x-patients", "--po", str(po)]) == 0
    text = po.read_text("utf-8").replace("#, fuzzy\n", "")
    po.write_text(text.replace('msgstr "plain test sentence two may help."', 'msgstr "plain sentence two now helps."'))
    assert main(["translations", "--root", str(project), "--language", "en-x-patients", "--read-po", str(po)]) == 0
    stale = sorted(d.pos.file for d in check(project).diagnostics if d.code == "GP242")
    assert stale == sorted(["source/translations/de/test-chapter.yml", DE])  # not yet brought in step
    assert _plain(project, EN)["test-second.text"] == "plain sentence two now helps."


def test_the_default_content_has_no_patient_page(guideline: Guideline) -> None:
    pages = site_pages(guideline, ROOT)
    assert not [p for p in pages if p.startswith("patients/")]
    assert "patients" not in repr(site_nav(guideline, messages_for_source()))
