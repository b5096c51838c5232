"""`guidepress diff`: the statements' changes, grade directions, renames, and the
inverse property, on the default chapter and the test release
(tests/data/releases/, TEST DATA). Every other kind of change (sections, tables,
glossary, works) is in test_diff_items.py; the sides (exports, git revisions, bad
inputs) in test_diff_sides.py; the report formats in test_diff_reports.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from diffing import CHAPTER, both_ways, edited
from hypothesis import given, settings
from hypothesis import strategies as st
from releases import make_release, release_data

from guidepress.model import Guideline, Recommendation, Section
from guidepress.phases import check
from guidepress.releases import Changes, diff
from guidepress.releases.changes import ItemChange, RecChange


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Guideline:
    result = check(make_release(tmp_path_factory.mktemp("release") / "project"))
    assert result.ok, [d.as_text() for d in result.diagnostics]
    assert result.guideline is not None
    return result.guideline


def only_change(changes: Changes) -> RecChange:
    assert not changes.added and not changes.removed and not changes.items, changes
    assert len(changes.changed) == 1, changes.changed
    return changes.changed[0]


# -- the test release ---------------------------------------------------------


def test_release_diff_is_exactly_what_the_data_file_expects(guideline: Guideline, release: Guideline) -> None:
    expect = release_data()["expect"]
    changes = both_ways(guideline, release)
    assert (changes.old_version, changes.new_version) == ("2023.1E", release_data()["version"])
    assert [s.id for s in changes.added] == expect["added"]
    assert [s.id for s in changes.removed] == expect["removed"]
    by_id = {c.id: c for c in changes.changed}
    assert {c.old_id: c.id for c in changes.changed if c.renamed} == expect["renamed"]
    assert [c.id for c in changes.changed if c.reworded] == expect["reworded"]
    grades = {
        c.id: [{"scheme": g.scheme, "old": g.old, "new": g.new, "direction": g.direction} for g in c.grades]
        for c in changes.changed
        if c.grades
    }
    assert grades == expect["grades"]
    assert set(by_id) == set(grades) | set(expect["reworded"]) | set(expect["renamed"].values())
    renamed = by_id[expect["renamed"]["pleural-continuous-drainage"]]
    assert renamed.what() == ("renamed",)  # its reference list followed it: nothing else changed
    assert [vars_of(i) for i in changes.items] == sorted((i for i in expect["items"]), key=item_order)
    assert changes.hints == ()
    assert changes.warnings == ()


def vars_of(item: ItemChange) -> dict[str, str | None]:
    return {"kind": item.kind, "where": item.where, "key": item.key, "old": item.old, "new": item.new}


def item_order(item: dict[str, str | None]) -> tuple[int, str, str, str, str]:
    return ItemChange(item["kind"] or "", item["where"] or "", item["key"] or "", item["old"], item["new"]).sort_key()


def test_identical_versions_have_no_changes(guideline: Guideline, tmp_path: Path) -> None:
    copy = edited(tmp_path)
    changes = diff(guideline, copy)
    assert changes.empty and changes == diff(copy, guideline)
    assert changes.warnings == () and changes.status("histological-verification") == "unchanged"


def test_status_of_each_recommendation(guideline: Guideline, release: Guideline) -> None:
    changes = diff(guideline, release)
    assert changes.status("liver-histotripsy") == "new"
    assert changes.status("surgery-of-metastases-good-response") == "changed"
    assert changes.status("histological-verification") == "unchanged"
    downgraded = changes.change("stereotactic-radiotherapy-oligometastases")
    assert downgraded is not None and downgraded.what() == ("downgrade (gr)",)


# -- grade directions, both ways for each of the three default schemes ---------

GRADED = (
    "text: Consider surgery of metastases in case of good response to palliative treatment, oligometastases\n"
    'grades: {loe: 2b, gr: C, ago: "+/-"}'
)


@pytest.mark.parametrize(
    ("scheme", "grades", "new_code", "expected"),
    [
        ("loe", '{loe: 2a, gr: C, ago: "+/-"}', "2a", "upgrade"),
        ("loe", '{loe: 3b, gr: C, ago: "+/-"}', "3b", "downgrade"),
        ("gr", '{loe: 2b, gr: B, ago: "+/-"}', "B", "upgrade"),
        ("gr", '{loe: 2b, gr: D, ago: "+/-"}', "D", "downgrade"),
        ("ago", '{loe: 2b, gr: C, ago: "+"}', "+", "upgrade"),
        ("ago", '{loe: 2b, gr: C, ago: "-"}', "-", "downgrade"),
    ],
)
def test_grade_direction_per_scheme(
    guideline: Guideline, tmp_path: Path, scheme: str, grades: str, new_code: str, expected: str
) -> None:
    new = edited(tmp_path, (CHAPTER, GRADED, GRADED.replace('{loe: 2b, gr: C, ago: "+/-"}', grades)))
    change = only_change(both_ways(guideline, new))
    old_code = {"loe": "2b", "gr": "C", "ago": "+/-"}[scheme]
    assert [(g.scheme, g.old, g.new, g.direction) for g in change.grades] == [(scheme, old_code, new_code, expected)]
    back = only_change(diff(new, guideline))
    assert back.grades[0].direction == {"upgrade": "downgrade", "downgrade": "upgrade"}[expected]


# -- every kind of change -----------------------------------------------------

CRYO = '- id: liver-cryoablation\n  text: Cryoablation\n  grades: {loe: 3b, gr: C, ago: "-"}'
PULMONARY_LAST = (
    "- id: pulmonary-regional-radiotherapy\n  text: Regional radiotherapy (stereotactic radiotherapy "
    'with volumetric intensity modulated arc therapy (SRS-VMAT))\n  grades: {loe: 2a, gr: B, ago: "+/-"}'
)


def test_moved_to_another_section(guideline: Guideline, tmp_path: Path) -> None:
    new = edited(tmp_path, (CHAPTER, CRYO, ""), (CHAPTER, PULMONARY_LAST, PULMONARY_LAST + "\n" + CRYO))
    change = only_change(both_ways(guideline, new))
    assert (change.id, change.moved, change.old_place.section, change.new_place.section) == (
        "liver-cryoablation",
        True,
        "liver-metastases",
        "pulmonary-metastases",
    )
    assert change.what() == ("moved",)


def test_rows_added_above_do_not_move_a_recommendation(guideline: Guideline, tmp_path: Path) -> None:
    row = '- id: liver-new-row\n  text: A new first row\n  grades: {loe: "5", gr: D, ago: "+/-"}\n'
    new = edited(tmp_path, (CHAPTER, "- id: liver-resection-r0", row + "- id: liver-resection-r0"))
    changes = both_ways(guideline, new)
    assert [s.id for s in changes.added] == ["liver-new-row"] and changes.changed == ()


@pytest.mark.parametrize(
    ("rel", "old", "new", "field", "added", "removed"),
    [
        (
            CHAPTER,
            "statement: liver-regional-chemotherapy-tace\nrefs: [liberchuk2020hepatic,",
            "statement: liver-regional-chemotherapy-tace\nrefs: [vogl2011microwave, liberchuk2020hepatic,",
            "refs",
            ("vogl2011microwave",),
            (),
        ),
        (
            CHAPTER,
            'text: Cryoablation\ngrades: {loe: 3b, gr: C, ago: "-"}',
            'text: Cryoablation\ngrades: {loe: 3b, gr: C, ago: "-"}\nfootnotes: ["*"]',
            "footnotes",
            ("*",),
            (),
        ),
    ],
)
def test_statement_lists(
    guideline: Guideline,
    tmp_path: Path,
    rel: str,
    old: str,
    new: str,
    field: str,
    added: tuple[str, ...],
    removed: tuple[str, ...],
) -> None:
    changes = both_ways(guideline, edited(tmp_path, (rel, old, new)))
    change = next(c for c in changes.changed)
    part = getattr(change, field)
    assert (part.added, part.removed) == (added, removed)


def test_reworded_condition_and_details(guideline: Guideline, tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        (CHAPTER, 'condition: "HER2-positive:"', 'condition: "HER2-positive (IHC 3+):"'),
        (
            CHAPTER,
            '"HER2-positive: age < 50 y, metastases < 5 cm, no further metastases"',
            '"HER2-positive: age < 55 y, metastases < 5 cm, no further metastases"',
        ),
    )
    changes = both_ways(guideline, new)
    by_id = {c.id: c for c in changes.changed}
    condition = by_id["bone-marrow-her2-positive"].condition
    assert condition is not None and condition.words() == (
        ("removed", "HER2-positive:"),
        ("added", "HER2-positive (IHC 3+):"),
    )
    details = by_id["liver-resection-r0"].details
    assert details is not None and len(details.added) == len(details.removed) == 1
    assert "age < 55 y" in details.added[0]


def test_word_diff_of_a_reworded_statement(guideline: Guideline, release: Guideline) -> None:
    change = diff(guideline, release).change("ascites-puncture-drainage")
    assert change is not None and change.text is not None
    assert change.text.words() == (
        ("removed", "Puncture,"),
        ("added", "Puncture and"),
        ("same", "drainage in symptomatic"),
        ("removed", "patiens"),
        ("added", "patients"),
    )


# -- renames ------------------------------------------------------------------

DRAINAGE = "- id: pleural-continuous-drainage\n  text: Continuous pleural drainage"
STATEMENT = "statement: pleural-continuous-drainage"


def test_a_rename_without_replaces_is_removed_and_added_with_a_hint(guideline: Guideline, tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        (CHAPTER, DRAINAGE, DRAINAGE.replace("continuous-drainage", "catheter-drainage")),
        (CHAPTER, STATEMENT, STATEMENT.replace("continuous", "catheter")),
    )
    changes = both_ways(guideline, new)
    assert [s.id for s in changes.removed] == ["pleural-continuous-drainage"]
    assert [s.id for s in changes.added] == ["pleural-catheter-drainage"]
    assert [(h.old_id, h.new_id, h.reason) for h in changes.hints] == [
        ("pleural-continuous-drainage", "pleural-catheter-drainage", "same text")
    ]
    assert "declare `replaces: pleural-continuous-drainage`" in changes.hints[0].message


def test_same_position_hint(guideline: Guideline, tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        (CHAPTER, DRAINAGE, "- id: pleural-drainage-catheter\n  text: Indwelling pleural catheter"),
        (CHAPTER, STATEMENT, "statement: pleural-drainage-catheter"),
    )
    hints = both_ways(guideline, new).hints
    assert [(h.old_id, h.new_id, h.reason) for h in hints] == [
        ("pleural-continuous-drainage", "pleural-drainage-catheter", "same position")
    ]


def test_replaces_naming_an_id_still_present_is_a_warning(guideline: Guideline, tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        (
            CHAPTER,
            "- id: pleural-serial-thoracocentesis",
            "- id: pleural-serial-thoracocentesis\n  replaces: pleural-continuous-drainage",
        ),
    )
    changes = both_ways(guideline, new)
    assert changes.empty
    assert changes.warnings == (
        (
            "'pleural-serial-thoracocentesis' declares replaces: 'pleural-continuous-drainage', "
            "but 'pleural-continuous-drainage' is still a recommendation of the same release; "
            "remove the declaration or the old one"
        ),
    )


# -- the inverse property -----------------------------------------------------


def _recs(recs: tuple[Recommendation, ...], op: str, target: str, n: int) -> tuple[Recommendation, ...]:
    out: list[Recommendation] = []
    for rec in recs:
        if rec.id != target:
            out.append(replace(rec, children=_recs(rec.children, op, target, n)))
        elif op == "text":
            out.append(replace(rec, text=f"{rec.text} (edit {n})"))
        elif op == "grade":
            out.append(
                replace(rec, grades=tuple(replace(g, code="5" if g.scheme == "loe" else g.code) for g in rec.grades))
            )
        elif op == "rename":
            out.append(replace(rec, id=f"{rec.id}-renamed", replaces=rec.id))
        elif op == "rename-silently":
            out.append(replace(rec, id=f"{rec.id}-{n}"))
        elif op == "duplicate":
            out.extend([rec, replace(rec, id=f"{rec.id}-copy", children=())])
        # "delete": left out
    return tuple(out)


def mutate(g: Guideline, ops: list[tuple[str, int]]) -> Guideline:
    ids = [r.id for r in g.all_recommendations()]
    chapters = list(g.chapters)
    for n, (op, pick) in enumerate(ops):
        target = ids[pick % len(ids)]
        chapters = [replace(c, sections=tuple(_section(s, op, target, n) for s in c.sections)) for c in chapters]
    return replace(g, chapters=tuple(chapters))


def _section(s: Section, op: str, target: str, n: int) -> Section:
    return replace(s, recommendations=_recs(s.recommendations, op, target, n))


OPS = st.lists(
    st.tuples(
        st.sampled_from(["text", "grade", "rename", "rename-silently", "duplicate", "delete"]), st.integers(0, 200)
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(ops_a=OPS, ops_b=OPS)
def test_the_inverse_of_a_to_b_is_b_to_a(
    guideline: Guideline, ops_a: list[tuple[str, int]], ops_b: list[tuple[str, int]]
) -> None:
    a, b = mutate(guideline, ops_a), mutate(guideline, ops_b)
    forward = diff(a, b)
    assert forward.inverted() == diff(b, a)
    assert forward.inverted().inverted() == forward
    assert diff(a, a).empty and diff(a, a).warnings == ()
