"""What the export says about releases: each recommendation's editorial status, review and
change against the previous release, and the release's removed recommendations.

Every key is optional (docs/export.md, 1.2.0): a guideline without a previous
release, drafts or reviews exports what it did before they existed.
"""

from __future__ import annotations

from typing import Any

from ..model import Recommendation
from ..release_status import RecStatus, Release


def release_keys(rec: Recommendation) -> dict[str, Any]:
    """The recommendation's ``status`` (draft or consultation; absent: published), ``reviewed`` and ``change``."""
    out: dict[str, Any] = {}
    if rec.editorial is not None:
        out["status"] = rec.editorial
    if rec.reviewed is not None:
        out["reviewed"] = rec.reviewed
    if rec.change is not None:
        out["change"] = change_document(rec.change)
    return out


def change_document(change: RecStatus) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": change.status,
        "aspects": list(change.aspects),
        "grades": [{"scheme": s.scheme, "old": s.old, "new": s.new, "direction": s.direction} for s in change.grades],
    }
    if change.old_id is not None:
        out["old_id"] = change.old_id
    if change.since is not None:
        out["since"] = change.since
    return out


def release_document(release: Release) -> dict[str, Any]:
    return {
        "version": release.version,
        "previous": release.previous,
        "source": release.source,
        "removed": [
            {
                "id": r.id,
                "chapter": r.chapter,
                "section": r.section,
                "text": r.text,
                "condition": r.condition,
                "grades": dict(r.grades),
            }
            for r in release.removed
        ],
    }
