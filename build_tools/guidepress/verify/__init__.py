"""Round trip: nothing in the source is lost on the way out.

``carried(g, output)`` lists what each output must carry, each item with a
typed locator (carried.py). One reader per output reads what was written
and returns, in plain words, what is missing:

- ``missing_in_export(g, doc)``: the parsed ``export/guideline.json`` (export.py);
- ``missing_in_html(g, site_dir)``: the built site's pages (site.py, on the
  small tree of html.py);
- ``missing_on_patient_pages(g, views, site_dir)``: the audiences' pages
  (render/patient_view.py), each plain text linked to its recommendation (patients.py);
- ``missing_in_cards(g, pages, chapters)``: the words of one card set
  (``card_pages(pdf)``, pdfwords.py), read with the layout its pages show
  (cards.py, cardlayout.py), with no word of the template's and no size.

``verify_site`` runs them all on a built site; ``guidepress build`` refuses
to publish when anything is missing, and ``guidepress verify`` lists it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..cache import Cache
from ..model import Guideline
from ..render.patient_view import PatientView
from .card_sets import CARD_CHECK, card_set_problems
from .cards import card_texts, missing_in_cards
from .carried import OUTPUTS, Item, carried
from .compare import norm, squash
from .export import missing_in_export
from .html import Node, parse_html
from .patients import missing_on_patient_pages, patient_text_count
from .pdfwords import CardPage, card_pages
from .site import missing_in_html

__all__ = [
    "CARD_CHECK",
    "OUTPUTS",
    "CardPage",
    "Item",
    "Node",
    "RoundTripError",
    "card_pages",
    "card_texts",
    "carried",
    "missing_in_cards",
    "missing_in_export",
    "missing_in_html",
    "norm",
    "parse_html",
    "patient_text_count",
    "squash",
    "verify_site",
]


class RoundTripError(Exception):
    """An output lost source content; ``lost`` maps output -> what is missing."""

    def __init__(self, lost: Mapping[str, list[str]]) -> None:
        self.lost = {k: v for k, v in lost.items() if v}
        super().__init__("; ".join(f"{k}: {len(v)} missing" for k, v in self.lost.items()))


def verify_site(
    g: Guideline,
    site_dir: Path,
    *,
    cards: bool = True,
    cache: Cache | None = None,
    views: Sequence[PatientView] = (),
) -> dict[str, list[str]]:
    """Output name -> what it lacks, for a built ``site_dir``. With a
    ``cache``, each card set's verdict is kept with it (card_sets.py);
    with ``views``, the site's patient pages are read too ("patients")."""
    out: dict[str, list[str]] = {}
    export = site_dir / "export" / "guideline.json"
    if export.is_file():
        out["export"] = missing_in_export(g, json.loads(export.read_text("utf-8")))
    else:
        out["export"] = [f"{export} not found"]
    out["html"] = missing_in_html(g, site_dir)
    if views:
        out["patients"] = missing_on_patient_pages(g, views, site_dir)
    if cards:
        out["cards"] = card_set_problems(g, site_dir, cache)
    return out
