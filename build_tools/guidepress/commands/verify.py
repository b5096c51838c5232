"""`guidepress verify`: does a built site/ carry everything the source says?

Reads the export, the site's HTML and the pocket cards back and lists, per
output, what is missing (roundtrip.py). `guidepress build` already gates on
the export and the HTML; the cards' check reads the PDFs back, which takes
seconds, so it runs here. Exit 0: nothing lost; 1: something lost; 2: the
site or a tool to read it is missing.
"""

from __future__ import annotations

import sys
import time

from ..phases import Checked
from ..roundtrip import OUTPUTS, carried, verify_site
from ..settings import Settings


def run_verify(settings: Settings, result: Checked) -> int:
    """Read ``settings.out`` back (the cards too, at ``settings.card_size``, when ``settings.cards``)."""
    g = result.guideline
    assert g is not None
    site, cards = settings.out, settings.cards
    if not site.is_dir():
        print(f"guidepress: {site} not found; run guidepress build first", file=sys.stderr)
        return 2
    if cards:
        try:
            import pdfplumber  # noqa: F401 - only checks that the cards can be read back
        except ImportError:
            print("guidepress: reading the cards back needs pdfplumber (pip install pdfplumber); "
                  "or pass --no-cards", file=sys.stderr)
            return 2
    started = time.perf_counter()
    lost = verify_site(g, site, cards=cards, size=settings.card_size)
    for output in OUTPUTS:
        if output not in lost:
            continue
        problems = lost[output]
        if problems:
            print(f"{output}: {len(problems)} missing")
            for problem in problems:
                print(f"  {problem}")
        else:
            print(f"{output}: all {len(carried(g, output))} items found")
    print(f"verified {site} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 1 if any(lost.values()) else 0
