"""The content-hash cache: keys follow content (not positions), entries round-trip, versions retire,
and a run says per output what changed since the last one."""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from pathlib import Path

import jinja2
import pytest

from guidepress import cache as cache_mod
from guidepress.cache import CACHE_FORMAT, Cache, PageCache, model_parts
from guidepress.diagnostics import SourcePos
from guidepress.digests import digest_tree, file_digests, fingerprint
from guidepress.model import Guideline


@pytest.fixture
def store(tmp_path: Path) -> Cache:
    return Cache(tmp_path, enabled=True)


def test_bytes_round_trip(store: Cache) -> None:
    key = store.key("test", "a")
    assert store.get(key) is None
    store.put(key, b"\x00pdf bytes\xff")
    assert store.get(key) == b"\x00pdf bytes\xff"
    assert (store.hits, store.misses) == (1, 1)
    assert store.dir == store.base / f"v{CACHE_FORMAT}"
    assert store.base == store.dir.parent and store.base.parts[-2:] == (".cache", "guidepress")


def test_files_round_trip(store: Cache) -> None:
    files = {"cards/a.pdf": b"%PDF-1.7\n\x00\n", "cards/ü.pdf": b"", "x\ny": b"line\nbreaks\n"}
    key = store.key("cards", "chapter")
    store.put_files(key, files)
    assert store.get_files(key) == files


def test_files_made_once(store: Cache) -> None:
    made = []

    def produce() -> dict[str, bytes]:
        made.append(1)
        return {"export/guideline.json": b"{}"}

    key = store.key("export", "model")
    assert store.files(key, produce) == store.files(key, produce) == {"export/guideline.json": b"{}"}
    assert made == [1]


def test_damaged_entry_is_a_miss(store: Cache) -> None:
    key = store.key("cards", "x")
    store.put_files(key, {"a": b"12345"})
    path = next(iter(store.entries()))
    path.write_bytes(path.read_bytes()[:-2])
    assert store.get_files(key) is None


def test_key_depends_on_every_part(store: Cache) -> None:
    base = store.key("cards", {"size": "a6"}, b"template")
    assert store.key("cards", {"size": "a6"}, b"template") == base
    assert store.key("cards", {"size": "a7"}, b"template") != base
    assert store.key("cards", {"size": "a6"}, b"template!") != base
    assert store.key("export", {"size": "a6"}, b"template") != base


