"""Pocket cards: the model -> Jinja2 HTML -> WeasyPrint -> PDF.

One card set (PDF) per chapter, ``cards/<chapter-id>.pdf``. A set is a
grading card (every scheme's codes and meanings), one card per section, and
a sources card, numbered "N/M" within the set. Every card's footer
carries the guideline's short name, version and date (the source's, never
the build's), the card's number, the grade key and the QR code. A section longer
than a card continues on the next with its title repeated and marked
"continued" (CSS page groups: the first page of a section shows the full
header, later pages a running "continued" header).

``cards/guideline.pdf`` is every chapter's deck in one file, for printing
(join.py). With one chapter it is that chapter's layout written under the
all-chapters title.

``render_cards`` is pure: it reads the model and the templates and returns
PDF bytes; the same input gives byte-identical output (fixed PDF dates from
SOURCE_DATE_EPOCH, PDF identifiers derived from the content).

view.py       what each card prints, from the model
markers.py    trial-table markers ("*1,2") resolved to short citations
footer.py     the running footer's height, from what it prints
layout.py     card sizes, templates, WeasyPrint HTML -> tagged PDF (PDF/UA-1)
retitle.py    one layout written under several titles, painted once
join.py       the all-chapters file: card sets joined with pypdf
structure.py  the joined file's structure tree, from the sets' trees
jobs.py       one layout job per chapter, on a process pool, with the cache
"""

from __future__ import annotations

from .jobs import render_cards
from .layout import MIN_FONT_PT, SIZES, TEMPLATES, CardSize, card_environment, card_set_html, html_to_pdfs
from .view import card_date, inline

__all__ = [
    "MIN_FONT_PT",
    "SIZES",
    "TEMPLATES",
    "CardSize",
    "card_date",
    "card_environment",
    "card_set_html",
    "html_to_pdfs",
    "inline",
    "render_cards",
]
