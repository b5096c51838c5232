"""`guidepress cards`: the pocket cards (PDF), written atomically to site/cards/."""

from __future__ import annotations

import sys
import time

import jinja2

from ..cache import Cache
from ..outputs import replace_subdir
from ..phases import Checked
from ..render.cards import SIZES, render_cards
from ..render.fonts import FontMissing
from ..render.template_errors import template_failure
from ..settings import Settings


def run_cards(settings: Settings, result: Checked) -> int:
    """Render every card set and swap ``out/cards`` in; 1 when a card template fails, 2 on a font
    problem or when ``out/cards`` cannot be written."""
    assert result.guideline is not None
    if settings.site_url is None:
        print(
            f"guidepress: warning: {settings.config_file.name} has no site_url; the cards carry no QR codes",
            file=sys.stderr,
        )
    t0 = time.perf_counter()
    cache = Cache(settings.root, enabled=settings.cache)
    try:
        files = render_cards(
            result.guideline,
            site_url=settings.site_url,
            size=settings.card_size,
            templates=settings.card_templates,
            cache=cache,
        )
    except FontMissing as exc:
        print(f"guidepress: {exc}", file=sys.stderr)
        return 2
    except jinja2.TemplateError as exc:
        print(f"guidepress: card template failed: {template_failure(exc, settings.root)}", file=sys.stderr)
        return 1
    try:
        replace_subdir(settings.out, "cards", files)
    except OSError as exc:
        print(f"guidepress: cannot write {settings.out / 'cards'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    cache.finish()
    result.timings["cards"] = time.perf_counter() - t0
    print(f"wrote {settings.out / 'cards'} ({len(files)} PDF, {SIZES[settings.card_size].label})")
    return 0
