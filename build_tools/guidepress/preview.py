"""What the MkDocs plugin keeps between the rebuilds of a live preview.

``guidepress serve`` (and ``mkdocs serve --dirty``) rebuilds after every
save. A full MkDocs build renders every page through Python-Markdown and
the theme (about 8 s at benchmark scale M); an editor who changed one
recommendation needs one page. So the plugin, kept alive across rebuilds
(it defines ``on_startup``), remembers:

- the files it parsed (load/memo.py): only edited files are parsed again;
- every file it generated: on the next build, MkDocs is told that exactly
  the files whose content differs are modified, and in a dirty build it
  renders only those pages.

Anything a page's HTML depends on besides its own Markdown — the
navigation, the set of files (links), the site settings from the model,
mkdocs.yml, docs_dir and the project's theme overrides — goes into a
*layout* fingerprint; when it changes every page is rebuilt (and the
output folder emptied first, so no page of a removed chapter lingers). A
failed build forgets everything, so the next one is whole again.

Material's search plugin merges a dirty build's entries into the previous
index by removing the entries under the rebuilt page's address. That is
right for one page at an address no other page lies under; for anything
else the plugin rebuilds every page and has search start a fresh index.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .load.memo import FileMemo


@dataclass
class Plan:
    """What one rebuild renders."""

    changed: frozenset[str]   # generated paths whose content differs from the last build
    whole: bool               # every page rebuilt (first build, layout change, several pages)
    reason: str


@dataclass
class Preview:
    dirty: bool
    memo: FileMemo = field(default_factory=FileMemo)
    pages_cache: dict[str, Any] = field(default_factory=dict)
    _published: dict[str, str | bytes] = field(default_factory=dict)
    _layout: str | None = None
    _pending: tuple[dict[str, str | bytes], str] | None = None

    def plan(self, generated: Mapping[str, str | bytes], pages: Iterable[str], layout: str,
             urls: Mapping[str, str]) -> Plan:
        """Which generated files changed since the last good build, and whether
        that allows rebuilding only them. ``pages``: the generated paths that
        are Markdown pages; ``urls``: every page's address (src path -> url)."""
        self._pending = (dict(generated), layout)
        if self._layout is None:
            return Plan(frozenset(generated), True, "first build")
        if layout != self._layout:
            return Plan(frozenset(generated), True, "navigation, settings or theme changed")
        changed = frozenset(p for p, content in generated.items() if self._published.get(p) != content)
        changed_pages = [p for p in pages if p in changed]
        if len(changed_pages) > 1:
            return Plan(changed, True, f"{len(changed_pages)} pages changed")
        if changed_pages:
            url = urls[changed_pages[0]]
            # Material drops the old index entries whose address starts with the page's.
            if any(other != changed_pages[0] and u.startswith(url) for other, u in urls.items()):
                return Plan(changed, True, f"{changed_pages[0]} holds other pages' addresses")
        return Plan(changed, False, "")

    def succeeded(self) -> None:
        if self._pending is not None:
            self._published, self._layout = self._pending
            self._pending = None

    def failed(self) -> None:
        self._published, self._layout, self._pending = {}, None, None


def layout_key(*, nav: Any, settings: Mapping[str, Any], paths: Iterable[str], watched: Iterable[Path]) -> str:
    """A fingerprint of everything every page's HTML depends on besides its own Markdown."""
    from .cache import digest_tree

    h = hashlib.sha256()
    h.update(json.dumps([nav, {k: str(v) for k, v in sorted(settings.items())}, sorted(paths)],
                        ensure_ascii=False, default=str).encode("utf-8"))
    h.update(digest_tree(*(p for p in watched if p.exists())).encode())
    return h.hexdigest()


class Session:
    """The builds ``mkdocs serve`` runs, without its HTTP server and file watcher.

    serve loads the configuration afresh for every build, points
    ``site_url`` at the local server and calls ``build`` (dirty for
    ``guidepress serve``); plugins with ``on_startup`` are kept between
    builds. The benchmark and the tests drive the same sequence through this.
    """

    def __init__(self, config_file: Path, site_dir: Path, *, dirty: bool = True,
                 serve_url: str = "http://127.0.0.1:8000/") -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.dirty = dirty
        self.serve_url = serve_url
        self._config().plugins.on_startup(command="serve", dirty=dirty)

    def _config(self) -> Any:
        from mkdocs.config import load_config

        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir))
        config.site_url = self.serve_url
        return config

    def build(self) -> None:
        """One rebuild, as after a save; raises what the build raises."""
        from mkdocs.commands.build import build

        build(self._config(), serve_url=self.serve_url, dirty=self.dirty)
