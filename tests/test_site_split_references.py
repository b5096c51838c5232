"""A bibliography too large for one page: an index at references/ and part pages (a generated
guideline built with a small bound), and the layout of the parts on made-up keys."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import shutil
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from built_site import _anchor, _broken_links, _build, _chapter_html, _group_items, _mkdocs, _ref_id, _soup, _text
from conftest import ROOT

from guidepress.messages import messages_for_source
from guidepress.model import Guideline, Reference
from guidepress.phases import check
from guidepress.render import reference_layout as layout_module
from guidepress.render.addresses import RESERVED
from guidepress.render.citations import cited_by
from guidepress.render.pages import site_nav, site_pages
from guidepress.render.reference_layout import reference_layout
from guidepress.text import plain
from guidepress.verify import missing_in_html

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
                anchor = _anchor(place)
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
