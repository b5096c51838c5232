"""The web site: generated pages, the build, atomicity, determinism, engines.

Expected values come from walking the model, never from the templates: the
built HTML is parsed with BeautifulSoup and compared with what the guideline
says.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import PUBLISHED_URL, ROOT, copy_project

from guidepress.cli import main
from guidepress.messages import messages_for_source
from guidepress.model import Chapter, Guideline, Recommendation, Reference
from guidepress.phases import check
from guidepress.render import reference_layout as layout_module
from guidepress.render.addresses import RESERVED
from guidepress.render.citations import cited_by
from guidepress.render.mdtext import md
from guidepress.render.pages import site_nav, site_pages
from guidepress.render.reference_layout import reference_layout
from guidepress.render.sanitize import sanitize_page_html
from guidepress.settings import load_settings
from guidepress.text import plain
from guidepress.verify import missing_in_html

EPOCH = "1700000000"
VENV_BIN = Path(sys.executable).parent


def _build(root: Path, out: Path, *extra: str) -> int:
    env_before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return main(["build", "--root", str(root), "--out", str(out), "--no-cards", *extra])
    finally:
        if env_before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = env_before


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default content built once (MkDocs engine) for this module."""
    root = copy_project(tmp_path_factory.mktemp("site-project") / "project")
    assert _build(root, root / "site") == 0
    return root / "site"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _chapter_html(site: Path, chapter: Chapter) -> Path:
    return site / chapter.id / "index.html"


def _text(el: Tag) -> str:
    return re.sub(r"\s+", " ", el.get_text()).strip()


# --- what a clinician must find: every statement, its grades, its anchor ---


def assert_statements(soup: BeautifulSoup, g: Guideline, chapter: Chapter) -> None:
    """Every recommendation of ``chapter`` is in ``soup`` under its id, with
    its text and one badge per scheme carrying its code; children sit inside
    their parent."""

    def check(rec: Recommendation, parent: Tag | None) -> None:
        el = soup.find(id=rec.id)
        assert isinstance(el, Tag), f"no element with id {rec.id}"
        if parent is not None:
            assert parent in el.parents, f"{rec.id} is not nested under its parent"
        row = el.find(class_="gp-rec__text")
        assert row is not None, rec.id
        shown = _text(row)
        for part in (rec.condition, rec.text):
            if part:
                assert plain(part) in shown, f"{rec.id}: {plain(part)!r} not in {shown!r}"
        badges = {b["data-scheme"]: b for b in el.find(class_="gp-rec__row").find_all(class_="gp-grade")}
        assert set(badges) == set(rec.grade_map), rec.id
        for scheme_id, code in rec.grade_map.items():
            scheme = g.scheme(scheme_id)
            assert scheme is not None
            badge = badges[scheme_id]
            assert _text(badge.find(class_="gp-grade__code")) == code
            # The label and the code, once each: nothing else for a reader or the search to repeat.
            assert _text(badge) == f"{scheme.label} {code}"
            info = scheme.get(code)
            assert info is not None
            assert f"gp-tone-{info.tone or 'none'}" in badge["class"]
            assert badge["aria-label"] == f"{scheme.label} {code}: {info.spoken}"
            described = soup.find(id=badge["aria-describedby"])
            assert described is not None and info.meaning in _text(described)
        for child in rec.children:
            check(child, el)

    for section in chapter.sections:
        assert soup.find(id=section.id) is not None, section.id
        for rec in section.recommendations:
            check(rec, None)


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


def _group_items(soup: Any, chapter: Any, section: Any, group: Any) -> list[Any]:
    """The list items of a printed reference group (anchor ``<section>-refs-<n>`` or ``references-<n>``)."""
    i = (section.references if section else chapter.references).index(group) + 1
    anchor = f"{section.id}-refs-{i}" if section else f"references-{i}"
    items = soup.find(id=anchor).select("ol.gp-reflist > li")
    assert len(items) == len(group.keys)
    return items


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


