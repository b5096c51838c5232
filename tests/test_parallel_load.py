"""Loading with part of bib/ parsed in a forked child gives exactly what loading in one process gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guidepress.load import background
from guidepress.load import guideline as loader
from guidepress.phases import check
from guidepress.render.export import export_files

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not (background.sys.platform == "linux" and (background.os.cpu_count() or 1) > 1),
    reason="forked loading needs Linux and two cores",
)


@pytest.fixture(autouse=True)
def _single_threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-xdist workers run a thread of their own; these tests fork anyway.
    monkeypatch.setattr(background.threading, "active_count", lambda: 1)


def _outcome(root: Path):
    result = check(root)
    files = export_files(result.guideline) if result.guideline is not None else None
    return [d.as_text() for d in result.diagnostics], files


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(ROOT / "source", root / "source")
    (root / "bib").mkdir()
    # Split the one bibliography into several files, so that both processes get some.
    text = (ROOT / "bib" / "sites-of-metastases.bib").read_text("utf-8")
    entries = text.split("\n@")
    for i in range(4):
        part = entries[i::4]
        (root / "bib" / f"part{i}.bib").write_text(("\n@".join(part) if i == 0 else "@" + "\n@".join(part)), "utf-8")
    return root


def _both(root: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setattr(loader, "PARALLEL_BIB_BYTES", 10**12)
        assert loader._split_bib(root)[0] == []
        alone = _outcome(root)
    paths = loader.bib_files(root / "bib")
    with monkeypatch.context() as m:
        # Both processes get files (the real split gives a small project's bib/ all to the child).
        m.setattr(loader, "_split_bib", lambda _root: (paths[:2], paths[2:]))
        forked = _outcome(root)
    return alone, forked


def test_split_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    assert loader._split_bib(root) == ([], loader.bib_files(root / "bib"))  # small: one process
    monkeypatch.setattr(loader, "PARALLEL_BIB_BYTES", 0)
    ahead, here = loader._split_bib(root)
    assert ahead + here == loader.bib_files(root / "bib") and ahead


def test_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone, forked = _both(_project(tmp_path), monkeypatch)
    assert forked == alone
    assert alone[1] is not None


def test_same_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    # A duplicate key across the two processes' files, a syntax error in the child's share.
    first = (root / "bib" / "part0.bib").read_text("utf-8")
    (root / "bib" / "part0.bib").write_text(first + "\n@article{broken,\n  title = {no end\n", "utf-8")
    last = root / "bib" / "part3.bib"
    last.write_text(last.read_text("utf-8") + "\n@misc{kasraeian2010comparison, title = {Again}}\n", "utf-8")
    alone, forked = _both(root, monkeypatch)
    assert forked == alone
    assert any("GP402" in line for line in alone[0]) and any("GP401" in line for line in alone[0])


def test_child_failure_falls_back() -> None:
    """A child that fails leaves the work to this process: same value, no traceback."""
    parent = background.os.getpid()

    def twice(x: int) -> int:
        if background.os.getpid() != parent:
            raise RuntimeError("child fails")
        return 2 * x

    job = background.Forked(twice, 21)
    assert job.pid  # forked
    assert job.result() == 42
    assert (
        background.Forked(
            lambda: parent,
        ).result()
        == parent
    )  # the value comes back pickled
    job = background.Forked(twice, 1)
    job.cancel()
