"""The date presented as the guideline's, the same in every output that prints one.

It is the source's publication date (guideline.yml's ``date``) or nothing:
the exports carry it (guideline.json's ``guideline.date``, null without one;
the FHIR Bundle's dates) and the pocket cards print it. The day of the build
(SOURCE_DATE_EPOCH, today) is never presented as the guideline's date
(issue 18): a rebuild of an old release would otherwise look like a new one.
"""

from __future__ import annotations

from .model import Guideline


def publication_date(g: Guideline) -> str | None:
    """``YYYY-MM-DD`` as the source gives it, else None."""
    return g.date or None
