"""The files the home page offers for download: their labels for readers and their sizes."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..messages import Messages
from ..model import Guideline
from . import addresses


@dataclass(frozen=True, slots=True)
class Download:
    path: str
    label: str
    size: int


#: The wording (resources/wording.yml) of each file the home page offers for download.
_DOWNLOADS = {
    "cards/guideline.pdf": "downloads.all_cards",
    addresses.EXPORT_JSON: "downloads.guideline_json",
    addresses.EXPORT_REFERENCES: "downloads.references_json",
    addresses.EXPORT_SCHEMA: "downloads.schema_json",
    addresses.EXPORT_FHIR: "downloads.fhir_json",
    addresses.EXPORT_CHANGES: "downloads.changes_json",
    addresses.EXPORT_CHANGES_SCHEMA: "downloads.changes_schema_json",
}


def download_label(g: Guideline, path: str, words: Messages) -> str:
    if path in _DOWNLOADS:
        return words.wording(_DOWNLOADS[path])
    if path == addresses.export_schema_for(g.id):
        return words.wording("downloads.guideline_schema_json")
    for chapter in g.chapters:
        if path == f"cards/{chapter.id}.pdf":
            return words.wording("downloads.chapter_cards", chapter=chapter.title)
    return posixpath.basename(path)
