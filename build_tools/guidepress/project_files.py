"""What a guidepress project is made of, and copying one (for tests, the
benchmark's synthetic projects, or a scratch copy before an experiment)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

#: Everything a build reads; not site/, .cache/ or a virtualenv.
PROJECT_PARTS = ("source", "bib", "templates", "mkdocs.yml")


def copy_parts(src: Path, dest: Path, parts: Iterable[str] = PROJECT_PARTS) -> Path:
    """Copy ``parts`` of the project at ``src`` into ``dest`` (missing parts are skipped)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = src / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        elif source.exists():
            shutil.copy2(source, dest / part)
    return dest
