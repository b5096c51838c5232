"""The date a release is published on, the same in every output that prints one.

The pocket cards print it and the exports carry it (guideline.json's
``guideline.date``, the FHIR Bundle's dates): the guideline's own ``date``
(guideline.yml) when the board gives one; else the day of
``SOURCE_DATE_EPOCH``, which a reproducible build fixes (so two builds of one
release agree); else today.
"""

from __future__ import annotations

import datetime as dt

from .model import Guideline


def publication_date(g: Guideline, epoch: str | None, today: dt.date | None = None) -> str:
    """``YYYY-MM-DD``; ``epoch`` is SOURCE_DATE_EPOCH's value (None: unset)."""
    if g.date:
        return g.date
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return (today or dt.date.today()).isoformat()
