"""The web site of the default content, built once for this module: every statement with its grades,
the pages a clinician reads, no resource from another host, no broken link, the same bytes twice.

Expected values come from walking the model, never from the templates: the
built HTML is parsed with BeautifulSoup and compared with what the guideline
says. The build itself is in test_site_build.py, a split bibliography in
test_site_split_references.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from built_site import (
    _anchor,
    _broken_links,
    _build,
    _chapter_html,
    _group_items,
    _html_files,
    _ref_id,
    _snapshot,
    _soup,
    _text,
    assert_statements,
)
from conftest import copy_project

from guidepress.messages import messages_for_source
from guidepress.model import Guideline
from guidepress.render import reference_layout as layout_module
from guidepress.render.citations import cited_by
from guidepress.render.pages import site_nav
from guidepress.render.reference_layout import reference_layout
from guidepress.text import plain


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default content built once (MkDocs engine) for this module."""
    root = copy_project(tmp_path_factory.mktemp("site-project") / "project")
    assert _build(root, root / "site") == 0
    return root / "site"


# --- what a clinician must find: every statement, its grades, its anchor ---


def test_every_statement_has_its_grades_and_anchor(site: Path, guideline: Guideline) -> None:
    graded = 0
    for chapter in guideline.chapters:
        soup = _soup(_chapter_html(site, chapter))
        assert_statements(soup, guideline, chapter)
        graded += len(soup.select("li.gp-rec .gp-grades"))
    assert graded == sum(1 for r in guideline.all_recommendations() if r.grades)


