"""Every card set of a built site checked, one verdict per PDF, cached with it.

Reading a card set back takes a moment per chapter, so ``guidepress build``
keeps the verdict in the cache (cache.py) under what it follows from, as
named parts: the model the set must carry (the chapter's parts, as its
layout's key has them; the whole model's for the all-chapters file), the
PDF's own bytes, and the verifier (its source and PDF reader). An unchanged
card set is not read again; a changed one, or a changed verifier, is, and
``guidepress build --explain`` says which ("card check: up to date").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..cache import Cache
from ..model import Chapter, Guideline
from .cards import missing_in_cards
from .pdfwords import card_pages

WHOLE = "guideline.pdf"
#: The verdicts' name in the cache's explanations.
CARD_CHECK = "card check"


def card_set_problems(g: Guideline, site_dir: Path, cache: Cache | None = None) -> list[str]:
    """What the card sets in ``site_dir``/cards lack, each line naming its file."""
    problems = []
    for chapter in g.chapters:
        pdf = site_dir / "cards" / f"{chapter.id}.pdf"
        if not pdf.is_file():
            problems.append(f"chapter {chapter.id!r}: {pdf.name} not found")
            continue
        problems += [f"{pdf.name}: {p}" for p in _verdict(g, pdf, [chapter], cache)]
    if len(g.chapters) > 1:
        pdf = site_dir / "cards" / WHOLE
        if pdf.is_file():
            problems += [f"{WHOLE}: {p}" for p in _verdict(g, pdf, g.chapters, cache)]
        else:
            problems.append(f"cards: {WHOLE} not found")
    return problems


def _verdict(g: Guideline, path: Path, chapters: Sequence[Chapter], cache: Cache | None) -> list[str]:
    pdf = path.read_bytes()
    if cache is None:
        return missing_in_cards(g, card_pages(pdf), chapters)
    one = len(chapters) == 1 and len(g.chapters) > 1
    parts: dict[str, Any] = dict(cache.chapter_parts(g, chapters[0]) if one else cache.model_parts(g))
    parts |= {f"card set {path.name}": pdf, "verifier": verifier()}
    key = cache.named_key(CARD_CHECK, parts, [c.id for c in chapters])
    stored = _stored(cache.get(key))  # off, the cache finds nothing (and says so in --explain)
    if stored is not None:
        return stored
    lost = missing_in_cards(g, card_pages(pdf), chapters)
    cache.put(key, json.dumps(lost, ensure_ascii=False).encode("utf-8"))
    return lost


def _stored(data: bytes | None) -> list[str] | None:
    """A stored verdict; None for none or a damaged one (read as a miss)."""
    if data is None:
        return None
    try:
        lost = json.loads(data)
    except ValueError:
        return None
    return lost if isinstance(lost, list) and all(isinstance(p, str) for p in lost) else None


@lru_cache(maxsize=1)
def verifier() -> str:
    """The verifier's version: a digest of this package's source, of the modules that say
    what a card prints of the model (text.py's terms, grade_format.py's printed grades),
    and of the PDF reader's version."""
    from .. import grade_format, text

    here = Path(__file__).parent
    h = hashlib.sha256(f"pypdfium2 {version('pypdfium2')}\0".encode())
    for path in [*sorted(here.glob("*.py")), Path(text.__file__), Path(grade_format.__file__)]:
        h.update(f"{path.relative_to(here.parent).as_posix()}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()
