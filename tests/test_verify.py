"""The verify package's readers: every kind of locator is found in each
output that carries it, and a lost one is named; the card reader reads a
card set by what its pages show (labels, positions), not by the template's
words or the card size (tests/test_card_layouts.py: other words and widths,
and either layout of the grades); `guidepress build` refuses cards that lost
content and keeps each card set's verdict in the cache.

Test content: the default project and tests/projects/esmo-test (TEST CONTENT:
grades printed in one column, "[I, A]", and a statement kind printed in their place).
"""

from __future__ import annotations

import copy
import dataclasses
import html
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from grading_projects import copy_test_project
from shared import default_build

from guidepress.cli import main
from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.render.cards import render_cards
from guidepress.verify import (
    CardPage,
    card_pages,
    card_sets,
    carried,
    missing_in_cards,
    missing_in_export,
    missing_in_html,
)
from guidepress.verify.carried import (
    GradeAt,
    GroupItem,
    Item,
    Kind,
    KindLabel,
    Marker,
    OnRecommendation,
    RecRef,
    Statement,
    Within,
)

EPOCH = "1700000000"
SITE = "https://example.org/guideline/"
CHAPTER_PDF = "cards/sites-of-metastases.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_build(tmp_path_factory, EPOCH) / "site"


def _kind(item: Item) -> str:
    where = item.where
    return f"{type(where).__name__}:{where.scope}" if isinstance(where, Within) else type(where).__name__


def _samples(items: list[Item], usable: Callable[[Item], bool]) -> dict[str, Item]:
    """The first usable item of each kind of locator."""
    out: dict[str, Item] = {}
    for item in items:
        if _kind(item) not in out and usable(item):
            out[_kind(item)] = item
    return out


def _reported(item: Item, problems: list[str]) -> bool:
    return any(p.startswith(item.missing()) for p in problems)


ALL_KINDS = {
    "Statement",
    "GradeAt",
    "Marker",
    "Column",
    "Cell",
    "Within:chapter",
    "Within:section",
    "Within:recommendation",
    "Within:table",
    "Within:quote",
    "Within:footnote",
}
PAGE_KINDS = ALL_KINDS | {"GlossaryTerm", "Reference", "WorkNote", "InGroup", "GroupItem"}


# ---------------------------------------------------------------- export


def _strings_replaced(obj: Any, old: str) -> Any:
    if isinstance(obj, str):
        return obj.replace(old, "LOST")
    if isinstance(obj, list):
        return [_strings_replaced(v, old) for v in obj]
    if isinstance(obj, dict):
        return {k: _strings_replaced(v, old) for k, v in obj.items()}
    return obj


