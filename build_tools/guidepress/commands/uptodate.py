"""Is site/ already what a build would write? A stamp of every build input.

The key covers the model (positions left out), the templates, mkdocs.yml,
the guidepress code itself and the settings that shape the outputs
(SOURCE_DATE_EPOCH among them); when the stamp inside site/ matches, a build
rewrites no file at all.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..cache import Cache
from ..digests import digest_tree
from ..load.translations import FOLDER as TRANSLATIONS
from ..model import Guideline
from ..settings import TOOL_TEMPLATES, Settings

STAMP = ".guidepress-build"
PACKAGE = Path(__file__).resolve().parents[1]


@cache
def _code_digest() -> bytes:
    # The package's own sources: an edited renderer invalidates the stamp,
    # compiled __pycache__ files (written on first run) do not. Read once per
    # process (5 ms a build): one that builds again (the benchmark, the tests)
    # runs the modules it imported, whatever happens to the files meanwhile.
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.digest()


def build_key(cache: Cache, settings: Settings, g: Guideline) -> str:
    """The key of everything ``guidepress build`` writes into ``settings.out``."""
    parts: dict[str, object] = dict(cache.model_parts(g))
    # The pages print the references in this style; no other output does.
    parts["citation style"] = g.citation_style
    for folder in settings.template_dirs:
        parts |= cache.template_parts(
            folder, "default template " if folder == TOOL_TEMPLATES and len(settings.template_dirs) > 1 else "template "
        )
    config = settings.config_file
    parts |= {
        "guidepress code": _code_digest(),
        config.name: config.read_bytes() if config.is_file() else b"",
        "option engine": settings.engine,
        "option cards": settings.cards,
        "option site_url": settings.site_url,
        "option card size": settings.card_size if settings.cards else None,
        "SOURCE_DATE_EPOCH": settings.source_date_epoch,
    }
    if g.translations and (folder := settings.root / TRANSLATIONS).is_dir():
        parts["translations"] = digest_tree(folder)
    return cache.named_key("site", parts)


def up_to_date(cache: Cache, out: Path, key: str) -> bool:
    """True when ``out`` was written by a build with this key (and the cache is on)."""
    try:
        found = cache.enabled and (out / STAMP).read_text(encoding="utf-8").strip() == key
    except OSError:
        found = False
    cache.looked_up(key, found)
    return found
