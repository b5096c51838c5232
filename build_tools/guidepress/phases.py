"""The one place that orders the work: load -> validate -> render.

Each phase is a plain function so that it can be timed on its own (the
benchmark calls them one by one).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import run_checks
from .checks.catalogs import catalog_problems
from .checks.translations import translation_problems
from .diagnostics import Diagnostic, has_errors, sorted_unique
from .load.guideline import load_project
from .load.memo import FileMemo
from .load.templates import template_problems
from .load.translations import load_translations
from .model import Guideline
from .releases.status import against_previous


@dataclass
class Checked:
    """A loaded and validated project."""

    root: Path
    guideline: Guideline | None
    diagnostics: list[Diagnostic]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.guideline is not None and not has_errors(self.diagnostics)


def load(root: Path, memo: FileMemo | None = None) -> tuple[Guideline | None, list[Diagnostic]]:
    return load_project(root, memo)


def validate(guideline: Guideline) -> list[Diagnostic]:
    return run_checks(guideline)


def check(root: Path, memo: FileMemo | None = None) -> Checked:
    """Load and validate; every problem found is in ``diagnostics``, the
    project's templates' syntax errors too (what a build would refuse).

    ``memo`` keeps parsed files between calls in one process (load/memo.py).
    """
    t0 = time.perf_counter()
    guideline, diags = load(root, memo)
    if guideline is not None and guideline.translations and root.is_dir():
        translated, found = load_translations(root, guideline, memo)  # read once: checks and renderers use the model's
        guideline = replace(guideline, translated=translated)
        diags.extend(found)
    if guideline is not None:
        guideline, found = against_previous(root, guideline)  # each recommendation's status, once
        diags.extend(found)
    t1 = time.perf_counter()
    if guideline is not None:
        diags.extend(validate(guideline))
    if root.is_dir():
        diags.extend(template_problems(root))
        if guideline is not None:
            diags.extend(catalog_problems(guideline, root))
            diags.extend(translation_problems(guideline))
    t2 = time.perf_counter()
    return Checked(root, guideline, sorted_unique(diags), {"load": t1 - t0, "validate": t2 - t1})
