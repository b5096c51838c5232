"""The default chapter as printed: its headings, slide titles and reference
authors read against the text of the source (tests/data, a dump of the
slides' text), so that a silent correction or an added punctuation mark
fails here. Deviations that remain are editorial notes (test_editorial_notes.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from guidepress.model import Guideline
from guidepress.render.citations import citations

SOURCE_TEXT = Path(__file__).parent / "data" / "ago-breast-2023.1E-sites-of-metastases.txt"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


FLAT = _flat(SOURCE_TEXT.read_text("utf-8"))


def test_reference_list_headings_are_printed_as_they_stand(guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        for _, group in chapter.reference_groups():
            if group.title:
                assert _flat(group.title) in FLAT, group.title


def test_headings_that_name_a_statement_link_it(guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        for _, group in chapter.reference_groups():
            if (group.title or "").startswith("Statement"):
                assert group.statement, group.title


def test_slide_titles_come_first_and_subtitles_second(guideline: Guideline) -> None:
    for section in guideline.chapters[0].sections:
        heading = _flat(f"{section.title} {section.subtitle or ''}")
        assert heading in FLAT, heading


def test_authors_are_printed_as_the_source_prints_them(guideline: Guideline) -> None:
    """Names as the references page prints them (up to the title) are the
    printed names, "da Silva CT Jr", "et al." and "On behalf of ..." included;
    only the separators between names (", " or "; ") and the dots after
    initials may differ."""

    def names(text: str) -> str:
        return re.sub(r"[.,;]", "", text).replace("  ", " ")

    printed = names(FLAT)
    cite = citations(guideline)
    for ref in guideline.references:
        text = cite(ref).text
        authors = text[: text.index(ref.get("title") or ref.key)].strip()
        if authors:  # as a whole word: "Wi Y" is not the printed "Wi Yl"
            assert re.search(re.escape(names(authors)) + r"\b", printed), (ref.key, authors)


def test_journals_are_printed_as_the_source_prints_them(guideline: Guideline) -> None:
    for ref in guideline.references:
        if journal := ref.get("journal"):
            assert journal in FLAT, (ref.key, journal)


def test_no_field_adds_text_the_entry_does_not_print(guideline: Guideline) -> None:
    """``howpublished`` repeating a part of the title adds text to the
    citation that the source prints once."""
    for ref in guideline.references:
        how = ref.get("howpublished")
        if how:
            assert how not in (ref.get("title") or ""), (ref.key, how)
