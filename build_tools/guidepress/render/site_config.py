"""The site settings that come from the model, for any engine.

site_name, copyright, language and navigation are facts of the guideline
(source/guideline.yml), so mkdocs.yml does not repeat them: both the MkDocs
plugin and the Zensical runner apply them here.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from ..model import Guideline


def apply_model_settings(config: MutableMapping[str, Any], g: Guideline, nav: list[Any]) -> None:
    config["site_name"] = g.short_title or g.title
    config["site_description"] = f"{g.title}, version {g.version}"
    if g.copyright:
        config["copyright"] = f"{g.copyright} · {g.short_title or g.title} {g.version}"
    config["nav"] = nav
    config["theme"]["language"] = g.language
