"""What issue 18 asks of the built site without a browser: dates and
version, the grades page's order, words for readers, one search entry per
statement (found by synonyms, snippets clean), and the offline files.

Expected values come from the model; the pages are parsed with BeautifulSoup.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import copy_project
from shared import build_with_epoch

from guidepress.cli import main
from guidepress.model import GlossaryEntry, Guideline, Wording
from guidepress.render.offline import cached_files, page_address
from guidepress.render.search import about, keywords, statement_entries, with_statements

EPOCH = "1700000000"  # 2023-11-14: the build date, which no page may print as the guideline's
BUILD_DAY = "2023-11-14"


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("reader") / "project")
    build_with_epoch(root, EPOCH)
    return root / "site"


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("reader-dated") / "project")
    guideline = root / "source" / "guideline.yml"
    guideline.write_text(
        guideline.read_text("utf-8").replace(
            "version: 2023.1E\n", "version: 2023.1E\ndate: 2023-03-01\nnext_review: 2024-03-01\n"
        ),
        "utf-8",
    )
    build_with_epoch(root, EPOCH, "--no-cards")
    return root / "site"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _text(el: Any) -> str:
    return re.sub(r"\s+", " ", el.get_text()).strip()


def _facts(soup: BeautifulSoup, index: int = 0) -> dict[str, str]:
    dl = soup.find_all("dl", class_="gp-facts")[index]
    return {_text(dt): _text(dt.find_next_sibling("dd")) for dt in dl.find_all("dt")}


def test_pages_print_the_version_and_no_day_the_source_does_not_give(default_site: Path, guideline: Guideline) -> None:
    assert guideline.date is None
    home = _soup(default_site / "index.html")
    facts = _facts(home)
    assert facts["Version"] == guideline.version and "Published" not in facts
    about_chapter = _facts(_soup(default_site / guideline.chapters[0].id / "index.html"), -1)
    assert about_chapter["Guideline"] == f"{guideline.short_title}, version {guideline.version}"
    for page in _pages(default_site):
        soup = _soup(page)
        footer = soup.find(class_="md-copyright__highlight")
        assert footer is not None and _text(footer).endswith(f"{guideline.short_title} {guideline.version}"), page
        assert BUILD_DAY not in page.read_text("utf-8"), page  # the build date is nobody's date


def test_pages_print_the_publication_and_review_dates_the_source_gives(dated_site: Path, guideline: Guideline) -> None:
    facts = _facts(_soup(dated_site / "index.html"))
    assert (facts["Version"], facts["Published"], facts["Next review"]) == ("2023.1E", "2023-03-01", "2024-03-01")
    about_chapter = _facts(_soup(dated_site / guideline.chapters[0].id / "index.html"), -1)
    assert about_chapter["Guideline"] == f"{guideline.short_title}, version 2023.1E, published 2023-03-01"
    assert about_chapter["Next review"] == "2024-03-01"
    for page in _pages(dated_site):
        footer = _soup(page).find(class_="md-copyright__highlight")
        assert footer is not None and _text(footer).endswith("AGO Breast 2023.1E (2023-03-01)"), page


def test_the_grades_page_leads_with_the_scheme_to_act_on(default_site: Path, guideline: Guideline) -> None:
    assert guideline.lead_scheme == "ago" and [s.id for s in guideline.schemes] == ["loe", "gr", "ago"]
    soup = _soup(default_site / "grades" / "index.html")
    assert [h2["id"] for h2 in soup.select("article h2[id]")] == ["ago", "loe", "gr"]
    assert "The grade to act on is AGO (AGO Grades of Recommendation)" in _text(soup.find("article"))


def test_words_for_readers_not_for_developers(default_site: Path, guideline: Guideline) -> None:
    jargon = ("not in this repository", "Also printed on this slide", "printed without sub-level")
    for page in _pages(default_site):
        text = _text(_soup(page))
        assert not [w for w in jargon if w in text], page
    home = _soup(default_site / "index.html")
    assert _text(home.find("title")) == guideline.short_title
    assert _text(home).count(guideline.copyright or "") == 1


def test_every_section_is_one_tap_from_the_top_of_its_chapter(default_site: Path, guideline: Guideline) -> None:
    chapter = guideline.chapters[0]
    facts = _soup(default_site / chapter.id / "index.html").find("dl", class_="gp-facts")
    links = [a["href"] for a in facts.select("ul.gp-jump a")]
    assert links == [f"#{s.id}" for s in chapter.sections]


def _index(site: Path) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    return docs


def test_the_search_has_one_clean_entry_per_statement(default_site: Path, guideline: Guideline) -> None:
    chapter = guideline.chapters[0]
    docs = _index(default_site)
    by_location = {d["location"]: d for d in docs}
    assert len(by_location) == len(docs)
    statements = list(chapter.all_recommendations())
    for rec in statements:
        entry = by_location[f"{chapter.id}/#{rec.id}"]
        shown = " ".join(filter(None, (rec.condition, rec.text)))
        assert entry["title"].replace("&amp;", "&") == re.sub(r"\*", "", shown)
        codes = rec.grade_map
        grades = " ".join(f"{s.label} {codes[s.id]}" for s in guideline.schemes if s.id in codes)
        assert not grades or entry["text"].endswith(grades) or grades + " · " in entry["text"], entry
    # Each statement once: the sections' entries leave the statements out.
    for doc in docs:
        if doc["location"].startswith(f"{chapter.id}/#") and doc["location"].split("#")[1] in {
            s.id for s in chapter.sections
        }:
            assert not any(f"<p>{r.text}</p>" in doc["text"] for r in statements if r.text), doc["location"]
        assert "¶" not in doc["text"] and not re.search(r"(LoE|GR|AGO): (level|grade|plus|minus)", doc["text"])


def test_stereotactic_statements_carry_the_wording_synonyms(guideline: Guideline) -> None:
    entries = {e.location: e for _, e in next(iter(statement_entries(guideline).values()))}
    chapter = guideline.chapters[0]
    tagged = {loc.split("#")[1] for loc, e in entries.items() if "SBRT" in e.tags and "SABR" in e.tags}
    assert tagged == {r.id for r in chapter.all_recommendations() if "stereota" in (r.text or "").lower()}
    ablation = entries[f"{chapter.id}/#liver-ablative-rfa-mwa"]
    assert set(ablation.tags) == {"radiofrequency ablation", "microwave ablation"}


def test_about_tolerates_a_misprint_and_not_more() -> None:
    wording = Wording("Sterotactic Therapy", None, (GlossaryEntry("SBRT", "Stereotactic Body Radiation Therapy"),))
    assert about("Stereotatic Radiotherapy for patients with oligometastases", wording)
    assert about("Stereotactic Radiotherapy with VMAT", wording)
    assert about("SBRT of one lesion", wording)
    assert about("Stereotactic Body Radiation Therapy", wording)
    assert not about("Systemic therapy", wording)
    assert not about("Stereotactic biopsy", wording)
    assert not about("Stratified therapy", wording)


def test_keywords_are_what_the_statement_does_not_spell_out(guideline: Guideline) -> None:
    chapter = guideline.chapters[0]
    rec = next(r for r in chapter.all_recommendations() if r.id == "pericardial-vats")
    terms = [(e.term, e.expansion) for e in chapter.glossary]
    assert keywords(rec, terms, ()) == []  # "VATS (video-assisted thoracic surgery)": both already there


def test_statement_entries_go_after_their_section_and_only_on_indexed_pages(guideline: Guideline) -> None:
    chapter = guideline.chapters[0]
    page = f"{chapter.id}/"
    entries = [
        {"location": page, "title": "t", "text": ""},
        {"location": f"{page}#{chapter.sections[1].id}"},
        {"location": "glossary/"},
    ]
    merged = with_statements(entries, statement_entries(guideline))
    locations = [e["location"] for e in merged]
    first = [f"{page}#{r.id}" for r in chapter.sections[0].all_recommendations()]
    second = [f"{page}#{r.id}" for r in chapter.sections[1].all_recommendations()]
    # The first section has no entry here: its statements go after the page's last entry.
    assert locations[:2] == [page, f"{page}#{chapter.sections[1].id}"]
    assert locations[2 : 2 + len(second)] == second
    assert set(first) <= set(locations) and locations[-1] == "glossary/"
    assert with_statements([{"location": "glossary/"}], statement_entries(guideline)) == [{"location": "glossary/"}]


def test_the_offline_files(default_site: Path, guideline: Guideline) -> None:
    manifest = json.loads((default_site / "manifest.webmanifest").read_text("utf-8"))
    assert (manifest["name"], manifest["short_name"], manifest["start_url"], manifest["display"]) == (
        guideline.title,
        guideline.short_title,
        "./",
        "standalone",
    )
    for icon in manifest["icons"]:
        assert (default_site / icon["src"]).is_file()
    worker = (default_site / "sw.js").read_text("utf-8")
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", worker, re.S).group(1))
    assert {
        "./",
        f"{guideline.chapters[0].id}/",
        "grades/",
        "search/search_index.json",
        f"cards/{guideline.chapters[0].id}.pdf",
        "manifest.webmanifest",
    } <= set(files)
    assert not [f for f in files if f.startswith("export/") or f.endswith((".map", "sw.js"))]
    assert all((default_site / (f if not f.endswith("/") else f + "index.html")).is_file() for f in files if f != "./")
    for page in _pages(default_site):
        assert 'rel="manifest"' in page.read_text("utf-8"), page
    assert page_address("index.html") == "./" and page_address("grades/index.html") == "grades/"
    assert [page_address(p) for p in cached_files(default_site, "en")] == files


def test_the_worker_is_versioned_by_the_files_it_keeps(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    build_with_epoch(root, EPOCH, "--no-cards")
    first = (root / "site" / "sw.js").read_text("utf-8")
    build_with_epoch(root, EPOCH, "--no-cards")
    assert (root / "site" / "sw.js").read_text("utf-8") == first  # reproducible
    chapter = root / "source" / "chapters" / "sites-of-metastases.yml"
    chapter.write_text(chapter.read_text("utf-8").replace("text: Cryoablation", "text: Cryoablation (CA)"), "utf-8")
    assert main(["build", "--root", str(root), "--no-cards"]) == 0
    version = re.compile(r'const CACHE = PREFIX \+ "([0-9a-f]{16})"')
    assert version.search(first) and version.search(first).group(1) != version.search(
        (root / "site" / "sw.js").read_text("utf-8")
    ).group(1)
