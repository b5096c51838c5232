"""Pocket cards that stand alone (issue 18): a compact footer with a grade key on every card,
trial-table markers resolved on the card, no card holding only a section's last line."""

from __future__ import annotations

import dataclasses

import pytest
from card_pdfs import CHAPTER_PDF, _card_pages, chapter, pages, rendered

from guidepress.model import Guideline, Table
from guidepress.render.cards import SIZES, TEMPLATES, card_environment
from guidepress.render.cards.footer import footer_layout
from guidepress.render.cards.layout import card_footer, key_scales
from guidepress.render.cards.markers import resolved_markers, short_citation
from guidepress.render.cards.view import grade_key
from guidepress.table_markers import marked_numbers
from guidepress.verify.compare import squash

MM = 72 / 25.4
ENV = card_environment(TEMPLATES)


def _table(*names: str) -> Table:
    return Table(id="t", title=None, columns=("Trial", "n"), rows=tuple((n, "1") for n in names), notes=())


def test_markers_name_reference_numbers_in_order_each_once():
    table = _table("ECOG 2108 *1,2 (USA)", "ABCSG-28#*8.9 (Austria)", "MF07-01 *2, 4", "JCOG 1017", "5* x")
    assert marked_numbers(table) == [1, 2, 8, 9, 4]


def test_markers_resolve_to_the_sections_list_and_beyond_it_to_nothing(guideline):
    section = next(s for c in guideline.chapters for s in c.sections if s.tables and s.references)
    keys = list(dict.fromkeys(k for group in section.references for k in group.keys))
    table = _table(f"A *1,{len(keys)}", f"B *{len(keys) + 1}")
    got = resolved_markers(guideline, section, table)
    assert [n for n, _ in got] == [1, len(keys)]
    assert [cite for _, cite in got] == [short_citation(guideline.reference(k)) for k in (keys[0], keys[-1])]


def _cited(cite: dict) -> str:
    """A short citation as cards.html.j2 words it."""
    author = cite["author"] + (" et al." if cite["et_al"] else "")
    return f"{author}, {cite['journal']} {cite['year']}" if cite["journal"] else f"{author} {cite['year']}"


def test_short_citation_is_first_author_journal_year(guideline):
    assert _cited(short_citation(guideline.reference("soran2018randomized"))) == "Soran et al., Ann Surg Oncol 2018"


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7"])
def test_trial_cards_print_what_their_markers_stand_for(guideline, size):
    ch = chapter(guideline)
    read = _card_pages(rendered(guideline, size)[CHAPTER_PDF], guideline, [ch])
    checked = 0
    for section in ch.sections:
        card = squash(" ".join(text for _, title, _, text in read if squash(title) == squash(section.title)))
        for table in section.tables:
            for n, cite in resolved_markers(guideline, section, table):
                assert squash(f"*{n} {_cited(cite)}") in card, (section.id, n)
                checked += 1
    assert checked >= 9, "the default's phase III trials name nine references"


def _footer_lines(g: Guideline) -> list[str]:
    """What every footer prints of the grade key: each scheme's label and codes, in order."""
    key = grade_key(g)
    out = []
    for entry, scale in zip(key, key_scales(ENV, key), strict=True):
        codes = " ".join(b["code"] for b in entry["badges"])
        out.append(squash(f"{entry['label']} {codes} {scale}"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7"])
def test_every_card_has_the_grade_key_and_no_full_title_in_its_footer(guideline, size):
    lines = _footer_lines(guideline)
    scheme_ids = [s.id for s in guideline.schemes]
    assert [e["label"] for e in grade_key(guideline)] == [guideline.scheme(i).label for i in scheme_ids]
    key = dict(zip((e["label"] for e in grade_key(guideline)), key_scales(ENV, grade_key(guideline)), strict=True))
    ago = next(e for e in grade_key(guideline) if e["label"] == "AGO")
    assert [b["code"] for b in ago["badges"]] == ["++", "+", "+/-", "-", "--"] and key["AGO"] == "for–against"
    loe = next(e for e in grade_key(guideline) if e["label"] == "LoE")
    assert loe["badges"] == [] and key["LoE"] == "1a–5"
    for page in pages(rendered(guideline, size)["cards/guideline.pdf"]):
        text = squash(page.extract_text())
        assert squash(" · ".join(lines)) in text, page.page_number
        # the full title is on the grading and sources cards only, never in the footer
        top = page.height - (SIZES[size].safe_mm + card_footer(ENV, guideline, size).height) * MM
        foot = squash(" ".join(w["text"] for w in page.words if w["top"] >= top))
        assert foot and squash(guideline.title) not in foot


@pytest.mark.parametrize("size", ["a6", "a7", "index"])
def test_the_footer_is_no_taller_than_its_qr_code_for_the_default(guideline, size):
    fmt = SIZES[size]
    key = grade_key(guideline)
    footer = footer_layout(
        fmt, f"{guideline.short_title} {guideline.version} · 888/888", key, key_scales(ENV, key), 7, 7.5
    )
    assert footer.height <= fmt.qr_mm + 1.5
    assert footer.lines <= 3


def test_a_footer_grows_with_a_long_key_rather_than_spill(guideline):
    schemes = guideline.schemes * 4  # twelve schemes' worth of key
    key = grade_key(dataclasses.replace(guideline, schemes=schemes))
    footer = footer_layout(SIZES["a7"], "x", key, key_scales(ENV, key), 7, 7)
    assert footer.lines > 4 and footer.height > SIZES["a7"].qr_mm + 1.5


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7", "index"])
def test_no_continuation_holds_only_a_sections_last_lines(guideline, size):
    ch = chapter(guideline)
    read = _card_pages(rendered(guideline, size)[CHAPTER_PDF], guideline, [ch])
    for n, (_, title, continued, text) in enumerate(read, start=1):
        if not continued:
            continue
        body = text.split("CONTINUED", 1)[-1]
        lines = [line for line in body.splitlines() if line.strip()][:-2]  # without the footer's lines
        assert lines, f"card {n} ({title}) is empty"
        assert not all("for this section" in line or line.isupper() or ";" in line for line in lines), (
            f"card {n} ({title}) holds only its section's abbreviations or references line: {lines}"
        )
