"""Reading the few settings guidepress needs from the project's ``mkdocs.yml``.

``mkdocs.yml`` may carry MkDocs' own YAML tags (``!ENV``, ``!relative``,
``!!python/name:...``); a plain ``yaml.safe_load`` fails on them. The loader
here resolves ``!ENV`` like MkDocs does and reads every other unknown tag as
None, so only the plain settings we ask for matter.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that never fails on a tag it does not know."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV VAR`` / ``!ENV [VAR, OTHER, default]``."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = [str(i) for i in items[:-1]], items[-1] if len(items) > 1 else None
        if len(items) == 1:
            names = [str(items[0])]
    else:
        return None
    for name in names:
        if (value := os.environ.get(str(name))) is not None:
            return value
    return default


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("", _unknown)


def load_mkdocs_config(root: Path) -> dict[str, Any] | None:
    """The parsed ``root/mkdocs.yml``; None when it does not exist or is not a mapping."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506 - safe subclass
    return data if isinstance(data, dict) else None


def site_url(root: Path) -> str | None:
    """``site_url`` from ``root/mkdocs.yml``, always ending in "/"; None when unset."""
    config = load_mkdocs_config(root)
    if not config:
        return None
    url = config.get("site_url")
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    return url if url.endswith("/") else url + "/"
