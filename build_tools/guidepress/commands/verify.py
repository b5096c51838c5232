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

from ..audiences import editions
from ..phases import Checked
from ..render.editions import edition_folder, translated_guideline
from ..render.patient_view import patient_views
from ..settings import Settings
from ..verify import OUTPUTS, carried, patient_text_count, verify_site


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
    sites = [(g, site, "")] + [
        (translated_guideline(g, lang), site / edition_folder(lang), f"{lang} ") for lang in editions(g)
    ]
    failed = False
    for model, folder, label in sites:
        views = patient_views(model)
        lost = verify_site(model, folder, cards=cards, views=views)
        for output in (*OUTPUTS, "patients"):
            if output not in lost:
                continue
            problems = lost[output]
            if problems:
                print(f"{label}{output}: {len(problems)} missing")
                for problem in problems:
                    print(f"  {problem}")
            else:
                count = patient_text_count(views) if output == "patients" else len(carried(model, output))
                print(f"{label}{output}: all {count} items found")
        failed = failed or any(lost.values())
    print(f"verified {site} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 1 if failed else 0
