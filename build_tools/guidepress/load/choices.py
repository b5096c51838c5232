"""The source format's kinds of value in words, and those with a fixed set of values (load/schema.py reads them)."""

from __future__ import annotations

TONES = ("strong-for", "for", "neutral", "against", "strong-against")
SEVERITIES = ("error", "warning")
EDITORIAL_STATUSES = ("draft", "consultation")  # a recommendation's `status:` before it is published

# Each kind: its values, the kind in words, what to write instead (for the message of a wrong value).
CHOICES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "tone": (TONES, "a tone", "one of " + ", ".join(TONES)),
    "severity": (SEVERITIES, "a severity", " or ".join(SEVERITIES)),
    "editorial_status": (EDITORIAL_STATUSES, "a status", " or ".join(EDITORIAL_STATUSES) + " (or none: published)"),
}

# Each kind in words, for the message of a value of the wrong type.
KIND_WORDS = {
    "text": "text",
    "slug": "an id (lower-case letters, digits and hyphens)",
    "bool": "true or false",
    "date": "a date YYYY-MM-DD",
    "language": "a BCP 47 language tag (en, de, de-CH)",
    **{kind: "one of " + ", ".join(choices) for kind, (choices, _, _) in CHOICES.items()},
    "url": "a URL starting with https:// or http://",
    "map:text": "a mapping",
    "rows": "a list of rows, each a list of cells",
}
