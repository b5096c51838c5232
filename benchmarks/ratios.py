"""The ratios the benchmark reports, each from figures measured in the same run, with its target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness import Result


@dataclass(frozen=True)
class Ratio:
    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    target: str
    limit: float
    higher_is_better: bool = False


RATIOS = (
    Ratio("check ÷ bare parsing (yaml.compose + bibtexparser)", ("check",), ("bare_yaml", "bare_bib"), "≤ 1.3", 1.3),
    Ratio(
        "check in one process ÷ bare parsing",
        ("check_serial",),
        ("bare_yaml", "bare_bib"),
        "(for reference)",
        float("inf"),
    ),
    Ratio("diff of two source folders ÷ check of one", ("diff",), ("check",), "< 1 at M", 1.0),
    Ratio("site build ÷ plain mkdocs build", ("site",), ("mkdocs_plain",), "≤ 1.15", 1.15),
    Ratio(
        "first site build (references not cached) ÷ plain mkdocs build",
        ("site_cold",),
        ("mkdocs_plain",),
        "(for reference)",
        float("inf"),
    ),
    Ratio("cards (all cores) ÷ one WeasyPrint call", ("cards",), ("cards_single",), "≤ 0.6", 0.6),
    Ratio("full build ÷ rebuild with no change", ("build_full",), ("rebuild",), "≥ 10", 10.0, higher_is_better=True),
    # An absolute target (seconds): no denominator.
    Ratio("preview after editing one recommendation (s)", ("preview_edit",), (), "< 1 s at M", 1.0),
    Ratio(
        "whole preview rebuild ÷ one-page preview rebuild",
        ("preview_edit_full",),
        ("preview_edit",),
        "(for reference)",
        float("inf"),
    ),
)


def ratios(results: dict[str, Result]) -> list[dict[str, Any]]:
    out = []
    for r in RATIOS:
        parts = [results.get(n) for n in r.numerator + r.denominator]
        if any(p is None or p.seconds is None for p in parts):
            continue
        num = sum(results[n].seconds or 0.0 for n in r.numerator)
        den = sum(results[n].seconds or 0.0 for n in r.denominator) if r.denominator else 1.0
        value = num / den if den else float("inf")
        ok: bool | None = value >= r.limit if r.higher_is_better else value <= r.limit
        if r.limit == float("inf"):
            ok = None  # shown for reference, no target
        out.append({"name": r.name, "value": round(value, 3), "target": r.target, "met": ok})
    return out
