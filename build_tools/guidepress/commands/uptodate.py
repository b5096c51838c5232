"""Is site/ already what a build would write? A stamp of every build input.

The key covers the model (positions left out), the templates, mkdocs.yml,
the guidepress code itself, the options and SOURCE_DATE_EPOCH; when the
stamp inside site/ matches, a build rewrites no file at all.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from ..cache import Cache, digest_tree
from ..project_config import site_url

STAMP = ".guidepress-build"
PACKAGE = Path(__file__).resolve().parents[1]


def _code_digest() -> bytes:
    # The package's own sources: an edited renderer invalidates the stamp,
    # compiled __pycache__ files (written on first run) do not.
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.digest()


def build_key(cache: Cache, root: Path, inputs: dict[str, Any], *, engine: str, cards: bool) -> str:
    """``inputs``: ``cache.guideline_inputs(g)``, computed once per build by the caller."""
    config = root / "mkdocs.yml"
    templates = root / "templates"
    return cache.key(
        "build", inputs, digest_tree(templates) if templates.is_dir() else "", _code_digest(),
        config.read_bytes() if config.is_file() else b"",
        {"engine": engine, "cards": cards, "site_url": site_url(root),
         "epoch": os.environ.get("SOURCE_DATE_EPOCH")},
    )


def up_to_date(out: Path, key: str) -> bool:
    """True when ``out`` was written by a build with this key (and the cache is on)."""
    if os.environ.get("GUIDEPRESS_NO_CACHE"):
        return False
    try:
        return (out / STAMP).read_text(encoding="utf-8").strip() == key
    except OSError:
        return False
