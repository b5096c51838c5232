"""Builds shared by the test workers of one run (pytest -n 2).

A module- or session-scoped fixture runs once per xdist worker; a full build
with cards takes seconds, so the first worker to need one makes it under a
lock and the others reuse it (read-only: tests that change an output copy it
first).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest


def built_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """``make(folder)`` once per test run; every worker gets ``folder``."""
    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / f"shared-{name}"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / f"shared-{name}.done"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


def build_with_epoch(root: Path, epoch: str, *extra: str) -> None:
    """``guidepress build`` in this process with SOURCE_DATE_EPOCH set."""
    from guidepress.cli import main

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        assert main(["build", "--root", str(root), *extra]) == 0
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def default_build(factory: pytest.TempPathFactory, epoch: str = "1700000000") -> Path:
    """The default content built with cards at ``epoch``: the project folder."""
    from conftest import copy_project

    def make(folder: Path) -> None:
        build_with_epoch(copy_project(folder), epoch)

    return built_once(factory, f"default-{epoch}", make)


def hostile_build(factory: pytest.TempPathFactory, epoch: str = "1700000000") -> Path:
    """tests/hostile.py's hostile project built with cards at ``epoch``: the project folder."""
    from hostile import hostile_project

    return built_once(factory, f"hostile-{epoch}", lambda folder: build_with_epoch(hostile_project(folder), epoch))


def file_stats(site: Path) -> dict[str, tuple[int, int, int]]:
    """Relative path -> (inode, mtime_ns, size): a rewritten file differs in one of them."""
    out = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(site).as_posix()] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out
