"""Atomic and deterministic outputs.

- A build killed outright (SIGKILL, mid-way through writing the site) leaves
  the previous site/ byte for byte; the next build removes what the killed
  one left behind (.site.new-*, .site.old-*).
- Two builds of the same source with the same SOURCE_DATE_EPOCH are
  byte-identical across the whole site/ (pages, sitemap, search index,
  cards, export); another SOURCE_DATE_EPOCH moves every build date with it
  (the PDFs' metadata, the sitemap) and is never printed or exported as the
  guideline's date (issue 18: the default guideline.yml gives none).
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pypdf
import pytest
from conftest import copy_project
from shared import build_with_epoch, default_build

from guidepress.outputs import staged_dir

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
LATER = "1800000000"  # 2027-01-15T08:00:00Z


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


build = build_with_epoch


def staging_folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


# ---------------------------------------------------------------- interrupted build


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(project: Path) -> None:
    build(project, EPOCH, "--no-cards")
    before = snapshot(project / "site")
    (project / "source" / "chapters" / "sites-of-metastases.yml").write_text(
        (project / "source" / "chapters" / "sites-of-metastases.yml")
        .read_text("utf-8")
        .replace("text: Histological verification", "text: Histological verification, edited"),
        "utf-8",
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "guidepress", "build", "--root", str(project), "--no-cards"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        written = None
        while written is None and time.monotonic() < deadline and proc.poll() is None:
            for staging in project.glob(".site.new-*"):
                # Mid-way: the engine has started writing the new site.
                if any(p.is_file() for p in staging.rglob("*")):
                    written = staging
            time.sleep(0.005)
        assert proc.poll() is None, "the build finished before it could be killed"
        assert written is not None, "no staging folder with files appeared"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(project / "site") == before, "the killed build changed site/"
    assert staging_folders(project) == [written.name], "a killed build cannot clean up after itself"
    (project / ".site.old-leftover" / "site").mkdir(parents=True)  # as if killed during a swap

    build(project, EPOCH, "--no-cards")
    assert staging_folders(project) == []
    assert snapshot(project / "site") != before
    assert "Histological verification, edited" in (project / "site" / "sites-of-metastases" / "index.html").read_text()


def test_builds_into_one_folder_wait_for_each_other(tmp_path: Path) -> None:
    """The lock that makes removing leftovers safe: a second build waits,
    instead of deleting the first one's staging folder."""
    target = tmp_path / "site"
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another build is running
    done = threading.Event()

    def second() -> None:
        with staged_dir(target) as staging:
            (staging / "index.html").write_text("second", "utf-8")
        done.set()

    thread = threading.Thread(target=second)
    thread.start()
    (tmp_path / ".site.new-running").mkdir()  # the running build's staging folder
    assert not done.wait(0.3), "the second build did not wait for the lock"
    assert (tmp_path / ".site.new-running").is_dir()
    os.close(fd)  # the first build ends (or dies) and its lock goes with it
    thread.join(10)
    assert done.is_set()
    assert (target / "index.html").read_text() == "second"
    assert staging_folders(tmp_path) == []


def test_an_exception_inside_the_staged_folder_keeps_the_target(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "a").write_text("old")
    with pytest.raises(RuntimeError), staged_dir(target) as staging:
        (staging / "a").write_text("new")
        raise RuntimeError("renderer bug")
    assert (target / "a").read_text() == "old"
    assert staging_folders(tmp_path) == []


# ---------------------------------------------------------------- determinism


def _pdf_dates(pdf: bytes) -> tuple[str, str, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    return info["/CreationDate"], info["/ModDate"], reader.pages[0].extract_text()


@pytest.mark.slow
def test_whole_site_is_byte_identical_and_every_date_follows_source_date_epoch(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    one = default_build(tmp_path_factory, EPOCH)  # also test_roundtrip's
    two = copy_project(tmp_path / "two")
    later = copy_project(tmp_path / "later")
    build(two, EPOCH)
    build(later, LATER)
    a, b, c = (snapshot(p / "site") for p in (one, two, later))
    for part in (
        "index.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        "search/search_index.json",
        "404.html",
        "cards/guideline.pdf",
        "cards/sites-of-metastases.pdf",
        "export/guideline.json",
        "export/references.json",
        "export/guideline.schema.json",
        "sites-of-metastases/index.html",
    ):
        assert part in a, part
    assert a == b, [k for k in a if a[k] != b.get(k)]

    # Another epoch: exactly the files that carry a date change, and the dates in them are the epoch's.
    changed = sorted(k for k in a if a[k] != c.get(k))
    assert set(a) == set(c)
    # (.guidepress-build is the up-to-date stamp: its key covers the epoch. The exports carry the
    # source's publication date, none here, so the epoch changes nothing in them. sw.js, the
    # offline worker, is versioned by the digests of the files it keeps, the cards among them.)
    assert changed == [
        ".guidepress-build",
        "cards/guideline.pdf",
        "cards/sites-of-metastases.pdf",
        "sitemap.xml",
        "sitemap.xml.gz",
        "sw.js",
    ]
    for root, stamp, day in ((one, "D:20231114221320", "2023-11-14"), (later, "D:20270115080000", "2027-01-15")):
        export = json.loads((root / "site" / "export" / "guideline.json").read_text("utf-8"))
        assert export["guideline"]["date"] is None
        sitemap = (root / "site" / "sitemap.xml").read_text("utf-8")
        assert sitemap.count(f"<lastmod>{day}</lastmod>") == sitemap.count("<lastmod>") > 0
        for pdf in ("guideline.pdf", "sites-of-metastases.pdf"):
            created, modified, first_page = _pdf_dates((root / "site" / "cards" / pdf).read_bytes())
            assert created.startswith(stamp) and modified.startswith(stamp)
            assert day not in first_page  # the cards print the version alone, not the build's day
