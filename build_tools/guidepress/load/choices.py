"""The source format's kinds of value with a fixed set of values (load/schema.py reads them)."""

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
