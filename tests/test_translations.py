"""One source, several languages (issue 16, items 3 and 4): tests/projects/bilingual, English with German.

The translation builds as a site of its own under site/de/ (pages, cards,
export) whose language switcher leads to the same page in the other
language; the guideline's own texts and its schemes' translate as its
chapters' do; editing a primary text makes its translation stale, and check
says so at the translation's line; ``guidepress translations`` lists what
needs translating and takes a PO file out and back in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from grading_projects import bilingual, edit, line_of

from guidepress.chapter_texts import chapter_texts, fingerprint, translated_chapter
from guidepress.cli import main
from guidepress.load.memo import FileMemo
from guidepress.phases import check

CHAPTER = "source/chapters/test-chapter.yml"
GERMAN = "source/translations/de/test-chapter.yml"
#: The fixture's plain-language versions for patients (tests/test_patient_view.py), made from the same English.
PATIENTS = ("source/translations/en-x-patients/test-chapter.yml", "source/translations/de-x-patients/test-chapter.yml")
GERMAN_GUIDELINE = "source/translations/de/_guideline.yml"
SCHEME = "source/grading/certainty.yml"
HIGH = "We are very confident that the true effect lies close to that of the estimate of the effect."
HIGH_DE = "Testbedeutung hoch (künstliche Übersetzung)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return bilingual(tmp_path / "project")


@pytest.fixture
def built(bilingual_built: Path) -> Path:
    return bilingual_built / "site"


def _codes(root: Path) -> list[str]:
    return [d.as_text() for d in check(root).diagnostics]


def test_the_fixture_is_complete_and_in_step(project: Path) -> None:
    assert _codes(project) == []


def test_an_edited_primary_text_makes_its_translation_stale(project: Path) -> None:
    edit(project, CHAPTER, "text: Test statement one (artificial)", "text: Test statement one, edited (artificial)")
    found = check(project).diagnostics
    # The German translation, and the patients' versions made from the same English text.
    assert sorted((d.code, d.pos.file, d.pos.line) for d in found) == sorted(
        ("GP242", file, line_of(project / file, "from: d8390b08747a")) for file in (GERMAN, *PATIENTS)
    )
    assert all(fingerprint("Test statement one, edited (artificial)") in d.message for d in found)
    assert main(["check", "--root", str(project)]) == 0
    assert main(["check", "--root", str(project), "--strict"]) == 1


def test_the_preview_reads_an_unchanged_translation_once(project: Path) -> None:
    memo = FileMemo()
    first = check(project, memo).guideline
    edit(project, GERMAN, "text: Testaussage eins", "text: Testaussage eins, bearbeitet")
    again = check(project, memo)
    assert again.guideline is not None and first is not None
    assert again.guideline.translated == check(project).guideline.translated  # as a fresh load gives
    before, after = first.translated, again.guideline.translated
    assert after["de"]["test-chapter"] is not before["de"]["test-chapter"]  # the edited file, parsed again
    assert after["de"]["test-chapter"].entries["test-first.text"].text.startswith("Testaussage eins, bearbeitet")
    unchanged = [(lang, unit) for lang in before for unit in before[lang] if (lang, unit) != ("de", "test-chapter")]
    assert unchanged and all(after[lang][unit] is before[lang][unit] for lang, unit in unchanged)


def test_a_missing_translation_is_a_warning_and_an_error_under_strict(project: Path) -> None:
    edit(project, GERMAN, "  test-section.footnotes.a:\n", "  test-section.footnotes.x:\n")
    codes = sorted(d.code for d in check(project).diagnostics)
    assert codes == ["GP241", "GP244"]  # the footnote is untranslated, and x names no text
    edit(project, GERMAN, "  test-section.footnotes.x:\n", "  test-section.footnotes.a:\n")
    edit(project, CHAPTER, "    title: Test Section\n", "    title: Test Section\n    subtitle: New (artificial)\n")
    found = check(project).diagnostics
    assert [(d.code, d.pos.file, d.pos.line) for d in found] == [("GP241", GERMAN, 1)]
    assert "test-section.subtitle" in found[0].message
    assert main(["check", "--root", str(project), "--strict"]) == 1


def test_each_language_is_a_site_with_its_own_cards_and_export(built: Path) -> None:
    en = BeautifulSoup((built / "test-chapter" / "index.html").read_text("utf-8"), "html.parser")
    de = BeautifulSoup((built / "de" / "test-chapter" / "index.html").read_text("utf-8"), "html.parser")
    assert en.html["lang"] == "en" and de.html["lang"] == "de"
    assert "Test statement one (artificial)" in en.get_text() and "Testaussage eins (künstlich)" in de.get_text()
    # Ids, grades and references are shared: the same anchors, the same grade codes.
    assert de.find(id="test-first") is not None and en.find(id="test-first") is not None
    assert "Über dieses Kapitel" in de.get_text() and "About this chapter" in en.get_text()
    export = json.loads((built / "de" / "export" / "guideline.json").read_text("utf-8"))
    assert export["guideline"]["language"] == "de"
    assert "Testaussage eins (künstlich)" in json.dumps(export, ensure_ascii=False)
    pdfium = pytest.importorskip("pypdfium2")
    card = pdfium.PdfDocument(built / "de" / "cards" / "test-chapter.pdf")
    text = " ".join(page.get_textpage().get_text_range() for page in card)
    assert "Testaussage eins" in text and "Aussage" in text


def test_the_switcher_links_each_page_to_the_same_page_in_the_other_language(built: Path) -> None:
    for page in ("test-chapter/index.html", "index.html", "grades/index.html"):
        for edition, other, lang in ((built, built / "de", "de"), (built / "de", built, "en")):
            soup = BeautifulSoup((edition / page).read_text("utf-8"), "html.parser")
            link = soup.select_one(f"a.md-select__link[hreflang={lang}]")
            assert link is not None, page
            target = ((edition / page).parent / link["href"]).resolve() / "index.html"
            assert target == (other / page).resolve(), (page, link["href"])


def test_verify_reads_every_language_back(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--root", str(built.parent)]) == 0
    out = capsys.readouterr().out
    assert "de html: all" in out and "de cards: all" in out


def test_translations_lists_what_needs_translating(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project, CHAPTER, "text: test statement two applies", "text: test statement two now applies")
    assert main(["translations", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "de test-chapter: 1 text(s) to translate" in out
    assert f"stale test-second.text (from: {fingerprint('test statement two now applies')})" in out


def test_a_po_file_goes_out_and_comes_back(project: Path, tmp_path: Path) -> None:
    edit(project, CHAPTER, "text: test statement two applies", "text: test statement two now applies")
    edit(project, CHAPTER, "    title: Test Section\n", "    title: Test Section\n    subtitle: New (artificial)\n")
    po = tmp_path / "de.po"
    assert main(["translations", "--root", str(project), "--language", "de", "--po", str(po)]) == 0
    text = po.read_text("utf-8")
    assert 'msgctxt "test-chapter:test-section.subtitle"' in text and "#, fuzzy" in text
    # The translator's work: the new text translated, the stale one brought in step.
    text = text.replace('msgid "New (artificial)"\nmsgstr ""', 'msgid "New (artificial)"\nmsgstr "Neu (künstlich)"')
    text = text.replace("#, fuzzy\n", "").replace(
        'msgstr "gilt Testaussage zwei"', 'msgstr "gilt nun Testaussage zwei"'
    )
    po.write_text(text, "utf-8")
    assert main(["translations", "--root", str(project), "--language", "de", "--read-po", str(po)]) == 0
    # German is in step again; the patients' versions of the edited statement are not, until theirs come back.
    assert sorted((d.code, d.pos.file) for d in check(project).diagnostics) == [
        ("GP242", file) for file in PATIENTS[::-1]
    ]
    g = check(project).guideline
    assert g is not None
    keys = [k for k, _ in chapter_texts(g.chapters[0])]
    assert "test-section.subtitle" in keys
    assert "Neu (künstlich)" in (project / GERMAN).read_text("utf-8")


def test_each_language_is_searched_with_its_own_stemming(built: Path) -> None:
    """Material's search takes the site's language (lunr's German stemmer for site/de/)."""
    for site, lang in ((built, "en"), (built / "de", "de")):
        index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == [lang]


def test_every_text_a_reader_sees_has_a_key_and_is_replaced() -> None:
    """The default chapter (quotes, reference lists' titles, Wording, see-also, tables): each text has one key,
    and the translated model prints the translation of each, so no primary text is left in a translation."""
    g = check(ROOT).guideline
    assert g is not None
    chapter = g.chapters[0]
    texts = list(chapter_texts(chapter))
    keys = [k for k, _ in texts]
    assert len(keys) == len(set(keys))
    for shown in ("see_also.", "wording.", ".references.0.title", ".editorial.0", ".source", ".rows.0.0"):
        assert any(shown in k for k in keys), shown  # a see-also, Wording, a list's title, a note, a quote, a cell
    translated = translated_chapter(chapter, lambda key, text: f"[de] {text}")
    assert [k for k, text in chapter_texts(translated) if not text.startswith("[de] ")] == []
    assert translated.sections[0].references[0].title == f"[de] {chapter.sections[0].references[0].title}"


def _page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel / "index.html").read_text("utf-8"), "html.parser")


