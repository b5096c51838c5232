"""GP234/GP235/GP236: how long a recommendation may stand without the board looking at it.

``review_interval: N`` in guideline.yml allows N releases. A recommendation
was last looked at in the release that last changed it (or added it) or the
one its ``reviewed:`` names, whichever is later; counting needs the release
history, so the warnings come only when guideline.yml names a
``previous_release`` (the releases before it are the project's older git
tags, release_status.Release.history).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, WARNING, Code, Diagnostic, Example
from ..examples import guideline
from ..model import Guideline, Recommendation

_GUIDELINE = guideline(version="2024.1")
BAD_INTERVAL = Code(
    "GP234",
    ERROR,
    "`review_interval` is not a whole number of releases",
    example=Example("source/guideline.yml", _GUIDELINE + "review_interval: yearly\n"),
    fix="give the number of releases a recommendation may stand without review, e.g. `review_interval: 3`",
)
REVIEW_DUE = Code(
    "GP235",
    WARNING,
    "recommendation not reviewed for more releases than `review_interval` allows",
    example=Example(
        None,
        "$ guidepress check\nsource/chapters/liver.yml:9:9: warning GP235 'liver-resection' was last changed or "
        "reviewed in 2021.1, 3 releases ago; review_interval allows 2: have the board re-examine it and record "
        "`reviewed: 2024.1`, or change it",
    ),
    fix="have the board re-examine the recommendation and record `reviewed: <this version>` on it",
)
UNKNOWN_REVIEW = Code(
    "GP236",
    WARNING,
    "`reviewed` names a version that is not a release of the guideline",
    example=Example(
        None,
        "$ guidepress check\nsource/chapters/liver.yml:10:19: warning GP236 'liver-resection' is reviewed in "
        "'2042.1', which is not a release of this guideline (its releases: 2023.1, 2024.1); name one of them",
    ),
    fix="name the version of the release whose board re-examined it (this release's, or an earlier tagged one)",
)
CODES = (BAD_INTERVAL, REVIEW_DUE, UNKNOWN_REVIEW)


def check(g: Guideline) -> Iterator[Diagnostic]:
    interval = _interval(g.review_interval)
    if g.review_interval is not None and interval is None:
        yield BAD_INTERVAL.at(
            g.review_interval_pos, f"review_interval '{g.review_interval}' is not a whole number; {BAD_INTERVAL.fix}"
        )
    if g.release is None:
        return
    releases = (*g.release.history, g.version)
    for rec in g.all_recommendations():
        if rec.reviewed is not None and rec.reviewed not in releases:
            yield UNKNOWN_REVIEW.at(
                rec.pos,
                f"'{rec.id}' is reviewed in '{rec.reviewed}', which is not a release of this guideline "
                f"(its releases: {', '.join(releases)}); name one of them",
            )
        if interval is None:
            continue
        looked = _last_looked_at(rec, releases)
        if looked is not None and len(releases) - 1 - releases.index(looked) > interval:
            ago = len(releases) - 1 - releases.index(looked)
            yield REVIEW_DUE.at(
                rec.pos,
                f"'{rec.id}' was last changed or reviewed in {looked}, {ago} releases ago; review_interval "
                f"allows {interval}: have the board re-examine it and record `reviewed: {g.version}`, or change it",
            )


def _interval(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() and text.isascii() else None


def _last_looked_at(rec: Recommendation, releases: tuple[str, ...]) -> str | None:
    """The later of the release that last changed ``rec`` and the one it was reviewed in."""
    change = rec.change
    if change is None:
        return None
    changed = change.since if change.status == "unchanged" else releases[-1]
    known = [v for v in (changed, rec.reviewed) if v is not None and v in releases]
    return max(known, key=releases.index) if known else None
