"""What the benchmark's stages share: the state of one run, a result, the best-of timing,
the guidepress parts a stage may need before they land, and quiet MkDocs."""

from __future__ import annotations

import gc
import importlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generate import Counts, Scale


class Unavailable(Exception):
    """The stage's code is not there (yet); the reason is reported."""


@dataclass
class Bench:
    """State shared by the stages: the generated project and what was built from it."""

    root: Path
    work: Path
    scale: Scale
    counts: Counts
    guideline: Any = None
    pages: dict[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def files(self, suffix: str) -> list[Path]:
        return [self.root / rel for rel in self.counts.files if rel.endswith(suffix)]


@dataclass
class Result:
    name: str
    label: str
    seconds: float | None = None
    runs: int = 0
    note: str = ""


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` runs.

    Each run's value is dropped before the next starts: a result kept alive
    would make the collector's passes over the heap (and so every later
    figure) slower. Stages keep what later stages need on ``Bench``.
    """
    best = float("inf")
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def optional(module: str, name: str) -> Any:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise Unavailable(f"{module} not importable ({exc})") from None
    fn = getattr(mod, name, None)
    if fn is None:
        raise Unavailable(f"{module}.{name} does not exist yet")
    return fn


def as_in_a_new_process() -> None:
    """Forget the works formatted so far: a build process formats each work once, and the
    stages that time a build should pay for that as a build does."""
    formatter_for = optional("guidepress.render.citations", "formatter_for")
    formatter_for.cache_clear()


@contextmanager
def quiet_mkdocs(threshold: int = 30) -> Iterator[None]:
    """MkDocs logs INFO lines per build; the benchmark prints its own table.
    (The preview stages pass 40: every dirty build warns that it is one.)"""
    import logging

    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(threshold)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def silence_stdout() -> Iterator[None]:
    with open(os.devnull, "w") as devnull, redirect_stdout(devnull):
        yield