def _card_text(pdf: Path) -> str:
    pdfium = pytest.importorskip("pypdfium2")
    text = " ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    return " ".join(text.split())  # a meaning wraps over lines


def test_the_guideline_and_its_schemes_print_in_each_language(built: Path) -> None:
    """Title, publisher, scheme labels and code meanings: German on the German site and cards, English on
    the English."""
    for site, title, publisher, meaning, spoken in (
        (built, "Test Guideline in Two Languages", "Test Board (artificial)", HIGH, "Certainty high: high certainty"),
        (
            built / "de",
            "Testleitlinie in zwei Sprachen",
            "Testgremium (künstlich)",
            HIGH_DE,
            "Vertrauen high: hohes Vertrauen",
        ),
    ):
        home = _page(site, ".").get_text()
        assert title in home and publisher in home
        assert meaning in _page(site, "grades").get_text()
        badge = _page(site, "test-chapter").find("button", attrs={"data-code": "high"})
        assert badge is not None and meaning in badge["data-tip"] and badge["aria-label"] == spoken
        card = _card_text(site / "cards" / "test-chapter.pdf")
        assert title in card and meaning in card  # the grading card
    assert HIGH not in _page(built / "de", "grades").get_text()
    assert HIGH_DE not in _page(built, "grades").get_text()
    # Codes are shared, never translated: the German card's grade key names the English codes.
    assert "Vertrauen high" in _card_text(built / "de" / "cards" / "test-chapter.pdf")


