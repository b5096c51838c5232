"""The release shown to readers and tools: the "What's new" page, the marks on
chapter pages, the export's `change` and `release` keys and export/changes.json,
each agreeing with `guidepress diff` on the test release (tests/releases.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from releases import released_repo, unmarked
from test_export_contract import recs

from guidepress.messages import messages_for_source
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.releases import Changes, diff
from guidepress.render import addresses
from guidepress.render.cards import render_cards
from guidepress.render.export import export_files
from guidepress.render.pages import site_nav, site_pages
from guidepress.render.release_marks import release_mark
from guidepress.verify.pdfwords import card_pages

SITE = "https://guidelines.example.org/ago-breast/"
CHAPTER = "sites-of-metastases"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return released_repo(tmp_path_factory.mktemp("news") / "repo")


@pytest.fixture(scope="module")
def built(repo: Path) -> Guideline:
    result = check(repo)
    assert result.ok and result.guideline is not None
    return result.guideline


@pytest.fixture(scope="module")
def changes(guideline: Guideline, repo: Path) -> Changes:
    """What `guidepress diff` says from the default content to the test release."""
    new = check(repo)
    assert new.guideline is not None
    return diff(guideline, unmarked(new.guideline))


@pytest.fixture(scope="module")
def pages(built: Guideline, repo: Path) -> dict[str, str]:
    return site_pages(built, repo)


@pytest.fixture(scope="module")
def files(built: Guideline) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in export_files(built, site_url=SITE).items()}


def test_the_page_lists_every_change_by_chapter_with_links_and_grades(
    pages: dict[str, str], changes: Changes, built: Guideline
) -> None:
    page = pages[addresses.WHATS_NEW].replace("\\(", "(").replace("\\)", ")")  # Markdown's escapes
    assert "# What's new in 2024.1E-test" in page
    assert "1 new, 4 changed and 1 removed recommendations" in page
    link = addresses.relative_links(addresses.WHATS_NEW)
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    ids = [s.id for s in changes.added] + [c.id for c in changes.changed]
    assert len(rows) == len(ids)
    for rec_id in ids:
        target = link(addresses.chapter_page(CHAPTER), rec_id)
        assert sum(f"]({target})" in row for row in rows) == 1, rec_id
    upgraded = next(r for r in rows if "#surgery-of-metastases-good-response)" in r)
    assert "| changed | LoE 2b, GR C, AGO +/- | LoE 2b, GR C, AGO + | AGO +/- → + (stronger) |" in upgraded
    downgraded = next(r for r in rows if "#stereotactic-radiotherapy-oligometastases)" in r)
    assert "| LoE 2b, GR B, AGO +/- | LoE 2b, GR C, AGO +/- | GR B → C (weaker) |" in downgraded
    assert "| IRE, LITT, HIFU | liver-metastases | LoE 5, GR D, AGO - |" in page  # removed, its last text
    assert {"What's new in 2024.1E-test": addresses.WHATS_NEW} in site_nav(built, messages_for_source())


def test_chapter_marks_say_what_changed_in_words(pages: dict[str, str], changes: Changes, built: Guideline) -> None:
    page = pages[addresses.chapter_page(CHAPTER)]
    marks = {rec.id: release_mark(messages_for_source(), built, rec) for rec in built.all_recommendations()}
    assert marks["liver-histotripsy"] == "new 2024.1E-test"
    assert marks["surgery-of-metastases-good-response"] == "changed 2024.1E-test: AGO +/- → + (stronger)"
    assert (
        marks["pleural-indwelling-catheter-drainage"]
        == "changed 2024.1E-test: new id (was pleural-continuous-drainage)"
    )
    assert marks["ascites-puncture-drainage"] == "changed 2024.1E-test: text reworded"
    for change in changes.changed:
        mark = marks[change.id]
        assert f'data-status="changed">[{mark}]' in page.replace("\\(", "(").replace("\\)", ")")
        assert mark is not None and all(f"{g.old} → {g.new}" in mark for g in change.grades)
    assert page.count('data-status="new"') == len(changes.added)
    assert page.count('data-status="changed"') == len(changes.changed)
    assert page.count('data-status="unchanged">[since 2023.1E]') == len(marks) - len(changes.added) - len(
        changes.changed
    )


def test_the_export_carries_each_status_and_the_release(files: dict[str, Any], changes: Changes) -> None:
    doc = files[addresses.EXPORT_JSON]
    assert doc["schema_version"] == "1.3.0"
    for schema in (addresses.EXPORT_SCHEMA, addresses.export_schema_for("ago-breast")):
        jsonschema.Draft202012Validator(files[schema]).validate(doc)
    status = {r["id"]: r["change"] for r in recs(doc)}
    assert {i for i, c in status.items() if c["status"] == "new"} == {s.id for s in changes.added}
    assert {i for i, c in status.items() if c["status"] == "changed"} == {c.id for c in changes.changed}
    for change in changes.changed:
        assert status[change.id]["grades"] == [
            {"scheme": g.scheme, "old": g.old, "new": g.new, "direction": g.direction} for g in change.grades
        ]
    assert status["pleural-indwelling-catheter-drainage"]["old_id"] == "pleural-continuous-drainage"
    assert doc["release"]["previous"] == "2023.1E" and doc["release"]["source"] == "v2023.1"
    assert [r["id"] for r in doc["release"]["removed"]] == [s.id for s in changes.removed]


def test_the_change_feed_validates_and_agrees(files: dict[str, Any], changes: Changes) -> None:
    feed = files[addresses.EXPORT_CHANGES]
    jsonschema.Draft202012Validator(files[addresses.EXPORT_CHANGES_SCHEMA]).validate(feed)
    expected = {s.id: "new" for s in changes.added} | {c.id: "changed" for c in changes.changed}
    assert {r["id"]: r["status"] for r in feed["recommendations"]} == expected
    assert len(feed["recommendations"]) == len(expected)
    assert all(r["url"] == f"{SITE}{CHAPTER}/#{r['id']}" for r in feed["recommendations"])
    assert [r["id"] for r in feed["removed"]] == ["liver-ire-litt-hifu"]


def test_without_a_previous_release_nothing_is_marked(guideline: Guideline, tmp_path: Path) -> None:
    files = export_files(guideline)
    assert addresses.EXPORT_CHANGES not in files
    doc = json.loads(files[addresses.EXPORT_JSON])
    assert "release" not in doc
    assert all(release_mark(messages_for_source(), guideline, r) is None for r in guideline.all_recommendations())


def test_cards_mark_new_and_changed_statements_as_the_diff_says(built: Guideline, changes: Changes) -> None:
    """The marks read back from the PDF text: one per new or changed statement, none for the others."""
    pdf = render_cards(built, site_url=SITE, size="a6")[f"cards/{CHAPTER}.pdf"]
    text = " ".join(w["text"] for page in card_pages(pdf) for w in page.words)
    found = re.findall(r"\[(new|changed) 2024\.1E-", text)
    assert sorted(found) == sorted(["new"] * len(changes.added) + ["changed"] * len(changes.changed))
    for change in changes.changed:
        for step in change.grades:
            assert f"{step.old} → {step.new}" in text
    assert "[since" not in text  # unchanged statements carry no mark on a card


def test_check_warns_of_a_likely_rename_and_the_old_id_is_removed(repo: Path) -> None:
    chapter = repo / "source" / "chapters" / f"{CHAPTER}.yml"
    saved = chapter.read_text(encoding="utf-8")
    try:
        declared = "        replaces: pleural-continuous-drainage\n"
        assert saved.count(declared) == 1
        chapter.write_text(saved.replace(declared, ""), encoding="utf-8")
        result = check(repo)
        assert result.ok and result.guideline is not None and result.guideline.release is not None
        [warning] = [d for d in result.diagnostics if d.code == "GP237"]
        assert warning.message.startswith(
            "'pleural-indwelling-catheter-drainage' is new and 'pleural-continuous-drainage' of 2023.1E is gone, "
            "with the same text: if it is one recommendation renamed, declare `replaces: pleural-continuous-drainage`"
        )
        new = next(r for r in result.guideline.all_recommendations() if r.id == "pleural-indwelling-catheter-drainage")
        assert warning.pos.line == new.pos.line and new.change is not None and new.change.status == "new"
        removed = [r.id for r in result.guideline.release.removed]
        assert removed == ["liver-ire-litt-hifu", "pleural-continuous-drainage"]
        page = site_pages(result.guideline, repo)[addresses.WHATS_NEW]
        assert "| Continuous pleural drainage | malignant-pleural-effusion |" in page  # listed as removed
    finally:
        chapter.write_text(saved, encoding="utf-8")
    assert not [d for d in check(repo).diagnostics if d.code == "GP237"]  # with `replaces`: no warning