def _ref_id(key: str) -> str:
    return "ref-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


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
            anchor = (
                place.recommendation.id
                if place.recommendation
                else place.section.id
                if place.section
                else "chapter-references"
            )
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


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


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


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        soup = _soup(page)
        cache[page] = {el["id"] for el in soup.find_all(id=True)} | {
            el["name"] for el in soup.find_all(attrs={"name": True})
        }
    return cache[page]


_SETTINGS, _ = load_settings(ROOT)
PUBLISHED_PATH = urlsplit((_SETTINGS and _SETTINGS.site_url) or "/").path


def test_every_internal_link_resolves(site: Path) -> None:
    assert _broken_links(site) == []


def _broken_links(site: Path) -> list[str]:
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in _html_files(site):
        for el in _soup(page).find_all(["a", "link", "script", "img"]):
            url = el.get("href") or el.get("src")
            if not url or urlsplit(url).scheme or url.startswith("//"):
                continue
            parts = urlsplit(url)
            target = page
            if parts.path:
                # 404.html is served for any missing path, so MkDocs links
                # it from the site root ("/assets/..."); all else is relative.
                base = site if parts.path.startswith("/") else page.parent
                path = parts.path
                if path.startswith(PUBLISHED_PATH):  # 404.html links from the published root
                    path = path[len(PUBLISHED_PATH) - 1 :]
                target = (base / unquote(path).lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target, ids):
                broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    return broken


def test_source_files_are_not_published(site: Path) -> None:
    assert [p for p in site.rglob("*") if p.suffix in (".yml", ".yaml", ".bib", ".j2")] == []


# --- the build: atomic, deterministic, also through plain mkdocs ---


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(project: Path, site: Path) -> None:
    again = project / "again"
    assert _build(project, again) == 0
    assert _snapshot(again) == _snapshot(site)
    assert (again / "sitemap.xml.gz").is_file() and (again / "search" / "search_index.json").is_file()


def test_broken_yaml_leaves_site_untouched_and_exits_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _build(project, project / "site") == 0
    before = _snapshot(project / "site")
    chapter = project / "source" / "chapters" / "sites-of-metastases.yml"
    chapter.write_text(chapter.read_text("utf-8") + "\nsections: [oops\n", "utf-8")
    capsys.readouterr()
    assert _build(project, project / "site") == 1
    err = capsys.readouterr().err
    assert re.search(r"source/chapters/sites-of-metastases\.yml:\d+:\d+: error GP\d{3} ", err), err
    assert _snapshot(project / "site") == before


