"""Building a project's web site in the test process, and reading the built HTML back
(what the site tests share)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag
from conftest import PUBLISHED_URL, ROOT

from guidepress.cli import main
from guidepress.model import Chapter, Guideline, Recommendation
from guidepress.render.citations import CitedBy
from guidepress.settings import load_settings
from guidepress.text import plain

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


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _chapter_html(site: Path, chapter: Chapter) -> Path:
    return site / chapter.id / "index.html"


def _text(el: Tag) -> str:
    return re.sub(r"\s+", " ", el.get_text()).strip()


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


def _group_items(soup: Any, chapter: Any, section: Any, group: Any) -> list[Any]:
    """The list items of a printed reference group (anchor ``<section>-refs-<n>`` or ``references-<n>``)."""
    i = (section.references if section else chapter.references).index(group) + 1
    anchor = f"{section.id}-refs-{i}" if section else f"references-{i}"
    items = soup.find(id=anchor).select("ol.gp-reflist > li")
    assert len(items) == len(group.keys)
    return items


def _ref_id(key: str) -> str:
    return "ref-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _anchor(place: CitedBy) -> str:
    """The anchor a work's "cited in" link leads to on the citing chapter's page."""
    return (
        place.recommendation.id if place.recommendation else place.section.id if place.section else "chapter-references"
    )


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        soup = _soup(page)
        cache[page] = {el["id"] for el in soup.find_all(id=True)} | {
            el["name"] for el in soup.find_all(attrs={"name": True})
        }
    return cache[page]


_SETTINGS, _ = load_settings(ROOT)
PUBLISHED_PATH = urlsplit((_SETTINGS and _SETTINGS.site_url) or "/").path


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


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs`` in ``project``, published at a real address (the default's is a placeholder, GP116)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "GUIDEPRESS_SITE_URL": PUBLISHED_URL}
    return subprocess.run(
        [str(VENV_BIN / "mkdocs"), *args], cwd=project, env=env, capture_output=True, text=True, check=False
    )
