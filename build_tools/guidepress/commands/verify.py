"""`guidepress verify`: does a built site/ carry everything the source says?

Reads the export, the site's HTML and the pocket cards back and lists, per
output, what is missing (the verify package). `guidepress build` refuses to
publish what this would find; here every output is read afresh, nothing is
taken from the cache. Exit 0: nothing lost; 1: something lost; 2: the site
or a tool to read it is missing.
"""

from __future__ import annotations

import sys
import time

from ..phases import Checked
from ..render.editions import edition_folder, translated_guideline
from ..settings import Settings
from ..verify import OUTPUTS, carried, verify_site


def run_verify(settings: Settings, result: Checked) -> int:
    """Read ``settings.out`` back (the cards too, when ``settings.cards``)."""
    g = result.guideline
    assert g is not None
    site, cards = settings.out, settings.cards
    if not site.is_dir():
        print(f"guidepress: {site} not found; run guidepress build first", file=sys.stderr)
        return 2
    if cards:
        try:
            import pypdfium2  # noqa: F401 - only checks that the cards can be read back
        except ImportError:
            print(
                "guidepress: reading the cards back needs pypdfium2 (pip install pypdfium2); or pass --no-cards",
                file=sys.stderr,
            )
            return 2
    started = time.perf_counter()
    # Each translation's site under its folder, read back against the translated model (render/editions.py).
    editions = [(g, site, "")] + [
        (translated_guideline(g, settings.root, lang), site / edition_folder(lang), f"{lang} ")
        for lang in g.translations
    ]
    failed = False
    for model, folder, label in editions:
        lost = verify_site(model, folder, cards=cards)
        for output in OUTPUTS:
            if output not in lost:
                continue
            problems = lost[output]
            if problems:
                print(f"{label}{output}: {len(problems)} missing")
                for problem in problems:
                    print(f"  {problem}")
            else:
                print(f"{label}{output}: all {len(carried(model, output))} items found")
        failed = failed or any(lost.values())
    print(f"verified {site} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 1 if failed else 0
