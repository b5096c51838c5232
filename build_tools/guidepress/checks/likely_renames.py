"""GP237: a new recommendation that looks like a removed one renamed without ``replaces``.

Only with a ``previous_release`` in guideline.yml: a recommendation of that
release whose id is gone, and a new one with the same text or at the same
place (section and index), are what ``guidepress diff`` names a possible
rename. Without ``replaces: <old id>`` the old id is reported removed (the
"What's new" page lists it so) and the new one new, which is right only if
the board meant it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import WARNING, Code, Diagnostic, Example
from ..model import Guideline

LIKELY_RENAME = Code(
    "GP237",
    WARNING,
    "a new recommendation looks like a removed one renamed",
    example=Example(
        None,
        "$ guidepress check\nsource/chapters/liver.yml:12:9: warning GP237 'liver-ablation' is new and "
        "'liver-rfa' of 2023.1 is gone, with the same text: if it is one recommendation renamed, declare "
        "`replaces: liver-rfa` on 'liver-ablation'; else 'liver-rfa' is reported removed",
    ),
    fix="declare `replaces: <old id>` on the new recommendation if the board renamed it; otherwise nothing",
)
CODES = (LIKELY_RENAME,)


def check(g: Guideline) -> Iterator[Diagnostic]:
    if g.release is None:
        return
    recs = {r.id: r for r in g.all_recommendations()}
    for hint in g.release.possible_renames:
        rec = recs.get(hint.new_id)
        if rec is None:
            continue  # left out of this (published) model
        yield LIKELY_RENAME.at(
            rec.pos,
            f"'{hint.new_id}' is new and '{hint.old_id}' of {g.release.previous} is gone, with the {hint.reason}: "
            f"if it is one recommendation renamed, declare `replaces: {hint.old_id}` on '{hint.new_id}'; "
            f"else '{hint.old_id}' is reported removed",
        )
