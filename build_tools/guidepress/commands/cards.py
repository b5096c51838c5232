"""`guidepress cards`: the pocket cards (PDF), written atomically to site/cards/."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..outputs import replace_subdir
from ..phases import Checked
from ..project_config import site_url
from ..cache import Cache
from ..render.cards import SIZES, project_templates, render_cards
from ..render.fonts import FontMissing


def run_cards(result: Checked, out: Path, size: str = "a6") -> int:
    """Render every card set and swap ``out/cards`` in; 2 on a usage or font problem."""
    assert result.guideline is not None
    if size not in SIZES:
        print(f"guidepress: unknown card size {size!r}; choose one of: {', '.join(SIZES)}", file=sys.stderr)
        return 2
    url = site_url(result.root)
    if url is None:
        print("guidepress: warning: mkdocs.yml has no site_url; the cards carry no QR codes", file=sys.stderr)
    t0 = time.perf_counter()
    try:
        files = render_cards(result.guideline, site_url=url, size=size, templates=project_templates(result.root),
                             cache=Cache(result.root))
    except FontMissing as exc:
        print(f"guidepress: {exc}", file=sys.stderr)
        return 2
    replace_subdir(out, "cards", files)
    result.timings["cards"] = time.perf_counter() - t0
    print(f"wrote {out / 'cards'} ({len(files)} PDF, {SIZES[size].label})")
    return 0
