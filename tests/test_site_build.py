"""The web site's build: atomic, also through plain mkdocs and Zensical; the page generator and its
escaping; serve's watched folders.

Expected values come from walking the model, never from the templates.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from built_site import _build, _chapter_html, _mkdocs, _snapshot, _soup, _text, assert_statements

from guidepress.messages import messages_for_source
from guidepress.model import Guideline
from guidepress.render.mdtext import md
from guidepress.render.pages import site_nav, site_pages
from guidepress.render.sanitize import sanitize_page_html
from guidepress.text import plain

# --- the build: atomic, also through plain mkdocs ---


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


def test_plain_mkdocs_build_strict_works_through_the_plugin(project: Path, guideline: Guideline) -> None:
    proc = _mkdocs(project, "build", "--strict", "-d", "plain-site")
    assert proc.returncode == 0, proc.stderr
    soup = _soup(project / "plain-site" / guideline.chapters[0].id / "index.html")
    assert_statements(soup, guideline, guideline.chapters[0])
    assert (project / "plain-site" / "export" / "guideline.json").is_file()


def test_plain_mkdocs_build_keeps_every_cache_entry_it_uses_however_old(project: Path) -> None:
    """The plugin's cards and formatted references share one cache, evicted once both have used it."""
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:  # the plugin's options, over the defaults
        config.write("plugins:\n  guidepress:\n    cards: true\n")
    assert _mkdocs(project, "build", "-d", "plain-site").returncode == 0
    assert (project / "plain-site" / "cards").is_dir()
    month_ago = time.time() - 40 * 86400
    entries = sorted((project / ".cache" / "guidepress").glob("v*/??/*"))
    for path in entries:
        os.utime(path, (month_ago, month_ago))
    before = {path: path.stat().st_ino for path in entries}
    assert _mkdocs(project, "build", "-d", "plain-site").returncode == 0
    # Each one read again, none evicted and made afresh (a new file).
    assert {path: path.stat().st_ino for path in entries if path.exists()} == before


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