def _objects(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from _objects(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _objects(v)


def _lose_in_export(doc: dict[str, Any], item: Item) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    match item.where:
        case OnRecommendation(rec_id=rec_id):
            rec = next(o for o in _objects(doc["chapters"]) if o.get("id") == rec_id and "grades" in o)
            match item.where:
                case Statement():
                    rec["text"], rec["condition"] = "LOST", None
                case GradeAt(scheme=scheme):
                    rec["grades"][scheme] = "LOST"
                case Marker():
                    rec["footnotes"] = []
                case RecRef():
                    rec["refs"] = []
        case GroupItem(key=key):
            for o in _objects(doc["chapters"]):
                if "refs" in o and "grades" not in o:
                    o["refs"] = [k for k in o["refs"] if k != key]
        case _:
            doc = _strings_replaced(doc, item.value)
    return doc


def test_export_finds_every_kind_and_names_a_lost_one(guideline: Guideline, built: Path) -> None:
    doc = json.loads((built / "export" / "guideline.json").read_text("utf-8"))
    samples = _samples(
        carried(guideline, "export"), lambda i: len(i.value) > 2 or isinstance(i.where, (GradeAt, Marker))
    )
    assert set(samples) == PAGE_KINDS | {"RecRef"}
    assert missing_in_export(guideline, doc) == []
    for kind, item in samples.items():
        assert _reported(item, missing_in_export(guideline, _lose_in_export(doc, item))), kind


# ---------------------------------------------------------------- site


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _site_markup(item: Item) -> tuple[str, str]:
    """(what the site prints for ``item``, what it prints once the item is lost)."""
    match item.where:
        case GradeAt():
            return f'class="gp-grade__code">{html.escape(item.value)}</b>', 'class="gp-grade__code">LOST</b>'
        case Marker():
            return 'class="gp-fnref"', 'class="gone"'
    return html.escape(item.value, quote=False), "LOST"


def test_site_finds_every_kind_and_names_a_lost_one(guideline: Guideline, built: Path, tmp_path: Path) -> None:
    text = "".join(p.read_text("utf-8") for p in _pages(built))
    samples = _samples(
        carried(guideline, "html"),
        lambda i: _site_markup(i)[0] in text and len(i.value) > 2 or isinstance(i.where, (GradeAt, Marker)),
    )
    assert set(samples) == PAGE_KINDS
    for kind, item in samples.items():
        site = Path(shutil.copytree(built, tmp_path / kind))
        old, new = _site_markup(item)
        for page in _pages(site):
            page.write_text(page.read_text("utf-8").replace(old, new), "utf-8")
        assert _reported(item, missing_in_html(guideline, site)), kind


# ---------------------------------------------------------------- cards


def _tokens(text: str) -> set[str]:
    return {t.strip(".,;:()*").casefold() for t in text.split() if len(t.strip(".,;:()*")) > 2}


def _lose_on_cards(pages: list[CardPage], item: Item) -> list[CardPage]:
    if isinstance(item.where, GradeAt):

        def keep(w: dict[str, Any]) -> bool:
            return w["text"] != item.value
    else:
        tokens = _tokens(item.value)

        def keep(w: dict[str, Any]) -> bool:
            return not any(t in w["text"].casefold() for t in tokens)

    return [dataclasses.replace(p, words=tuple(w for w in p.words if keep(w))) for p in pages]


def test_cards_find_every_kind_and_name_a_lost_one(guideline: Guideline, built: Path) -> None:
    """Footnote markers aside: a card prints them right after the statement,
    where "*" cannot be told from a markup marker, so the cards' reader takes
    them as found."""
    pages = card_pages((built / CHAPTER_PDF).read_bytes())
    samples = _samples(carried(guideline, "cards"), lambda i: bool(_tokens(i.value)) or isinstance(i.where, GradeAt))
    assert set(samples) == ALL_KINDS - {"Marker"} | {"Abbreviation"}
    assert missing_in_cards(guideline, pages) == []
    for kind, item in samples.items():
        assert _reported(item, missing_in_cards(guideline, _lose_on_cards(pages, item))), kind


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


# ---------------------------------------------------------------- statement kinds, grades printed in one column


@pytest.fixture(scope="module")
def esmo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guideline, Path]:
    """The ESMO test project built with its cards (the build reads them back)."""
    root = copy_test_project("esmo-test", "esmo", tmp_path_factory.mktemp("esmo") / "project")
    assert main(["build", "--root", str(root)]) == 0
    g = check(root).guideline
    assert g is not None
    return g, root / "site"


def _item(g: Guideline, output: str, rec_id: str, kind: type) -> Item:
    return next(i for i in carried(g, output) if isinstance(i.where, kind) and i.where.rec_id == rec_id)


def test_a_statements_kind_is_in_the_export_and_its_label_on_the_page(esmo: tuple[Guideline, Path]) -> None:
    g, site = esmo
    doc = json.loads((site / "export" / "guideline.json").read_text("utf-8"))
    assert missing_in_export(g, doc) == [] and missing_in_html(g, site) == []
    kind = _item(g, "export", "test-standard-practice", Kind)
    rec = next(o for o in _objects(doc["chapters"]) if o.get("id") == "test-standard-practice")
    rec["kind"] = "therapy"
    assert missing_in_export(g, doc) == [kind.missing(" (the export has 'therapy')")]

    label = _item(g, "html", "test-standard-practice", KindLabel)
    page = site / "test-chapter" / "index.html"
    text = page.read_text("utf-8")
    chip = f'gp-tone-none">{label.value}<'
    assert text.count(chip) == 1
    page.write_text(text.replace(chip, 'gp-tone-none">Standard practice<'), "utf-8")
    try:
        assert missing_in_html(g, site) == [label.missing(" (the page shows 'Standard practice')")]
    finally:
        page.write_text(text, "utf-8")


def _without(pages: list[CardPage], text: str) -> list[CardPage]:
    return [dataclasses.replace(p, words=tuple(w for w in p.words if w["text"] != text)) for p in pages]


@pytest.mark.parametrize("size", ["a6", "a7"])
def test_cards_read_grades_printed_in_one_column_and_a_kinds_label(
    esmo: tuple[Guideline, Path], size: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    g, site = esmo
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pdf = (
        (site / "cards" / "test-chapter.pdf").read_bytes()
        if size == "a6"
        else render_cards(g, site_url=SITE, size=size, workers=1)["cards/test-chapter.pdf"]
    )
    pages = card_pages(pdf)
    assert missing_in_cards(g, pages) == []

    # "[II, B; benefit 4]": each of the three grades is in it; with "4]" lost, none is found.
    grades = [
        i for i in carried(g, "cards") if isinstance(i.where, GradeAt) and i.where.rec_id == "test-therapy-scored"
    ]
    assert len(grades) == 3
    assert missing_in_cards(g, _without(pages, "4]")) == [
        i.missing(" (the card shows '[II, B; benefit')") for i in grades
    ]
    label = _item(g, "cards", "test-standard-practice", KindLabel)
    assert missing_in_cards(g, _without(pages, "clinical")) == [label.missing(" (the card shows 'Standard practice')")]


# ---------------------------------------------------------------- the build's gate and its cache


def test_build_refuses_cards_that_lost_content(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cell = '<td class="grade g{{ loop.index0 }}">'
    _edit(
        project / "templates" / "cards" / "cards.html.j2",
        cell + "{{ badge(b) }}</td>",
        cell + "{{ badge(b) if not loop.last else '' }}</td>",
    )
    (project / "site").mkdir()
    (project / "site" / "old.html").write_text("previous build", "utf-8")
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert (
        "guidepress: cards: sites-of-metastases.pdf: recommendation 'histological-verification': "
        "AGO grade '++' not found" in err
    )
    assert "was left as it was" in err
    assert [p.name for p in (project / "site").iterdir()] == ["old.html"]


def test_a_card_sets_verdict_is_cached_with_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("GUIDEPRESS_NO_CACHE", raising=False)
    read: list[int] = []

    def counted(pdf: bytes) -> list[CardPage]:
        read.append(len(pdf))
        return card_pages(pdf)

    monkeypatch.setattr(card_sets, "card_pages", counted)
    home = project / "templates" / "site" / "pages" / "home.md.j2"

    assert main(["build", "--root", str(project)]) == 0
    assert len(read) == 1  # one chapter: its set (the all-chapters file is the same cards)
    _edit(home, "\n", "\nA page edit: the cards stay as they are.\n")
    capsys.readouterr()
    assert main(["build", "--root", str(project), "--explain"]) == 0
    assert len(read) == 1  # the same card set: its verdict from the cache
    assert "card check: up to date" in capsys.readouterr().out.splitlines()
    monkeypatch.setattr(card_sets, "verifier", lambda: "another verifier")
    _edit(home, "A page edit", "Another page edit")
    assert main(["build", "--root", str(project)]) == 0
    assert len(read) == 2  # another verifier: the set read again
