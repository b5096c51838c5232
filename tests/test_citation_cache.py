"""Formatted references kept across builds: each work is formatted by citeproc-py once.

A work's HTML is stored in the project's cache (cache.py) under a key made of
its CSL item as citeproc-py is given it, the style's text and citeproc-py's
version (render/citations.py). A build, `mkdocs build` or the live preview in
a new process then formats only the works whose key is new; `guidepress build
--explain` names them. ``formatter_for.cache_clear()`` stands for a new
process: a process keeps its formatter's works in memory as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from guidepress import cache as cache_module
from guidepress.cache import Cache
from guidepress.cli import main
from guidepress.load.citestyle import default_style
from guidepress.model import NameList, Person, Reference
from guidepress.phases import check
from guidepress.preview import Session
from guidepress.render import citations as citations_module
from guidepress.render.citations import Citations, formatter_for


@pytest.fixture
def formatted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The ids of the items citeproc-py formats from here on, in a process that has formatted none."""
    calls: list[str] = []
    real = citations_module.bibliography_entry

    def counting(style: object, item: dict[str, object]) -> str | None:
        calls.append(str(item["id"]))
        return real(style, item)

    monkeypatch.setattr(citations_module, "bibliography_entry", counting)
    monkeypatch.setattr(citations_module, "can_fork", lambda: False)  # a forked child's calls are not seen
    formatter_for.cache_clear()
    yield calls
    formatter_for.cache_clear()


def _work(key: str, title: str) -> Reference:
    author = NameList((Person(family="Aarts", given="BM"),), et_al=True)
    fields = (("title", title), ("journal", "Cardiovasc Intervent Radiol"), ("year", "2021"))
    return Reference(key, "article", fields, (("author", author),))


def test_a_stored_work_is_not_formatted_again(tmp_path: Path, formatted: list[str]) -> None:
    works = [_work("a", "One"), _work("b", "Two")]
    first = Citations(default_style())
    first.prepare(works, Cache(tmp_path, enabled=True))
    assert formatted == ["a", "b"]
    again = Citations(default_style())  # a new process
    again.prepare([works[0], _work("b", "Two, edited")], Cache(tmp_path, enabled=True))
    assert formatted == ["a", "b", "b"]
    assert again(works[0]) == first(works[0])
    assert again(works[0]).text == "Aarts BM et al. One. Cardiovasc Intervent Radiol. 2021."


def test_another_style_or_citeproc_version_formats_every_work_again(
    tmp_path: Path, formatted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    works = [_work("a", "One")]
    Citations(default_style()).prepare(works, Cache(tmp_path, enabled=True))
    style = default_style()
    other = type(style)("edited", style.text.replace('delimiter=", "', 'delimiter="; "', 1) if style.text else None)
    Citations(other).prepare(works, Cache(tmp_path, enabled=True))
    monkeypatch.setattr(citations_module, "CITEPROC_VERSION", "0.0.0")
    Citations(default_style()).prepare(works, Cache(tmp_path, enabled=True))
    assert formatted == ["a", "a", "a"]


def test_a_damaged_entry_is_formatted_again(tmp_path: Path, formatted: list[str]) -> None:
    works = [_work("a", "One")]
    Citations(default_style()).prepare(works, Cache(tmp_path, enabled=True))
    (entry,) = Cache(tmp_path, enabled=True).entries()
    entry.write_bytes(b"\xff\xfe not text")
    cite = Citations(default_style())
    cite.prepare(works, Cache(tmp_path, enabled=True))
    assert formatted == ["a", "a"] and cite(works[0]).text.startswith("Aarts BM et al. One.")


def test_with_the_cache_off_every_work_is_formatted_and_none_stored(tmp_path: Path, formatted: list[str]) -> None:
    works = [_work("a", "One")]
    for _ in range(2):
        Citations(default_style()).prepare(works, Cache(tmp_path, enabled=False))
    assert formatted == ["a", "a"] and not list(Cache(tmp_path, enabled=True).entries())


def _build(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """`guidepress build --explain`, in a process that has formatted no work: its "citations: ..." line."""
    formatter_for.cache_clear()
    assert main(["build", "--root", str(root), "--out", str(root / "site"), "--no-cards", "--explain"]) == 0
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("citations:")]


def test_builds_format_only_the_works_that_changed_and_explain_says_which(
    project: Path, formatted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    n = len(check(project).guideline.references)  # type: ignore[union-attr]
    assert _build(project, capsys) == ["citations: made afresh (no earlier run on record)"]
    assert len(formatted) == n
    page = _works(project / "site" / "references" / "index.html")

    chapter = project / "source" / "chapters" / "sites-of-metastases.yml"
    chapter.write_text(
        chapter.read_text("utf-8").replace("title: Sites of Metastases", "title: Sites of metastases", 1), "utf-8"
    )
    assert _build(project, capsys) == ["citations: up to date"]  # the site is built again, no work formatted
    assert len(formatted) == n
    assert _works(project / "site" / "references" / "index.html") == page

    bib = project / "bib" / "sites-of-metastases.bib"
    text = bib.read_text("utf-8")
    bib.write_text(text.replace("{Radiofrequency ablation versus", "{Radiofrequency Ablation versus", 1), "utf-8")
    assert _build(project, capsys) == [f"citations: work xiao2018radiofrequency changed (1 of {n} made afresh)"]
    assert formatted[n:] == ["xiao2018radiofrequency"]


def test_the_preview_formats_no_work_a_build_formatted(
    project: Path, formatted: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    _build(project, capsys)
    made = len(formatted)
    formatter_for.cache_clear()
    Session(project / "mkdocs.yml", project / "preview").build()
    assert len(formatted) == made
    built, previewed = (project / d / "references" / "index.html" for d in ("site", "preview"))
    assert _works(previewed) == _works(built)


def _works(page: Path) -> list[str]:
    """Each work as the references page prints it (HTML), without the places that cite it."""
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return [str(li.find("p")) for li in soup.select("ol.gp-works > li")]


def test_the_cache_owner_keeps_the_citations_in_its_folder(tmp_path: Path, formatted: list[str]) -> None:
    store = Cache(tmp_path, enabled=True)
    Citations(default_style()).prepare([_work("a", "One")], store)
    (entry,) = store.entries()
    assert entry.is_relative_to(tmp_path / cache_module.CACHE_DIR)
    assert entry.read_bytes().decode("utf-8").startswith("Aarts BM et al. One.")