def test_failure_during_site_build_leaves_site_untouched(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _build(project, project / "site") == 0
    before = _snapshot(project / "site")
    template = project / "templates" / "site" / "pages" / "glossary.md.j2"
    template.write_text(template.read_text("utf-8") + "{% if %}\n", "utf-8")
    assert _build(project, project / "site") == 1
    assert "glossary.md.j2" in capsys.readouterr().err
    assert _snapshot(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs`` in ``project``, published at a real address (the default's is a placeholder, GP116)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "GUIDEPRESS_SITE_URL": PUBLISHED_URL}
    return subprocess.run(
        [str(VENV_BIN / "mkdocs"), *args], cwd=project, env=env, capture_output=True, text=True, check=False
    )


def test_plain_mkdocs_build_strict_works_through_the_plugin(project: Path, guideline: Guideline) -> None:
    proc = _mkdocs(project, "build", "--strict", "-d", "plain-site")
    assert proc.returncode == 0, proc.stderr
    soup = _soup(project / "plain-site" / guideline.chapters[0].id / "index.html")
    assert_statements(soup, guideline, guideline.chapters[0])
    assert (project / "plain-site" / "export" / "guideline.json").is_file()


def test_plain_mkdocs_build_reports_source_errors_as_path_line_col(project: Path) -> None:
    chapter = project / "source" / "chapters" / "sites-of-metastases.yml"
    chapter.write_text(chapter.read_text("utf-8").replace('ago: "++"', 'ago: "+++"', 1), "utf-8")
    proc = _mkdocs(project, "build", "--strict", "-d", "plain-site")
    assert proc.returncode == 1
    assert re.search(r"source/chapters/sites-of-metastases\.yml:\d+:\d+: error GP201 ", proc.stderr), proc.stderr


def test_zensical_renders_every_statement_and_grade(project: Path, guideline: Guideline) -> None:
    out = project / "zsite"
    assert _build(project, out, "--engine", "zensical") == 0
    for chapter in guideline.chapters:
        assert_statements(_soup(_chapter_html(out, chapter)), guideline, chapter)
    assert (out / "export" / "guideline.json").is_file()


# --- the page generator and its escaping ---


def test_pages_are_plain_markdown_from_the_model(guideline: Guideline, project: Path) -> None:
    pages = site_pages(guideline, project)
    assert set(pages) == {"index.md", "grades.md", "references.md", "glossary.md", "editors.md"} | {
        f"{c.id}.md" for c in guideline.chapters
    }
    assert all(isinstance(v, str) for v in pages.values())
    nav_paths = re.findall(r"'([\w/-]+\.md)'", repr(site_nav(guideline, messages_for_source())))
    assert sorted(nav_paths) == sorted(pages)


@pytest.mark.parametrize(
    "text",
    [
        "a_b_c and [x](javascript:alert(1)) #not-a-heading",
        "<script>alert(1)</script> & &amp; `code` {: .cls} | pipe",
        "- not a list",
        "1. not a list",
        "* not a list",
        "+/- stays",
        "*HER2*-positive, H~2~O, x^2^",
        "5 * 3 * 2",
        "ECOG 2108 *1,2 and 5 * 3",
        "  folded\n  title\n",
    ],
)
def test_md_escapes_everything_but_emphasis_sub_sup(text: str) -> None:
    html = markdown.markdown(str(md(text)), extensions=["tables", "attr_list", "pymdownx.tilde", "pymdownx.caret"])
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["a", "script", "code", "ul", "ol", "h1", "h2", "table"])
    assert _text(soup) == plain(text)


def test_sanitizer_is_a_second_wall() -> None:
    out = sanitize_page_html(
        '<p onclick="x">a<script>alert(1)</script><a href="javascript:alert(1)">b</a>'
        '<button type="button" aria-describedby="d" data-tip="t">c</button></p>'
    )
    assert "script" not in out and "onclick" not in out and "javascript:" not in out
    assert 'aria-describedby="d"' in out and 'data-tip="t"' in out


def test_serve_watches_source_bib_and_templates(project: Path) -> None:
    from mkdocs.config import load_config

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    config = load_config(config_file=str(project / "mkdocs.yml"))
    plugin = config.plugins["guidepress"]
    plugin.on_config(config)
    server = Server()
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert {Path(p).name for p in server.watched} == {"source", "bib", "templates"}
    assert all(Path(p).resolve().is_relative_to(project.resolve()) for p in server.watched)


# --- a bibliography too large for one page: an index at references/ and part pages ---

SPLIT_PER_PAGE = 15  # works a references page may list in the split tests


def _generator():
    path = ROOT / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate_for_site_tests", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _generated(root: Path, references: int) -> Path:
    gen = _generator()
    gen.generate(root, gen.Scale("split", chapters=3, recommendations=40, references=references), seed=7)
    return root


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Guideline]:
    """A generated guideline of 150 works (15 initials, 5 to 20 works each),
    built with at most SPLIT_PER_PAGE works a references page: (site, model).
    The build gates on the round trip, so it also finds every work on its part."""
    root = _generated(tmp_path_factory.mktemp("split-project") / "project", 150)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(layout_module, "REFERENCES_PER_PAGE", SPLIT_PER_PAGE)
        assert _build(root, root / "site") == 0
    g = check(root).guideline
    assert g is not None and len(g.references) == 150
    return root / "site", g


def _target(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment an <a href> of ``page`` leads to."""
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def _index_rows(site: Path) -> list[dict]:
    """The part table of references/: one dict per row."""
    index = site / "references" / "index.html"
    table = _soup(index).find("article").find("table")
    assert table is not None, "references/ has no table of parts"
    header = [_text(th) for th in table.select("thead th")]
    assert header == ["Part", "Works", "Numbers", "First work", "Last work"]
    rows = []
    for tr in table.select("tbody tr"):
        cells = tr.find_all("td")
        links = [_target(site, index, a["href"]) for a in tr.find_all("a")]
        numbers = re.fullmatch(r"([\d,]+)–([\d,]+)", _text(cells[2]))
        assert numbers, _text(cells[2])
        rows.append(
            {
                "label": _text(cells[0]),
                "page": links[0][0],
                "count": int(_text(cells[1]).replace(",", "")),
                "from": int(numbers[1].replace(",", "")),
                "to": int(numbers[2].replace(",", "")),
                "first": links[1],
                "last": links[2],
            }
        )
    return rows


def _works_on(page: Path) -> list:
    lists = _soup(page).select("article ol.gp-works")
    assert len(lists) == 1, page
    return lists[0].find_all("li", recursive=False)


def test_split_index_lists_every_part_with_its_count(split: tuple[Path, Guideline]) -> None:
    site, g = split
    rows = _index_rows(site)
    parts = sorted(p / "index.html" for p in (site / "references").iterdir() if p.is_dir())
    assert sorted(r["page"] for r in rows) == parts and len(parts) > 1
    assert not _soup(site / "references" / "index.html").select("ol.gp-works")  # an index, no works
    number = 1
    for row in rows:
        items = _works_on(row["page"])
        assert len(items) == row["count"] and 0 < row["count"] <= SPLIT_PER_PAGE, row
        assert (row["from"], row["to"]) == (number, number + row["count"] - 1), row
        start = _soup(row["page"]).select_one("article ol.gp-works").get("start", "1")
        assert int(start) == row["from"], row
        assert row["first"] == (row["page"], items[0]["id"]) and row["last"] == (row["page"], items[-1]["id"])
        assert f"References: {row['label']}" == _text(_soup(row["page"]).find("h1")).rstrip("¶").strip()
        number += row["count"]
    assert number - 1 == sum(r["count"] for r in rows) == len(g.references)
    text = _text(_soup(site / "references" / "index.html").find("article"))
    assert f"{len(g.references)} works" in text and f"{len(rows)} parts" in text


def test_split_lists_every_work_on_exactly_one_part(split: tuple[Path, Guideline]) -> None:
    site, g = split
    seen: Counter[str] = Counter()
    texts: dict[str, str] = {}
    for row in _index_rows(site):
        for li in _works_on(row["page"]):
            seen[li["id"]] += 1
            texts[li["id"]] = _text(li)
    assert seen == Counter(_ref_id(r.key) for r in g.references)
    index = cited_by(g)
    for ref in g.references:
        assert plain(ref.get("title")) in texts[_ref_id(ref.key)], ref.key
        assert bool(index[ref.key]) == ("Cited in:" in texts[_ref_id(ref.key)]), ref.key


def test_split_parts_group_initials_merge_small_ones_and_cut_large_ones(split: tuple[Path, Guideline]) -> None:
    site, g = split
    initials = Counter(r.key[0] for r in g.references)
    assert max(initials.values()) > SPLIT_PER_PAGE and min(initials.values()) < SPLIT_PER_PAGE / 2  # the data
    on_page: dict[Path, set[str]] = {}
    for row in _index_rows(site):
        on_page[row["page"]] = {li["id"][len("ref-")] for li in _works_on(row["page"])}
    pages_of = {c: [p for p, cs in on_page.items() if c in cs] for c in initials}
    for c, n in initials.items():
        # An initial fits on one part when it can, and is cut into as few parts as it must.
        assert len(pages_of[c]) == -(-n // SPLIT_PER_PAGE), (c, n, pages_of[c])
    assert any(len(cs) > 1 for cs in on_page.values()), "no small initials were merged"
    assert all(p.parent.parent == site / "references" and re.fullmatch(r"[a-z0-9-]+", p.parent.name) for p in on_page)


def test_split_cited_in_links_go_to_the_part_that_holds_the_work(split: tuple[Path, Guideline]) -> None:
    site, g = split
    checked = 0
    for chapter in g.chapters:
        page = _chapter_html(site, chapter)
        soup = _soup(page)
        for section, group in chapter.reference_groups():
            items = _group_items(soup, chapter, section, group)
            for li, key in zip(items, group.keys, strict=True):
                target, fragment = _target(site, page, li.select_one("a.gp-citedby-link")["href"])
                assert fragment == _ref_id(key) and target.parent.parent == site / "references", (key, target)
                work = _soup(target).find(id=fragment)
                assert work is not None and work.name == "li" and "gp-works" in work.parent["class"], key
                assert plain(g.reference(key).get("title")) in _text(work)
                checked += 1
    assert checked == sum(len(grp.keys) for c in g.chapters for _, grp in c.reference_groups())


def test_split_parts_link_back_to_every_place_citing_a_work(split: tuple[Path, Guideline]) -> None:
    site, g = split
    index = cited_by(g)
    for row in _index_rows(site):
        for li in _works_on(row["page"]):
            key = next(r.key for r in g.references if _ref_id(r.key) == li["id"])
            targets = {_target(site, row["page"], a["href"]) for a in li.select(".gp-citedby a")}
            for place in index[key]:
                anchor = (
                    place.recommendation.id
                    if place.recommendation
                    else place.section.id
                    if place.section
                    else "chapter-references"
                )
                assert (_chapter_html(site, place.chapter).resolve(), anchor) in targets, (key, anchor)


def test_split_site_has_no_broken_link(split: tuple[Path, Guideline]) -> None:
    site, _ = split
    assert _broken_links(site) == []


def test_split_nav_lists_the_index_and_every_part(split: tuple[Path, Guideline]) -> None:
    site, g = split
    rows = _index_rows(site)
    nav = _soup(site / "grades" / "index.html").select("nav.md-nav--primary a.md-nav__link")
    shown = [(_text(a), _target(site, site / "grades" / "index.html", a["href"])[0]) for a in nav if a.get("href")]
    expected = [("All references", site / "references" / "index.html")] + [(r["label"], r["page"]) for r in rows]
    at = shown.index(expected[0])
    assert shown[at : at + len(expected)] == expected


def test_split_round_trip_finds_each_work_on_its_part(
    split: tuple[Path, Guideline], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, g = split
    monkeypatch.setattr(layout_module, "REFERENCES_PER_PAGE", SPLIT_PER_PAGE)
    assert missing_in_html(g, site) == []
    copy = Path(shutil.copytree(site, tmp_path / "site"))
    rows = _index_rows(copy)
    # One work dropped from a part: named; a whole part gone: the page is named.
    victim = g.references[0]
    page = next(r["page"] for r in rows if _ref_id(victim.key) in {li["id"] for li in _works_on(r["page"])})
    page.write_text(
        re.sub(rf'<li id="{_ref_id(victim.key)}".*?</li>', "", page.read_text("utf-8"), flags=re.S), "utf-8"
    )
    gone = rows[-1]["page"]
    shutil.rmtree(gone.parent)
    lost = missing_in_html(g, copy)
    assert any(f"reference {victim.key!r}" in m for m in lost), lost
    assert f"site: page references/{gone.parent.name}/index.html not found" in lost
    assert all(m.startswith((f"reference {victim.key!r}", "site: page references/")) for m in lost), lost


def test_plain_mkdocs_build_strict_of_a_split_bibliography(tmp_path: Path) -> None:
    """At the default bound: 900 works make an index and parts; `mkdocs build
    --strict` (the plugin in another process) publishes them with no warning."""
    root = _generated(tmp_path / "project", 900)
    proc = _mkdocs(root, "build", "--strict", "-d", "plain-site")
    assert proc.returncode == 0, proc.stderr
    site = root / "plain-site"
    rows = _index_rows(site)
    assert len(rows) > 1 and sum(r["count"] for r in rows) == 900
    assert all(r["count"] <= layout_module.REFERENCES_PER_PAGE for r in rows)
    assert _broken_links(site) == []


# --- the layout of a split bibliography, on made-up keys ---


def _with_keys(g: Guideline, keys: list[str]) -> Guideline:
    refs = sorted((Reference(k, "article", (("title", f"Title of {k}"),)) for k in keys), key=lambda r: r.key)
    return dataclasses.replace(g, references=tuple(refs))


def test_reference_layout_on_awkward_keys(guideline: Guideline) -> None:
    keys = (
        [f"a{i:03d}" for i in range(30)]
        + ["b1", "b2", "b3", "C1", "c2", "c3", "d1", "d2"]
        + [f"k{i:03d}" for i in range(70)]
        + ["Smith2000", "smith1999", "z1", "1990who", "_odd", "élan2001"]
    )
    g = _with_keys(guideline, keys)
    layout = reference_layout(g, 20)
    assert layout == reference_layout(g, 20)  # stable
    listed = [r.key for p in layout.parts for r in p.refs]
    assert sorted(listed) == sorted(keys) and len(listed) == len(set(listed))
    assert all(1 <= len(p.refs) <= 20 for p in layout.parts)
    assert [p.start for p in layout.parts] == [
        1 + sum(len(q.refs) for q in layout.parts[:i]) for i in range(len(layout.parts))
    ]
    pages = [p.page for p in layout.parts]
    assert len(set(pages)) == len(pages)
    assert all(re.fullmatch(r"references/[a-z0-9-]+\.md", p) for p in pages)
    assert all(layout.page(r.key) == p.page for p in layout.parts for r in p.refs)
    by_key = {k: layout.page(k) for k in keys}
    assert by_key["1990who"] == pages[0]  # digits first
    assert by_key["_odd"] == by_key["élan2001"] == pages[-1]  # anything else last
    assert by_key["Smith2000"] == by_key["smith1999"]  # initials ignore case
    assert by_key["C1"] == by_key["c2"] == by_key["b1"] == by_key["d1"]  # small initials merged
    assert [p.label for p in layout.parts if p.page.startswith("references/k")] == ["K 1", "K 2", "K 3", "K 4"]
    sizes = [len(p.refs) for p in layout.parts if p.page.startswith("references/k")]
    assert sum(sizes) == 70 and max(sizes) - min(sizes) <= 1  # cut as evenly as can be
    assert {p.page for p in layout.parts if any(r.key.startswith("a") for r in p.refs)} == {
        "references/a-1.md",
        "references/a-2.md",
    }
    # No part folder can shadow a top-level page: they all live under references/.
    assert "references" in RESERVED
    # At or under the bound: one page, and every work on it.
    single = reference_layout(g, len(keys))
    assert single.parts == () and single.page("k001") == "references.md"


def test_split_nav_and_pages_agree(guideline: Guideline, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout_module, "REFERENCES_PER_PAGE", 20)
    pages = site_pages(guideline, project)
    nav_paths = re.findall(r"'([\w/-]+\.md)'", repr(site_nav(guideline, messages_for_source())))
    assert sorted(nav_paths) == sorted(pages)
    parts = [p for p in pages if p.startswith("references/")]
    assert len(parts) > 1 and "references.md" in pages
