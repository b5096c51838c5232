"""A recommendation's mark against the previous release, in words (resources/wording.yml).

The chapter pages, the "What's new" page and the cards print the same mark,
made here from the status the build put into the model (release_status.py):
"new 2024.1", "changed 2024.1: AGO +/- → + (stronger); reworded", "since
2021.1" (NICE's ``[2015]``). It is text, so it reads without colour.
"""

from __future__ import annotations

from ..messages import Messages
from ..model import Guideline, Recommendation
from ..release_status import GradeStep

_DIRECTIONS = {"upgrade": "release.upgrade", "downgrade": "release.downgrade"}
_ASPECTS = {  # release_status.ASPECTS
    "renamed": "aspects.renamed",
    "moved": "aspects.moved",
    "reworded": "aspects.reworded",
    "condition": "aspects.condition",
    "kind": "aspects.kind",
    "references": "aspects.references",
    "footnotes": "aspects.footnotes",
    "details": "aspects.details",
}


def release_mark(words: Messages, g: Guideline, rec: Recommendation, *, unchanged: bool = True) -> str | None:
    """The mark of ``rec``; None without a previous release (or, with ``unchanged``
    false, for a recommendation that did not change)."""
    change, release = rec.change, g.release
    if change is None or release is None:
        return None
    if change.status == "new":
        return words.wording("release.new", version=release.version)
    if change.status == "unchanged":
        return words.wording("release.since", version=change.since or release.previous) if unchanged else None
    return words.wording("release.changed", version=release.version, what=what_changed(words, g, rec))


def reviewed_mark(words: Messages, rec: Recommendation) -> str | None:
    """ "reaffirmed 2024.1": the board re-examined it in that release and left it as it was."""
    return words.wording("release.reviewed", version=rec.reviewed) if rec.reviewed is not None else None


def what_changed(words: Messages, g: Guideline, rec: Recommendation) -> str:
    """The grade steps, then the other aspects, of a changed recommendation."""
    change = rec.change
    if change is None:
        return ""
    parts = [grade_step(words, g, step) for step in change.grades]
    parts += [words.wording(_ASPECTS[a], old_id=change.old_id or "") for a in change.aspects]
    return "; ".join(parts)


def grade_step(words: Messages, g: Guideline, step: GradeStep) -> str:
    scheme = g.scheme(step.scheme)
    none = words.wording("release.no_grade")
    text = words.wording(
        "release.grade",
        scheme=scheme.label if scheme is not None else step.scheme,
        old=step.old or none,
        new=step.new or none,
    )
    direction = _DIRECTIONS.get(step.direction)
    return words.wording(direction, step=text) if direction is not None else text