def test_footnote_markers_link_to_their_notes(site: Path, guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        soup = _soup(_chapter_html(site, chapter))
        for section in chapter.sections:
            notes = {n.marker: n.text for n in section.footnotes}
            for rec in section.all_recommendations():
                row = soup.find(id=rec.id).find(class_="gp-rec__text")
                links = row.select(".gp-fnref a")
                assert [_text(a) for a in links] == list(rec.footnotes)
                for a in links:
                    note = soup.find(id=a["href"][1:])
                    assert note is not None and notes[_text(a)] in _text(note)


def test_tables_are_real_tables(site: Path, guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        soup = _soup(_chapter_html(site, chapter))
        for section in chapter.sections:
            for table in section.tables:
                html = soup.find(id=table.id).find("table")
                assert [_text(th) for th in html.select("thead th")] == [plain(c) for c in table.columns]
                rows = [[_text(td) for td in tr.find_all("td")] for tr in html.select("tbody tr")]
                assert rows == [[plain(c) for c in row] for row in table.rows]


def test_reference_groups_are_numbered_lists_in_printed_order(site: Path, guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        soup = _soup(_chapter_html(site, chapter))
        for section, group in chapter.reference_groups():
            items = _group_items(soup, chapter, section, group)
            for li, key in zip(items, group.keys, strict=True):
                ref = guideline.reference(key)
                assert ref is not None and plain(ref.get("title")) in _text(li)
                if ref.get("doi"):
                    assert li.find("a", href=f"https://doi.org/{ref.get('doi')}") is not None


def test_see_also_external_chapters_are_text_not_links(site: Path, guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        soup = _soup(_chapter_html(site, chapter))
        facts = soup.find("dl", class_="gp-facts")
        for link in chapter.see_also:
            item = next(li for li in facts.find_all("li") if plain(link.title) in _text(li))
            assert (item.find("a") is None) == link.external
            if link.external:
                assert "not published on this site" in _text(item)


def test_grades_page_explains_every_code(site: Path, guideline: Guideline) -> None:
    soup = _soup(site / "grades" / "index.html")
    for scheme in guideline.schemes:
        heading = soup.find(id=scheme.id)
        table = heading.find_next("table")
        rows = {_text(tr.find_all("td")[0]): _text(tr.find_all("td")[1]) for tr in table.select("tbody tr")}
        assert rows == {c.code: plain(c.meaning) for c in scheme.codes}


def test_references_page_lists_each_work_once_with_backlinks(site: Path, guideline: Guideline) -> None:
    soup = _soup(site / "references" / "index.html")
    items = soup.select("ol.gp-works > li")
    assert len(items) == len(guideline.references)
    index = cited_by(guideline)
    for ref in guideline.references:
        li = soup.find(id=_ref_id(ref.key))
        assert li is not None, ref.key
        hrefs = {a["href"] for a in li.select(".gp-citedby a")}
        for place in index[ref.key]:
            anchor = _anchor(place)
            assert f"../{place.chapter.id}/#{anchor}" in hrefs, (ref.key, anchor)


def test_default_bibliography_keeps_one_references_page(site: Path, guideline: Guideline) -> None:
    """104 works: references/ lists them all, nothing under it, links unchanged."""
    assert len(guideline.references) <= layout_module.REFERENCES_PER_PAGE
    assert reference_layout(guideline).parts == ()
    assert [p.name for p in (site / "references").iterdir()] == ["index.html"]
    assert {"References": "references.md"} in site_nav(guideline, messages_for_source())[2]["Reference"]
    links = {a["href"] for a in _soup(_chapter_html(site, guideline.chapters[0])).select("a.gp-citedby-link")}
    assert links and all(re.fullmatch(r"\.\./references/#ref-[a-z0-9-]+", h) for h in links), links


def test_abbreviations_are_explained_where_they_occur(site: Path, guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        soup = _soup(_chapter_html(site, chapter))
        shown = {_text(a): a["title"] for a in soup.find_all("abbr")}
        for entry in chapter.glossary:
            texts = " ".join(r.text or "" for r in chapter.all_recommendations())
            if re.search(rf"\b{re.escape(entry.term)}\b", texts):
                assert shown.get(entry.term) == entry.expansion, entry.term
    glossary = _text(_soup(site / "glossary" / "index.html").find("table"))
    for chapter in guideline.chapters:
        for entry in chapter.glossary:
            assert entry.term in glossary and plain(entry.expansion) in glossary


def test_home_page_names_the_guideline_and_links_the_downloads(site: Path, guideline: Guideline) -> None:
    soup = _soup(site / "index.html")
    text = _text(soup.find("article"))
    for fact in (guideline.title, guideline.version, guideline.publisher):
        assert fact in text
    links = {a["href"] for a in soup.select("article a")}
    for path in ("export/guideline.json", "export/references.json", "export/guideline.schema.json"):
        assert path in links and (site / path).is_file()
    for chapter in guideline.chapters:
        assert f"{chapter.id}/" in links


# --- the site is self-contained and has no broken link ---


def test_no_resource_from_another_host(site: Path) -> None:
    offenders = []
    for page in _html_files(site):
        soup = _soup(page)
        for tag, attr in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("video", "src"),
            ("audio", "src"),
            ("object", "data"),
        ):
            for el in soup.find_all(tag):
                url = el.get(attr)
                if tag == "link" and "canonical" in (el.get("rel") or []):
                    continue  # names the published address; browsers never fetch it
                if url and (urlsplit(url).scheme or url.startswith("//")):
                    offenders.append(f"{page.relative_to(site)}: <{tag} {attr}={url}>")
    for sheet in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", sheet.read_text("utf-8")):
            offenders.append(f"{sheet.relative_to(site)}: url({url})")
    assert offenders == []


def test_every_internal_link_resolves(site: Path) -> None:
    assert _broken_links(site) == []


def test_source_files_are_not_published(site: Path) -> None:
    assert [p for p in site.rglob("*") if p.suffix in (".yml", ".yaml", ".bib", ".j2")] == []


# --- the build: deterministic ---


def test_two_builds_are_byte_identical(project: Path, site: Path) -> None:
    again = project / "again"
    assert _build(project, again) == 0
    assert _snapshot(again) == _snapshot(site)
    assert (again / "sitemap.xml.gz").is_file() and (again / "search" / "search_index.json").is_file()
