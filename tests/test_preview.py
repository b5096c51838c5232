"""The live preview: rebuilds after an edit render only what changed, and
what they leave in the output folder is what a whole build would write.

The builds are the ones ``mkdocs serve`` runs (guidepress.preview.Session:
configuration loaded afresh, plugins with on_startup kept); the last test
runs ``guidepress serve`` itself and edits the source under it. Timings are
the benchmark's business (benchmarks/run.py, stage ``preview_edit``).
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort
from shared import file_stats as stats

from guidepress.load.memo import FileMemo
from guidepress.phases import check
from guidepress.preview import Session

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
EPOCH = "1700000000"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate_preview", BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _generator()
SMALL = generate.Scale("preview", chapters=3, recommendations=45, references=60)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = tmp_path / "project"
    generate.generate(project, SMALL, seed=11)
    return project


def chapter_files(root: Path) -> list[Path]:
    return sorted((root / "source" / "chapters").glob("*.yml"))


def edit_first(path: Path, pattern: str, change) -> str:
    """Apply ``change`` to the first match of ``pattern`` in ``path``; the new text."""
    text = path.read_text(encoding="utf-8")
    m = re.search(pattern, text, re.M)
    assert m, pattern
    new = change(m.group(1))
    path.write_text(text[: m.start(1)] + new + text[m.end(1) :], encoding="utf-8")
    return new


def contents(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_whole_build(root: Path, site: Path, tmp: Path) -> None:
    """The preview's folder holds exactly what a whole serve build writes,
    search index included (merged from the rebuilt pages' entries)."""
    whole = tmp / f"whole-{time.monotonic_ns()}"
    Session(root / "mkdocs.yml", whole, dirty=False).build()
    got, want = contents(site), contents(whole)
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []


def page(site: Path, chapter: Path) -> str:
    return (site / chapter.stem / "index.html").read_text(encoding="utf-8")


def _recommendation(root: Path, cites: bool) -> tuple[Path, str]:
    """(chapter file, id) of a recommendation with a text that cites works (or none)."""
    g = check(root).guideline
    for chapter in g.chapters:
        for rec in chapter.all_recommendations():
            if rec.text and bool(rec.refs) == cites:
                return root / chapter.file, rec.id
    raise AssertionError("no such recommendation")


def edit_recommendation(path: Path, rec_id: str, suffix: str) -> str:
    """Append ``suffix`` to the text of recommendation ``rec_id``; its new text."""
    return edit_first(path, r"id: " + re.escape(rec_id) + r"\n(?:.*\n)*?\s+text: (.+)$", lambda old: old + suffix)


def html_pages(paths: set[str]) -> set[str]:
    return {p for p in paths if p.endswith(".html") and p != "404.html"}


@pytest.mark.parametrize("cites", [False, True], ids=["uncited", "citing"])
def test_editing_one_recommendation_rewrites_only_the_pages_that_print_it(
    root: Path, tmp_path: Path, cites: bool
) -> None:
    site = tmp_path / "preview"
    session = Session(root / "mkdocs.yml", site)
    session.build()
    before = stats(site)
    target, rec = _recommendation(root, cites)
    new = edit_recommendation(target, rec, " (edited in preview)")
    session.build()
    after = stats(site)
    rewritten = html_pages({p for p in after if after[p] != before.get(p)})
    # Its chapter page; a citing recommendation is also printed under "Cited in" on the references page.
    assert rewritten == {f"{target.stem}/index.html"} | ({"references/index.html"} if cites else set())
    assert new in BeautifulSoup(page(site, target), "html.parser").get_text()
    if cites:
        html = (site / "references" / "index.html").read_text(encoding="utf-8")
        assert new in " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    # The export and the search index carry the edit too.
    assert "(edited in preview)" in (site / "export" / "guideline.json").read_text(encoding="utf-8")
    assert "(edited in preview)" in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert_same_as_whole_build(root, site, tmp_path)


def test_nothing_changed_rewrites_no_page(root: Path, tmp_path: Path) -> None:
    site = tmp_path / "preview"
    session = Session(root / "mkdocs.yml", site)
    session.build()
    before = stats(site)
    session.build()
    after = stats(site)
    assert html_pages({p for p in after if after[p] != before[p]}) == set()
    assert_same_as_whole_build(root, site, tmp_path)


@pytest.mark.parametrize("dirty", [True, False], ids=["guidepress-serve", "mkdocs-serve"])
@pytest.mark.parametrize("edit", ["chapter title", "bib entry", "page template", "new chapter", "glossary term"])
def test_edits_beyond_one_page_give_what_a_whole_build_gives(
    root: Path, tmp_path: Path, edit: str, dirty: bool
) -> None:
    """Dirty builds (guidepress serve) and whole ones (mkdocs serve, where
    pages whose Markdown is unchanged take their HTML from the cache)."""
    site = tmp_path / "preview"
    session = Session(root / "mkdocs.yml", site, dirty=dirty)
    session.build()
    first = chapter_files(root)[0]
    if edit == "chapter title":  # every page's navigation shows it
        marker = edit_first(first, r"^title: (.+)$", lambda old: old + " Renamed")
    elif edit == "bib entry":  # the references page and every page citing the work
        bib = sorted((root / "bib").glob("*.bib"))[0]
        marker = edit_first(bib, r"^\s+title = \{(.+)\},$", lambda old: old + " Retitled")
    elif edit == "page template":
        template = root / "templates" / "site" / "pages" / "chapter.md.j2"
        template.write_text(template.read_text(encoding="utf-8") + "\nPreview footer line.\n", encoding="utf-8")
        marker = "Preview footer line."
    elif edit == "glossary term":  # every page carries the guideline's abbreviations
        marker = edit_first(first, r"^\s+expansion: (.+)$", lambda old: old + " (glossary edit)")
    else:  # a new chapter: a new page, and every page's navigation lists it
        text = first.read_text(encoding="utf-8")
        copy = root / "source" / "chapters" / "zz-copied.yml"
        # Ids are unique across the guideline; the generator prefixes them with the chapter's.
        copy.write_text(text.replace(first.stem, "zz-copied").replace("title: ", "title: Copied ", 1), encoding="utf-8")
        guideline = root / "source" / "guideline.yml"
        gtext = guideline.read_text(encoding="utf-8")
        guideline.write_text(
            re.sub(r"^chapters: \[(.+)\]$", r"chapters: [\1, zz-copied]", gtext, flags=re.M)
            if re.search(r"^chapters: \[", gtext, re.M)
            else gtext.rstrip("\n") + "\n  - zz-copied\n",
            encoding="utf-8",
        )
        marker = "Copied "
    session.build()
    assert marker in contents(site)[f"{first.stem}/index.html"].decode("utf-8") or edit == "bib entry"
    if not dirty and edit == "bib entry":
        # Pages whose Markdown did not change (the grading page) were not converted again.
        assert _plugin(session).preview.html.hits > 0
    assert_same_as_whole_build(root, site, tmp_path)


def _plugin(session: Session):
    """The guidepress plugin instance MkDocs keeps for the session's builds
    (for the whole process: the next Session's start replaces its Preview)."""
    config = session._config()
    return config.plugins["guidepress"]


def test_page_cache_renders_only_pages_whose_context_changed(root: Path) -> None:
    from guidepress.cache import PageCache
    from guidepress.render.addresses import chapter_page
    from guidepress.render.pages import site_pages

    cache, memo = PageCache(), FileMemo()
    g = check(root, memo).guideline
    first = site_pages(g, root, {}, cache)
    assert (cache.hits, cache.misses) == (0, len(first))
    target, rec = _recommendation(root, cites=False)
    edit_recommendation(target, rec, " (cache test)")
    g = check(root, memo).guideline
    second = site_pages(g, root, {}, cache)
    assert second == site_pages(g, root, {})  # the same Markdown as without a cache
    rendered = {p for p in second if second[p] != first[p]}
    assert rendered == {f"{target.stem}.md"}
    # Rendered again: the edited chapter's page, and the pages that show the whole
    # guideline (home: chapter list; glossary: every chapter); the others come from the cache.
    others = [chapter_page(c) for c in g.chapters if c.id != target.stem]
    assert cache.misses == len(first) + 3 and cache.hits == len(first) - 3
    assert others and all(second[p] is first[p] for p in others)


def test_a_source_error_keeps_the_last_good_preview(root: Path, tmp_path: Path) -> None:
    site = tmp_path / "preview"
    session = Session(root / "mkdocs.yml", site)
    session.build()
    good = contents(site)
    target = chapter_files(root)[2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\nsections: [oops\n", encoding="utf-8")
    with pytest.raises(Abort):  # mkdocs stops the build on an error diagnostic
        session.build()
    assert contents(site) == good
    target.write_text(text.replace("text: ", "text: Fixed ", 1), encoding="utf-8")
    session.build()
    assert "Fixed " in page(site, target)
    assert_same_as_whole_build(root, site, tmp_path)


def test_memo_gives_what_a_fresh_load_gives(root: Path) -> None:
    memo = FileMemo()
    first, bib = chapter_files(root)[0], sorted((root / "bib").glob("*.bib"))[0]
    grade = r"\bago: (\"[^\"]*\"|[^,}\s]+)"
    original = re.search(grade, first.read_text(encoding="utf-8")).group(1)
    edits = [
        lambda: None,
        lambda: edit_first(first, r"^\s+text: (.+)$", lambda old: old + " again"),
        lambda: edit_first(bib, r"^\s+title = \{(.+)\},$", lambda old: old + " B"),
        lambda: edit_first(first, grade, lambda old: '"+++"'),  # not an AGO grade: an error
        lambda: edit_first(first, grade, lambda old: original),  # mended
        lambda: edit_first(
            root / "source" / "grading" / "ago.yml", r"^\s+meaning: (.+)$", lambda old: old + " (edited)"
        ),
    ]
    for step, edit in enumerate(edits):
        edit()
        fresh, memoised = check(root), check(root, memo)
        assert memoised.diagnostics == fresh.diagnostics, step
        assert memoised.guideline == fresh.guideline, step
        assert any(d.code == "GP201" for d in fresh.diagnostics) == (step == 3), step
    assert memo.hits > 0


# --- guidepress serve itself ---


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _fetch(url: str, timeout: float = 5) -> tuple[int, str] | None:
    """(status, body) of ``url``, error statuses included; None when nothing answers in ``timeout``."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(predicate, timeout: float = 90.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_guidepress_serve_shows_an_edit_and_reports_a_source_error(root: Path, tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    target = chapter_files(root)[1]
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "guidepress", "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        # Served under site_url's path (mkdocs.yml), as MkDocs does.
        assert _wait_for(lambda: "Serving on http" in log.read_text()), log.read_text()
        base = re.search(r"Serving on (http://\S+/)", log.read_text()).group(1)
        assert base.startswith(f"http://127.0.0.1:{port}/")
        url = f"{base}{target.stem}/"
        assert _wait_for(lambda: _get(url) is not None), log.read_text()
        new = edit_first(target, r"^\s+text: (.+)$", lambda old: old + " (served edit)")
        assert _wait_for(lambda: new in BeautifulSoup(_get(url) or "", "html.parser").get_text()), log.read_text()
        text = target.read_text(encoding="utf-8")
        target.write_text(text + "\nsections: [oops\n", encoding="utf-8")
        shown = f"source/chapters/{target.name}:"
        assert _wait_for(lambda: shown in log.read_text()), log.read_text()
        # While the source is broken every page is the error page, naming the problem.
        assert _wait_for(lambda: shown in ((_fetch(url) or (0, ""))[1])), log.read_text()
        target.write_text(text.replace(new, new + " and mended"), encoding="utf-8")
        assert _wait_for(lambda: "and mended" in (_get(url) or "")), log.read_text()
        transcript = log.read_text()
        assert "Traceback" not in transcript
        assert "'dirty' build" not in transcript
        assert re.search(r"rebuilding " + re.escape(target.stem) + r"\.md", transcript), transcript
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _serve(root: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """``guidepress serve`` on a free port, and the address it serves on, once it does."""
    port = _free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "guidepress", "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    assert _wait_for(lambda: "Serving on http" in log.read_text()), log.read_text()
    return proc, re.search(r"Serving on (http://\S+/)", log.read_text()).group(1)


def test_guidepress_serve_answers_with_the_error_page_while_the_source_is_broken(root: Path, tmp_path: Path) -> None:
    """Started on a broken source, the preview answers every page at once
    with the problems (file:line:col, code, message) and the live-reload
    script, and serves the site once the source is mended."""
    log = tmp_path / "serve.log"
    target = chapter_files(root)[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\nsections: [oops\n", encoding="utf-8")
    proc, base = _serve(root, log)
    try:
        for path in ("", f"{target.stem}/", "no-such-page/"):
            started = time.monotonic()
            answer = _fetch(base + path, timeout=30)
            assert answer is not None, log.read_text()
            status, body = answer
            # Not timed strictly (a loaded machine); MkDocs' own serve never answers at all.
            assert time.monotonic() - started < 30
            assert status == 500
            problem = re.search(
                rf"<code>source/chapters/{re.escape(target.name)}:(\d+):(\d+)</code> "
                r'<strong class="error">error (GP\d{3})</strong>',
                body,
            )
            assert problem and problem.group(3) == "GP101", body
            assert "livereload" in body
        target.write_text(text, encoding="utf-8")
        assert _wait_for(lambda: (_fetch(base) or (0, ""))[0] == 200), log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_build_after_a_preview_in_the_same_process_is_a_plain_build(root: Path, tmp_path: Path) -> None:
    """MkDocs keeps plugin instances for the whole process; a build must not
    inherit the preview's caches or its dirty-build planning."""
    from guidepress.cli import main

    session = Session(root / "mkdocs.yml", tmp_path / "preview")
    session.build()
    target, rec = _recommendation(root, cites=False)
    new = edit_recommendation(target, rec, " (built after preview)")
    assert main(["build", "--root", str(root), "--no-cards"]) == 0
    assert _plugin(session).preview is None
    assert new in BeautifulSoup(page(root / "site", target), "html.parser").get_text()
    whole = tmp_path / "whole"
    Session(root / "mkdocs.yml", whole, dirty=False).build()
    built = contents(root / "site")
    # Same pages as a serve build, but for the publishing address (serve points site_url at itself).
    assert {p for p in built if p.endswith(".html")} == {p for p in contents(whole) if p.endswith(".html")}
