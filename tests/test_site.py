"""The web site: generated pages, the build, atomicity, determinism, engines.

Expected values come from walking the model, never from the templates: the
built HTML is parsed with BeautifulSoup and compared with what the guideline
says.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from conftest import ROOT, copy_project
from guidepress.project_config import site_url
from guidepress.cli import main
from guidepress.model import Chapter, Guideline, Recommendation
from guidepress.render.citations import cited_by
from guidepress.render.mdtext import md, plain
from guidepress.render.pages import site_nav, site_pages
from guidepress.render.sanitize import sanitize_page_html

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
            assert _text(badge.find(class_="gp-grade__label")) == scheme.label
            info = scheme.get(code)
            assert info is not None
            assert f"gp-tone-{info.tone or 'none'}" in badge["class"]
            assert _text(badge.find(class_="gp-sr")) == f"{scheme.label}: {info.spoken}"
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


def test_reference_groups_are_numbered_lists_in_printed_order(site: Path, guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        soup = _soup(_chapter_html(site, chapter))
        for section, group in chapter.reference_groups():
            i = (section.references if section else chapter.references).index(group) + 1
            anchor = f"{section.id}-refs-{i}" if section else f"references-{i}"
            items = soup.find(id=anchor).select("ol.gp-reflist > li")
            assert len(items) == len(group.keys)
            for li, key in zip(items, group.keys):
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
                assert "not in this repository" in _text(item)


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
        li = soup.find(id="ref-" + re.sub(r"[^a-z0-9]+", "-", ref.key.lower()).strip("-"))
        assert li is not None, ref.key
        hrefs = {a["href"] for a in li.select(".gp-citedby a")}
        for place in index[ref.key]:
            anchor = (place.recommendation.id if place.recommendation
                      else place.section.id if place.section else "chapter-references")
            assert f"../{place.chapter.id}/#{anchor}" in hrefs, (ref.key, anchor)


def test_abbreviations_are_explained_where_they_occur(site: Path, guideline: Guideline) -> None:
    for chapter in guideline.chapters:
        soup = _soup(_chapter_html(site, chapter))
        shown = {_text(a): a["title"] for a in soup.find_all("abbr")}
        for entry in chapter.glossary:
            if re.search(rf"\b{re.escape(entry.term)}\b", " ".join(r.text or "" for r in chapter.all_recommendations())):
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
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src"), ("object", "data")):
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
        cache[page] = {el["id"] for el in soup.find_all(id=True)} | {el["name"] for el in soup.find_all(attrs={"name": True})}
    return cache[page]


PUBLISHED_PATH = urlsplit(site_url(ROOT) or "/").path


def test_every_internal_link_resolves(site: Path) -> None:
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
                    path = path[len(PUBLISHED_PATH) - 1:]
                target = (base / unquote(path).lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target, ids):
                broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    assert broken == []


def test_source_files_are_not_published(site: Path) -> None:
    assert [p for p in site.rglob("*") if p.suffix in (".yml", ".yaml", ".bib", ".j2")] == []


# --- the build: atomic, deterministic, also through plain mkdocs ---

def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


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
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(VENV_BIN / "mkdocs"), *args], cwd=project, env=env,
                          capture_output=True, text=True, check=False)


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
    assert set(pages) == {"index.md", "grades.md", "references.md", "glossary.md"} | {
        f"{c.id}.md" for c in guideline.chapters}
    assert all(isinstance(v, str) for v in pages.values())
    nav_paths = re.findall(r"'([\w/-]+\.md)'", repr(site_nav(guideline)))
    assert sorted(nav_paths) == sorted(pages)


@pytest.mark.parametrize("text", [
    "a_b_c and [x](javascript:alert(1)) #not-a-heading",
    "<script>alert(1)</script> & &amp; `code` {: .cls} | pipe",
    "- not a list", "1. not a list", "* not a list", "+/- stays",
    "*HER2*-positive, H~2~O, x^2^",
])
def test_md_escapes_everything_but_emphasis_sub_sup(text: str) -> None:
    html = markdown.markdown(str(md(text)), extensions=["tables", "attr_list", "pymdownx.tilde", "pymdownx.caret"])
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["a", "script", "code", "ul", "ol", "h1", "h2", "table"])
    assert _text(soup) == plain(text)


def test_sanitizer_is_a_second_wall() -> None:
    out = sanitize_page_html('<p onclick="x">a<script>alert(1)</script><a href="javascript:alert(1)">b</a>'
                             '<button type="button" aria-describedby="d" data-tip="t">c</button></p>')
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