def test_key_depends_on_version_and_format(store: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    base = store.key("cards", "x")
    monkeypatch.setattr(cache_mod, "__version__", "99.0.0")
    assert store.key("cards", "x") != base
    monkeypatch.undo()
    monkeypatch.setattr(cache_mod, "CACHE_FORMAT", CACHE_FORMAT + 1)
    assert store.key("cards", "x") != base


def test_new_format_retires_old_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = Cache(tmp_path, enabled=True)
    old.put(old.key("k"), b"old")
    monkeypatch.setattr(cache_mod, "CACHE_FORMAT", CACHE_FORMAT + 1)
    new = Cache(tmp_path, enabled=True)
    assert new.dir != old.dir
    assert new.get(new.key("k")) is None
    new.put(new.key("k"), b"new")
    assert not old.dir.exists()


def test_disabled(tmp_path: Path) -> None:
    store = Cache(tmp_path, enabled=False)
    store.put(store.key("k"), b"data")
    assert store.get(store.key("k")) is None
    assert not store.base.exists()


def _aged(store: Cache, key: str, data: bytes, days: float, now: float) -> Path:
    store.put(key, data)
    path = store.dir / key[:2] / key[2:]
    os.utime(path, (now - days * 86400, now - days * 86400))
    return path


def test_a_run_evicts_what_nobody_used_for_a_month(tmp_path: Path) -> None:
    now = time.time()
    earlier = Cache(tmp_path, enabled=True)
    stale = _aged(earlier, earlier.key("stale"), b"x", 31, now)
    recent = _aged(earlier, earlier.key("recent"), b"x", 29, now)
    reused = _aged(earlier, earlier.key("reused"), b"x", 90, now)
    earlier.finish(now)  # what a run used itself stays, however old
    assert stale.exists() and recent.exists() and reused.exists()

    run = Cache(tmp_path, enabled=True)
    assert run.get(run.key("reused")) == b"x"
    assert now - reused.stat().st_mtime < 86400  # a hit counts as a use: the entry is young again
    assert run.finish(now) == 1
    assert not stale.exists() and recent.exists() and reused.exists()


def test_over_the_size_limit_the_least_recently_used_go_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from guidepress import cache_eviction

    now = 2_000_000_000.0
    earlier = Cache(tmp_path, enabled=True)
    paths = [_aged(earlier, earlier.key("e", i), b"x" * 100, days, now) for i, days in enumerate([5, 1, 3, 2])]
    run = Cache(tmp_path, enabled=True)
    small = functools.partial(cache_eviction.evict, max_bytes=250)  # four entries of 100 bytes
    monkeypatch.setattr(cache_mod, "evict", small)
    assert run.finish(now) == 2
    assert [p.exists() for p in paths] == [False, True, False, True]


def test_eviction_leaves_a_disabled_cache_alone(tmp_path: Path) -> None:
    store = Cache(tmp_path, enabled=False)
    assert store.finish() == 0 and not store.base.exists()


def test_fingerprint_ignores_positions(guideline: Guideline) -> None:
    chapter = guideline.chapters[0]
    rec = chapter.sections[0].recommendations[0]
    moved = dataclasses.replace(rec, pos=SourcePos("elsewhere.yml", 999, 9))
    assert fingerprint(moved) == fingerprint(rec)
    assert fingerprint(dataclasses.replace(rec, text="changed")) != fingerprint(rec)


def test_chapter_parts_follow_the_chapter_only(guideline: Guideline, store: Cache) -> None:
    chapter = guideline.chapters[0]
    before = store.chapter_parts(guideline, chapter)
    # Another chapter added: this chapter's parts (and so its cards' key) do not change.
    other = dataclasses.replace(chapter, id="another-chapter", title="Another")
    g2 = dataclasses.replace(guideline, chapters=guideline.chapters + (other,))
    assert store.chapter_parts(g2, chapter) == before
    assert model_parts(g2) != model_parts(guideline)
    # An edited statement in this chapter changes them.
    section = chapter.sections[0]
    rec = dataclasses.replace(section.recommendations[0], text="Edited statement")
    edited = dataclasses.replace(
        chapter,
        sections=(dataclasses.replace(section, recommendations=(rec,) + section.recommendations[1:]),)
        + chapter.sections[1:],
    )
    assert store.chapter_parts(guideline, edited) != before
    # So does a new version number (printed on every card).
    assert store.chapter_parts(dataclasses.replace(guideline, version="2024.1"), chapter) != before


def test_chapter_parts_include_cited_works_only(guideline: Guideline, store: Cache) -> None:
    chapter = guideline.chapters[0]
    cited = {c.key for _, grp in chapter.reference_groups() for c in grp.cites}
    before = store.chapter_parts(guideline, chapter)
    ref = next(r for r in guideline.references if r.key in cited)
    changed = dataclasses.replace(ref, fields=ref.fields + (("note", "corrected"),))
    g2 = dataclasses.replace(guideline, references=tuple(changed if r is ref else r for r in guideline.references))
    assert store.chapter_parts(g2, chapter) != before


def test_model_parts_follow_the_chapter_order(guideline: Guideline) -> None:
    other = dataclasses.replace(guideline.chapters[0], id="another-chapter", title="Another")
    g2 = dataclasses.replace(guideline, chapters=guideline.chapters + (other,))
    before, after = model_parts(g2), model_parts(dataclasses.replace(g2, chapters=tuple(reversed(g2.chapters))))
    assert {name for name in before if before[name] != after[name]} == {"chapter order"}


def _export_run(root: Path, g: Guideline) -> dict[str, str]:
    """One run that looks the export up (and stores it on a miss): its explanations."""
    store = Cache(root, enabled=True)
    store.files(store.export_key(g, b"schema"), lambda: {"export/guideline.json": b"{}"})
    store.save_ledger()
    return store.explain()


def test_explain_names_what_changed_since_the_last_run(guideline: Guideline, tmp_path: Path) -> None:
    assert _export_run(tmp_path, guideline) == {"export": "made afresh (no earlier run on record)"}
    assert _export_run(tmp_path, guideline) == {"export": "up to date"}
    chapter = guideline.chapters[0]
    edited = dataclasses.replace(guideline, chapters=(dataclasses.replace(chapter, title="Edited"),))
    assert _export_run(tmp_path, edited) == {"export": f"chapter {chapter.id} changed"}
    renamed = dataclasses.replace(edited, chapters=(dataclasses.replace(chapter, id="renamed"),))
    assert _export_run(tmp_path, renamed) == {
        "export": f"chapter order changed; chapter renamed added; chapter {chapter.id} removed"
    }
    # Back to an earlier state: its entry is still stored, so nothing is made afresh.
    assert _export_run(tmp_path, guideline) == {"export": "up to date"}
    assert Cache(tmp_path, enabled=False).explain() == {}


def test_explain_counts_the_card_sets_made_afresh(guideline: Guideline, tmp_path: Path) -> None:
    templates = tmp_path / "cards"
    templates.mkdir()
    (templates / "cards.css.j2").write_text("a")

    def run() -> dict[str, str]:
        store = Cache(tmp_path, enabled=True)
        for chapter in (guideline.chapters[0], None):
            key = store.cards_key(guideline, chapter, templates, {"size": "a6"}, [])
            store.files(key, lambda: {"cards/x.pdf": b"%PDF"})
        store.save_ledger()
        return store.explain()

    run()
    (templates / "cards.css.j2").write_text("b")
    assert run() == {"cards": "template cards.css.j2 changed (2 of 2 made afresh)"}
    assert run() == {"cards": "up to date"}


def test_page_cache_keeps_an_environment_while_the_templates_are_unchanged(tmp_path: Path) -> None:
    (tmp_path / "page.md.j2").write_text("one")
    pages = PageCache()
    made: list[tuple[Path, ...]] = []
    search = (tmp_path,)  # the search path: one folder here

    def make(folders: tuple[Path, ...]) -> jinja2.Environment:
        made.append(folders)
        return jinja2.Environment(loader=jinja2.FileSystemLoader(folders))

    first, stamp = pages.environment(search, make)
    assert pages.environment(search, make) == (first, stamp)
    mtime = (tmp_path / "page.md.j2").stat().st_mtime_ns
    (tmp_path / "page.md.j2").write_text("two")
    os.utime(tmp_path / "page.md.j2", ns=(mtime, mtime))  # the same size and time: only the content differs
    second, changed = pages.environment(search, make)
    assert second is not first and changed != stamp and len(made) == 2
    assert second.get_template("page.md.j2").render() == "two"


def test_digest_tree(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.j2").write_text("A")
    (tmp_path / "t" / "b.css").write_text("B")
    first = digest_tree(tmp_path / "t")
    assert digest_tree(tmp_path / "t") == first
    (tmp_path / "t" / "b.css").write_text("B2")
    assert digest_tree(tmp_path / "t") != first
    (tmp_path / "t" / "b.css").write_text("B")
    (tmp_path / "t" / "b.css").rename(tmp_path / "t" / "c.css")
    assert digest_tree(tmp_path / "t") != first


def test_file_digests(tmp_path: Path) -> None:
    assert file_digests(tmp_path / "none") == {}
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.j2").write_text("A")
    digests = file_digests(tmp_path)
    assert list(digests) == ["sub/a.j2"]
    (tmp_path / "sub" / "a.j2").write_text("B")
    assert file_digests(tmp_path) != digests
