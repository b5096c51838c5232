"""The words guidepress prints for readers outside the templates, read from
``resources/wording.yml`` (package data): the site's navigation, the home
page's download labels, the site's description. The code names a wording by
its key; none of it is written in the code."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

_FILE = ("resources", "wording.yml")


@cache
def _wording() -> dict[str, Any]:
    data = yaml.safe_load(resources.files("guidepress").joinpath(*_FILE).read_text("utf-8"))
    assert isinstance(data, dict), "resources/wording.yml must be a mapping"
    return data


def wording(key: str, **fields: str) -> str:
    """The wording ``key`` ("nav.home", "downloads.chapter_cards"), its ``{field}`` s filled in from ``fields``."""
    found: Any = _wording()
    for part in key.split("."):
        found = found[part]
    if not isinstance(found, str):
        raise KeyError(f"resources/wording.yml: {key} is not a wording")
    return found.format(**fields) if fields else found
