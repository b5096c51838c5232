"""Editorial notes: where the published form deviates from the printed
source, recorded in the source with a reason and shown to readers in every
output that prints the item (site, cards, export), and verified there.

Also a slide's own legend (a section's ``glossary``), which takes the place
of the chapter's glossary on that slide, and reference-list headings printed
on several lines.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import copy_project
from shared import default_build

from guidepress.cli import main
from guidepress.model import Guideline, ReferenceGroup, Section, Table
from guidepress.render.export import export_files
from guidepress.text import section_texts, terms_used
from guidepress.verify import (
    CardPage,
    card_pages,
    card_texts,
    carried,
    missing_in_cards,
    missing_in_export,
    missing_in_html,
)

PLEURAL = "malignant-pleural-effusion"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_build(tmp_path_factory) / "site"


@pytest.fixture(scope="module")
def pages(built: Path) -> list[CardPage]:
    return card_pages((built / "cards" / "sites-of-metastases.pdf").read_bytes())


@pytest.fixture(scope="module")
def chapter_soup(built: Path) -> BeautifulSoup:
    return BeautifulSoup((built / "sites-of-metastases" / "index.html").read_text("utf-8"), "html.parser")


def _text(el: Tag) -> str:
    return re.sub(r"\s+", " ", el.get_text()).strip()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def _owners(g: Guideline) -> list[tuple[str, Section | Table | ReferenceGroup]]:
    """(id of the page element holding it, owner) for every owner of notes."""
    out: list[tuple[str, Section | Table | ReferenceGroup]] = []
    for chapter in g.chapters:
        for section in chapter.sections:
            out.append((section.id, section))
            out.extend((t.id, t) for t in section.tables)
            out.extend((f"{section.id}-refs-{i}", grp) for i, grp in enumerate(section.references, 1))
    return [(anchor, o) for anchor, o in out if o.editorial_notes]


def test_the_default_content_records_notes_on_every_kind_of_owner(guideline: Guideline) -> None:
    owners = [o for _, o in _owners(guideline)]
    assert {type(o) for o in owners} == {Section, Table, ReferenceGroup}
    assert sum(1 for r in guideline.references if r.editorial_note) >= 1


def test_site_shows_each_note_labelled_beside_what_it_concerns(
    guideline: Guideline, chapter_soup: BeautifulSoup
) -> None:
    for anchor, owner in _owners(guideline):
        holder = chapter_soup.find(id=anchor)
        if isinstance(owner, Section):  # a section's content follows its heading, up to the next one
            assert holder is not None and holder.name == "h2"
            blocks = []
            for sib in holder.find_next_siblings():
                if sib.name == "h2":
                    break
                if "gp-editorial" in (sib.get("class") or []):
                    blocks.append(sib)
        else:
            assert holder is not None, anchor
            blocks = holder.find_all(class_="gp-editorial", recursive=False)
        assert len(blocks) == 1, anchor
        block = blocks[0]
        assert block.get("role") == "note"
        label = "Editorial notes" if len(owner.editorial_notes) > 1 else "Editorial note"
        assert _text(block.find(class_="admonition-title")) == label
        shown = [_norm(_text(p)) for p in block.find_all("p")[1:]]
        assert shown == [_norm(n) for n in owner.editorial_notes]


def test_a_works_note_follows_it_in_every_list_and_on_the_references_page(
    guideline: Guideline, built: Path, chapter_soup: BeautifulSoup
) -> None:
    refs = BeautifulSoup((built / "references" / "index.html").read_text("utf-8"), "html.parser")
    for ref in (r for r in guideline.references if r.editorial_note):
        note = _norm(ref.editorial_note or "")
        work = refs.find(id=f"ref-{ref.key}")
        assert work is not None and note in _norm(_text(work.find(class_="gp-editorial")))
        cited = [
            li for li in chapter_soup.select("ol.gp-reflist > li") if li.find("a", href=re.compile(f"#ref-{ref.key}$"))
        ]
        assert cited and all(li.find(class_="gp-editorial", role="note") for li in cited), ref.key
        assert all(note in _norm(_text(li)) for li in cited)


def test_cards_print_the_notes_of_sections_and_tables_labelled(guideline: Guideline, pages: list[CardPage]) -> None:
    on_cards = {i.value for i in carried(guideline, "cards") if i.what == "editorial note"}
    # The cards print no reference lists, nor their notes.
    assert on_cards == {
        n for _, o in _owners(guideline) if not isinstance(o, ReferenceGroup) for n in o.editorial_notes
    }
    assert missing_in_cards(guideline, pages) == []
    body = card_texts(guideline, pages)[1]
    assert body.count("EDITORIALNOTE") == sum(1 for _, o in _owners(guideline) if not isinstance(o, ReferenceGroup))


def test_export_has_the_notes_and_the_schema_takes_them(guideline: Guideline) -> None:
    files = export_files(guideline)
    doc = json.loads(files["export/guideline.json"])
    schema = json.loads(files["export/guideline.schema.json"])
    jsonschema.Draft202012Validator(schema).validate(doc)
    sections = {s["id"]: s for s in doc["chapters"][0]["sections"]}
    tables = {t["id"]: t for s in sections.values() for t in s["tables"]}
    for anchor, owner in _owners(guideline):
        if isinstance(owner, Section):
            assert sections[anchor]["editorial_notes"] == list(owner.editorial_notes)
        elif isinstance(owner, Table):
            assert tables[anchor]["editorial_notes"] == list(owner.editorial_notes)
    # Present only where there are notes: an export without any is unchanged.
    assert "editorial_notes" not in sections["malignant-ascites"]
    assert "glossary" not in sections["malignant-ascites"] and sections[PLEURAL]["glossary"]
    items = {i["id"]: i for i in json.loads(files["export/references.json"])}
    for ref in (r for r in guideline.references if r.editorial_note):
        assert items[ref.key]["custom"]["editorial-note"] == ref.editorial_note
    broken = copy.deepcopy(doc)
    broken["chapters"][0]["sections"][0]["editorial_notes"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_round_trip_requires_every_note_in_every_output(guideline: Guideline) -> None:
    notes = {n for _, o in _owners(guideline) for n in o.editorial_notes}
    for output in ("export", "html", "cards"):
        carried_notes = {i.value for i in carried(guideline, output) if i.what == "editorial note"}
        groups = {n for _, o in _owners(guideline) if isinstance(o, ReferenceGroup) for n in o.editorial_notes}
        works = {r.editorial_note for r in guideline.references if r.editorial_note}
        expected = notes | works if output != "cards" else notes - groups
        assert carried_notes == expected, output


def test_round_trip_notices_a_note_dropped_from_the_export(guideline: Guideline) -> None:
    doc = json.loads(export_files(guideline)["export/guideline.json"])
    section = next(s for s in doc["chapters"][0]["sections"] if s.get("editorial_notes"))
    lost = section["editorial_notes"].pop(0)
    assert missing_in_export(guideline, doc) == [f"section {section['id']!r}: editorial note {lost!r} not found"]
    doc = json.loads(export_files(guideline)["export/guideline.json"])
    ref = next(r for r in doc["references"] if "editorial-note" in r["custom"])
    note = ref["custom"].pop("editorial-note")
    assert missing_in_export(guideline, doc) == [f"reference {ref['id']!r}: editorial note {note!r} not found"]


def test_round_trip_notices_a_note_dropped_from_the_site(guideline: Guideline, built: Path, tmp_path: Path) -> None:
    site = Path(shutil.copytree(built, tmp_path / "site"))
    page = site / "sites-of-metastases" / "index.html"
    table = next(o for _, o in _owners(guideline) if isinstance(o, Table))
    note = table.editorial_notes[-1]
    html = page.read_text("utf-8")
    start = html.index("<p>JCOG 1017: ")
    page.write_text(html[:start] + html[html.index("</p>", start) + 4 :], "utf-8")
    assert missing_in_html(guideline, site) == [f"table {table.id!r}: editorial note {note!r} not found"]


def test_round_trip_notices_a_note_dropped_from_the_cards(guideline: Guideline, pages: list[CardPage]) -> None:
    section = next(s for c in guideline.chapters for s in c.sections if s.id == "contralateral-axillary-metastasis")
    note = section.editorial_notes[0]
    cut = []
    for page in pages:
        words = [w for w in page.words if w["text"] != '"Oligo-Metastases"']
        cut.append(CardPage(page.width, page.height, tuple(words)))
    assert missing_in_cards(guideline, cut) == [f"section {section.id!r}: editorial note {note!r} not found"]


def test_an_empty_editorial_note_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chapter = project / "source" / "chapters" / "sites-of-metastases.yml"
    text = chapter.read_text("utf-8")
    chapter.write_text(
        text.replace(
            "    editorial_notes:\n      - The source prints the footnote marker of",
            '    editorial_notes:\n      - "  "\n      - The source prints the footnote marker of',
            1,
        ),
        "utf-8",
    )
    bib = project / "bib" / "sites-of-metastases.bib"
    bib.write_text(
        bib.read_text("utf-8").replace(
            "  title = {Intra-Arterial", "  editorial-note = { },\n  title = {Intra-Arterial", 1
        ),
        "utf-8",
    )
    assert main(["check", "--root", str(project)]) == 1
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert re.search(r"sites-of-metastases\.yml:\d+:\d+: error GP104 .*empty", err), err
    assert re.search(
        r"sites-of-metastases\.bib:3:1: error GP104 BibTeX entry 'aarts2021intraarterial' has an "
        r"empty editorial-note",
        err,
    ), err


# ---------------------------------------------------------------- a slide's own legend


def _pleural(g: Guideline) -> Section:
    return next(s for c in g.chapters for s in c.sections if s.id == PLEURAL)


def test_a_slides_own_legend_takes_the_place_of_the_chapters_glossary_on_its_card(guideline: Guideline) -> None:
    chapter = guideline.chapters[0]
    section = _pleural(guideline)
    assert [(e.term, e.expansion) for e in section.glossary] == [("VATS", "video-assisted thoracoscopic surgery")]
    assert (
        dict(terms_used(chapter, section_texts(section), section.glossary))["VATS"]
        == "video-assisted thoracoscopic surgery"
    )
    assert dict(terms_used(chapter, section_texts(section)))["VATS"] == "video-assisted thoracic surgery"


def test_the_site_prints_the_legend_on_its_slide_as_the_slide_does(chapter_soup: BeautifulSoup) -> None:
    heading = chapter_soup.find(id=PLEURAL)
    legend = heading.find_next_sibling(class_="gp-legend")
    assert legend is not None and _text(legend) == "VATS: video-assisted thoracoscopic surgery"
    # Not explained again with the chapter's expansion right beside it.
    assert legend.find("abbr") is None


# ---------------------------------------------------------------- headings on several lines


def test_a_heading_printed_on_several_lines_keeps_them(guideline: Guideline, chapter_soup: BeautifulSoup) -> None:
    section = _pleural(guideline)
    i, group = next((i, g) for i, g in enumerate(section.references, 1) if g.title and "\n" in g.title)
    title = chapter_soup.find(id=f"{PLEURAL}-refs-{i}").find(class_="gp-refgroup__title")
    lines = [_norm(line) for line in title.strong.decode_contents().split("<br/>")]
    assert [re.sub(r"<[^>]+>", "", line) for line in lines] == group.title.splitlines()


def test_every_note_survives_a_full_build_of_an_edited_copy(tmp_path: Path) -> None:
    """A note added to a table elsewhere reaches all three outputs (build refuses otherwise)."""
    root = copy_project(tmp_path / "project")
    chapter = root / "source" / "chapters" / "sites-of-metastases.yml"
    text = chapter.read_text("utf-8")
    marker = '          - "ST = systemic therapy, LRT = locoregional therapy,"\n'
    assert marker in text
    chapter.write_text(
        text.replace(marker, marker + "        editorial_notes: [A test note on the registry table.]\n"), "utf-8"
    )
    assert main(["build", "--root", str(root), "--out", str(root / "site")]) == 0
    doc = json.loads((root / "site" / "export" / "guideline.json").read_text("utf-8"))
    table = next(t for s in doc["chapters"][0]["sections"] for t in s["tables"] if t["id"] == "bomet-registry")
    assert table["editorial_notes"] == ["A test note on the registry table."]
    soup = BeautifulSoup((root / "site" / "sites-of-metastases" / "index.html").read_text("utf-8"), "html.parser")
    assert "A test note on the registry table." in _text(soup.find(id="bomet-registry").find(class_="gp-editorial"))
