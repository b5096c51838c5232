"""What a page says of the grades: the codes it prints (their meanings listed once), how many statements carry one."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Chapter, Code, GradingScheme, Guideline, Recommendation


def used_codes(g: Guideline, recs: Iterable[Recommendation]) -> list[tuple[GradingScheme, Code]]:
    """Every (scheme, code) graded on a page, in scheme and strength order."""
    used = {(gr.scheme, gr.code) for rec in recs for gr in rec.grades}
    return [(s, c) for s in g.schemes for c in s.codes if (s.id, c.code) in used]


def graded_count(chapter: Chapter) -> int:
    return sum(1 for rec in chapter.all_recommendations() if rec.grades)
