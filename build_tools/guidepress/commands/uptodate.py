"""Is site/ already what a build would write? A stamp of every build input.

The key covers the model (positions left out), the templates, mkdocs.yml,
the guidepress code itself and the settings that shape the outputs
(SOURCE_DATE_EPOCH among them); when the stamp inside site/ matches, a build
rewrites no file at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..cache import Cache, digest_tree
from ..settings import Settings

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


def build_key(cache: Cache, settings: Settings, inputs: dict[str, Any]) -> str:
    """``inputs``: ``cache.guideline_inputs(g)``, computed once per build by the caller."""
    config = settings.config_file
    return cache.key(
        "build", inputs, [digest_tree(folder) for folder in settings.template_dirs], _code_digest(),
        config.read_bytes() if config.is_file() else b"",
        {"engine": settings.engine, "cards": settings.cards, "site_url": settings.site_url,
         "card_size": settings.card_size if settings.cards else None, "epoch": settings.source_date_epoch},
    )


def up_to_date(cache: Cache, out: Path, key: str) -> bool:
    """True when ``out`` was written by a build with this key (and the cache is on)."""
    try:
        return cache.enabled and (out / STAMP).read_text(encoding="utf-8").strip() == key
    except OSError:
        return False
