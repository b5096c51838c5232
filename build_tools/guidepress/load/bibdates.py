"""A BibTeX entry's date as printed: ``month`` (one month, a range, a season),
``day``, or biblatex's ISO ``date``, each read into one canonical form.

The canonical forms (what the model holds and render/csl.py reads):
``month`` "7" or "7-8" (a range, as "Jul-Aug" or ``jul # "-" # aug``) or a
season word ("Spring", "Summer", "Autumn", "Fall", "Winter"); ``day`` "19" or
"1-2"; ``date`` "YYYY[-MM[-DD]]" or two of them joined by "/" (a range).
"""

from __future__ import annotations

import re

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NUMBERS = {name: i for i, m in enumerate(_MONTHS, 1) for name in (m, m[:3], m[:4])}
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
_RANGE = re.compile(r"\s*[-–/]\s*")
_ISO = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
_DATE = re.compile(f"{_ISO}(?:/{_ISO})?")


def _month_number(word: str) -> int | None:
    word = word.strip().rstrip(".").lower()
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    return _MONTH_NUMBERS.get(word)


def month(text: str) -> tuple[str | None, str | None]:
    """The canonical month of ``text``, or None and what to change."""
    if text.strip().lower() in SEASONS:
        return text.strip().capitalize(), None
    numbers = [_month_number(part) for part in _RANGE.split(text.strip())]
    if 1 <= len(numbers) <= 2 and all(numbers):
        return "-".join(str(n) for n in numbers), None
    return None, (
        f"month '{text}' cannot be read and is not published; write jan ... dec (or a number 1-12), "
        'a range such as jul # "-" # aug or {Jul-Aug}, or a season such as {Spring}'
    )


def day(text: str) -> tuple[str | None, str | None]:
    """The canonical day (or range of days) of ``text``, or None and what to change."""
    parts = _RANGE.split(text.strip())
    if 1 <= len(parts) <= 2 and all(p.isdigit() and 1 <= int(p) <= 31 for p in parts):
        return "-".join(str(int(p)) for p in parts), None
    return None, f"day '{text}' cannot be read and is not published; write the day of the month as a number, such as 19"


def iso_date(text: str) -> tuple[str | None, str | None]:
    """``text`` when it is biblatex's ISO date (or range), or None and what to change."""
    if _DATE.fullmatch(text.strip()):
        return text.strip(), None
    return None, (
        f"date '{text}' cannot be read and is not published; write YYYY, YYYY-MM or YYYY-MM-DD, "
        "or a range of two joined by '/' (2016-07/2016-08)"
    )
