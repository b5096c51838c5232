"""export/changes.json: what changed in this release, as a feed for downstream tools.

Made from the model's release status (release_status.py), as the "What's
new" page and the badges are: each new or changed recommendation with its
published address, what changed and each grade's step, and the removed ones
as they last read. Written only when guideline.yml names a previous
release; schemas/changes.schema.json describes it.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from ..model import Guideline
from . import addresses
from .export_release import change_document, release_document

FEED_VERSION = "1.0.0"
FEED_SCHEMA_ID = "https://guidepress.invalid/schemas/changes-1.0.0.schema.json"


def changes_document(g: Guideline, site_url: str | None) -> dict[str, Any] | None:
    """The feed, or None without a previous release."""
    if g.release is None:
        return None
    changed = []
    for chapter in g.chapters:
        for section in chapter.sections:
            for top in section.recommendations:
                for rec in top.walk():
                    if rec.change is None or rec.change.status == "unchanged":
                        continue
                    item: dict[str, Any] = {"id": rec.id}
                    if (url := addresses.recommendation_url(site_url, chapter, rec)) is not None:
                        item["url"] = url
                    item |= {"chapter": chapter.id, "section": section.id, "text": rec.text}
                    changed.append(item | change_document(rec.change))
    release = release_document(g.release)
    return {
        "$schema": FEED_SCHEMA_ID,
        "schema_version": FEED_VERSION,
        "guideline": g.id,
        "version": release["version"],
        "previous": release["previous"],
        "source": release["source"],
        "recommendations": changed,
        "removed": release["removed"],
    }


def feed_schema_bytes() -> bytes:
    return resources.files("guidepress.schemas").joinpath("changes.schema.json").read_bytes()