def test_an_edited_scheme_meaning_makes_its_translation_stale(project: Path) -> None:
    edit(project, SCHEME, HIGH, "We are very confident (edited).")
    found = check(project).diagnostics
    assert [(d.code, d.pos.file, d.pos.line) for d in found] == [
        ("GP242", GERMAN_GUIDELINE, line_of(project / GERMAN_GUIDELINE, f"from: {fingerprint(HIGH)}"))
    ]
    assert "grading.certainty.codes.high.meaning" in found[0].message
    assert fingerprint("We are very confident (edited).") in found[0].message


def test_the_guideline_s_texts_are_listed_and_checked_as_a_chapter_s(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, GERMAN_GUIDELINE, "  grading.certainty.label:\n", "  grading.certainty.lable:\n")
    found = check(project).diagnostics
    assert sorted((d.code, d.pos.file) for d in found) == [("GP241", GERMAN_GUIDELINE), ("GP244", GERMAN_GUIDELINE)]
    assert main(["translations", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "de _guideline: 1 text(s) to translate" in out and "missing grading.certainty.label" in out
    # And through a PO file: the guideline's texts under msgctxt "_guideline:<key>".
    edit(project, GERMAN_GUIDELINE, "  grading.certainty.lable:\n", "  grading.certainty.label:\n")
    edit(project, SCHEME, "label: Certainty", "label: Certainty of evidence")
    po = project / "de.po"
    assert main(["translations", "--root", str(project), "--language", "de", "--po", str(po)]) == 0
    text = po.read_text("utf-8")
    assert 'msgctxt "_guideline:grading.certainty.label"' in text
    po.write_text(text.replace("#, fuzzy\n", "").replace('msgstr "Vertrauen"', 'msgstr "Vertrauen in die Evidenz"'))
    assert main(["translations", "--root", str(project), "--language", "de", "--read-po", str(po)]) == 0
    assert _codes(project) == []
    assert "text: Vertrauen in die Evidenz" in (project / GERMAN_GUIDELINE).read_text("utf-8")
