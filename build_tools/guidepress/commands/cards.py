"""`guidepress cards`: the pocket cards (PDF), written atomically to site/cards/."""

from __future__ import annotations

import sys
import time

from ..cache import Cache
from ..outputs import replace_subdir
from ..phases import Checked
from ..render.cards import SIZES, render_cards
from ..render.fonts import FontMissing
from ..settings import Settings


def run_cards(settings: Settings, result: Checked) -> int:
    """Render every card set and swap ``out/cards`` in; 2 on a font problem."""
    assert result.guideline is not None
    if settings.site_url is None:
        print(f"guidepress: warning: {settings.config_file.name} has no site_url; the cards carry no QR codes",
              file=sys.stderr)
    t0 = time.perf_counter()
    cache = Cache(settings.root, enabled=settings.cache)
    try:
        files = render_cards(result.guideline, site_url=settings.site_url, size=settings.card_size,
                             templates=settings.card_templates, cache=cache)
    except FontMissing as exc:
        print(f"guidepress: {exc}", file=sys.stderr)
        return 2
    replace_subdir(settings.out, "cards", files)
    cache.save_ledger()
    result.timings["cards"] = time.perf_counter() - t0
    print(f"wrote {settings.out / 'cards'} ({len(files)} PDF, {SIZES[settings.card_size].label})")
    return 0
