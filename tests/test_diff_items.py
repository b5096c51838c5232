"""`guidepress diff`: every kind of change besides the statements' own (a section's condition and
title, footnotes, notes, tables, the glossary, wording, reference groups, quotes, metadata, works),
on the default chapter; each one both ways."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from diffing import BIB, CHAPTER, both_ways, edited

from guidepress.model import Guideline, Section
from guidepress.releases.changes import ItemChange

ITEM_CASES = [
    (
        "section condition",
        (CHAPTER, 'condition: "Ascites:"', 'condition: "Malignant ascites:"'),
        ("condition", "section malignant-ascites", "", "Ascites:", "Malignant ascites:"),
    ),
    (
        "footnote",
        (CHAPTER, "text: Consider pre-treatment", "text: Consider pre-treatment with G-CSF"),
        (
            "footnote",
            "section bone-marrow-infiltration",
            "*",
            "Consider pre-treatment",
            "Consider pre-treatment with G-CSF",
        ),
    ),
    (
        "note",
        (CHAPTER, '- "CA = cryoablation"', '- "CA = cryoablation (percutaneous)"'),
        ("note", "section liver-metastases", "", "CA = cryoablation", None),
    ),
    (
        "table cell",
        (
            CHAPTER,
            '"primary ST", "Completed, results not reported so far"',
            '"primary ST", "Completed, results reported in 2024"',
        ),
        (
            "table",
            "phase-3-trials-surgery-primary",
            "JCOG 1017 (Japan) 2011-2018 / Local Control",
            "Completed, results not reported so far",
            "Completed, results reported in 2024",
        ),
    ),
    (
        "table row",
        (CHAPTER, '- ["BOMET MF 14-01#', '- ["NEW 01 (test)", "10", "x", "y", "z", "-"]\n- ["BOMET MF 14-01#'),
        ("table", "bomet-registry", "row NEW 01 (test)", None, "NEW 01 (test) | 10 | x | y | z | -"),
    ),
    (
        "table note",
        (CHAPTER, '- "ns not significant, s: significant"', '- "ns: not significant, s: significant"'),
        ("note", "table phase-3-trials-surgery-primary", "", None, "ns: not significant, s: significant"),
    ),
    (
        "glossary",
        (CHAPTER, "expansion: transarteriel chemoembolization", "expansion: transarterial chemoembolization"),
        (
            "glossary",
            "chapter sites-of-metastases",
            "TACE",
            "transarteriel chemoembolization",
            "transarterial chemoembolization",
        ),
    ),
    (
        "wording",
        (CHAPTER, "expansion: Stereotactic ABlativeRadiotherapy", "expansion: Stereotactic Ablative Radiotherapy"),
        (
            "wording",
            "chapter sites-of-metastases",
            "Sterotactic Therapy",
            (
                "can be referred to as SBRT (Stereotactic Body Radiation Therapy), "
                "SABR (Stereotactic ABlativeRadiotherapy), "
                "IGRT (Image Guided Radiation Therapy)"
            ),
            (
                "can be referred to as SBRT (Stereotactic Body Radiation Therapy), "
                "SABR (Stereotactic Ablative Radiotherapy), "
                "IGRT (Image Guided Radiation Therapy)"
            ),
        ),
    ),
    (
        "group",
        (CHAPTER, "refs: [korpi2018therapeutic, lew2021diagnosis]", "refs: [korpi2018therapeutic]"),
        ("group", "section malignant-ascites", "list 1", "lew2021diagnosis", None),
    ),
    (
        "quote",
        (CHAPTER, 'grading: "LoE: Expert opinion/NA (85%)"', 'grading: "LoE: Expert opinion/NA (90%)"'),
        (
            "quote",
            "abc6-contralateral-axilla",
            "grading",
            "LoE: Expert opinion/NA (85%)",
            "LoE: Expert opinion/NA (90%)",
        ),
    ),
    (
        "section title",
        (CHAPTER, "title: Malignant Ascites", "title: Malignant Ascites (Peritoneal Carcinomatosis)"),
        (
            "field",
            "section malignant-ascites",
            "title",
            "Malignant Ascites",
            "Malignant Ascites (Peritoneal Carcinomatosis)",
        ),
    ),
    (
        "guideline metadata",
        ("source/guideline.yml", "language: en", "language: en\ndate: 2024-03-01"),
        ("field", "guideline", "date", None, "2024-03-01"),
    ),
    (
        "reference metadata",
        (BIB, "volume = {16},\nnumber = {13},", "volume = {17},\nnumber = {13},"),
        ("reference", "badwe2015locoregional", "volume", "16", "17"),
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in ITEM_CASES], ids=[c[0] for c in ITEM_CASES])
def test_each_kind_of_other_change(
    guideline: Guideline,
    tmp_path: Path,
    edit: tuple[str, str, str],
    expected: tuple[str, str, str, str | None, str | None],
) -> None:
    changes = both_ways(guideline, edited(tmp_path, edit))
    assert ItemChange(*expected) in changes.items, changes.items
    assert not changes.added and not changes.removed


def with_rows(g: Guideline, table_id: str, rows: tuple[tuple[str, ...], ...]) -> Guideline:
    def section(s: Section) -> Section:
        return replace(s, tables=tuple(replace(t, rows=rows) if t.id == table_id else t for t in s.tables))

    return replace(g, chapters=tuple(replace(c, sections=tuple(section(s) for s in c.sections)) for c in g.chapters))


def test_rows_whose_first_cells_repeat_are_matched_by_number(guideline: Guideline) -> None:
    old = with_rows(guideline, "bomet-registry", (("A", "1", "x", "y", "z", "-"), ("A", "2", "x", "y", "z", "-")))
    new = with_rows(guideline, "bomet-registry", (("A", "1", "x", "y", "z", "-"), ("A", "3", "x", "y", "z", "-")))
    assert both_ways(old, new).items == (ItemChange("table", "bomet-registry", "(2) / n", "2", "3"),)


def test_work_added_and_cited(guideline: Guideline, tmp_path: Path) -> None:
    entry = (
        "@article{test2024new,\n  author = {Test, A},\n  title = {A made-up work (test data)},\n  year = {2024}\n}\n"
    )
    root_edit = (
        CHAPTER,
        "refs: [korpi2018therapeutic, lew2021diagnosis]",
        "refs: [korpi2018therapeutic, lew2021diagnosis, test2024new]",
    )
    new = edited(
        tmp_path, root_edit, (BIB, "@article{badwe2015locoregional,", entry + "\n@article{badwe2015locoregional,")
    )
    changes = both_ways(guideline, new)
    assert ItemChange("work", "test2024new", "", None, "A made-up work (test data)") in changes.items
    assert ItemChange("group", "section malignant-ascites", "list 1", None, "test2024new") in changes.items
