"""text.py: what a reader sees of a text (plain) and which terms it uses."""

from __future__ import annotations

import dataclasses

from guidepress.model import Chapter, GlossaryEntry, Guideline, Wording
from guidepress.text import chapter_terms, plain, readable, terms_used, uses


def test_plain_removes_the_inline_markup_and_nothing_else() -> None:
    assert plain("*early* H~2~O 10^9^/l") == "early H2O 109/l"
    assert plain("5 * 3 * 2") == "5 * 3 * 2"  # no emphasis: a space inside the asterisks
    assert plain("* a*") == "* a*"
    assert plain("  folded\n  title\n") == "folded title"
    assert plain(None) == plain("") == ""


def test_a_term_is_used_as_a_whole_word_of_the_text_a_reader_sees() -> None:
    corpus = readable(["*PET*-CT and H~2~O", "PETs, x_SLN, ERα", "SLNB"])
    assert uses(corpus, "PET") and uses(corpus, "CT") and uses(corpus, "H2O")
    assert not uses(corpus, "SLN")  # "x_SLN" and "SLNB" only
    assert not uses(corpus, "ER")  # "ERα": α is a letter
    assert not uses(corpus, "H~2~O")
    assert uses(readable(["a  b"]), "a b")


def _chapter(guideline: Guideline) -> Chapter:
    ch = guideline.chapters[0]
    synonym = Wording("shall", None, (GlossaryEntry("PET", "a second definition"), GlossaryEntry("CT", "computed")))
    return dataclasses.replace(
        ch, glossary=(GlossaryEntry("pet", "lower case"), GlossaryEntry("PET", "first")), wording=(synonym,)
    )


def test_terms_used_takes_each_terms_first_definition_sorted(guideline: Guideline) -> None:
    ch = _chapter(guideline)
    assert chapter_terms(ch) == {"pet": "lower case", "PET": "first", "CT": "computed"}
    assert terms_used(ch, ["PET-CT", "a pet"]) == [("CT", "computed"), ("pet", "lower case"), ("PET", "first")]
    assert terms_used(ch, ["nothing here"]) == []
